"""Bytes per page of a built site: the navigation must not make every page carry every other page.

Builds the content with `decide build` in a scratch project and reports the HTML bytes of the
offering and problem pages (median and largest), the home page and the reasons catalog, with the
number of HTML pages and the bytes of the whole site and of the Markdown docs tree it was built from.

    .venv/bin/python bench/content.py --size L --out /tmp/bench-L
    .venv/bin/python bench/site_size.py --content /tmp/bench-L

Page medians that stay flat from S to L mean bytes per page do not grow with the number of pages;
with mkdocs' default navigation (every page listed on every page) they would. Target of issue 18:
the catalog's HTML at most 1 MB at L.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from common import DECIDE, add_content_option, content_folder, run_timed, scratch_project


def kilobytes(path: Path) -> float:
    return path.stat().st_size / 1024


def folder_megabytes(folder: Path, pattern: str = "*") -> float:
    return sum(path.stat().st_size for path in folder.rglob(pattern) if path.is_file()) / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_content_option(parser)
    arguments = parser.parse_args()
    content = content_folder(parser, arguments.content)
    with tempfile.TemporaryDirectory(prefix="bench-site-") as scratch:
        project = scratch_project(Path(scratch), content)
        built = run_timed([DECIDE, "build"], project, "decide build")
        site = project / "site"
        pages = [*site.glob("offerings/*/index.html"), *site.glob("problems/*/index.html")]
        sizes = [kilobytes(page) for page in pages]
        print(f"{content}: decide build {built.wall:.1f} s")
        print(f"{'pages':>6} {'page KB median':>15} {'page KB max':>12} {'home KB':>8} {'catalog KB':>11} {'site MB':>8} {'Markdown MB':>12}")
        print(
            f"{len(list(site.rglob('*.html'))):>6} {statistics.median(sizes):>15.1f} {max(sizes):>12.1f} {kilobytes(site / 'index.html'):>8.1f}"
            f" {kilobytes(site / 'reasons' / 'index.html'):>11.1f} {folder_megabytes(site):>8.1f} {folder_megabytes(project / 'build' / 'docs', '*.md'):>12.1f}"
        )


if __name__ == "__main__":
    main()
