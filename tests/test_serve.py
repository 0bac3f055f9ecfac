"""`decide serve` as a marketer uses it: a real server process, real saves, real Chromium watching the page change.

Waits are generous (the machines are shared); how fast a save reaches the
page is measured by bench/serve_latency.py, not asserted here.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browsing import PATIENCE_MS, RunningPreview, Visit


@pytest.fixture
def preview(project: Path) -> Iterator[RunningPreview]:
    running = RunningPreview(project)
    try:
        yield running
    finally:
        status = running.stop()
    assert status == 0
    assert "Stopped the preview." in running.log
    assert "Traceback" not in running.log, running.log


def edit(path: Path, old: str, new: str) -> str:
    """Replaces ``old`` (which must be there) and saves; returns the text as it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_saving_content_changes_the_open_page(preview: RunningPreview, visit: Visit) -> None:
    visit.page.goto(preview.url + "offerings/care-plan/")
    assert visit.page.locator("h1").inner_text().startswith("Care Plan")
    edit(preview.project / "content/offerings/care-plan.yml", "name: Care Plan", "name: Care Plan Plus")
    expect(visit.page.locator("h1")).to_contain_text("Care Plan Plus", timeout=PATIENCE_MS)
    assert visit.page.locator("[data-next-action]").count() == 1
    assert visit.foreign_requests(preview.url) == []
    assert visit.errors == []


def test_saving_a_template_changes_the_open_page(preview: RunningPreview, visit: Visit) -> None:
    visit.page.goto(preview.url)
    edit(preview.project / "templates/pages/home.md.j2", "Start from the problem in front of you.", "Start from the problem you have today.")
    expect(visit.page.locator("main")).to_contain_text("Start from the problem you have today.", timeout=PATIENCE_MS)


def test_a_save_rewrites_only_the_files_it_changes(preview: RunningPreview) -> None:
    docs = preview.project / "build/preview/docs"
    before = {path: path.stat().st_mtime_ns for path in docs.rglob("*") if path.is_file()}
    printed = len(preview.log)
    edit(preview.project / "content/offerings/care-plan.yml", "name: Care Plan", "name: Care Plan Plus")
    preview.wait_for("Rebuilt the preview", after=printed)
    rewritten = {path.relative_to(docs).as_posix() for path, mtime in before.items() if path.stat().st_mtime_ns != mtime}
    assert "offerings/care-plan.md" in rewritten
    assert "mistakes/index.md" in rewritten  # a mistake names the option that avoids it, with its offering
    assert "offerings/scan-to-ship.md" not in rewritten
    assert not any(path.startswith("assets/") for path in rewritten)
    assert len(rewritten) < len(before)


def test_a_save_that_changes_no_page_does_not_rebuild(preview: RunningPreview) -> None:
    printed = len(preview.log)
    edit(preview.project / "content/offerings/care-plan.yml", "name: Care Plan", "# Renamed next quarter?\nname: Care Plan")
    preview.wait_for("Saved; no page changed.", after=printed)


def test_a_content_error_shows_on_the_page_and_in_the_terminal_until_fixed(preview: RunningPreview, visit: Visit) -> None:
    offering = preview.project / "content/offerings/care-plan.yml"
    visit.page.goto(preview.url + "offerings/care-plan/")
    printed = len(preview.log)
    original = edit(offering, "name: Care Plan", "name: Care Plan\nnmae: typo")

    errors = visit.page.locator("[data-decide-errors]")
    errors.wait_for(timeout=PATIENCE_MS)
    assert "content/offerings/care-plan.yml:2:1: error" in errors.inner_text()
    assert "nmae" in errors.inner_text()
    preview.wait_for(r"content/offerings/care-plan\.yml:2:1: error", after=printed)
    assert preview.process.poll() is None

    visit.page.goto(preview.url + "reasons/")
    assert visit.page.locator("[data-decide-errors]").count() == 1, "every page shows the errors, not a stale site"

    offering.write_text(original, encoding="utf-8")
    visit.page.locator("[data-next-action]").wait_for(timeout=PATIENCE_MS)
    assert visit.page.locator("h1").first.inner_text().startswith("Reasons customers buy")
    assert "The errors are fixed" in preview.log[printed:]


def test_a_template_error_names_the_template_and_line(preview: RunningPreview, visit: Visit) -> None:
    visit.page.goto(preview.url)
    heading = '## {{ _("What are you trying to solve?") }}'
    before = edit(preview.project / "templates/pages/home.md.j2", heading, heading + "\n{% if %}")
    errors = visit.page.locator("[data-decide-errors]")
    errors.wait_for(timeout=PATIENCE_MS)
    broken_line = before.splitlines().index(heading) + 2
    assert f"templates/pages/home.md.j2:{broken_line}" in errors.inner_text()


def test_errors_are_shown_as_text_never_run(preview: RunningPreview, visit: Visit) -> None:
    hostile = "<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>"
    visit.page.goto(preview.url)
    edit(preview.project / "content/offerings/care-plan.yml", "name: Care Plan", f"name: Care Plan\n'{hostile}': x")
    errors = visit.page.locator("[data-decide-errors]")
    errors.wait_for(timeout=PATIENCE_MS)
    assert hostile in errors.inner_text()
    assert visit.page.evaluate("window.__pwned") is None
    assert visit.page.locator("[data-decide-errors] img, [data-decide-errors] script").count() == 0


def test_the_preview_leaves_the_published_site_alone(preview: RunningPreview) -> None:
    assert not (preview.project / "site").exists()
    built = preview.project / "build/preview/site/index.html"
    assert "live.js" not in built.read_text(encoding="utf-8"), "the reload script is added when served, not written"


def test_a_taken_port_is_a_plain_error(decide, project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = decide("serve", "--port", str(port), cwd=project)
    assert run.status == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in run.err


def test_zensical_previews_too(project: Path, visit: Visit) -> None:
    running = RunningPreview(project, "--engine", "zensical")
    try:
        visit.page.goto(running.url + "offerings/care-plan/")
        edit(project / "content/offerings/care-plan.yml", "name: Care Plan", "name: Care Plan Plus")
        expect(visit.page.locator("h1")).to_contain_text("Care Plan Plus", timeout=PATIENCE_MS)
    finally:
        assert running.stop() == 0


@pytest.mark.parametrize("observer", ["inotify", "polling"])
def test_saves_are_noticed_and_reads_are_not(project: Path, observer: str) -> None:
    """Each regeneration reads every file: if reading counted as a save, the preview would rebuild forever."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    from generator.preview.watcher import watch
    from generator.project import Project

    saves, started = watch(Project.discover(root=project), Observer() if observer == "inotify" else PollingObserver(timeout=0.1))
    try:
        time.sleep(0.3)
        offering = project / "content/offerings/care-plan.yml"
        offering.read_text(encoding="utf-8")
        (project / "build").mkdir()
        (project / "build/unrelated.txt").write_text("not a source file", encoding="utf-8")
        assert not saves.wait(timeout=1.0)
        edit(offering, "name: Care Plan", "name: Care Plan Plus")
        assert saves.wait(timeout=10.0)
    finally:
        started.stop()


def test_a_worksheet_reloads_on_save_and_its_pdf_is_made_when_asked_for(preview: RunningPreview, visit: Visit) -> None:
    visit.page.goto(preview.url + "worksheets/plan/care-plan.html")
    assert not (preview.project / "build/preview/site/worksheets/plan/care-plan.pdf").exists(), "a save does not wait for PDFs"
    pdf = visit.page.request.get(preview.url + "worksheets/plan/care-plan.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF-")
    edit(preview.project / "content/offerings/care-plan.yml", "name: Care Plan", "name: Care Plan Plus")
    expect(visit.page.locator("h1")).to_contain_text("Putting Care Plan Plus in place", timeout=PATIENCE_MS)
    assert visit.errors == []
