"""Batches: one PDF per prospect of a list (a CSV file or an .xlsx workbook a CRM exported), written into a folder.

Every command that turns one prospect's row into one document takes its batch mode from here, so that all batches
share their options (``--from``, ``--out-dir``, ``--jobs``, ``--overwrite``, ``--skip-existing``,
``--strict-columns``), the checks made before anything is written, their safety (each file whole or not at all,
no link followed, workers that end with the command, however it ends) and the summary they end with.

A command gives ``run_batch`` a ``prepare`` function: it checks one row, raising ``BadCell`` for a cell it cannot
use, and returns what renders the row's page. Pages are rendered only as their PDFs' turn comes, so a long list
never sits in memory as pages, and are typeset ``--jobs`` at a time in worker processes.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import click

from generator.diagnostics import DecideError
from generator.load.prospects import BadCell, ProspectRow, RowProblem, read_prospects
from generator.wording import agreeing, counted

if TYPE_CHECKING:
    from generator.write.files import Folder
    from generator.write.pdf import Paper

Existing = Literal["stop", "overwrite", "skip"]
"""What a batch does with a PDF already in --out-dir under a name it writes: stop before writing any (the default),
replace it (--overwrite), or leave it and write the others (--skip-existing)."""

Page = Callable[[], str]
"""Renders one row's page (HTML), once its PDF is due; it must not fail, since ``prepare`` checked the row."""

Prepare = Callable[[ProspectRow], Page]
"""Checks one row and returns what renders its page; raises BadCell for a cell it cannot use."""


@dataclass(frozen=True)
class BatchOptions:
    """A batch as the command line asked for it."""

    source: Path
    out_dir: Path
    jobs: int
    existing: Existing
    strict_columns: bool


@dataclass(frozen=True)
class BatchSummary:
    """What a batch did: how many PDFs it wrote, how many it left as they were, and the rows it could not write."""

    written: int
    skipped: int
    failed: list[RowProblem] = field(default_factory=list)


def write_batch(rows: Sequence[ProspectRow], prepare: Prepare, out_dir: Path, paper: Paper, jobs: int, existing: Existing, kind: str = "worksheet") -> BatchSummary:
    """One PDF per row, named after the prospect; a row ``prepare`` refuses, or whose file cannot be written, is
    counted as failed and the others are still written.

    Every row is prepared first, so the progress bar knows how many PDFs there will be, and the names already in the
    folder are looked at before any PDF is made: none is replaced unless ``existing`` says so, and a link or folder at
    a name never is. Names are given to every row in the list's order, good or bad, so that a prospect's file keeps
    its name when a row above it is mended and the batch run again with --skip-existing.
    """
    from generator.write.files import FileNames, opened_folder
    from generator.write.pdf import pdfs_in_turn

    names = FileNames(".pdf")
    failed: list[RowProblem] = []
    due: list[tuple[ProspectRow, str, Page]] = []
    for row in rows:
        name = names.name_for(row.prospect)
        try:
            due.append((row, name, prepare(row)))
        except BadCell as error:
            failed += row.problems_of(error)
    with opened_folder(out_dir, make=True) as folder:
        folder.remove_scratch()
        kept = _existing(folder, [name for _, name, _ in due], existing, kind)
        skipped = len(due)
        due = [item for item in due if item[1] not in kept]
        skipped -= len(due)
        written = 0
        pages = (page() for _, _, page in due)
        with closing(pdfs_in_turn(pages, paper, jobs)) as pdfs, click.progressbar(length=len(due), label=f"Writing {counted(len(due), kind)}", file=sys.stderr, show_pos=True) as progress:
            for (row, name, _), pdf in zip(due, pdfs, strict=True):
                try:
                    folder.write(name, pdf, replace=existing == "overwrite")
                    written += 1
                except DecideError as error:
                    failed.append(row.problem(str(error)))
                progress.update(1)
    return BatchSummary(written, skipped, failed)


def run_batch(batch: BatchOptions, inputs: Sequence[str], prepare: Prepare, paper: Paper, kind: str = "worksheet") -> None:
    """A whole batch as a command runs it: the list read, the columns it ignores said once, every PDF written, each
    bad row listed at its line and column, and a summary; a DecideError (exit 1) when any row failed."""
    with stopped_cleanly():
        prospects = read_prospects(batch.source, inputs, batch.strict_columns)
        note = prospects.ignored_note(kind)
        if note:
            click.echo(note, err=True)
        summary = write_batch(prospects.rows, prepare, batch.out_dir, paper, batch.jobs, batch.existing, kind)
    failed = sorted(prospects.problems + summary.failed, key=lambda problem: problem.line)
    for problem in failed:
        click.echo(prospects.shown(problem), err=True)
    said = f"Wrote {counted(summary.written, kind)} to {batch.out_dir}/"
    if batch.existing == "skip":
        said += f", skipped {summary.skipped:,} already there"
    if failed:
        raise DecideError(f"{said}; {counted(len({problem.line for problem in failed}), 'row')} of {batch.source} failed (listed above), the other rows were written.")
    click.echo(f"{said}.", err=True)


# The options.

BATCH_OPTIONS = [
    click.option("--from", "from_file", type=click.Path(path_type=Path), help="A list of prospects, FILE.csv or FILE.xlsx: a `prospect` column and a column per input id, in any case; a PDF per row."),
    click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False), help="With --from: the folder for the PDFs, one per prospect, named after them."),
    click.option("--jobs", type=click.IntRange(1, 64), default=None, help="With --from: how many PDFs to write at once; default: one per processor."),
    click.option("--overwrite", is_flag=True, help="With --from: replace PDFs of the same names in --out-dir (never a link or folder); without it or --skip-existing, the batch stops before writing."),
    click.option("--skip-existing", is_flag=True, help="With --from: leave the PDFs already in --out-dir as they are, and write the others (to finish a batch that was stopped)."),
    click.option("--strict-columns", is_flag=True, help="With --from: refuse a list with a column no document uses, instead of ignoring it (and saying so)."),
]


def batch_options(single: Mapping[str, str]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Adds the batch options to a command, which receives them as one parameter, ``batch``: a BatchOptions, or None
    without --from. ``single`` maps the command's parameters that describe one prospect to their options as typed
    (``{"prospect": "--prospect"}``): a batch's rows replace them, so giving both is a usage error."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def run(*args: Any, from_file: Path | None, out_dir: Path | None, jobs: int | None, overwrite: bool, skip_existing: bool, strict_columns: bool, **kwargs: Any) -> Any:
            batch = None
            if from_file is not None or out_dir is not None or jobs is not None or overwrite or skip_existing or strict_columns:
                batch = _batch(from_file, out_dir, jobs, overwrite, skip_existing, strict_columns)
                given = [option for parameter, option in single.items() if kwargs.get(parameter)]
                if given:
                    raise click.UsageError(f"{', '.join(given)} cannot be used with --from: each row of the list gives a prospect and their figures.")
            return command(*args, batch=batch, **kwargs)

        for option in reversed(BATCH_OPTIONS):
            run = option(run)
        return run

    return decorate


def _batch(from_file: Path | None, out_dir: Path | None, jobs: int | None, overwrite: bool, skip_existing: bool, strict_columns: bool) -> BatchOptions:
    if from_file is None or out_dir is None:
        raise click.UsageError(
            "--from and --out-dir go together (and --jobs and --overwrite go with them, as do --skip-existing and --strict-columns): --from prospects.csv --out-dir worksheets/"
        )
    if overwrite and skip_existing:
        raise click.UsageError("--overwrite replaces the PDFs already in --out-dir and --skip-existing leaves them as they are: give one or the other.")
    existing: Existing = "overwrite" if overwrite else "skip" if skip_existing else "stop"
    return BatchOptions(from_file, out_dir, jobs or os.cpu_count() or 1, existing, strict_columns)


# Files already there.

SHOWN_EXISTING = 5
"""How many of the names already in --out-dir a refusal lists."""


def _existing(folder: Folder, names: list[str], existing: Existing, kind: str) -> set[str]:
    """Before any PDF is made: the names already taken in the folder, which --skip-existing leaves as they are; they
    stop the batch unless --overwrite or --skip-existing says what to do with them. A symbolic link, folder or device
    at a name stops it whatever is asked, since decide never replaces one nor takes it for a PDF written before."""
    taken = [(name, kind_found) for name in names if (kind_found := folder.kind(name))]
    not_files = [name for name, kind_found in taken if kind_found != "file"]
    if not_files:
        raise DecideError(
            f"{folder.path} has {_some(not_files)} at the {agreeing(len(not_files), 'name', 'names')} of a {kind} this batch writes, as a symbolic link, folder or device, "
            "which decide never replaces or writes through; remove it, or choose another --out-dir. Nothing was written."
        )
    if taken and existing == "stop":
        raise DecideError(
            f"{folder.path} already has {len(taken)} of the files this batch writes ({_some([name for name, _ in taken])}); "
            "pass --overwrite to replace them, or --skip-existing to leave them and write the others, or choose another --out-dir. Nothing was written."
        )
    return {name for name, _ in taken} if existing == "skip" else set()


def _some(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN_EXISTING])
    return shown + (f" and {len(names) - SHOWN_EXISTING:,} more" if len(names) > SHOWN_EXISTING else "")


# Stopping.


class _Stopped(BaseException):
    """A signal to stop, raised where the command is, so the way out removes what it was writing and ends its workers.
    Not an Exception, so that nothing on the way catches it by mistake."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@contextmanager
def stopped_cleanly() -> Iterator[None]:
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
