"""The site swap: whatever state a killed build left, and whenever a build is killed, `site/` is there and whole."""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from generator.write import swap
from tests.conftest import build_project, copy_project, one_language


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project in English only (a swap moves the whole site/, whatever languages it holds), built once for
    the module; tests work on copies of it."""
    folder = one_language(copy_project(tmp_path_factory.mktemp("built") / "project"))
    build_project(folder)
    return folder


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    return copy


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every path under ``folder`` with its bytes (or its link's target): to prove nothing changed."""
    state: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        state[relative] = os.readlink(path) if path.is_symlink() else path.read_bytes() if path.is_file() else "folder"
    return state


def assert_whole(site: Path) -> None:
    assert (site / "index.html").is_file() and (site / "404.html").is_file(), sorted(os.listdir(site)) if site.is_dir() else site


def break_content(project: Path) -> None:
    (project / "content" / "problems" / "picking-errors.yml").write_text("name: [unclosed\n", encoding="utf-8")


def mark(site: Path) -> None:
    """Marks the current site, to tell it from the one a build makes."""
    (site / "marked.txt").write_text("the site before\n", encoding="utf-8")


def test_a_site_old_left_alone_is_put_back_before_a_failing_build_reports(decide, project: Path):
    mark(project / "site")
    (project / "site").rename(project / "site.old")
    break_content(project)

    run = decide("build", cwd=project)

    assert run.status == 1
    assert "The site was not built; site/ is unchanged." in run.err
    assert (project / "site" / "marked.txt").is_file()
    assert_whole(project / "site")
    assert not (project / "site.old").exists()


def test_a_site_old_beside_a_site_is_removed_and_the_new_site_built(decide, project: Path):
    shutil.copytree(project / "site", project / "site.old")
    mark(project / "site")
    (project / "build" / "docs").rename(project / "build" / "docs.old")

    assert decide("build", cwd=project).status == 0

    assert_whole(project / "site")
    assert not (project / "site" / "marked.txt").exists()
    assert not (project / "site.old").exists() and not (project / "build" / "docs.old").exists()
    assert (project / "build" / "docs" / "index.md").is_file()


def test_without_a_site_a_failing_build_does_not_claim_it_unchanged(decide, project: Path):
    shutil.rmtree(project / "site")
    break_content(project)

    run = decide("build", cwd=project)

    assert run.status == 1
    assert "The site was not built." in run.err and "unchanged" not in run.err
    assert not (project / "site").exists()


def leave_scratch_folders(build: Path) -> list[str]:
    """Scratch folders as killed builds leave them: one half-written, one half-removed."""
    (build / "scratch-killed-while-building" / "site").mkdir(parents=True)
    (build / "scratch-killed-while-building" / "site" / "index.html").write_text("half a site", encoding="utf-8")
    (build / "scratch-killed-while-removed" / "docs").mkdir(parents=True)
    return ["scratch-killed-while-building", "scratch-killed-while-removed"]


def test_scratch_folders_of_killed_builds_are_removed_by_the_next_build(decide, project: Path):
    leave_scratch_folders(project / "build")

    assert decide("build", cwd=project).status == 0

    assert not list((project / "build").glob("scratch-*"))
    assert_whole(project / "site")


def test_while_another_build_runs_its_scratch_folder_is_left_alone(decide, project: Path):
    left = leave_scratch_folders(project / "build")
    with (project / "build" / swap.LOCK_FILE).open("ab") as another_build:
        fcntl.flock(another_build, fcntl.LOCK_SH)
        assert decide("build", cwd=project).status == 0
        assert sorted(path.name for path in (project / "build").glob("scratch-*")) == left

    assert decide("build", cwd=project).status == 0
    assert not list((project / "build").glob("scratch-*"))


@pytest.mark.parametrize("in_the_way", ["build", "site", "site.old", "build/docs", "build/overrides.old"])
def test_a_file_where_a_folder_belongs_is_refused_and_nothing_changes(decide, project: Path, in_the_way: str):
    path = project / in_the_way
    if path.is_dir():
        shutil.rmtree(path)
    path.write_text("a file someone left here\n", encoding="utf-8")
    before = snapshot(project)

    run = decide("build", cwd=project)

    assert run.status == 1
    assert f"`{in_the_way}` is a file, not a folder" in run.err
    assert "Move or rename it" in run.err
    assert snapshot(project) == before


def test_a_site_that_is_a_link_keeps_pointing_where_it_did_with_the_new_site_there(decide, project: Path, tmp_path: Path):
    published = tmp_path / "www" / "public"
    published.parent.mkdir()
    (project / "site").rename(published)
    mark(published)
    (project / "site").symlink_to(published)

    assert decide("build", cwd=project).status == 0

    assert os.readlink(project / "site") == str(published)
    assert_whole(published)
    assert not (published / "marked.txt").exists()
    assert sorted(os.listdir(published.parent)) == ["public"]


def test_a_linked_site_on_another_file_system_is_copied_beside_it_then_swapped(decide, project: Path):
    other = Path("/dev/shm")
    if not other.is_dir() or os.stat(other).st_dev == os.stat(project).st_dev:
        pytest.skip("no second file system here")
    home = Path(tempfile.mkdtemp(dir=other, prefix="decide-swap-test-"))
    try:
        (project / "site").rename(project / "site-before")
        shutil.copytree(project / "site-before", home / "public")
        (project / "site").symlink_to(home / "public")

        assert decide("build", cwd=project).status == 0

        assert os.readlink(project / "site") == str(home / "public")
        assert_whole(home / "public")
        assert sorted(os.listdir(home)) == ["public"]
    finally:
        shutil.rmtree(home)


def test_without_an_atomic_exchange_the_two_renames_leave_no_old_folder(decide, project: Path, monkeypatch: pytest.MonkeyPatch):
    """As on a system without ``renameat2``: the fallback swap, which ``recover`` covers when it is killed."""
    monkeypatch.setattr(swap, "_RENAMEAT2", None)
    mark(project / "site")

    assert decide("build", cwd=project).status == 0

    assert_whole(project / "site")
    assert not (project / "site" / "marked.txt").exists()
    assert not (project / "site.old").exists()


class Watch(threading.Thread):
    """Looks at ``site/`` as often as it can until stopped; counts the looks that found it missing or partial."""

    def __init__(self, site: Path) -> None:
        super().__init__(daemon=True)
        self.site = site
        self.looks = 0
        self.broken: list[float] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.looks += 1
            if not ((self.site / "index.html").is_file() and (self.site / "404.html").is_file()):
                self.broken.append(time.monotonic())


MOMENTS = [
    ("", 0.0),
    ("site", 0.3),
    ("site/search/search_index.json", 0.0),
    ("site/search/search_index.json", 0.01),
    ("site/search/search_index.json", 0.03),
]
"""When to kill: once the scratch folder holds this path (the engine has begun; it has written its last file,
so the swaps are a few milliseconds away), then after a random delay of up to so many seconds."""


def killed_build(project: Path, milestone: str, delay: float) -> None:
    """Starts ``decide build``, waits until its scratch folder holds ``milestone``, then up to ``delay`` seconds more, and kills it."""
    build = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not any(folder.joinpath(milestone).exists() for folder in (project / "build").glob("scratch-*")) and build.poll() is None:
            assert time.monotonic() < deadline, f"the build never wrote {milestone!r} in its scratch folder"
            time.sleep(0.001)
        time.sleep(random.uniform(0, delay))
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()


def test_a_build_killed_at_any_moment_leaves_a_whole_site(decide, project: Path):
    watch = Watch(project / "site")
    watch.start()
    try:
        for milestone, delay in MOMENTS:
            killed_build(project, milestone, delay)
            assert_whole(project / "site")
    finally:
        watch.stopped.set()
        watch.join()
    assert watch.looks > 1000 and not watch.broken, f"site/ was missing or partial {len(watch.broken)} times in {watch.looks} looks"

    assert decide("build", cwd=project).status == 0
    assert_whole(project / "site")
    assert not list((project / "build").glob("scratch-*"))
    assert not list(project.glob("*.old")) and not list((project / "build").glob("*.old"))
