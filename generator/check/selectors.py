"""Selectors: their ids and bands must hold together, and every offering and question must count.

| code | problem |
| ---- | ------- |
| E040 | an answer scores or excludes an offering that is not among the selector's ``offerings`` |
| E041 | two questions of a selector have the same id |
| E042 | two answers of a question have the same id |
| E043 | a number question's bands are out of order, or do not reach its ``max`` |
| E044 | a question has more answers than a visitor can weigh: over 30 for ``one``, over 12 for ``many`` |
| W040 | no combination of answers recommends an offering of the selector |
| W041 | no answer to a question ever changes the recommendation |
| W042 | a selector has too many combinations of answers (or of answers and offerings) to check W040 and W041 |

Unknown offering and action ids are E020, as everywhere, and are checked on the
selector as written, so a selector with a schema error still has its ids checked.
W040 and W041 are exact: every combination of answers is tried (see
``compute.selector.reach``), once the selector has no errors and every offering it
chooses between has loaded. A selector with schema errors still has its question
and answer ids checked as written (E041, E042), E043 and E044 in each question
that validates, and E043 in the bands of one that does not, so one run shows
them all.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.references import References, repeated
from generator.compute.selector import MAX_COMBINATIONS, MAX_TOTALS, SelectorRule, combinations, reach, rule_of
from generator.diagnostics import Diagnostic, Severity
from generator.load import Content, Located
from generator.load.content import Written
from generator.load.models import Selector, SelectorBand, SelectorQuestion, SelectorScoring
from generator.load.source import FieldPath
from generator.load.validation import valid_items

Place = Located[Selector] | Written
"""A selector that validated, or one as written whose questions are checked one by one."""


def check_selectors(content: Content) -> list[Diagnostic]:
    references = References(content)
    for entry in content.written:
        if entry.kind == "selectors" and isinstance(entry.value, dict):
            _check_ids(references, entry)
    unknown_ids = {problem.file for problem in references.problems if problem.severity is Severity.ERROR}
    problems = list(references.problems)
    for located in content.selectors.values():
        errors = _unlisted_offerings(content, located) + _duplicate_ids(located, [question.id for question in located.model.questions]) + _questions(located)
        problems += errors
        if not errors and located.source.relative not in unknown_ids and _offerings_known(content, located.model):
            problems += _reach(content, located)
    for entry in content.unvalidated("selectors"):
        problems += _check_parts(entry)
    return problems


def _written_id(value: object) -> str | None:
    """The id of a question or answer as written; None when it has none a visitor could share."""
    identifier = value.get("id") if isinstance(value, dict) else None
    return identifier if isinstance(identifier, str) else None


def _offerings_known(content: Content, selector: Selector) -> bool:
    """Whether every offering the selector chooses between loaded: what one that did not would score is unknown."""
    chosen = set(selector.offerings) if selector.offerings is not None else content.ids_on_disk.get("offerings", set())
    return chosen <= set(content.offerings)


def _check_parts(entry: Written) -> list[Diagnostic]:
    """A selector with schema errors still has its question and answer ids checked as written (E041, E042),
    each question that validates checked whole (E043, E044), and the bands of one that does not, when they validate."""
    value = entry.value if isinstance(entry.value, dict) else {}
    written = value.get("questions")
    questions = written if isinstance(written, list) else []
    valid = dict(valid_items(SelectorQuestion, questions))
    problems = _duplicate_ids(entry, [_written_id(question) for question in questions])
    for index, question in enumerate(questions):
        if index in valid:
            problems += _question_problems(entry, index, valid[index])
        elif isinstance(question, dict):
            answers = question.get("answers")
            problems += _duplicate_answers(entry, index, question.get("id"), [_written_id(answer) for answer in answers] if isinstance(answers, list) else [])
            bands = question.get("bands")
            checked = valid_items(SelectorBand, bands)
            maximum = question.get("max")
            if isinstance(bands, list) and len(checked) == len(bands) and (maximum is None or isinstance(maximum, (int, float))):
                problems += _question_bands(entry, index, [band for _, band in checked], maximum)
    return problems


def _check_ids(references: References, entry: Written) -> None:
    """Every offering and action id the selector names must exist (E020), and ``offerings`` must not repeat one (W002)."""
    references.ids(entry, "offerings", "offerings")
    references.ids(entry, "fallback_action", "actions")
    for scoring in _written_scorings(entry):
        references.ids(scoring, "excludes", "offerings")
        scores = scoring.value.get("scores") if isinstance(scoring.value, dict) else None
        for offering_id in scores if isinstance(scores, dict) else ():
            if isinstance(offering_id, str):
                references.exists(scoring, "offerings", offering_id, "scores", offering_id)


def _written_scorings(entry: Written) -> Iterator[Written]:
    """Each answer and band as written, wherever it sits in the file."""
    questions = entry.value.get("questions") if isinstance(entry.value, dict) else None
    for index, question in enumerate(questions if isinstance(questions, list) else []):
        for group in ("answers", "bands"):
            listed = question.get(group) if isinstance(question, dict) else None
            for position, value in enumerate(listed if isinstance(listed, list) else []):
                if isinstance(value, dict):
                    yield Written(entry.kind, entry.source, entry.path + ("questions", index, group, position), value)


def _scorings(selector: Selector) -> Iterator[tuple[FieldPath, SelectorScoring]]:
    for index, question in enumerate(selector.questions):
        for group, listed in (("answers", question.answers), ("bands", question.bands)):
            for position, scoring in enumerate(listed):
                yield ("questions", index, group, position), scoring


def _unlisted_offerings(content: Content, located: Located[Selector]) -> list[Diagnostic]:
    """Points for an existing offering the selector does not choose between would count for nothing."""
    listed = located.model.offerings
    if listed is None:
        return []
    problems = []
    for path, scoring in _scorings(located.model):
        named = [("scores", offering_id, offering_id) for offering_id in scoring.scores] + [("excludes", position, offering_id) for position, offering_id in enumerate(scoring.excludes)]
        for field, key, offering_id in named:
            if offering_id in content.offerings and offering_id not in listed:
                problems.append(
                    located.diagnostic(
                        "E040",
                        f"`{offering_id}` is not one of this selector's `offerings`, so this would count for nothing. "
                        f"Add it to `offerings` ({', '.join(listed)}), or remove it here.",
                        *path,
                        field,
                        key,
                    )
                )
    return problems


def _duplicate_ids(entry: Place, question_ids: list[str | None]) -> list[Diagnostic]:
    """Ids name answers in a shared result's address, so each must mean one thing."""
    return [
        entry.diagnostic("E041", f"The question id `{question_ids[index]}` is already used by question {earlier + 1}; give each question its own id.", "questions", index, "id")
        for index, earlier in repeated(question_ids)
    ]


def _question_problems(entry: Place, index: int, question: SelectorQuestion) -> list[Diagnostic]:
    """What is checked within one question: its answer ids, its bands, and how many answers it has."""
    return (
        _duplicate_answers(entry, index, question.id, [answer.id for answer in question.answers])
        + _question_bands(entry, index, question.bands, question.max)
        + _answer_count(entry, index, question)
    )


def _duplicate_answers(entry: Place, index: int, question_id: object, answer_ids: list[str | None]) -> list[Diagnostic]:
    return [
        entry.diagnostic(
            "E042", f"The answer id `{answer_ids[position]}` is used twice in the question `{question_id}`; give each answer its own id.",
            "questions", index, "answers", position, "id",
        )
        for position, _ in repeated(answer_ids)
    ]


def _questions(located: Located[Selector]) -> list[Diagnostic]:
    return [problem for index, question in enumerate(located.model.questions) for problem in _question_problems(located, index, question)]


def _question_bands(entry: Place, index: int, bands: list[SelectorBand], maximum: float | None) -> list[Diagnostic]:
    """Bands go from the smallest number up, and the last reaches ``max``, so every number falls in exactly one."""
    problems = []
    below: float | None = None
    for position, band in enumerate(bands):
        last = position == len(bands) - 1
        where = ("questions", index, "bands", position)
        if band.up_to is None and not last:
            problems.append(entry.diagnostic("E043", "Only the last band may leave out `up_to`; give this band the highest number it covers.", *where))
        elif band.up_to is not None and below is not None and band.up_to <= below:
            problems.append(entry.diagnostic("E043", f"Bands go from the smallest number up: this `up_to` must be more than the band before's ({below:g}).", *where, "up_to"))
        elif last and band.up_to is not None and maximum is not None and band.up_to < maximum:
            problems.append(
                entry.diagnostic(
                    "E043",
                    f"Numbers above {band.up_to:g} up to the `max` of {maximum:g} would fall in no band. Leave out `up_to` in the last band.",
                    *where,
                    "up_to",
                )
            )
        below = band.up_to if band.up_to is not None else below
    return problems


MAX_ANSWERS = {"one": 30, "many": 12}
"""The most answers a question may have. A visitor reads every answer of a ``one`` question before
choosing; each answer of a ``many`` question doubles the sets of answers a visitor can tick and
``decide check`` tries (4,096 for 12), and a dozen boxes is already more than people weigh."""

WHY_FEWER = {
    "one": "a visitor reads every answer before choosing one. Group them into fewer, broader answers, or ask two questions",
    "many": "a visitor weighs about a dozen boxes at most, and decide tries every set of them that can be ticked together "
    "(4,096 for 12). Keep the answers that change the recommendation most, or split them into two questions",
}


def _answer_count(entry: Place, index: int, question: SelectorQuestion) -> list[Diagnostic]:
    """A question of a few answers is one a visitor can answer, and one decide can check in a moment; the first answer too many is named."""
    if question.kind not in MAX_ANSWERS or len(question.answers) <= MAX_ANSWERS[question.kind]:
        return []
    return [
        entry.diagnostic(
            "E044",
            f"This `{question.kind}` question has {len(question.answers):,} answers; a `{question.kind}` question takes at most "
            f"{MAX_ANSWERS[question.kind]}: {WHY_FEWER[question.kind]}.",
            "questions",
            index,
            "answers",
            MAX_ANSWERS[question.kind],
        )
    ]


def _reach(content: Content, located: Located[Selector]) -> list[Diagnostic]:
    rule = rule_of(content, located.model)
    found = reach(rule)
    if found is None:
        return [located.diagnostic("W042", _too_big(rule), "questions", severity=Severity.WARNING)]
    listed = located.model.offerings
    problems = [
        located.diagnostic(
            "W040",
            f"No combination of answers recommends `{offering_id}`. Give it more points in the answers that fit it, lower `min_score` "
            f"({located.model.min_score}), or {'take it out of `offerings`' if listed else 'list the `offerings` to choose between, without it'}.",
            *(("offerings", listed.index(offering_id)) if listed else ()),
            severity=Severity.WARNING,
        )
        for offering_id in rule.offerings
        if offering_id not in found.recommended
    ]
    questions = [question.id for question in located.model.questions]
    problems += [
        located.diagnostic(
            "W041",
            f"Whatever the visitor answers to `{question_id}`, the recommendation stays the same, so the question only makes the selector "
            "longer. Give its answers points that differ, or remove it.",
            "questions",
            questions.index(question_id),
            "id",
            severity=Severity.WARNING,
        )
        for question_id in found.idle_questions
    ]
    return problems


def _too_big(rule: SelectorRule) -> str:
    """Why W040 and W041 were not checked: too many combinations, or too many offerings to total for each."""
    count = combinations(rule)
    unchecked = "so it cannot say whether every offering can be recommended and every question matters."
    if count > MAX_COMBINATIONS:
        return f"This selector has at least {count:,} combinations of answers, more than the {MAX_COMBINATIONS:,} decide tries, {unchecked} Fewer questions or answers make it checkable."
    offerings = len(rule.offerings)
    return (
        f"This selector has {count:,} combinations of answers and chooses between {offerings:,} offerings: {count * offerings:,} totals to work out, "
        f"more than the {MAX_TOTALS:,} decide works out, {unchecked} Fewer questions, answers or offerings make it checkable."
    )
