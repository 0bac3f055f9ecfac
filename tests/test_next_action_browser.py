"""The next action stays in view: on every page type, at a phone's size and a laptop's, in light and dark, the one
`data-next-action` element is inside the viewport when the page opens and when it is scrolled to the end, without
covering the footer or the page's last lines. On a phone the calculator's summary stays in view while each input
is edited, and says what the full results say."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.compute.thresholds import rung_of
from tests.browsing import PAGE_TYPES, serving
from tests.conftest import build_project, copy_project, one_language
from tests.test_calculators import write_calculator
from tests.test_number_bounds import OVERFLOWING

SIZES = {"phone": (390, 844), "laptop": (1280, 800)}
TOUCH_TARGET_PX = 44


@pytest.fixture(params=sorted(SIZES))
def size(request) -> tuple[int, int]:
    return SIZES[request.param]


def opened(browser, size: tuple[int, int], scheme: str = "light", **options):
    width, height = size
    return browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, **options)


def assert_in_viewport(page: Page, locator, where: str) -> dict[str, float]:
    box = locator.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None, where
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (where, box, viewport)
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (where, box, viewport)
    return box


def scroll_to_end(page: Page) -> None:
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("() => Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_the_next_action_is_in_view_at_the_top_and_at_the_end(browser, example_url: str, page_type: str, size: tuple[int, int], scheme: str) -> None:
    context = opened(browser, size, scheme)
    try:
        page = context.new_page()
        page.goto(example_url + PAGE_TYPES[page_type])
        action = page.locator("[data-next-action]")
        expect(action).to_have_count(1)
        bar = page.get_by_role("complementary", name="Next step")
        expect(bar.locator("[data-next-action]")).to_have_count(1)
        expect(bar.locator(".decide-next__threshold")).to_be_visible()
        top = assert_in_viewport(page, action, "when the page opens")
        assert top["height"] >= TOUCH_TARGET_PX

        scroll_to_end(page)
        end = assert_in_viewport(page, action, "at the end of the page")
        bar_box = bar.bounding_box()
        footer = page.locator("footer.md-footer").bounding_box()
        assert bar_box is not None and footer is not None
        assert bar_box["y"] + bar_box["height"] <= footer["y"] + 0.5, "the bar does not cover the footer"
        last_line = bar.evaluate("bar => { const before = bar.previousElementSibling; return before ? before.getBoundingClientRect().bottom : 0; }")
        assert last_line <= bar_box["y"] + 0.5, "the bar does not cover the page's last lines"
        assert end["height"] >= TOUCH_TARGET_PX
    finally:
        context.close()


def test_the_next_action_shows_its_keyboard_focus_and_keeps_still_for_reduced_motion(browser, example_url: str) -> None:
    context = opened(browser, SIZES["phone"], reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(example_url)
        action = page.locator("[data-next-action]")
        page.keyboard.press("Tab")
        action.focus()
        assert action.evaluate("element => getComputedStyle(element).outlineStyle") != "none"
        durations = action.evaluate("element => getComputedStyle(element).transitionDuration").split(", ")
        assert set(durations) == {"0s"}, durations
    finally:
        context.close()


def test_the_selectors_result_changes_the_action_in_view(browser, example_url: str, example_content) -> None:
    context = opened(browser, SIZES["phone"])
    try:
        page = context.new_page()
        page.goto(example_url + PAGE_TYPES["selector"] + "?problem=wrong-items&help-kind=software&pickers=25")
        expect(page.locator("[data-selector-result]")).to_have_attribute("data-recommendation", "scan-to-ship")
        action = page.locator("[data-next-action]")
        wanted = example_content.actions["visit-warehouse"].model
        expect(action).to_have_text(wanted.label)
        expect(page.locator(".decide-next__threshold")).to_have_text(rung_of(example_content, "visit-warehouse").words)
        assert_in_viewport(page, action, "with the result shown")
    finally:
        context.close()


def inputs_of(example_content, calculator_id: str) -> list[tuple[str, str]]:
    """Each input's id and a figure for it in range that differs from its default."""
    figures = []
    for field in example_content.calculators[calculator_id].model.inputs:
        value = field.max if field.default != field.max else field.min
        figures.append((field.id, f"{value:g}"))
    return figures


def tab_to_the_next_field(page: Page) -> None:
    """Tab from an input to the next one, as a keyboard user does: past the links to the reasons that an input's
    evidence line holds, which are in the tab order as every link is."""
    page.keyboard.press("Tab")
    for _ in range(page.locator(".decide-field__evidence a").count()):
        if not page.evaluate("() => document.activeElement.closest('.decide-field__evidence') !== null"):
            return
        page.keyboard.press("Tab")


@pytest.mark.parametrize("calculator_id", ["scan-to-ship-payback", "stock-planner-payback"])
def test_on_a_phone_the_summary_stays_in_view_and_agrees_with_the_results_as_each_input_is_edited(browser, example_url: str, example_content, calculator_id: str) -> None:
    context = opened(browser, SIZES["phone"])
    try:
        page = context.new_page()
        page.goto(f"{example_url}calculators/{calculator_id}/")
        summary = page.locator("[data-decide-summary]")
        headline = summary.locator("[data-summary='headline']")
        net = summary.locator("[data-summary='net']")
        figures = inputs_of(example_content, calculator_id)
        page.locator(f"#input-{figures[0][0]}").focus()
        for name, value in figures:
            field = page.locator(f"#input-{name}")
            expect(field).to_be_focused()
            page.keyboard.press("ControlOrMeta+A")
            page.keyboard.type(value)
            expect(headline).to_have_text(page.locator("[data-decide-results] [data-explanation]:visible").inner_text())
            expect(net).to_have_text(page.locator("[data-output='net_at_horizon'] [data-number]").inner_text())
            summary_box = assert_in_viewport(page, summary, f"while {name} is edited")
            header = page.locator(".md-header").bounding_box()
            field_box = assert_in_viewport(page, field, f"{name} itself")
            assert header is not None and summary_box["y"] >= header["y"] + header["height"] - 0.5, "the header does not cover the summary"
            assert field_box["y"] >= summary_box["y"] + summary_box["height"] - 0.5, f"the summary does not cover {name}"
            tab_to_the_next_field(page)
        assert page.locator("[aria-live]").count() == 1, "the result is announced once, from the summary"
        expect(summary.locator("[aria-live='polite']")).to_have_count(1)
    finally:
        context.close()


def test_figures_out_of_range_show_in_the_summary_too(browser, tmp_path: Path) -> None:
    project = one_language(copy_project(tmp_path / "project"))
    write_calculator(project / "content", OVERFLOWING)
    context = opened(browser, SIZES["phone"])
    try:
        with serving(build_project(project)) as base:
            page = context.new_page()
            page.goto(f"{base}calculators/known/?saving=1000001")
            summary = page.locator("[data-decide-summary]")
            expect(summary.locator("[data-summary-out-of-range]")).to_be_visible()
            expect(summary.locator("[data-summary-result]")).to_be_hidden()
            page.get_by_label("Saving").fill("100")
            expect(summary.locator("[data-summary-result]")).to_be_visible()
            expect(summary.locator("[data-summary-out-of-range]")).to_be_hidden()
    finally:
        context.close()
