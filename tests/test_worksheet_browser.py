"""The site's printable worksheets in real Chromium: each opens as a page of its own, passes axe-core, leads back to
the site and to its PDF, reads on a phone, and prints from the browser on A4 and Letter without splitting a row."""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from pypdf import PdfReader

from generator.compute.breakeven import break_even, defaults
from generator.render.markup import Formatter
from tests.browsing import Visit

SERIOUS = {"serious", "critical"}
WORKSHEETS = {
    "break-even": "worksheets/break-even/scan-to-ship-payback.html",
    "plan": "worksheets/plan/scan-to-ship.html",
    "assessment": "worksheets/assessment.html",
    "review": "worksheets/review.html",
}


@pytest.mark.parametrize("kind", WORKSHEETS)
def test_a_worksheet_page_is_accessible_and_leads_to_its_pdf_and_back(visit: Visit, example_url: str, kind: str) -> None:
    response = visit.page.goto(example_url + WORKSHEETS[kind])
    assert response is not None and response.ok
    expect(visit.page.locator("h1")).to_have_count(1)
    expect(visit.page.locator("[data-next-action]")).to_have_count(1)
    violations = Axe().run(visit.page).response["violations"]
    assert [f"{violation['id']}: {[node['target'] for node in violation['nodes']][:3]}" for violation in violations if violation["impact"] in SERIOUS] == []

    pdf = visit.page.get_by_role("link", name="Download it as a PDF")
    download = visit.page.request.get(example_url + WORKSHEETS[kind].removesuffix(".html") + ".pdf")
    assert pdf.get_attribute("href") == WORKSHEETS[kind].rsplit("/", 1)[1].removesuffix(".html") + ".pdf"
    assert download.ok and download.body().startswith(b"%PDF-")
    visit.page.get_by_role("link", name="Back to Fernhollow Systems").click()
    visit.page.wait_for_url(example_url)
    assert visit.errors == []
    assert visit.foreign_requests(example_url) == []


@pytest.mark.parametrize("kind", WORKSHEETS)
def test_a_worksheet_reads_on_a_phone_without_scrolling_sideways(browser, example_url: str, kind: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(example_url + WORKSHEETS[kind])
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_browser_prints_a_worksheet_without_splitting_a_row_or_the_chart(visit: Visit, example_url: str, example_content, paper: str) -> None:
    visit.page.goto(example_url + WORKSHEETS["break-even"])
    visit.page.emulate_media(media="print")
    pages = [[line.strip() for line in page.extract_text().splitlines()] for page in PdfReader(io.BytesIO(visit.page.pdf(format=paper))).pages]
    everything = " ".join(" ".join(lines) for lines in pages)
    assert "Download it as a PDF" not in everything, "the screen's links are not printed"
    calculator = example_content.calculators["scan-to-ship-payback"].model
    result = break_even(calculator, defaults(calculator))
    money = Formatter("en-GB", "GBP").money
    for month, net in enumerate(result.monthly):
        row = [str(month), money(result.paid[month]), money(result.gained[month]), money(net)]
        holding = [number for number, lines in enumerate(pages) if any(line.startswith(f"{month} ") and all(cell in line for cell in row[1:]) for line in lines)]
        assert len(holding) == 1, (paper, month)
    labels = ["Month 0", "Month 36", money(max(0.0, *result.monthly)), money(min(0.0, *result.monthly))]
    assert any(all(label in " ".join(lines) for label in labels) for lines in pages), "the chart is on one page"
