"""The account report: the HTML each audience gets (golden files), what a customer's copy leaves out, hostile names and
texts kept as text in the HTML and the PDF, the figures in the PDF read back, the marks on the stair-step, and the
report in Greek.

The answers are made by hand here and their figures worked out by ``account``, so these tests are about what the
report shows; tests/test_account.py checks how the figures are worked out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pypdf
import pytest

from generator.compute.account import Account, Answer, Audience, account
from generator.compute.relationship import stairs
from generator.render.account_report import Person, marks_on, render_report
from generator.render.language import ui_language
from generator.render.worksheets import Prospect, Worksheet
from generator.write.pdf import pdf_of
from tests.conftest import PROJECT

TEMPLATES = PROJECT / "templates"
CUSTOMER = Prospect("Acme Ltd", date(2026, 12, 2))


ANSWERS = [
    Answer("Ann Lee", "CFO", "customer", 3, 4, "Share the monthly figures", {"sales": 4, "support": 2}, {"sales": 3, "support": 4}, "The night the scanners were fixed"),
    Answer("Bo Chen", "Warehouse lead", "customer", 1, 5, "", {"sales": 3, "support": 3}, {"sales": 3, "support": 4}),
    Answer("Cy Diaz", "COO", "customer", 3, 4, "Plan the year together", {"sales": 5}, {"sales": 4}),
    Answer("Dee Ortiz", "Account manager", "us", 4, 5, "Visit them every quarter", {"sales": 5, "support": 4}, {"sales": 3, "support": 3}),
]
"""Worked by hand: their today 3, 1, 3 (median 3, spread 2: divided), desired 4, 5, 4 (median 4); ours today 4
(our view +1), desired 5. Support: us (2+3)/2 = 2.5, leader 4, -1.5; sales: us 4, leader 10/3 = 3.33, +0.67; the
others unrated. Not seen: asks-before-changing (trusted adviser, 4: at the median desired) and shares-plans
(partner, 5: above it, so no line)."""


def figures(content, answers: list[Answer] = ANSWERS, audience: Audience = "internal") -> Account:
    return account(content, answers, seen=["orders-regularly"], not_seen=["asks-before-changing", "shares-plans"], audience=audience)


def report(content, audience: Audience = "internal", answers: list[Answer] = ANSWERS, language: str | None = None) -> Worksheet:
    return render_report(content, TEMPLATES, figures(content, answers, audience), CUSTOMER, audience, language)


def without_style(html: str) -> str:
    return re.sub(r"<style>.*?</style>", "<style>(css)</style>", html, flags=re.DOTALL)


def pdf_pages(pdf: bytes, tmp_path) -> tuple[pypdf.PdfReader, list[str]]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    reader = pypdf.PdfReader(path)
    return reader, [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("audience", ["internal", "customer"])
def test_golden_account_report_html(example_content, file_regression, audience):
    html = report(example_content, audience).html
    file_regression.check(without_style(html), basename=f"account-report-{audience}", extension=".html")


def test_the_customers_copy_leaves_out_our_answers_and_the_questions_for_us_alone(example_content):
    internal = report(example_content).html
    theirs = report(example_content, "customer").html
    assert "Dee Ortiz" in internal and "Dee Ortiz" not in theirs
    assert "Visit them every quarter" in internal and "Visit them every quarter" not in theirs
    assert 'data-side="us"' in internal and 'data-side="us"' not in theirs
    for question in ("same-view", "goal", "invest"):
        assert f'data-question="{question}"' in internal and f'data-question="{question}"' not in theirs
    assert 'data-question="perception"' in theirs and 'data-question="say-and-do"' in theirs
    assert "not for the customer" in internal and "not for the customer" not in theirs


def test_the_report_says_what_the_figures_mean(example_content):
    html = report(example_content).html
    assert "2 steps between the highest and the lowest today on the customer&#39;s side: divided." in html
    assert "Our median today minus theirs: +1." in html and "We think the relationship is better than they do." in html
    assert "They say they want Trusted adviser, but" in html
    assert re.search(r'<tr data-touchpoint="support">.*?<td class="sheet__number">-1.5</td></tr>', html)
    assert html.index('data-touchpoint="support"') < html.index('data-touchpoint="sales"'), "weakest first, as the account orders them"


HOSTILE = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', 'O\'Brien "Bob"', "\u202eevil"]
"""Markup, quotes, and a right-to-left override left open, which would turn the rest of its line round."""


def test_hostile_names_are_text_in_the_html_and_the_pdf_which_holds_the_figures_page_numbers_metadata_and_fonts(example_content, tmp_path):
    script, image, quotes, right_to_left = HOSTILE
    ann, bo, cy, _ = ANSWERS
    answers = [
        replace(ann, name=script, role=image, change=image, moment=script),
        replace(bo, name=quotes, role="COO", change=quotes, moment=right_to_left),
        replace(cy, name=right_to_left, role="CFO"),
    ]
    worksheet = report(example_content, "customer", answers)
    html = worksheet.html
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "O&#39;Brien &#34;Bob&#34;" in html and "<bdi class=\"report__name\">\u202eevil</bdi> (<bdi>CFO</bdi>)" in html
    reader, pages = pdf_pages(pdf_of(html, "a4"), tmp_path)
    text = " ".join(pages)
    assert script in text and "onerror=" in text and 'O\'Brien "Bob" (COO)' in text
    assert "live (CFO)" in text, "the override turns the name round, and only the name"
    assert "3 Problem solver" in text and "4 Trusted adviser" in text, "each side's medians"
    assert "2 steps between the highest and the lowest today" in text and "divided" in text
    assert "-1.5" in text and "0.67" in text and "3.33" in text, "the touchpoints' figures"
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert reader.metadata.title == f"{worksheet.title}" and "Acme Ltd" in reader.metadata.title
    assert reader.metadata.author == example_content.site.model.name
    assert reader.metadata.subject.startswith("Where the relationship between Acme Ltd and")
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"].get("/Font", {}).values()]
    descriptors = [font["/DescendantFonts"][0].get_object()["/FontDescriptor"] for font in fonts]
    assert descriptors and all("/FontFile2" in descriptor or "/FontFile3" in descriptor for descriptor in descriptors), "every font is embedded"


def test_the_report_in_greek_has_the_catalogs_words_and_the_contents_translations(example_content):
    html = report(example_content, "customer", language="el-GR").html
    greek = ui_language("el-GR")
    assert '<html lang="el-GR">' in html
    assert greek.gettext("Spread") != "Spread" and f">{greek.gettext('Spread')}</h2>" in html
    assert "Trusted adviser" not in html, "the levels' names come from the Greek translation"
    assert "Spread" not in html


def test_a_crowded_step_keeps_its_last_place_for_how_many_more_there_are(example_content):
    steps = stairs(example_content.relationship.model.levels)
    crowd = [Person(number, Answer(f"P{number}", "", "customer", 1, 1)) for number in range(1, 21)]
    marks, crowded = marks_on(steps, crowd)
    lowest = steps[0]
    assert len(marks) + crowded[0].more == 40, "every today and desired on the lowest step is drawn or counted"
    assert all(lowest.x < mark.x < lowest.x + lowest.width and lowest.y < mark.y < lowest.y + lowest.height for mark in marks)
    assert [mark.when for mark in marks[:3]] == ["today"] * 3, "today's marks come first"


def test_an_account_of_one_person_says_what_is_not_known_rather_than_failing(example_content):
    """One person on their side, one touchpoint rated, nothing marked, no one of ours: every finding has words."""
    alone = [Answer("Ann Lee", "CFO", "customer", 2, 2, ratings={"sales": 3}, leader={"sales": 4})]
    html = render_report(example_content, TEMPLATES, account(example_content, alone), CUSTOMER, "internal").html
    assert "0 steps between the highest and the lowest today on the customer&#39;s side: aligned." in html
    assert "Aligned: their people are within one step of each other." in html
    assert html.count("Not known: no one on our side answered.") == 3, "our view, whether we see it the same way, and how closely aligned we are"
    assert "Against the leader, the one touchpoint rated is Sales." in html
    assert "No behaviour at or below the level they want is marked as not seen." in html and "No one named a moment." in html
    assert html.count("no one wrote what would have to change.") == 2, "one line for each side"
    assert "wanting it higher: 0; where it is: 1; lower: 0." in html


def test_each_mark_is_told_apart_by_shape_and_fill_not_colour_alone(example_content):
    """Their people are circles and ours squares, today filled and desired hollow, as the key under the picture says."""
    html = report(example_content).html
    picture = html[html.index('<svg viewBox="0 0 640 240"') : html.index("</svg>", html.index('<svg viewBox="0 0 640 240"'))]
    hollow, filled = 'fill="#ffffff"', 'fill="#1f4e79"'
    assert len(re.findall(f"<circle [^>]*{filled}", picture)) == 3 and len(re.findall(f"<circle [^>]*{hollow}", picture)) == 3, "three of theirs"
    assert len(re.findall(f"<rect [^>]*{filled}", picture)) == 1 and len(re.findall(f"<rect [^>]*{hollow}", picture)) == 1, "one of ours"
    key = html[html.index('<ul class="report__legend"') : html.index("</ul>", html.index('<ul class="report__legend"'))]
    assert [re.sub(r"<[^>]+>", "", item).strip() for item in key.split("<li>")[1:]] == [
        "the customer&#39;s people: today",
        "the customer&#39;s people: desired",
        "our people: today",
        "our people: desired",
    ]
