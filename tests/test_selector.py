"""Selectors: the rule (ties, exclusions, negative points, fallback, number bands, many answers), every
combination of answers, what `decide check` says about a selector, and `decide select`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from generator.compute.selector import (
    MAX_COMBINATIONS,
    Because,
    SelectorRule,
    combinations,
    every_answer_set,
    outcomes,
    reach,
    read_answers,
    recommend,
    rule_of,
)
from generator.diagnostics import DecideError
from generator.load.models import Selector
from tests.conftest import problem_at, translate_in_greek

OFFERINGS = ("alpha", "beta", "gamma")


def rule(*questions: dict, offerings: tuple[str, ...] = OFFERINGS, min_score: int | None = None) -> SelectorRule:
    """A selector over three made-up offerings; offering ``x`` leads to the action ``x-action``."""
    written: dict = {"title": "Which fits?", "intro": "A few questions.", "offerings": list(offerings), "fallback_action": "talk", "questions": list(questions)}
    if min_score is not None:
        written["min_score"] = min_score
    return SelectorRule(Selector.model_validate(written), offerings, {offering: f"{offering}-action" for offering in offerings})


def one(question_id: str, **answers: dict) -> dict:
    """A ``one`` question whose answers are given as ``answer_id={"scores": ..., "excludes": ...}``."""
    return {"id": question_id, "text": f"{question_id}?", "kind": "one", "answers": [{"id": answer_id, "label": answer_id, **scoring} for answer_id, scoring in answers.items()]}


def many(question_id: str, **answers: dict) -> dict:
    return {**one(question_id, **answers), "kind": "many"}


def number(question_id: str, *bands: dict, low: float = 0, high: float = 100) -> dict:
    return {"id": question_id, "text": f"{question_id}?", "kind": "number", "unit": "people", "min": low, "max": high, "bands": list(bands)}


def test_the_highest_total_is_recommended_and_the_next_is_the_runner_up() -> None:
    chosen = recommend(rule(one("size", small={"scores": {"alpha": 1, "beta": 3, "gamma": 2}})), {"size": ("small",)})

    assert (chosen.recommendation, chosen.runner_up, chosen.action) == ("beta", "gamma", "beta-action")
    assert chosen.scores == {"alpha": 1, "beta": 3, "gamma": 2}
    assert chosen.because == [Because("size", "small", 3)]


@pytest.mark.parametrize(("order", "winner"), [(("alpha", "beta", "gamma"), "beta"), (("gamma", "beta", "alpha"), "gamma")])
def test_a_tie_goes_to_the_offering_listed_first(order: tuple[str, ...], winner: str) -> None:
    tied = rule(one("size", small={"scores": {"beta": 2, "gamma": 2}}), offerings=order)

    chosen = recommend(tied, {"size": ("small",)})

    assert chosen.recommendation == winner
    assert chosen.runner_up == ({"beta", "gamma"} - {winner}).pop()


def test_an_excluded_offering_drops_out_of_the_scores_and_cannot_win() -> None:
    selector = rule(one("size", big={"scores": {"alpha": 5, "beta": 1}}), one("site", none={"excludes": ["alpha"]}))

    chosen = recommend(selector, {"size": ("big",), "site": ("none",)})

    assert chosen.recommendation == "beta"
    assert chosen.scores == {"beta": 1, "gamma": 0}
    assert chosen.runner_up is None, "gamma has 0 points, below min_score"


def test_when_every_offering_is_excluded_the_result_is_the_fallback_action() -> None:
    selector = rule(one("size", big={"scores": {"alpha": 5}, "excludes": ["beta"]}), one("site", none={"excludes": ["alpha", "gamma"]}))

    chosen = recommend(selector, {"size": ("big",), "site": ("none",)})

    assert (chosen.recommendation, chosen.runner_up, chosen.scores, chosen.because, chosen.action) == (None, None, {}, [], "talk")


def test_negative_points_count_against_an_offering() -> None:
    selector = rule(one("help", coaching={"scores": {"alpha": 3, "beta": 2}}), one("kind", software={"scores": {"alpha": -2}}))

    chosen = recommend(selector, {"help": ("coaching",), "kind": ("software",)})

    assert chosen.scores["alpha"] == 1
    assert (chosen.recommendation, chosen.runner_up) == ("beta", "alpha")


def test_below_min_score_there_is_no_recommendation_and_the_fallback_leads() -> None:
    selector = rule(one("size", small={"scores": {"alpha": 2, "beta": 1}}), min_score=3)

    chosen = recommend(selector, {"size": ("small",)})

    assert (chosen.recommendation, chosen.runner_up, chosen.action) == (None, None, "talk")
    assert chosen.scores == {"alpha": 2, "beta": 1, "gamma": 0}


def test_min_score_is_one_unless_written_and_unanswered_questions_add_nothing() -> None:
    selector = rule(one("size", small={"scores": {"alpha": 1}}))

    assert selector.selector.min_score == 1
    assert recommend(selector, {}).recommendation is None
    assert recommend(selector, {}).scores == {"alpha": 0, "beta": 0, "gamma": 0}
    assert recommend(selector, {"size": ("small",)}).recommendation == "alpha"


BANDS = number(
    "staff",
    {"up_to": 10, "scores": {"alpha": 2}},
    {"up_to": 50, "scores": {"beta": 2}},
    {"scores": {"gamma": 2}, "excludes": ["alpha"]},
    high=1000,
)


@pytest.mark.parametrize(("staff", "winner"), [(0, "alpha"), (10, "alpha"), (10.5, "beta"), (50, "beta"), (51, "gamma"), (1000, "gamma")])
def test_a_number_scores_with_the_band_it_falls_in(staff: float, winner: str) -> None:
    chosen = recommend(rule(BANDS), {"staff": float(staff)})

    assert chosen.recommendation == winner
    assert chosen.because == [Because("staff", float(staff), 2)]


def test_every_chosen_answer_of_a_many_question_adds_up_and_because_lists_the_biggest_first() -> None:
    selector = rule(
        one("problem", stock={"scores": {"alpha": 1, "beta": 1}}),
        many("goals", speed={"scores": {"alpha": 2}}, control={"scores": {"alpha": 3, "beta": -1}}, cost={"scores": {"beta": 1}}),
    )

    chosen = recommend(selector, {"problem": ("stock",), "goals": ("speed", "control")})

    assert chosen.scores == {"alpha": 6, "beta": 0, "gamma": 0}
    assert chosen.because == [Because("goals", "control", 3), Because("goals", "speed", 2), Because("problem", "stock", 1)]


def test_because_leaves_out_answers_that_gave_the_recommendation_nothing_or_less() -> None:
    selector = rule(one("a", yes={"scores": {"alpha": 4}}), one("b", yes={"scores": {"alpha": -1, "beta": 3}}), one("c", yes={"scores": {"beta": 1}}))

    chosen = recommend(selector, {"a": ("yes",), "b": ("yes",), "c": ("yes",)})

    assert (chosen.recommendation, chosen.scores["beta"], chosen.scores["alpha"]) == ("beta", 4, 3)
    assert chosen.because == [Because("b", "yes", 3), Because("c", "yes", 1)]


def test_the_example_defaults_offerings_to_alphabetical_order_and_actions_to_the_site(example_content) -> None:
    written = example_content.selectors["where-to-start"].model
    unordered = written.model_copy(update={"offerings": None})

    resolved = rule_of(example_content, unordered)

    assert resolved.offerings == tuple(sorted(example_content.offerings))
    for offering_id in resolved.offerings:
        assert resolved.actions[offering_id] == (example_content.offerings[offering_id].model.action or example_content.site.model.action)


def test_answers_as_written_on_the_command_line_are_read_and_checked() -> None:
    selector = rule(one("size", small={}, large={}), many("goals", speed={}, cost={}), BANDS)

    answers = read_answers(selector, "s", [("size", "small"), ("size", "small"), ("goals", "cost"), ("goals", "speed"), ("goals", "cost"), ("staff", "12.5")])

    assert answers == {"size": ("small",), "goals": ("cost", "speed"), "staff": 12.5}


@pytest.mark.parametrize(
    ("pairs", "words"),
    [
        ([("sise", "small")], ["`sise` is not a question", "Did you mean `size`?", "Its questions are: size, goals, staff."]),
        ([("size", "smal")], ["`smal` is not an answer to `size`", "Did you mean `small`?", "Its answers are: small, large."]),
        ([("size", "small"), ("size", "large")], ["`size` takes one answer"]),
        ([("staff", "1e3")], ["`staff` takes a number from 0 to 1000 (people)", "`1e3` is not one"]),
        ([("staff", "1001")], ["`1001` is not one"]),
        ([("staff", "3"), ("staff", "4")], ["`staff` takes one number"]),
    ],
)
def test_wrong_answers_are_named_with_the_valid_ones(pairs: list[tuple[str, str]], words: list[str]) -> None:
    selector = rule(one("size", small={}, large={}), many("goals", speed={}, cost={}), BANDS)

    with pytest.raises(DecideError) as raised:
        read_answers(selector, "s", pairs)

    for word in words:
        assert word in str(raised.value)


def test_the_walk_over_every_combination_agrees_with_recommend(example_content) -> None:
    example = rule_of(example_content, example_content.selectors["where-to-start"].model)
    every = list(every_answer_set(example))

    assert len(every) == combinations(example) == 6 * 2**5 * 4 * 5 * 4
    assert outcomes(example) == [recommend(example, answers).recommendation for answers in every]


def test_the_example_can_recommend_every_offering_and_every_question_matters(example_content) -> None:
    example = rule_of(example_content, example_content.selectors["where-to-start"].model)
    found = reach(example)

    assert found is not None
    assert found.recommended == set(example_content.offerings)
    assert found.idle_questions == ()
    assert None in Counter(outcomes(example)), "some answers lead to the fallback"


def test_reach_finds_offerings_no_answer_recommends_and_questions_that_change_nothing() -> None:
    selector = rule(
        one("size", small={"scores": {"alpha": 2}}, large={"scores": {"beta": 2}}),
        one("colour", red={"scores": {"gamma": 1}}, blue={"scores": {"beta": 3}}),
        min_score=2,
    )

    found = reach(selector)

    assert found is not None
    assert found.recommended == {"alpha", "beta"}
    assert found.idle_questions == ()
    quiet = reach(rule(one("size", small={"scores": {"alpha": 2}}), one("colour", red={"scores": {"gamma": -1}})))
    assert quiet is not None and quiet.idle_questions == ("colour",)


def test_reach_gives_up_above_the_cap() -> None:
    wide = [many(f"q{index}", **{f"a{answer}": {"scores": {"alpha": 1}} for answer in range(5)}) for index in range(4)]

    assert combinations(rule(*wide)) == 2**20 > MAX_COMBINATIONS
    assert reach(rule(*wide)) is None


SELECTOR = "selectors/fit.yml"

FIT = """\
title: Which fits?
intro: Three questions.
offerings: [stock-planner, scan-to-ship, care-plan]
fallback_action: book-call
questions:
  - id: problem
    text: What hurts?
    kind: one
    answers:
      - id: stock
        label: Stock
        scores: {stock-planner: 3}
      - id: picking
        label: Picking
        scores: {scan-to-ship: 3}
      - id: people
        label: People
        scores: {care-plan: 3}
  - id: pickers
    text: How many pickers?
    kind: number
    unit: pickers
    min: 0
    max: 100
    bands:
      - up_to: 0
        excludes: [scan-to-ship]
      - up_to: 20
        scores: {scan-to-ship: 1}
      - scores: {scan-to-ship: 2}
"""


def write_selector(content: Path, text: str = FIT) -> None:
    (content / "selectors").mkdir(exist_ok=True)
    (content / SELECTOR).write_text(text, encoding="utf-8")


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line holding ``fragment``."""
    lines = [number for number, line in enumerate(text.splitlines(), 1) if fragment in line]
    return lines[occurrence - 1]


FIT_IN_GREEK = {
    "Which fits?": "Τι ταιριάζει;",
    "Three questions.": "Τρεις ερωτήσεις.",
    "What hurts?": "Τι πονάει;",
    "Stock": "Απόθεμα",
    "Picking": "Συλλογή",
    "People": "Άνθρωποι",
    "How many pickers?": "Πόσοι συλλέκτες;",
    "pickers": "συλλέκτες",
}


def test_a_sound_selector_passes_the_check(decide, check, content: Path) -> None:
    write_selector(content)
    translate_in_greek(decide, content, FIT_IN_GREEK)

    run = check("--strict")

    assert (run.status, run.problems) == (0, [])


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("offerings: [stock-planner,", "offerings: [stock-planer,", "offerings[0]"),
        ("scores: {stock-planner: 3}", "scores: {stock-planer: 3}", "questions[0].answers[0].scores.stock-planer"),
        ("excludes: [scan-to-ship]", "excludes: [scan-to-shop]", "questions[1].bands[0].excludes[0]"),
        ("fallback_action: book-call", "fallback_action: book-a-call", "fallback_action"),
    ],
)
def test_unknown_offering_and_action_ids_are_errors_where_they_are_written(check, content: Path, old: str, new: str, field: str) -> None:
    text = FIT.replace(old, new)
    write_selector(content, text)

    problem = problem_at(check(), f"content/{SELECTOR}", "E020")

    assert (problem["line"], problem["field"]) == (line_of(text, new), field)
    assert "Did you mean" in problem["message"]


def test_an_offering_scored_but_not_among_the_selectors_offerings(check, content: Path) -> None:
    text = FIT.replace("scores: {care-plan: 3}", "scores: {care-plan: 3, ops-coaching: 1}")
    write_selector(content, text)

    problem = problem_at(check(), f"content/{SELECTOR}", "E040")

    assert (problem["line"], problem["field"]) == (line_of(text, "ops-coaching: 1"), "questions[0].answers[2].scores.ops-coaching")
    assert "Add it to `offerings` (stock-planner, scan-to-ship, care-plan)" in problem["message"]


def test_duplicate_question_and_answer_ids(check, content: Path) -> None:
    text = FIT.replace("- id: picking", "- id: stock").replace("- id: pickers", "- id: problem")
    write_selector(content, text)
    run = check()

    answer = problem_at(run, f"content/{SELECTOR}", "E042")
    question = problem_at(run, f"content/{SELECTOR}", "E041")

    assert (answer["line"], answer["field"]) == (line_of(text, "- id: stock", 2), "questions[0].answers[1].id")
    assert (question["line"], question["field"]) == (line_of(text, "- id: problem", 2), "questions[1].id")
    assert "already used by question 1" in question["message"]


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("up_to: 20", "up_to: -5", "questions[1].bands[1].up_to", "more than the band before's (0)"),
        ("      - up_to: 0\n", "      - scores: {}\n", "questions[1].bands[0]", "Only the last band may leave out `up_to`"),
        ("      - scores: {scan-to-ship: 2}\n", "      - up_to: 60\n        scores: {scan-to-ship: 2}\n", "questions[1].bands[2].up_to", "Numbers above 60 up to the `max` of 100"),
    ],
)
def test_bands_out_of_order_or_short_of_max(check, content: Path, old: str, new: str, field: str, words: str) -> None:
    write_selector(content, FIT.replace(old, new))

    problem = problem_at(check(), f"content/{SELECTOR}", "E043")

    assert problem["field"] == field
    assert words in problem["message"]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("    kind: one\n", "    kind: number\n", "number question needs `unit`, `min`, `max` and `bands`; add `unit`, `min`, `max`, `bands`"),
        ("    unit: pickers\n", "", "add `unit`"),
        ("    kind: one\n", "    kind: one\n    unit: pickers\n", "`unit` is only for number questions; remove it, or write kind: number"),
        ("    kind: one\n", "    kind: many\n    answers: []\n", "A `many` question needs `answers`"),
        ("    max: 100\n", "    max: 0\n", "`min` (0) must be smaller than `max` (0)"),
    ],
)
def test_each_kind_of_question_has_its_own_fields(check, content: Path, old: str, new: str, words: str) -> None:
    text = FIT.replace(old, new)
    write_selector(content, text)

    problem = next(problem for problem in check().problems if problem["code"] == "E015")

    assert problem["file"] == f"content/{SELECTOR}"
    assert problem["field"].startswith("questions[")
    assert words in problem["message"]


def test_an_offering_no_answer_recommends_is_a_warning_where_it_is_listed(check, content: Path) -> None:
    text = FIT.replace("scores: {care-plan: 3}", "scores: {stock-planner: 1}")
    write_selector(content, text)

    problem = problem_at(check(), f"content/{SELECTOR}", "W040")

    assert (problem["severity"], problem["line"], problem["field"]) == ("warning", 3, "offerings[2]")
    assert "No combination of answers recommends `care-plan`" in problem["message"]


def test_without_a_list_of_offerings_every_offering_must_be_reachable(check, content: Path) -> None:
    write_selector(content, FIT.replace("offerings: [stock-planner, scan-to-ship, care-plan]\n", ""))

    unreachable = [problem for problem in check().problems if problem["code"] == "W040"]

    assert [problem["message"].split("`")[1] for problem in unreachable] == ["close-assist", "ops-coaching"]
    assert {(problem["line"], problem["field"]) for problem in unreachable} == {(1, "")}
    assert "list the `offerings` to choose between, without it" in unreachable[0]["message"]


def test_a_question_whose_answers_change_nothing_is_a_warning(check, content: Path) -> None:
    text = FIT.replace("scores: {scan-to-ship: 1}", "scores: {}").replace("scores: {scan-to-ship: 2}", "scores: {}").replace("excludes: [scan-to-ship]", "excludes: []")
    write_selector(content, text)

    problem = problem_at(check(), f"content/{SELECTOR}", "W041")

    assert (problem["line"], problem["field"]) == (line_of(text, "- id: pickers"), "questions[1].id")
    assert "`pickers`" in problem["message"]


def test_a_selector_too_big_to_walk_says_so(check, content: Path) -> None:
    answers = "".join(f"      - id: a{answer}\n        label: A{answer}\n        scores: {{care-plan: 1}}\n" for answer in range(6))
    questions = "".join(f"  - id: q{index}\n    text: Q{index}?\n    kind: many\n    answers:\n{answers}" for index in range(3))
    write_selector(content, FIT.split("questions:\n")[0] + "questions:\n" + questions)

    problem = problem_at(check(), f"content/{SELECTOR}", "W042")

    assert "262,144 combinations of answers, more than the 200,000" in problem["message"]


def test_decide_select_prints_the_documented_json(decide, content: Path) -> None:
    write_selector(content)

    run = decide("select", "fit", "--answer", "problem=picking", "--answer", "pickers=25", "--format", "json", cwd=content.parent)

    assert run.status == 0, run.err
    assert json.loads(run.out) == {
        "recommendation": "scan-to-ship",
        "runner_up": None,
        "scores": {"stock-planner": 0, "scan-to-ship": 5, "care-plan": 0},
        "because": [{"question": "problem", "answer": "picking", "points": 3}, {"question": "pickers", "answer": 25, "points": 2}],
        "action": "visit-warehouse",
    }


def test_decide_select_falls_back_when_the_only_fit_is_ruled_out(decide, content: Path) -> None:
    write_selector(content)

    run = decide("select", "fit", "--answer", "problem=picking", "--answer", "pickers=0", "--format", "json", cwd=content.parent)

    assert json.loads(run.out) == {"recommendation": None, "runner_up": None, "scores": {"stock-planner": 0, "care-plan": 0}, "because": [], "action": "book-call"}


def test_decide_select_as_text_names_the_offering_why_and_the_next_action(decide) -> None:
    run = decide("select", "where-to-start", "--answer", "problem=stock", "--answer", "goals=right-stock", "--answer", "goals=cover", "--answer", "pickers=0")

    assert run.status == 0, run.err
    assert run.out.splitlines() == [
        "Recommended: Stock Planner (stock-planner), 5 points",
        "Because you said:",
        "  What costs you the most right now? We run out of fast sellers and overstock slow ones (+3)",
        "  What should be different six months from now? Stock levels follow what customers actually buy (+2)",
        "Runner-up: Care Plan (care-plan), 2 points",
        "Scores: stock-planner 5, close-assist 0, care-plan 2, ops-coaching 0",
        "Ruled out: scan-to-ship",
        "Next action: Book a 20-minute call (book-call), https://fernhollow.example/book-a-call",
    ]


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["where-to-begin"], ["There is no selector `where-to-begin`", "Did you mean `where-to-start`?", "the known ones are: where-to-start."]),
        (["where-to-start", "--answer", "problme=stock"], ["`problme` is not a question", "Its questions are: problem, goals, help-kind, pickers, close-days."]),
        (["where-to-start", "--answer", "goals=speed"], ["`speed` is not an answer to `goals`", "Its answers are: catch-errors, right-stock, faster-close, cover, routines."]),
        (["where-to-start", "--answer", "pickers=lots"], ["`pickers` takes a number from 0 to 500 (pickers)"]),
    ],
)
def test_decide_select_names_unknown_ids_and_lists_the_valid_ones(decide, arguments: list[str], words: list[str]) -> None:
    run = decide("select", *arguments)

    assert run.status == 1
    assert run.out == ""
    for word in words:
        assert word in run.err


def test_an_answer_without_equals_sign_is_a_usage_error(decide) -> None:
    run = decide("select", "where-to-start", "--answer", "stock")

    assert run.status == 2
    assert "not of the form QUESTION=ANSWER" in run.err


def test_decide_select_refuses_content_with_errors(decide, content: Path) -> None:
    write_selector(content, FIT.replace("- id: picking", "- id: stock"))

    run = decide("select", "fit", "--answer", "problem=stock", cwd=content.parent)

    assert run.status == 1
    assert "E042" in run.err and "The content has errors." in run.err
