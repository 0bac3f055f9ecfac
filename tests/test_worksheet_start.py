"""A worksheet's start-up: the values of unchanged content files kept in ``build/content-values/`` give exactly the
content a fresh read gives, a changed or damaged entry is never used, and content with errors still refuses a worksheet."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.load import Content, load_content, source
from generator.load.kept import ENTRY, FOLDER, KeptValues, kept_in, reader_version
from generator.load.source import Reads
from tests.conftest import EXAMPLE_CONTENT

SCANNERS = "scan-to-ship-payback"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "project" / "content"
    shutil.copytree(EXAMPLE_CONTENT, copy)
    return copy


def _load(content: Path, folder: Path):
    with kept_in(folder) as kept:
        return load_content(content, content.parent, Reads(kept))


def _key(raw: bytes) -> str:
    """The key of a file's entry, as ``KeptValues`` names it."""
    return hashlib.sha256((reader_version() or "").encode() + b"\0" + raw).hexdigest()


def _entries(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir() if ENTRY.fullmatch(path.name)}


def _unparsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing a file's YAML the quick way fails the test: values must come from the kept entries."""

    def parsed(text: str) -> object:
        raise AssertionError("a file was parsed although its values were kept")

    monkeypatch.setattr(source, "_quick_value", parsed)


def test_kept_values_give_the_content_a_fresh_read_gives(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / FOLDER
    fresh = load_content(content, content.parent)
    _load(content, folder)
    assert len(_entries(folder)) == len(list(content.rglob("*.yml"))), "every file of the example is clean, so kept"
    _unparsed(monkeypatch)
    assert _comparable(_load(content, folder)) == _comparable(fresh)


def _comparable(loaded: tuple[Content, list[Diagnostic]]) -> tuple[Content, list[Diagnostic]]:
    """The content and problems, without Babel's reading of each catalog, which equals only itself (its text is kept)."""
    content, problems = loaded
    catalogs = {locale: dataclasses.replace(catalog, po=None) for locale, catalog in content.translations.items()}
    return dataclasses.replace(content, translations=catalogs), problems


def test_a_changed_file_is_read_again_and_its_old_entry_removed(content: Path, tmp_path: Path):
    folder = tmp_path / FOLDER
    _load(content, folder)
    before = _entries(folder)
    (folder / "notes.txt").write_text("not an entry", encoding="utf-8")
    reasons = sorted((content / "reasons").glob("*.yml"))[0]
    reasons.write_text(reasons.read_text(encoding="utf-8").replace("result: ", "result: Changed, ", 1), encoding="utf-8")
    loaded, _ = _load(content, folder)
    assert loaded.reasons[0].model.result.startswith("Changed, ")
    after = _entries(folder)
    assert len(after) == len(before) and len(after - before) == 1, "the changed file's entry replaced its old one"
    assert (folder / "notes.txt").is_file(), "only entries are ever removed"


@pytest.mark.parametrize("damage", ["changed", "cut short", "not json"])
def test_a_damaged_entry_is_parsed_again_never_used(content: Path, tmp_path: Path, damage: str):
    folder = tmp_path / FOLDER
    fresh, _ = load_content(content, content.parent)
    _load(content, folder)
    key = _key((content / "site.yml").read_bytes())
    name, _ = KeptValues(folder, reader_version() or "").entries[key]
    entry = folder / name
    data = entry.read_bytes()
    if damage == "changed":
        entry.write_bytes(data.replace(fresh.site.model.name.encode(), b"Someone Else"))
    elif damage == "cut short":
        entry.write_bytes(data[: len(data) // 2])
    else:
        entry.unlink()
        bad = b"{not json"
        (folder / f"{key}.{hashlib.sha256(bad).hexdigest()[:32]}.json").write_bytes(bad)
    loaded, _ = _load(content, folder)
    assert loaded.site == fresh.site
    assert KeptValues(folder, reader_version() or "").entries[key][0] == name, "the entry is written anew, whole"


def test_a_value_json_cannot_hold_exactly_is_not_kept(tmp_path: Path):
    kept = KeptValues(tmp_path / FOLDER, "reader")
    assert kept.value(b"on: 2026-01-15\n", lambda: {"on": date(2026, 1, 15)}) == {"on": date(2026, 1, 15)}
    kept.write_new()
    assert not (tmp_path / FOLDER).exists()


def test_another_reader_does_not_use_the_entries(content: Path, tmp_path: Path):
    folder = tmp_path / FOLDER
    _load(content, folder)
    raw = (content / "site.yml").read_bytes()
    assert KeptValues(folder, "a later decide").value(raw, lambda: "parsed") == "parsed"


@pytest.mark.parametrize(
    ("breakage", "code"),
    [
        (("offerings: [scan-to-ship]", "offerings: [scan-to-shop]"), "E020"),
        (("offerings: [scan-to-ship]", "offerings: [scan-to-ship"), "E003"),
    ],
)
def test_content_with_an_error_still_refuses_the_worksheet(decide, content: Path, breakage: tuple[str, str], code: str):
    project = content.parent
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates", project / "templates")
    (project / "build").mkdir()
    arguments = ("worksheet", "break-even", SCANNERS, "--prospect", "Acme", "-o", "sheet.html")
    assert decide(*arguments, cwd=project).status == 0
    assert _entries(project / "build" / FOLDER), "the first worksheet kept the values"
    reasons = next(path for path in sorted((content / "reasons").glob("*.yml")) if breakage[0] in path.read_text(encoding="utf-8"))
    reasons.write_text(reasons.read_text(encoding="utf-8").replace(*breakage), encoding="utf-8")
    (project / "sheet.html").unlink()
    run = decide(*arguments, cwd=project)
    assert run.status == 1
    assert code in run.err and "The content has errors." in run.err
    assert not (project / "sheet.html").exists()
