"""Real Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright, pages served on loopback,
and ``decide serve`` run as a process (shared with bench/serve_latency.py)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Without the background-networking flags Chromium tries Google's hosts at start, which this network refuses."""

PAGE_TYPES = {
    "home": "",
    "problem": "problems/key-person-risk/",
    "offerings": "offerings/",
    "offering": "offerings/care-plan/",
    "calculator": "calculators/scan-to-ship-payback/",
    "reasons catalog": "reasons/",
    "mistakes report": "mistakes/",
    "selector": "selectors/where-to-start/",
    "worksheets": "worksheets/",
    "not found": "404.html",
}
"""One address of each kind of page the example site has, from its root."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard library's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that leaves a page drops its open requests: the server's thread must not print that to stderr, where a
    later test's in-process `decide` run (the `decide` fixture) would read it as a traceback of its own."""

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def] - the standard library's method
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serves ``folder`` on 127.0.0.1 at a free port; yields the base address, ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Visit:
    """One page load's record: every address requested and every console error or uncaught exception."""

    def __init__(self, page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def foreign_requests(self, base: str) -> list[str]:
        """Requests to any host other than the local server (data: and blob: addresses stay in the page)."""
        home = urlsplit(base).netloc
        return [url for url in self.requests if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != home]


PATIENCE_MS = 30_000


def _as_if_started_in_the_background() -> None:
    """A shell starts background programs with Ctrl+C ignored: the preview must stop on it all the same."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class RunningPreview:
    """A ``decide serve`` process on a free port, with what it printed so far."""

    def __init__(self, project: Path, *options: str) -> None:
        self.project = project
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--port", "0", *options],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=_as_if_started_in_the_background,
        )
        self._lines: list[str] = []
        self._printed = threading.Condition()
        self._collector = threading.Thread(target=self._collect, daemon=True)
        self._collector.start()
        address = self.wait_for(r"Previewing the site at (http://\S+/)")
        self.url = address.group(1)
        self.wait_for("Rebuilt the preview")

    def _collect(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._printed:
                self._lines.append(line)
                self._printed.notify_all()

    @property
    def log(self) -> str:
        with self._printed:
            return "".join(self._lines)

    def wait_for(self, pattern: str, after: int = 0, timeout: float = PATIENCE_MS / 1000) -> re.Match[str]:
        """The first match of ``pattern`` in what the server printed from character ``after`` on."""
        deadline = time.monotonic() + timeout
        with self._printed:
            while not (found := re.search(pattern, "".join(self._lines)[after:])):
                remaining = deadline - time.monotonic()
                assert remaining > 0 and self.process.poll() is None, f"never printed {pattern!r}; printed:\n{self.log}"
                self._printed.wait(min(remaining, 0.5))
            return found

    def stop(self) -> int:
        """Ctrl+C, as a marketer stops it; returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=30)
        self._collector.join(timeout=10)
        assert self.process.stderr is not None
        self.process.stderr.close()
        return status
