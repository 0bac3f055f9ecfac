"""`decide build` against plain mkdocs-material building the same docs tree, paired in one run.

`decide build` leaves the tree it built the site from in ``build/`` (``mkdocs.yml``, ``docs/``,
``overrides/``); plain mkdocs builds that same tree with ``mkdocs build -f build/mkdocs.yml`` (into
a folder of its own). The two run in turn, decide then mkdocs, each as a whole process, and the
ratio is taken pair by pair, so a machine whose speed drifts still gives a fair ratio. Three cases:

- cold: no ``build/`` and no ``site/`` (nothing kept from an earlier build, no PDF cache);
- no change: the same content built again;
- one reason: one reason's result rewritten before each build (a new text each time). For this case
  it also counts the site's PDFs whose bytes changed, and the files the build wrote into ``build/``
  outside the docs tree (a PDF cache's new entries: the PDFs made again rather than reused).

    .venv/bin/python bench/content.py --size M --out /tmp/bench-M
    .venv/bin/python bench/build_ratio.py --content /tmp/bench-M [--runs 3]

Prints, per case, the median (min, max) wall and CPU seconds of each and the median of the paired
ratios. Target of issue 18 at M and L: a rebuild with no change at most 1.3x plain mkdocs-material,
and a one-reason change remakes no PDF that does not show it.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from common import DECIDE, MKDOCS, Timed, add_content_option, content_folder, first_id, rewrite_reason, run_timed, scratch_project, spread

KEPT_BY_THE_BUILD = {"docs", "overrides", "mkdocs.yml", ".decide.lock"}
"""What ``build/`` holds that is the docs tree or the lock, not something kept between builds."""


@dataclass
class Case:
    """One case's pairs of runs, and for the one-reason case what its PDFs did."""

    name: str
    pairs: list[tuple[Timed, Timed]] = field(default_factory=list)
    changed_pdfs: list[int] = field(default_factory=list)
    written_to_build: list[int] = field(default_factory=list)
    changed_names: set[str] = field(default_factory=set)


def pdf_digests(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in site.rglob("*.pdf")}


def written_since(build: Path, start: float) -> int:
    """Files under ``build/`` outside the docs tree (and the scratch folders) modified since ``start``."""
    kept = [part for part in build.iterdir() if part.name not in KEPT_BY_THE_BUILD and not part.name.startswith("scratch-")] if build.is_dir() else []
    return sum(1 for part in kept for path in ([part] if part.is_file() else part.rglob("*")) if path.is_file() and path.stat().st_mtime >= start)


class Bench:
    def __init__(self, project: Path, plain_site: Path) -> None:
        self.project, self.plain_site = project, plain_site
        self.mkdocs = [MKDOCS, "build", "--quiet", "-f", str(project / "build" / "mkdocs.yml"), "-d", str(plain_site)]

    def pair(self, case: Case, before: Callable[[], None] = lambda: None) -> None:
        before()
        case.pairs.append((run_timed([DECIDE, "build"], self.project, "decide build"), run_timed(self.mkdocs, self.project, "mkdocs build")))

    def cold(self) -> None:
        for folder in (self.project / "build", self.project / "site", self.plain_site):
            shutil.rmtree(folder, ignore_errors=True)

    def one_reason(self, case: Case, reasons: Path, result: str) -> None:
        """A pair after giving the first reason of ``reasons`` this result, with the PDFs' changes counted on the decide build."""
        before = pdf_digests(self.project / "site")
        rewrite_reason(reasons, 0, result)
        start = time.time() - 1  # file times may be a second coarse
        self.pair(case)
        after = pdf_digests(self.project / "site")
        changed = {name for name, digest in after.items() if before.get(name) != digest}
        case.changed_pdfs.append(len(changed))
        case.changed_names |= changed
        case.written_to_build.append(written_since(self.project / "build", start))


def report(case: Case, pdfs: int) -> None:
    decide, mkdocs = zip(*case.pairs, strict=True)
    wall = statistics.median(a.wall / b.wall for a, b in case.pairs)
    cpu = statistics.median(a.cpu / b.cpu for a, b in case.pairs if b.cpu)
    print(f"{case.name}:")
    print(f"  decide build  wall {spread([run.wall for run in decide])}, CPU {spread([run.cpu for run in decide])}")
    print(f"  plain mkdocs  wall {spread([run.wall for run in mkdocs])}, CPU {spread([run.cpu for run in mkdocs])}")
    print(f"  ratio decide/mkdocs (median of {len(case.pairs)} pairs): wall {wall:.2f}x, CPU {cpu:.2f}x   (target for a rebuild: at most 1.3x)")
    if case.changed_pdfs:
        shown = ", ".join(sorted(case.changed_names)[:6]) + (", ..." if len(case.changed_names) > 6 else "")
        print(f"  PDFs whose bytes changed: median {statistics.median(case.changed_pdfs):.0f} of {pdfs} ({shown or 'none'})")
        print(f"  files written to build/ outside the docs tree (a PDF cache's new entries): median {statistics.median(case.written_to_build):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_content_option(parser)
    parser.add_argument("--runs", type=int, default=3, help="pairs per case")
    arguments = parser.parse_args()
    content = content_folder(parser, arguments.content)
    with tempfile.TemporaryDirectory(prefix="bench-build-ratio-") as scratch:
        bench = Bench(scratch_project(Path(scratch) / "project", content), Path(scratch) / "plain-site")
        reasons_file = bench.project / "content" / "reasons" / f"{first_id(bench.project / 'content', 'reasons')}.yml"
        cases = [Case("cold build"), Case("rebuild, no change"), Case("rebuild after changing one reason")]
        print(f"{content}: {arguments.runs} pairs per case, decide build then mkdocs build -f build/mkdocs.yml")
        for _ in range(arguments.runs):
            bench.pair(cases[0], bench.cold)
        for _ in range(arguments.runs):
            bench.pair(cases[1])
        first = str(yaml.safe_load(reasons_file.read_text(encoding="utf-8"))[0]["result"]).rstrip(".")
        for edit in range(arguments.runs):
            bench.one_reason(cases[2], reasons_file, f"{first} (checked again in review {edit + 1}).")
        pdfs = len(pdf_digests(bench.project / "site"))
    for case in cases:
        report(case, pdfs)


if __name__ == "__main__":
    main()
