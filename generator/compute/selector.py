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
from functools import cached_property

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
"""The most combinations of answers ``reach`` enumerates."""

MAX_TOTALS = 5_000_000
"""The most offering totals ``reach`` works out: combinations of answers times offerings.

With both limits the walk takes well under the documented two seconds (see tests/test_selector_costs.py):
each combination costs a fixed part and a part per offering.
"""


@dataclass(frozen=True)
class SelectorRule:
    """A selector with its defaults resolved: the offerings it chooses between in tie-break order, and where each leads."""

    selector: Selector
    offerings: tuple[str, ...]
    actions: Mapping[str, str]
    """The next action of each offering: its own, or the site's when it has none."""

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each offering's place in ``offerings``, so an answer's effect costs what the answer names, not every offering."""
        return {offering_id: index for index, offering_id in enumerate(self.offerings)}


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
        return Tally(tuple(map(operator.add, self.points, other.points)), self.excluded | other.excluded)


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
    """What one answer or band adds; offerings the rule does not choose between count for nothing."""
    points = [0] * len(rule.offerings)
    excluded = 0
    for offering_id, gained in scoring.scores.items():
        if offering_id in rule.positions:
            points[rule.positions[offering_id]] = gained
    for offering_id in scoring.excludes:
        if offering_id in rule.positions:
            excluded |= 1 << rule.positions[offering_id]
    return Tally(tuple(points), excluded)


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
    """Every distinct answer to ``question``, unanswered first; a number stands for its band, by a number inside it.

    The sets of answers to a ``many`` question are built one answer at a time, each set from a
    smaller one plus an answer, so each costs one addition of totals.
    """
    unanswered = Option(None, _nothing(rule))
    if question.kind == "number":
        return [unanswered, *(Option(number, _effect(rule, band)) for band, number in reachable_bands(question))]
    if question.kind == "one":
        return [unanswered, *(Option((answer.id,), _effect(rule, answer)) for answer in question.answers)]
    sets: list[tuple[tuple[str, ...], Tally]] = [((), _nothing(rule))]
    for answer in question.answers:
        effect = _effect(rule, answer)
        sets += [((*ids, answer.id), tally + effect) for ids, tally in sets]
    return [unanswered, *(Option(ids, tally) for ids, tally in sets[1:])]


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


def combinations(rule: SelectorRule, stop_above: int = MAX_COMBINATIONS) -> int:
    """How many combinations of answers there are, counted without listing them.

    Once the count passes ``stop_above`` the remaining questions are not multiplied in: what comes
    back is then only a lower bound, and a selector of thousands of questions never builds a huge number.
    """
    count = 1
    for question in rule.selector.questions:
        count *= _option_count(question)
        if count > stop_above:
            break
    return count


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
    """Walks every combination of answers (None when there are more than ``MAX_COMBINATIONS``, or ``MAX_TOTALS`` to work out)."""
    count = combinations(rule)
    if count > MAX_COMBINATIONS or count * len(rule.offerings) > MAX_TOTALS:
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

    Depth first, adding each step's options to the totals so far, and at the end of each path
    one ``max``: the totals are kept as ranking keys (see ``_ranking``), so the largest key is
    ``recommend``'s choice.
    """
    steps, start, threshold = _ranking(rule)
    scale = len(rule.offerings) + 1
    found: list[str | None] = []
    last = len(steps) - 1

    def walk(depth: int, keys: tuple[int, ...]) -> None:
        if depth == last:
            for added in steps[depth]:
                best = max(map(operator.add, keys, added), default=threshold)
                found.append(rule.offerings[len(rule.offerings) - best % scale] if best > threshold else None)
            return
        for added in steps[depth]:
            walk(depth + 1, tuple(map(operator.add, keys, added)))

    walk(0, start)
    return found


def _ranking(rule: SelectorRule) -> tuple[list[list[tuple[int, ...]]], tuple[int, ...], int]:
    """Each step's options (see ``_steps``) as additions to ranking keys, the keys before any answer, and the threshold.

    An offering's key is its total times ``scale`` (one more than the number of offerings) plus its
    rank: the first offering ranks highest, so at equal totals it has the larger key, as ties go to it.
    Each exclusion takes away enough that the offering stays below ``min_score`` whatever else is
    answered, so an excluded offering's key, like that of one below ``min_score``, is at most the
    threshold; every other key is above it.
    """
    count = len(rule.offerings)
    scale = count + 1
    minimum = rule.selector.min_score
    steps = _steps(rule)
    most = [0] * count
    for step in steps:
        most = list(map(operator.add, most, (max(column) for column in zip(*(tally.points for tally in step), strict=True))))
    penalty = [scale * (max(gain - minimum, 0) + 1) for gain in most]

    def keys(tally: Tally) -> tuple[int, ...]:
        key = list(map(operator.mul, tally.points, itertools.repeat(scale)))
        for index in _bits(tally.excluded):
            key[index] -= penalty[index]
        return tuple(key)

    return [[keys(tally) for tally in step] for step in steps], tuple(range(count, 0, -1)), scale * minimum


def _steps(rule: SelectorRule) -> list[list[Tally]]:
    """The walk's steps: each question's options, but a ``many`` question as one step per answer, ticked or not.

    Its answers are stepped through last first, so its sets of answers come in ``options``'s order, and
    the walk holds two totals per answer rather than one per set of answers.
    """
    steps = []
    for question in rule.selector.questions:
        if question.kind == "many":
            steps += [[_nothing(rule), _effect(rule, answer)] for answer in reversed(question.answers)]
        else:
            steps.append([option.tally for option in options(rule, question)])
    return steps


def _bits(mask: int) -> Iterator[int]:
    """The positions of the bits set in ``mask``, lowest first."""
    while mask:
        lowest = mask & -mask
        yield lowest.bit_length() - 1
        mask ^= lowest


def _changes_outcome(outcomes: list[str | None], stride: int, choices: int) -> bool:
    """Whether, with every other answer held, some answer to this question gives another recommendation.

    ``outcomes`` lists the combinations with the first question changing slowest, so the
    combinations that differ only in this question are ``stride`` apart, in blocks of
    ``stride * choices``. Whole runs are compared at once: the runs of ``stride`` combinations
    within each block when they are long, else every ``block``-th combination across all blocks.
    """
    block = stride * choices
    if stride * stride >= len(outcomes):
        return any(
            outcomes[start + step * stride : start + (step + 1) * stride] != outcomes[start : start + stride]
            for start in range(0, len(outcomes), block)
            for step in range(1, choices)
        )
    return any(outcomes[step * stride + offset :: block] != outcomes[offset::block] for step in range(1, choices) for offset in range(stride))


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
