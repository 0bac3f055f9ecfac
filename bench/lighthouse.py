"""Lighthouse scores for every page type of a site, on a phone (Lighthouse's default mobile emulation).

Builds the content (default: the pinned example) into a temporary folder, serves it on loopback (gzipped), starts Debian's
chromium once and runs the pinned npm ``lighthouse`` (package.json, installed by
``npm ci``; it downloads no browser) over one page of each type, printing the four
category scores per page; with ``--runs N`` each score is the median of N runs. For other
content each page type is its first entry by file name (its first problem, offering, …).

    npm ci && .venv/bin/python bench/lighthouse.py [--content DIR] [--runs 3] [--categories accessibility,seo]

Accessibility, best practices and SEO must stay at 0.95 or more (tests/test_lighthouse.py
asserts it); performance at 0.95 or more is the target, noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.common import add_content_option, content_folder, first_id  # noqa: E402
from tests.browsing import CHROMIUM, CHROMIUM_FLAGS, PAGE_TYPES  # noqa: E402 - after the project is importable

RUNNER = PROJECT / "bench" / "lighthouse.mjs"
LIGHTHOUSE = PROJECT / "node_modules" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {**PAGE_TYPES, "worksheet": "worksheets/break-even/scan-to-ship-payback.html"}
"""Every page type of the example: the site's own (tests/browsing.py) and a printable worksheet."""

ENTRY_PAGES = {
    "problem": ("problems", "problems/{}/"),
    "offering": ("offerings", "offerings/{}/"),
    "calculator": ("calculators", "calculators/{}/"),
    "selector": ("selectors", "selectors/{}/"),
    "worksheet": ("calculators", "worksheets/break-even/{}.html"),
}
"""The page types that show one entry (its kind, its address): for any content, a bench opens the first of its kind."""


def pages_of(content: Path) -> dict[str, str]:
    """One address of each page type the content's site has: its first problem, offering, … by file name."""
    pages = {}
    for page, address in PAGES.items():
        if page not in ENTRY_PAGES:
            pages[page] = address
            continue
        kind, pattern = ENTRY_PAGES[page]
        entry = first_id(content, kind)
        if entry is not None:
            pages[page] = pattern.format(entry)
    return pages

NODE_ENVIRONMENT = {"CHROME_PATH": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1"}
"""Lighthouse drives Debian's chromium; nothing it loads may fetch a browser of its own."""

STARTUP_SECONDS = 30
AUDIT_SECONDS = 120
"""Per page: Lighthouse's own limit for a page to load is 45 s; a page that takes longer here is a failure."""


@dataclass(frozen=True)
class Audit:
    """One page's result: its category scores (0 to 1) and the weighed audits that did not fully pass."""

    address: str
    scores: dict[str, float]
    failing: list[dict[str, object]]


@contextmanager
def chromium() -> Iterator[int]:
    """Debian's chromium, headless with a fresh profile; yields its DevTools port, and stops it afterwards.

    Its log goes to a file, not a pipe: a pipe nobody reads fills up and stops the browser."""
    with tempfile.TemporaryDirectory(prefix="decide-lighthouse-profile-") as profile:
        log = Path(profile) / "chromium.log"
        flags = ["--headless=new", *CHROMIUM_FLAGS, "--remote-debugging-port=0", f"--user-data-dir={profile}/data", "about:blank"]
        with log.open("w") as written:
            process = subprocess.Popen([CHROMIUM, *flags], stdout=subprocess.DEVNULL, stderr=written)
        try:
            yield _devtools_port(process, log)
        finally:
            process.terminate()
            process.wait(timeout=STARTUP_SECONDS)


def _devtools_port(process: subprocess.Popen[bytes], log: Path) -> int:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", log.read_text(errors="replace"))
        if found:
            return int(found.group(1))
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{CHROMIUM} opened no DevTools port within {STARTUP_SECONDS} s:\n{log.read_text(errors='replace')[-2000:]}")


def audit(base: str, pages: dict[str, str], categories: tuple[str, ...] = CATEGORIES, port: int | None = None) -> dict[str, Audit]:
    """Lighthouse once over each page (name -> address from ``base``), in one Node process; ``port`` reuses a running chromium."""
    if not LIGHTHOUSE.is_dir():
        raise RuntimeError("Lighthouse is not installed: run `npm ci` (make test does it)")
    if port is None:
        with chromium() as started:
            return audit(base, pages, categories, started)
    asked = "all" if set(categories) == set(CATEGORIES) else ",".join(categories)
    addresses = [base + address for address in pages.values()]
    run = subprocess.run(
        ["node", str(RUNNER), str(port), asked, *addresses],
        capture_output=True,
        text=True,
        env={**os.environ, **NODE_ENVIRONMENT},
        timeout=STARTUP_SECONDS + AUDIT_SECONDS * len(pages),
        check=False,
    )
    if run.returncode:
        raise RuntimeError(f"Lighthouse failed (exit status {run.returncode}):\n{run.stderr[-2000:]}")
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    return {name: Audit(result["address"], result["scores"], result["failing"]) for name, result in zip(pages, results, strict=True)}


COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}
"""What any web host sends gzipped: the performance score measures the pages, not a server that sends all bytes raw."""


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Python's static file server, gzipping text as a host would."""

    def send_head(self):  # type: ignore[no-untyped-def] - the standard library's method
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()  # a folder's redirect, a 404, an image, a client that takes no gzip
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard library's name
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serves ``folder`` on 127.0.0.1 at a free port, text gzipped; yields the base address, ending in ``/``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def built_site(folder: Path, content: Path) -> Path:
    """A project of ``content`` built into ``folder`` the way ``decide build`` does; returns its site folder."""
    from tests.conftest import build_project, copy_project

    return build_project(copy_project(folder, content))


def medians(runs: list[dict[str, Audit]]) -> dict[str, dict[str, float]]:
    return {page: {category: statistics.median(run[page].scores[category] for run in runs) for category in runs[0][page].scores} for page in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_content_option(parser)
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the scores printed are their medians")
    parser.add_argument("--categories", default=",".join(CATEGORIES), help="comma-separated Lighthouse categories")
    arguments = parser.parse_args()
    categories = tuple(arguments.categories.split(","))
    content = content_folder(parser, arguments.content)
    pages = pages_of(content)
    folder = Path(tempfile.mkdtemp(prefix="decide-lighthouse-"))
    try:
        site = built_site(folder / "project", content)
        with serving(site) as base, chromium() as port:
            runs = [audit(base, pages, categories, port) for _ in range(arguments.runs)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    width = max(map(len, pages))
    print(f"{'page':<{width}}  " + "  ".join(f"{category:>14}" for category in categories) + f"   (median of {arguments.runs})")
    for page, scores in medians(runs).items():
        print(f"{page:<{width}}  " + "  ".join(f"{scores[category]:>14.2f}" for category in categories))
    failing = {(page, item["category"], item["id"]) for run in runs for page, result in run.items() for item in result.failing}
    for page, category, audit_id in sorted(failing):
        print(f"  {page}: {category} audit {audit_id} did not fully pass")


if __name__ == "__main__":
    main()
