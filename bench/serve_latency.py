"""Seconds from saving a content file to the open page showing the change, in `decide serve`.

Starts ``decide serve`` on a copy of the example project, opens an offering
page in headless Chromium, then saves a new offering name again and again.
Each figure runs from the moment the file is written to the moment the
reloaded page has loaded (its ``load`` event) and shows the new name.

    .venv/bin/python bench/serve_latency.py [--saves 15] [--engine mkdocs|zensical]

The target is 2 seconds; the median is the figure to quote.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests.browsing import CHROMIUM, CHROMIUM_FLAGS, RunningPreview  # noqa: E402 - after the project is importable

OFFERING = "content/offerings/care-plan.yml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=15)
    parser.add_argument("--engine", choices=["mkdocs", "zensical"], default="mkdocs")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        shutil.copytree(PROJECT / "tests" / "example" / "content", folder / "content")
        shutil.copytree(PROJECT / "templates", folder / "templates")
        shutil.copy(PROJECT / "mkdocs.yml", folder / "mkdocs.yml")
        offering = folder / OFFERING
        original = offering.read_text(encoding="utf-8")
        preview = RunningPreview(folder, "--engine", arguments.engine)
        seconds = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                page = browser.new_page()
                page.goto(preview.url + "offerings/care-plan/")
                for save in range(arguments.saves):
                    name = f"Care Plan {save}"
                    with page.expect_event("load", timeout=30_000):
                        offering.write_text(original.replace("name: Care Plan", f"name: {name}", 1), encoding="utf-8")
                        saved = time.perf_counter()
                    shown = time.perf_counter()
                    assert page.locator("h1").inner_text().startswith(name), "the page reloaded without the change"
                    seconds.append(shown - saved)
                browser.close()
        finally:
            preview.stop()
    print(f"decide serve ({arguments.engine}), {len(seconds)} saves of {OFFERING}: save -> page shows the change")
    print(f"  min {min(seconds):.2f} s   median {statistics.median(seconds):.2f} s   max {max(seconds):.2f} s   (target: 2 s)")


if __name__ == "__main__":
    main()
