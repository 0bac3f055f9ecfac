"""Bytes per page as the catalog grows: the navigation must not make every page carry every other page.

Builds sites of N offerings (the scaled content of ``check_speed.py``: N offering
pages, 20 reasons each) with mkdocs and reports the HTML bytes of the offering
and problem pages (median and largest), the home page, and the reasons catalog,
which lists every reason and so grows with them by design.

    .venv/bin/python bench/site_size.py [--sizes 10 100 1000]

Flat medians from 10 to 1,000 offerings mean bytes per page do not grow with
the number of pages; with mkdocs' default navigation (every page listed on
every page) they would.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from check_speed import scaled_content

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.pipeline import load_and_check  # noqa: E402 - after the project is importable
from generator.project import Project  # noqa: E402
from generator.render import render_docs  # noqa: E402
from generator.write import build_site  # noqa: E402


def build(folder: Path, offerings: int) -> tuple[Path, float]:
    """A project of ``offerings`` offerings, built; returns its site folder and the seconds the build took."""
    (folder / "content").mkdir()
    scaled_content(folder / "content", offerings)
    shutil.copytree(PROJECT / "templates", folder / "templates")
    shutil.copy(PROJECT / "mkdocs.yml", folder / "mkdocs.yml")
    project = Project.discover(root=folder)
    start = time.perf_counter()
    content, _ = load_and_check(project)
    build_site(project, render_docs(content, project.templates))
    return project.site, time.perf_counter() - start


def kilobytes(path: Path) -> float:
    return path.stat().st_size / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="numbers of offerings")
    arguments = parser.parse_args()
    print(f"{'offerings':>9} {'pages':>6} {'build s':>8} {'page KB median':>15} {'page KB max':>12} {'home KB':>8} {'catalog KB':>11}")
    for offerings in arguments.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            site, seconds = build(Path(scratch), offerings)
            pages = [*site.glob("offerings/*/index.html"), *site.glob("problems/*/index.html")]
            sizes = [kilobytes(page) for page in pages]
            total = len(list(site.rglob("*.html")))
            print(
                f"{offerings:>9} {total:>6} {seconds:>8.1f} {statistics.median(sizes):>15.1f} {max(sizes):>12.1f}"
                f" {kilobytes(site / 'index.html'):>8.1f} {kilobytes(site / 'reasons' / 'index.html'):>11.1f}"
            )


if __name__ == "__main__":
    main()
