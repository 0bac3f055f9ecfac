"""`decide serve` against hostile requests: every one gets a status line, 4xx when malformed, and nothing outside the site."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.preview.server import MAX_NAME_BYTES, MAX_SEGMENTS, MAX_THREADS
from tests.browsing import RunningPreview
from tests.conftest import copy_project

SECRET = "not-for-the-browser-7f3a"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPreview]:
    """One preview for the module, with a secret file beside the site and above it."""
    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    (project / "secret.txt").write_text(SECRET, encoding="utf-8")
    running = RunningPreview(project)
    (project / "build" / "preview" / "secret.txt").write_text(SECRET, encoding="utf-8")
    try:
        yield running
    finally:
        status = running.stop()
    assert status == 0
    assert "Traceback" not in running.log and "internal error" not in running.log, running.log


def address(preview: RunningPreview) -> tuple[str, int]:
    where = urlsplit(preview.url)
    assert where.hostname and where.port
    return where.hostname, where.port


def ask(preview: RunningPreview, request: bytes, timeout: float = 20) -> bytes:
    """Sends ``request`` as it is and returns the whole answer; the server closes each connection after answering."""
    with socket.create_connection(address(preview), timeout=timeout) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def status(answer: bytes) -> int:
    line = answer.split(b"\r\n", 1)[0]
    assert line.startswith(b"HTTP/1.0 "), answer[:200]
    return int(line.split()[1])


def get(target: bytes) -> bytes:
    return b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\n\r\n"


MALFORMED = {
    "a NUL": (get(b"/%00"), 400),
    "a NUL in a worksheet's name": (get(b"/worksheets/%00.pdf"), 400),
    "a control character": (get(b"/index%0a.html"), 400),
    "invalid percent-encoding": (get(b"/%zz/"), 400),
    "a lone percent": (get(b"/index.html%"), 400),
    "encoded invalid UTF-8": (get(b"/%ff%fe/"), 400),
    "raw bytes that are not ASCII": (get(b"/\xff\xfe/"), 400),
    "raw UTF-8": (get("/café/".encode()), 400),
    "since in Arabic digits": (get("/.decide/changes?since=١٢".encode()), 400),
    "since in encoded Arabic digits": (get(b"/.decide/changes?since=%D9%A1%D9%A2"), 400),
    "since as a float": (get(b"/.decide/changes?since=1e999"), 400),
    "since negative": (get(b"/.decide/changes?since=-1"), 400),
    "since huge": (get(b"/.decide/changes?since=" + b"9" * 40), 400),
    "since over the int-string limit": (get(b"/.decide/changes?since=" + b"9" * 5000), 414),
    "20,000 segments": (get(b"/a" * 20_000), 414),
    "one segment too many": (get(b"/a" * (MAX_SEGMENTS + 1)), 414),
    "20,000 dot segments": (get(b"/." * 20_000), 414),
    "a name longer than any file's": (get(b"/" + b"a" * (MAX_NAME_BYTES + 1) + b".html"), 404),
    "a folder name longer than any file's": (get(b"/" + b"a" * (MAX_NAME_BYTES + 1) + b"/"), 404),
    "an overlong request line": (get(b"/" + b"a" * 70_000), 414),
    "an overlong header": (b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n", 431),
    "too many headers": (b"GET / HTTP/1.1\r\n" + b"X-Many: a\r\n" * 200 + b"\r\n", 431),
    "an unknown method": (b"BREW / HTTP/1.1\r\n\r\n", 405),
    "a POST": (b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 405),
    "a lower-case method": (b"get / HTTP/1.1\r\n\r\n", 405),
    "an HTTP/0.9 request": (b"GET /\r\n\r\n", 400),
    "an unknown HTTP version": (b"GET / HTTP/9.9\r\n\r\n", 400),
    "not HTTP at all": (b"\x00\x01\x02\r\n\r\n", 400),
    "an empty request line": (b"\r\n\r\n", 400),
    "four words": (b"GET / HTTP/1.1 more\r\n\r\n", 400),
    "an absolute address": (get(b"http://localhost/index.html"), 400),
    "an asterisk": (b"OPTIONS * HTTP/1.1\r\n\r\n", 405),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_request_gets_a_4xx_answer(preview: RunningPreview, name: str) -> None:
    request, expected = MALFORMED[name]
    assert status(ask(preview, request)) == expected


ESCAPES = [
    b"/../secret.txt",
    b"/%2e%2e/secret.txt",
    b"/%2E%2E/%2e%2e/%2e%2e/secret.txt",
    b"/.%2e/secret.txt",
    b"/..%2fsecret.txt",
    b"/assets/..%2f..%2f..%2f..%2fsecret.txt",
    b"/..\\secret.txt",
    b"/assets\\..\\..\\secret.txt",
    b"/%5c..%5csecret.txt",
    b"/assets%2f..%2f..%2fsecret.txt",
    b"/%252e%252e/secret.txt",
    b"//secret.txt",
    b"/./secret.txt",
    b"/secret.txt",
    b"/assets/../../../../../../etc/passwd",
    b"/worksheets/..%2f..%2fsecret.pdf",
]


@pytest.mark.parametrize("target", ESCAPES, ids=[target.decode() for target in ESCAPES])
def test_no_address_reaches_a_file_outside_the_site(preview: RunningPreview, target: bytes) -> None:
    answer = ask(preview, get(target))
    assert 400 <= status(answer) < 500
    assert SECRET.encode() not in answer and b"root:" not in answer


def test_the_sites_own_addresses_are_still_served(preview: RunningPreview) -> None:
    for target in (b"/", b"/offerings/", b"/offerings/care-plan/", b"/index.html", b"/404.html", b"/.decide/live.js", b"/.decide/changes?since=0"):
        assert status(ask(preview, get(target))) == 200, target
    assert status(ask(preview, b"HEAD / HTTP/1.1\r\n\r\n")) == 200
    assert status(ask(preview, get(b"/no-such-page/"))) == 404


def test_200_concurrent_requests_are_all_answered(preview: RunningPreview) -> None:
    targets = [b"/", b"/offerings/", b"/assets/decide/decide.css", b"/.decide/changes?since=0", b"/%00", b"/no-such-page/"]
    answers: list[int] = []

    def one(target: bytes) -> None:
        answers.append(status(ask(preview, get(target), timeout=30)))

    threads = [threading.Thread(target=one, args=(targets[index % len(targets)],)) for index in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == sorted([200] * 134 + [400] * 33 + [404] * 33)


def threads_of(process_id: int) -> int:
    status_lines = Path(f"/proc/{process_id}/status").read_text(encoding="utf-8").splitlines()
    return int(next(line for line in status_lines if line.startswith("Threads:")).split()[1])


def test_threads_stay_bounded_and_requests_beyond_wait_their_turn(preview: RunningPreview) -> None:
    """200 browsers that have sent half a request each: at most MAX_THREADS threads wait on them, the rest queue."""
    before = threads_of(preview.process.pid)
    connections = [socket.create_connection(address(preview), timeout=30) for _ in range(200)]
    try:
        for connection in connections:
            connection.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        time.sleep(1.0)
        assert threads_of(preview.process.pid) <= before + MAX_THREADS
        for connection in connections:
            connection.sendall(b"\r\n")
        answers = []
        for connection in connections:
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
            answers.append(status(answer))
    finally:
        for connection in connections:
            connection.close()
    assert answers == [200] * 200
