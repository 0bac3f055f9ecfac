"""The preview's web server: the built site, a small script that reloads it, and the errors when there are any.

Pages are served with one line added before ``</body>``: our ``live.js``,
which asks ``/.decide/changes`` (a long poll) whether the preview moved on,
then reloads. The files in ``build/preview/site`` stay exactly what the
engine wrote. While a regeneration runs, requests wait for it, so a page is
never read half-written; while the content has errors, every page shows them.

Every request passes one gate first (``PreviewHandler.parse_request``): a
request line that is not ``METHOD /address HTTP/1.x``, a method other than
GET or HEAD, or an address that is not a plain path inside the site (bad
percent-encoding, invalid UTF-8, control characters, backslashes, encoded
slashes, ``.`` or ``..`` segments, more than the bounds below) gets a 4xx
answer before any file is looked at.
"""

from __future__ import annotations

import errno
import functools
import http.server
import json
import re
import sys
import threading
from http import HTTPStatus
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote_to_bytes, urlsplit

import jinja2

from generator.diagnostics import DecideError
from generator.render.worksheets import FOLDER as WORKSHEETS_FOLDER
from generator.write.pdf import page_pdf

LIVE_SCRIPT = "/.decide/live.js"
CHANGES = "/.decide/changes"
LONG_POLL_SECONDS = 25.0
REGENERATION_WAIT_SECONDS = 120.0

MAX_ADDRESS_CHARS = 2048
"""The longest address served: the site's own are under 200 characters; longer is refused with 414."""
MAX_SEGMENTS = 64
"""The most ``/``-separated parts of an address (the site nests 4 deep); more is refused with 414."""
MAX_NAME_BYTES = 255
"""The longest name a file can have (Linux's NAME_MAX): a longer part of an address is answered 404."""
MAX_VERSION_DIGITS = 18
"""``since=`` is a version, a count of rebuilds: up to 18 ASCII digits (below 2**63); anything else is 400."""
MAX_THREADS = 128
"""Requests answered at once; more wait in the listening queue (``LISTEN_QUEUE``) until a thread is free."""
LISTEN_QUEUE = 1024
MAX_LONG_POLLS = 64
"""Long polls that may wait their full time at once; beyond, a long poll answers within a second, so
open pages never take all the threads."""
BUSY_LONG_POLL_SECONDS = 1.0
REQUEST_TIMEOUT_SECONDS = 30.0
"""A connection that sends nothing (or too slowly) for this long is closed, freeing its thread."""
SERVED_METHODS = ("GET", "HEAD")
_HTTP_VERSIONS = (b"HTTP/1.0", b"HTTP/1.1")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PRINTABLE_ASCII = re.compile(r"[!-~]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class LiveState:
    """What browsers are told: a version that moves on whenever what they show changed, and the errors, if any."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.version = 0
        self.errors = ""
        self.regenerating = False
        self._waiting = 0

    def begin(self) -> None:
        with self._changed:
            self.regenerating = True

    def end(self, errors: str, site_changed: bool) -> None:
        with self._changed:
            if site_changed or errors != self.errors:
                self.version += 1
            self.errors = errors
            self.regenerating = False
            self._changed.notify_all()

    def settled(self) -> tuple[int, str]:
        """The version and errors once no regeneration is running."""
        with self._changed:
            self._changed.wait_for(lambda: not self.regenerating, REGENERATION_WAIT_SECONDS)
            return self.version, self.errors

    def next_version(self, seen: int) -> int:
        """Returns as soon as the version differs from ``seen``, or after the long poll's time is up.

        The time is shorter while ``MAX_LONG_POLLS`` others wait, so pages left open cannot hold every thread.
        """
        with self._changed:
            patience = LONG_POLL_SECONDS if self._waiting < MAX_LONG_POLLS else BUSY_LONG_POLL_SECONDS
            self._waiting += 1
            try:
                self._changed.wait_for(lambda: self.version != seen and not self.regenerating, patience)
            finally:
                self._waiting -= 1
            return self.version


class PreviewServer(http.server.ThreadingHTTPServer):
    """One thread per request, at most ``MAX_THREADS`` at once: beyond, connections wait to be accepted."""

    daemon_threads = True
    request_queue_size = LISTEN_QUEUE

    def __init__(self, address: tuple[str, int], site: Path, state: LiveState) -> None:
        super().__init__(address, functools.partial(PreviewHandler, directory=str(site)))
        self.site = site
        self.state = state
        self._threads_free = threading.BoundedSemaphore(MAX_THREADS)

    def process_request(self, request: Any, client_address: Any) -> None:
        self._threads_free.acquire()
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._threads_free.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._threads_free.release()

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that leaves mid-answer (a reload cancels the long poll) is normal; anything else is a bug, said in one line."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"decide: internal error while answering the browser ({type(error).__name__}: {error}).", file=sys.stderr)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    server: PreviewServer
    raw_requestline: bytes
    timeout = REQUEST_TIMEOUT_SECONDS
    default_request_version = "HTTP/1.0"
    """Not 0.9: so that every refusal, even of a request line that cannot be read, starts with a status line."""

    def parse_request(self) -> bool:
        """The one gate: only ``GET|HEAD /address HTTP/1.x`` with an address ``_refusal`` accepts goes on."""
        words = self.raw_requestline.split()
        if len(words) != 3 or words[2] not in _HTTP_VERSIONS:
            self.command, self.requestline = "", ""
            self.request_version = self.default_request_version
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad request line: send METHOD /address HTTP/1.1")
            return False
        if not super().parse_request():
            return False
        if self.command not in SERVED_METHODS:
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, "The preview only answers GET and HEAD")
            return False
        refused = _refusal(self.path)
        if refused:
            self.send_error(*refused)
            return False
        return True

    def do_GET(self) -> None:
        try:
            self._answer()
        except PermissionError:
            self.send_error(HTTPStatus.FORBIDDEN, "This file of the preview cannot be read")

    def _answer(self) -> None:
        path = urlsplit(self.path).path
        if path == LIVE_SCRIPT:
            return self._send(200, _live_script(), "text/javascript; charset=utf-8")
        if path == CHANGES:
            return self._send_next_version()
        version, errors = self.server.state.settled()
        page = self._page_file(path)
        if errors and (page or _looks_like_page(path)):
            return self._send(500, _error_page(errors, version), "text/html; charset=utf-8")
        if page:
            return self._send(200, _with_live_script(page.read_bytes(), version), "text/html; charset=utf-8")
        worksheet = self._worksheet_page(path)
        if worksheet:
            return self._send(200, page_pdf(worksheet.read_text(encoding="utf-8")), "application/pdf")
        missing = self.server.site / "404.html"
        if _looks_like_page(path) and not Path(self.translate_path(self.path)).exists() and missing.is_file():
            return self._send(404, _with_live_script(missing.read_bytes(), version), "text/html; charset=utf-8")
        return super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for what the marketer needs to act on."""

    def _page_file(self, path: str) -> Path | None:
        """The HTML file a request for a page reads, if there is one (``/offerings/`` reads ``offerings/index.html``)."""
        local = Path(self.translate_path(path))
        if path.endswith("/") and (local / "index.html").is_file():
            return local / "index.html"
        if local.suffix == ".html" and local.is_file():
            return local
        return None

    def _worksheet_page(self, path: str) -> Path | None:
        """For a worksheet's PDF, which the preview makes only when asked for: the page it is made from."""
        local = Path(self.translate_path(path))
        page = local.with_suffix(".html")
        in_worksheets = path.startswith(f"/{WORKSHEETS_FOLDER}/")
        return page if in_worksheets and local.suffix == ".pdf" and not local.exists() and page.is_file() else None

    def _send_next_version(self) -> None:
        seen = parse_qs(urlsplit(self.path).query).get("since")
        if seen and not re.fullmatch(f"[0-9]{{1,{MAX_VERSION_DIGITS}}}", seen[0]):
            return self.send_error(HTTPStatus.BAD_REQUEST, f"since must be a version: up to {MAX_VERSION_DIGITS} digits 0-9")
        version = self.server.state.next_version(int(seen[0]) if seen else -1)
        self._send(200, json.dumps({"version": version}).encode(), "application/json; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _refusal(target: str) -> tuple[HTTPStatus, str] | None:
    """Why an address is not served, if it is not: what is left can only name a file inside the site."""
    if len(target) > MAX_ADDRESS_CHARS:
        return HTTPStatus.REQUEST_URI_TOO_LONG, f"Addresses are at most {MAX_ADDRESS_CHARS} characters"
    if not target.startswith("/") or not _PRINTABLE_ASCII.fullmatch(target) or _BAD_PERCENT.search(target):
        return HTTPStatus.BAD_REQUEST, "Bad address: it must start with / and be plain ASCII, percent-encoded"
    parts = target.split("?", 1)[0].split("#", 1)[0].split("/")[1:]
    if len(parts) > MAX_SEGMENTS:
        return HTTPStatus.REQUEST_URI_TOO_LONG, f"Addresses have at most {MAX_SEGMENTS} parts"
    for part in parts:
        try:
            name = unquote_to_bytes(part).decode("utf-8")
        except UnicodeDecodeError:
            return HTTPStatus.BAD_REQUEST, "Bad address: it is not UTF-8"
        if name in (".", ".."):
            return HTTPStatus.BAD_REQUEST, "Bad address: it has a . or .. part"
        if "/" in name or "\\" in name:
            return HTTPStatus.BAD_REQUEST, "Bad address: it has an encoded slash or a backslash"
        if _CONTROL.search(name):
            return HTTPStatus.BAD_REQUEST, "Bad address: it has a control character"
        if len(name.encode("utf-8")) > MAX_NAME_BYTES:
            return HTTPStatus.NOT_FOUND, "No file has so long a name"
    return None


def _looks_like_page(path: str) -> bool:
    """A folder address or an ``.html`` one: what a browser navigates to, as opposed to an asset."""
    return path.endswith(("/", ".html"))


def _with_live_script(page: bytes, version: int) -> bytes:
    tag = f'<script src="{LIVE_SCRIPT}" data-decide-version="{version}" defer></script>'.encode()
    end = page.rfind(b"</body>")
    return page + tag if end < 0 else page[:end] + tag + page[end:]


@functools.cache
def _live_script() -> bytes:
    return resources.files(__package__).joinpath("live.js").read_bytes()


@functools.cache
def _error_template() -> jinja2.Template:
    source = resources.files(__package__).joinpath("errors.html").read_text(encoding="utf-8")
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(source)


def _error_page(errors: str, version: int) -> bytes:
    """The errors as text in a page of their own; it reloads like any other once they are fixed."""
    return _error_template().render(errors=errors, live_script=LIVE_SCRIPT, version=version).encode()


def start_server(site: Path, state: LiveState, host: str, port: int) -> PreviewServer:
    """Listens at once (so a taken port is reported before any work) and serves from a background thread."""
    try:
        server = PreviewServer((host, port), site, state)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise DecideError(f"Port {port} on {host} is already in use: stop the other server, or choose another port with --port.", exit_code=2) from None
        raise DecideError(f"Cannot serve on {host}:{port}: {error.strerror or error}.", exit_code=2) from None
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    return server
