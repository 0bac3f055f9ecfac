"""Issue 17's fixes: the staff's sheet off the public site, "from the start" at month 0, the break-even dot on the
zero line clear of every label (page, worksheet and the browser's redraw), campaign parameters ignored silently
and kept in the address, and counted words that agree with their count."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from playwright.sync_api import expect

from generator.compute.chart import MARK_REACH
from generator.wording import agreeing, counted
from tests.browsing import Visit, serving
from tests.conftest import build_project, copy_project, one_language

SCANNERS = "scan-to-ship-payback"
CALCULATOR = f"calculators/{SCANNERS}/"
WORKSHEET = f"worksheets/break-even/{SCANNERS}.html"
CAMPAIGN = "utm_source=news&utm_campaign=spring&gclid=x&fbclid=y&msclkid=z&mc_cid=a&mc_eid=b&_ga=c"


# The reasons exercise is for staff only.


def test_the_staff_sheet_has_no_page_pdf_or_link_on_the_site(example_site: Path) -> None:
    assert sorted(path.name for path in (example_site / "worksheets").rglob("reasons*")) == []
    for page in example_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "worksheets/reasons" not in text and "reasons.pdf" not in text, page
        assert "For our team" not in text and "20 reasons customers work with us" not in text, page


def test_the_staff_sheet_still_prints_from_the_command(decide, tmp_path: Path) -> None:
    output = tmp_path / "reasons.pdf"
    run = decide("worksheet", "reasons", "-o", str(output))
    assert run.status == 0, run.err
    assert output.read_bytes().startswith(b"%PDF-")


# The chart: the dot where the line crosses zero, never over a label.


@pytest.fixture(scope="module")
def paid_at_start(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with the scanners' one-off cost at 0, so the calculator breaks even at month 0: its site folder."""
    project = one_language(copy_project(tmp_path_factory.mktemp("paid-at-start")))
    calculator = project / "content" / "calculators" / f"{SCANNERS}.yml"
    text = calculator.read_text(encoding="utf-8")
    assert "once: 4500 + round(pickers * 1.2, 0) * 650" in text
    calculator.write_text(text.replace("once: 4500 + round(pickers * 1.2, 0) * 650", "once: 0"), encoding="utf-8")
    return build_project(project)


@pytest.fixture(scope="module")
def paid_at_start_url(paid_at_start: Path):
    with serving(paid_at_start) as base:
        yield base


def chart_of(html: str) -> ElementTree.Element:
    found = re.search(r"<svg [^>]*data-plot=.*?</svg>", html, flags=re.DOTALL)
    assert found, "no chart"
    return ElementTree.fromstring(found.group(0).replace("&nbsp;", " "))


def crossing_x(chart: ElementTree.Element, zero: float) -> float:
    """Where the drawn line first reaches the zero line (heights grow downwards), interpolated between its points."""
    points = [tuple(map(float, point.split(","))) for point in chart.find("polyline").get("points").split()]
    if points[0][1] <= zero:
        return points[0][0]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if y1 <= zero:
            return x0 + (x1 - x0) * (y0 - zero) / (y0 - y1)
    raise AssertionError("the line never reaches zero")


def label_boxes(chart: ElementTree.Element) -> list[tuple[str, float, float, float, float]]:
    """Each label's box: as wide as 0.6 of the font size per character, its font size above the baseline, a quarter below."""
    boxes = []
    for text in chart.iter("text"):
        size, x, y = float(text.get("font-size")), float(text.get("x")), float(text.get("y"))
        width = 0.6 * size * len(text.text or "")
        left = x - width if text.get("text-anchor") == "end" else x
        boxes.append((text.text or "", left, y - size, left + width, y + size / 4))
    return boxes


def assert_dot_on_zero_clear_of_labels(html: str) -> None:
    chart = chart_of(html)
    zero = float(chart.find("line[@data-chart='zero']").get("y1"))
    dot = chart.find("g[@data-chart='break-even']/circle")
    cx, cy = float(dot.get("cx")), float(dot.get("cy"))
    assert cy == zero
    assert cx == pytest.approx(crossing_x(chart, zero), abs=0.2)
    reach = MARK_REACH
    for label, left, top, right, bottom in label_boxes(chart):
        assert cx + reach <= left or cx - reach >= right or cy + reach <= top or cy - reach >= bottom, f"the dot covers {label!r}"


@pytest.mark.parametrize("page", [f"{CALCULATOR}index.html", WORKSHEET])
def test_the_dot_marks_the_crossing_on_the_zero_line_clear_of_every_label(example_site: Path, paid_at_start: Path, page: str) -> None:
    for site in (example_site, paid_at_start):
        assert_dot_on_zero_clear_of_labels((site / page).read_text(encoding="utf-8"))


def test_the_browser_places_the_dot_as_the_build_does(visit: Visit, example_site: Path, example_url: str) -> None:
    built = chart_of((example_site / CALCULATOR / "index.html").read_text(encoding="utf-8")).find("g[@data-chart='break-even']/circle")
    visit.page.goto(example_url + CALCULATOR)
    dot = visit.page.locator("[data-chart='break-even'] circle")
    expect(dot).to_have_attribute("cx", built.get("cx"))
    expect(dot).to_have_attribute("cy", built.get("cy"))
    visit.page.fill("#input-pickers", "40")
    expect(dot).not_to_have_attribute("cx", built.get("cx"))
    assert_dot_on_zero_clear_of_labels(visit.page.locator("svg[data-plot]").evaluate("svg => svg.outerHTML"))
    assert visit.errors == []


# Month 0 reads "from the start", in the built page and as the browser recomputes it.


def test_month_zero_reads_from_the_start(visit: Visit, paid_at_start: Path, paid_at_start_url: str) -> None:
    built = (paid_at_start / CALCULATOR / "index.html").read_text(encoding="utf-8")
    assert '<span data-when="zero">from the start</span>' in built
    visit.page.goto(paid_at_start_url + CALCULATOR + "?pickers=20")
    shown = visit.page.locator("[data-output='break_even_month'] [data-when]:visible")
    expect(shown).to_have_text("from the start")
    visit.page.fill("#input-pickers", "30")
    expect(shown).to_have_count(1)
    expect(shown).to_have_text("from the start")
    expect(visit.page.locator("[data-explanation='paid-at-start']")).to_be_visible()
    assert "0.0" not in visit.page.locator("[data-output='break_even_month']").inner_text()
    assert_dot_on_zero_clear_of_labels(visit.page.locator("svg[data-plot]").evaluate("svg => svg.outerHTML"))
    assert visit.errors == []


# Campaign parameters are nobody's answers: ignored without a notice, kept in the address.


def test_a_campaign_link_prefills_the_calculator_without_a_notice(visit: Visit, example_url: str) -> None:
    visit.page.goto(f"{example_url}{CALCULATOR}?{CAMPAIGN}&pickers=20")
    expect(visit.page.locator("#input-pickers")).to_have_value("20")
    expect(visit.page.locator("[data-decide-notice]")).to_be_hidden()
    visit.page.fill("#input-pickers", "21")
    visit.page.wait_for_url(re.compile(r"\?utm_source=news&.*_ga=c&pickers=21&"))
    assert visit.errors == []


def test_a_campaign_link_prefills_the_selector_without_a_notice(visit: Visit, example_url: str) -> None:
    visit.page.goto(f"{example_url}selectors/where-to-start/?{CAMPAIGN}&pickers=20")
    expect(visit.page.locator("[data-decide-selector] input[name='pickers']")).to_have_value("20")
    expect(visit.page.locator("[data-selector-notice]")).to_be_hidden()
    assert "utm_source=news" in visit.page.url
    assert visit.errors == []


def test_a_campaign_link_filters_the_catalog_and_stays_in_the_address(visit: Visit, example_url: str) -> None:
    visit.page.goto(f"{example_url}reasons/?{CAMPAIGN}&offering=scan-to-ship")
    expect(visit.page.locator("form[data-decide-filter] select[name='offering']")).to_have_value("scan-to-ship")
    expect(visit.page.locator("[data-decide-filter-status]")).to_have_text(re.compile(r"^Showing \d+ of \d+ reasons\.$"))
    assert f"?{CAMPAIGN}&offering=scan-to-ship" in visit.page.url
    assert visit.errors == []


@pytest.mark.parametrize(("page", "notice"), [(CALCULATOR, "[data-decide-notice]"), ("selectors/where-to-start/", "[data-selector-notice]")])
def test_a_parameter_that_is_no_campaigns_still_gets_the_notice(visit: Visit, example_url: str, page: str, notice: str) -> None:
    visit.page.goto(f"{example_url}{page}?utm_source=news&utmost=1&pickers=20")
    expect(visit.page.locator(notice)).to_be_visible()


# Counted words.


@pytest.mark.parametrize(("count", "shown"), [(0, "0 worksheets"), (1, "1 worksheet"), (2, "2 worksheets"), (1200, "1,200 worksheets")])
def test_a_counted_word_agrees_with_its_count(count: int, shown: str) -> None:
    assert counted(count, "worksheet") == shown


def test_irregular_plurals_and_verbs_agree_too() -> None:
    assert (counted(1, "entry", "entries"), counted(2, "entry", "entries")) == ("1 entry", "2 entries")
    assert (agreeing(1, "was", "were"), agreeing(2, "was", "were")) == ("was", "were")


@pytest.mark.parametrize(("prospects", "words"), [(["Acme Ltd"], ["Writing 1 worksheet", "Wrote 1 worksheet to"]), (["Acme Ltd", "Globex"], ["Writing 2 worksheets", "Wrote 2 worksheets to"])])
def test_the_batch_counts_its_worksheets_in_words_that_agree(decide, tmp_path: Path, prospects: list[str], words: list[str]) -> None:
    sheet = tmp_path / "prospects.csv"
    sheet.write_text("prospect\n" + "".join(f"{name}\n" for name in prospects) + "Bad,abc\n", encoding="utf-8")
    run = decide("worksheet", "break-even", SCANNERS, "--from", str(sheet), "--out-dir", str(tmp_path / "out"), "--jobs", "1")
    for expected in words:
        assert expected in run.err
    assert "1 worksheets" not in run.err
    assert f"1 row of {sheet} failed" in run.err

