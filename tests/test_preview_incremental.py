"""A save in `decide serve` redoes what it changed: the files it changed are parsed, the pages that show them
rendered, those pages built by the engine, and the search index still holds every page.

Driven through ``Preview.regenerate``, the step the server runs on each save, on a copy of the example project.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.preview.regeneration import Preview, Regeneration
from generator.project import Project
from generator.write.engines import SEARCH_INDEX, build_with_mkdocs, rebuild_pages_with_mkdocs
from tests.conftest import copy_project

OFFERING = "content/offerings/care-plan.yml"
LANGUAGE_FOLDERS = ("", "el/")
"""Where the example's two languages are served: en-GB at the root, el-GR under ``el/``."""


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """One preview for the module, built once; each test leaves its files as it found them, and regenerates after."""
    project = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    running = Preview(Project.discover(project / "content", project), "mkdocs")
    first = running.regenerate()
    assert first.errors == "" and first.whole_site
    yield running


@pytest.fixture
def saved(preview: Preview) -> Iterator[Callable]:
    """Edits a project file (replacing text that must be there) and regenerates; every edit is undone after the test."""
    originals: dict[Path, str] = {}

    def save(relative: str, old: str, new: str) -> Regeneration:
        path = preview.project.root / relative
        text = path.read_text(encoding="utf-8")
        originals.setdefault(path, text)
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return preview.regenerate()

    yield save
    for path, text in originals.items():
        path.write_text(text, encoding="utf-8")
    assert preview.regenerate().errors == ""


def _page(preview: Preview, address: str) -> str:
    return (preview.site / address / "index.html").read_text(encoding="utf-8")


def _entries(index: Path) -> list[str]:
    return sorted(json.dumps(entry, sort_keys=True) for entry in json.loads(index.read_bytes())["docs"])


def test_a_save_renders_and_builds_only_the_pages_that_show_the_change(preview: Preview, saved) -> None:
    """In every language: the Greek pages show the renamed offering too, in English until its translation is updated."""
    unrelated = [preview.site / folder / "calculators/stock-planner-payback/index.html" for folder in LANGUAGE_FOLDERS]
    untouched = [page.stat().st_mtime_ns for page in unrelated]
    parsed = preview._reads.parsed
    done = saved(OFFERING, "name: Care Plan", "name: Care Plan Plus")
    assert done.errors == "" and done.rebuilt and not done.whole_site
    assert preview._reads.parsed == parsed + 1, "only the saved file is parsed again"
    pages = [path for tree in ("docs", "languages") for path in (preview.folder / tree).rglob("*") if path.suffix in (".md", ".html")]
    assert 0 < len(done.rendered) < len(pages) - 5
    for folder in LANGUAGE_FOLDERS:
        assert f"{folder}offerings/care-plan.md" in done.rendered and f"{folder}index.md" in done.rendered
        assert f"{folder}offerings/scan-to-ship.md" not in done.rendered, "a page that does not show the offering is kept as rendered"
        assert "Care Plan Plus" in _page(preview, f"{folder}offerings/care-plan")
    assert [page.stat().st_mtime_ns for page in unrelated] == untouched, "the engine left a page the save did not change as it was"


def _pages(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*.html"))}


def test_a_page_rebuild_gives_the_site_and_search_index_a_whole_build_gives(preview: Preview, saved) -> None:
    """In each language: each has its own search index, and the whole site is every language's build, the default first."""
    done = saved(OFFERING, "name: Care Plan", "name: Care Plan Extra")
    assert not done.whole_site
    indexes = [preview.site / folder / SEARCH_INDEX for folder in LANGUAGE_FOLDERS]
    kept, pages = [_entries(index) for index in indexes], _pages(preview.site)
    for entries in kept:
        assert any("Care Plan Extra" in entry for entry in entries), "the rebuilt page's new text is searchable"
        assert not any('"Care Plan"' in entry for entry in entries), "and its old text is gone"
    for config in ("mkdocs.yml", "mkdocs.el.yml"):
        build_with_mkdocs(preview.folder / config)
    assert kept == [_entries(index) for index in indexes], "the same entries as a build of the whole site"
    assert pages == _pages(preview.site), "every page, rebuilt or kept, as a build of the whole site makes it"


def test_a_save_that_changes_nothing_shown_builds_nothing(preview: Preview, saved) -> None:
    done = saved(OFFERING, "name: Care Plan", "name: Care Plan  ")
    assert done.errors == "" and done.changed == [] and not done.rebuilt and done.rendered == []


def test_a_new_page_builds_the_whole_site(preview: Preview, saved) -> None:
    new = preview.project.content / "offerings/care-plan-lite.yml"
    new.write_text((preview.project.content / "offerings/care-plan.yml").read_text(encoding="utf-8").replace("name: Care Plan", "name: Care Plan Lite", 1), encoding="utf-8")
    try:
        done = preview.regenerate()
        assert done.errors == "" and done.whole_site
        assert "Care Plan Lite" in _page(preview, "offerings/care-plan-lite")
    finally:
        new.unlink()
    done = preview.regenerate()
    assert done.whole_site and not (preview.site / "offerings/care-plan-lite").exists(), "a page removed is removed from the site"
    assert not {f"{folder}offerings/care-plan-lite.md" for folder in LANGUAGE_FOLDERS} & set(preview._memo._pages), "and from what the preview keeps"
    assert not any(path == new for path, _ in preview._reads._files), "as is the file"


def test_a_template_edit_renders_every_page_that_uses_it(preview: Preview, saved) -> None:
    offerings = len(list(preview.project.content.glob("offerings/*.yml")))
    done = saved("templates/pages/offering.md.j2", "{{", "{{ '' }}{{")
    assert done.errors == ""
    for folder in LANGUAGE_FOLDERS:
        assert len([page for page in done.rendered if page.startswith(f"{folder}offerings/") and page != f"{folder}offerings/index.md"]) == offerings


def test_an_error_then_its_fix_builds_the_pages_again(preview: Preview, saved) -> None:
    broken = saved(OFFERING, "name: Care Plan", "name: [Care Plan")
    assert broken.errors and not broken.rebuilt
    fixed = saved(OFFERING, "name: [Care Plan", "name: Care Plan Again")
    assert fixed.errors == "" and not fixed.whole_site
    assert "Care Plan Again" in _page(preview, "offerings/care-plan")


def test_a_search_index_that_cannot_be_read_is_made_again_whole(preview: Preview) -> None:
    index = preview.site / SEARCH_INDEX
    whole = _entries(index)
    index.write_text('{"docs": [', encoding="utf-8")
    assert rebuild_pages_with_mkdocs(preview.folder / "mkdocs.yml", ["offerings/care-plan.md"]), "it says it built the whole site"
    assert _entries(index) == whole, "never a partial index: the whole site is built when the old one cannot be kept"


def test_when_the_default_language_is_built_whole_after_all_the_others_are_built_again(preview: Preview, saved) -> None:
    """A whole build of the default language empties ``site/``, further languages' folders with it."""
    (preview.site / SEARCH_INDEX).write_text('{"docs": [', encoding="utf-8")
    done = saved(OFFERING, "name: Care Plan", "name: Care Plan Whole")
    assert done.errors == "" and done.whole_site
    for folder in LANGUAGE_FOLDERS:
        assert "Care Plan Whole" in _page(preview, f"{folder}offerings/care-plan")
        assert _page(preview, f"{folder}calculators/stock-planner-payback")
