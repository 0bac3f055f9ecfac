"""The preview's web server: the built site, a small script that reloads it, and the errors when there are any.

Pages are served with one line added before ``</body>``: our ``live.js``,
which asks ``/.decide/changes`` (a long poll) whether the preview moved on,
then reloads. The files in ``build/preview/site`` stay exactly what the
engine wrote. While a regeneration runs, requests wait for it, so a page is
never read half-written; while the content has errors, every page shows them.
"""

from __future__ import annotations

import errno
import functools
import http.server
import json
import sys
import threading
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jinja2

from generator.diagnostics import DecideError
from generator.render.worksheets import FOLDER as WORKSHEETS_FOLDER
from generator.write.pdf import page_pdf

LIVE_SCRIPT = "/.decide/live.js"
CHANGES = "/.decide/changes"
LONG_POLL_SECONDS = 25.0
REGENERATION_WAIT_SECONDS = 120.0


class LiveState:
    """What browsers are told: a version that moves on whenever what they show changed, and the errors, if any."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.version = 0
        self.errors = ""
        self.regenerating = False

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
        """Returns as soon as the version differs from ``seen``, or after the long poll's time is up."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen and not self.regenerating, LONG_POLL_SECONDS)
            return self.version


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: Path, state: LiveState) -> None:
        super().__init__(address, functools.partial(PreviewHandler, directory=str(site)))
        self.site = site
        self.state = state

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

    def do_GET(self) -> None:
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
        seen = parse_qs(urlsplit(self.path).query).get("since", ["-1"])[0]
        version = self.server.state.next_version(int(seen) if seen.lstrip("-").isdigit() else -1)
        self._send(200, json.dumps({"version": version}).encode(), "application/json; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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
