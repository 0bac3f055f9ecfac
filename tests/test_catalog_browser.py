"""The reasons catalog in Chromium when it is too large for one page: the filter finds matches among every
reason (not only those the main page shows), shows them a page at a time, keeps the page in the address,
works from the keyboard, puts hostile reason text in as text; and without JavaScript every reason is on a page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from generator.compute import catalog
from generator.load import load_content
from tests.browsing import Visit, serving
from tests.conftest import build_project, copy_project, one_language
from tests.test_catalog_scale import add_bulk_reasons

PER_PAGE = 50
"""Matches on one page, as catalog.js draws them."""

HOSTILE = {
    "result": 'Hostile <img src=x onerror="window.__pwned=1"> result & "quotes"',
    "industry": "<script>window.__pwned=2</script>Hostile trade",
}


@pytest.fixture(scope="module")
def large_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example, plus generated reasons for stock-planner and one hostile reason far down the list."""
    project = one_language(copy_project(tmp_path_factory.mktemp("catalog") / "project"))
    add_bulk_reasons(project)
    hostile = [{"result": HOSTILE["result"], "offerings": ["stock-planner"], "customer": {"industry": HOSTILE["industry"]}}]
    (project / "content" / "reasons" / "zz-hostile.yml").write_text(yaml.safe_dump(hostile), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def large_site(large_project: Path) -> Path:
    return build_project(large_project)


@pytest.fixture(scope="module")
def large_url(large_site: Path):
    with serving(large_site) as base:
        yield base


@pytest.fixture(scope="module")
def entries(large_project: Path) -> list[catalog.ReasonEntry]:
    """Every reason in the catalog's order: by the offering each is listed under, then as written."""
    content, _ = load_content(large_project / "content", large_project)
    order = list(content.offerings)
    return sorted(catalog.reason_entries(content), key=lambda entry: order.index(entry.home))


def status(visit: Visit):
    return visit.page.locator("[data-decide-filter-status]")


def matches(visit: Visit):
    return visit.page.locator("[data-decide-matches] article")


def test_unfiltered_the_main_page_says_it_shows_the_strongest(visit: Visit, large_url: str, entries) -> None:
    visit.page.goto(large_url + "reasons/")
    shown = visit.page.locator("[data-decide-catalog] article[data-offerings]").count()
    assert shown < len(entries)
    expect(status(visit)).to_have_text(re.compile(rf"^Showing the strongest {shown} of {len(entries)} reasons; "))
    assert visit.errors == []


def test_the_filter_finds_matches_the_main_page_does_not_show_and_pages_through_them(visit: Visit, large_url: str, entries) -> None:
    wanted = [entry for entry in entries if "stock-planner" in entry.reason.offerings and entry.reason.metric is not None]
    pages = -(-len(wanted) // PER_PAGE)
    visit.page.goto(large_url + "reasons/")
    form = visit.page.locator("form[data-decide-filter]")
    form.get_by_label("Offering").select_option("stock-planner")
    form.get_by_label("Only measured results").check()
    expect(status(visit)).to_have_text(f"Showing {len(wanted)} of {len(entries)} reasons.")
    expect(matches(visit)).to_have_count(PER_PAGE)
    expect(visit.page.locator("[data-decide-catalog]")).to_be_hidden()
    page_status = visit.page.locator("[data-decide-page-status]")
    expect(page_status).to_have_text(f"Page 1 of {pages}: reasons 1 to {PER_PAGE}.")
    expect(visit.page.get_by_role("button", name="Previous page")).to_be_disabled()

    for _ in range(pages - 1):
        visit.page.get_by_role("button", name="Next page").click()
    last = len(wanted) - (pages - 1) * PER_PAGE
    expect(page_status).to_have_text(f"Page {pages} of {pages}: reasons {len(wanted) - last + 1} to {len(wanted)}.")
    expect(matches(visit)).to_have_count(last)
    expect(visit.page.get_by_role("button", name="Next page")).to_be_disabled()
    expect(visit.page.get_by_role("button", name="Previous page")).to_be_focused()
    assert visit.page.url == f"{large_url}reasons/?offering=stock-planner&metric=yes&page={pages}"
    results = matches(visit).locator(".decide-reason__result").all_inner_texts()
    assert [" ".join(text.split()) for text in results] == [" ".join(entry.reason.result.split()) for entry in wanted[-last:]]
    assert visit.errors == []


def test_a_shared_address_opens_the_same_page_of_matches(visit: Visit, large_url: str, entries) -> None:
    wanted = [entry for entry in entries if "stockouts-and-overstock" in entry.problems]
    visit.page.goto(large_url + "reasons/?problem=stockouts-and-overstock&page=2")
    expect(status(visit)).to_have_text(f"Showing {len(wanted)} of {len(entries)} reasons.")
    expect(visit.page.locator("form[data-decide-filter]").get_by_label("Problem")).to_have_value("stockouts-and-overstock")
    expect(visit.page.locator("[data-decide-page-status]")).to_have_text(re.compile(r"^Page 2 of \d+: reasons 51 to 100\.$"))
    first = " ".join(matches(visit).first.locator(".decide-reason__result").inner_text().split())
    assert first == " ".join(wanted[PER_PAGE].reason.result.split())


def test_a_page_number_past_the_last_shows_the_last(visit: Visit, large_url: str, entries) -> None:
    wanted = [entry for entry in entries if "stock-planner" in entry.reason.offerings]
    pages = -(-len(wanted) // PER_PAGE)
    visit.page.goto(large_url + "reasons/?offering=stock-planner&page=999")
    expect(visit.page.locator("[data-decide-page-status]")).to_have_text(re.compile(rf"^Page {pages} of {pages}: "))
    assert visit.page.url.endswith(f"page={pages}")


def test_a_drawn_match_links_to_the_reason_at_its_address(visit: Visit, large_url: str, entries) -> None:
    bulk = next(entry for entry in reversed(entries) if entry.anchor.startswith("bulk-") and entry.reason.metric is None)
    visit.page.goto(large_url + "reasons/?industry=" + bulk.reason.customer.industry.replace(" ", "+"))
    card = matches(visit).filter(has_text=bulk.reason.result).first
    expect(card).to_be_visible()
    card.get_by_role("link", name="See it in the catalog").click()
    page, _, element_id = bulk.address.partition("#")
    expect(visit.page).to_have_url(f"{large_url}{page.removesuffix('.md')}/#{element_id}")
    expect(visit.page.locator(f"#{element_id}")).to_contain_text(bulk.reason.result)


def test_hostile_reason_text_is_drawn_as_text(visit: Visit, large_url: str) -> None:
    dialogs: list[str] = []
    visit.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visit.page.goto(large_url + "reasons/")
    assert visit.page.locator("[data-decide-catalog]").get_by_text("Hostile", exact=False).count() == 0, "it must be drawn from the index"
    visit.page.locator("form[data-decide-filter]").get_by_label("Industry").select_option(HOSTILE["industry"])
    expect(matches(visit)).to_have_count(1)
    expect(matches(visit).locator(".decide-reason__result")).to_have_text(HOSTILE["result"])
    expect(matches(visit).locator(".decide-reason__meta")).to_have_text(HOSTILE["industry"])
    assert visit.page.locator("[data-decide-matches] img, [data-decide-matches] script").count() == 0
    assert visit.page.evaluate("window.__pwned") is None
    assert dialogs == []


def test_the_pager_works_from_the_keyboard_and_is_announced(visit: Visit, large_url: str) -> None:
    visit.page.goto(large_url + "reasons/?offering=stock-planner")
    page_status = visit.page.locator("[data-decide-page-status]")
    expect(page_status).to_have_text(re.compile(r"^Page 1 of "))
    assert page_status.get_attribute("aria-live") == "polite"
    next_page = visit.page.get_by_role("button", name="Next page")
    next_page.focus()
    visit.page.keyboard.press("Enter")
    expect(page_status).to_have_text(re.compile(r"^Page 2 of "))
    visit.page.keyboard.press("Shift+Tab")
    expect(visit.page.get_by_role("button", name="Previous page")).to_be_focused()
    visit.page.keyboard.press("Space")
    expect(page_status).to_have_text(re.compile(r"^Page 1 of "))
    assert "page=" not in visit.page.url


def test_without_javascript_every_reason_is_on_its_offerings_catalog_page(browser, large_url: str, large_site: Path, entries) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(large_url + "reasons/")
        expect(page.locator("form[data-decide-filter]")).to_be_hidden()
        page.goto(large_url + "reasons/offerings/stock-planner/")
        expect(page.locator("article[data-offerings]:visible")).to_have_count(sum("stock-planner" in entry.reason.offerings for entry in entries))
    finally:
        context.close()
    served = set()
    for html in (large_site / "reasons" / "offerings").glob("*/index.html"):
        served |= set(re.findall(r'<article class="decide-reason"[^>]* id="(reason-[^"]+)"', html.read_text(encoding="utf-8")))
    assert served == {f"reason-{entry.anchor}" for entry in entries}
