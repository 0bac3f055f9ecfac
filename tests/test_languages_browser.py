"""The site in a further language, in real Chromium: every page type's visible wording is its own (shared with the
English page only where it is a number or a name), the switcher keeps the visitor on the page, and calculators,
selectors, shared links and the next action work under /el/ as at /.

The calculator's and the selector's differential tests run here again on the Greek pages, on fewer cases: this module
gives them ``example_url`` as the /el/ address of the translated copy of the example (see test_languages_site.py),
built once for both modules (``languages_project`` in conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.compute.breakeven import break_even, defaults
from generator.render.markup import raw_number
from tests.browsing import PAGE_TYPES, Visit, serving
from tests.test_calculator_browser import assert_random_figures_agree
from tests.test_selector_browser import assert_sample_agrees, example_rule  # noqa: F401 - example_rule: the fixture the selector sample uses

GREEK_EVERY = 4
"""The Greek page gets every 4th of the English run's random figure sets (25 per calculator), and all that do not pay
back. test_calculator_browser.py holds the page's arithmetic to `decide calc` over all 100 per calculator; what the
Greek page adds is its words and number formats (Intl in `el`, the Greek catalog's sentences), which depend on a
result's kind (paid back or not), not on its digits: each kind is shown (asserted), and a Greek entry that broke the
script would stop every update, and so fail any case."""

GREEK_ANSWERS = 12
"""Answer sets on the Greek selector, besides the one that falls back; test_selector_browser.py samples 50 in English.
The Greek page reads the same address and runs the same script: a dozen recommendations, with their reasons and
runner-ups, show its wording at work; the rule itself is held to `decide select` in English."""

VISIBLE_TEXTS = """() => {
    const texts = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const text = walker.currentNode.textContent.replace(/\\s+/g, " ").trim();
        const parent = walker.currentNode.parentElement;
        if (text && parent && parent.checkVisibility({visibilityProperty: true})) texts.add(text);
    }
    return [...texts];
}"""

NOT_WORDS = re.compile(r"[\d\s.,:;%£€$+\-−–—()/×=<>≈·•|#'\"!?…¶]*")
"""A text of numbers, amounts, percentages, dates in digits and punctuation only: the same in any language."""


def names(site: Path) -> set[str]:
    """What stays as it is in every language, being a name or an address rather than words: each language's own
    name in the switcher, and the company's phone number and e-mail address."""
    import yaml

    footer = yaml.safe_load((site.parent / "content" / "site.yml").read_text(encoding="utf-8"))["footer"]
    return {"English (United Kingdom)", "Ελληνικά (Ελλάδα)", "中文 (简体, 中国)", footer["phone"], footer["email"]}


@pytest.fixture(scope="module")
def languages_url(languages_site: Path) -> Iterator[str]:
    with serving(languages_site) as base:
        yield base


@pytest.fixture(scope="module")
def example_url(languages_url: str) -> str:
    """The differential tests' address of the example: here its Greek pages."""
    return languages_url + "el/"


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_each_page_type_in_greek_shares_no_wording_with_english_but_numbers_and_names(browser, languages_url: str, languages_site: Path, kind: str) -> None:
    address = PAGE_TYPES[kind]
    context = browser.new_context()
    try:
        page = context.new_page()
        shown = {}
        for folder in ("", "el/"):
            page.goto(languages_url + folder + address)
            shown[folder] = set(page.evaluate(VISIBLE_TEXTS))
    finally:
        context.close()
    assert shown[""] and shown["el/"]
    shared = {text for text in shown[""] & shown["el/"] if not NOT_WORDS.fullmatch(text)} - names(languages_site)
    assert shared == set(), f"{kind}: the Greek page shows these English texts"


@pytest.mark.parametrize("kind", ["offering", "calculator", "selector"])
def test_the_switcher_takes_the_visitor_to_the_same_page_in_the_other_language(visit: Visit, languages_url: str, kind: str) -> None:
    address = PAGE_TYPES[kind]
    visit.page.goto(languages_url + address)
    visit.page.locator(".md-header__option .md-select").hover()
    visit.page.locator("[data-decide-language='el-GR']").click()
    expect(visit.page).to_have_url(languages_url + "el/" + address)
    expect(visit.page.locator("html")).to_have_attribute("lang", "el")
    visit.page.locator(".md-header__option .md-select").hover()
    visit.page.locator("[data-decide-language='en-GB']").click()
    expect(visit.page).to_have_url(languages_url + address)
    assert visit.errors == []


def test_a_shared_calculator_link_under_el_prefills_its_figures_and_keeps_them_in_the_address(visit: Visit, example_url: str, example_content) -> None:
    calculator = example_content.calculators["scan-to-ship-payback"].model
    visit.page.goto(example_url + "calculators/scan-to-ship-payback/?pickers=20&hourly_cost=18.5")
    expect(visit.page.locator("input[name='pickers']")).to_have_value("20")
    expected = break_even(calculator, {**defaults(calculator), "pickers": 20, "hourly_cost": 18.5})
    expect(visit.page.locator("[data-output='net_at_horizon']")).to_have_attribute("data-value", raw_number(expected.net_at_horizon))
    visit.page.locator("input[name='order_lines']").fill("450")
    expect(visit.page).to_have_url(re.compile(re.escape(example_url + "calculators/scan-to-ship-payback/") + r"\?.*order_lines=450"))
    assert visit.errors == []


def test_the_next_action_under_el_leads_where_the_english_one_does(visit: Visit, languages_url: str) -> None:
    targets = {}
    for folder in ("", "el/"):
        visit.page.goto(languages_url + folder + PAGE_TYPES["offering"])
        action = visit.page.locator("[data-next-action]").first
        expect(action).to_be_visible()
        targets[folder] = (action.get_attribute("data-next-action"), action.get_attribute("href"))
    assert targets["el/"] == targets[""]


def test_the_reasons_filter_under_el_narrows_the_catalog_as_at_the_root(visit: Visit, languages_url: str) -> None:
    counts = {}
    for folder in ("", "el/"):
        visit.page.goto(languages_url + folder + PAGE_TYPES["reasons catalog"])
        counts[folder] = _filtered_counts(visit)
    assert counts["el/"] == counts[""]
    assert visit.errors == []


def _filtered_counts(visit: Visit) -> tuple[int, str]:
    """How many reasons the filter shows for one offering's measured results, and the address it leaves."""
    form = visit.page.locator("form[data-decide-filter]")
    form.locator("select[name='offering']").select_option("stock-planner")
    form.locator("input[name='metric']").check()
    matches = visit.page.locator("[data-decide-matches] article")
    expect(matches.first).to_be_visible()
    return matches.count(), visit.page.url.partition("?")[2]


def test_greek_calculators_give_decide_calc_s_numbers(decide, english_example: Path, browser, example_url: str, example_content) -> None:
    assert_random_figures_agree(decide, english_example, browser, example_url, example_content, every=GREEK_EVERY)


def test_greek_selector_gives_decide_select_s_results(visit: Visit, example_url: str, example_rule, example_content, decide, english_example: Path) -> None:  # noqa: F811 - the fixture imported above
    assert_sample_agrees(visit, example_url, example_rule, example_content, decide, english_example, GREEK_ANSWERS)
