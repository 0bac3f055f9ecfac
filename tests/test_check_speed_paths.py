"""The fast paths of `decide check` give exactly what the careful ones give: values, places, messages.

A clean file is read in one pass and its places found only when a diagnostic asks; Markdown that can only
be paragraphs and lists is not rendered to be checked; the benefit words are screened in one search; the
cycle collector is off while loading. Each is held here to the slow path it stands in for.
"""

from __future__ import annotations

import gc
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.content import write_content
from generator.check import rules
from generator.check.prose import MAX_ELEMENT_DEPTH, _Depth, _only_paragraphs_and_lists, _Removed, markdown_too_complex, removed_by_site
from generator.load import load_content, source
from generator.load.content import collection_paused
from generator.load.models import markdown_html
from generator.load.source import SourceFile, read_source
from generator.pipeline import load_and_check
from generator.project import Project
from generator.render.markup import Formatter
from tests.conftest import EXAMPLE_CONTENT, PROJECT
from tests.corpus.cases import all_cases, make_project


def _careful(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file read the careful way only, as before the quick path existed."""
    monkeypatch.setattr(source, "_quick_value", lambda text: None)


def _read(path: Path, folder: Path) -> tuple[SourceFile, list]:
    return read_source(path, path.relative_to(folder.parent).as_posix(), folder)


def _everything(found: SourceFile) -> tuple:
    return found.value, found.value_positions, found.key_positions, found.scalars


def _yaml_files(folder: Path) -> Iterator[Path]:
    return (path for path in sorted(folder.rglob("*.yml")) if path.is_file() and not path.is_symlink())


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated") / "content"
    write_content("S", folder)
    return folder


def _content_folders(generated: Path) -> list[Path]:
    return [EXAMPLE_CONTENT, PROJECT / "tests" / "other-company" / "content", PROJECT / "tests" / "broken-content", generated]


def test_a_clean_file_is_read_quickly_and_located_only_when_asked(generated: Path) -> None:
    path = next(_yaml_files(generated / "reasons"))
    found, problems = _read(path, generated)
    assert problems == []
    assert found._places is None, "a clean file's places are found only when a diagnostic needs one"
    where = found.position((3, "offerings", 0))
    assert found._places is not None
    line = found.lines[where.line - 1]
    assert line[where.column - 1 :].startswith(found.value[3]["offerings"][0]), "the place is where the value is written"


def _agree(files: list[tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Each (file, content folder) read both ways: the same values, places, scalars and problems."""
    quick = [(path, folder, *_read(path, folder)) for path, folder in files]
    _careful(monkeypatch)
    for path, folder, found, problems in quick:
        careful, careful_problems = _read(path, folder)
        assert problems == careful_problems, path
        assert _everything(found) == _everything(careful), path


def test_quick_and_careful_reads_agree_on_every_content_file(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [(path, folder) for folder in _content_folders(generated) for path in _yaml_files(folder)]
    assert len(files) > 60
    _agree(files, monkeypatch)


def test_check_reports_the_same_with_either_path(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in _content_folders(generated):
        project = Project.discover(folder)
        _, quick = load_and_check(project)
        with monkeypatch.context() as patched:
            _careful(patched)
            _, careful = load_and_check(project)
        assert quick == careful, folder


CORPUS_FILES = [case for case in all_cases() if case.args[0] == "check" and case.names.endswith(".yml")]


def test_every_corpus_file_reads_the_same_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bad-input corpus's broken files: whatever is wrong with them is reported at the same place, in the same words."""
    assert len(CORPUS_FILES) > 200
    files = []
    for case in CORPUS_FILES:
        root = make_project(case, tmp_path)
        path = root / case.names
        if path.is_file() and not path.is_symlink():
            files.append((path, root / "content"))
    _agree(files, monkeypatch)


def test_collection_is_off_while_loading_and_back_after(tmp_path: Path) -> None:
    assert gc.isenabled()
    load_content(EXAMPLE_CONTENT, EXAMPLE_CONTENT.parent)
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection_paused():
        assert not gc.isenabled()
        raise RuntimeError("a failure inside the block")
    assert gc.isenabled(), "back on after an error too"
    gc.disable()
    try:
        load_content(EXAMPLE_CONTENT, EXAMPLE_CONTENT.parent)
        assert not gc.isenabled(), "a caller's choice to keep it off is kept"
    finally:
        gc.enable()


def _rendered_findings(text: str) -> tuple[list[str], int]:
    """What rendering finds, the slow way the quick screen stands in for."""
    html = markdown_html(text)
    finder = _Removed()
    finder.feed(html)
    return finder.removed, _Depth.of(html)


MARKDOWN_SAMPLES = [
    "Plain prose, with commas; and (brackets) - and hyphens - in it.",
    "Title\n---",
    "Title\n===",
    "Title\n-",
    "1. first\n2. second\n   - inner\n       - deeper",
    "    indented code",
    "R&D &lt;script&gt; &#60;b&#62;",
    "see https://example.com or http://example.com",
    "a line  \nbroken with two spaces",
    "- - -",
    "text\n\n***",
]


@pytest.mark.parametrize("text", MARKDOWN_SAMPLES)
def test_markdown_the_check_does_not_render_has_nothing_to_report(text: str) -> None:
    if _only_paragraphs_and_lists(text):
        removed, depth = _rendered_findings(text)
        assert removed == [] and depth <= MAX_ELEMENT_DEPTH


MARKDOWN_PIECES = st.sampled_from(
    [" ", "\n", "\n\n", "    ", "-", "- ", "1. ", "+ ", "* ", "#", "=", "<b>", "[", "]", "(", ")", "!", "*", "_", "`", "|", ":", "&", "\\", "~", "http://x", "word", ">", "\t"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=30).map("".join))
def test_the_markdown_screen_never_skips_a_finding(text: str) -> None:
    if _only_paragraphs_and_lists(text) and markdown_too_complex(text) is None:
        removed, depth = _rendered_findings(text)
        assert removed == [], text
        assert depth <= MAX_ELEMENT_DEPTH, text
    assert removed_by_site(text) == list(dict.fromkeys(_rendered_findings(text)[0])), text


BENEFIT_SAMPLES = ["A 40-person distributor cut month-end close from 9 to 4 days", "They renewed for three years", "Our pipeline doubled", "Acme won the deal", "we closed it", "nothing here"]


@pytest.mark.parametrize("text", BENEFIT_SAMPLES)
def test_the_benefit_screen_finds_what_each_pattern_finds(text: str) -> None:
    company = "Acme"
    patterns = [*rules.OUR_BENEFIT, rf"\b{re.escape(company)} (?:sold|won|signed|earned|gained|grew)\b"]
    slow = next((found.group(0) for found in (re.search(pattern, text, re.IGNORECASE) for pattern in patterns) if found), None)
    assert rules._our_benefit(text, company) == slow


def test_one_babel_locale_serves_every_formatter() -> None:
    first, second = Formatter("de-DE", "EUR"), Formatter("de-DE", "EUR")
    assert first._babel is second._babel
    assert "," not in first.money(1234.0), "a whole amount has no decimals"
    assert "1.234,50" in first.amount(1234.5, "EUR per month"), "the cached pattern for decimals is another than the whole one"
    assert "1.234" in first.money(1234.0)


def test_check_imports_neither_the_renderer_nor_the_engines(tmp_path: Path) -> None:
    """A fresh process is the point: what `decide check` imports decides how soon it starts."""
    script = (
        "import sys\n"
        f"sys.argv = ['decide', 'check', '--content', {str(EXAMPLE_CONTENT)!r}]\n"
        "from generator.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    imported = set(finished.stdout.splitlines()[-1].split())
    assert "generator.load" in imported
    assert not {"weasyprint", "mkdocs", "jinja2", "rapidfuzz", "openpyxl", "generator.render", "generator.write"} & imported
