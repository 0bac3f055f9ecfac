"""The benchmarks' generated content: it passes `decide check` cleanly and is the same bytes every time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.content import SIZES, write_content


def reasons(content: Path) -> list[dict[str, object]]:
    return [reason for path in sorted((content / "reasons").glob("*.yml")) for reason in yaml.safe_load(path.read_text(encoding="utf-8"))]


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("size", ["S", "M"])
def test_generated_content_has_no_errors_and_no_warnings(decide, tmp_path: Path, size: str) -> None:
    write_content(size, tmp_path / "content")
    run = decide("check", "--format", "json", cwd=tmp_path)
    assert run.status == 0
    assert run.problems == []


def test_each_size_holds_what_it_promises(tmp_path: Path) -> None:
    write_content("M", tmp_path)
    wanted = SIZES["M"]
    counts = {folder: len(list((tmp_path / folder).glob("*.yml"))) for folder in ("offerings", "problems", "calculators", "selectors")}
    assert counts == {"offerings": wanted.offerings, "problems": wanted.problems, "calculators": wanted.calculators, "selectors": wanted.selectors}
    assert len(reasons(tmp_path)) == wanted.reasons


def test_two_runs_write_the_same_bytes(tmp_path: Path) -> None:
    write_content("S", tmp_path / "first")
    write_content("S", tmp_path / "second")
    assert files(tmp_path / "first") == files(tmp_path / "second")


def test_entries_differ_so_no_cache_hides_repeated_work(tmp_path: Path) -> None:
    write_content("S", tmp_path)
    results = [reason["result"] for reason in reasons(tmp_path)]
    assert len(set(results)) == len(results) == SIZES["S"].reasons
    assert len({reason["story"] for reason in reasons(tmp_path) if "story" in reason}) > SIZES["S"].reasons * 3 // 4
