"""A list of prospects for a batch of worksheets: a CSV file with a ``prospect`` column and a column per figure.

Sales export these from a spreadsheet or a CRM, so the reader is forgiving about
form (a byte-order mark, Windows line ends, ``;`` or tab separators, column
names in any case, the empty columns a spreadsheet leaves at the end) and strict
about content: each row is a prospect of its own, and a bad row is reported with
its line and column while the others still go through. Problems with the file
as a whole (no ``prospect`` column, a column no input has, no rows, a quote left
open, a file too large or that is not a file at all) stop the batch before
anything is written.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import DecideError
from generator.load.validation import did_you_mean

PROSPECT_COLUMN = "prospect"
LONGEST_NAME = 200
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
SEPARATORS_SHOWN = {",": ",", ";": ";", "\t": "<tab>"}
LARGEST_FILE = 20_000_000
"""Bytes: a list of the most prospects a batch takes, with long names and every figure, is a few MB."""
LONGEST_ROW = 100_000
"""Characters in one row, over all its lines: a name, a figure per input, and the thousands of empty columns a
spreadsheet can leave at the end. Also bounds what a quote left open can swallow before it is reported."""
MOST_LINES_IN_CELL = 3
"""Lines one cell may run over: a name written on two or three lines in a spreadsheet's cell; more is rows run together."""
MOST_PROSPECTS = 50_000
"""Rows in one list: at about half a second per PDF on two processors, already seven hours of worksheets."""
LINE_BREAKS = frozenset({"Cc", "Zl", "Zp"})
"""Characters that would break a name across lines: controls and line or paragraph separators. Joiners (ZWJ, ZWNJ) stay,
since names in Persian or with emoji need them."""


@dataclass(frozen=True)
class RowProblem:
    """Why one row cannot become a worksheet: its line in the file, and the column when one cell is at fault."""

    line: int
    message: str
    column: int | None = None
    column_name: str | None = None

    def shown(self, file: str) -> str:
        """``prospects.csv:5, column 3 (pickers): must be …``: the form every message of decide takes."""
        where = f"{file}:{self.line}"
        if self.column is not None:
            where += f", column {self.column}" + (f" ({self.column_name})" if self.column_name else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ProspectRow:
    """One prospect: the name and the figures written for them (empty cells left out, so the defaults apply)."""

    line: int
    prospect: str
    figures: dict[str, str] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)
    """Each figure's column number, counted from 1, for messages about it."""


def prospect_name(text: str) -> str | None:
    """A prospect's name as it will be printed: one line, spaces tidied; None when nothing is left or it is far too long."""
    name = " ".join("".join(" " if unicodedata.category(character) in LINE_BREAKS else character for character in text).split())
    return name if 0 < len(name) <= LONGEST_NAME else None


def read_prospects(path: Path, inputs: Iterable[str]) -> tuple[list[ProspectRow], list[RowProblem]]:
    """The rows of ``path`` that are fit to use, and a problem for each row that is not.

    A file the rows cannot be told apart in (a quote left open, a row of the whole file) stops the batch, naming the
    line: reading on would join rows silently.
    """
    text = _text(path)
    separator = _separator(text)
    lines = _Lines(text)
    rows = csv.reader(lines, delimiter=separator, strict=True)
    found: list[ProspectRow] = []
    problems: list[RowProblem] = []
    try:
        header = next(rows, None)
        if not header or not any(cell.strip() for cell in header):
            raise DecideError(f"{path} is empty: its first line must name the columns, `{PROSPECT_COLUMN}` and the figures, e.g. {PROSPECT_COLUMN},{','.join(list(inputs)[:2])}.")
        names = [cell.strip().lower() for cell in header]
        _check_header(path, names, list(inputs))
        for cells in lines.rows_after(rows):
            if any(cell.strip() for cell in cells):
                _check_joined(path, lines, cells, separator)
                if len(found) + len(problems) == MOST_PROSPECTS:
                    raise DecideError(f"{path}:{lines.row_start}: this is one prospect too many; a list holds at most {MOST_PROSPECTS:,}, so split it and run each part.")
                row, problem = _row(lines.row_start, names, cells, separator)
                found += [row] if row else []
                problems += [problem] if problem else []
    except csv.Error as error:
        raise DecideError(_unreadable(path, lines, str(error), separator)) from None
    if not found and not problems:
        raise DecideError(f"{path} has no prospects: under its first line, add a line for each one, starting with their name.")
    return found, problems


class _Lines:
    """Hands the csv reader the file a line at a time and keeps count of the row being read: where it starts, and how
    long it has grown, so that a quote left open cannot make one row of the rest of the file."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text, newline="")
        self.number = 0
        self.row_start = 1
        self._row_length = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.number += 1
        self._row_length += len(line)
        if self._row_length > LONGEST_ROW:
            raise csv.Error(OVERLONG)
        return line

    def rows_after(self, rows: Iterator[list[str]]) -> Iterator[list[str]]:
        """The rows still to read, each with ``row_start`` set to the line it starts on."""
        while True:
            self.row_start, self._row_length = self.number + 1, 0
            cells = next(rows, None)
            if cells is None:
                return
            yield cells


OVERLONG = "row too long"


def _unreadable(path: Path, lines: _Lines, error: str, separator: str) -> str:
    """What the csv reader could not read, in words, at the line where the row went wrong."""
    start = lines.row_start
    if error == OVERLONG and lines.number == start:
        return f"{path}:{start}: this line is longer than {LONGEST_ROW:,} characters; a row holds a name and a figure for each input."
    close = f'Close the quote where the cell ends, e.g. "Acme{SEPARATORS_SHOWN[separator]} North",12, or take it out.'
    if error == OVERLONG:
        return (
            f"{path}:{start}: this row runs on past {LONGEST_ROW:,} characters, to line {lines.number}: a quote (\") opened in it is almost "
            f"certainly not closed where its cell ends, and is swallowing the rows below it. {close}"
        )
    if "unexpected end of data" in error:
        return f'{path}:{start}: a quote (") opened in this row is never closed, so the row runs on to the end of the file, swallowing the rows below it. {close}'
    if "expected after" in error:
        return f'{path}:{lines.number}: text follows the quote (") that closes a cell; put the whole cell in quotes, and write a quote inside them twice: "Acme ""North"" Ltd".'
    return f"{path}:{lines.number}: cannot read this line as CSV ({error})."


def _check_joined(path: Path, lines: _Lines, cells: list[str], separator: str) -> None:
    """A cell may run over a line or two (a spreadsheet writes a line break in a cell so), but one that also holds the
    separator, or runs over more lines than a name has, is almost always rows joined by a quote left open: refused,
    since reading it would merge them silently."""
    for number, cell in enumerate(cells, start=1):
        breaks = cell.count("\n") + cell.count("\r") - cell.count("\r\n")
        if breaks and (separator in cell or breaks >= MOST_LINES_IN_CELL):
            holds = f"holds a {SEPARATORS[separator]}" if separator in cell else f"runs over more than {MOST_LINES_IN_CELL} lines"
            raise DecideError(
                f"{path}:{lines.row_start}, column {number}: this cell runs over lines {lines.row_start} to {lines.number} and {holds}, "
                f'so it looks like rows joined by a quote (") that is not closed where the cell ends. Close the quote there; '
                f"a cell that really spans lines cannot hold a {SEPARATORS[separator]} nor take more than {MOST_LINES_IN_CELL} lines."
            )


def _text(path: Path) -> str:
    """The file's text, read only if it is a regular file of a sensible size: a pipe, a device or a folder is never opened."""
    raw = _contents(path)
    try:
        return raw.decode("utf-8-sig").replace("\ufeff", "")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DecideError(f"{path}:{line}: this line is not UTF-8 text. Save the file from your spreadsheet as \"CSV UTF-8\".") from None


def _contents(path: Path) -> bytes:
    try:
        mode = os.stat(path).st_mode
        _check_regular(path, mode, os.stat(path).st_size)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        with os.fdopen(descriptor, "rb") as file:
            opened = os.fstat(file.fileno())
            _check_regular(path, opened.st_mode, opened.st_size)
            raw = file.read(LARGEST_FILE + 1)
    except FileNotFoundError:
        raise DecideError(f"There is no file {path}.", exit_code=2) from None
    except OSError as error:
        raise DecideError(f"Cannot read {path}: {error.strerror or error}.") from None
    _check_regular(path, stat.S_IFREG, len(raw))
    return raw


def _check_regular(path: Path, mode: int, size: int) -> None:
    if stat.S_ISDIR(mode):
        raise DecideError(f"{path} is a folder; --from takes a CSV file of prospects, saved from a spreadsheet.")
    if not stat.S_ISREG(mode):
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise DecideError(f"{path} is {kind}, not a file; --from reads only a CSV file saved from a spreadsheet, and never opens anything else.")
    if size > LARGEST_FILE:
        raise DecideError(f"{path} is larger than {LARGEST_FILE // 1_000_000} MB, far more than a list of {MOST_PROSPECTS:,} prospects takes; split it and run each part.")


def _separator(text: str) -> str:
    """Commas, or the semicolons and tabs that spreadsheets write in many locales: whichever the first line has most of."""
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    return max(SEPARATORS, key=first_line.count)


def _check_header(path: Path, names: list[str], inputs: list[str]) -> None:
    """Columns without a name are allowed (a spreadsheet's empty ones); named ones must be known, each once."""
    if PROSPECT_COLUMN not in names:
        raise DecideError(f"{path} has no `{PROSPECT_COLUMN}` column: add one holding each prospect's name (its first line names the columns).")
    repeated = sorted(name for name, count in Counter(names).items() if name and count > 1)
    if repeated:
        raise DecideError(f"{path} names the column {', '.join(f'`{name}`' for name in repeated)} more than once; keep one of each.")
    unknown = [name for name in names if name and name not in (PROSPECT_COLUMN, *inputs)]
    if unknown:
        hints = "".join(did_you_mean(name, inputs) for name in unknown)
        raise DecideError(
            f"{path} has {'a column' if len(unknown) == 1 else 'columns'} the calculator has no input for: "
            f"{', '.join(f'`{name}`' for name in unknown)}.{hints} The columns are `{PROSPECT_COLUMN}` and any of: {', '.join(inputs)}."
        )


def _row(line: int, names: list[str], cells: list[str], separator: str) -> tuple[ProspectRow | None, RowProblem | None]:
    stray = next((number for number, cell in enumerate(cells, start=1) if cell.strip() and (number > len(names) or not names[number - 1])), None)
    if stray is not None:
        return None, RowProblem(
            line, f"this cell is in a column the first line gives no name; a name or figure with a {SEPARATORS[separator]} in it needs quotes around it", stray
        )
    values = {name: cell.strip() for name, cell in zip(names, cells, strict=False) if name}
    prospect = prospect_name(values.get(PROSPECT_COLUMN, ""))
    if prospect is None:
        why = f"the name is longer than {LONGEST_NAME} characters" if values.get(PROSPECT_COLUMN) else "the prospect's name is empty"
        return None, RowProblem(line, why, names.index(PROSPECT_COLUMN) + 1, PROSPECT_COLUMN)
    figures = {name: value for name, value in values.items() if name != PROSPECT_COLUMN and value}
    return ProspectRow(line, prospect, figures, {name: names.index(name) + 1 for name in figures}), None
