"""How long a batch of filled break-even worksheets takes: sales' "one PDF per prospect on the list".

Writes a CSV of N prospects with random in-range figures for one calculator of the content
(default: the example's scan-to-ship-payback, or the first by file name), then times `decide
worksheet break-even … --from … --out-dir …` as a whole process, several runs, once with one job
and once with one job per processor. Every PDF is checked to exist before a run counts.

    .venv/bin/python bench/worksheet_batch.py [--content DIR] [--calculator ID] [--rows 100] [--runs 3]

Prints, per job count, min/median/max seconds for the batch and the median
seconds per worksheet (target: under 1 s each on a 2-core machine).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from common import DECIDE, PROJECT, add_content_option, content_folder, first_id

EXAMPLE_CALCULATOR = "scan-to-ship-payback"
"""The example's calculator with the most inputs; other content gets its first calculator by file name."""


def add_calculator_options(parser: argparse.ArgumentParser) -> None:
    add_content_option(parser)
    parser.add_argument("--calculator", help=f"the calculator of the worksheets (default: {EXAMPLE_CALCULATOR} if the content has it, else the first by file name)")


def chosen_calculator(parser: argparse.ArgumentParser, content: Path, calculator: str | None) -> str:
    if calculator is None:
        calculator = EXAMPLE_CALCULATOR if (content / "calculators" / f"{EXAMPLE_CALCULATOR}.yml").is_file() else first_id(content, "calculators")
    if calculator is None or not (content / "calculators" / f"{calculator}.yml").is_file():
        parser.error(f"{content} has no calculator {calculator or ''}".rstrip())
    return calculator


def prospects_csv(path: Path, rows: int, content: Path, calculator_id: str) -> None:
    """``rows`` prospects with distinct names and figures anywhere in each input's range."""
    calculator = yaml.safe_load((content / "calculators" / f"{calculator_id}.yml").read_text(encoding="utf-8"))
    inputs = calculator["inputs"]
    generator = random.Random(100)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["prospect", *(field["id"] for field in inputs)])
        for number in range(rows):
            writer.writerow([f"Prospect {number:03d} Ltd", *(f"{generator.uniform(field['min'], field['max']):.2f}" for field in inputs)])


def time_batch(sheet: Path, rows: int, jobs: int, runs: int, content: Path, calculator: str) -> list[float]:
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-worksheets-") as scratch:
            out = Path(scratch) / "out"
            start = time.perf_counter()
            command = [DECIDE, "worksheet", "break-even", calculator, "--content", str(content), "--from", str(sheet), "--out-dir", str(out), "--jobs", str(jobs)]
            done = subprocess.run(command, cwd=PROJECT, capture_output=True, check=False)
            seconds.append(time.perf_counter() - start)
            written = len(list(out.glob("*.pdf"))) if out.is_dir() else 0
            if done.returncode != 0 or written != rows:
                sys.exit(f"the batch failed ({written} of {rows} written):\n{done.stderr.decode()[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_calculator_options(parser)
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    content = content_folder(parser, arguments.content)
    calculator = chosen_calculator(parser, content, arguments.calculator)
    folder = Path(tempfile.mkdtemp(prefix="bench-prospects-"))
    try:
        sheet = folder / "prospects.csv"
        prospects_csv(sheet, arguments.rows, content, calculator)
        print(f"{arguments.rows} prospects for {calculator} in {content}, {arguments.runs} runs each, on {os.cpu_count()} processors")
        for jobs in sorted({1, os.cpu_count() or 1}):
            seconds = time_batch(sheet, arguments.rows, jobs, arguments.runs, content, calculator)
            median = statistics.median(seconds)
            print(f"--jobs {jobs}: batch min {min(seconds):.1f} s, median {median:.1f} s, max {max(seconds):.1f} s; {median / arguments.rows:.3f} s per worksheet")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
