"""How long a batch of proposal packs takes: "one pack per prospect of the CRM's export".

Writes a CRM-style export of N prospects (the example's scan-to-ship figures in range, an owner, an industry, a size,
a start, and columns decide does not know), then times `decide proposal scan-to-ship --from … --out-dir …` as a whole
process at the default jobs (one per processor), several runs. Every pack is checked to exist before a run counts.

    .venv/bin/python bench/proposal_batch.py [--rows 100] [--runs 3]

Prints min/median/max seconds for the batch and the median seconds per pack (target: at most 1.5 s each on a
2-core machine).
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

PROJECT = Path(__file__).resolve().parent.parent
OFFERING = "scan-to-ship"
CALCULATOR = "scan-to-ship-payback"
EXAMPLE_CONTENT = PROJECT / "tests" / "example" / "content"
"""The pinned example company, which has this offering and calculator whatever content/ holds."""

INDUSTRIES = ["Pharmaceutical wholesale", "Food distribution", "Building supplies", "Electrical wholesale", "Garden products wholesale"]


def crm_export(path: Path, rows: int) -> None:
    """``rows`` prospects with distinct names, figures anywhere in each input's range, and the details a CRM holds."""
    calculator = yaml.safe_load((EXAMPLE_CONTENT / "calculators" / f"{CALCULATOR}.yml").read_text(encoding="utf-8"))
    inputs = calculator["inputs"]
    generator = random.Random(21)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Prospect", *(field["id"].upper() for field in inputs), "Owner", "Owner Email", "Owner Phone", "Industry", "Size", "Start", "Lead Score", "Account Id"])
        for number in range(rows):
            figures = [f"{generator.uniform(field['min'], field['max']):.2f}" for field in inputs]
            details = [f"Owner {number % 7}", f"owner{number % 7}@fernhollow.example", f"+44 1423 496 0{number % 100:02d}", generator.choice(INDUSTRIES), str(generator.randrange(10, 600))]
            writer.writerow([f"Prospect {number:03d} Ltd", *figures, *details, f"2027-{1 + number % 12:02d}-01", str(generator.randrange(100)), f"ACC-{number:05d}"])


def time_batch(export: Path, rows: int, runs: int) -> list[float]:
    decide = Path(sys.executable).parent / "decide"
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-packs-") as scratch:
            out = Path(scratch) / "out"
            start = time.perf_counter()
            command = [str(decide), "proposal", OFFERING, "--content", str(EXAMPLE_CONTENT), "--from", str(export), "--out-dir", str(out)]
            done = subprocess.run(command, cwd=PROJECT, capture_output=True, check=False)
            seconds.append(time.perf_counter() - start)
            written = len(list(out.glob("*.pdf"))) if out.is_dir() else 0
            if done.returncode != 0 or written != rows:
                sys.exit(f"the batch failed ({written} of {rows} written):\n{done.stderr.decode()[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-crm-"))
    try:
        export = folder / "export.csv"
        crm_export(export, arguments.rows)
        seconds = time_batch(export, arguments.rows, arguments.runs)
        median = statistics.median(seconds)
        print(f"{arguments.rows} packs, {arguments.runs} runs, default jobs ({os.cpu_count()} processors)")
        print(f"batch min {min(seconds):.1f} s, median {median:.1f} s, max {max(seconds):.1f} s; {median / arguments.rows:.2f} s per pack")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
