"""A list of prospects for a batch: a CSV file or an ``.xlsx`` workbook with a ``prospect`` column, a column per
figure, and what a CRM knows about each prospect (owner, industry, size, start, language).

Sales export these from a spreadsheet or a CRM, so the reader is forgiving about
form (a byte-order mark, Windows line ends, ``;`` or tab separators, column
names in any case, the empty columns a spreadsheet leaves at the end, the columns
a CRM adds that no document uses) and strict about content: each row is a
prospect of its own, and a bad row is reported with its line (a workbook's: its
row) and column while the others still go through. Problems with the file as a
whole (no ``prospect`` column, a known column twice, no rows, a quote left open,
a file too large or that is not a file at all) stop the batch before anything is
written.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import DecideError
from generator.load.spreadsheets import column_name
from generator.load.validation import did_you_mean

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.cell.read_only import EmptyCell, ReadOnlyCell
    from openpyxl.workbook.workbook import Workbook

PROSPECT_COLUMN = "prospect"
DETAIL_COLUMNS = ("owner", "owner_email", "owner_phone", "industry", "size", "start", "language")
"""What a CRM says about a prospect besides their figures: known columns, used by the documents that print them
(a proposal's owner and start) and accepted silently by the others (a break-even worksheet has no owner)."""
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
    """Why one row cannot become a document: its line in the file, and the column when one cell is at fault."""

    line: int
    message: str
    column: int | None = None
    column_name: str | None = None

    def shown(self, file: str, in_workbook: bool = False) -> str:
        """``prospects.csv:5, column 3 (pickers): must be …``, the form every message of decide takes; in a workbook,
        as the spreadsheet shows the place: ``prospects.xlsx, row 5, column C (pickers): …``."""
        where = f"{file}, row {self.line}" if in_workbook else f"{file}:{self.line}"
        if self.column is not None:
            where += f", column {column_letter(self.column) if in_workbook else self.column}" + (f" ({self.column_name})" if self.column_name else "")
        return f"{where}: {self.message}"


def column_letter(number: int) -> str:
    """A column as a spreadsheet names it: 1 -> ``A``, 28 -> ``AB``."""
    letters = ""
    while number:
        number, left = divmod(number - 1, 26)
        letters = chr(ord("A") + left) + letters
    return letters


class BadCell(Exception):
    """A cell a document cannot use (a start that is not a date, say), raised while a row is made into its document;
    the batch reports it at the row's line and the cell's column (None: the row as a whole) and goes on with the
    other rows. ``more`` holds the row's other bad cells, each as (message, column), so all are reported at once."""

    def __init__(self, message: str, column: str | None = None, more: Iterable[tuple[str, str | None]] = ()) -> None:
        super().__init__(message)
        self.cells = [(message, column), *more]

    @classmethod
    def each(cls, messages: Mapping[str, str]) -> BadCell:
        """Several bad cells of one row, each message by its column."""
        (column, message), *more = messages.items()
        return cls(message, column, [(other, at) for at, other in more])


DATE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9:.]+(?:Z|[+-][0-9:]+)?)?")
"""A day as ``2026-03-01``, maybe with the time a CRM adds (``2026-03-01 09:00:00``, ``2026-03-01T09:00:00Z``), which is left out."""


@dataclass(frozen=True)
class ProspectRow:
    """One prospect: the name, the figures written for them (empty cells left out, so the defaults apply), and the
    other known columns written for them (``owner``, ``industry``, ``start`` …), each as the text of its cell."""

    line: int
    prospect: str
    figures: dict[str, str] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)
    """Each known column's number, counted from 1, for messages about it."""

    def problem(self, message: str, column: str | None = None) -> RowProblem:
        """What is wrong with this row, placed at its line and, when one cell is at fault, that cell's column."""
        return RowProblem(self.line, message, self.columns.get(column) if column else None, column)

    def problems_of(self, error: BadCell) -> list[RowProblem]:
        return [self.problem(message, column) for message, column in error.cells]

    def start(self) -> date | None:
        """The ``start`` column as a date (a workbook's date cell arrives written so); raises BadCell when it is not one."""
        text = self.details.get("start")
        if text is None:
            return None
        written = DATE.fullmatch(text)
        try:
            if written:
                return date.fromisoformat(written.group(1))
        except ValueError:
            pass
        raise BadCell(f"the start must be a date written YYYY-MM-DD, e.g. 2026-03-01 (got `{text}`)", "start")


@dataclass(frozen=True)
class ProspectList:
    """The rows of a list that are fit to use, a problem for each row that is not, and the columns no document uses."""

    source: Path
    rows: list[ProspectRow]
    problems: list[RowProblem]
    ignored: list[str] = field(default_factory=list)
    """The headers of columns that are neither the prospect, an input, nor a detail, as the file writes them."""
    hints: str = ""
    """Did-you-mean sentences for ignored columns close to a known one: a typo would otherwise leave a default in place."""
    in_workbook: bool = False

    def shown(self, problem: RowProblem) -> str:
        return problem.shown(str(self.source), self.in_workbook)

    def ignored_note(self, kind: str) -> str | None:
        """The one line saying which columns were left out, e.g. for a CRM's ``hubspot_id``; None when none was."""
        if not self.ignored:
            return None
        return f"Ignored {'column' if len(self.ignored) == 1 else 'columns'} not used by this {kind}: {', '.join(f'`{name}`' for name in self.ignored)}.{self.hints}"


def prospect_name(text: str) -> str | None:
    """A prospect's name as it will be printed: one line, spaces tidied; None when nothing is left or it is far too long."""
    name = one_line(text)
    return name if 0 < len(name) <= LONGEST_NAME else None


def one_line(text: str) -> str:
    """A cell's text on one line, spaces tidied: controls (a terminal's escape codes among them) and line breaks become spaces."""
    return " ".join("".join(" " if unicodedata.category(character) in LINE_BREAKS else character for character in text).split())


WORKBOOK_SUFFIXES = (".xlsx",)
OTHER_WORKBOOKS = (".xls", ".xlsm", ".xlsb", ".ods", ".numbers")


def read_prospects(path: Path, inputs: Iterable[str], strict_columns: bool = False) -> ProspectList:
    """The prospects of ``path``, a CSV file or (``.xlsx``) a workbook's first sheet, for a document with ``inputs``.

    A file the rows cannot be told apart in (a quote left open, a row of the whole file) stops the batch, naming the
    line: reading on would join rows silently. Columns no document knows are listed in ``ignored``, or with
    ``strict_columns`` stop the batch, as a typo in a figure's column would otherwise leave its default in place.
    """
    inputs = list(inputs)
    suffix = path.suffix.lower()
    if suffix in OTHER_WORKBOOKS:
        raise DecideError(f"{path}: decide reads prospects from a .csv file or an .xlsx workbook; save the list as one of those.", exit_code=2)
    in_workbook = suffix in WORKBOOK_SUFFIXES
    sheet = sheet_of(path, _contents(path))
    header = next(sheet.rows, None)
    if header is None or not any(cell.strip() for cell in header[1]):
        raise DecideError(f"{path} is empty: its first {sheet.line} must name the columns, `{PROSPECT_COLUMN}` and the figures, e.g. {','.join([PROSPECT_COLUMN, *inputs[:2]])}.")
    columns = _header(path, header[1], inputs, strict_columns)
    found: list[ProspectRow] = []
    problems: list[RowProblem] = []
    for number, cells in sheet.rows:
        if any(cell.strip() for cell in cells):
            if len(found) + len(problems) == MOST_PROSPECTS:
                raise DecideError(f"{_place(path, number, in_workbook)}: this is one prospect too many; a list holds at most {MOST_PROSPECTS:,}, so split it and run each part.")
            row, problem = _row(number, columns, cells, sheet.unnamed)
            found += [row] if row else []
            problems += [problem] if problem else []
    if not found and not problems:
        raise DecideError(f"{path} has no prospects: under its first {sheet.line}, add a {sheet.line} for each one, starting with their name.")
    hints = "".join(did_you_mean(column_name(name), [*inputs, *DETAIL_COLUMNS]) for name in columns.ignored)
    return ProspectList(path, found, problems, columns.ignored, hints, in_workbook)


def sheet_of(path: Path, raw: bytes) -> _Sheet:
    """The rows of ``raw``, the bytes of ``path``: an ``.xlsx`` workbook's first sheet, else CSV text, each row
    numbered as the file shows it. Every list decide reads (prospects, a relationship's answers) is read by these rules."""
    return _workbook_sheet(path, raw) if path.suffix.lower() in WORKBOOK_SUFFIXES else _csv_sheet(path, raw)


def _place(path: Path, number: int, in_workbook: bool) -> str:
    return f"{path}, row {number}" if in_workbook else f"{path}:{number}"


@dataclass
class _Sheet:
    """The rows of a list, each with its number as the file shows it (the header first), and what to say of a cell
    under no column name."""

    rows: Iterator[tuple[int, list[str]]]
    unnamed: str
    line: str = "line"
    """What the file's rows are called: lines of a CSV, rows of a workbook."""


def _csv_sheet(path: Path, raw: bytes) -> _Sheet:
    text = _text(path, raw)
    separator = _separator(text)
    unnamed = f"this cell is in a column the first line gives no name; a name or figure with a {SEPARATORS[separator]} in it needs quotes around it"
    return _Sheet(_csv_rows(path, text, separator), unnamed)


LARGEST_UNPACKED = 200_000_000
"""Bytes an .xlsx may unpack to, its sheets, shared text and styles together: ten times the largest file, room for the
XML around the most prospects, while a few KB that unpack to gigabytes (a "zip bomb") are refused before any is read."""
LAST_ROW = 1_048_576
"""The last row a spreadsheet has; a workbook claiming rows below it was not written by one."""


def _workbook_sheet(path: Path, raw: bytes) -> _Sheet:
    unnamed = "this cell is in a column the header row gives no name; name the column, or empty the cell"
    return _Sheet(_workbook_rows(path, _opened_workbook(path, raw)), unnamed, "row")


def _opened_workbook(path: Path, raw: bytes) -> Workbook:
    """The workbook, read a row at a time and with each formula's value as the spreadsheet saved it (formulas are never
    worked out). Read by openpyxl rather than calamine, which sets out a grid of every cell up to the last one used:
    a workbook of a few KB with one cell far away would take all the memory there is."""
    import zipfile

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        raise DecideError(f"{path} is not an .xlsx workbook (an .xlsx is a zip file, and this is not one); save the list from the spreadsheet as .xlsx or CSV.") from None
    if unpacked > LARGEST_UNPACKED:
        raise DecideError(f"{path} unpacks to more than {LARGEST_UNPACKED // 1_000_000} MB, far more than a list of {MOST_PROSPECTS:,} prospects takes; split it and run each part.")
    try:
        return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of error on a broken file; say what it said, plainly
        raise DecideError(f"{path} is not a workbook decide can read ({type(error).__name__}: {error}); save it again from the spreadsheet as .xlsx.") from None


def _workbook_rows(path: Path, workbook: Workbook) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows as text, numbered as the spreadsheet shows them, from the first that is not blank (the
    header). A row is refused past ``LONGEST_ROW`` characters, as a CSV line is."""
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the size the file claims is not trusted: rows come as long as their cells go
        header_seen = False
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if number > LAST_ROW:
                raise DecideError(f"{path} has rows below row {LAST_ROW:,}, the last a spreadsheet has; save it again from the spreadsheet.")
            cells = [_cell_text(cell) for cell in row]
            if sum(map(len, cells)) > LONGEST_ROW:
                raise DecideError(f"{path}, row {number}: this row holds more than {LONGEST_ROW:,} characters; a row holds a name, a figure for each input, and a few details.")
            header_seen = header_seen or any(cell.strip() for cell in cells)
            if header_seen:
                yield number, cells
    except DecideError:
        raise
    except Exception as error:  # as above: a sheet's XML broken part way through
        raise DecideError(f"{path} is not a workbook decide can read ({type(error).__name__}: {error}); save it again from the spreadsheet as .xlsx.") from None
    finally:
        workbook.close()


def _cell_text(cell: Cell | ReadOnlyCell | EmptyCell) -> str:
    """A cell as the text a person reads in it, which a figure's column then reads as typed: a number exactly as saved
    in plain digits (1200.0 is ``1200``, 1e20 all its zeros), a percentage as its percent (12% is ``12``), a date as
    ``2026-03-01``, a formula as the value the spreadsheet saved for it (none saved: an empty cell)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, (int, float)):
        number = Decimal(repr(value))
        if "%" in str(cell.number_format or ""):
            number = number.scaleb(2)
        return format(number.normalize(), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _csv_rows(path: Path, text: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    lines = _Lines(text)
    rows = csv.reader(lines, delimiter=separator, strict=True)
    try:
        yield 1, next(rows, [])
        for cells in lines.rows_after(rows):
            if any(cell.strip() for cell in cells):
                _check_joined(path, lines, cells, separator)
            yield lines.row_start, cells
    except csv.Error as error:
        raise DecideError(_unreadable(path, lines, str(error), separator)) from None


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


def _text(path: Path, raw: bytes) -> str:
    """The file's text, from UTF-8 with or without a byte-order mark; any other bytes are refused at their line."""
    try:
        return raw.decode("utf-8-sig").replace("\ufeff", "")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DecideError(f"{path}:{line}: this line is not UTF-8 text. Save the file from your spreadsheet as \"CSV UTF-8\".") from None


def _contents(path: Path) -> bytes:
    """The file's bytes, read only if it is a regular file of a sensible size: a pipe, a device or a folder is never opened."""
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
        raise DecideError(f"{path} is a folder; --from takes a CSV file or an .xlsx workbook of prospects, saved from a spreadsheet or a CRM.")
    if not stat.S_ISREG(mode):
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise DecideError(f"{path} is {kind}, not a file; --from reads only a CSV file or an .xlsx workbook, and never opens anything else.")
    if size > LARGEST_FILE:
        raise DecideError(f"{path} is larger than {LARGEST_FILE // 1_000_000} MB, far more than a list of {MOST_PROSPECTS:,} prospects takes; split it and run each part.")


def _separator(text: str) -> str:
    """Commas, or the semicolons and tabs that spreadsheets write in many locales: whichever the first line has most of."""
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    return max(SEPARATORS, key=first_line.count)


@dataclass(frozen=True)
class _Header:
    known: dict[int, str]
    """Column number (from 1) -> the known column it is."""
    named: frozenset[int]
    """The columns with a name, known or not: a cell under any other is under no name."""
    ignored: list[str]


def _header(path: Path, header: list[str], inputs: list[str], strict: bool) -> _Header:
    """The known columns, matched in any case and spacing (``Owner Email`` is ``owner_email``), and the headers of the
    others. Columns without a name are allowed (a spreadsheet's empty ones); a known one must come once, and an
    unknown one is ignored, or refused when ``strict``."""
    names = [column_name(cell) for cell in header]
    known = (PROSPECT_COLUMN, *inputs, *DETAIL_COLUMNS)
    if PROSPECT_COLUMN not in names:
        raise DecideError(f"{path} has no `{PROSPECT_COLUMN}` column: add one holding each prospect's name (its first row names the columns).")
    repeated = sorted(name for name, count in Counter(names).items() if name in known and count > 1)
    if repeated:
        raise DecideError(f"{path} names the column {', '.join(f'`{name}`' for name in repeated)} more than once; keep one of each.")
    unknown = [one_line(cell) for cell, name in zip(header, names, strict=True) if name and name not in known]
    if unknown and strict:
        hints = "".join(did_you_mean(column_name(name), [*inputs, *DETAIL_COLUMNS]) for name in unknown)
        figures = f"the calculator's inputs ({', '.join(inputs)}), " if inputs else ""
        raise DecideError(
            f"{path} has {'a column' if len(unknown) == 1 else 'columns'} this batch does not use: {', '.join(f'`{name}`' for name in unknown)}.{hints} "
            f"The columns are `{PROSPECT_COLUMN}`, {figures}and {', '.join(DETAIL_COLUMNS)}; without --strict-columns, the others are ignored."
        )
    return _Header(
        {number: name for number, name in enumerate(names, start=1) if name in known}, frozenset(number for number, name in enumerate(names, start=1) if name), unknown
    )


def _row(line: int, header: _Header, cells: list[str], unnamed: str) -> tuple[ProspectRow | None, RowProblem | None]:
    """The row's prospect, or its problem: a name that is empty or far too long, a filled cell under no column name."""
    stray = next((number for number, cell in enumerate(cells, start=1) if cell.strip() and number not in header.named), None)
    if stray is not None:
        return None, RowProblem(line, unnamed, stray)
    values = {name: cells[number - 1].strip() for number, name in header.known.items() if number <= len(cells)}
    at = {name: number for number, name in header.known.items()}
    prospect = prospect_name(values.get(PROSPECT_COLUMN, ""))
    if prospect is None:
        why = f"the name is longer than {LONGEST_NAME} characters" if values.get(PROSPECT_COLUMN) else "the prospect's name is empty"
        return None, RowProblem(line, why, at[PROSPECT_COLUMN], PROSPECT_COLUMN)
    figures = {name: value for name, value in values.items() if name not in (PROSPECT_COLUMN, *DETAIL_COLUMNS) and value}
    details = {name: one_line(value) for name, value in values.items() if name in DETAIL_COLUMNS and value}
    return ProspectRow(line, prospect, figures, details, at), None
