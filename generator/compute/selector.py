"""A selector's rule: from a visitor's answers to one offering, the runner-up, why, and the next action.

The rule, exactly (``templates/assets/selector.js`` applies the same one in the browser):
each chosen answer, or the band a number falls in, adds its ``scores`` to the offerings it
names, and every offering it ``excludes`` drops out. Unanswered questions add nothing. The
recommendation is the offering left with the highest total, ties going to the earlier one in
the selector's ``offerings``; none when the best total is below ``min_score`` or every offering
is excluded. The runner-up is the next one by the same order, and must reach ``min_score`` too.
``because`` lists the answers that added points to the recommendation, most points first.

Besides ``recommend``, this module enumerates every combination of answers (``reach``), so that
``decide check`` can say exactly which offerings no visitor can be recommended and which
questions never change the recommendation.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from generator.compute import typed_number
from generator.diagnostics import DecideError
from generator.load import Content
from generator.load.models import Selector, SelectorBand, SelectorQuestion, SelectorScoring
from generator.load.validation import did_you_mean

Answer = tuple[str, ...] | float
"""What a visitor answered: the chosen answer ids for a one or many question, the number for a number question."""

Answers = Mapping[str, Answer]
"""Answers by question id; an unanswered question is absent."""

MAX_COMBINATIONS = 200_000
"""The most combinations of answers ``reach`` enumerates: about a second of ``decide check``."""


@dataclass(frozen=True)
class SelectorRule:
    """A selector with its defaults resolved: the offerings it chooses between in tie-break order, and where each leads."""

    selector: Selector
    offerings: tuple[str, ...]
    actions: Mapping[str, str]
    """The next action of each offering: its own, or the site's when it has none."""


def rule_of(content: Content, selector: Selector) -> SelectorRule:
    """Content whose site file failed to load is only checked, never shown, so the fallback stands in for the site's action."""
    offerings = tuple(dict.fromkeys(selector.offerings)) if selector.offerings else tuple(sorted(content.offerings))
    site_action = content.site.model.action if content.site else selector.fallback_action
    own = {offering_id: located.model.action for offering_id, located in content.offerings.items()}
    return SelectorRule(selector, offerings, {offering_id: own.get(offering_id) or site_action for offering_id in offerings})


@dataclass(frozen=True)
class Because:
    """One answer that added points to the recommendation."""

    question: str
    answer: str | float
    points: int


@dataclass(frozen=True)
class Recommendation:
    """What a set of answers leads to; ``scores`` leaves out the excluded offerings."""

    recommendation: str | None
    runner_up: str | None
    scores: dict[str, int]
    because: list[Because]
    action: str

    def as_json(self) -> dict[str, object]:
        """The fixed shape of ``decide select --format json``."""
        because = [{"question": item.question, "answer": plain_number(item.answer), "points": item.points} for item in self.because]
        return {"recommendation": self.recommendation, "runner_up": self.runner_up, "scores": self.scores, "because": because, "action": self.action}


@dataclass(frozen=True)
class Tally:
    """Running totals, one per offering in rule order, and the offerings excluded so far (bit ``i`` for offering ``i``)."""

    points: tuple[int, ...]
    excluded: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(tuple(mine + theirs for mine, theirs in zip(self.points, other.points, strict=True)), self.excluded | other.excluded)


def band_of(question: SelectorQuestion, number: float) -> SelectorBand | None:
    """The first band the number is at most ``up_to`` of; the last band, without ``up_to``, takes the rest."""
    return next((band for band in question.bands if band.up_to is None or number <= band.up_to), None)


def chosen(question: SelectorQuestion, answer: Answer) -> list[tuple[str | float, SelectorScoring]]:
    """What an answer to ``question`` scores with: the chosen answers in the selector's order, or the number's band."""
    if isinstance(answer, tuple):
        return [(option.id, option) for option in question.answers if option.id in answer]
    band = band_of(question, answer)
    return [(answer, band)] if band else []


def _effect(rule: SelectorRule, scoring: SelectorScoring) -> Tally:
    excluded = sum(1 << index for index, offering_id in enumerate(rule.offerings) if offering_id in scoring.excludes)
    return Tally(tuple(scoring.scores.get(offering_id, 0) for offering_id in rule.offerings), excluded)


def _nothing(rule: SelectorRule) -> Tally:
    return Tally((0,) * len(rule.offerings))


def _decide(points: tuple[int, ...], excluded: int, min_score: int) -> tuple[int | None, int | None]:
    """The positions of the recommendation and the runner-up in ``rule.offerings``, None where there is none.

    One pass, earlier offerings winning ties; ``check`` runs it for every combination of answers.
    """
    best = second = None
    for index, value in enumerate(points):
        if excluded >> index & 1 or value < min_score:
            continue
        if best is None or value > points[best]:
            best, second = index, best
        elif second is None or value > points[second]:
            second = index
    return best, second


def recommend(rule: SelectorRule, answers: Answers) -> Recommendation:
    """The one rule every surface applies; ``answers`` must be valid (see ``read_answers``)."""
    picks = [(question.id, shown, scoring) for question in rule.selector.questions if question.id in answers for shown, scoring in chosen(question, answers[question.id])]
    tally = sum((_effect(rule, scoring) for _, _, scoring in picks), _nothing(rule))
    best, second = _decide(tally.points, tally.excluded, rule.selector.min_score)
    recommendation = rule.offerings[best] if best is not None else None
    because = [Because(question_id, shown, scoring.scores.get(recommendation or "", 0)) for question_id, shown, scoring in picks]
    return Recommendation(
        recommendation=recommendation,
        runner_up=rule.offerings[second] if second is not None else None,
        scores={offering_id: points for index, (offering_id, points) in enumerate(zip(rule.offerings, tally.points, strict=True)) if not tally.excluded >> index & 1},
        because=sorted((item for item in because if item.points > 0), key=lambda item: -item.points),
        action=rule.actions[recommendation] if recommendation else rule.selector.fallback_action,
    )


def read_answers(rule: SelectorRule, selector_id: str, pairs: Sequence[tuple[str, str]]) -> dict[str, Answer]:
    """``question=answer`` pairs as given on the command line, checked; every mistake is named at once."""
    questions = {question.id: question for question in rule.selector.questions}
    answers: dict[str, Answer] = {}
    mistakes = []
    for question_id, given in pairs:
        question = questions.get(question_id)
        if question is None:
            mistakes.append(f"`{question_id}` is not a question of the selector `{selector_id}`.{did_you_mean(question_id, list(questions))} Its questions are: {', '.join(questions)}.")
            continue
        answer, mistake = _read_answer(question, given, answers.get(question_id))
        if mistake:
            mistakes.append(mistake)
        else:
            answers[question_id] = answer
    if mistakes:
        raise DecideError("\n".join(mistakes))
    return answers


def _read_answer(question: SelectorQuestion, given: str, earlier: Answer | None) -> tuple[Answer, str | None]:
    """One answer, added to what the question already has; the message says what was wrong, or is None."""
    if question.kind == "number":
        low, high = bounds(question)
        if earlier is not None:
            return 0, f"`{question.id}` takes one number; it was given twice."
        number = typed_number(given)
        if number is None or not low <= number <= high:
            return 0, f"`{question.id}` takes a number from {plain_number(low)} to {plain_number(high)} ({question.unit}), written like {question.id}={plain_number(high)}; `{given}` is not one."
        return number, None
    ids = [option.id for option in question.answers]
    if given not in ids:
        return (), f"`{given}` is not an answer to `{question.id}`.{did_you_mean(given, ids)} Its answers are: {', '.join(ids)}."
    so_far = earlier if isinstance(earlier, tuple) else ()
    if question.kind == "one" and so_far and given not in so_far:
        return (), f"`{question.id}` takes one answer; it was given `{so_far[0]}` and `{given}`."
    return tuple(dict.fromkeys((*so_far, given))), None


def bounds(question: SelectorQuestion) -> tuple[float, float]:
    """A number question's ``min`` and ``max``, which its model requires."""
    assert question.min is not None and question.max is not None, "a number question has min and max"
    return question.min, question.max


def plain_number(value: float | str | None) -> float | str | None:
    """``500.0`` as ``500``: numbers read back the way people write them."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


@dataclass(frozen=True)
class Option:
    """One way to answer a question, for the enumeration: the answer (None when unanswered) and what it adds."""

    answer: Answer | None
    tally: Tally


def options(rule: SelectorRule, question: SelectorQuestion) -> list[Option]:
    """Every distinct answer to ``question``, unanswered first; a number stands for its band, by a number inside it."""
    unanswered = Option(None, _nothing(rule))
    if question.kind == "number":
        return [unanswered, *(Option(number, _effect(rule, band)) for band, number in reachable_bands(question))]
    sizes = range(1, len(question.answers) + 1) if question.kind == "many" else [1]
    picks = [picked for size in sizes for picked in itertools.combinations(question.answers, size)]
    return [unanswered, *(Option(tuple(answer.id for answer in picked), sum((_effect(rule, answer) for answer in picked), _nothing(rule))) for picked in picks)]


def reachable_bands(question: SelectorQuestion) -> list[tuple[SelectorBand, float]]:
    """The bands some number from ``min`` to ``max`` falls in, each with the highest such number."""
    low, high = bounds(question)
    reachable = []
    below = -math.inf
    for band in question.bands:
        top = high if band.up_to is None else min(band.up_to, high)
        if top >= low and below < high:
            reachable.append((band, top))
        below = band.up_to if band.up_to is not None else math.inf
    return reachable


def combinations(rule: SelectorRule) -> int:
    """How many combinations of answers there are, counted without listing them."""
    return math.prod(_option_count(question) for question in rule.selector.questions)


def _option_count(question: SelectorQuestion) -> int:
    """As ``len(options(...))``: unanswered, plus each answer, each set of answers or each reachable band."""
    if question.kind == "number":
        return len(reachable_bands(question)) + 1
    return 2 ** len(question.answers) if question.kind == "many" else len(question.answers) + 1


def every_answer_set(rule: SelectorRule) -> Iterator[dict[str, Answer]]:
    """Every combination of answers, as ``recommend`` takes them, in the order ``reach`` walks them."""
    questions = rule.selector.questions
    for picked in itertools.product(*(options(rule, question) for question in questions)):
        yield {question.id: option.answer for question, option in zip(questions, picked, strict=True) if option.answer is not None}


@dataclass(frozen=True)
class Reach:
    """What every combination of answers leads to."""

    recommended: frozenset[str]
    """The offerings some combination recommends."""
    idle_questions: tuple[str, ...]
    """The questions whose answer never changes the recommendation, whatever the other answers."""


def reach(rule: SelectorRule) -> Reach | None:
    """Walks every combination of answers (None when there are more than ``MAX_COMBINATIONS``)."""
    if combinations(rule) > MAX_COMBINATIONS:
        return None
    found = outcomes(rule)
    stride = len(found)
    idle = []
    for question in rule.selector.questions:
        choices = _option_count(question)
        stride //= choices
        if not _changes_outcome(found, stride, choices):
            idle.append(question.id)
    return Reach(frozenset(offering_id for offering_id in found if offering_id is not None), tuple(idle))


def outcomes(rule: SelectorRule) -> list[str | None]:
    """The recommendation for each combination of answers, in ``every_answer_set``'s order.

    Depth first, adding each question's options to the totals so far: the same
    rule as ``recommend``, without rebuilding the totals for every combination.
    """
    per_question = [[(option.tally.points, option.tally.excluded) for option in options(rule, question)] for question in rule.selector.questions]
    minimum = rule.selector.min_score
    found: list[str | None] = []

    def walk(depth: int, points: tuple[int, ...], excluded: int) -> None:
        if depth == len(per_question):
            best = _decide(points, excluded, minimum)[0]
            found.append(None if best is None else rule.offerings[best])
            return
        for added, also_excluded in per_question[depth]:
            walk(depth + 1, tuple(map(operator.add, points, added)), excluded | also_excluded)

    walk(0, _nothing(rule).points, 0)
    return found


def _changes_outcome(outcomes: list[str | None], stride: int, choices: int) -> bool:
    """Whether, with every other answer held, some answer to this question gives another recommendation.

    ``outcomes`` lists the combinations with the first question changing slowest, so the
    combinations that differ only in this question are ``stride`` apart.
    """
    block = stride * choices
    for start in range(0, len(outcomes), block):
        for first in range(start, start + stride):
            if any(outcomes[first + step * stride] != outcomes[first] for step in range(1, choices)):
                return True
    return False


def selector_data(rule: SelectorRule) -> dict[str, object]:
    """The rule as data for the page's script: ids and numbers only, so no content text reaches the script."""
    return {
        "offerings": list(rule.offerings),
        "min_score": rule.selector.min_score,
        "questions": [_question_data(rule, question) for question in rule.selector.questions],
    }


def _question_data(rule: SelectorRule, question: SelectorQuestion) -> dict[str, object]:
    if question.kind == "number":
        bands = [{"up_to": band.up_to, **_scoring_data(rule, band)} for band in question.bands]
        return {"id": question.id, "kind": question.kind, "min": question.min, "max": question.max, "bands": bands}
    return {"id": question.id, "kind": question.kind, "answers": [{"id": answer.id, **_scoring_data(rule, answer)} for answer in question.answers]}


def _scoring_data(rule: SelectorRule, scoring: SelectorScoring) -> dict[str, object]:
    return {
        "scores": {offering_id: points for offering_id, points in scoring.scores.items() if offering_id in rule.offerings},
        "excludes": [offering_id for offering_id in scoring.excludes if offering_id in rule.offerings],
    }


@dataclass(frozen=True)
class Cell:
    """What one answer does to one offering, for the decision table."""

    points: int
    excluded: bool


@dataclass(frozen=True)
class Row:
    """One answer, or one band (``low`` to ``high``, open where None), and its cell per offering in rule order."""

    label: str | None
    low: float | None
    high: float | None
    cells: list[Cell]


def decision_table(rule: SelectorRule, question: SelectorQuestion) -> list[Row]:
    """Which answers point to which offering, for readers without the script."""
    if question.kind != "number":
        return [Row(answer.label, None, None, _cells(rule, answer)) for answer in question.answers]
    rows = []
    low = None
    for band in question.bands:
        rows.append(Row(None, low, band.up_to, _cells(rule, band)))
        low = band.up_to
    return rows


def _cells(rule: SelectorRule, scoring: SelectorScoring) -> list[Cell]:
    return [Cell(scoring.scores.get(offering_id, 0), offering_id in scoring.excludes) for offering_id in rule.offerings]
