"""Numbers have bounds: what content may write, how long and deep a formula may be, and which figures are out of range.

Beyond ``LARGEST_FIGURE`` a written number is refused by the check; beyond the formula limits a formula is an E051 at
the character where it crosses them; a formula whose amount goes beyond ``LARGEST_AMOUNT`` makes those figures
"out of range" in ``decide calc`` and ``decide worksheet`` (exit 1), and an E052 when the defaults do it.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.compute import LARGEST_AMOUNT, typed_number
from generator.compute.breakeven import OutOfRange, break_even
from generator.formulas import DEEPEST_NESTING, LONGEST_FORMULA, MOST_TERMS, FormulaError, as_data, divisions_by_zero, evaluate, names_in, parse, written_out
from generator.load.models import LARGEST_FIGURE, Calculator
from tests.conftest import problem_at
from tests.test_calculators import CALCULATOR_FILE, formulas, write_calculator

INPUTS = ("hours", "rate", "staff")


def refusal(formula: str) -> FormulaError:
    with pytest.raises(FormulaError) as refused:
        parse(formula, INPUTS)
    return refused.value


# Formula length, terms and nesting.


@pytest.mark.parametrize(
    ("formula", "position", "words"),
    [
        ("(" * 200 + "1" + ")" * 200, DEEPEST_NESTING, "more than 30 deep"),
        ("+".join(["1"] * 1000), LONGEST_FORMULA, "longer than 1,000 characters"),
        ("-" * 5000 + "1", LONGEST_FORMULA, "longer than 1,000 characters"),
        ("-" * 31 + "1", DEEPEST_NESTING, "more than 30 deep"),
        ("min(" * 1000 + "1" + ", 1)" * 1000, LONGEST_FORMULA, "longer than"),
        ("min(" * 40 + "1" + ", 1)" * 40, DEEPEST_NESTING * 4 + 3, "more than 30 deep"),
        ("if(" * 40 + "1" + ", 1, 1)" * 40, DEEPEST_NESTING * 3 + 2, "more than 30 deep"),
        ("+".join(["hours"] * 101), 100 * 6, "more than 100 numbers and input ids"),
        ("1" * 400, 0, "larger than the largest number a formula may hold, 1,000,000,000,000"),
        ("hours * 1000000000001", 8, "larger than the largest number"),
        ("٣ + 1", 0, "not one of the digits 0 to 9"),
        ("1 + ١٢", 4, "not one of the digits 0 to 9"),
        ("hours * 1٣", 9, "not one of the digits 0 to 9"),
    ],
)
def test_formulas_beyond_their_bounds_are_refused_where_they_cross_them(formula: str, position: int, words: str) -> None:
    refused = refusal(formula)
    assert refused.position == position
    assert words in refused.message


def test_formulas_right_at_their_bounds_are_read() -> None:
    assert evaluate(parse("(" * DEEPEST_NESTING + "hours" + ")" * DEEPEST_NESTING, INPUTS), {"hours": 2.0}) == 2
    assert evaluate(parse("+".join(["1"] * MOST_TERMS), INPUTS), {}) == MOST_TERMS
    assert evaluate(parse(f"{LARGEST_FIGURE:.0f} + 0." + "0" * (LONGEST_FORMULA - 18), INPUTS), {}) == LARGEST_FIGURE
    assert evaluate(parse("-" * DEEPEST_NESTING + "1", INPUTS), {}) == 1


def stack_depth() -> int:
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


DEEPEST = {
    "functions around a sum": "min(" * 29 + "+".join(["hours"] * 71) + ", hours)" * 29,
    "signs before a product": "-" * 30 + "hours" + " * rate" * 99,
    "nested if": "if(" * 29 + "+".join(["hours"] * 13) + ", rate, staff)" * 29,
    "sums in brackets": "(hours + " * 30 + "hours" + ")" * 30 + " + staff" * 69,
}


@pytest.mark.parametrize("formula", DEEPEST.values(), ids=DEEPEST.keys())
def test_the_deepest_formulas_allowed_need_few_stack_frames_in_every_engine_that_walks_them(formula: str) -> None:
    values = dict.fromkeys(INPUTS, 1.0)
    tree = parse(formula, INPUTS)
    walks: list[Callable[[], object]] = [
        lambda: parse(formula, INPUTS),
        lambda: evaluate(tree, values),
        lambda: written_out(tree, str, str),
        lambda: json.dumps(as_data(tree)),
        lambda: names_in(tree),
        lambda: divisions_by_zero(tree, values),
    ]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(stack_depth() + 320)
    try:
        for walk in walks:
            walk()
    finally:
        sys.setrecursionlimit(limit)


def test_typed_numbers_take_ascii_digits_only() -> None:
    assert typed_number("12.5") == 12.5
    for text in ("٣", "١٢", "12٣", "１２", "۱۲"):
        assert typed_number(text) is None, text


# Numbers written in content.


@pytest.mark.parametrize(
    ("change", "line", "field", "words"),
    [
        (("max: 10000", "max: 1.0e+25"), 10, "inputs[0].max", "at most 1,000,000,000,000"),
        (("min: 0\n    max: 1000\n", "min: -10000000000000\n    max: 1000\n"), 15, "inputs[1].min", "at least -1,000,000,000,000"),
        (("default: 1200", "default: 1.0e+13"), 8, "inputs[0].default", "at most 1,000,000,000,000"),
        (("max: 10000", "max: 10000\n    step: 2000000000000"), 11, "inputs[0].step", "at most 1,000,000,000,000"),
        (("max: 10000", "max: " + "9" * 400), 10, "inputs[0].max", "must be from -1,000,000,000,000 to 1,000,000,000,000"),
    ],
)
def test_calculator_numbers_beyond_the_largest_figure_are_refused_naming_the_bound(check, content: Path, change: tuple[str, str], line: int, field: str, words: str) -> None:
    file = write_calculator(content, CALCULATOR_FILE.replace(*change, 1))
    run = check()
    assert run.status == 1
    problem = problem_at(run, file, "E015")
    assert (problem["line"], problem["field"]) == (line, field)
    assert words in str(problem["message"])


@pytest.mark.parametrize(
    ("formula", "column", "words"),
    [
        ("price * 1" + "0" * 399, 19, "larger than the largest number"),
        ("1.0e+25", 11, "larger than the largest number"),
        ("price * 2.5e+3", 16, "plain digits"),
    ],
)
def test_formula_numbers_beyond_the_largest_figure_are_an_e051_at_their_position(check, content: Path, formula: str, column: int, words: str) -> None:
    file = write_calculator(content, CALCULATOR_FILE.replace("once: price", f"once: {formula}"))
    run = check()
    assert run.status == 1
    problem = problem_at(run, file, "E051")
    assert problem["line"] == 19 and problem["field"] == "costs[0].once"
    assert words in str(problem["message"])
    if "e+" not in formula:
        assert problem["column"] == column


def test_a_bare_number_formula_is_read_in_plain_digits(check, decide, content: Path) -> None:
    write_calculator(content, CALCULATOR_FILE.replace("once: price", "once: 0.00001"))
    assert check().status == 0
    answer = json.loads(decide("calc", "known", "--format", "json", cwd=content.parent).out)
    assert answer["monthly"][0] == -0.00001


def test_a_metric_beyond_the_largest_figure_is_refused(check, content: Path) -> None:
    reasons = content / "reasons" / "care-plan.yml"
    reasons.write_text(reasons.read_text(encoding="utf-8").replace("value: 0\n", "value: 1.0e+25\n", 1), encoding="utf-8")
    problem = problem_at(check(), "content/reasons/care-plan.yml", "E015")
    assert problem["field"].endswith("metric.value")  # type: ignore[union-attr]
    assert "at most 1,000,000,000,000" in str(problem["message"])


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (("max: 500", "max: 5.0e+20"), "max", "at most 1,000,000,000,000"),
        (("up_to: 60", "up_to: -1.0e+13"), "up_to", "at least -1,000,000,000,000"),
        (("min_score: 2", "min_score: 10000000000000000000000"), "min_score", "at most 1,000,000"),
    ],
)
def test_selector_numbers_beyond_their_bounds_are_refused(check, content: Path, change: tuple[str, str], field: str, words: str) -> None:
    selector = content / "selectors" / "where-to-start.yml"
    selector.write_text(selector.read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    run = check()
    assert run.status == 1
    problem = problem_at(run, "content/selectors/where-to-start.yml", "E015")
    assert str(problem["field"]).endswith(field)
    assert words in str(problem["message"])


@pytest.mark.parametrize(
    ("locale", "hint"),
    [("root", None), ("en-", "`en`"), ("en_GB", "`en-GB`"), ("en-gb", "`en-GB`"), ("en-US-POSIX", "`en-US`"), ("x" * 300, None), ("zz-ZZ", None), ("en-GB-" + "a" * 60, "`en-GB`")],
)
def test_only_locales_browsers_accept_pass_with_the_nearest_valid_tag_suggested(check, content: Path, locale: str, hint: str | None) -> None:
    site = content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("locale: en-GB", f"locale: {locale}"), encoding="utf-8")
    run = check()
    assert run.status == 1
    problem = problem_at(run, "content/site.yml", "E015")
    assert (problem["line"], problem["field"]) == (2, "locale")
    assert "is not a locale browsers accept" in str(problem["message"])
    assert "such as en-US, en-GB" in str(problem["message"])
    if hint:
        assert f"write {hint}" in str(problem["message"])


@pytest.mark.parametrize("locale", ["en-US", "de-DE", "zh-Hant-TW", "es-419", "el"])
def test_well_formed_known_locales_pass(check, content: Path, locale: str) -> None:
    site = content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("locale: en-GB", f"locale: {locale}"), encoding="utf-8")
    assert check().status == 0


# Figures out of range.

OVERFLOWING = CALCULATOR_FILE.replace(
    "    min: 0\n    max: 1000\n", "    min: 0\n    max: 1000000000000\n"
).replace("monthly: saving * 2", "monthly: saving * saving * 1000\n  - label: Wobble\n    monthly: " + "*".join(["saving"] * 26) + " - " + "*".join(["saving"] * 26))


AT_THE_BOUND = OVERFLOWING.replace("max: 1000000000000\n", "max: 1000000\n").replace("min: 0\n    max: 10000\n", "min: 1200\n    max: 10000\n") + "scenarios: []\n"
"""Figures at the bound whose every case stays within it: no scenarios, and the sensitivity's 110 % `saving` and 90 % `price`
(a return at its own bound too) clipped to the inputs' range."""


def test_amounts_beyond_the_largest_amount_make_the_figures_out_of_range_naming_the_item(decide, content: Path) -> None:
    write_calculator(content, AT_THE_BOUND, "at-the-bound")
    fine = decide("calc", "at-the-bound", "--set", "saving=1000000", "--format", "json", cwd=content.parent)
    assert fine.status == 0 and json.loads(fine.out)["monthly"][1] == -1200 + 1e15
    write_calculator(content, OVERFLOWING)
    for text_or_json in ("text", "json"):
        run = decide("calc", "known", "--set", "saving=1000001", "--format", text_or_json, cwd=content.parent)
        assert (run.status, run.out) == (1, "")
        assert "Out of range: with these figures the benefit `Saving` comes to more than 1,000,000,000,000,000" in run.err
    nan = decide("calc", "known", "--set", "saving=1000000000000", "--format", "json", cwd=content.parent)
    assert (nan.status, nan.out) == (1, "")
    assert "the benefit `Saving`" in nan.err
    assert "NaN" not in nan.err and "Infinity" not in nan.err and "inf" not in nan.err


def test_an_amount_that_is_no_number_is_out_of_range(content: Path) -> None:
    calculator = Calculator.model_validate(
        {
            "title": "Wobble",
            "offering": "scan-to-ship",
            "inputs": [{"id": "saving", "label": "Saving", "unit": "money", "default": 1, "min": 0, "max": LARGEST_FIGURE}],
            "costs": [{"label": "Licence", "once": "1"}],
            "benefits": [{"label": "Wobble", "monthly": " - ".join(["*".join(["saving"] * 26)] * 2)}],
        }
    )
    assert break_even(calculator, {"saving": 1e11}).monthly[1] == -1
    with pytest.raises(OutOfRange, match="the benefit `Wobble` cannot be worked out") as refused:
        break_even(calculator, {"saving": LARGEST_FIGURE})
    assert (refused.value.side, refused.value.index) == ("benefits", 0)


def test_a_return_beyond_the_largest_amount_is_out_of_range() -> None:
    calculator = Calculator.model_validate(
        {
            "title": "Tiny costs",
            "offering": "scan-to-ship",
            "inputs": [{"id": "price", "label": "Price", "unit": "money", "default": 1, "min": 0, "max": 100}],
            "costs": [{"label": "Fee", "once": "if(price > 0, price, 1 / 1000000000000 / 1000000000000)"}],
            "benefits": [{"label": "Saving", "monthly": "1000"}],
        }
    )
    assert break_even(calculator, {"price": 1}).roi_percent == pytest.approx(100 * (36000 - 1))
    with pytest.raises(OutOfRange, match="the return on what is spent comes to more than 1,000,000,000,000,000%"):
        break_even(calculator, {"price": 0})


def test_a_worksheet_for_figures_out_of_range_is_refused_and_not_written(decide, project: Path, tmp_path: Path) -> None:
    write_calculator(project / "content", AT_THE_BOUND, "at-the-bound")
    sheet = tmp_path / "sheet.html"
    fine = decide("worksheet", "break-even", "at-the-bound", "--prospect", "Acme", "--set", "saving=1000000", "-o", str(sheet), cwd=project)
    assert fine.status == 0 and sheet.exists()
    sheet.unlink()
    write_calculator(project / "content", OVERFLOWING)
    run = decide("worksheet", "break-even", "known", "--prospect", "Acme", "--set", "saving=1000001", "-o", str(sheet), cwd=project)
    assert run.status == 1
    assert "Out of range: with these figures the benefit `Saving`" in run.err
    assert not sheet.exists()


def test_defaults_out_of_range_are_an_e052_at_the_formula(check, content: Path) -> None:
    file = write_calculator(content, OVERFLOWING.replace("default: 100\n", "default: 1000000000\n"))
    run = check()
    assert run.status == 1
    problem = problem_at(run, file, "E052")
    assert (problem["line"], problem["field"]) == (22, "benefits[0].monthly")
    assert "the benefit `Saving` comes to more than 1,000,000,000,000,000" in str(problem["message"])
    assert "defaults" in str(problem["message"])


# The fuzz: any string of formula tokens is a formula or a FormulaError, and never anything else.

TOKENS = (
    ["0", "1", "2.5", ".5", "7.", "1000000000000", "1000000000001", "99999999999999999999", "0.000001", "hours", "rate", "staff", "pay", "min", "round"]
    + ["+", "-", "*", "/", "(", ")", ",", "<", "<=", ">", ">=", "==", "!=", " ", "min(", "max(", "round(", "if(", "**", "%", "=", "1e5", "٣", "\t", "."]
)

PIECES = st.one_of(
    st.sampled_from(TOKENS),
    st.tuples(st.sampled_from(TOKENS), st.integers(1, 40)).map(lambda run: run[0] * run[1]),
    st.tuples(st.sampled_from(TOKENS), st.integers(40, 1200)).map(lambda run: run[0] * run[1]),
)
"""Tokens alone, in short runs, and in runs that cross the limits."""

CLOSING = {"(": ")", "-": "", "min(": ", staff)", "if(": ", 1, rate)", "round(": ", 2)"}


def nested(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A formula wrapped in up to 40 brackets, functions or minus signs: around the nesting limit."""
    return st.tuples(st.sampled_from(sorted(CLOSING)), st.integers(0, 40), inner).map(lambda parts: parts[0] * parts[1] + parts[2] + CLOSING[parts[0]] * parts[1])


FORMULA_LIKE = st.one_of(st.lists(PIECES, min_size=1, max_size=30).map("".join), nested(formulas(2)), nested(st.lists(PIECES, min_size=1, max_size=5).map("".join)))

FIGURES = st.fixed_dictionaries({name: st.one_of(st.floats(-LARGEST_FIGURE, LARGEST_FIGURE), st.sampled_from([0.0, 1.0, -LARGEST_FIGURE, LARGEST_FIGURE])) for name in INPUTS})


def with_cost(formula: str) -> Calculator:
    bound = {"unit": "number", "default": 0, "min": -LARGEST_FIGURE, "max": LARGEST_FIGURE}
    return Calculator.model_validate(
        {
            "title": "Fuzz",
            "offering": "scan-to-ship",
            "horizon_months": 24,
            "inputs": [{"id": name, "label": name, **bound} for name in INPUTS],
            "costs": [{"label": "Fuzzed", "monthly": formula}],
            "benefits": [{"label": "Fuzzed back", "yearly": formula}],
        }
    )


@settings(max_examples=400, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(formula=FORMULA_LIKE, values=FIGURES)
def test_any_string_of_formula_tokens_is_a_formula_whose_figures_are_finite_or_out_of_range_or_a_formula_error(formula: str, values: dict[str, float]) -> None:
    try:
        tree = parse(formula, INPUTS)
    except FormulaError as refused:
        assert 0 <= refused.position <= len(formula)
        return
    written_out(tree, str, repr)
    json.dumps(as_data(tree), allow_nan=False)
    amount = evaluate(tree, values)
    try:
        result = break_even(with_cost(formula), values)
    except OutOfRange:
        assert not abs(amount) <= LARGEST_AMOUNT
        return
    assert abs(amount) <= LARGEST_AMOUNT
    assert all(math.isfinite(value) for value in [*result.monthly, result.net_at_horizon, result.roi_percent or 0.0])
    json.dumps(result.as_json(), allow_nan=False)


def test_a_batch_reports_a_row_out_of_range_with_its_line_and_writes_the_others(decide, project: Path, tmp_path: Path) -> None:
    write_calculator(project / "content", OVERFLOWING)
    sheet = tmp_path / "prospects.csv"
    sheet.write_text("prospect,saving\nAcme,100\nHuge,1000001\n", encoding="utf-8")
    out = tmp_path / "out"
    run = decide("worksheet", "break-even", "known", "--from", str(sheet), "--out-dir", str(out), "--jobs", "1", cwd=project)
    assert run.status == 1
    assert f"{sheet}:3: Out of range: with these figures the benefit `Saving` comes to more than" in run.err
    assert [path.name for path in out.iterdir()] == ["Acme.pdf"]
