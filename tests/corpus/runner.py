"""Runs every corpus case as the real ``decide`` does, each in a process of its own under a memory and a time limit.

One process imports decide once, then forks a child per case (a fork is cheap, and nothing but this loop runs
in the parent, so no lock is held by another thread at the fork). The child sets ``RLIMIT_AS``, moves into the
case's project, sends its output to a file and calls ``generator.cli.main`` with the case's arguments. A child
that outlives the time limit is killed with its whole process group (PDF workers included) and counted as hung.

``python -m tests.corpus.runner [--only TEXT] [--jobs N]`` prints one JSON object per case.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tests.corpus.cases import Case, all_cases, make_project

MEMORY_LIMIT = 1 << 30
"""Bytes of address space a case may use: 1 GiB, far above what a legitimate check or worksheet needs."""

TIME_LIMIT = 30.0
"""Seconds a case may run; the slowest legitimate one takes about one on a quiet machine."""

LONGEST_OUTPUT = 200_000
"""Characters of output kept per case; more means the tool echoed what it should not."""


@dataclass
class Outcome:
    name: str
    status: int | None
    """The exit status; None when the case was killed at the time limit."""
    output: str
    seconds: float
    output_size: int
    watched_before: dict[str, str]
    watched_after: dict[str, str]


def snapshot(folder: Path | None) -> dict[str, str]:
    """Each entry of a folder and what it is: a digest of a file's bytes, a link's target, or "folder"."""
    if folder is None or not folder.is_dir():
        return {}
    entries = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[relative] = f"link to {os.readlink(path)}"
        elif path.is_file():
            entries[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            entries[relative] = "folder"
    return entries


def _run_child(case: Case, root: Path, log: Path) -> None:
    """In the forked child: never returns."""
    status = 4
    try:
        os.setpgid(0, 0)
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(descriptor, 1)
        os.dup2(descriptor, 2)
        os.chdir(root)
        sys.argv = ["decide", *case.args]
        from generator.cli import main

        main()
        status = 0
    except SystemExit as stopped:
        status = stopped.code if isinstance(stopped.code, int) else 1
    except BaseException as error:  # noqa: BLE001 - reported as a failed case, with what escaped
        print(f"corpus runner: {type(error).__name__} escaped decide's main: {error}", flush=True)
        status = 4
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


@dataclass
class Running:
    case: Case
    root: Path
    log: Path
    pid: int
    started: float
    watched_before: dict[str, str]


def _start(case: Case, workspace: Path) -> Running:
    root = make_project(case, workspace)
    watched = root / case.watched if case.watched else None
    before = snapshot(watched)
    log = workspace / f"{case.name}.log"
    pid = os.fork()
    if pid == 0:
        _run_child(case, root, log)
    return Running(case, root, log, pid, time.monotonic(), before)


def _finish(running: Running, status: int | None) -> Outcome:
    output = running.log.read_text(encoding="utf-8", errors="replace") if running.log.exists() else ""
    watched = running.root / running.case.watched if running.case.watched else None
    return Outcome(
        running.case.name, status, output[:LONGEST_OUTPUT], time.monotonic() - running.started, len(output), running.watched_before, snapshot(watched)
    )


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_cases(cases: list[Case], workspace: Path, jobs: int = 2) -> list[Outcome]:
    """Runs ``cases``, ``jobs`` at a time; returns their outcomes in the order given."""
    waiting = list(reversed(cases))
    running: dict[int, Running] = {}
    outcomes: dict[str, Outcome] = {}
    while waiting or running:
        while waiting and len(running) < jobs:
            started = _start(waiting.pop(), workspace)
            running[started.pid] = started
        for pid, each in list(running.items()):
            done, wait_status = os.waitpid(pid, os.WNOHANG)
            if done:
                _kill_group(pid)
                outcomes[each.case.name] = _finish(each, os.waitstatus_to_exitcode(wait_status))
                del running[pid]
            elif time.monotonic() - each.started > TIME_LIMIT:
                _kill_group(pid)
                os.waitpid(pid, 0)
                outcomes[each.case.name] = _finish(each, None)
                del running[pid]
        time.sleep(0.005)
    return [outcomes[case.name] for case in cases]


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the bad-input corpus; one JSON object per case on standard output.")
    parser.add_argument("--only", default="", help="Only cases whose name contains this.")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    arguments = parser.parse_args()
    cases = [case for case in all_cases() if arguments.only in case.name]
    import generator.cli  # noqa: F401 - imported once here, so each forked case starts warm

    with tempfile.TemporaryDirectory(prefix="decide-corpus-") as workspace:
        for outcome in run_cases(cases, Path(workspace), arguments.jobs):
            print(json.dumps(asdict(outcome), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
