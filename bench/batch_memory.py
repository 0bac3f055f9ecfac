"""Whether a long batch of worksheets keeps its pace and its memory: 10,000 prospects by default.

Writes a CSV of N prospects with random in-range figures for one calculator of the content (as
bench/worksheet_batch.py does, with the same --content and --calculator), runs `decide worksheet break-even … --from … --out-dir …` once, and watches it from
/proc: every `--every` PDFs it prints the seconds per PDF over that stretch and overall, the highest resident memory
(RSS) any PDF worker reached in it, and the command's own. Flat figures down the table are the point: the workers
are replaced every few hundred PDFs, so neither time nor memory should climb with the row number. Linux only.

    .venv/bin/python bench/batch_memory.py [--content DIR] [--calculator ID] [--rows 10000] [--every 1000] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DECIDE, PROJECT, content_folder
from worksheet_batch import add_calculator_options, chosen_calculator, prospects_csv

WATCH_EVERY = 0.2
"""Seconds between looks at the batch's processes and its folder."""


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def memory_mb(pid: int, field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (the highest so far) of a process, in MB; 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def is_worker(pid: int) -> bool:
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def pdfs_in(folder: Path) -> int:
    try:
        return sum(1 for entry in os.scandir(folder) if entry.name.endswith(".pdf"))
    except FileNotFoundError:
        return 0


class Stretch:
    """The PDFs made since the last line printed: when the stretch began, at which count, and the workers' peak RSS."""

    def __init__(self, started: float, done: int, peak: float) -> None:
        self.started, self.done, self.peak = started, done, peak
        self.command = 0.0
        """The command's own RSS when last seen (it has gone by the last line)."""


def watch(batch: subprocess.Popen[bytes], out: Path, rows: int, every: int) -> None:
    """Prints a line each time ``every`` more PDFs are in ``out``, and one at the end, until the batch ends."""
    print(f"{'PDFs':>7}  {'s/PDF here':>10}  {'s/PDF all':>9}  {'workers peak RSS here':>21}  {'command RSS':>11}  {'workers so far':>14}")
    started = time.perf_counter()
    stretch, seen = Stretch(started, 0, 0.0), set[int]()

    def report(done: int) -> None:
        now = time.perf_counter()
        print(
            f"{done:>7}  {(now - stretch.started) / max(1, done - stretch.done):>10.3f}  {(now - started) / max(1, done):>9.3f}  "
            f"{stretch.peak:>18.0f} MB  {stretch.command:>8.0f} MB  {len(seen):>14}",
            flush=True,
        )
        stretch.started, stretch.done, stretch.peak = now, done, 0.0

    done = 0
    while batch.poll() is None:
        workers = {pid for pid in children(batch.pid) if is_worker(pid)}
        seen |= workers
        stretch.peak = max([stretch.peak, *(memory_mb(pid, "VmHWM") for pid in workers)])
        stretch.command = memory_mb(batch.pid, "VmRSS") or stretch.command
        done = pdfs_in(out)
        if done - stretch.done >= every:
            report(done)
        time.sleep(WATCH_EVERY)
    done = pdfs_in(out)
    if done > stretch.done:
        report(done)
    if batch.returncode != 0 or done != rows:
        sys.exit(f"the batch failed ({done} of {rows} written):\n{batch.stderr.read().decode()[-2000:] if batch.stderr else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_calculator_options(parser)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=1_000, help="print a line every this many PDFs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args()
    content = content_folder(parser, arguments.content)
    calculator = chosen_calculator(parser, content, arguments.calculator)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as scratch:
        sheet, out = Path(scratch) / "prospects.csv", Path(scratch) / "out"
        prospects_csv(sheet, arguments.rows, content, calculator)
        print(f"{arguments.rows:,} prospects for {calculator} in {content}, --jobs {arguments.jobs}, on {os.cpu_count()} processors")
        command = [DECIDE, "worksheet", "break-even", calculator, "--content", str(content), "--from", str(sheet), "--out-dir", str(out), "--jobs", str(arguments.jobs)]
        with subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as batch:
            watch(batch, out, arguments.rows, arguments.every)


if __name__ == "__main__":
    main()
