"""How long `decide check` and a single worksheet take: the marketer's edit-check loop and sales' one PDF.

Times, as whole processes over several runs, `decide check` on the content and `decide worksheet
break-even <calculator> --prospect … -o FILE.pdf` for one calculator of it (default: the first by
file name). Both load and check the whole content first, so both grow with the catalog.

    .venv/bin/python bench/content.py --size L --out /tmp/bench-L
    .venv/bin/python bench/check_speed.py --content /tmp/bench-L [--runs 5] [--calculator ID]

Prints the size of the content and, for each command, the median (the figure to quote), min and
max wall seconds, and the median CPU seconds. Targets of issue 18 at L: at most 2 s each.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

import yaml
from common import DECIDE, PROJECT, Timed, add_content_option, content_folder, first_id, run_timed, spread


def reasons_in(content: Path) -> int:
    return sum(len(yaml.safe_load(path.read_text(encoding="utf-8")) or []) for path in (content / "reasons").glob("*.yml"))


def report(what: str, runs: list[Timed]) -> None:
    print(f"{what}: {spread([run.wall for run in runs])}; CPU median {statistics.median(run.cpu for run in runs):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_content_option(parser)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--calculator", help="the calculator whose worksheet is timed (default: the first by file name)")
    arguments = parser.parse_args()
    content = content_folder(parser, arguments.content)
    offerings = len(list((content / "offerings").glob("*.yml")))
    print(f"{content}: {offerings} offerings, {reasons_in(content)} reasons; {arguments.runs} runs each")
    check = [DECIDE, "check", "--content", str(content), "--format", "json"]
    report("decide check", [run_timed(check, PROJECT, "decide check") for _ in range(arguments.runs)])
    calculator = arguments.calculator or first_id(content, "calculators")
    if calculator is None:
        print("decide worksheet: not timed, the content has no calculator")
        return
    with tempfile.TemporaryDirectory(prefix="bench-worksheet-") as scratch:
        pdf = Path(scratch) / "worksheet.pdf"
        worksheet = [DECIDE, "worksheet", "break-even", calculator, "--content", str(content), "--prospect", "Bench Prospect Ltd", "--date", "2026-01-15", "-o", str(pdf)]
        runs = [run_timed(worksheet, PROJECT, "decide worksheet") for _ in range(arguments.runs)]
        if not pdf.is_file():
            raise SystemExit("decide worksheet wrote no PDF")
    report(f"decide worksheet break-even {calculator}", runs)


if __name__ == "__main__":
    main()
