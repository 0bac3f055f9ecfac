"""Ids that are names of DOM properties (`closest`, `hidden`, `reset`, `length`, `constructor`…) work on the
page as any other id does: a form's controls are also properties of the form by name, so a script that reads
`form.hidden` or calls `form.reset()` would get a control instead. Both calculators and the selector of a copy
of the example, their ids renamed to such names, are typed into, opened from shared links and walked through
in Chromium, against `decide calc` and `decide select` on the same copy.

The content model decides which names can be ids at all: input ids are lowercase with underscores and
selector ids lowercase with hyphens, so `__proto__`, `toString`, `valueOf`, `hasOwnProperty` and `nodeName`
are refused by the check; every lowercase name below passes it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from tests.browsing import serving
from tests.conftest import build_project, copy_project, one_language
from tests.test_calculator_browser import OUTPUTS, READ_OUTPUTS, agree, page_numbers

INPUT_IDS = {
    "scan-to-ship-payback": {
        "pickers": "length",
        "order_lines": "constructor",
        "error_rate": "hidden",
        "cost_per_error": "elements",
        "checking_hours": "closest",
        "hourly_cost": "reset",
    },
    "stock-planner-payback": {"stock_value": "submit", "excess_share": "item", "holding_cost": "action", "lost_sales": "method", "margin": "id", "sites": "name"},
}
"""Each calculator's input ids, renamed to properties of a form, of its ``elements``, or of every object."""

FIGURES = {
    "scan-to-ship-payback": {"length": "3", "constructor": "150", "hidden": "0.4", "elements": "20", "closest": "2", "reset": "12"},
    "stock-planner-payback": {"submit": "120000", "item": "7", "action": "30", "method": "900", "id": "18", "name": "4"},
}
"""Figures, all in range, that change every calculator's result from its defaults'."""

SELECTOR_IDS = {
    "problem": "closest",
    "goals": "elements",
    "help-kind": "hidden",
    "pickers": "length",
    "close-days": "reset",
    "wrong-items": "constructor",
    "stock": "item",
    "month-end": "submit",
    "one-person": "action",
    "spreadsheets": "method",
    "catch-errors": "id",
    "right-stock": "name",
    "faster-close": "style",
    "cover": "title",
    "routines": "children",
    "software": "value",
    "coaching": "checked",
    "managed": "form",
}
"""The selector's question ids (the names of its controls) and answer ids (their values), renamed."""

SELECTOR = "selectors/where-to-start/"


def rename_ids(path: Path, renamed: dict[str, str], lines: str) -> None:
    """Renames each id as a whole word on the lines matching ``lines`` (where ids and formulas are written)."""
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, renamed)) + r")\b")
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(pattern.sub(lambda found: renamed[found.group(1)], line) if re.match(lines, line) else line for line in text), encoding="utf-8")


@pytest.fixture(scope="module")
def renamed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = one_language(copy_project(tmp_path_factory.mktemp("property-ids")))
    for calculator_id, renamed in INPUT_IDS.items():
        rename_ids(project / "content" / "calculators" / f"{calculator_id}.yml", renamed, r"\s*(- id|once|monthly|yearly):")
    rename_ids(project / "content" / "selectors" / "where-to-start.yml", SELECTOR_IDS, r"\s*- id:")
    build_project(project)
    return project


@pytest.fixture(scope="module")
def renamed_url(renamed_project: Path):
    with serving(renamed_project / "site") as base:
        yield base


@pytest.fixture
def page(browser):
    """A page that fails the test on any script error, console error included."""
    context = browser.new_context()
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield opened
    context.close()
    assert errors == []


def calc(decide, project: Path, calculator_id: str, figures: dict[str, str]) -> dict[str, object]:
    run = decide("calc", calculator_id, "--format", "json", *[argument for name, value in figures.items() for argument in ("--set", f"{name}={value}")], cwd=project)
    assert run.status == 0, run.err
    return json.loads(run.out)


def shown_numbers(page: Page) -> dict[str, float | None]:
    return page_numbers(page.evaluate(READ_OUTPUTS))


@pytest.mark.parametrize("calculator_id", sorted(INPUT_IDS))
def test_typing_into_inputs_named_like_form_properties_gives_decide_calcs_numbers(page: Page, renamed_url: str, renamed_project: Path, decide, calculator_id: str) -> None:
    page.goto(f"{renamed_url}calculators/{calculator_id}/")
    defaults = calc(decide, renamed_project, calculator_id, {})
    expect(page.locator("form[data-decide-calculator]")).to_be_visible()
    assert agree(shown_numbers(page), defaults)

    for name, value in FIGURES[calculator_id].items():
        page.locator(f"#input-{name}").fill(value)

    expected = calc(decide, renamed_project, calculator_id, FIGURES[calculator_id])
    assert any(expected[name] != defaults[name] for name in OUTPUTS), "the figures change the result"
    assert agree(shown_numbers(page), expected), (shown_numbers(page), expected)
    page.wait_for_function("wanted => new URLSearchParams(location.search).toString() === wanted", arg=urlencode(FIGURES[calculator_id]))


@pytest.mark.parametrize("calculator_id", sorted(INPUT_IDS))
def test_a_shared_link_fills_inputs_named_like_form_properties(page: Page, renamed_url: str, renamed_project: Path, decide, calculator_id: str) -> None:
    figures = FIGURES[calculator_id]

    page.goto(f"{renamed_url}calculators/{calculator_id}/?{urlencode(figures)}")

    for name, value in figures.items():
        expect(page.locator(f"#input-{name}")).to_have_value(value)
    expect(page.locator("[data-decide-notice]")).to_be_hidden()
    assert agree(shown_numbers(page), calc(decide, renamed_project, calculator_id, figures))


def test_out_of_range_figures_in_inputs_named_like_form_properties_are_named_and_left_out(page: Page, renamed_url: str) -> None:
    page.goto(f"{renamed_url}calculators/scan-to-ship-payback/?length=100000&constructor=150")

    expect(page.locator("#input-length")).to_have_value("12")
    expect(page.locator("#input-constructor")).to_have_value("150")
    expect(page.locator("[data-decide-notice-names]")).to_have_text("Pickers on a typical shift")
    page.locator("#input-hidden").fill("99")
    expect(page.locator("#error-hidden")).to_be_visible()
    expect(page.locator("#input-hidden")).to_have_attribute("aria-invalid", "true")


ANSWERS = [("closest", "month-end"), ("elements", "cover"), ("elements", "routines"), ("hidden", "coaching"), ("length", "3"), ("reset", "12")]
"""Answers to every question of the renamed selector, as `decide select` and the address take them (original ids)."""


def renamed(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(question, SELECTOR_IDS.get(answer, answer)) for question, answer in pairs]


def select(decide, project: Path, pairs: list[tuple[str, str]]) -> dict[str, object]:
    run = decide("select", "where-to-start", "--format", "json", *[argument for question, answer in pairs for argument in ("--answer", f"{question}={answer}")], cwd=project)
    assert run.status == 0, run.err
    return json.loads(run.out)


def result_of(page: Page) -> tuple[str, list[str]]:
    """The recommendation shown, and the questions its "because you said" list names."""
    result = page.locator("[data-selector-result]")
    expect(result).to_be_visible()
    chosen = result.get_attribute("data-recommendation") or ""
    return chosen, page.locator(f"[data-result-for='{chosen}'] [data-selector-because] dt").all_text_contents()


def test_the_selector_walks_questions_named_like_form_properties_to_decide_selects_result(page: Page, renamed_url: str, renamed_project: Path, decide) -> None:
    answers = renamed(ANSWERS)
    expected = select(decide, renamed_project, answers)
    page.goto(renamed_url + SELECTOR)
    form = page.locator("[data-selector-form]")
    expect(form).to_be_visible()

    for question in dict.fromkeys(question for question, _ in answers):
        step = page.locator(f"fieldset[data-step='{question}']")
        expect(step).to_be_visible()
        for answered, answer in answers:
            if answered != question:
                continue
            if step.locator("input[type=text]").count():
                step.locator("input[type=text]").fill(answer)
            else:
                step.locator(f"input[value='{answer}']").check()
        form.locator("[data-selector-finish]:visible, [data-selector-next]:visible").click()
    page.get_by_role("button", name="See the result").click()

    chosen, because = result_of(page)
    assert chosen == expected["recommendation"] and chosen
    assert len(because) == len(expected["because"])
    assert page.url == renamed_url + SELECTOR + "?" + urlencode(answers)


def test_a_shared_selector_link_with_such_ids_opens_at_its_result_and_start_again_clears_it(page: Page, renamed_url: str, renamed_project: Path, decide) -> None:
    answers = renamed(ANSWERS)
    expected = select(decide, renamed_project, answers)

    page.goto(renamed_url + SELECTOR + "?" + urlencode([*answers, ("constructor", "1"), ("closest", "item")]))

    assert result_of(page)[0] == expected["recommendation"]
    expect(page.locator("[data-selector-notice]")).to_be_visible()
    page.get_by_role("button", name="Start again").click()
    expect(page.locator("fieldset[data-step='closest'] legend")).to_be_focused()
    expect(page.locator("input[name='closest']:checked")).to_have_count(0)
    expect(page.locator("input[name='elements']:checked")).to_have_count(0)
    expect(page.locator("#answer-length")).to_have_value("")
