"""The built example site in real Chromium: every page type opens, ends in one next action, passes axe-core,
stays on its own host; the reasons catalog filters; the mistakes report prints on A4 and Letter.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pypdf import PdfReader

from generator.compute import catalog
from tests.browsing import PAGE_TYPES, Visit, serving
from tests.conftest import build_project, copy_project, one_language

SERIOUS = {"serious", "critical"}


def expected_action(content, page_type: str) -> tuple[str, str, str]:
    """The id, label and address of the one next action a page of this type must end in."""
    action_id = content.site.model.action
    if page_type == "offering":
        action_id = content.offerings["care-plan"].model.action or action_id
    if page_type == "calculator":
        action_id = content.calculators["scan-to-ship-payback"].model.action or action_id
    if page_type == "selector":
        action_id = content.selectors["where-to-start"].model.fallback_action
    action = content.actions[action_id].model
    return action_id, action.label, action.url


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_opens_and_ends_in_its_next_action(visit: Visit, example_url: str, example_content, page_type: str) -> None:
    response = visit.page.goto(example_url + PAGE_TYPES[page_type])
    assert response is not None and response.ok
    expect(visit.page.locator("article h1, .md-content h1").first).to_be_visible()

    action = visit.page.locator("[data-next-action]")
    expect(action).to_have_count(1)
    action_id, label, url = expected_action(example_content, page_type)
    assert action.get_attribute("data-next-action") == action_id
    assert action.inner_text().strip() == label
    href = action.get_attribute("href") or ""
    assert href == url or (url.startswith("mailto:") and href.startswith(url)), "a mailto: action may only gain the page's figures"
    expect(action).to_be_visible()

    assert visit.errors == []
    assert visit.foreign_requests(example_url) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_axe_finds_nothing_serious_on_any_page_type(browser, example_url: str, page_type: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(example_url + PAGE_TYPES[page_type])
        page.wait_for_load_state("networkidle")
        violations = Axe().run(page).response["violations"]
    finally:
        context.close()
    serious = [f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']][:3]}" for violation in violations if violation["impact"] in SERIOUS]
    assert serious == []


def test_the_home_page_links_every_problem_and_the_404_page_leads_home(visit: Visit, example_url: str, example_content) -> None:
    visit.page.goto(example_url)
    for problem_id in example_content.problems:
        expect(visit.page.locator(f"a[href='problems/{problem_id}/']").first).to_be_visible()
    visit.page.goto(example_url + "404.html")
    visit.page.get_by_role("link", name="Start from the problem you want to solve").click()
    expect(visit.page).to_have_url(example_url)


def shown_reasons(visit: Visit) -> int:
    return visit.page.locator("article[data-offerings]:visible").count()


def test_the_catalog_filter_narrows_and_restores_the_list(visit: Visit, example_url: str, example_content) -> None:
    entries = catalog.reason_entries(example_content)
    offering = "stock-planner"
    chosen = [entry for entry in entries if offering in entry.reason.offerings]
    problem = next(problem for problem in example_content.problems if 0 < sum(problem in entry.problems for entry in chosen) < len(chosen))
    both = [entry for entry in chosen if problem in entry.problems]
    visit.page.goto(example_url + "reasons/")
    status = visit.page.locator("[data-decide-filter-status]")
    expect(status).to_have_text(f"Showing all {len(entries)} reasons.")
    assert shown_reasons(visit) == len(entries)

    form = visit.page.locator("form[data-decide-filter]")
    form.get_by_label("Offering").select_option(offering)
    expect(status).to_have_text(f"Showing {len(chosen)} of {len(entries)} reasons.")
    assert shown_reasons(visit) == len(chosen)
    homes = [example_content.offerings[home].model.name for home in example_content.offerings if any(entry.home == home for entry in chosen)]
    expect(visit.page.locator("[data-decide-matches] h2")).to_have_text(homes), "the matches are grouped by the offering each is listed under"
    expect(visit.page.locator("h2#offering-stock-planner")).to_be_hidden()
    form.get_by_label("Problem").select_option(problem)
    expect(status).to_have_text(f"Showing {len(both)} of {len(entries)} reasons.")
    assert shown_reasons(visit) == len(both)
    assert visit.page.url == f"{example_url}reasons/?offering={offering}&problem={problem}", "the filtered view can be shared"

    visit.page.get_by_role("button", name="Show all").click()
    expect(status).to_have_text(f"Showing all {len(entries)} reasons.")
    assert shown_reasons(visit) == len(entries)
    assert visit.page.url == example_url + "reasons/"
    assert visit.errors == []


def test_measured_results_only_hides_reasons_without_a_figure(tmp_path: Path, visit: Visit) -> None:
    """Every example reason has a figure, so this copy drops the metric from three of them."""
    project = one_language(copy_project(tmp_path / "project"))
    reasons = project / "content/reasons/care-plan.yml"
    entries = yaml.safe_load(reasons.read_text(encoding="utf-8"))
    for entry in entries[:3]:
        del entry["metric"]
    reasons.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with serving(build_project(project)) as base:
        visit.page.goto(base + "reasons/")
        total = shown_reasons(visit)
        visit.page.get_by_label("Only measured results").check()
        expect(visit.page.locator("[data-decide-filter-status]")).to_have_text(f"Showing {total - 3} of {total} reasons.")
        for entry in entries[:3]:
            expect(visit.page.locator("article[data-offerings]", has_text=entry["result"])).to_be_hidden()
        assert visit.page.url == base + "reasons/?metric=yes"


def test_a_shared_filter_address_opens_filtered(visit: Visit, example_url: str, example_content) -> None:
    reasons = [located.model for located in example_content.reasons]
    wanted = [reason for reason in reasons if "scan-to-ship" in reason.offerings and reason.source == "customer"]
    visit.page.goto(example_url + "reasons/?offering=scan-to-ship&source=customer")
    expect(visit.page.locator("[data-decide-filter-status]")).to_have_text(f"Showing {len(wanted)} of {len(reasons)} reasons.")
    expect(visit.page.get_by_label("Offering")).to_have_value("scan-to-ship")
    expect(visit.page.get_by_label("Source")).to_have_value("customer")


def test_filter_values_in_the_address_that_are_not_options_are_ignored(visit: Visit, example_url: str, example_content) -> None:
    dialogs: list[str] = []
    visit.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
    visit.page.goto(example_url + f"reasons/?offering={hostile}&industry=%3Cscript%3Ealert(2)%3C/script%3E&problem=nope")
    total = len(example_content.reasons)
    expect(visit.page.locator("[data-decide-filter-status]")).to_have_text(f"Showing all {total} reasons.")
    expect(visit.page.get_by_label("Offering")).to_have_value("")
    assert visit.page.locator("article img, article script").count() == 0
    assert dialogs == []


def test_without_javascript_the_catalog_is_the_whole_readable_list(browser, example_url: str, example_content) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(example_url + "reasons/")
        expect(page.locator("form[data-decide-filter]")).to_be_hidden()
        assert page.locator("article[data-offerings]:visible").count() == len(example_content.reasons)
        text = " ".join(page.locator("main").inner_text().split())
    finally:
        context.close()
    missing = [located.model.result for located in example_content.reasons if " ".join(located.model.result.split()) not in text]
    assert missing == [], "the catalog must hold every reason's text"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_mistakes_report_prints_cleanly(visit: Visit, example_url: str, example_content, paper: str) -> None:
    visit.page.goto(example_url + "mistakes/")
    visit.page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(visit.page.pdf(format=paper, print_background=True)))
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    everything = " ".join(pages)

    assert "Search" not in everything, "the search box is not printed"
    assert "Reasons catalog" not in everything, "the navigation is not printed"
    for located in example_content.mistakes:
        title = " ".join(located.model.title.split())
        holding = [number for number, text in enumerate(pages) if title in text]
        assert holding, f"{title!r} is missing from the printout"
        assert "What to do instead" in pages[holding[0]], f"{title!r} is split from what to do instead"
        first_words = " ".join(located.model.avoid.split()[:6])
        assert first_words in pages[holding[0]], f"{title!r} is printed on another page than its advice"
    label = example_content.actions[example_content.site.model.action].model.label
    assert re.search(re.escape(label), everything), "the next action is printed too"


def test_the_catalog_filter_works_from_the_keyboard(visit: Visit, example_url: str, example_content) -> None:
    total = len(example_content.reasons)
    first_offering = next(iter(example_content.offerings))
    visit.page.goto(example_url + "reasons/")
    form = visit.page.locator("form[data-decide-filter]")
    status = form.locator("[data-decide-filter-status]")
    form.get_by_label("Offering").focus()

    visit.page.keyboard.press("ArrowDown")
    expect(form.get_by_label("Offering")).to_have_value(first_offering)
    expect(status).not_to_have_text(f"Showing all {total} reasons.")
    for _ in range(4):
        visit.page.keyboard.press("Tab")
    expect(form.get_by_label("Only measured results")).to_be_focused()
    visit.page.keyboard.press("Space")
    expect(form.get_by_label("Only measured results")).to_be_checked()
    visit.page.keyboard.press("Tab")
    expect(form.get_by_role("button", name="Show all")).to_be_focused()
    visit.page.keyboard.press("Enter")
    expect(status).to_have_text(f"Showing all {total} reasons.")
