"""``decide worksheet``: a worksheet for one prospect, or for a whole list of them, as PDF (or HTML).

Each command runs load -> check -> compute -> render -> write like the others:
the content is checked first, the worksheet is rendered from the same engines
as the site, and the file is written whole or not at all.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.diagnostics import DecideError
from generator.load import Content
from generator.load.models import Calculator
from generator.load.prospects import ProspectRow, RowProblem, prospect_name, read_prospects
from generator.options import content_option, named, pairs
from generator.pipeline import checked_content
from generator.project import Project
from generator.render.worksheets import Prospect, Worksheet, WorksheetRenderer
from generator.wording import agreeing, counted
from generator.write.pdf import Paper

if TYPE_CHECKING:
    from generator.write.files import Folder

SUFFIXES = (".pdf", ".html")


@dataclass(frozen=True)
class Sheets:
    """What every worksheet command needs: the checked content, a renderer, and where and how to write."""

    content: Content
    renderer: WorksheetRenderer
    paper: Paper
    on: date

    def write(self, worksheet: Worksheet, path: Path) -> None:
        """The PDF, or the page itself for a path ending in .html; says where it went."""
        from generator.write.files import write_file
        from generator.write.pdf import pdf_of

        with _stopped_cleanly():
            data = pdf_of(worksheet.html, self.paper) if path.suffix.lower() == ".pdf" else worksheet.html.encode("utf-8")
            write_file(path, data)
        click.echo(f"Wrote {path}.", err=True)


def _sheets(content_folder: Path | None, paper: Paper | None, on: datetime | None) -> Sheets:
    from generator.write.pdf import paper_for

    project = Project.discover(content_folder)
    content, _ = checked_content(project)
    assert content.site is not None
    site = content.site.model
    return Sheets(content, WorksheetRenderer(content, project.templates), paper or paper_for(site.locale), on.date() if on else date.today())


def _prospect(name: str | None, on: date) -> Prospect | None:
    if name is None:
        return None
    tidy = prospect_name(name)
    if tidy is None:
        raise click.BadParameter("give the prospect's name, up to 200 characters, e.g. --prospect \"Acme Ltd\".", param_hint="'--prospect'")
    return Prospect(tidy, on)


def _output(path: Path | None) -> Path:
    if path is None:
        raise click.UsageError("Say where to write the worksheet with -o FILE.pdf (or FILE.html).")
    if path.suffix.lower() not in SUFFIXES:
        raise click.BadParameter(f"`{path}` must end in .pdf or .html; decide writes one or the other.", param_hint="'-o'")
    return path


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every kind of worksheet takes, in the order ``--help`` lists them."""
    for option in reversed(
        [
            click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="The file to write: FILE.pdf, or FILE.html to see the page."),
            click.option("--paper", type=click.Choice(["a4", "letter"]), default=None, help="The PDF's paper; default: the site locale's usual one (Letter in en-US)."),
            click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD", help="The date printed on it; default: today."),
            content_option,
        ]
    ):
        command = option(command)
    return command


prospect_option = click.option("--prospect", help='Who it is for, e.g. --prospect "Acme Ltd"; without it, the worksheet is blank, to fill in by hand.')


@click.group()
def worksheet() -> None:
    """Write a worksheet for a prospect (or a blank one) as a PDF to attach to a proposal."""


@worksheet.command("break-even")
@click.argument("calculator_id")
@prospect_option
@click.option("--set", "settings", multiple=True, callback=pairs("--set pickers=20"), metavar="INPUT=VALUE", help="A figure, e.g. --set pickers=20; repeat for more. Others keep their defaults.")
@click.option("--from", "from_csv", type=click.Path(path_type=Path), help="A CSV of prospects: a `prospect` column and a column per input id; one PDF per row.")
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False), help="With --from: the folder for the PDFs, one per prospect, named after them.")
@click.option("--overwrite", is_flag=True, help="With --from: replace PDFs of the same names already in --out-dir (never a link or folder); without it, the batch stops before writing.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None, help="With --from: how many PDFs to write at once; default: one per processor.")
@common_options
def break_even_command(
    calculator_id: str,
    prospect: str | None,
    settings: list[tuple[str, str]],
    from_csv: Path | None,
    out_dir: Path | None,
    jobs: int | None,
    overwrite: bool,
    output: Path | None,
    paper: Paper | None,
    on: datetime | None,
    content_folder: Path | None,
) -> None:
    """A break-even worksheet for CALCULATOR_ID (a file in content/calculators/) with the prospect's figures."""
    from generator.compute.breakeven import InputError
    from generator.compute.outlook import figures

    if from_csv is not None or out_dir is not None or jobs is not None or overwrite:
        _refuse_with_batch(from_csv, out_dir, {"--prospect": prospect, "--set": settings, "-o": output})
    sheets = _sheets(content_folder, paper, on)
    calculator = named(sheets.content.calculators, "calculator", calculator_id).model
    if from_csv is not None and out_dir is not None:
        with _stopped_cleanly():
            _batch(sheets, calculator_id, calculator, from_csv, out_dir, jobs or os.cpu_count() or 1, overwrite)
        return
    path = _output(output)
    try:
        values = figures(calculator, dict(settings))
    except InputError as error:
        raise DecideError(str(error)) from None
    sheets.write(sheets.renderer.break_even(calculator_id, _prospect(prospect, sheets.on), values), path)


@worksheet.command("plan")
@click.argument("offering_id")
@prospect_option
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD", help="When the first step starts; the steps' dates follow. Without it, weeks count from 1.")
@common_options
def plan_command(offering_id: str, prospect: str | None, start: datetime | None, output: Path | None, paper: Paper | None, on: datetime | None, content_folder: Path | None) -> None:
    """An implementation plan for OFFERING_ID (a file in content/offerings/): steps, owners, weeks and dates."""
    path = _output(output)
    sheets = _sheets(content_folder, paper, on)
    offering = named(sheets.content.offerings, "offering", offering_id).model
    if not offering.implementation:
        raise DecideError(f"The offering `{offering_id}` has no `implementation` steps, so there is no plan to write; add them to content/offerings/{offering_id}.yml.")
    try:
        plan = sheets.renderer.plan(offering_id, _prospect(prospect, sheets.on), start.date() if start else None)
    except OverflowError:
        raise DecideError(f"Starting on {start:%Y-%m-%d}, the plan would end after the year 9999; give an earlier --start.") from None
    sheets.write(plan, path)


@worksheet.command("assessment")
@prospect_option
@click.option("--stakeholder", "stakeholders", multiple=True, metavar='"NAME, ROLE"', help='A person on the prospect\'s side, e.g. --stakeholder "Jane Smith, Operations director"; repeat for each.')
@click.option("--offering", "offering_id", metavar="ID", help="The offering whose proof and mistakes it prints; default: the strongest proof of all.")
@common_options
def assessment_command(
    prospect: str | None, stakeholders: tuple[str, ...], offering_id: str | None, output: Path | None, paper: Paper | None, on: datetime | None, content_folder: Path | None
) -> None:
    """A relationship assessment (from content/relationship.yml): the levels, and the three questions for each person."""
    path = _output(output)
    sheets = _sheets(content_folder, paper, on)
    if sheets.content.relationship is None:
        raise DecideError("There is no content/relationship.yml, so there is no assessment to write; the README shows what it holds.")
    if offering_id is not None:
        named(sheets.content.offerings, "offering", offering_id)
    people = [_stakeholder(text) for text in stakeholders]
    sheets.write(sheets.renderer.assessment(_prospect(prospect, sheets.on), people, offering_id), path)


@worksheet.command("reasons")
@click.option("--offering", "offering_id", metavar="ID", help="The offering to collect reasons for; default: all of them.")
@common_options
def reasons_command(offering_id: str | None, output: Path | None, paper: Paper | None, on: datetime | None, content_folder: Path | None) -> None:
    """The reasons exercise, for staff: twenty reasons customers work with us, as their results, with the rules beside them."""
    path = _output(output)
    sheets = _sheets(content_folder, paper, on)
    if offering_id is not None:
        named(sheets.content.offerings, "offering", offering_id)
    sheets.write(sheets.renderer.reasons_exercise(offering_id), path)


def _stakeholder(text: str) -> str:
    tidy = prospect_name(text)
    if tidy is None:
        raise click.BadParameter('give each person\'s name and role, up to 200 characters, e.g. --stakeholder "Jane Smith, Operations director".', param_hint="'--stakeholder'")
    return tidy


def _refuse_with_batch(from_csv: Path | None, out_dir: Path | None, single: dict[str, object]) -> None:
    """--from and --out-dir go together (--jobs and --overwrite only with them), and replace the options that describe a single prospect."""
    if from_csv is None or out_dir is None:
        raise click.UsageError("--from and --out-dir go together (and --jobs and --overwrite go with them): --from prospects.csv --out-dir worksheets/")
    given = [option for option, value in single.items() if value]
    if given:
        raise click.UsageError(f"{', '.join(given)} cannot be used with --from: each row of the CSV gives a prospect and their figures.")


def _batch(sheets: Sheets, calculator_id: str, calculator: Calculator, from_csv: Path, out_dir: Path, jobs: int, overwrite: bool) -> None:
    """One PDF per row; a bad row, or one whose file cannot be written, is reported and the others are still written.

    Rows are checked first, so the progress bar knows how many PDFs there will be, and so are the names already in
    the folder: none is replaced unless --overwrite says so, and a link or folder at a name never is. Each row's page
    is rendered only as its PDF's turn comes, so a long list never sits in memory as pages.
    """
    from generator.compute.breakeven import OutOfRange, read_figures
    from generator.compute.outlook import in_range
    from generator.write.files import FileNames, opened_folder
    from generator.write.pdf import pdfs_in_turn

    rows, problems = read_prospects(from_csv, [field.id for field in calculator.inputs])
    good: list[tuple[ProspectRow, dict[str, float], str]] = []
    names = FileNames(".pdf")
    for row in rows:
        values, wrong = read_figures(calculator, row.figures)
        problems += [RowProblem(row.line, f"{name} {why}", row.columns[name], name) for name, why in wrong.items()]
        if wrong:
            continue
        try:
            in_range(calculator, values)
        except OutOfRange as error:
            problems.append(RowProblem(row.line, str(error)))
            continue
        good.append((row, values, names.name_for(row.prospect)))
    with opened_folder(out_dir, make=True) as folder:
        folder.remove_scratch()
        _refuse_existing(folder, [name for _, _, name in good], overwrite)
        pages = (sheets.renderer.break_even(calculator_id, Prospect(row.prospect, sheets.on), values).html for row, values, _ in good)
        written = 0
        label = f"Writing {counted(len(good), 'worksheet')}"
        with closing(pdfs_in_turn(pages, sheets.paper, jobs)) as pdfs, click.progressbar(length=len(good), label=label, file=sys.stderr, show_pos=True) as progress:
            for (row, _, name), pdf in zip(good, pdfs, strict=True):
                try:
                    folder.write(name, pdf, replace=overwrite)
                    written += 1
                except DecideError as error:
                    problems.append(RowProblem(row.line, str(error)))
                progress.update(1)
    click.echo(f"Wrote {counted(written, 'worksheet')} to {out_dir}/.", err=True)
    if problems:
        for problem in sorted(problems, key=lambda problem: problem.line):
            click.echo(problem.shown(str(from_csv)), err=True)
        raise DecideError(f"{counted(len(problems), 'row')} of {from_csv} could not be used (listed above); the other rows were written.")


SHOWN_EXISTING = 5
"""How many of the names already in --out-dir a refusal lists."""


def _refuse_existing(folder: Folder, names: list[str], overwrite: bool) -> None:
    """Before any PDF is made: names already taken in the folder stop the batch, unless --overwrite allows replacing
    them; a symbolic link, folder or device at a name stops it even then, since decide never replaces one."""
    taken = [(name, kind) for name in names if (kind := folder.kind(name))]
    not_files = [name for name, kind in taken if kind != "file"]
    if not_files:
        raise DecideError(
            f"{folder.path} has {_some(not_files)} at the {agreeing(len(not_files), 'name', 'names')} of a worksheet this batch writes, as a symbolic link, folder or device, "
            "which decide never replaces or writes through; remove it, or choose another --out-dir. Nothing was written."
        )
    if taken and not overwrite:
        raise DecideError(
            f"{folder.path} already has {len(taken)} of the files this batch writes ({_some([name for name, _ in taken])}); "
            "pass --overwrite to replace them, or choose another --out-dir. Nothing was written."
        )


def _some(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_EXISTING])
    return shown + (f" and {len(names) - SHOWN_EXISTING:,} more" if len(names) > SHOWN_EXISTING else "")


class _Stopped(BaseException):
    """A signal to stop, raised where the command is, so the way out removes what it was writing and ends its workers.
    Not an Exception, so that nothing on the way catches it by mistake."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextmanager
def _stopped_cleanly() -> Iterator[None]:
    """Ctrl-C, ``kill`` and a closed terminal stop the command by an exception instead of on the spot: the file being
    written is removed and the PDF workers are stopped on the way out; then the command ends by that same signal, as
    whoever sent it expects (a shell reports it as such)."""

    def stop(number: int, _frame: object) -> None:
        raise _Stopped(number)

    before = {number: signal.signal(number, stop) for number in STOPPING_SIGNALS}
    try:
        yield
    except _Stopped as stopped:
        for number in STOPPING_SIGNALS:
            signal.signal(number, signal.SIG_DFL)
        click.echo(f"\nStopped by {signal.Signals(stopped.number).name}: the files written are whole, and no half-written one is left.", err=True)
        signal.raise_signal(stopped.number)
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
