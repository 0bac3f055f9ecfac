"""Seconds from saving one reason to the open page showing it, in `decide serve`.

Starts ``decide serve`` on a scratch project of the content, opens an offering page (default: the
first offering by file name) in headless Chromium, and finds the first reason that page shows.
Then, again and again, it saves that reason with a new result. Each figure runs from the moment
the file is written to the moment a reloaded page has loaded (its ``load`` event) and shows the
new result.

    .venv/bin/python bench/content.py --size L --out /tmp/bench-L
    .venv/bin/python bench/serve_latency.py --content /tmp/bench-L [--saves 10] [--offering ID] [--engine mkdocs|zensical]

The median is the figure to quote. Targets of issue 18: at most 2 s at M and 4 s at L (about a
second for the example).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml
from common import PROJECT, add_content_option, content_folder, first_id, rewrite_reason, scratch_project, spread
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(PROJECT))

from tests.browsing import CHROMIUM, CHROMIUM_FLAGS, RunningPreview  # noqa: E402 - after the project is importable

STARTUP_SECONDS = 900
"""The first build of a large catalog, on a loaded machine, can take minutes."""
SAVE_SECONDS = 300
"""How long one save may take to reach the page before the bench gives up."""


class PatientPreview(RunningPreview):
    """``decide serve``, given as long as a large catalog's first build takes."""

    def wait_for(self, pattern: str, after: int = 0, timeout: float = STARTUP_SECONDS):  # type: ignore[no-untyped-def]
        return super().wait_for(pattern, after, timeout)


def shown_reason(page: Page, reasons: Path) -> tuple[Path, int, str]:
    """The file, index and result of the first reason the page shows."""
    shown = " ".join(page.locator(".decide-reason__result").first.inner_text().split())
    for path in sorted(reasons.glob("*.yml")):
        for index, reason in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            if " ".join(str(reason.get("result", "")).split()) == shown:
                return path, index, str(reason["result"])
    raise SystemExit(f"no reason in {reasons} has the result the page shows: {shown!r}")


def save_and_wait(page: Page, path: Path, index: int, result: str) -> float:
    """Seconds from writing the new result to a loaded page that shows it (a reload that does not yet is waited past)."""
    with page.expect_event("load", timeout=SAVE_SECONDS * 1000):
        rewrite_reason(path, index, result)
        saved = time.perf_counter()
    while result not in page.locator(".decide-reason__result").all_inner_texts():
        page.wait_for_event("load", timeout=max(1.0, SAVE_SECONDS - (time.perf_counter() - saved)) * 1000)
    return time.perf_counter() - saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_content_option(parser)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--offering", help="the offering whose page is open (default: the first by file name)")
    parser.add_argument("--engine", choices=["mkdocs", "zensical"], default="mkdocs")
    arguments = parser.parse_args()
    content = content_folder(parser, arguments.content)
    offering = arguments.offering or first_id(content, "offerings")
    seconds = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
        project = scratch_project(Path(scratch), content)
        started = time.perf_counter()
        preview = PatientPreview(project, "--engine", arguments.engine)
        print(f"{content}: decide serve ({arguments.engine}) ready in {time.perf_counter() - started:.1f} s", flush=True)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                page = browser.new_page()
                page.goto(f"{preview.url}offerings/{offering}/", timeout=SAVE_SECONDS * 1000)
                path, index, original = shown_reason(page, project / "content" / "reasons")
                for save in range(arguments.saves):
                    seconds.append(save_and_wait(page, path, index, f"{original.rstrip('.')} (save {save + 1})."))
                browser.close()
        finally:
            preview.stop()
    print(f"{arguments.saves} saves of one reason in {path.name}, page offerings/{offering}/: save -> page shows the change")
    print(f"  {spread(seconds)}   (targets: 2 s at M, 4 s at L)")


if __name__ == "__main__":
    main()
