"""The reasons catalog at any size, in the docs tree: every reason is in full at its stable address, the main page
keeps within its room, every link to a reason lands on it, and the filter's index holds every reason once.

A copy of the example gains a file of generated reasons for one offering, more than the main page has room
for, so the catalog is large enough to be split, yet small enough to render in a second.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest
import yaml

from generator.check import check_content
from generator.compute import catalog
from generator.load import load_content
from generator.render import render_docs
from generator.render.catalog_pages import CARDS_ON_THE_MAIN_PAGE, INDEX, LINKS_ON_THE_MAIN_PAGE, link, served
from tests.conftest import EXAMPLE_CONTENT, PROJECT, copy_project

BULK = 300
"""Generated reasons for stock-planner: with the example's, far more than its share of the main page."""


def add_bulk_reasons(project: Path, count: int = BULK) -> None:
    """``content/reasons/bulk.yml``: ``count`` distinct reasons for stock-planner, every third without a metric."""
    problems = ["stockouts-and-overstock", "spreadsheet-sprawl"]
    reasons = []
    for number in range(1, count + 1):
        reason = {
            "result": f"Bulk customer {number} planned {number * 3} lines a week without a single rush order.",
            "offerings": ["stock-planner"],
            "problems": [problems[number % 2]],
            "customer": {"industry": f"Bulk trade {number % 7}", "size": f"{number} staff"},
            "source": "sales",
        }
        if number % 3:
            reason["metric"] = {"value": number, "unit": "rush orders", "before": number + 5, "after": 5, "period": "per month"}
        reasons.append(reason)
    (project / "content" / "reasons" / "bulk.yml").write_text(yaml.safe_dump(reasons, sort_keys=False), encoding="utf-8")


def rendered(content_folder: Path):
    content, diagnostics = load_content(content_folder, content_folder.parent)
    assert not [diagnostic for diagnostic in diagnostics + check_content(content) if diagnostic.severity == "error"]
    return content, render_docs(content, PROJECT / "templates")


@pytest.fixture(scope="module")
def example():
    return rendered(EXAMPLE_CONTENT)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("large") / "project")
    add_bulk_reasons(project)
    return rendered(project / "content")


def cards(page: str) -> list[str]:
    return re.findall(r'<article class="decide-reason" id="(reason-[^"]+)"', page)


@pytest.mark.parametrize("size", ["example", "large"])
def test_every_reason_is_in_full_at_its_address(size: str, request) -> None:
    content, tree = request.getfixturevalue(size)
    on_page = {page: set(cards(text)) for page, text in tree.pages.items() if page.startswith("reasons/offerings/")}
    for entry in catalog.reason_entries(content):
        page, _, element_id = entry.address.partition("#")
        assert element_id in on_page[page], entry.address
        assert entry.address == f"reasons/offerings/{entry.home}.md#reason-{entry.anchor}"


def test_the_index_finds_what_a_scan_finds(large) -> None:
    content, _ = large
    index = catalog.ReasonIndex.of(content)
    for offering_id in content.offerings:
        assert index.proving_offering(offering_id) == catalog.reasons_proving(index.entries, offering_id)
    for problem_id in content.problems:
        assert index.about_problem(problem_id) == catalog.reasons_about_problem(index.entries, problem_id)


def test_a_small_catalog_fits_whole_on_its_main_page(example) -> None:
    content, tree = example
    assert sorted(cards(tree.pages[catalog.CATALOG])) == sorted(f"reason-{entry.anchor}" for entry in catalog.reason_entries(content))
    assert "on a page of their own" not in tree.pages[catalog.CATALOG]


def test_a_large_catalog_shows_the_strongest_of_each_offering_within_its_room(large) -> None:
    content, tree = large
    main = tree.pages[catalog.CATALOG]
    shown = cards(main)
    assert len(shown) <= CARDS_ON_THE_MAIN_PAGE
    bulk = [entry for entry in catalog.reason_entries(content) if entry.anchor.startswith("bulk-")]
    assert any(f"reason-{entry.anchor}" not in shown for entry in bulk), "the main page must not hold them all"
    share = CARDS_ON_THE_MAIN_PAGE // len(content.offerings)
    planner = catalog.ReasonIndex.of(content).homed["stock-planner"]
    strongest = {f"reason-{entry.anchor}" for entry in catalog.strongest(planner, share)}
    assert strongest <= set(shown)
    proving = len(catalog.ReasonIndex.of(content).proving_offering("stock-planner"))
    assert f"[all {proving} reasons for Stock Planner](offerings/stock-planner.md) are on a page of their own" in main
    assert len(re.findall(r"^- \[", main, flags=re.MULTILINE)) <= LINKS_ON_THE_MAIN_PAGE


MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("size", ["example", "large"])
def test_every_link_to_the_catalog_lands_on_a_page_and_a_reason_that_exist(size: str, request) -> None:
    _, tree = request.getfixturevalue(size)
    checked = 0
    for page, text in tree.pages.items():
        for target in MARKDOWN_LINK.findall(text):
            path, _, fragment = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            if not resolved.startswith("reasons/"):
                continue
            assert resolved in tree.pages, f"{page} links to {target}"
            if fragment.startswith("reason-"):
                assert fragment in cards(tree.pages[resolved]), f"{page} links to {target}"
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("size", ["example", "large"])
def test_the_filters_index_holds_every_reason_once_with_its_lookups(size: str, request) -> None:
    content, tree = request.getfixturevalue(size)
    document = json.loads(tree.assets[INDEX])
    entries = {f"reason-{entry.anchor}": entry for entry in catalog.reason_entries(content)}
    assert sorted(reason[0] for reason in document["r"]) == sorted(entries)
    for element_id, offerings, problems, industry, source, result, size_text, story, metric in document["r"]:
        entry = entries[element_id]
        assert [document["o"][number][0] for number in offerings] == entry.reason.offerings
        assert [document["p"][number] for number in problems] == list(entry.problems)
        assert document["i"][industry] == entry.reason.customer.industry
        assert document["s"][source][0] == entry.reason.source
        assert result == " ".join(entry.reason.result.split())
        assert size_text == (entry.reason.customer.size or "")
        assert story == (1 if entry.reason.story else 0)
        assert (metric == 0) == (entry.reason.metric is None)
        drawn_link = document["o"][offerings[0]][2] + "#" + element_id
        assert drawn_link == served(catalog.CATALOG, entry.address), "the filter links each reason to its one address"


def test_the_catalog_order_is_its_main_pages_order(example) -> None:
    content, tree = example
    document = json.loads(tree.assets[INDEX])
    assert [reason[0] for reason in document["r"]] == cards(tree.pages[catalog.CATALOG])


def test_links_between_docs_pages_are_relative_as_the_engine_reads_them() -> None:
    assert link("offerings/care-plan.md", "reasons/offerings/care-plan.md#reason-care-plan-1") == "../reasons/offerings/care-plan.md#reason-care-plan-1"
    assert link("reasons/index.md", "reasons/problems/picking-errors.md") == "problems/picking-errors.md"
    assert link("reasons/offerings/x.md", "reasons/index.md") == "../index.md"
    assert served("reasons/index.md", "reasons/offerings/x.md#reason-x-1") == "offerings/x/#reason-x-1"
    assert served("reasons/index.md", "reasons/index.json") == "index.json"
    assert served("reasons/offerings/x.md", "index.md") == "../../../"
    assert served("offerings/y.md", "reasons/offerings/x.md") == "../../reasons/offerings/x/"


@pytest.mark.parametrize("page", ["reasons/offerings/stock-planner.md", "reasons/problems/picking-errors.md"])
def test_golden_catalog_pages(example, file_regression, page: str) -> None:
    _, tree = example
    file_regression.check(tree.pages[page], basename=page.replace("/", "__").removesuffix(".md"), extension=".md")
