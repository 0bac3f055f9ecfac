"""What a selector may cost: questions of more answers than a visitor can weigh are refused (E044), a
selector too big to walk is said to be (W042) without counting or listing all of it, and the walk over
every combination up to the limits finds what trying each combination by hand finds."""

from __future__ import annotations

import itertools
import random
import shutil
import time
from pathlib import Path

from generator.compute.selector import MAX_COMBINATIONS, MAX_TOTALS, SelectorRule, combinations, every_answer_set, outcomes, reach, recommend
from tests.conftest import problem_at
from tests.test_selector import FIT, SELECTOR, line_of, many, number, one, rule, write_selector

PATIENCE_S = 20
"""Far more than any of these checks needs: only a walk gone exponential, or a count built digit by digit, takes longer."""

HEAD = FIT.split("questions:\n")[0] + "questions:\n"


def answers_yaml(prefix: str, count: int, offering: str = "care-plan") -> str:
    return "".join(f"      - id: {prefix}{index}\n        label: {prefix.upper()}{index}\n        scores: {{{offering}: 1}}\n" for index in range(count))


def question_yaml(question_id: str, kind: str, answers: str) -> str:
    return f"  - id: {question_id}\n    text: {question_id}?\n    kind: {kind}\n    answers:\n{answers}"


def bands_yaml(question_id: str, count: int) -> str:
    """A number question of ``count`` bands: the number of pickers, one band per picker."""
    bands = "".join(f"      - up_to: {up_to}\n        scores: {{scan-to-ship: {up_to % 3}}}\n" for up_to in range(count - 1))
    return f"  - id: {question_id}\n    text: {question_id}?\n    kind: number\n    unit: pickers\n    min: 0\n    max: {count}\n    bands:\n{bands}      - scores: {{scan-to-ship: 3}}\n"


def checked(check) -> tuple[object, float]:
    started = time.monotonic()
    run = check()
    return run, time.monotonic() - started


def test_a_many_question_of_5000_answers_is_refused_where_its_answers_are_written(check, content: Path) -> None:
    text = HEAD + question_yaml("goals", "many", answers_yaml("a", 5000))
    write_selector(content, text)

    run, seconds = checked(check)

    problem = problem_at(run, f"content/{SELECTOR}", "E044")
    assert (problem["line"], problem["field"]) == (line_of(text, "- id: a12"), "questions[0].answers[12]")
    assert "has 5,000 answers; a `many` question takes at most 12" in problem["message"]
    assert run.status == 1 and "W042" not in run.codes()
    assert seconds < PATIENCE_S


def test_a_one_question_takes_30_answers_and_a_many_question_12(check, content: Path) -> None:
    text = HEAD + question_yaml("problem", "one", answers_yaml("p", 30)) + question_yaml("goals", "many", answers_yaml("g", 12)) + question_yaml("help", "one", answers_yaml("h", 31))
    write_selector(content, text)

    run = check()

    problem = problem_at(run, f"content/{SELECTOR}", "E044")
    assert problem["field"] == "questions[2].answers[30]"
    assert "has 31 answers; a `one` question takes at most 30: a visitor reads every answer" in problem["message"]


def test_a_selector_just_over_the_limit_is_not_walked_and_says_how_big_it_is(check, content: Path) -> None:
    """4,096 sets of 12 answers times 49 ways to answer a number question of 48 bands: 200,704 combinations."""
    write_selector(content, HEAD + question_yaml("goals", "many", answers_yaml("a", 12)) + bands_yaml("pickers", 48))

    run, seconds = checked(check)

    problem = problem_at(run, f"content/{SELECTOR}", "W042")
    assert "at least 200,704 combinations of answers, more than the 200,000 decide tries" in problem["message"]
    assert seconds < PATIENCE_S


def test_a_selector_of_thousands_of_questions_is_counted_only_until_it_passes_the_limit(check, content: Path) -> None:
    questions = "".join(question_yaml(f"q{index}", "one", answers_yaml("a", 2)) for index in range(3000))
    write_selector(content, HEAD + questions)

    run, seconds = checked(check)

    problem = problem_at(run, f"content/{SELECTOR}", "W042")
    assert "at least 531,441 combinations" in problem["message"], "3 ways to answer each of the first 12 questions"
    assert seconds < PATIENCE_S


def test_a_selector_at_the_limit_is_walked_and_its_idle_question_and_unreachable_offering_found(check, content: Path) -> None:
    """64 sets of 6 answers times 5 ways to answer each of five questions: exactly 200,000 combinations."""
    questions = question_yaml("goals", "many", answers_yaml("g", 6, "stock-planner"))
    questions += "".join(question_yaml(f"q{index}", "one", answers_yaml("a", 4, "scan-to-ship")) for index in range(4))
    questions += question_yaml("idle", "one", answers_yaml("i", 4, "care-plan").replace("care-plan: 1", "care-plan: 0"))
    write_selector(content, HEAD + questions)

    run = check()

    assert "W042" not in run.codes()
    unreachable = problem_at(run, f"content/{SELECTOR}", "W040")
    assert "`care-plan`" in unreachable["message"]
    idle = problem_at(run, f"content/{SELECTOR}", "W041")
    assert (idle["field"], "`idle`" in idle["message"]) == ("questions[5].id", True)


def test_many_offerings_count_against_the_limit_too(check, content: Path) -> None:
    """30 more offerings make 35 to total for each of 4,096 x 5 x 7 = 143,360 combinations: 5,017,600 totals."""
    for index in range(30):
        shutil.copy(content / "offerings" / "care-plan.yml", content / "offerings" / f"extra-{index}.yml")
    questions = question_yaml("goals", "many", answers_yaml("g", 12)) + question_yaml("problem", "one", answers_yaml("p", 4)) + bands_yaml("pickers", 6)
    write_selector(content, HEAD.replace("offerings: [stock-planner, scan-to-ship, care-plan]\n", "") + questions)

    run = check()

    problem = problem_at(run, f"content/{SELECTOR}", "W042")
    assert "143,360 combinations of answers and chooses between 35 offerings: 5,017,600 totals to work out, more than the 5,000,000" in problem["message"]


def test_the_walk_stops_at_the_totals_limit_and_walks_right_up_to_it() -> None:
    offerings = tuple(f"o{index}" for index in range(25))
    questions = [many("goals", **{f"g{index}": {"scores": {f"o{index}": 1}} for index in range(6)})]
    questions += [one(f"q{index}", **{f"a{answer}": {"scores": {f"o{(6 + 4 * index + answer) % 25}": 2}} for answer in range(4)}) for index in range(5)]
    at_limit = rule(*questions, offerings=offerings)
    over = rule(*questions, offerings=(*offerings, "o25"))

    found = reach(at_limit)

    assert combinations(at_limit) * len(offerings) == MAX_TOTALS
    assert found is not None and found.recommended == set(offerings)
    assert found.idle_questions == ()
    assert reach(over) is None


def test_counting_stops_once_past_the_limit() -> None:
    wide = rule(*[one(f"q{index}", a={"scores": {"alpha": 1}}) for index in range(3000)])

    assert MAX_COMBINATIONS < combinations(wide) == 2**18


def brute_idle(selector: SelectorRule) -> tuple[str, ...]:
    """The questions whose answer, with every other held, never changes the recommendation, by trying each."""
    every = list(every_answer_set(selector))
    result = {tuple(sorted(answers.items(), key=str)): recommend(selector, answers).recommendation for answers in every}
    idle = []
    for question in selector.selector.questions:
        others: dict[tuple, set] = {}
        for key, recommendation in result.items():
            others.setdefault(tuple(pair for pair in key if pair[0] != question.id), set()).add(recommendation)
        if all(len(recommendations) == 1 for recommendations in others.values()):
            idle.append(question.id)
    return tuple(idle)


def random_rule(generator: random.Random) -> SelectorRule:
    """A small selector with points of either sign, exclusions, any ``min_score`` and questions of every kind."""

    def scoring() -> dict:
        scores = {offering: generator.randint(-3, 3) for offering in generator.sample(("alpha", "beta", "gamma", "delta"), generator.randint(0, 3))}
        return {"scores": scores, "excludes": ["beta"] if generator.random() < 0.15 else []}

    def question(index: int) -> dict:
        kind = generator.choice(("one", "many", "number"))
        if kind == "number":
            return number(f"q{index}", *[{"up_to": 10 * band, **scoring()} for band in range(generator.randint(0, 2))], scoring())
        answers = {f"a{answer}": scoring() for answer in range(generator.randint(1, 3))}
        return (one if kind == "one" else many)(f"q{index}", **answers)

    return rule(*[question(index) for index in range(generator.randint(1, 4))], offerings=("alpha", "beta", "gamma", "delta"), min_score=generator.randint(-1, 3))


def test_the_walk_agrees_with_trying_every_combination_by_hand() -> None:
    generator = random.Random(15)
    for _ in range(150):
        selector = random_rule(generator)
        every = list(every_answer_set(selector))

        assert outcomes(selector) == [recommend(selector, answers).recommendation for answers in every]
        found = reach(selector)
        assert found is not None and found.idle_questions == brute_idle(selector)


def test_a_many_questions_sets_of_answers_are_each_listed_once_in_the_selectors_order() -> None:
    selector = rule(many("goals", a={}, b={}, c={}))

    listed = [answers.get("goals", ()) for answers in every_answer_set(selector)]

    assert sorted(listed) == sorted(subset for size in range(4) for subset in itertools.combinations("abc", size))
    assert len(set(listed)) == len(listed) == 8
