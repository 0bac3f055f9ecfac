"""Shared fixtures: run the real `decide` entry point in-process, on copies of content."""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE_CONTENT = PROJECT / "content"


@dataclass
class Run:
    status: int
    out: str
    err: str

    @property
    def problems(self) -> list[dict[str, object]]:
        """The JSON report of `decide check --format json`."""
        return json.loads(self.out)

    def codes(self) -> set[str]:
        return {problem["code"] for problem in self.problems}


@pytest.fixture
def decide(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Runs ``decide ARGS`` through its real entry point, in ``cwd``; returns status and output.

    Every run also asserts the promise made to users: no traceback, ever.
    """

    def run(*args: str, cwd: Path = PROJECT) -> Run:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "argv", ["decide", *args])
        capsys.readouterr()
        with pytest.raises(SystemExit) as stopped:
            main()
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        assert "internal error" not in captured.err
        return Run(stopped.value.code or 0, captured.out, captured.err)

    return run


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the example content, to break on purpose."""
    copy = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, copy)
    return copy


@pytest.fixture
def check(decide, content: Path):
    """``decide check --format json`` on the content copy, run from the copy's project folder."""

    def run(*extra: str) -> Run:
        return decide("check", "--format", "json", *extra, cwd=content.parent)

    return run


def problem_at(run: Run, file: str, code: str) -> dict[str, object]:
    """The one problem with ``code`` in ``file``; fails listing all problems when absent."""
    found = [problem for problem in run.problems if problem["file"] == file and problem["code"] == code]
    assert len(found) == 1, json.dumps(run.problems, indent=1)
    return found[0]
