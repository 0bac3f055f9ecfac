"""The landing page and the way around the site, in real Chromium at a phone's size and a laptop's, light and dark:
the home page's first screen holds the company's name, its tagline and the way into the selector; the home and tool
pages have no left navigation, and every index page stays reachable from the header (tabs on a laptop, the drawer
on a phone). The selector asks the visitor to check their answers before the result, with a Change for each."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from generator.compute.selector import recommend, rule_of
from generator.load import load_content
from generator.render import render_docs
from generator.render.pages import NAV
from tests.browsing import PAGE_TYPES
from tests.conftest import copy_project
from tests.test_site_browser import SERIOUS

SIZES = {"phone": (390, 844), "laptop": (1280, 800)}
SELECTOR = PAGE_TYPES["selector"]
WITHOUT_LEFT_NAVIGATION = ("home", "calculator", "selector")


def opened(browser, size: str, scheme: str = "light"):
    width, height = SIZES[size]
    return browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_first_screen_holds_the_name_the_tagline_and_the_way_into_the_selector(browser, example_url: str, example_content, size: str, scheme: str) -> None:
    site = example_content.site.model
    context = opened(browser, size, scheme)
    try:
        page = context.new_page()
        page.goto(example_url)
        expect(page.get_by_role("heading", level=1)).to_have_accessible_name(site.name)
        expect(page.locator(".decide-landing__tagline")).to_have_text(site.tagline)
        start = page.get_by_role("link", name="Find what fits you")
        expect(start).to_have_attribute("href", "selectors/where-to-start/")
        expect(start).to_have_class("md-button md-button--primary decide-landing__start")
        box = start.bounding_box()
        bar = page.get_by_role("complementary", name="Next step").bounding_box()
        assert box is not None and bar is not None
        assert 0 <= box["y"] and box["y"] + box["height"] <= bar["y"], "the button is in the first screen, above the next-step bar"
        assert box["height"] >= 44

        cards = page.locator(".grid.cards > ul > li")
        expect(cards).to_have_count(len(example_content.problems))
        for problem_id in example_content.problems:
            expect(page.locator(f".grid.cards a[href='problems/{problem_id}/']")).to_be_visible()
        start.click()
        expect(page).to_have_url(example_url + SELECTOR)
    finally:
        context.close()


def test_without_a_tagline_the_home_page_has_none_and_without_selectors_no_button(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "content" / "site.yml"
    settings = yaml.safe_load(site.read_text(encoding="utf-8"))
    del settings["tagline"]
    site.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    for selector in (project / "content" / "selectors").glob("*.yml"):
        selector.unlink()
    content, diagnostics = load_content(project / "content", project)
    home = render_docs(content, project / "templates").pages["index.md"]
    assert not diagnostics
    assert "decide-landing__tagline" not in home
    assert "Find what fits you" not in home
    assert "# Fernhollow Systems\n" in home


def test_with_two_selectors_the_button_leads_to_the_first_and_the_other_is_listed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    selectors = project / "content" / "selectors"
    (selectors / "zz-second.yml").write_text((selectors / "where-to-start.yml").read_text(encoding="utf-8").replace("title: ", "title: Second look, ", 1), encoding="utf-8")
    content, diagnostics = load_content(project / "content", project)
    home = render_docs(content, project / "templates").pages["index.md"]
    assert not diagnostics
    assert home.count("Find what fits you") == 1
    assert "[Find what fits you](selectors/where-to-start.md)" in home
    assert "- [Second look, " in home and "(selectors/zz-second.md)" in home


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_home_and_tool_pages_hide_the_left_navigation_and_the_tabs_reach_every_index_page(browser, example_url: str, page_type: str) -> None:
    context = opened(browser, "laptop")
    try:
        page = context.new_page()
        page.goto(example_url + PAGE_TYPES[page_type])
        sidebar = page.locator(".md-sidebar--primary")
        if page_type in WITHOUT_LEFT_NAVIGATION:
            expect(sidebar).to_be_hidden()
        tabs = page.locator(".md-tabs")
        expect(tabs).to_be_visible()
        for title, _ in NAV:
            expect(tabs.get_by_role("link", name=title, exact=True)).to_be_visible()
        tabs.get_by_role("link", name="Worksheets", exact=True).click()
        expect(page).to_have_url(example_url + "worksheets/")
    finally:
        context.close()


@pytest.mark.parametrize("page_type", ["home", "calculator", "selector", "offering"])
def test_on_a_phone_the_header_menu_opens_the_drawer_with_every_index_page(browser, example_url: str, page_type: str) -> None:
    context = opened(browser, "phone")
    try:
        page = context.new_page()
        page.goto(example_url + PAGE_TYPES[page_type])
        drawer = page.locator(".md-sidebar--primary")
        expect(page.locator(".md-tabs")).to_be_hidden()
        page.locator(".md-header label[for='__drawer']").click()
        page.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
        sections = drawer.locator(".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link:visible")
        expect(sections).to_have_text([title for title, _ in NAV])
        drawer.get_by_role("link", name="Reasons catalog", exact=True).click()
        expect(page).to_have_url(example_url + "reasons/")
    finally:
        context.close()


def walk_to_the_check(page: Page, answers: dict[str, str]) -> None:
    """Answers each question in turn (a label to check, or a number to type; absent: skipped) up to the check step."""
    for step in page.locator("fieldset[data-step]").all():
        expect(step).to_be_visible()
        answer = answers.get(step.get_attribute("data-step") or "")
        if answer and step.locator("input[type=text]").count():
            step.locator("input[type=text]").fill(answer)
        elif answer:
            step.get_by_label(answer).check()
        page.locator("[data-selector-next]:visible, [data-selector-finish]:visible").click()


def check_rows(page: Page) -> dict[str, str]:
    rows = page.locator("[data-selector-check] [data-check-for]")
    return {row.locator("dt").inner_text(): row.locator("dd").first.inner_text() for row in rows.all()}


@pytest.mark.parametrize("size", sorted(SIZES))
def test_check_your_answers_lists_each_answer_and_change_returns_to_its_question(browser, example_url: str, example_content, size: str) -> None:
    rule = rule_of(example_content, example_content.selectors["where-to-start"].model)
    context = opened(browser, size)
    try:
        page = context.new_page()
        page.goto(example_url + SELECTOR)
        walk_to_the_check(page, {"problem": "Closing the month takes too long", "close-days": "10"})

        heading = page.get_by_role("heading", name="Check your answers")
        expect(heading).to_be_focused()
        expect(page.locator("[data-selector-result]")).to_be_hidden()
        assert page.url == example_url + SELECTOR, "the answers go into the address with the result, not before"
        rows = check_rows(page)
        assert rows["What costs you the most right now?"] == "Closing the month takes too long"
        assert rows["How many working days does your month-end close take?"] == "10 working days"
        assert rows["What kind of help would suit you best?"] == "Not answered"

        page.get_by_role("button", name="Change your answer to: What costs you the most right now?").click()
        expect(page.locator("fieldset[data-step='problem'] legend")).to_be_focused()
        expect(page.get_by_label("Closing the month takes too long")).to_be_checked()
        expect(page.locator("[data-selector-next]")).to_be_hidden()
        page.get_by_label("Customers receive the wrong items or quantities").check()
        page.get_by_role("button", name="Check your answers").click()
        expect(heading).to_be_focused()
        assert check_rows(page)["What costs you the most right now?"] == "Customers receive the wrong items or quantities"

        page.get_by_role("button", name="See the result").click()
        expected = recommend(rule, {"problem": ("wrong-items",), "close-days": 10.0}).recommendation or ""
        expect(page.locator("[data-selector-result]")).to_have_attribute("data-recommendation", expected)
        assert page.url == example_url + SELECTOR + "?problem=wrong-items&close-days=10"
        page.go_back()
        expect(heading).to_be_focused()
        assert check_rows(page)["What costs you the most right now?"] == "Customers receive the wrong items or quantities"
    finally:
        context.close()


def test_a_shared_link_skips_the_check_and_opens_at_the_result(browser, example_url: str) -> None:
    context = opened(browser, "phone")
    try:
        page = context.new_page()
        page.goto(example_url + SELECTOR + "?problem=stock")
        expect(page.locator("[data-selector-result]")).to_have_attribute("data-recommendation", "stock-planner")
        expect(page.locator("[data-selector-check]")).to_be_hidden()
    finally:
        context.close()


def test_the_rule_is_explained_in_a_titled_admonition(browser, example_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(example_url + SELECTOR)
        table = page.locator("details.question[data-selector-table]")
        expect(table).to_have_attribute("open", "")
        expect(table.locator("summary")).to_have_text("How the recommendation is worked out")
        icon = table.locator("summary").evaluate("summary => getComputedStyle(summary, '::before').maskImage || getComputedStyle(summary, '::before').webkitMaskImage")
        assert icon.startswith("url("), "the admonition carries its icon"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_the_check_step_or_the_landing_page(browser, example_url: str, scheme: str) -> None:
    found = []
    for size in sorted(SIZES):
        context = opened(browser, size, scheme)
        try:
            page = context.new_page()
            page.goto(example_url + SELECTOR)
            walk_to_the_check(page, {"problem": "We run out of fast sellers and overstock slow ones"})
            expect(page.locator("[data-selector-check]")).to_be_visible()
            found += Axe().run(page).response["violations"]
            page.goto(example_url)
            page.wait_for_load_state("networkidle")
            found += Axe().run(page).response["violations"]
        finally:
            context.close()
    serious = [f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}" for violation in found if violation["impact"] in SERIOUS]
    assert serious == []


@pytest.mark.parametrize("folder", ["", "el/"])
def test_on_a_phone_no_page_scrolls_sideways_and_the_language_list_opens_on_screen(browser, example_url: str, folder: str) -> None:
    context = opened(browser, "phone")
    try:
        page = context.new_page()
        width = SIZES["phone"][0]
        for page_type in ("home", "offering", "calculator", "selector"):
            page.goto(example_url + folder + PAGE_TYPES[page_type])
            assert page.evaluate("document.documentElement.scrollWidth") <= width, page_type
        page.locator(".md-header__option .md-select button").focus()
        languages = page.locator(".md-header__option .md-select__inner")
        expect(languages).to_have_css("opacity", "1")
        box = languages.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    finally:
        context.close()
