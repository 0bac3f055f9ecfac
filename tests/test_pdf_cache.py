"""Blank worksheets' PDFs kept in build/pdf-cache: reused while nothing that decides their bytes changed, made again when
something did, and never trusted when damaged. Real WeasyPrint, real builds; an entry untouched (same inode, same time)
is one no build made again."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.write.pdf import pdfs_of
from generator.write.pdf_cache import ENTRY, DiskCache, installed_software, is_whole_pdf, pdf_key, system_fonts, typesetting

WORKSHEETS = 9
"""The example's blank worksheets in each language: the assessment, the review, two break-even worksheets and five plans."""

LANGUAGES = 2
"""The example's languages, en-GB and el-GR: each has its own PDF of every worksheet, and one build keeps them all."""


def entries(project: Path) -> dict[str, tuple[int, int]]:
    """Each cache entry's name, with what changes when it is written again: its inode and time."""
    folder = project / "build" / "pdf-cache"
    return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns) for path in folder.iterdir() if ENTRY.fullmatch(path.name)}


def site_pdfs(project: Path) -> dict[str, bytes]:
    """Every language's worksheet PDFs on the site (``worksheets/`` and ``el/worksheets/``), by path."""
    return {path.relative_to(project / "site").as_posix(): path.read_bytes() for path in (project / "site").rglob("worksheets/**/*.pdf")}


def assert_readable(pdf: bytes) -> None:
    assert is_whole_pdf(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1


@pytest.fixture
def built(decide, project: Path) -> Path:
    """The example project, built once: its cache holds every blank worksheet's PDF."""
    assert decide("build", cwd=project).status == 0
    return project


def test_a_second_build_makes_no_pdf_and_puts_the_same_ones_on_the_site(decide, built: Path) -> None:
    before, pdfs = entries(built), site_pdfs(built)
    assert len(before) == len(pdfs) == WORKSHEETS * LANGUAGES
    assert decide("build", cwd=built).status == 0
    assert entries(built) == before
    assert site_pdfs(built) == pdfs


def test_changing_one_page_makes_only_its_pdf_again_and_drops_the_old_one(decide, built: Path) -> None:
    before = entries(built)
    calculator = built / "content" / "calculators" / "scan-to-ship-payback.yml"
    calculator.write_text(calculator.read_text().replace("When do scanners pay for themselves?", "When do the scanners pay back?"))
    assert decide("build", cwd=built).status == 0
    after = entries(built)
    assert len(after) == WORKSHEETS * LANGUAGES
    assert len(set(before) - set(after)) == len(set(after) - set(before)) == LANGUAGES, "its PDF in each language, which now shows the new words"
    assert all(after[name] == stat for name, stat in before.items() if name in after)
    for folder in ("", "el/"):
        assert b"pay back?" in _text_of(built / "site" / f"{folder}worksheets" / "break-even" / "scan-to-ship-payback.pdf")


def test_a_stylesheet_change_makes_every_pdf_again(decide, built: Path) -> None:
    before = entries(built)
    stylesheet = built / "templates" / "worksheets" / "worksheet.css"
    stylesheet.write_text(stylesheet.read_text() + "\nh1 { letter-spacing: 0.01em; }\n")
    assert decide("build", cwd=built).status == 0
    after = entries(built)
    assert len(after) == WORKSHEETS * LANGUAGES
    assert not set(before) & set(after)


@pytest.mark.parametrize("damage", ["truncated", "changed", "empty", "not a PDF"])
def test_a_damaged_entry_is_made_again_and_the_site_gets_a_whole_pdf(decide, built: Path, damage: str) -> None:
    good = site_pdfs(built)
    entry = next(path for path in (built / "build" / "pdf-cache").iterdir() if ENTRY.fullmatch(path.name))
    data = entry.read_bytes()
    damaged = {
        "truncated": data[: len(data) // 2],
        "changed": data.replace(b"/Type", b"/Tipe", 1),
        "empty": b"",
        "not a PDF": b"<html>not a PDF</html>",
    }[damage]
    entry.write_bytes(damaged)
    assert decide("build", cwd=built).status == 0
    assert site_pdfs(built) == good
    for pdf in good.values():
        assert_readable(pdf)
    assert entry.read_bytes() == data


@pytest.mark.parametrize("in_the_way", ["file", "broken link", "entries are folders"])
def test_a_cache_that_cannot_be_used_does_not_stop_the_build(decide, project: Path, in_the_way: str) -> None:
    folder = project / "build" / "pdf-cache"
    folder.parent.mkdir(parents=True)
    if in_the_way == "file":
        folder.write_text("not a folder")
    elif in_the_way == "broken link":
        folder.symlink_to(project / "nowhere")
    else:
        assert decide("build", cwd=project).status == 0
        for entry in list(folder.iterdir()):
            entry.unlink()
            entry.mkdir()
    assert decide("build", cwd=project).status == 0
    pdfs = site_pdfs(project)
    assert len(pdfs) == WORKSHEETS * LANGUAGES
    for pdf in pdfs.values():
        assert_readable(pdf)


@pytest.fixture
def pages(example_site: Path) -> list[str]:
    """Two of the example's worksheet pages, as the build hands them to WeasyPrint."""
    folder = example_site.parent / "build" / "docs" / "worksheets"
    return [(folder / "assessment.html").read_text(), (folder / "plan" / "care-plan.html").read_text()]


def test_the_paper_is_part_of_the_key(pages: list[str], tmp_path: Path) -> None:
    a4 = pdfs_of(pages, "a4", 1, tmp_path)
    names = set(os.listdir(tmp_path))
    letter = pdfs_of(pages, "letter", 1, tmp_path)
    assert not names & set(os.listdir(tmp_path))
    widths = {round(float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)) for pdf in (a4[0], letter[0])}
    assert widths == {595, 612}


def test_every_version_and_the_fonts_are_part_of_the_key(pages: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    software = installed_software()
    now = typesetting(software)
    assert now is not None
    keys = {pdf_key(pages[0], "A4", now)}
    for library in ("weasyprint", "pydyf", "fonttools", "pango", "harfbuzz"):
        upgraded = typesetting({**software, library: software[library] + ".1"})
        assert upgraded is not None
        keys.add(pdf_key(pages[0], "A4", upgraded))
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (tmp_path / "fonts.conf").write_text(f"<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>")
    with monkeypatch.context() as patched:
        patched.setenv("FONTCONFIG_FILE", str(tmp_path / "fonts.conf"))
        other_fonts = system_fonts()
    assert other_fonts is not None and other_fonts != system_fonts()
    assert len(keys) == 6


def test_a_library_whose_version_cannot_be_asked_makes_the_typesetting_unknown() -> None:
    """And an unknown typesetting keeps nothing on disk (``pdfs_of``): a PDF is reused only when all that made it is known."""
    assert typesetting({**installed_software(), "pango": "unknown"}) is None


def test_the_cache_keeps_only_what_the_last_build_used_and_what_is_being_written(pages: list[str], tmp_path: Path) -> None:
    pdfs_of(pages[:1], "a4", 1, tmp_path)
    first = set(os.listdir(tmp_path))
    pdfs_of(pages, "a4", 1, tmp_path)
    assert len(set(os.listdir(tmp_path)) - first) == 1
    long_ago, soon = time.time() - 3600, time.time() + 60
    for stale in ("0" * 64 + "." + "1" * 32 + ".pdf", ".left-by-a-killed-build.0123abcd.part"):
        (tmp_path / stale).write_bytes(b"%PDF-1.7\n%%EOF")
        os.utime(tmp_path / stale, (long_ago, long_ago))
    (tmp_path / ".being-written.0123abcd.part").write_bytes(b"%PDF-")
    os.utime(tmp_path / ".being-written.0123abcd.part", (soon, soon))
    pdfs_of(pages[:1], "a4", 1, tmp_path)
    assert set(os.listdir(tmp_path)) == first | {".being-written.0123abcd.part"}


def test_the_example_site_s_pdfs_are_the_cache_s(example_site: Path) -> None:
    cached = {path.read_bytes() for path in (example_site.parent / "build" / "pdf-cache").iterdir() if ENTRY.fullmatch(path.name)}
    assert set(site_pdfs(example_site.parent).values()) == cached


def _text_of(pdf: Path) -> bytes:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages).encode("utf-8")


def test_an_entry_removed_by_another_build_is_made_again_not_an_error(pages: list[str], tmp_path: Path) -> None:
    first = pdfs_of(pages, "a4", 1, tmp_path)
    listed_before = DiskCache(tmp_path)
    DiskCache(tmp_path).keep_only([], time.time() + 60)
    assert os.listdir(tmp_path) == []
    assert all(listed_before.get(key) is None for key in list(listed_before.entries))
    assert pdfs_of(pages, "a4", 1, tmp_path) == first
    assert len(os.listdir(tmp_path)) == len(pages)


def test_pruning_removes_only_entries_so_a_linked_folder_loses_nothing_else(tmp_path: Path) -> None:
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "letter.pdf").write_bytes(b"%PDF-1.7 someone's own file")
    stale = "0" * 64 + "." + "1" * 32 + ".pdf"
    (elsewhere / stale).write_bytes(b"an old entry")
    (tmp_path / "pdf-cache").symlink_to(elsewhere)
    DiskCache(tmp_path / "pdf-cache").keep_only([], time.time() + 60)
    assert sorted(os.listdir(elsewhere)) == ["letter.pdf"]
