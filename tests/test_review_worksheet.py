"""The relationship review worksheet: keep, stop and explore for both sides, the pyramid's tiers with the levels
relationship.yml maps them to, the next review's date, and one next step; filled by `decide worksheet review`, blank on
the site. Golden HTML for both, the PDF read back, a hostile name, the Greek wording, and the blank one on the built site.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from generator.load.models import Pyramid
from generator.render.language import ui_language
from generator.render.worksheets import PYRAMID, Prospect, WorksheetRenderer, pyramid_tiers
from tests.conftest import PROJECT
from tests.test_worksheets import A4, LETTER, ON, fonts_embedded, page_size, pdf_text

NEXT_REVIEW = "2027-05-27"
TIERS = ["Advocate", "Committed", "Satisfied"]


@pytest.fixture(scope="module")
def renderer(example_content) -> WorksheetRenderer:
    return WorksheetRenderer(example_content, PROJECT / "templates")


def without_style(html: str) -> str:
    """The stylesheet every worksheet carries is one file, templates/worksheets/worksheet.css: left out of the goldens."""
    assert html.count("<style>") == 1
    return re.sub(r"<style>.*</style>", "<style>(worksheet.css)</style>", html, flags=re.DOTALL)


GOLDEN = {
    "review-blank": lambda renderer: renderer.review(),
    "review-filled": lambda renderer: renderer.review(Prospect("Acme Ltd", date(2026, 11, 27)), date(2027, 5, 27)),
}


@pytest.mark.parametrize("sheet", GOLDEN)
def test_golden_review_html(renderer, file_regression, sheet):
    html = GOLDEN[sheet](renderer).html
    assert html.count("data-next-action=") == 1, "it ends in one next step"
    file_regression.check(without_style(html), basename=sheet, extension=".html")


def test_each_tier_shows_the_level_the_pyramid_maps_it_to_and_without_a_pyramid_the_tiers_alone(example_content):
    relationship = example_content.relationship.model
    mapped = relationship.model_copy(update={"pyramid": Pyramid(satisfied="supplier", committed="problem-solver", advocate="partner")})
    assert [(tier.id, tier.level.name, tier.step) for tier in pyramid_tiers(mapped)] == [("advocate", "Partner", 5), ("committed", "Problem solver", 3), ("satisfied", "Supplier", 1)]
    bare = relationship.model_copy(update={"pyramid": None})
    assert [(tier.id, tier.level, tier.step) for tier in pyramid_tiers(bare)] == [(tier, None, None) for tier in PYRAMID]


@pytest.mark.parametrize(("paper", "size"), [("a4", A4), ("letter", LETTER)])
def test_a_filled_review_pdf_holds_the_customer_the_tiers_and_the_next_review(decide, example_content, tmp_path: Path, paper, size):
    output = tmp_path / "review.pdf"
    run = decide("worksheet", "review", "--customer", "Acme Ltd", "--date", ON, "--next-review", NEXT_REVIEW, "--paper", paper, "-o", str(output))
    assert run.status == 0, run.err
    pages = pdf_text(output)
    text = " ".join(pages)
    assert "Customer Acme Ltd Date 27 November 2026" in text
    assert "Date of the next review: 27 May 2027" in text
    assert text.count("Acme Ltd") == 4, "beside the date, and the customer's side of keep, stop and explore"
    assert any(all(f"{name}:" in page for name in TIERS) for page in pages), "the pyramid is never split across pages"
    for tier in pyramid_tiers(example_content.relationship.model):
        if tier.level:
            assert f"Level {tier.step}: {tier.level.name}" in text
    action = example_content.actions[example_content.relationship.model.action].model
    assert f"Next step: {action.label}" in text
    assert page_size(output) == size
    assert len(pages) <= 2
    fonts = fonts_embedded(output)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert pypdf.PdfReader(output).metadata.title == "What to keep, what to stop, what to explore together (for Acme Ltd)"


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)> & Söhne'])
def test_a_hostile_customer_name_is_printed_as_written_and_never_becomes_markup(decide, tmp_path: Path, name):
    page = tmp_path / "review.html"
    assert decide("worksheet", "review", "--customer", name, "--date", ON, "-o", str(page)).status == 0
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "<img src=x" not in html
    escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    assert html.count(escaped) == 5, "the title, the customer, and the customer's side of keep, stop and explore"


def test_the_greek_review_is_in_greek_words_and_dates(decide, tmp_path: Path):
    page = tmp_path / "review.html"
    assert decide("worksheet", "review", "--customer", "Acme Ltd", "--date", ON, "--next-review", NEXT_REVIEW, "--language", "el-GR", "-o", str(page)).status == 0
    html = page.read_text(encoding="utf-8")
    greek = ui_language("el-GR")
    assert '<html lang="el-GR">' in html
    for words in ["Relationship review", "What to keep", "What to stop", "What new value to explore together", *TIERS, "Date of the next review:"]:
        assert greek.gettext(words) != words and greek.gettext(words) in html
    assert "What to keep" not in html
    assert "27 Μαΐου 2027" in html


def test_without_a_relationship_file_the_review_says_what_is_missing(decide, project: Path):
    (project / "content" / "relationship.yml").unlink()
    run = decide("worksheet", "review", "-o", "x.pdf", cwd=project)
    assert run.status == 1
    assert "There is no content/relationship.yml, so there is no review to write" in run.err
    assert not (project / "x.pdf").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--customer", " ", "-o", "x.pdf"], "give the customer's name"),
        (["--date", ON, "--next-review", ON, "-o", "x.pdf"], "the next review (2026-11-27) must come after this one (2026-11-27)"),
        (["--next-review", "27/05/2027", "-o", "x.pdf"], "does not match the format '%Y-%m-%d'"),
        (["--customer", "Acme"], "-o FILE.pdf"),
    ],
)
def test_a_misused_review_command_says_how_to_use_it(decide, example_project: Path, arguments, message):
    run = decide("worksheet", "review", *arguments)
    assert run.status == 2
    assert message in run.err
    assert not (example_project / "x.pdf").exists()


def test_the_blank_review_is_on_the_built_site_with_its_pdf_and_linked_from_the_worksheets_page(example_site: Path):
    page = (example_site / "worksheets" / "review.html").read_text(encoding="utf-8")
    assert "<h1>What to keep, what to stop, what to explore together</h1>" in page
    assert 'href="review.pdf"' in page
    assert all(f"<strong>{name}</strong>" in page for name in TIERS) and page.count("data-next-action=") == 1
    pdf = example_site / "worksheets" / "review.pdf"
    assert all(name in " ".join(pdf_text(pdf)) for name in TIERS)
    index = (example_site / "worksheets" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="review">' in index
    assert '<a href="review.html">' in index and '<a href="../worksheets/review.pdf">' in index
    greek = (example_site / "el" / "worksheets" / "review.html").read_text(encoding="utf-8")
    assert ui_language("el-GR").gettext("What to keep") in greek
