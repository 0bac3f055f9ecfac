"""The assessment page in real Chromium: one person answers from the keyboard alone, the address holds the answers
and a reload gives them back, the email button carries the link and the answers in words within its bound, hostile
addresses stay inert, the form still works (and prints) without JavaScript, axe finds nothing, and the Greek page
speaks Greek: all on the shared example site; and the links the page emails read back in `decide relationship report`.
Where the email goes needs no browser: the rendered page shows it.
"""

from __future__ import annotations

import dataclasses
import json
from itertools import pairwise
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from generator.compute.languages import edition
from generator.render import render_docs
from generator.render.language import ui_language
from generator.render.pages import ASSESSMENT_PAGE, MAILTO_LENGTH
from tests.browsing import Visit
from tests.conftest import PROJECT
from tests.test_selector_browser import tab_to
from tests.test_site_safety import INJECTED

PAGE = "assessment/"
CUT_SHORT = "(The rest of my answers is in the link above.)"

ANSWERED = {
    "name": "Ann Smith",
    "role": "CFO",
    "today": "preferred-supplier",
    "desired": "partner",
    "change": "Plan the year ahead together",
    "sales": "4",
    "sales_leader": "3",
    "moment": "The night the scanners failed, support came at once",
}
"""What the keyboard test answers, in the order the address lists it."""


def mail_of(page: Page) -> tuple[str, dict[str, str]]:
    """The email button's address and its fields (subject, body), decoded."""
    href = page.locator("[data-assessment-send]").get_attribute("href") or ""
    to, _, query = href.partition("?")
    return to, {key: values[0] for key, values in parse_qs(query).items()}


def answers_in(address: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(address).query).items()}


def step(page: Page, question: str, level: str):
    return page.locator(f"fieldset[data-assessment-question='{question}'] input[value='{level}']")


def test_a_keyboard_alone_answers_the_address_keeps_it_and_the_email_carries_link_and_words(visit: Visit, example_url: str) -> None:
    page = visit.page
    page.goto(example_url + PAGE)
    said = page.locator("[data-assessment-said]")

    tab_to(page, page.get_by_label("Your name"))
    page.keyboard.type(ANSWERED["name"])
    page.keyboard.press("Tab")
    page.keyboard.type(ANSWERED["role"])
    page.keyboard.press("Tab")
    expect(step(page, "today", "supplier")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(step(page, "today", "preferred-supplier")).to_be_checked()
    expect(said).to_have_text("Where is our relationship today?: 2 Preferred supplier")
    page.keyboard.press("Tab")
    expect(step(page, "desired", "supplier")).to_be_focused()
    assert step(page, "desired", "supplier").evaluate("input => getComputedStyle(input.parentElement).outlineStyle") == "solid", "the focused step shows it"
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(step(page, "desired", "partner")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type(ANSWERED["change"])
    page.keyboard.press("Tab")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(said).to_have_text("Sales, Fernhollow Systems: 4")
    page.keyboard.press("Tab")
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    expect(said).to_have_text("Sales, The leading competitor: 3")
    tab_to(page, page.locator("#assessment-moment"))
    page.keyboard.type(ANSWERED["moment"])

    expect(page).to_have_url(example_url + PAGE + "?" + urlencode(ANSWERED))
    to, mail = mail_of(page)
    assert to == "mailto:accounts@fernhollow.example"
    assert mail["subject"] == "Our relationship: the answers of Ann Smith"
    assert mail["body"].split("\r\n") == [
        page.url,
        "",
        "Name: Ann Smith",
        "Role: CFO",
        "Where is our relationship today?: Preferred supplier",
        "Where would you like it to be?: Partner",
        "What would have to change to get there?: Plan the year ahead together",
        "Sales: you 4, the leading competitor 3 (out of 5)",
        "A moment that delighted or angered me: The night the scanners failed, support came at once",
    ]

    page.reload()
    expect(page.get_by_label("Your name")).to_have_value(ANSWERED["name"])
    expect(step(page, "today", "preferred-supplier")).to_be_checked()
    expect(step(page, "desired", "partner")).to_be_checked()
    expect(page.locator("input[name='sales'][value='4']")).to_be_checked()
    expect(page.locator("input[name='sales_leader'][value='3']")).to_be_checked()
    expect(page.locator("#assessment-moment")).to_have_value(ANSWERED["moment"])
    expect(page.locator("[data-assessment-notice]")).to_be_hidden()
    assert answers_in(page.url) == ANSWERED
    assert visit.errors == []


STEPS = """() => [...document.querySelectorAll("fieldset[data-assessment-question='today'] .decide-assessment__step")]
    .map(step => { const box = step.getBoundingClientRect(); return [box.left, box.top, box.bottom]; })"""


def test_the_stair_rises_side_by_side_on_a_laptop_and_steps_down_a_phone_without_scrolling_sideways(visit: Visit, example_url: str) -> None:
    page = visit.page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(example_url + PAGE)
    wide = page.evaluate(STEPS)
    assert all(left < right[0] and top > right[1] and bottom == right[2] for (left, top, bottom), right in pairwise(wide)), wide
    page.set_viewport_size({"width": 360, "height": 740})
    narrow = page.evaluate(STEPS)
    assert all(left < below[0] and bottom <= below[1] for (left, _, bottom), below in pairwise(narrow)), narrow
    assert page.locator(".decide-assessment").evaluate("form => form.scrollWidth <= form.clientWidth")


def test_long_answers_cut_the_words_in_the_email_never_the_link(visit: Visit, example_url: str) -> None:
    """Within the bound, the words are cut line by line from the end; a link longer than the bound goes alone, with the notice."""
    page = visit.page
    page.goto(example_url + PAGE + "?name=Ann&today=supplier&change=" + "a" * 480 + "&moment=" + "b" * 480)
    href = page.locator("[data-assessment-send]").get_attribute("href") or ""
    _, mail = mail_of(page)
    lines = mail["body"].split("\r\n")
    assert len(href) <= MAILTO_LENGTH
    assert lines[0] == page.url and lines[-1] == CUT_SHORT
    assert "Name: Ann" in lines and not any("b" * 480 in line for line in lines[1:])
    expect(page.locator("[data-assessment-long]")).to_be_hidden()

    page.goto(example_url + PAGE + "?change=" + "α," * 250)
    _, mail = mail_of(page)
    assert mail["body"] == page.url, "a link over the bound is sent alone, whole"
    expect(page.locator("[data-assessment-long]")).to_be_visible()
    assert visit.errors == []


def test_hostile_text_in_the_address_is_shown_as_typed_and_wrong_answers_are_left_out(visit: Visit, example_url: str) -> None:
    dialogs: list[str] = []
    visit.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page = visit.page
    hostile_name = "<img src=x onerror=alert(1)>"
    hostile_moment = '"><svg onload=alert(2)>'
    page.goto(example_url + PAGE + "?name=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&today=%3Cscript%3E&desired=javascript:alert(3)&sales=9&sales_leader=3"
              "&__proto__=x&constructor=y&moment=%22%3E%3Csvg%20onload%3Dalert(2)%3E&utm_source=news")

    expect(page.locator("[data-assessment-notice]")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value(hostile_name)
    expect(page.locator("#assessment-moment")).to_have_value(hostile_moment)
    expect(page.locator("input[name='today']:checked, input[name='desired']:checked, input[name='sales']:checked")).to_have_count(0)
    expect(page.locator("input[name='sales_leader'][value='3']")).to_be_checked()
    _, mail = mail_of(page)
    assert mail["subject"] == f"Our relationship: the answers of {hostile_name}"
    assert f"Name: {hostile_name}" in mail["body"].split("\r\n")
    assert answers_in(page.url) == {"utm_source": "news", "name": hostile_name, "sales_leader": "3", "moment": hostile_moment}
    page.wait_for_load_state("networkidle")
    assert page.locator(".decide-assessment img, .decide-assessment svg, .decide-assessment script").count() == 0
    assert page.evaluate(INJECTED) == []
    assert dialogs == []
    assert visit.errors == []


def test_without_javascript_the_form_sends_its_answers_to_the_address_and_prints_without_buttons(browser, example_url: str, example_content) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(example_url + PAGE)
        expect(page.locator("[data-assessment-send]")).to_be_hidden()
        expect(page.locator("[data-assessment-by-hand]")).to_be_visible()
        page.get_by_label("Your name").fill("Ann")
        step(page, "today", "supplier").check()
        page.locator("input[name='sales'][value='2']").check()
        page.get_by_role("button", name="Put my answers in the link").click()
        page.wait_for_url("**/assessment/?*")
        assert answers_in(page.url) == {"name": "Ann", "today": "supplier", "sales": "2"}

        page.emulate_media(media="print")
        expect(page.get_by_role("button", name="Put my answers in the link")).to_be_hidden()
        expect(page.get_by_text("Don't know").first).to_be_hidden()
        expect(step(page, "desired", "partner")).to_be_visible()
        expect(page.locator("[data-next-action]")).to_have_attribute("data-next-action", example_content.relationship.model.action)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_answered_page(browser, example_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(example_url + PAGE + "?name=Ann&today=supplier&desired=partner&sales=4&sales_leader=3&unknown=1")
        expect(page.locator("[data-assessment-notice]")).to_be_visible()
        page.wait_for_load_state("networkidle")
        violations = Axe().run(page).response["violations"]
    finally:
        context.close()
    assert [f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}" for violation in violations] == []


def test_the_greek_page_asks_and_writes_in_greek(visit: Visit, example_url: str, example_content) -> None:
    greek = edition(example_content, "el-GR").relationship.model
    words = ui_language("el-GR")
    page = visit.page
    page.goto(example_url + "el/" + PAGE + "?today=partner&sales=5")

    assert (page.locator("html").get_attribute("lang") or "").startswith("el")
    expect(page.locator("fieldset[data-assessment-question='today'] legend")).to_have_text(greek.questions[0].text)
    expect(step(page, "today", "partner").locator("xpath=..")).to_contain_text(greek.levels[-1].name)
    expect(page.locator("[data-assessment-send]")).to_contain_text(words.gettext("Send my answers to %(company)s") % {"company": greek_name(example_content)})
    _, mail = mail_of(page)
    assert mail["subject"] == words.gettext("Our relationship: my answers")
    lines = mail["body"].split("\r\n")
    assert lines[0] == example_url + "el/" + PAGE + "?today=partner&sales=5"
    assert lines[2] == words.gettext("%(question)s: %(answer)s") % {"question": greek.questions[0].text, "answer": greek.levels[-1].name}
    assert visit.errors == []


def greek_name(content) -> str:
    return edition(content, "el-GR").site.model.name


def with_emails(content, relationship_email: str | None, footer_email: str | None):
    """The example with the relationship's and the footer's email addresses replaced, in its own language only."""
    site, relationship = content.site, content.relationship
    footer = site.model.footer.model_copy(update={"email": footer_email})
    return dataclasses.replace(
        content,
        site=dataclasses.replace(site, model=site.model.model_copy(update={"footer": footer, "languages": []})),
        relationship=dataclasses.replace(relationship, model=relationship.model.model_copy(update={"email": relationship_email})),
    )


@pytest.mark.parametrize(("footer_email", "sent_to"), [("hello@fernhollow.example", "mailto:hello@fernhollow.example"), (None, None)])
def test_without_the_relationship_s_address_the_email_goes_to_the_footer_s_and_without_either_there_is_no_button(example_content, footer_email, sent_to) -> None:
    page = render_docs(with_emails(example_content, None, footer_email), PROJECT / "templates").pages[ASSESSMENT_PAGE]
    if sent_to:
        assert f'href="{sent_to}" data-assessment-send' in page
    else:
        assert "data-assessment-send" not in page and "data-assessment-by-hand" not in page and "mailto:" not in page


PEOPLE = [
    ("", {
        "name": "Ann", "role": "CFO", "change": "Plan the year together", "moment": "The night support came at once",
        "today": "supplier", "desired": "partner", "sales": "4", "sales_leader": "3", "support": "2",
    }),
    ("el/", {"name": "Βασίλης", "today": "problem-solver", "desired": "trusted-adviser", "sales": "2", "sales_leader": "5"}),
    ("", {"name": "Chris", "moment": "Scanners fitted on Christmas Eve", "today": "preferred-supplier", "desired": "partner", "sales": "3", "support": "4", "support_leader": "4"}),
]
"""Three people's answers, one of them on the Greek page; texts first, so the last choice writes the whole email."""


def test_the_links_the_page_emails_read_back_in_decide_relationship_report(visit: Visit, example_url: str, decide, tmp_path) -> None:
    page = visit.page
    links = ["# links from the assessment page's emails", ""]
    for folder, answers in PEOPLE:
        page.goto(example_url + folder + PAGE)
        for key, value in answers.items():
            control = page.locator(f"[name='{key}']").first
            if control.get_attribute("type") == "radio":
                page.locator(f"input[name='{key}'][value='{value}']").check()
            else:
                control.fill(value)
        _, mail = mail_of(page)
        links.append(mail["body"].split("\r\n")[0])
    (tmp_path / "links.txt").write_text("\n".join(links) + "\n", encoding="utf-8")

    run = decide("relationship", "report", str(tmp_path / "links.txt"), "--customer", "Acme", "--format", "json")

    assert run.status == 0, run.err
    figures = json.loads(run.out)
    assert (figures["customer_median_today"], figures["customer_median_desired"], figures["spread"], figures["alignment"]) == (2, 5, 2, "divided")
    assert figures["gaps"] == [{"name": "Ann", "side": "customer", "gap": 4}, {"name": "Βασίλης", "side": "customer", "gap": 1}, {"name": "Chris", "side": "customer", "gap": 3}]
    assert figures["touchpoints"][:2] == [{"id": "sales", "us": 3, "leader": 4, "difference": -1}, {"id": "support", "us": 3, "leader": 4, "difference": -1}]
    assert figures["moments"] == ["The night support came at once", "Scanners fitted on Christmas Eve"]
    assert visit.errors == []


def test_the_printable_worksheet_on_the_site_leads_to_the_page_to_answer_on_screen(visit: Visit, example_url: str) -> None:
    visit.page.goto(example_url + "worksheets/assessment.html")
    visit.page.get_by_role("link", name="Answer it on screen").click()
    expect(visit.page).to_have_url(example_url + "assessment/")
    expect(visit.page.locator("form.decide-assessment")).to_be_visible()
