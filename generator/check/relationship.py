"""The relationship assessment (``relationship.yml``): its levels and questions must make a worksheet, and the
behaviours, pyramid and touchpoints must name what exists and be told apart in the answers.

| code | problem |
| ---- | ------- |
| E060 | two levels have the same id |
| E061 | no question is answered by ticking a level |
| E063 | two behaviours, or two touchpoints, have the same id |
| E064 | a behaviour or the pyramid names a level that does not exist |
| E068 | the pyramid's levels do not rise from satisfied to committed to advocate |
| E069 | a touchpoint's id is the name of another answer (``today``, ``moment``…), or another touchpoint's leader column (``calls-leader``) |
| W061 | only one question is answered by ticking a level: nobody says where they would like the relationship to be |
| W062 | the assessment page has no e-mail address to send the answers to |

Its ``action`` is an id like any other, checked with the other references (E020); the levels' thresholds are
checked with the ladder (``generator/check/thresholds.py``).
"""

from __future__ import annotations

from generator.check.references import repeated
from generator.diagnostics import Diagnostic, Severity
from generator.load import Content, Located
from generator.load.models import ANSWER_KEYS, Relationship
from generator.load.validation import did_you_mean

PYRAMID = ("satisfied", "committed", "advocate")


def check_relationship(content: Content) -> list[Diagnostic]:
    located = content.relationship
    if located is None:
        return []
    footer = content.site.model.footer if content.site else None
    return (
        _duplicate_levels(located)
        + _answered_with_a_level(located)
        + _duplicate_ids(located, "behaviours", "behaviour")
        + _behaviour_levels(located)
        + _pyramid(located)
        + _duplicate_ids(located, "touchpoints", "touchpoint")
        + _touchpoints_apart_from_answers(located)
        + _somewhere_to_send(located, bool(footer and footer.email))
    )


def _duplicate_levels(located: Located[Relationship]) -> list[Diagnostic]:
    """A level's id names the box a person ticks, so each must mean one step."""
    levels = located.model.levels
    return [
        located.diagnostic("E060", f"The level id `{levels[index].id}` is already used by level {earlier + 1}; give each level its own id.", "levels", index, "id")
        for index, earlier in repeated(level.id for level in levels)
    ]


def _answered_with_a_level(located: Located[Relationship]) -> list[Diagnostic]:
    """Without a question answered on the levels, the stair-step is only a picture: nobody places the relationship on it;
    with one only, people say where it is today but not where they would like it."""
    on_levels = sum(question.answer == "level" for question in located.model.questions)
    if on_levels == 0:
        return [
            located.diagnostic(
                "E061",
                "No question is answered by ticking a level, so the levels would only be a picture. Add `answer: level` to the questions "
                "that ask where the relationship is today and where the person would like it to be.",
                "questions",
            )
        ]
    if on_levels == 1:
        return [
            located.diagnostic(
                "W061",
                "Only one question is answered by ticking a level, so people say where the relationship is today but not where they would like it: "
                "the assessment page asks for no desired level, and `decide relationship report` cannot use its answers, since each needs one. Add a second question with `answer: level`, "
                "e.g. `- text: Where would you like it to be?` and `answer: level`.",
                "questions",
                severity=Severity.WARNING,
            )
        ]
    return []


def _duplicate_ids(located: Located[Relationship], field: str, noun: str) -> list[Diagnostic]:
    """A behaviour's id names it in ``--seen`` and the report's JSON, a touchpoint's names its column of ratings: each must mean one."""
    entries = getattr(located.model, field)
    return [
        located.diagnostic("E063", f"The {noun} id `{entries[index].id}` is already used by {noun} {earlier + 1}; give each {noun} its own id.", field, index, "id")
        for index, earlier in repeated(entry.id for entry in entries)
    ]


def _behaviour_levels(located: Located[Relationship]) -> list[Diagnostic]:
    return [
        problem
        for index, behaviour in enumerate(located.model.behaviours)
        for problem in _unknown_level(located, behaviour.level, f"The behaviour `{behaviour.id}`", "behaviours", index, "level")
    ]


def _pyramid(located: Located[Relationship]) -> list[Diagnostic]:
    """Satisfied, committed and advocate are ever more of the customer's needs met, so their levels rise."""
    pyramid = located.model.pyramid
    if pyramid is None:
        return []
    unknown = [problem for tier in PYRAMID for problem in _unknown_level(located, getattr(pyramid, tier), f"The pyramid's `{tier}`", "pyramid", tier)]
    if unknown:
        return unknown
    steps = {level.id: index + 1 for index, level in enumerate(located.model.levels)}
    for lower, higher in zip(PYRAMID, PYRAMID[1:], strict=False):
        if steps[getattr(pyramid, higher)] <= steps[getattr(pyramid, lower)]:
            return [
                located.diagnostic(
                    "E068",
                    f"The pyramid's `{higher}` level (`{getattr(pyramid, higher)}`, step {steps[getattr(pyramid, higher)]}) must be higher than its `{lower}` level "
                    f"(`{getattr(pyramid, lower)}`, step {steps[getattr(pyramid, lower)]}): each meets more of the customer's needs. "
                    "Write levels that rise from satisfied to committed to advocate, in the order of `levels`.",
                    "pyramid",
                    higher,
                )
            ]
    return []


def _unknown_level(located: Located[Relationship], level_id: str, who: str, *field: str | int) -> list[Diagnostic]:
    levels = [level.id for level in located.model.levels]
    if level_id in levels:
        return []
    return [
        located.diagnostic(
            "E064", f"{who} names the level `{level_id}`, which is not one of the levels.{did_you_mean(level_id, levels)} Write one of: {', '.join(levels)}.", *field
        )
    ]


def _touchpoints_apart_from_answers(located: Located[Relationship]) -> list[Diagnostic]:
    """An answer file has one column per touchpoint id, and one for the leader's rating of it, beside the other
    answers: an id taken by another answer, or by another touchpoint's leader column (``calls-leader`` beside
    ``calls``: headers and link keys are matched with hyphens and underscores alike), would make its column mean two things."""
    touchpoints = located.model.touchpoints
    ids = {touchpoint.id for touchpoint in touchpoints}
    found = []
    for index, touchpoint in enumerate(touchpoints):
        rated = touchpoint.id.removesuffix("-leader")
        if touchpoint.id in ANSWER_KEYS:
            taken = f"is also the name of an answer ({', '.join(ANSWER_KEYS)})"
        elif rated != touchpoint.id and rated in ids:
            taken = f"is also the column of the leading competitor's rating of the touchpoint `{rated}` (`{rated}_leader`)"
        else:
            continue
        found.append(
            located.diagnostic(
                "E069",
                f"The touchpoint id `{touchpoint.id}` {taken}, so answer files could not tell its ratings apart. "
                f"Give it its own id, e.g. `- id: {touchpoint.id}-touchpoint` with `name: {touchpoint.name}` under it.",
                "touchpoints",
                index,
            )
        )
    return found


def _somewhere_to_send(located: Located[Relationship], footer_email: bool) -> list[Diagnostic]:
    """The assessment page sends each person's answers by e-mail; without an address its button has nowhere to send them."""
    if located.model.email or footer_email:
        return []
    return [
        located.diagnostic(
            "W062",
            "The assessment page has no e-mail address to send the answers to, so people can only print it. Add `email: accounts@example.com` "
            "(your own address) to relationship.yml, or an `email` to the footer in site.yml.",
            severity=Severity.WARNING,
        )
    ]
