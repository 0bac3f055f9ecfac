"""A calculator's outlook in real Chromium: the cost of waiting, the scenarios and their band, present value, what moves
the result most and the evidence are on the page, recomputed as the prospect types, with exactly the numbers
`decide calc` gives; without JavaScript the page shows the defaults' outlook; the worksheet's PDF prints it."""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import urljoin

import pypdf
import pytest
from playwright.sync_api import expect

from generator.compute.breakeven import defaults
from generator.compute.outlook import discount_rate_of, evidence_for, outlook
from generator.load import load_content
from generator.render.calculators import outlook_chart
from generator.render.catalog_pages import served
from generator.render.markup import Formatter
from tests.browsing import serving
from tests.conftest import build_project, copy_project, one_language
from tests.test_calculator_browser import TYPE_FIGURES, random_figures
from tests.test_calculators import write_calculator

BUILT = """\
title: Built with its own scenarios
offering: scan-to-ship
horizon_months: 10
discount_rate: 12.5
scenarios:
  - {id: worst, label: Worst case, benefits: 0.5, costs: 1.25}
  - {id: likely, label: Likely, benefits: 1, costs: 1}
  - {id: best, label: Best case, benefits: 1.6, costs: 0.9}
  - {id: cheap, label: Cheaper, benefits: 1, costs: 0.5}
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
  - id: error_rate
    label: Error rate
    unit: percent
    default: 1.5
    min: 0
    max: 5
    evidence: {unit: "percentage points of order lines"}
costs:
  - label: Licence
    once: price
  - label: Support
    monthly: price / 50
benefits:
  - label: Saving
    monthly: saving * 2 + error_rate / 100 * 4000
    ramp_months: 3
"""
"""A calculator with four scenarios of its own, its own rate and a horizon shorter than a year (so waiting 12 months is
not worked out), and an input with evidence."""

OUT_OF_RANGE_IN_ITS_BEST_CASE = """\
title: Out of range only in its best case
offering: scan-to-ship
horizon_months: 12
scenarios:
  - {id: expected, label: Expected, benefits: 1, costs: 1}
  - {id: best, label: Best, benefits: 100, costs: 1}
inputs:
  - id: saving
    label: Saving
    unit: money
    default: 1000
    min: 0
    max: 1000000000000
costs:
  - label: Licence
    once: 1000
benefits:
  - label: Saving
    monthly: saving * 1000
"""

READ_MOVING = """() => [...document.querySelectorAll('ol[data-moving] [data-sensitivity]')]
    .filter(item => !item.hidden).map(item => item.dataset.sensitivity)"""

CASES_PER_CALCULATOR = 10


def close(got: str | None, want: object) -> bool:
    """As the break-even differential test compares: both absent, or equal to a billionth."""
    if want is None or got in (None, ""):
        return want is None and got in (None, "")
    return abs(float(got) - float(want)) <= 1e-9 * max(1.0, abs(float(want)))  # type: ignore[arg-type]


def expected_figures(answer: dict) -> dict[str, object]:
    """`decide calc --format json` under the names the page's data-output attributes carry."""
    figures: dict[str, object] = {name: answer[name] for name in ("break_even_month", "net_at_horizon", "roi_percent", "npv", "discounted_break_even_month")}
    figures.update({f"waiting:{waiting['months']}": waiting["cost"] for waiting in answer["waiting"]})
    for scenario in answer["scenarios"]:
        figures.update({f"scenario:{scenario['id']}:{name}": scenario[name] for name in ("break_even_month", "net_at_horizon", "roi_percent")})
    for entry in answer["sensitivity"]:
        figures.update({f"sensitivity:{entry['input']}:low": entry["low"], f"sensitivity:{entry['input']}:high": entry["high"]})
    return figures


def most_moving(answer: dict) -> list[str]:
    return [entry["input"] for entry in answer["sensitivity"][:3] if entry["high"] != entry["low"]]


def disagreements(shown: dict[str, str], answer: dict) -> list[tuple[str, str | None, object]]:
    wanted = expected_figures(answer)
    return [(name, shown.get(name), want) for name, want in wanted.items() if not close(shown.get(name), want)] + [
        (name, value, None) for name, value in shown.items() if name not in wanted
    ]


def chart_parts(page) -> tuple[str | None, str | None]:
    return page.locator("[data-chart='net']").get_attribute("points"), page.locator("[data-chart='band']").get_attribute("points")


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = one_language(copy_project(tmp_path_factory.mktemp("outlook") / "project"))
    write_calculator(project / "content", BUILT, "built")
    write_calculator(project / "content", OUT_OF_RANGE_IN_ITS_BEST_CASE, "best-case")
    return project


@pytest.fixture(scope="module")
def built_site(built_project: Path):
    with serving(build_project(built_project)) as base:
        yield base


@pytest.fixture(scope="module")
def built_content(built_project: Path):
    loaded, _ = load_content(built_project / "content", built_project)
    return loaded


def test_random_figures_give_every_outlook_figure_on_the_page_as_decide_calc_does(decide, browser, built_project: Path, built_site: str, built_content) -> None:
    """Ten random sets of figures on each example calculator and on one with its own scenarios and rate: every figure
    on the page, the order of what moves the result most, and the chart's line and band, as the Python engine gives them."""
    generator = random.Random(20261201)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    wrong = []
    try:
        for calculator_id in ("built", "scan-to-ship-payback", "stock-planner-payback"):
            calculator = built_content.calculators[calculator_id].model
            page.goto(f"{built_site}calculators/{calculator_id}/")
            for _ in range(CASES_PER_CALCULATOR):
                figures = random_figures(generator, calculator)
                run = decide("calc", calculator_id, "--format", "json", *[part for name, value in figures.items() for part in ("--set", f"{name}={value}")], cwd=built_project)
                assert run.status == 0, run.err
                answer = json.loads(run.out)
                shown = page.evaluate(TYPE_FIGURES, figures)
                found = outlook(calculator, {name: float(value) for name, value in figures.items()}, discount_rate_of(calculator, built_content.site.model))
                chart = outlook_chart(found)
                problems = disagreements(shown, answer)
                if page.evaluate(READ_MOVING) != most_moving(answer):
                    problems.append(("most moving", page.evaluate(READ_MOVING), most_moving(answer)))
                if chart_parts(page) != (chart.points, chart.band):
                    problems.append(("chart", chart_parts(page), (chart.points, chart.band)))
                if problems:
                    wrong.append((calculator_id, figures, problems))
    finally:
        context.close()
    assert wrong == []
    assert errors == []


def test_the_built_calculator_shows_its_own_scenarios_rate_and_no_twelve_month_wait(visit, built_site: str, built_content) -> None:
    calculator = built_content.calculators["built"].model
    found = outlook(calculator, {**defaults(calculator), "saving": 300}, 12.5)
    visit.page.goto(f"{built_site}calculators/built/?saving=300")
    table = visit.page.locator("table.decide-calculator__scenarios")
    expect(table.locator("tbody tr")).to_have_count(4)
    for label, benefits, costs in (("Worst case", "50%", "125%"), ("Likely", "100%", "100%"), ("Best case", "160%", "90%"), ("Cheaper", "100%", "50%")):
        expect(table.locator("tr", has_text=label).locator("td").nth(0)).to_have_text(benefits)
        expect(table.locator("tr", has_text=label).locator("td").nth(1)).to_have_text(costs)
    expect(visit.page.locator("[data-chart='band']")).to_have_count(1)
    expect(visit.page.locator("#present-value + p")).to_contain_text("Discounted at 12.5% a year")
    assert [cell.get_attribute("data-output") for cell in visit.page.locator("table.decide-calculator__waiting-table [data-output]").all()] == ["waiting:1", "waiting:3", "waiting:6"]
    expect(visit.page.locator("p[data-output='waiting:1']")).to_have_text(f"Each month you wait costs about {Formatter('en-GB', 'GBP').money(found.waiting[0].cost)}.", use_inner_text=True)
    assert visit.errors == []


def test_when_waiting_costs_nothing_the_page_says_so_in_the_same_place_and_typing_brings_the_cost_back(decide, visit, built_site: str, built_project: Path) -> None:
    answer = json.loads(decide("calc", "built", "--set", "saving=0", "--set", "error_rate=0", "--format", "json", cwd=built_project).out)
    assert all(waiting["cost"] < 0 for waiting in answer["waiting"])
    visit.page.goto(f"{built_site}calculators/built/?saving=0&error_rate=0")
    sentence = visit.page.locator("p[data-output='waiting:1']")
    costs = visit.page.locator("table.decide-calculator__waiting-table td[data-output]")
    expect(sentence).to_have_text("Waiting a month costs you nothing with these figures.", use_inner_text=True)
    expect(costs).to_have_text(["nothing"] * 3, use_inner_text=True)
    assert float(sentence.get_attribute("data-value") or "nan") == answer["waiting"][0]["cost"]
    visit.page.get_by_label("Saving").fill("400")
    answer = json.loads(decide("calc", "built", "--set", "saving=400", "--set", "error_rate=0", "--format", "json", cwd=built_project).out)
    money = Formatter("en-GB", "GBP").money
    expect(sentence).to_have_text(f"Each month you wait costs about {money(answer['waiting'][0]['cost'])}.", use_inner_text=True)
    expect(costs).to_have_text([money(waiting["cost"]) for waiting in answer["waiting"]], use_inner_text=True)
    assert visit.errors == []


def test_a_calculator_without_scenarios_has_no_band_and_no_table(tmp_path: Path, browser) -> None:
    project = one_language(copy_project(tmp_path / "project"))
    write_calculator(project / "content", BUILT.replace(BUILT[BUILT.index("scenarios:") : BUILT.index("inputs:")], "scenarios: []\n"), "plain")
    with serving(build_project(project)) as base:
        page = browser.new_page()
        page.goto(f"{base}calculators/plain/")
        expect(page.locator("[data-chart='net']")).to_have_count(1)
        expect(page.locator("[data-chart='band']")).to_have_count(0)
        expect(page.locator("table.decide-calculator__scenarios")).to_have_count(0)
        page.get_by_label("Saving").fill("700")
        expect(page.locator("[data-output='net_at_horizon']")).not_to_have_attribute("data-value", "")
        page.close()


def test_without_javascript_the_page_shows_the_defaults_outlook_and_the_evidence(browser, built_site: str, built_project: Path, built_content) -> None:
    calculator = built_content.calculators["built"].model
    found = outlook(calculator, defaults(calculator), 12.5)
    answer = found.as_json()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{built_site}calculators/built/")
        shown = {element.get_attribute("data-output"): element.get_attribute("data-value") for element in page.locator("[data-output]").all()}
        assert disagreements(shown, answer) == []
        for part in ("table.decide-calculator__scenarios", "[data-chart='band']", "#present-value", "ol[data-moving]"):
            expect(page.locator(part).first).to_be_visible()
        expect(page.locator("p[data-output='waiting:1']")).to_be_visible()
        assert [item.get_attribute("data-sensitivity") for item in page.locator("ol[data-moving] li:visible").all()] == [entry.input for entry in found.most_moving]
        evidence = evidence_for(built_content, "built")["error_rate"]
        note = page.locator("[data-decide-defaults] .decide-field__evidence")
        measure = Formatter("en-GB", "GBP").measure
        expect(note).to_contain_text(
            f"lowest {measure(evidence.lowest, evidence.unit)}, median {measure(evidence.median, evidence.unit)}, highest {measure(evidence.highest, evidence.unit)}, in {evidence.count} results"
        )
        links = note.locator("a")
        expect(links).to_have_count(evidence.count)
        targets = [urljoin(page.url, link.get_attribute("href") or "") for link in links.all()]
        assert targets == [f"{built_site}{served('index.md', entry.address)}" for entry in evidence.reasons]
        for target, entry in zip(targets, evidence.reasons, strict=True):
            page.goto(target)
            expect(page.locator(f"#{entry.element_id}")).to_have_count(1)
    finally:
        context.close()


def test_figures_out_of_range_in_one_scenario_show_the_notice_as_decide_calc_refuses_them(decide, visit, built_site: str, built_project: Path) -> None:
    for saving, out_of_range in (("1000", False), ("20000000000", True)):
        run = decide("calc", "best-case", "--set", f"saving={saving}", "--format", "json", cwd=built_project)
        assert (run.status == 1 and "Out of range" in run.err) == out_of_range, run.err
        visit.page.goto(f"{built_site}calculators/best-case/?saving={saving}")
        expect(visit.page.locator("form[data-decide-calculator]")).to_be_visible()
        assert (visit.page.locator("[data-decide-out-of-range]").is_visible(), visit.page.locator("[data-decide-results]").is_visible()) == (out_of_range, not out_of_range)
    assert visit.errors == []


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)


def test_the_worksheet_pdf_prints_the_scenarios_the_waiting_cost_present_value_and_evidence(decide, built_project: Path, built_content, tmp_path: Path) -> None:
    calculator = built_content.calculators["built"].model
    found = outlook(calculator, {**defaults(calculator), "saving": 300}, 12.5)
    formatter = Formatter("en-GB", "GBP")
    target = tmp_path / "built.pdf"
    run = decide("worksheet", "break-even", "built", "--prospect", "Ada Ltd", "--set", "saving=300", "-o", str(target), cwd=built_project)
    assert run.status == 0, run.err
    text = pdf_text(target)
    for outcome in found.scenarios:
        assert f"{outcome.scenario.label} {formatter.percent(outcome.scenario.benefits * 100)} {formatter.percent(outcome.scenario.costs * 100)}" in text
        assert formatter.money(outcome.result.net_at_horizon) in text
    assert f"Each month you wait costs about {formatter.money(found.monthly_waiting or 0)}" in text
    assert f"Net present value at 12.5% a year: {formatter.money(found.npv)}" in text
    assert "percentage points of order lines" in text
