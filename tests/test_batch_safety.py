"""A batch of worksheets is safe with any CSV and any folder: a list it cannot read row by row stops it before anything
is written, naming the line; nothing already in --out-dir is replaced unless asked, and a link never is; a killed
batch leaves no worker running and no half-written file.

The CSV and folder cases run in-process; only the kills start a real `decide`, since their point is processes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.load.prospects import LARGEST_FILE, LONGEST_ROW, MOST_PROSPECTS
from generator.write.files import FileNames
from tests.conftest import EXAMPLE_CONTENT, PROJECT

SCANNERS = "scan-to-ship-payback"
HEADER = "prospect,pickers\n"


def batch(decide, sheet: Path, out: Path, *extra: str):
    return decide("worksheet", "break-even", SCANNERS, "--from", str(sheet), "--out-dir", str(out), "--jobs", "1", *extra)


# A CSV whose rows cannot be told apart, or that is not a CSV file at all: exit 1, the line named, nothing written.

UNREADABLE = {
    "a quote never closed": (HEADER + 'Acme,12\n"Globex,3\nInitech,4\n', ":3: a quote (\") opened in this row is never closed"),
    "a quote closed rows later": (HEADER + 'Acme,12\n"Globex,3\nInitech",4\n', ":3, column 1: this cell runs over lines 3 to 4 and holds a comma"),
    "a quote joining three names": ("prospect\n\"Acme\nGlobex\nInitech\nUmbrella\"\n", ":2, column 1: this cell runs over lines 2 to 5 and runs over more than 3 lines"),
    "text after a closing quote": (HEADER + '"Acme" Ltd,12\n', ":2: text follows the quote"),
    "a cell over the csv module's limit": (HEADER + "Acme,12\n" + "x" * 140_000 + ",3\n", f":3: this line is longer than {LONGEST_ROW:,} characters"),
    "a quote swallowing thousands of rows": (HEADER + '"Acme,12\n' + "Globex,3\n" * 20_000, f":2: this row runs on past {LONGEST_ROW:,} characters, to line 11113: a quote (\") opened in it"),
    "one row too many": (HEADER + "Acme\n" * (MOST_PROSPECTS + 1), f":{MOST_PROSPECTS + 2}: this is one prospect too many"),
    "semicolons and a quote never closed": ('prospect;pickers\n"Acme;12\n', ':2: a quote (") opened'),
}


@pytest.mark.parametrize("case", list(UNREADABLE), ids=list(UNREADABLE))
def test_a_csv_whose_rows_cannot_be_told_apart_is_refused_at_its_line(decide, tmp_path: Path, case):
    text, message = UNREADABLE[case]
    sheet = tmp_path / "prospects.csv"
    sheet.write_text(text, encoding="utf-8", newline="")
    run = batch(decide, sheet, tmp_path / "out")
    assert run.status == 1
    assert f"{sheet}{message}" in run.err
    assert not (tmp_path / "out").exists()


def test_bytes_that_are_not_utf8_are_refused_at_their_line(decide, tmp_path: Path):
    sheet = tmp_path / "prospects.csv"
    sheet.write_bytes(b"prospect\nAcme\nCaf\xe9 Ltd\n")
    run = batch(decide, sheet, tmp_path / "out")
    assert run.status == 1
    assert f"{sheet}:3: this line is not UTF-8" in run.err
    assert not (tmp_path / "out").exists()


def not_a_file(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link-to-dev-zero":
        path.symlink_to("/dev/zero")
    else:
        with path.open("wb") as file:
            file.truncate(LARGEST_FILE + 1)
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("fifo", "is a pipe, not a file"),
        ("link-to-dev-zero", "is a device, not a file"),
        ("folder", "is a folder; --from takes a CSV file"),
        ("huge", "is larger than 20 MB"),
    ],
)
def test_only_a_regular_file_of_sensible_size_is_read(decide, tmp_path: Path, kind, message):
    """A FIFO would block the read for ever and /dev/zero never ends: neither is opened (the run would hang if it were)."""
    run = batch(decide, not_a_file(tmp_path, kind), tmp_path / "out")
    assert run.status == 1
    assert message in run.err
    assert not (tmp_path / "out").exists()


def test_every_row_becomes_its_own_worksheet_whatever_the_spreadsheet_wrote(decide, tmp_path: Path):
    """A byte-order mark at the start and in the middle (two exports pasted together), blank lines, Windows line ends,
    a name over two lines and a quoted separator: five prospects, five PDFs, none merged."""
    sheet = tmp_path / "prospects.csv"
    sheet.write_bytes('\ufeffprospect,pickers\r\nAcme,12\r\n\r\n"Two\r\nLines",3\r\n\ufeffGlobex,4\r\n\r\n"Initech, North",5\r\nAcme,6\r\n'.encode())
    out = tmp_path / "out"
    run = batch(decide, sheet, out)
    assert run.status == 0, run.err
    assert sorted(path.name for path in out.iterdir()) == ["Acme-2.pdf", "Acme.pdf", "Globex.pdf", "Initech-North.pdf", "Two-Lines.pdf"]


def test_thousands_of_one_name_are_numbered_quickly():
    names = FileNames(".pdf")
    started = time.perf_counter()
    given = [names.name_for("Acme") for _ in range(20_000)]
    assert given[:3] == ["Acme.pdf", "Acme-2.pdf", "Acme-3.pdf"] and len(set(given)) == 20_000
    assert time.perf_counter() - started < 2


# The out-dir: nothing replaced unless asked, no link followed or replaced, no stale temporary file kept.


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "prospects.csv"
    path.write_text(HEADER + "Acme Ltd,12\nGlobex,3\n", encoding="utf-8")
    return path


def test_files_already_there_stop_the_batch_before_any_pdf_unless_overwrite_is_given(decide, tmp_path: Path, sheet: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "Globex.pdf").write_bytes(b"the proposal sent last week")
    run = batch(decide, sheet, out)
    assert run.status == 1
    assert "already has 1 of the files this batch writes (Globex.pdf); pass --overwrite to replace them" in run.err
    assert sorted(path.name for path in out.iterdir()) == ["Globex.pdf"]
    assert (out / "Globex.pdf").read_bytes() == b"the proposal sent last week"
    run = batch(decide, sheet, out, "--overwrite")
    assert run.status == 0, run.err
    assert (out / "Globex.pdf").read_bytes().startswith(b"%PDF-") and (out / "Acme-Ltd.pdf").is_file()


def test_the_refusal_lists_the_first_few_names(decide, tmp_path: Path):
    sheet = tmp_path / "prospects.csv"
    sheet.write_text("prospect\n" + "".join(f"P{number}\n" for number in range(8)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for number in range(8):
        (out / f"P{number}.pdf").write_bytes(b"kept")
    run = batch(decide, sheet, out)
    assert run.status == 1
    assert "already has 8 of the files this batch writes (P0.pdf, P1.pdf, P2.pdf, P3.pdf, P4.pdf and 3 more)" in run.err


@pytest.mark.parametrize("overwrite", [(), ("--overwrite",)], ids=["asked-not-to", "asked-to-overwrite"])
@pytest.mark.parametrize("target", ["a-file-outside", "nowhere"])
def test_a_link_at_a_name_is_never_followed_nor_replaced(decide, tmp_path: Path, sheet: Path, overwrite, target):
    outside = tmp_path / "a-file-outside"
    outside.write_bytes(b"someone else's file")
    out = tmp_path / "out"
    out.mkdir()
    (out / "Globex.pdf").symlink_to(tmp_path / target)
    run = batch(decide, sheet, out, *overwrite)
    assert run.status == 1
    assert "Globex.pdf at the name of a worksheet this batch writes, as a symbolic link" in run.err and "Nothing was written" in run.err
    assert (out / "Globex.pdf").is_symlink() and os.readlink(out / "Globex.pdf") == str(tmp_path / target)
    assert outside.read_bytes() == b"someone else's file"
    assert sorted(path.name for path in out.iterdir()) == ["Globex.pdf"]


def test_a_stale_temporary_file_is_removed_by_the_next_run(decide, tmp_path: Path, sheet: Path):
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".Acme-Ltd.pdf.0123abcd.part", out / ".Someone-Else.pdf.89abcdef.part"]
    for path in stale:
        path.write_bytes(b"%PDF- half")
    (out / "notes.part").write_bytes(b"not ours")
    assert batch(decide, sheet, out).status == 0
    assert sorted(path.name for path in out.iterdir()) == ["Acme-Ltd.pdf", "Globex.pdf", "notes.part"]


def test_one_named_file_is_replaced_but_never_through_a_link(decide, tmp_path: Path):
    output = tmp_path / "plan.pdf"
    output.write_bytes(b"last week's plan")
    (tmp_path / ".plan.pdf.0123abcd.part").write_bytes(b"left by a kill")
    assert decide("worksheet", "plan", "scan-to-ship", "-o", str(output)).status == 0
    assert output.read_bytes().startswith(b"%PDF-")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.pdf"]
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"someone else's file")
    link = tmp_path / "link.pdf"
    link.symlink_to(outside)
    run = decide("worksheet", "plan", "scan-to-ship", "-o", str(link))
    assert run.status == 1
    assert f"Cannot write {link}: it is a symbolic link, and decide never writes through one" in run.err
    assert link.is_symlink() and outside.read_bytes() == b"someone else's file"


# Killing a batch: a real process, killed as a user or a system would.


BATCH = [sys.executable, "-m", "generator", "worksheet", "break-even", SCANNERS, "--content", str(EXAMPLE_CONTENT)]
"""A batch in a process of its own, on the pinned example whatever content/ holds."""


def children_of(pid: int) -> set[int]:
    """The processes ``pid`` started, from every one of its threads (workers may be started by a helper thread)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (a container's first process may never reap the orphans it inherits)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@contextlib.contextmanager
def sixty_prospects(tmp_path: Path, out: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A batch of sixty PDFs in a process of its own, once it has written its first."""
    sheet = tmp_path / "prospects.csv"
    sheet.write_text("prospect\n" + "".join(f"Prospect {number}\n" for number in range(60)), encoding="utf-8")
    command = [*BATCH, "--from", str(sheet), "--out-dir", str(out), "--jobs", "2"]
    with subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as started:
        if not wait_for(lambda: out.is_dir() and any(out.glob("*.pdf")), 60):
            started.kill()
            pytest.fail("the batch never wrote its first PDF")
        yield started


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGKILL], ids=lambda stop: stop.name)
def test_a_killed_batch_leaves_no_worker_and_no_half_written_file(tmp_path: Path, stop):
    out = tmp_path / "out"
    with sixty_prospects(tmp_path, out) as started:
        try:
            workers = children_of(started.pid)
            assert workers, "the batch runs its PDFs in worker processes"
            started.send_signal(stop)
            assert started.wait(10) == -stop
            assert wait_for(lambda: not any(running(pid) for pid in workers), 5), "a worker outlived the command"
        finally:
            started.kill()
        said = started.communicate()[1].decode()
    assert "Traceback" not in said
    if stop != signal.SIGKILL:
        assert "Stopped by" in said
        assert not list(out.glob(".*.part")), "a half-written file survived the kill"


def test_a_worker_killed_under_the_batch_is_a_plain_error(tmp_path: Path):
    out = tmp_path / "out"
    with sixty_prospects(tmp_path, out) as started:
        try:
            workers = [pid for pid in children_of(started.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
            os.kill(workers[0], signal.SIGKILL)
            assert started.wait(30) == 1
            assert wait_for(lambda: not any(running(pid) for pid in workers), 5), "a worker outlived the command"
        finally:
            started.kill()
        said = started.communicate()[1].decode()
    assert "decide: A worker making the PDFs stopped before it finished" in said
    assert "Traceback" not in said and not list(out.glob(".*.part"))
