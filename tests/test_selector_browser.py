"""The selector page in real Chromium: it gives the same result as `decide select` for the same answers,
works from the keyboard alone, keeps its answers in the address, shrugs off hostile addresses, still helps
without JavaScript, and passes axe-core in light and dark.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from generator.compute.selector import Answers, every_answer_set, plain_number, recommend, rule_of
from tests.browsing import Visit, serving
from tests.conftest import build_project, copy_project, one_language
from tests.test_site_browser import SERIOUS
from tests.test_site_safety import INJECTED

PAGE = "selectors/where-to-start/"
SAMPLE = 50


@pytest.fixture(scope="module")
def example_rule(example_content):
    return rule_of(example_content, example_content.selectors["where-to-start"].model)


def pairs(answers: Answers) -> list[tuple[str, str]]:
    """One ``(question, answer)`` pair per chosen answer, as `decide select --answer` and the address take them."""
    return [(question, str(answer)) for question, given in answers.items() for answer in (given if isinstance(given, tuple) else [plain_number(given)])]


def address(answers: Answers) -> str:
    """The query a shared result carries."""
    return "?" + urlencode(pairs(answers))


def result_of(page: Page) -> tuple[str, str, str]:
    """What the page shows once the result is up: the recommendation, and the next action's id and address."""
    result = page.locator("[data-selector-result]")
    expect(result).to_be_visible()
    action = page.locator("[data-next-action]")
    return result.get_attribute("data-recommendation") or "", action.get_attribute("data-next-action") or "", action.get_attribute("href") or ""


def test_a_sample_of_every_combination_gives_the_same_result_on_the_page_as_decide_select(visit: Visit, example_url: str, example_rule, example_content, decide, english_example: Path) -> None:
    assert_sample_agrees(visit, example_url, example_rule, example_content, decide, english_example, SAMPLE)


def assert_sample_agrees(visit: Visit, example_url: str, example_rule, example_content, decide, select_in: Path, size: int) -> None:
    """A sample of ``size`` of every combination with at least one answer (a link without answers opens at the first
    question), and one that falls back: the page at ``example_url`` shows what `decide select`, run in the project
    ``select_in``, gives for each."""
    every = [answers for answers in every_answer_set(example_rule) if answers]
    sample = random.Random(7).sample(every, size)
    sample.append(next(answers for answers in every if recommend(example_rule, answers).recommendation is None))
    for answers in sample:
        arguments = [argument for question, answer in pairs(answers) for argument in ("--answer", f"{question}={answer}")]
        run = decide("select", "where-to-start", "--format", "json", *arguments, cwd=select_in)
        assert run.status == 0, run.err
        expected = json.loads(run.out)
        visit.page.goto(example_url + PAGE + address(answers), wait_until="domcontentloaded")

        shown = result_of(visit.page)

        action = example_content.actions[expected["action"]].model
        assert shown == (expected["recommendation"] or "", expected["action"], action.url), answers
        block = visit.page.locator(f"[data-result-for='{expected['recommendation'] or ''}']")
        expect(block).to_be_visible()
        expect(block.locator("[data-selector-because] dt")).to_have_count(len(expected["because"]) if expected["recommendation"] else 0)
        expect(visit.page.locator("[data-runner-up-for]:visible")).to_have_count(1 if expected["runner_up"] else 0)
        expect(visit.page.locator("[data-selector-notice]")).to_be_hidden()
    assert visit.errors == []


def tab_to(page: Page, target, limit: int = 60) -> None:
    """Presses Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def test_a_keyboard_alone_reaches_a_result_and_focus_follows_each_step(visit: Visit, example_url: str, example_rule) -> None:
    """Tab, Space and Enter, and digits for the numbers: a radio group takes Tab to its first answer and Space to choose it."""
    page = visit.page
    page.goto(example_url + PAGE)
    form = page.locator("[data-selector-form]")
    next_button = form.locator("[data-selector-next]")
    legend = page.locator("fieldset[data-step]:visible legend")

    tab_to(page, form.locator("input[value='wrong-items']"))
    page.keyboard.press("Space")
    tab_to(page, next_button)
    page.keyboard.press("Enter")
    expect(legend).to_be_focused()
    expect(legend).to_contain_text("2 of 5")

    tab_to(page, form.locator("input[value='routines']"))
    page.keyboard.press("Space")
    tab_to(page, next_button)
    page.keyboard.press("Enter")
    expect(legend).to_contain_text("3 of 5")
    expect(legend).to_be_focused()

    page.keyboard.press("Tab")
    expect(form.locator("input[value='software']")).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, next_button)
    page.keyboard.press("Enter")
    expect(legend).to_contain_text("4 of 5")

    page.keyboard.press("Tab")
    expect(form.locator("#answer-pickers")).to_be_focused()
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    expect(legend).to_contain_text("5 of 5")
    expect(legend).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_focused()
    tab_to(page, page.get_by_role("button", name="See the result"))
    page.keyboard.press("Enter")

    expected = recommend(example_rule, {"problem": ("wrong-items",), "goals": ("routines",), "help-kind": ("software",), "pickers": 3.0, "close-days": 12.0})
    assert result_of(page)[0] == expected.recommendation == "close-assist"
    expect(page.locator("[data-result-for='close-assist'] h2")).to_be_focused()
    because = page.locator("[data-result-for='close-assist'] [data-selector-because]")
    expect(because.locator("dt")).to_have_text(["How many working days does your month-end close take?", "What kind of help would suit you best?"])
    expect(because.locator("dd")).to_have_text(["12 working days", "Software that takes over the routine work"])
    tab_to(page, page.get_by_role("button", name="Start again"))
    page.keyboard.press("Enter")
    expect(page.locator("fieldset[data-step='problem'] legend")).to_be_focused()
    assert visit.errors == []


def test_a_wrong_number_keeps_the_visitor_on_its_step_with_the_rule_for_it(visit: Visit, example_url: str) -> None:
    page = visit.page
    page.goto(example_url + PAGE + "?problem=stock")
    page.get_by_role("button", name="Change my answers").click()
    for _ in range(3):
        page.get_by_role("button", name="Next question").click()
    field = page.get_by_label("Number of pickers, from 0 to 500")
    field.fill("five hundred")
    page.get_by_role("button", name="Next question").click()

    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#error-pickers")).to_be_visible()
    field.fill("")
    page.get_by_role("button", name="Next question").click()
    expect(page.locator("fieldset[data-step='close-days']")).to_be_visible()


def test_back_and_forward_keep_the_answers_and_the_browser_history_moves_between_questions_and_result(visit: Visit, example_url: str) -> None:
    page = visit.page
    page.goto(example_url + PAGE)
    page.get_by_label("Closing the month takes too long").check()
    page.get_by_role("button", name="Next question").click()
    page.get_by_role("button", name="Back").click()
    expect(page.locator("fieldset[data-step='problem'] legend")).to_be_focused()
    expect(page.get_by_label("Closing the month takes too long")).to_be_checked()
    expect(page.get_by_role("button", name="Back")).to_be_hidden()

    page.get_by_role("button", name="Next question").click()
    page.get_by_label("Management accounts arrive in the first week of the month").check()
    for _ in range(3):
        page.get_by_role("button", name="Next question").click()
    page.get_by_label("Number of working days, from 1 to 30").fill("10")
    page.get_by_role("button", name="Check your answers").click()
    page.get_by_role("button", name="See the result").click()
    assert result_of(page)[:2] == ("close-assist", "request-proposal")
    shared = page.url
    assert shared == example_url + PAGE + "?problem=month-end&goals=faster-close&close-days=10"

    page.go_back()
    expect(page.locator("[data-selector-check]")).to_be_visible()
    expect(page.locator("[data-selector-result]")).to_be_hidden()
    expect(page.locator("[data-next-action]")).to_have_attribute("data-next-action", "book-call")
    page.go_back()
    expect(page.locator("fieldset[data-step='close-days']")).to_be_visible()
    expect(page.locator("[data-selector-check]")).to_be_hidden()
    page.go_forward()
    expect(page.locator("[data-selector-check]")).to_be_visible()
    page.go_forward()
    assert result_of(page)[:2] == ("close-assist", "request-proposal")

    page.get_by_role("button", name="Start again").click()
    expect(page.locator("fieldset[data-step='problem'] legend")).to_be_focused()
    expect(page.get_by_label("Closing the month takes too long")).not_to_be_checked()
    assert page.url == example_url + PAGE
    assert visit.errors == []


def test_a_shared_result_link_reopens_the_same_result_and_its_answers(browser, example_url: str) -> None:
    link = example_url + PAGE + "?problem=wrong-items&goals=catch-errors&goals=routines&help-kind=software&pickers=25.5"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(link)
        assert result_of(page) == ("scan-to-ship", "visit-warehouse", "https://fernhollow.example/warehouse-visits")
        because = page.locator("[data-result-for='scan-to-ship'] [data-selector-because]")
        expect(because.locator("dt").nth(2)).to_have_text("How many people pick orders in your warehouse on a normal day?")
        expect(because.locator("dd").nth(2)).to_have_text("25.5 pickers")
        page.get_by_role("button", name="Change my answers").click()
        expect(page.get_by_label("Customers receive the wrong items or quantities")).to_be_checked()
        expect(page.get_by_label("Everyone follows the same routines, new starters included")).to_be_checked()
        expect(page.get_by_label("Number of pickers, from 0 to 500")).to_have_value("25.5")
    finally:
        context.close()


HOSTILE = [
    "problem=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E",
    "problem=javascript:window.__pwned=2",
    "pickers=%22%3E%3Csvg%20onload%3Dwindow.__pwned%3D3%3E",
    "goals=%3Cscript%3Ewindow.__pwned%3D4%3C/script%3E&help-kind=",
    "__proto__=x&constructor=y&toString=z",
    "pickers=1e3&close-days=-1&pickers=0x10",
    "%3Cb%3E=bold",
]
"""Addresses with nothing valid in them: each opens at the first question, with the notice."""


def test_hostile_addresses_never_run_and_are_left_out_with_a_notice(visit: Visit, example_url: str) -> None:
    dialogs: list[str] = []
    visit.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for query in HOSTILE:
        visit.page.goto(example_url + PAGE + "?" + query)

        expect(visit.page.locator("[data-selector-notice]")).to_be_visible()
        expect(visit.page.locator("fieldset[data-step='problem']")).to_be_visible()
        visit.page.wait_for_load_state("networkidle")
        assert visit.page.evaluate("window.__pwned") is None, query
        assert visit.page.evaluate(INJECTED) == [], query
        assert visit.page.locator(".decide-selector img, .decide-selector svg, .decide-selector script, .decide-selector b").count() == 0, query
    assert dialogs == []
    assert visit.errors == []


def test_valid_answers_beside_wrong_ones_still_give_their_result(visit: Visit, example_url: str) -> None:
    visit.page.goto(example_url + PAGE + "?problem=stock&goals=%3Cimg%20src%3Dx%3E&problem=one-person&pickers=1e3")

    assert result_of(visit.page)[0] == "stock-planner"
    expect(visit.page.locator("[data-selector-notice]")).to_be_visible()
    expect(visit.page.locator("[data-selector-notice]")).to_have_text("Part of the link you followed did not match these questions, so it was left out.")
    visit.page.get_by_role("button", name="Change my answers").click()
    expect(visit.page.get_by_label("Too much depends on one or two people")).not_to_be_checked()
    expect(visit.page.get_by_label("Number of pickers, from 0 to 500")).to_have_value("")


def test_without_javascript_the_decision_table_is_the_page(browser, example_url: str, example_content) -> None:
    selector = example_content.selectors["where-to-start"].model
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(example_url + PAGE + "?problem=stock")
        expect(page.locator("[data-selector-form]")).to_be_hidden()
        expect(page.locator("[data-selector-result]")).to_be_hidden()
        tables = page.locator("[data-selector-table] table")
        expect(tables).to_have_count(len(selector.questions))
        for question, table in zip(selector.questions, tables.all(), strict=True):
            expect(table).to_be_visible()
            expect(table.locator("caption")).to_have_text(question.text)
        stock = tables.first.locator("tr", has_text="We run out of fast sellers")
        expect(stock.locator("td")).to_have_text(["0", "+3", "0", "0", "0"])
        expect(tables.nth(3).locator("tr", has_text="up to 0").locator("td").first).to_have_text("ruled out")
        expect(page.locator("[data-next-action]")).to_have_attribute("data-next-action", selector.fallback_action)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_in_a_step_an_error_or_a_result(browser, example_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    found = []
    try:
        page = context.new_page()
        page.goto(example_url + PAGE + "?problem=stock")
        page.get_by_role("button", name="Change my answers").click()
        for _ in range(3):
            page.get_by_role("button", name="Next question").click()
        page.get_by_label("Number of pickers, from 0 to 500").fill("many")
        page.get_by_role("button", name="Next question").click()
        found += Axe().run(page).response["violations"]
        page.goto(example_url + PAGE + "?problem=stock&goals=right-stock&goals=cover&pickers=0")
        expect(page.locator("[data-runner-up-for]:visible")).to_have_count(1)
        found += Axe().run(page).response["violations"]
    finally:
        context.close()
    serious = [f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}" for violation in found if violation["impact"] in SERIOUS]
    assert serious == []


KNOWN = """\
title: Known answers
intro: A selector whose every answer is known in advance.
offerings: [stock-planner, care-plan, scan-to-ship]
min_score: 2
fallback_action: read-guide
questions:
  - id: need
    text: What do you need?
    kind: one
    answers:
      - {id: stock, label: Stock, scores: {stock-planner: 3}}
      - {id: cover, label: Cover, scores: {care-plan: 3}}
      - {id: either, label: Either, scores: {stock-planner: 2, care-plan: 2}}
  - id: extras
    text: What else?
    kind: many
    answers:
      - {id: scanning, label: Scanning, scores: {scan-to-ship: 2}}
      - {id: no-software, label: No software, scores: {stock-planner: -3, scan-to-ship: -1}}
  - id: sites
    text: How many sites?
    kind: number
    unit: sites
    min: 1
    max: 50
    bands:
      - {up_to: 1, excludes: [care-plan]}
      - {scores: {care-plan: 1}}
"""

KNOWN_RESULTS = [
    ("need=stock", "stock-planner", "book-call"),
    ("need=either", "stock-planner", "book-call"),
    ("need=either&sites=3", "care-plan", "book-call"),
    ("need=either&sites=1", "stock-planner", "book-call"),
    ("need=cover&sites=1", "", "read-guide"),
    ("need=stock&extras=no-software", "", "read-guide"),
    ("extras=scanning", "scan-to-ship", "visit-warehouse"),
    ("extras=scanning&extras=no-software", "", "read-guide"),
]
"""Answers, the offering they must give (empty for none) and the next action: a tie, an exclusion,
negative points, the fallback."""


def test_a_selector_with_known_answers_gives_them_through_decide_select_and_on_the_page(tmp_path: Path, visit: Visit, decide) -> None:
    project = one_language(copy_project(tmp_path / "project"))
    (project / "content" / "selectors" / "known.yml").write_text(KNOWN, encoding="utf-8")
    for query, offering, action in KNOWN_RESULTS:
        answers = [argument for pair in query.split("&") for argument in ("--answer", pair)]
        selected = json.loads(decide("select", "known", "--format", "json", *answers, cwd=project).out)
        assert (selected["recommendation"] or "", selected["action"]) == (offering, action), query
    with serving(build_project(project)) as base:
        for query, offering, action in KNOWN_RESULTS:
            visit.page.goto(base + "selectors/known/?" + query)
            assert result_of(visit.page)[:2] == (offering, action), query
    assert visit.errors == []
