"""What every bench script shares: which content it measures (``--content DIR``), a scratch project around that
content, and whole-process timing.

A bench never measures ``content/`` itself, which a company replaces with its own: by default it measures the
pinned example (tests/example/content/); ``--content DIR`` points it at any other folder, such as one written by
``bench/content.py --size L --out DIR``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE_CONTENT = PROJECT / "tests" / "example" / "content"
"""The pinned example company, the default content of every bench."""

BIN = Path(sys.executable).parent
DECIDE = str(BIN / "decide")
MKDOCS = str(BIN / "mkdocs")


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content",
        type=Path,
        default=EXAMPLE_CONTENT,
        help="the content folder to measure (default: the pinned example; bench/content.py writes larger ones)",
    )


def content_folder(parser: argparse.ArgumentParser, content: Path) -> Path:
    """The ``--content`` folder, absolute; a usage error when it holds no site.yml."""
    if not (content / "site.yml").is_file():
        parser.error(f"{content} holds no site.yml: give a content folder, e.g. one written by bench/content.py")
    return content.resolve()


def scratch_project(folder: Path, content: Path) -> Path:
    """A project (``content``, the templates, mkdocs.yml) in ``folder``, which builds and previews may write into."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(content, folder / "content")
    shutil.copytree(PROJECT / "templates", folder / "templates")
    shutil.copy(PROJECT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def first_id(content: Path, kind: str) -> str | None:
    """The first entry of a kind (``offerings``, ``calculators``, …) by file name: the one a bench picks by default."""
    return min((path.stem for path in (content / kind).glob("*.yml")), default=None)


@dataclass(frozen=True)
class Timed:
    """One whole-process run: wall seconds, and the CPU seconds (user + system) of it and of the children it waited for."""

    wall: float
    cpu: float


def run_timed(command: Sequence[str], cwd: Path, what: str) -> Timed:
    """Runs ``command`` to its end, timed from outside; exits the bench, with what it printed, if it fails."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(list(command), cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = os.times()
    if done.returncode != 0:
        sys.exit(f"{what} failed (exit status {done.returncode}):\n{(done.stdout + done.stderr).decode(errors='replace')[-3000:]}")
    return Timed(wall, (after.children_user - before.children_user) + (after.children_system - before.children_system))


def spread(values: Sequence[float], unit: str = "s") -> str:
    """Median first, the figure to quote; min and max show how noisy the machine was."""
    return f"median {statistics.median(values):.2f} {unit} (min {min(values):.2f}, max {max(values):.2f})"


def rewrite_reason(path: Path, index: int, result: str) -> str:
    """Gives the reason at ``index`` of a reasons file a new ``result``, as a marketer's save would; returns the old one.

    The file is written out again whole (its other entries' values unchanged): what decide reads is the same
    but for that one reason."""
    reasons = yaml.safe_load(path.read_text(encoding="utf-8"))
    old = reasons[index]["result"]
    reasons[index]["result"] = result
    path.write_text(yaml.safe_dump(reasons, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return str(old)
