"""Break-even calculators without a browser: the formula language, the month model, `decide check` and `decide calc`."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.compute.breakeven import break_even, defaults
from generator.formulas import FormulaError, evaluate, parse, round_half_away
from generator.load.models import Calculator
from tests.conftest import problem_at

INPUTS = ("hours", "rate", "staff")


def value_of(formula: str, **values: float) -> float:
    return evaluate(parse(formula, INPUTS), {"hours": 0.0, "rate": 0.0, "staff": 0.0, **values})


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("2 + 3 * 4", 14),
        ("(2 + 3) * 4", 20),
        ("10 - 4 - 3", 3),
        ("24 / 4 / 3", 2),
        ("-2 * 3", -6),
        ("- -2", 2),
        ("2 * -3 + 1", -5),
        ("1 + 2 < 4", 1),
        ("1 + 2 > 4", 0),
        ("3 == 3", 1),
        ("3 != 3", 0),
        ("2 <= 2", 1),
        ("2 >= 3", 0),
        ("hours * rate + staff", 11),
        ("min(hours, rate, 7)", 2),
        ("max(hours, rate)", 5),
        ("if(hours > 1, 10, 20)", 10),
        ("if(0, 10, 20)", 20),
        ("round(2.5, 0)", 3),
        ("round(-2.5, 0)", -3),
        ("round(1234.5678, 2)", 1234.57),
        ("round(1234, -2)", 1200),
        ("hours / 0", 0),
        ("hours / (rate - 5)", 0),
        (".5 + 1.", 1.5),
    ],
)
def test_formulas_follow_the_usual_precedence(formula: str, expected: float) -> None:
    assert value_of(formula, hours=2, rate=5, staff=1) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("formula", "position", "words"),
    [
        ("hours ** 2", 6, "`**`"),
        ("hours.real", 5, "attribute access"),
        ("rate[0]", 4, "indexing"),
        ("'ten'", 0, "text in quotes"),
        ('"ten"', 0, "text in quotes"),
        ("lambda: 1", 6, "lambdas"),
        ("__import__('os')", 0, "`__import__()` is not a function"),
        ("open(hours)", 0, "`open()` is not a function"),
        ("rates * 2", 0, "Did you mean `rate`?"),
        ("hours % 2", 6, "`%`"),
        ("hours ^ 2", 6, "`^`"),
        ("hours = 2", 6, "`==`"),
        ("hours and rate", 6, "expected an operator"),
        ("1 < hours < 3", 10, "two values at a time"),
        ("(hours + 1", 0, "never closed"),
        ("hours +", 7, "ends too early"),
        ("", 0, "empty"),
        ("1e6", 0, "plain digits"),
        ("12hours", 0, "plain digits"),
        ("min(hours)", 0, "at least two"),
        ("if(hours, 1)", 0, "three values"),
        ("round(hours)", 0, "two values"),
        ("round(hours, rate)", 0, "whole number"),
        ("round(hours, 0.5)", 0, "whole number"),
        ("round(hours, 12)", 0, "whole number"),
        ("min", 0, "is a function"),
        ("hours rate", 6, "expected an operator"),
        ("hours; rate", 5, "`;` is not allowed"),
        ("hours +  @", 9, "`@` is not allowed"),
    ],
)
def test_every_construct_outside_the_language_is_refused_where_it_is_written(formula: str, position: int, words: str) -> None:
    with pytest.raises(FormulaError) as refused:
        parse(formula, INPUTS)
    assert refused.value.position == position
    assert words in refused.value.message


@pytest.mark.parametrize(("value", "digits", "expected"), [(0.5, 0, 1), (1.5, 0, 2), (-0.5, 0, -1), (0.125, 2, 0.13), (1250, -2, 1300), (7, 3, 7)])
def test_round_takes_halves_away_from_zero(value: float, digits: int, expected: float) -> None:
    assert round_half_away(value, digits) == pytest.approx(expected)


def formulas(depth: int = 3) -> st.SearchStrategy[str]:
    """Any formula the language accepts, built from its grammar."""
    leaf = st.one_of(st.sampled_from(INPUTS), st.integers(0, 10**6).map(str), st.decimals(0, 1000, places=3).map(str))
    if depth == 0:
        return leaf
    inner = formulas(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "<", ">=", "==", "!="]), inner).map(lambda parts: f"({parts[0]} {parts[1]} {parts[2]})"),
        inner.map(lambda text: f"-{text}"),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(inner, min_size=2, max_size=3)).map(lambda parts: f"{parts[0]}({', '.join(parts[1])})"),
        st.tuples(inner, st.integers(-9, 9)).map(lambda parts: f"round({parts[0]}, {parts[1]})"),
        st.tuples(inner, inner, inner).map(lambda parts: f"if({parts[0]}, {parts[1]}, {parts[2]})"),
    )


def calculator(**fields: object) -> Calculator:
    base: dict[str, object] = {
        "title": "Known answers",
        "offering": "scan-to-ship",
        "horizon_months": 12,
        "inputs": [
            {"id": "price", "label": "Price", "unit": "money", "default": 1200, "min": 0, "max": 10000},
            {"id": "saving", "label": "Saving", "unit": "money", "default": 100, "min": 0, "max": 1000},
        ],
        "costs": [{"label": "Licence", "once": "price"}],
        "benefits": [{"label": "Saving", "monthly": "saving * 2"}],
    }
    return Calculator.model_validate({**base, **fields})


@pytest.mark.parametrize(("saving", "expected"), [(100, 6.0), (150, 4.0), (70, 8 + 80 / 140), (40, None)])
def test_break_even_is_the_interpolated_first_month_the_net_reaches_zero(saving: float, expected: float | None) -> None:
    result = break_even(calculator(), {"price": 1200, "saving": saving})
    assert result.monthly == [-1200 + 2 * saving * month for month in range(13)]
    assert result.break_even_month == (None if expected is None else pytest.approx(expected))
    assert result.net_at_horizon == -1200 + 24 * saving
    assert result.roi_percent == pytest.approx(100 * (-1200 + 24 * saving) / 1200)


def test_once_items_fall_in_month_0_yearly_in_months_1_and_13_and_ramps_grow_to_the_full_amount() -> None:
    ramped = calculator(
        horizon_months=24,
        costs=[{"label": "Set-up", "once": "300"}, {"label": "Licence", "yearly": "1200"}],
        benefits=[{"label": "Saving", "monthly": "150", "ramp_months": 3}],
    )
    result = break_even(ramped, defaults(ramped))
    assert result.monthly[:4] == [-300, -1450, -1350, -1200]
    assert result.break_even_month == 11
    assert result.monthly[12:14] == [150, -900]
    assert result.net_at_horizon == 750
    assert result.roi_percent == pytest.approx(100 * 750 / 2700)


def test_no_costs_means_no_return_on_cost_and_a_positive_start_breaks_even_at_once() -> None:
    free = calculator(costs=[{"label": "Nothing", "once": "price * 0"}], benefits=[{"label": "Gift", "once": "price"}])
    result = break_even(free, defaults(free))
    assert result.roi_percent is None
    assert result.break_even_month == 0


@pytest.fixture(scope="module")
def example_calculators(example_content) -> dict[str, Calculator]:
    return {calculator_id: located.model for calculator_id, located in example_content.calculators.items()}


def test_the_example_has_two_calculators_whose_defaults_break_even_within_the_horizon(example_calculators) -> None:
    assert len(example_calculators) >= 2
    for example in example_calculators.values():
        result = break_even(example, defaults(example))
        assert result.break_even_month is not None and 0 < result.break_even_month <= example.horizon_months


def in_range_figures(example: Calculator) -> st.SearchStrategy[dict[str, float]]:
    return st.fixed_dictionaries({field.id: st.floats(field.min, field.max) for field in example.inputs})


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_in_range_figures_give_a_consistent_result(example_calculators, data) -> None:
    example = data.draw(st.sampled_from(sorted(example_calculators.values(), key=lambda model: model.title)))
    result = break_even(example, data.draw(in_range_figures(example)))
    assert len(result.monthly) == example.horizon_months + 1
    assert all(math.isfinite(value) for value in result.monthly)
    assert result.net_at_horizon == result.monthly[-1]
    if result.break_even_month is None:
        assert all(value < 0 for value in result.monthly)
    else:
        crossing = math.ceil(result.break_even_month)
        assert result.monthly[crossing] >= 0
        assert all(value < 0 for value in result.monthly[:crossing])
    assert result.roi_percent is None or result.roi_percent == pytest.approx(100 * result.net_at_horizon / result.total_costs)


CALCULATOR_FILE = """\
title: Known answers
offering: scan-to-ship
horizon_months: 12
inputs:
  - id: price
    label: Price
    unit: money
    default: 1200
    min: 0
    max: 10000
  - id: saving
    label: Saving
    unit: money
    default: 100
    min: 0
    max: 1000
costs:
  - label: Licence
    once: price
benefits:
  - label: Saving
    monthly: saving * 2
"""


def write_calculator(content: Path, text: str, name: str = "known") -> str:
    (content / "calculators").mkdir(exist_ok=True)
    (content / "calculators" / f"{name}.yml").write_text(text, encoding="utf-8")
    return f"content/calculators/{name}.yml"


def test_a_calculator_dropped_into_the_content_gives_its_known_answers(decide, content: Path) -> None:
    write_calculator(content, CALCULATOR_FILE)
    run = decide("calc", "known", "--set", "saving=70", "--format", "json", cwd=content.parent)
    assert run.status == 0, run.err
    answer = json.loads(run.out)
    assert set(answer) == {"break_even_month", "net_at_horizon", "roi_percent", "monthly", "inputs", "waiting", "scenarios", "npv", "discounted_break_even_month", "sensitivity", "evidence"}
    assert answer["break_even_month"] == pytest.approx(8 + 80 / 140, rel=1e-12)
    assert answer["net_at_horizon"] == 480
    assert answer["roi_percent"] == 40
    assert answer["inputs"] == {"price": 1200, "saving": 70}
    assert len(answer["monthly"]) == 13

    text = decide("calc", "known", "--set", "saving=70", cwd=content.parent)
    assert "Break-even: after 8.6 months (the money comes back in month 9)" in text.out
    assert "Net after 12 months: £480" in text.out
    assert "Saving: £70" in text.out


@pytest.mark.parametrize(
    ("settings", "words"),
    [
        (["--set", "saving=2000"], "`saving` must be a number from 0 to 1000 (got `2000`)"),
        (["--set", "saving=-1"], "from 0 to 1000"),
        (["--set", "saving=lots"], "`saving` must be a number"),
        (["--set", "saving=nan"], "`saving` must be a number"),
        (["--set", "saving=inf"], "`saving` must be a number"),
        (["--set", "saving=1_0"], "`saving` must be a number"),
        (["--set", "saving=1e999"], "`saving` must be a number"),
        (["--set", "savings=1"], "`savings` is not an input of this calculator; its inputs are: price, saving"),
    ],
)
def test_figures_out_of_range_or_not_numbers_are_refused_naming_the_input(decide, content: Path, settings: list[str], words: str) -> None:
    write_calculator(content, CALCULATOR_FILE)
    run = decide("calc", "known", *settings, cwd=content.parent)
    assert run.status == 1
    assert words in run.err
    assert run.out == ""


def test_an_unknown_calculator_is_named_with_the_known_ones(decide) -> None:
    run = decide("calc", "scan-to-shop-payback")
    assert run.status == 1
    assert "There is no calculator `scan-to-shop-payback`. Did you mean `scan-to-ship-payback`?" in run.err


def test_a_malformed_setting_is_a_usage_error(decide) -> None:
    run = decide("calc", "scan-to-ship-payback", "--set", "pickers")
    assert run.status == 2
    assert "INPUT=VALUE" in run.err


def test_a_formula_error_names_file_line_column_formula_and_what_is_allowed(check, content: Path) -> None:
    file = write_calculator(content, CALCULATOR_FILE.replace("monthly: saving * 2", "monthly: saving ** 2"))
    problem = problem_at(check(), file, "E051")
    assert (problem["line"], problem["column"]) == (22, 21)
    assert problem["field"] == "benefits[0].monthly"
    assert "`saving ** 2`" in problem["message"] and "at character 8" in problem["message"]
    assert "round(x, digits)" in problem["message"]


def test_a_quoted_formula_is_pointed_at_inside_its_quotes(check, content: Path) -> None:
    file = write_calculator(content, CALCULATOR_FILE.replace("once: price", 'once: "price.value"'))
    problem = problem_at(check(), file, "E051")
    assert (problem["line"], problem["column"]) == (19, 17)


def test_division_by_zero_with_the_defaults_is_a_warning_and_counts_as_zero(check, decide, content: Path) -> None:
    text = CALCULATOR_FILE.replace("monthly: saving * 2", "monthly: price / saving").replace("default: 100", "default: 0")
    file = write_calculator(content, text)
    run = check()
    warning = problem_at(run, file, "W050")
    assert warning["severity"] == "warning" and warning["column"] == 20
    assert problem_at(run, file, "W052")["severity"] == "warning"
    answer = json.loads(decide("calc", "known", "--format", "json", cwd=content.parent).out)
    assert answer["monthly"][1] == -1200
    assert answer["break_even_month"] is None


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        (("once: price", "once: price\n    monthly: price"), "E015", "exactly one of `once`, `monthly` or `yearly`"),
        (("id: saving", "id: price"), "E050", "used twice"),
        (("id: saving", "id: monthly-saving"), "E015", "use lowercase letters, digits and underscores"),
        (("id: saving", "id: round"), "E015", "name of a formula function"),
        (("default: 100", "default: 5000"), "E015", "must lie between"),
        (("monthly: saving * 2", "monthly: saving * 2\n    ramp_months: 3\n  - label: Bonus\n    once: 5\n    ramp_months: 2"), "E015", "applies to monthly or yearly"),
        (("offering: scan-to-ship", "offering: scan-to-shop"), "E020", "no offering with the id `scan-to-shop`"),
        (("  - id: saving", "  - id: unused\n    label: Unused\n    unit: number\n    default: 1\n    min: 0\n    max: 2\n  - id: saving"), "W051", "No formula uses the input `unused`"),
    ],
)
def test_calculator_content_problems_are_reported_with_a_fix(check, content: Path, change: tuple[str, str], code: str, words: str) -> None:
    file = write_calculator(content, CALCULATOR_FILE.replace(*change))
    problem = problem_at(check(), file, code)
    assert words in problem["message"]


def test_the_example_calculators_pass_the_strict_check(decide) -> None:
    run = decide("check", "--strict")
    assert run.status == 0, run.out
