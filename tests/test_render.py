"""The render step: golden Markdown for every page of the example, and the escaping every page relies on."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.check import check_content
from generator.load import load_content
from generator.render import render_docs
from generator.render.markup import Formatter, plain, prose
from generator.render.pages import NAV
from generator.render.templating import root_of
from generator.write.config import MARKDOWN_EXTENSIONS
from tests.conftest import EXAMPLE_CONTENT, PROJECT


@pytest.fixture(scope="module")
def example_tree():
    content, diagnostics = load_content(EXAMPLE_CONTENT, EXAMPLE_CONTENT.parent)
    assert not diagnostics + check_content(content)
    return render_docs(content, PROJECT / "templates")


def test_the_tree_has_a_page_per_problem_offering_calculator_and_selector_and_the_index_pages(example_tree):
    problems = {path.stem for path in (EXAMPLE_CONTENT / "problems").glob("*.yml")}
    offerings = {path.stem for path in (EXAMPLE_CONTENT / "offerings").glob("*.yml")}
    selectors = {path.stem for path in (EXAMPLE_CONTENT / "selectors").glob("*.yml")}
    expected = {"index.md", "offerings/index.md", "reasons/index.md", "mistakes/index.md", "worksheets/index.md"}
    expected |= {f"problems/{problem}.md" for problem in problems} | {f"offerings/{offering}.md" for offering in offerings}
    expected |= {f"calculators/{path.stem}.md" for path in (EXAMPLE_CONTENT / "calculators").glob("*.yml")}
    expected |= {f"selectors/{selector}.md" for selector in selectors} | {"assessment/index.md"}
    expected |= {f"reasons/offerings/{offering}.md" for offering in offerings} | {f"reasons/problems/{problem}.md" for problem in problems}
    assert set(example_tree.pages) == expected


def test_the_navigation_holds_only_index_pages(example_tree):
    assert [page for _, page in example_tree.nav] == [page for _, page in NAV]
    assert all(page == "index.md" or page.endswith("/index.md") for _, page in example_tree.nav)


def test_every_page_ends_in_exactly_one_next_action(example_tree):
    for path, text in example_tree.pages.items():
        assert text.count("data-next-action=") == 1, path


EXAMPLE_PAGES = ["index.md", "offerings/index.md", "reasons/index.md", "mistakes/index.md", "worksheets/index.md", "assessment/index.md"] + [
    f"{kind}/{path.stem}.md" for kind in ("problems", "offerings", "calculators", "selectors") for path in sorted((EXAMPLE_CONTENT / kind).glob("*.yml"))
]


@pytest.mark.parametrize("page", EXAMPLE_PAGES)
def test_golden_markdown(example_tree, file_regression, page):
    file_regression.check(example_tree.pages[page], basename=page.replace("/", "__").removesuffix(".md"), extension=".md")


def _rendered_text(markdown_text: str) -> str:
    """What a reader sees: the HTML an engine makes of ``markdown_text``, tags stripped, entities decoded."""
    rendered = markdown.markdown(markdown_text, extensions=list(MARKDOWN_EXTENSIONS))
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1))
def test_plain_text_reads_exactly_as_written_after_markdown(text):
    if not text.split():
        return
    assert _rendered_text(plain(text)) == " ".join(text.split())


@pytest.mark.parametrize("prefix", ["## ", "- ", "| a | ", "**", ""])
@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        'Heading { onclick="alert(1)" }',
        "{: #id onclick=alert(1) }",
        "</title><script>alert(1)</script>",
        "# not a heading",
        "1. not a list",
    ],
)
def test_plain_text_never_becomes_markup_wherever_it_lands(prefix, hostile):
    rendered = markdown.markdown(prefix + plain(hostile), extensions=list(MARKDOWN_EXTENSIONS))
    elements = _elements(rendered)
    assert {tag for tag, _ in elements} <= {"p", "h2", "ul", "li", "strong", "table", "thead", "tbody", "tr", "th", "td"}, rendered
    assert not [name for _, attributes in elements for name, _ in attributes if name.startswith("on")], rendered
    assert hostile.strip() in html.unescape(re.sub(r"<[^>]+>", "", rendered))


def _elements(rendered: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag in ``rendered`` with its attributes, as a browser's parser sees them."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collector().feed(rendered)
    return found


@pytest.mark.parametrize(
    ("written", "forbidden"),
    [
        ("Hello <script>alert(1)</script>", "<script"),
        ('<img src="https://tracker.example/x.png" onerror="alert(1)">', "<img"),
        ("[click](javascript:alert(1))", "javascript:"),
        ("![pixel](https://tracker.example/p.gif)", "<img"),
        ('<a href="https://x.example" onclick="alert(1)">x</a>', "onclick"),
        ("<iframe src=https://x.example></iframe>", "<iframe"),
        ('<p style="background:url(https://x.example)">x</p>', "style="),
    ],
)
def test_prose_keeps_markdown_but_drops_scripts_handlers_and_foreign_images(written, forbidden):
    assert forbidden not in prose(written)


def test_prose_keeps_what_marketers_write():
    rendered = prose("Some **bold**, a [link](https://example.com/a) and a list:\n\n- one\n- two")
    assert "<strong>bold</strong>" in rendered
    assert 'href="https://example.com/a"' in rendered
    assert "<li>one</li>" in rendered


def test_prose_keeps_table_alignment():
    rendered = prose("| item | cost |\n| --- | ---: |\n| audit | 900 |")
    assert '<td align="right">900</td>' in rendered


@pytest.mark.parametrize(
    ("locale", "value", "unit", "shown"),
    [
        ("en-GB", 155000, "GBP of slow-moving stock", "£155,000 of slow-moving stock"),
        ("en-GB", 11500.5, "GBP", "£11,500.50"),
        ("en-GB", 1.3, "% of order lines", "1.3% of order lines"),
        ("en-GB", 7, "percentage points", "7 percentage points"),
        ("de-DE", 1234.5, "working hours", "1.234,5 working hours"),
        ("de-DE", 1234, "EUR per month", "1.234\xa0€ per month"),
    ],
)
def test_measures_are_written_the_way_the_sites_readers_write_them(locale, value, unit, shown):
    assert Formatter(locale).measure(value, unit) == shown


def test_a_before_after_pair_carries_a_sign_only_for_a_currency_or_exactly_percent():
    formatter = Formatter("en-GB")
    assert formatter.amount(11500, "GBP per month") == "£11,500"
    assert formatter.amount(11500, "GBP") == "£11,500"
    assert formatter.amount(1.8, "%") == "1.8%"
    assert formatter.amount(2100, "% more visits") == "2,100"
    assert formatter.amount(1.8, "% of lines") == "1.8"
    assert formatter.amount(91, "percentage points") == "91"


@pytest.mark.parametrize(
    ("page", "root"),
    [("index.md", ""), ("reasons/index.md", "../"), ("problems/picking-errors.md", "../../"), ("a/b/c.md", "../../../")],
)
def test_links_in_raw_html_find_their_way_back_to_the_root(page, root):
    assert root_of(page) == root


def test_the_shared_start_up_script_loads_before_the_scripts_that_use_it(example_tree):
    assert [path.rsplit("/", 1)[-1] for path in example_tree.scripts][:1] == ["decide.js"]
    assert {"calculator.js", "selector.js", "assessment.js"} <= {path.rsplit("/", 1)[-1] for path in example_tree.scripts}
