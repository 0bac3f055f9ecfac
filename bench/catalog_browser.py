"""The reasons catalog in Chromium: how long its main page takes to load, how heavy it is, and how long a filter
change takes to reach the screen.

Builds the site from ``--content`` (or takes one already built, ``--site``), serves it on loopback and opens
``reasons/`` in headless Chromium (Debian's /usr/bin/chromium, as the browser tests do).

- load: from navigation start to the ``load`` event, each time in a fresh browser context (nothing cached);
- weight: the bytes of ``reasons/index.html`` and of the filter's index, ``reasons/index.json``;
- a filter change: from setting a control (or turning a page of matches) to the next frame after the page
  updated (a ``requestAnimationFrame`` callback, then a task posted from it, so the frame's style, layout and
  paint are counted). The first change also fetches the index; it is reported apart.

    .venv/bin/python bench/catalog_browser.py [--content DIR | --site DIR] [--loads 5] [--changes 24]

Targets at L: load at most 1.5 s, HTML at most 1 MB, a change at most 50 ms (median) and 100 ms (max).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.common import DECIDE, add_content_option, content_folder, run_timed, scratch_project, spread  # noqa: E402 - after the project is importable
from tests.browsing import CHROMIUM, CHROMIUM_FLAGS, serving  # noqa: E402

LOADED = "() => { const entry = performance.getEntriesByType('navigation')[0]; return [entry.loadEventEnd - entry.startTime, document.getElementsByTagName('*').length]; }"

CHANGE = """async ([name, value]) => {
  const form = document.querySelector("form[data-decide-filter]");
  const watched = document.querySelector(name === "next" ? "[data-decide-page-status]" : "[data-decide-filter-status]");
  const updated = new Promise(resolve => new MutationObserver((_, observer) => { observer.disconnect(); resolve(); })
    .observe(watched, { childList: true, characterData: true, subtree: true }));
  const start = performance.now();
  if (name === "reset") {
    form.querySelector("button[type=reset]").click();
  } else if (name === "next") {
    document.querySelector("[data-decide-page='next']").click();
  } else {
    const control = [...form.querySelectorAll("[name]")].find(control => control.getAttribute("name") === name);
    if (control.type === "checkbox") { control.checked = value === "yes"; } else { control.value = value; }
    control.dispatchEvent(new Event("change", { bubbles: true }));
  }
  await updated;
  await new Promise(resolve => requestAnimationFrame(() => { const channel = new MessageChannel(); channel.port1.onmessage = resolve; channel.port2.postMessage(0); }));
  return performance.now() - start;
}"""

OPTIONS = """name => [...document.querySelector(`form[data-decide-filter] select[name=${name}]`).options].map(option => option.value).filter(Boolean)"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_content_option(parser)
    parser.add_argument("--site", type=Path, help="a site already built (its folder holds reasons/index.html); skips the build")
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--changes", type=int, default=24)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = arguments.site.resolve() if arguments.site else _built(Path(scratch), content_folder(parser, arguments.content))
        if not (site / "reasons" / "index.html").is_file():
            parser.error(f"{site} holds no reasons/index.html: give a built site, or --content to build one")
        _measure(site, arguments.loads, arguments.changes)


def _built(scratch: Path, content: Path) -> Path:
    project = scratch_project(scratch / "project", content)
    run_timed([DECIDE, "build"], project, "decide build")
    return project / "site"


def _measure(site: Path, loads: int, changes: int) -> None:
    html = (site / "reasons" / "index.html").stat().st_size
    index = site / "reasons" / "index.json"
    print(f"reasons/index.html: {html / 1e6:.2f} MB (target 1 MB); reasons/index.json: {index.stat().st_size / 1e6 if index.is_file() else 0:.2f} MB")
    with serving(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        seconds = []
        for _ in range(loads):
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + "reasons/", wait_until="load")
            milliseconds, elements = page.evaluate(LOADED)
            seconds.append(milliseconds / 1000)
            context.close()
        print(f"first page load: {spread(seconds)} over {loads} loads; {elements} elements (target 1.5 s)")
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "reasons/", wait_until="load")
        first, rest = _changes(page, changes)
        context.close()
        browser.close()
    print(f"first filter change, fetching the index: {first:.0f} ms")
    print(f"filter change to the next frame: {spread(rest, 'ms')} over {len(rest)} changes (targets: median 50 ms, max 100 ms)")


def _changes(page: Page, count: int) -> tuple[float, list[float]]:
    """Times ``count`` changes after a first one: offerings, problems, industries, the measured-results box, the next
    page of matches and Show all, in turn, each to a different value."""
    choices = {name: page.evaluate(OPTIONS, name) or [""] for name in ("offering", "problem", "industry")}
    steps: list[tuple[str, str]] = []
    for turn in range(count + 1):
        kind = ["offering", "metric", "next", "problem", "industry", "reset"][turn % 6]
        if kind in choices:
            values = choices[kind]
            steps.append((kind, values[(turn * 7) % len(values)]))
        else:
            steps.append((kind, "yes" if kind == "metric" else ""))
    timed = [_timed(page, step) for step in steps]
    slowest = max(range(1, len(timed)), key=timed.__getitem__)
    print(f"slowest change: {steps[slowest][0]} {steps[slowest][1]!r}, {timed[slowest]:.0f} ms; by kind: " + ", ".join(
        f"{kind} {max(ms for (name, _), ms in zip(steps[1:], timed[1:], strict=True) if name == kind):.0f}" for kind in dict.fromkeys(name for name, _ in steps[1:])))
    return timed[0], timed[1:]


def _timed(page: Page, step: tuple[str, str]) -> float:
    if step[0] == "next" and page.locator("[data-decide-page='next']:visible:enabled").count() == 0:
        step = ("metric", "")
    return float(page.evaluate(CHANGE, list(step)))


if __name__ == "__main__":
    main()
