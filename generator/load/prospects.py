"""A list of prospects for a batch of worksheets: a CSV file with a ``prospect`` column and a column per figure.

Sales export these from a spreadsheet or a CRM, so the reader is forgiving about
form (a byte-order mark, Windows line ends, ``;`` or tab separators, column
names in any case, the empty columns a spreadsheet leaves at the end) and strict
about content: each row is a prospect of its own, and a bad row is reported with
its line and column while the others still go through. Problems with the file
as a whole (no ``prospect`` column, a column no input has, no rows) stop the
batch before anything is written.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import DecideError
from generator.load.validation import did_you_mean

PROSPECT_COLUMN = "prospect"
LONGEST_NAME = 200
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
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
    """The rows of ``path`` that are fit to use, and a problem for each row that is not."""
    text = _text(path)
    separator = _separator(text)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    header = next(rows, None)
    if not header or not any(cell.strip() for cell in header):
        raise DecideError(f"{path} is empty: its first line must name the columns, `{PROSPECT_COLUMN}` and the figures, e.g. {PROSPECT_COLUMN},{','.join(list(inputs)[:2])}.")
    names = [cell.strip().lower() for cell in header]
    _check_header(path, names, list(inputs))
    found: list[ProspectRow] = []
    problems: list[RowProblem] = []
    last_line = rows.line_num
    for cells in rows:
        line, last_line = last_line + 1, rows.line_num
        if any(cell.strip() for cell in cells):
            row, problem = _row(line, names, cells, separator)
            found += [row] if row else []
            problems += [problem] if problem else []
    if not found and not problems:
        raise DecideError(f"{path} has no prospects: under its first line, add a line for each one, starting with their name.")
    return found, problems


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DecideError(f"There is no file {path}.", exit_code=2) from None
    except UnicodeDecodeError:
        raise DecideError(f"{path} is not UTF-8 text. Save it from your spreadsheet as \"CSV UTF-8\".") from None
    except OSError as error:
        raise DecideError(f"Cannot read {path}: {error.strerror or error}.") from None


def _separator(text: str) -> str:
    """Commas, or the semicolons and tabs that spreadsheets write in many locales: whichever the first line has most of."""
    first_line = text.splitlines()[0] if text else ""
    return max(SEPARATORS, key=first_line.count)


def _check_header(path: Path, names: list[str], inputs: list[str]) -> None:
    """Columns without a name are allowed (a spreadsheet's empty ones); named ones must be known, each once."""
    if PROSPECT_COLUMN not in names:
        raise DecideError(f"{path} has no `{PROSPECT_COLUMN}` column: add one holding each prospect's name (its first line names the columns).")
    repeated = sorted({name for name in names if name and names.count(name) > 1})
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
