"""The ladder of thresholds (``site.yml``'s ``thresholds``) and the rungs that actions and relationship levels name.

| code | problem |
| ---- | ------- |
| E062 | an action's ``threshold`` is not a rung of the ladder |
| E063 | two rungs have the same id or words (the relationship check reports repeated behaviour and touchpoint ids under it too) |
| E064 | a level's ``threshold`` is not a rung of the ladder (the relationship check reports unknown levels under it too) |
| W063 | a higher level has reached a lower rung than the level below it |
"""

from __future__ import annotations

from generator.check.references import repeated
from generator.diagnostics import Diagnostic, Severity
from generator.load import Content, Located
from generator.load.models import Relationship, Site, Threshold
from generator.load.validation import did_you_mean


def check_thresholds(content: Content) -> list[Diagnostic]:
    if content.site is None:
        return []
    rungs = list(content.site.model.ladder)
    problems = _repeated_rungs(content.site) + [problem for located in content.actions.values() for problem in _action_rung(located, rungs, content.site.model)]
    if content.relationship is not None:
        problems += _level_rungs(content.relationship, rungs, content.site.model)
    return problems


def _repeated_rungs(site: Located[Site]) -> list[Diagnostic]:
    """An action names its rung by id or by words, so each must mean one rung; two rungs in the same words would be one step to prospects too."""
    rungs = site.model.thresholds
    return [
        site.diagnostic(
            "E063", f"The threshold {field} `{getattr(rungs[index], field)}` {verb} already used by threshold {earlier + 1}; give each threshold its own {field}.", "thresholds", index, field
        )
        for field, verb in (("id", "is"), ("words", "are"))
        for index, earlier in repeated(getattr(rung, field) for rung in rungs)
    ]


def _action_rung(located: Located, rungs: list[Threshold], site: Site) -> list[Diagnostic]:
    """The rung says which step of the relationship the action asks for; the loader has read a rung's exact words as its id."""
    written = located.model.threshold
    if any(rung.id == written for rung in rungs):
        return []
    return [
        located.diagnostic(
            "E062",
            f"The threshold `{written}` is not on the ladder.{did_you_mean(written, [rung.id for rung in rungs] + [rung.words for rung in rungs])} "
            f"Write the id of one of {_ladder_name(site)}: {_listing(rungs)}.",
            "threshold",
        )
    ]


def _level_rungs(located: Located[Relationship], rungs: list[Threshold], site: Site) -> list[Diagnostic]:
    """Each level's rung must exist, and a level higher up the stair-step has gone at least as far up the ladder."""
    places = {rung.id: index for index, rung in enumerate(rungs)}
    problems: list[Diagnostic] = []
    highest: tuple[int, str] | None = None
    for index, level in enumerate(located.model.levels):
        if level.threshold is None:
            continue
        if level.threshold not in places:
            problems.append(
                located.diagnostic(
                    "E064",
                    f"The level `{level.id}` names the threshold `{level.threshold}`, which is not on the ladder.{did_you_mean(level.threshold, places)} "
                    f"Write the id of the furthest step customers at this level take, one of {_ladder_name(site)}: {_listing(rungs)}.",
                    "levels",
                    index,
                    "threshold",
                )
            )
            continue
        if highest is not None and places[level.threshold] < highest[0]:
            problems.append(
                located.diagnostic(
                    "W063",
                    f"The level `{level.id}` has reached the threshold `{level.threshold}`, lower than `{rungs[highest[0]].id}`, which the level `{highest[1]}` "
                    "below it has reached. Levels are listed lowest first, so write a threshold at least as high, or put the levels in order.",
                    "levels",
                    index,
                    "threshold",
                    severity=Severity.WARNING,
                )
            )
        else:
            highest = (places[level.threshold], level.id)
    return problems


def _ladder_name(site: Site) -> str:
    return "site.yml's thresholds" if site.thresholds else "the default thresholds (site.yml lists none of its own)"


def _listing(rungs: list[Threshold]) -> str:
    return ", ".join(f"{rung.id} ({rung.words})" for rung in rungs)
