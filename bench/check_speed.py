"""How long `decide check` and a single worksheet take: the marketer's edit-check loop and sales' one PDF.

Times, as whole processes over several runs, `decide check` on the content and `decide worksheet
break-even <calculator> --prospect … -o FILE.pdf` for one calculator of it (default: the first by
file name), both in a scratch project around the content that has a `build/` folder. Both load and
check the whole content first, so both grow with the catalog. The worksheet is timed twice: with the
values of the content's files kept in `build/content-values/` by the run before (sales printing from
content that did not change, the figure of the target), and with none kept (the first worksheet
after a change to every file).

    .venv/bin/python bench/content.py --size L --out /tmp/bench-L
    .venv/bin/python bench/check_speed.py --content /tmp/bench-L [--runs 5] [--calculator ID]

Prints the size of the content and, for each command, the median (the figure to quote), min and
max wall seconds, and the median CPU seconds. Targets of issue 18 at L: at most 2 s each.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml
from common import DECIDE, Timed, add_content_option, content_folder, first_id, run_timed, scratch_project, spread

KEPT_VALUES = Path("build") / "content-values"


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
    calculator = arguments.calculator or first_id(content, "calculators")
    with tempfile.TemporaryDirectory(prefix="bench-check-speed-") as scratch:
        project = scratch_project(Path(scratch) / "project", content)
        (project / "build").mkdir()
        check = [DECIDE, "check", "--format", "json"]
        report("decide check", timed(check, project, arguments.runs))
        if calculator is None:
            print("decide worksheet: not timed, the content has no calculator")
            return
        pdf = project / "worksheet.pdf"
        worksheet = [DECIDE, "worksheet", "break-even", calculator, "--prospect", "Bench Prospect Ltd", "--date", "2026-01-15", "-o", str(pdf)]
        timed(worksheet, project, 1)
        report(f"decide worksheet break-even {calculator}, values kept", timed(worksheet, project, arguments.runs))
        report(f"decide worksheet break-even {calculator}, none kept", timed(worksheet, project, arguments.runs, before=lambda: shutil.rmtree(project / KEPT_VALUES, ignore_errors=True)))
        if not pdf.is_file():
            raise SystemExit("decide worksheet wrote no PDF")


def timed(command: Sequence[str], project: Path, runs: int, before: Callable[[], None] = lambda: None) -> list[Timed]:
    """``runs`` whole-process runs of ``command`` in ``project``, each after ``before()`` (untimed)."""
    found = []
    for _ in range(runs):
        before()
        found.append(run_timed(command, project, command[1]))
    return found


if __name__ == "__main__":
    main()
