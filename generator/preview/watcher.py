"""Tells the preview when a file it is built from was saved: content, templates or ``mkdocs.yml``."""

from __future__ import annotations

import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from generator.project import Project

SAVES = {"created", "modified", "deleted", "moved", "closed"}
"""Event types that mean a file changed; opening or reading one (as each regeneration does) is not a change."""

QUIET_SECONDS = 0.05
"""Editors often write a file in several steps (truncate, write, rename): wait for them to finish."""


class Saves(FileSystemEventHandler):
    """Collects file events into one flag that the preview waits on."""

    def __init__(self, project: Project) -> None:
        self.config = str(project.config)
        self.folders = (str(project.content), str(project.templates))
        self._saved = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in SAVES and any(self._relevant(str(path)) for path in (event.src_path, event.dest_path) if path):
            self._saved.set()

    def _relevant(self, path: str) -> bool:
        return path == self.config or any(path == folder or path.startswith(folder + "/") for folder in self.folders)

    def wait(self, timeout: float) -> bool:
        """True once a save happened and the files have been quiet for a moment; False after ``timeout`` without one."""
        if not self._saved.wait(timeout):
            return False
        while self._saved.is_set():
            self._saved.clear()
            self._saved.wait(QUIET_SECONDS)
        return True


def watch(project: Project, observer: BaseObserver | None = None) -> tuple[Saves, BaseObserver]:
    """Starts watching, with the system's file events unless given another observer; the caller stops it.

    Falls back to polling when the system refuses more file watches (inotify's limit is per user, and
    editors and other servers use it up).
    """
    saves = Saves(project)
    try:
        return saves, _started(observer or Observer(), saves, project)
    except OSError:
        return saves, _started(PollingObserver(timeout=0.25), saves, project)


def _started(observer: BaseObserver, saves: Saves, project: Project) -> BaseObserver:
    for folder in (project.content, project.templates):
        if folder.is_dir():
            observer.schedule(saves, str(folder), recursive=True)
    observer.schedule(saves, str(Path(project.config).parent), recursive=False)
    observer.daemon = True
    observer.start()
    return observer
