"""Issue 20's model worked out by hand: cost of waiting, scenarios, present value, sensitivity, evidence, and their checks.

The small calculator below pays 1,000 once and gains 300 a month for 6 months, so N is
-1,000, -700, -400, -100, 200, 500, 800 and every figure can be written down with a pencil.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.compute.breakeven import OutOfRange, defaults
from generator.compute.outlook import Outlook, discount_rate_of, evidence_for, median, outlook, scenarios_of, twelfth_root
from generator.load.models import DEFAULT_SCENARIOS, LARGEST_FACTOR, Calculator, Site
from tests.conftest import problem_at
from tests.test_calculators import write_calculator

SMALL = {
    "title": "Known answers",
    "offering": "scan-to-ship",
    "horizon_months": 6,
    "inputs": [
        {"id": "price", "label": "Price", "unit": "money", "default": 1000, "min": 0, "max": 10000},
        {"id": "saving", "label": "Saving", "unit": "money", "default": 300, "min": 0, "max": 1000},
    ],
    "costs": [{"label": "Licence", "once": "price"}],
    "benefits": [{"label": "Saving", "monthly": "saving"}],
}

ONE_PERCENT_A_MONTH = (1.01**12 - 1) * 100
"""The yearly rate whose monthly rate is 1 %: 12.68… % a year."""


def small(**changes: object) -> Calculator:
    return Calculator.model_validate({**SMALL, **changes})


def worked(calculator: Calculator, rate: float = 0.0, **values: float) -> Outlook:
    return outlook(calculator, {**defaults(calculator), **values}, rate)


# Cost of waiting.


def test_waiting_k_months_costs_the_last_k_months_net_and_only_delays_shorter_than_the_horizon_count() -> None:
    result = worked(small())
    assert [(waiting.months, waiting.cost) for waiting in result.waiting] == [(1, 300), (3, 900)]
    assert result.monthly_waiting == 300


def test_a_horizon_of_13_months_has_all_four_delays_and_one_of_12_none_of_12() -> None:
    assert [waiting.months for waiting in worked(small(horizon_months=13)).waiting] == [1, 3, 6, 12]
    assert [waiting.months for waiting in worked(small(horizon_months=12)).waiting] == [1, 3, 6]
    assert worked(small(horizon_months=1)).waiting == ()


def test_waiting_that_costs_nothing_is_listed_but_not_shown() -> None:
    losing = worked(small(), saving=0)
    assert [(waiting.months, waiting.cost) for waiting in losing.waiting] == [(1, 0), (3, 0)]
    assert losing.shown_waiting == () and losing.monthly_waiting is None
    paying_only_at_start = worked(small(costs=[{"label": "Licence", "monthly": "price"}], benefits=[{"label": "Grant", "once": "saving * 100"}]))
    assert [waiting.cost for waiting in paying_only_at_start.waiting] == [-1000, -3000]
    assert paying_only_at_start.shown_waiting == ()


# Scenarios.


def test_the_default_scenarios_scale_the_benefits_by_six_tenths_one_and_fourteen_tenths() -> None:
    result = worked(small())
    assert scenarios_of(small()) == DEFAULT_SCENARIOS
    assert [(outcome.scenario.id, outcome.scenario.label) for outcome in result.scenarios] == [
        ("conservative", "Conservative"),
        ("expected", "Expected"),
        ("ambitious", "Ambitious"),
    ]
    conservative, expected, ambitious = (outcome.result for outcome in result.scenarios)
    assert conservative.monthly == pytest.approx([-1000, -820, -640, -460, -280, -100, 80], rel=1e-12)
    assert conservative.break_even_month == pytest.approx(5 + 100 / 180, rel=1e-12)
    assert (conservative.net_at_horizon, conservative.roi_percent) == (pytest.approx(80, rel=1e-12), pytest.approx(8, rel=1e-12))
    assert expected == result.result
    assert ambitious.break_even_month == pytest.approx(2 + 160 / 420, rel=1e-12)
    assert (ambitious.net_at_horizon, ambitious.roi_percent) == (pytest.approx(1520, rel=1e-12), pytest.approx(152, rel=1e-12))


def test_a_calculator_s_own_scenarios_replace_the_three_and_an_empty_list_turns_them_off() -> None:
    cautious = {"id": "cautious", "label": "Cautious", "benefits": 0.5, "costs": 2}
    (outcome,) = worked(small(scenarios=[cautious])).scenarios
    assert outcome.scenario.label == "Cautious"
    assert outcome.result.monthly == [-2000, -1850, -1700, -1550, -1400, -1250, -1100]
    assert (outcome.result.break_even_month, outcome.result.roi_percent) == (None, -55)
    assert worked(small(scenarios=[])).scenarios == ()


def test_scenarios_in_the_json_of_decide_calc(decide, content: Path) -> None:
    text = json.dumps({**SMALL, "scenarios": [{"id": "cautious", "label": "Cautious", "benefits": 0.5, "costs": 2}]})
    write_calculator(content, text)
    answer = json.loads(decide("calc", "known", "--format", "json", cwd=content.parent).out)
    assert answer["scenarios"] == [{"id": "cautious", "label": "Cautious", "break_even_month": None, "net_at_horizon": -1100, "roi_percent": -55}]
    assert answer["waiting"] == [{"months": 1, "cost": 300}, {"months": 3, "cost": 900}]


def test_a_scenario_beyond_the_largest_amount_makes_the_figures_out_of_range_naming_it(decide, content: Path) -> None:
    write_calculator(content, HUGE_SAVING)
    fine = decide("calc", "known", "--set", "saving=700", "--format", "json", cwd=content.parent)
    assert fine.status == 0, fine.err
    run = decide("calc", "known", "--set", "saving=800", cwd=content.parent)
    assert (run.status, run.out) == (1, "")
    assert "in the scenario `Ambitious`, the benefit `Saving` comes to more than 1,000,000,000,000,000" in run.err


HUGE_SAVING = json.dumps({**SMALL, "benefits": [{"label": "Saving", "monthly": "saving * 1000000000000"}]})
"""In range up to a saving of 714; at 800 only the Ambitious scenario (1.4 times the benefit) goes beyond the bound."""


def test_a_worksheet_or_a_batch_row_out_of_range_in_a_scenario_is_refused_naming_it(decide, project: Path, tmp_path: Path) -> None:
    write_calculator(project / "content", HUGE_SAVING)
    sheet = tmp_path / "sheet.html"
    run = decide("worksheet", "break-even", "known", "--prospect", "Acme", "--set", "saving=800", "-o", str(sheet), cwd=project)
    assert run.status == 1 and not sheet.exists()
    assert "in the scenario `Ambitious`, the benefit `Saving` comes to more than" in run.err
    rows = tmp_path / "prospects.csv"
    rows.write_text("prospect,saving\nAcme,700\nHuge,800\n", encoding="utf-8")
    out = tmp_path / "out"
    batch = decide("worksheet", "break-even", "known", "--from", str(rows), "--out-dir", str(out), "--jobs", "1", cwd=project)
    assert batch.status == 1
    assert f"{rows}:3: Out of range: with these figures, in the scenario `Ambitious`," in batch.err
    assert [path.name for path in out.iterdir()] == ["Acme.pdf"]


def test_defaults_out_of_range_in_a_scenario_are_an_e052_at_the_formula(check, content: Path) -> None:
    inputs = [SMALL["inputs"][0], {**SMALL["inputs"][1], "default": 800}]  # type: ignore[index]
    file = write_calculator(content, json.dumps({**SMALL, "inputs": inputs, "benefits": [{"label": "Saving", "monthly": "saving * 1000000000000"}]}))
    problem = problem_at(check(), file, "E052")
    assert problem["field"] == "benefits[0].monthly"
    assert "in the scenario `Ambitious`" in str(problem["message"])


# Present value.


def test_the_twelfth_root_is_within_one_unit_in_the_last_place_of_the_power() -> None:
    for rate in (0, 0.5, 1, 5, 8, 12.5, 33.3, 50, 99.99, 100):
        x = 1 + rate / 100
        assert abs(twelfth_root(x) - x ** (1 / 12)) <= math.ulp(x ** (1 / 12))
    assert twelfth_root(1.0) == 1.0


def test_at_one_percent_a_month_the_npv_is_the_annuity_of_the_savings_less_the_price() -> None:
    result = worked(small(), ONE_PERCENT_A_MONTH)
    assert result.monthly_rate == pytest.approx(0.01, rel=1e-12)
    annuity = (1 - 1.01**-6) / 0.01
    assert result.npv == pytest.approx(-1000 + 300 * annuity, rel=1e-12)
    assert result.npv == pytest.approx(738.6429423737982, rel=1e-12)
    assert result.discounted[:5] == pytest.approx([-1000, -1000 + 300 / 1.01, -1000 + 300 / 1.01 + 300 / 1.01**2, -117.70443782933347, 170.5896655155114], rel=1e-12)
    assert result.discounted_break_even_month == pytest.approx(3 + 117.70443782933347 / (170.5896655155114 + 117.70443782933347), rel=1e-12)


def test_at_a_zero_rate_the_npv_is_the_net_at_the_horizon_number_for_number() -> None:
    for calculator in (small(), small(horizon_months=37, benefits=[{"label": "Saving", "monthly": "saving * 0.37", "ramp_months": 5}])):
        result = worked(calculator, 0)
        assert result.npv == result.result.net_at_horizon
        assert list(result.discounted) == result.result.monthly
        assert result.discounted_break_even_month == result.result.break_even_month


def test_a_calculator_that_breaks_even_at_month_0_does_so_discounted_too() -> None:
    result = worked(small(benefits=[{"label": "Grant", "once": "2000"}, {"label": "Saving", "monthly": "saving"}]), 8)
    assert (result.result.break_even_month, result.discounted_break_even_month) == (0, 0)
    assert all(outcome.result.break_even_month == 0 for outcome in result.scenarios)


def test_the_discount_rate_is_the_calculator_s_else_the_site_s_else_8() -> None:
    site = Site.model_validate({"name": "N", "locale": "en-GB", "currency": "GBP", "action": "a", "discount_rate": 5})
    assert discount_rate_of(small(discount_rate=3), site) == 3
    assert discount_rate_of(small(), site) == 5
    assert discount_rate_of(small(), None) == 8
    assert discount_rate_of(small(discount_rate=0), site) == 0


def test_decide_calc_says_the_present_value_and_the_rate_used(decide, content: Path) -> None:
    write_calculator(content, json.dumps({**SMALL, "discount_rate": 0}))
    run = decide("calc", "known", cwd=content.parent)
    assert "Each month you wait costs about £300." in run.out
    assert "Starting later costs: 3 months £900." in run.out
    assert "Present value at 0% a year: £800; discounted break-even after 3.3 months" in run.out
    assert "Conservative  after 5.6 months  £80" in run.out
    assert json.loads(decide("calc", "known", "--format", "json", cwd=content.parent).out)["npv"] == 800


# Sensitivity.


def test_sensitivity_moves_each_input_ten_percent_either_way_widest_swing_first() -> None:
    result = worked(small())
    assert [(entry.input, entry.low, entry.high) for entry in result.sensitivity] == [("saving", 620, 980), ("price", 900, 700)]
    assert [entry.input for entry in result.most_moving] == ["saving", "price"]


def test_sensitivity_keeps_each_move_within_the_input_s_range_and_equal_swings_in_input_order() -> None:
    clipped = worked(small(inputs=[{**SMALL["inputs"][0], "min": 950}, {**SMALL["inputs"][1], "default": 1000}]))  # type: ignore[dict-item]
    assert [(entry.input, entry.low, entry.high) for entry in clipped.sensitivity] == [("saving", 4400, 5000), ("price", 5050, 4900)]
    unmoving = worked(small(), price=0, saving=0)
    assert [(entry.input, entry.low, entry.high) for entry in unmoving.sensitivity] == [("price", 0, 0), ("saving", 0, 0)]
    assert unmoving.most_moving == ()


def test_sensitivity_in_the_json_lists_every_input(decide, content: Path) -> None:
    write_calculator(content, json.dumps(SMALL))
    answer = json.loads(decide("calc", "known", "--format", "json", cwd=content.parent).out)
    assert answer["sensitivity"] == [{"input": "saving", "low": 620, "high": 980}, {"input": "price", "low": 900, "high": 700}]
    assert answer["evidence"] == {}


# Evidence.


def test_the_median_of_an_odd_count_is_the_middle_one_and_of_an_even_count_the_mean_of_the_middle_two() -> None:
    assert median([1, 5, 9]) == 5
    assert median([1, 4, 6, 9]) == 5
    assert median([7]) == 7
    assert median([-0.0, 0.0]) == 0 and math.copysign(1, median([-0.0, -0.0])) == 1


EXTRA_REASON = """\
- result: "A wholesaler cut mis-picks by three points."
  offerings: [scan-to-ship]
  metric:
    value: 3
    unit: "percentage points of order lines"
"""


def test_evidence_counts_the_offering_s_reasons_with_exactly_the_unit(decide, content: Path) -> None:
    run = decide("calc", "scan-to-ship-payback", "--format", "json", cwd=content.parent)
    assert json.loads(run.out)["evidence"] == {"error_rate": {"count": 2, "lowest": 1.6, "median": pytest.approx(2.1, rel=1e-15), "highest": 2.6}}
    (content / "reasons" / "extra.yml").write_text(EXTRA_REASON, encoding="utf-8")
    answer = json.loads(decide("calc", "scan-to-ship-payback", "--format", "json", cwd=content.parent).out)
    assert answer["evidence"] == {"error_rate": {"count": 3, "lowest": 1.6, "median": 2.6, "highest": 3}}
    text = decide("calc", "scan-to-ship-payback", cwd=content.parent).out
    assert "Share of order lines picked wrong today: 3 customer results, from 1.6 to 3 percentage points of order lines (median 2.6)" in text


def test_evidence_links_to_the_reasons_in_the_catalog(example_content) -> None:
    found = evidence_for(example_content, "scan-to-ship-payback")
    assert list(found) == ["error_rate"]
    assert [entry.anchor for entry in found["error_rate"].reasons] == ["scan-to-ship-1", "scan-to-ship-21"]
    assert [entry.reason.metric.value for entry in found["error_rate"].reasons if entry.reason.metric] == [1.6, 2.6]


# The checks, with file and line.

SCANNERS = "content/calculators/scan-to-ship-payback.yml"


def edit(content: Path, old: str, new: str) -> str:
    path = content / "calculators" / "scan-to-ship-payback.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_evidence_no_reason_backs_is_a_w054_at_its_unit_naming_the_nearest(check, content: Path) -> None:
    text = edit(content, "unit: percentage points of order lines", "unit: percentage point of order line")
    run = check()
    assert run.status == 0
    problem = problem_at(run, SCANNERS, "W054")
    assert (problem["line"], problem["field"]) == (line_of(text, "unit: percentage point of order line"), "inputs[2].evidence.unit")
    assert "Did you mean `percentage points of order lines`?" in str(problem["message"])
    assert check("--strict").status == 1


@pytest.mark.parametrize(("default", "claims"), [("1.5", "less"), ("2.7", "more")])
def test_a_default_beyond_what_customers_achieved_is_a_w055_at_the_default(check, content: Path, default: str, claims: str) -> None:
    text = edit(content, "    default: 1.7\n", f"    default: {default}\n")
    problem = problem_at(check(), SCANNERS, "W055")
    assert (problem["line"], problem["field"]) == (line_of(text, f"default: {default}"), "inputs[2].default")
    assert f"The default {default} claims {claims} than any customer saw" in str(problem["message"])
    assert "range from 1.6 to 2.6" in str(problem["message"])


def test_a_default_on_the_edge_of_what_customers_achieved_is_fine(check, content: Path) -> None:
    edit(content, "    default: 1.7\n", "    default: 2.6\n")
    assert "W055" not in check().codes()


def test_a_return_over_1000_percent_on_the_defaults_is_a_w056(check, content: Path) -> None:
    file = write_calculator(content, json.dumps({**SMALL, "horizon_months": 12, "costs": [{"label": "Licence", "once": "100"}], "benefits": [{"label": "Saving", "monthly": "saving / 3"}]}))
    problem = problem_at(check(), file, "W056")
    assert problem["field"] == "benefits"
    assert "the return on what is spent is 1,100%" in str(problem["message"])
    write_calculator(content, json.dumps({**SMALL, "horizon_months": 11, "costs": [{"label": "Licence", "once": "100"}], "benefits": [{"label": "Saving", "monthly": "saving / 3"}]}))
    assert "W056" not in check().codes()


def test_a_scenario_id_used_twice_is_an_e053(check, content: Path) -> None:
    twice = [{"id": "low", "label": "Low", "benefits": 0.5, "costs": 1}, {"id": "low", "label": "Lower", "benefits": 0.4, "costs": 1}]
    file = write_calculator(content, json.dumps({**SMALL, "scenarios": twice}, indent=1))
    run = check()
    assert run.status == 1
    problem = problem_at(run, file, "E053")
    assert problem["field"] == "scenarios[1].id"
    assert "`low` is used twice" in str(problem["message"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"discount_rate": 101}, "discount_rate"),
        ({"discount_rate": -1}, "discount_rate"),
        ({"scenarios": [{"id": "wild", "label": "Wild", "benefits": LARGEST_FACTOR + 1, "costs": 1}]}, "scenarios[0].benefits"),
        ({"scenarios": [{"id": "Wild one", "label": "Wild", "benefits": 1, "costs": 1}]}, "scenarios[0].id"),
        ({"scenarios": [{"id": f"s{n}", "label": "S", "benefits": 1, "costs": 1} for n in range(9)]}, "scenarios"),
    ],
)
def test_bad_scenarios_and_rates_are_errors_at_their_field(check, content: Path, change: dict[str, object], field: str) -> None:
    file = write_calculator(content, json.dumps({**SMALL, **change}))
    run = check()
    assert run.status == 1
    assert [problem["field"] for problem in run.problems if problem["file"] == file and problem["severity"] == "error"] == [field]


def test_a_site_discount_rate_out_of_range_is_an_error_on_its_line(check, content: Path) -> None:
    site = content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "discount_rate: 120\n", encoding="utf-8")
    run = check()
    assert run.status == 1
    problem = next(problem for problem in run.problems if problem["file"] == "content/site.yml")
    assert (problem["field"], problem["line"]) == ("discount_rate", len(site.read_text(encoding="utf-8").splitlines()))


# No figure is ever NaN, infinite or -0.

WILD = Calculator.model_validate(
    {
        "title": "Wild",
        "offering": "scan-to-ship",
        "horizon_months": 24,
        "inputs": [
            {"id": "a", "label": "A", "unit": "money", "default": 1, "min": -1e12, "max": 1e12},
            {"id": "b", "label": "B", "unit": "percent", "default": 0, "min": -1e12, "max": 1e12},
        ],
        "costs": [{"label": "Once", "once": "a * b / 100"}, {"label": "Yearly", "yearly": "b * 0 * -1"}],
        "benefits": [{"label": "Monthly", "monthly": "a / b * -1", "ramp_months": 7}, {"label": "Zero", "monthly": "-(a * 0)"}],
    }
)


def figures_in(value: object) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [figure for item in value.values() for figure in figures_in(item)]
    if isinstance(value, (list, tuple)):
        return [figure for item in value for figure in figures_in(item)]
    return []


@settings(max_examples=300, deadline=None)
@given(
    a=st.floats(-1e12, 1e12) | st.sampled_from([0.0, -0.0, 1e12, -1e12]),
    b=st.floats(-1e12, 1e12) | st.sampled_from([0.0, -0.0, 1e-9]),
    rate=st.floats(0, 100),
    factors=st.lists(st.tuples(st.floats(0, LARGEST_FACTOR), st.floats(0, LARGEST_FACTOR)), max_size=3),
)
def test_no_figure_is_ever_nan_infinite_or_minus_zero(a: float, b: float, rate: float, factors: list[tuple[float, float]]) -> None:
    scenarios = [{"id": f"s{n}", "label": "S", "benefits": benefits, "costs": costs} for n, (benefits, costs) in enumerate(factors)]
    calculator = Calculator.model_validate({**WILD.model_dump(exclude_none=True), "scenarios": scenarios})
    try:
        result = outlook(calculator, {"a": a, "b": b}, rate)
    except OutOfRange:
        return
    numbers = figures_in(result.as_json()) + list(result.discounted) + [result.monthly_rate]
    assert all(math.isfinite(number) for number in numbers)
    assert not [number for number in numbers if number == 0 and math.copysign(1, number) < 0]
