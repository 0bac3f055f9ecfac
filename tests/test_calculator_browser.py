"""Break-even calculators in real Chromium: the page computes what `decide calc` computes, as the prospect types,
from shared links, without JavaScript, and never runs what a link carries."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from generator.compute.breakeven import break_even, defaults
from generator.render.markup import raw_number
from tests.browsing import Visit, serving
from tests.conftest import build_project, copy_project, one_language
from tests.test_calculators import CALCULATOR_FILE, write_calculator

OUTPUTS = ("break_even_month", "net_at_horizon", "roi_percent")
SCANNERS = "calculators/scan-to-ship-payback/"

READ_OUTPUTS = """() => Object.fromEntries([...document.querySelectorAll('[data-output]')]
    .map(element => [element.dataset.output, element.dataset.value]))"""

TYPE_FIGURES = """figures => {
    const form = document.querySelector('form[data-decide-calculator]');
    for (const [name, value] of Object.entries(figures)) {
        form.elements[name].value = value;
        form.elements[name].dispatchEvent(new Event('input', {bubbles: true}));
    }
    return Object.fromEntries([...document.querySelectorAll('[data-output]')].map(element => [element.dataset.output, element.dataset.value]));
}"""


def page_numbers(shown: dict[str, str]) -> dict[str, float | None]:
    return {name: None if shown[name] == "" else float(shown[name]) for name in OUTPUTS}


def agree(page: dict[str, float | None], expected: dict[str, object]) -> bool:
    for name in OUTPUTS:
        want = expected[name]
        got = page[name]
        if (want is None) != (got is None):
            return False
        if want is not None and got is not None and abs(got - float(want)) > 1e-9 * max(1.0, abs(float(want))):  # type: ignore[arg-type]
            return False
    return True


def random_figures(generator: random.Random, calculator) -> dict[str, str]:
    """In-range figures, half of them on the input's step and half anywhere in the range, as the query would carry them."""
    figures = {}
    for field in calculator.inputs:
        value = generator.uniform(field.min, field.max)
        if field.step and generator.random() < 0.5:
            value = min(field.max, field.min + round((value - field.min) / field.step) * field.step)
        figures[field.id] = f"{value:.6f}"
    return figures


def assert_random_figures_agree(decide, calc_in: Path, browser, example_url: str, example_content, every: int = 1) -> None:
    """Draws 100 random in-range figure sets for each example calculator and types each ``every``-th into its page at
    ``example_url``, and every draw that does not pay back (rare, and a sentence and a blank of its own): each number
    the page shows must be `decide calc`'s, run in the project ``calc_in``, for the same figures. Both kinds of result
    must come up."""
    generator = random.Random(20261127)
    context = browser.new_context()
    page = context.new_page()
    disagreements = []
    paid_back = set()
    try:
        for calculator_id, located in sorted(example_content.calculators.items()):
            page.goto(f"{example_url}calculators/{calculator_id}/")
            for number in range(100):
                figures = random_figures(generator, located.model)
                pays_back = break_even(located.model, {name: float(value) for name, value in figures.items()}).break_even_month is not None
                if number % every and pays_back:
                    continue
                setting = [argument for name, value in figures.items() for argument in ("--set", f"{name}={value}")]
                run = decide("calc", calculator_id, "--format", "json", *setting, cwd=calc_in)
                assert run.status == 0, run.err
                expected = json.loads(run.out)
                paid_back.add(expected["break_even_month"] is not None)
                shown = page_numbers(page.evaluate(TYPE_FIGURES, figures))
                if not agree(shown, expected):
                    disagreements.append((calculator_id, figures, shown, {name: expected[name] for name in OUTPUTS}))
    finally:
        context.close()
    assert disagreements == []
    assert paid_back == {True, False}


def test_200_random_figures_give_the_same_numbers_on_the_page_as_decide_calc(decide, english_example: Path, browser, example_url: str, example_content) -> None:
    assert_random_figures_agree(decide, english_example, browser, example_url, example_content)


def test_typing_a_figure_updates_the_results_the_sentence_and_the_address(visit: Visit, example_url: str, example_content) -> None:
    calculator = example_content.calculators["scan-to-ship-payback"].model
    visit.page.goto(example_url + SCANNERS)
    pickers = visit.page.get_by_label("Pickers on a typical shift")
    pickers.fill("40")
    expected = break_even(calculator, {**defaults(calculator), "pickers": 40})
    net = visit.page.locator("[data-output='net_at_horizon']")
    expect(net).to_have_attribute("data-value", raw_number(expected.net_at_horizon))
    month = expected.payback_month
    expect(visit.page.locator("[data-explanation='paid-back']")).to_have_text(f"You get your money back in month {month}.")
    expect(visit.page).to_have_url(re.compile(r"[?&]pickers=40(&|$)"))
    assert visit.errors == []


def test_a_figure_out_of_range_is_flagged_and_the_results_keep_the_last_good_one(visit: Visit, example_url: str) -> None:
    visit.page.goto(example_url + SCANNERS)
    before = visit.page.evaluate(READ_OUTPUTS)
    pickers = visit.page.get_by_label("Pickers on a typical shift")
    pickers.fill("5000")
    expect(pickers).to_have_attribute("aria-invalid", "true")
    expect(visit.page.locator("#error-pickers")).to_be_visible()
    assert "error-pickers" in (pickers.get_attribute("aria-describedby") or "")
    assert visit.page.evaluate(READ_OUTPUTS) == before
    pickers.fill("12")
    expect(pickers).to_have_attribute("aria-invalid", "false")
    expect(visit.page.locator("#error-pickers")).to_be_hidden()


def test_a_shared_link_prefills_the_figures_and_the_copy_control_gives_that_link(browser, example_url: str, example_content) -> None:
    calculator = example_content.calculators["scan-to-ship-payback"].model
    figures = {"pickers": "20", "hourly_cost": "18.5"}
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=example_url.rstrip("/"))
    try:
        page = context.new_page()
        page.goto(f"{example_url}{SCANNERS}?{urlencode(figures)}")
        expect(page.get_by_label("Pickers on a typical shift")).to_have_value("20")
        expected = break_even(calculator, {**defaults(calculator), "pickers": 20, "hourly_cost": 18.5})
        expect(page.locator("[data-output='break_even_month']")).to_have_attribute("data-value", raw_number(expected.break_even_month))
        expect(page.locator("[data-decide-notice]")).to_be_hidden()
        page.get_by_label("Order lines picked per working day").fill("450")
        page.get_by_role("button", name="Copy a link to these figures").click()
        expect(page.locator("[data-decide-copy-status]")).to_have_text("Link copied.")
        copied = page.evaluate("navigator.clipboard.readText()")
    finally:
        context.close()
    query = parse_qs(urlsplit(copied).query)
    assert (query["pickers"], query["hourly_cost"], query["order_lines"]) == (["20"], ["18.5"], ["450"])
    assert set(query) == {field.id for field in calculator.inputs}


HOSTILE_QUERY = (
    "pickers=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E&order_lines=1e999&error_rate=-5&cost_per_error=javascript:window.__pwned=2"
    "&hourly_cost=NaN&checking_hours=0x10&%3Cscript%3Ewindow.__pwned%3D3%3C%2Fscript%3E=1"
)


def test_hostile_query_values_are_ignored_with_a_notice_and_never_run(visit: Visit, example_url: str, example_content) -> None:
    calculator = example_content.calculators["scan-to-ship-payback"].model
    dialogs: list[str] = []
    visit.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visit.page.goto(f"{example_url}{SCANNERS}?{HOSTILE_QUERY}")
    notice = visit.page.locator("[data-decide-notice]")
    expect(notice).to_be_visible()
    for field in calculator.inputs:
        expect(notice).to_contain_text(field.label)
    expect(notice).to_contain_text("1 value this calculator does not have")
    assert visit.page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert visit.page.locator("article img, article script").count() == 0
    expected = break_even(calculator, defaults(calculator))
    assert page_numbers(visit.page.evaluate(READ_OUTPUTS)) == {name: getattr(expected, name) for name in OUTPUTS}
    expect(visit.page.get_by_label("Pickers on a typical shift")).to_have_value("12")


def test_a_mailto_action_carries_the_figures_and_the_result(visit: Visit, example_url: str, example_content) -> None:
    action = example_content.actions["request-proposal"].model
    visit.page.goto(f"{example_url}{SCANNERS}?pickers=30")
    href = visit.page.locator("[data-next-action]").get_attribute("href") or ""
    address, _, query = href.partition("?")
    assert address == action.url.partition("?")[0]
    mail = {name: unquote(value) for name, value in (part.split("=", 1) for part in query.split("&"))}
    headline = visit.page.locator("[data-explanation]:visible").inner_text()
    assert mail["subject"] == f"Proposal request: {headline}"
    assert "Pickers on a typical shift: 30" in mail["body"]
    assert "Net after 36 months: £" in mail["body"]
    assert "pickers=30" in mail["body"]


def test_without_javascript_the_page_shows_the_defaults_result(browser, example_url: str, example_content) -> None:
    calculator = example_content.calculators["stock-planner-payback"].model
    expected = break_even(calculator, defaults(calculator))
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(example_url + "calculators/stock-planner-payback/")
        expect(page.locator("form[data-decide-calculator]")).to_be_hidden()
        defaults_list = page.locator("[data-decide-defaults]")
        for field in calculator.inputs:
            expect(defaults_list).to_contain_text(field.label)
        expect(page.locator("[data-explanation='paid-back']")).to_have_text(f"You get your money back in month {expected.payback_month}.")
        for name in OUTPUTS:
            assert page.locator(f"[data-output='{name}']").get_attribute("data-value") == raw_number(getattr(expected, name))
        assert len((page.locator("[data-chart='net']").get_attribute("points") or "").split()) == calculator.horizon_months + 1
        expect(page.locator("[data-next-action]")).to_be_visible()
    finally:
        context.close()


def test_the_offering_page_links_to_its_calculator(visit: Visit, example_url: str) -> None:
    visit.page.goto(example_url + "offerings/scan-to-ship/")
    visit.page.get_by_role("link", name="When do scanners pay for themselves?").click()
    expect(visit.page.get_by_role("heading", level=1, name="When do scanners pay for themselves?")).to_be_visible()


@pytest.fixture(scope="module")
def known_site(tmp_path_factory: pytest.TempPathFactory):
    project = one_language(copy_project(tmp_path_factory.mktemp("known") / "project"))
    write_calculator(project / "content", CALCULATOR_FILE)
    with serving(build_project(project)) as base:
        yield base


@pytest.mark.parametrize(("saving", "expected"), [("100", (6.0, 1200.0, 100.0)), ("70", (8 + 80 / 140, 480.0, 40.0)), ("40", (None, -240.0, -20.0))])
def test_a_calculator_with_known_answers_shows_them_on_its_page(visit: Visit, known_site: str, saving: str, expected: tuple) -> None:
    visit.page.goto(f"{known_site}calculators/known/?saving={saving}")
    expect(visit.page.locator("[data-output='net_at_horizon']")).to_have_attribute("data-value", raw_number(expected[1]))
    shown = page_numbers(visit.page.evaluate(READ_OUTPUTS))
    assert shown["break_even_month"] == (None if expected[0] is None else pytest.approx(expected[0], rel=1e-12))
    assert (shown["net_at_horizon"], shown["roi_percent"]) == expected[1:]
    if expected[0] is None:
        expect(visit.page.locator("[data-explanation='not-paid-back']")).to_be_visible()
        expect(visit.page.locator("[data-output='break_even_month'] [data-when='none']")).to_have_text("not within 12 months")
        expect(visit.page.locator("[data-output='break_even_month'] [data-when='number']")).to_be_hidden()
    expect(visit.page.locator("[data-decide-notice]")).to_be_hidden()
    assert visit.errors == []


def test_the_chart_marks_break_even_where_the_line_crosses_zero(visit: Visit, known_site: str) -> None:
    visit.page.goto(f"{known_site}calculators/known/?saving=100")
    mark = visit.page.locator("[data-chart='break-even'] circle")
    zero = float(visit.page.locator("[data-chart='zero']").get_attribute("y1") or "nan")
    assert float(mark.get_attribute("cy") or "nan") == pytest.approx(zero)
    plot = [float(part) for part in (visit.page.locator("svg[data-plot]").get_attribute("data-plot") or "").split()]
    assert float(mark.get_attribute("cx") or "nan") == pytest.approx(plot[0] + 6 * plot[2] / 12, abs=0.1)
    visit.page.goto(f"{known_site}calculators/known/?saving=40")
    expect(visit.page.locator("[data-chart='break-even']")).to_have_attribute("visibility", "hidden")


def test_no_number_on_the_page_reads_nan_infinity_undefined_or_minus_zero(visit: Visit, known_site: str) -> None:
    for saving in ("0", "50", "600", "1000"):
        visit.page.goto(f"{known_site}calculators/known/?saving={saving}&price=0")
        text = visit.page.locator("article").inner_text()
        for word in ("NaN", "Infinity", "undefined", "-£0", "-0 ", "−£0"):
            assert word not in text, (saving, word)


def test_the_example_pages_build_into_site_paths(example_site: Path, example_content) -> None:
    for calculator_id in example_content.calculators:
        assert (example_site / "calculators" / calculator_id / "index.html").is_file()


def test_amounts_follow_the_site_locale_and_currency_with_and_without_javascript(browser, tmp_path: Path) -> None:
    project = one_language(copy_project(tmp_path / "project"))
    site_file = project / "content" / "site.yml"
    site_file.write_text(site_file.read_text(encoding="utf-8").replace("locale: en-GB", "locale: de-DE").replace("currency: GBP", "currency: EUR"), encoding="utf-8")
    shown = {}
    with serving(build_project(project)) as base:
        for javascript in (True, False):
            context = browser.new_context(java_script_enabled=javascript)
            page = context.new_page()
            page.goto(base + SCANNERS)
            shown[javascript] = [page.locator(f"[data-output='{name}'] [data-number]").inner_text() for name in OUTPUTS]
            context.close()
    assert shown[True] == shown[False]
    months, net, roi = shown[True]
    assert "," in months and net.endswith("€") and "." in net and roi.endswith("%")


def test_figures_out_of_range_show_the_notice_exactly_where_decide_calc_says_so_and_never_nan(decide, visit: Visit, tmp_path: Path) -> None:
    from tests.test_number_bounds import OVERFLOWING

    project = one_language(copy_project(tmp_path / "project"))
    tiny_or_large_costs = "once: if(price > 0, price, 1 / 1000000000000 / 1000000000000)\n  - label: Hardware\n    monthly: saving * saving * 999"
    write_calculator(project / "content", OVERFLOWING.replace("once: price", tiny_or_large_costs))
    notice = visit.page.locator("[data-decide-out-of-range]")
    disagreements = []
    seen = set()
    with serving(build_project(project)) as base:
        for price in ("0", "1200"):
            for saving in ("0", "1", "1000", "1000000", "1000001", "100000000000", "1000000000000"):
                run = decide("calc", "known", "--set", f"price={price}", "--set", f"saving={saving}", "--format", "json", cwd=project)
                out_of_range = run.status == 1 and "Out of range" in run.err
                assert out_of_range or run.status == 0, run.err
                seen.add(out_of_range)
                visit.page.goto(f"{base}calculators/known/?price={price}&saving={saving}")
                expect(visit.page.locator("form[data-decide-calculator]")).to_be_visible()
                text = visit.page.locator("article").inner_text()
                assert "NaN" not in text and "Infinity" not in text, (price, saving)
                shown = notice.is_visible(), visit.page.locator("[data-decide-results]").is_visible(), visit.page.locator("[data-decide-workings]").is_visible()
                if shown != (out_of_range, not out_of_range, not out_of_range):
                    disagreements.append((price, saving, shown, run.err))
                elif not out_of_range:
                    assert agree(page_numbers(visit.page.evaluate(READ_OUTPUTS)), json.loads(run.out)), (price, saving)
        visit.page.get_by_label("Saving").fill("100")
        expect(notice).to_be_hidden()
        back_in_range = json.loads(decide("calc", "known", "--set", "saving=100", "--format", "json", cwd=project).out)
        expect(visit.page.locator("[data-output='net_at_horizon']")).to_have_attribute("data-value", raw_number(back_in_range["net_at_horizon"]))
    assert disagreements == []
    assert seen == {True, False}
    assert visit.errors == []
