"""How long `decide check` takes as the catalog grows: the marketer's edit-check loop.

Makes content folders with the example company's problems and actions and N
offerings of 20 reasons each (copies of the example's offerings and reasons,
renamed), then times `decide check` on each, as a whole process, several runs.

    .venv/bin/python bench/check_speed.py [--runs 5] [--sizes 5 50 250]

Prints, for each size, the number of reasons and the min/median/max seconds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

EXAMPLE = Path(__file__).resolve().parent.parent / "tests" / "example" / "content"
"""The pinned example company: content/ may hold another company's, with other offerings."""


def scaled_content(folder: Path, offerings: int) -> int:
    """Writes a content folder with ``offerings`` offerings; returns how many reasons it holds."""
    for part in ("site.yml", "actions", "problems"):
        source = EXAMPLE / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, folder / part)
    (folder / "offerings").mkdir()
    (folder / "reasons").mkdir()
    templates = sorted((EXAMPLE / "offerings").glob("*.yml"))
    reasons = 0
    for number in range(offerings):
        template = templates[number % len(templates)]
        offering_id = f"{template.stem}-{number}"
        shutil.copy(template, folder / "offerings" / f"{offering_id}.yml")
        entries = yaml.safe_load((EXAMPLE / "reasons" / template.name).read_text(encoding="utf-8"))[:20]
        for entry in entries:
            entry["offerings"] = [offering_id]
            entry["result"] = f"{entry['result']} (copy {number})"
        (folder / "reasons" / f"{offering_id}.yml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
        reasons += len(entries)
    return reasons


def time_check(folder: Path, runs: int) -> list[float]:
    decide = Path(sys.executable).parent / "decide"
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([str(decide), "check", "--content", str(folder), "--format", "json"], capture_output=True, check=False)
        seconds.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"decide check failed on the generated content:\n{done.stdout.decode()[:2000]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 50, 250])
    arguments = parser.parse_args()
    print(f"{'offerings':>9} {'reasons':>8} {'min s':>7} {'median s':>9} {'max s':>7} {'ms per reason':>14}")
    for size in arguments.sizes:
        with tempfile.TemporaryDirectory() as scratch:
            reasons = scaled_content(Path(scratch), size)
            seconds = time_check(Path(scratch), arguments.runs)
        median = statistics.median(seconds)
        print(f"{size:>9} {reasons:>8} {min(seconds):>7.3f} {median:>9.3f} {max(seconds):>7.3f} {1000 * median / reasons:>14.3f}")


if __name__ == "__main__":
    main()
