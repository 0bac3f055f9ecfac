"""A list of prospects for a batch of worksheets: a CSV file with a ``prospect`` column and a column per figure.

Sales export these from a spreadsheet or a CRM, so the reader is forgiving about
form (a byte-order mark, ``;`` or tab separators, column names in any case) and
strict about content: each row is a prospect of its own, and a bad row is
reported with its line and column while the others still go through. Problems
with the file as a whole (no ``prospect`` column, a column no input has) stop
the batch before anything is written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import DecideError
from generator.load.validation import did_you_mean

PROSPECT_COLUMN = "prospect"
LONGEST_NAME = 200


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
            where += f", column {self.column} ({self.column_name})"
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
    name = " ".join("".join(character if character.isprintable() else " " for character in text).split())
    return name if 0 < len(name) <= LONGEST_NAME else None


def read_prospects(path: Path, inputs: Iterable[str]) -> tuple[list[ProspectRow], list[RowProblem]]:
    """The rows of ``path`` that are fit to use, and a problem for each row that is not."""
    text = _text(path)
    rows = csv.reader(text.splitlines(keepends=True), dialect=_dialect(text))
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
        if not any(cell.strip() for cell in cells):
            continue
        row, problem = _row(line, names, cells)
        if problem:
            problems.append(problem)
        elif row:
            found.append(row)
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


def _dialect(text: str) -> type[csv.Dialect]:
    """Commas, or the semicolons and tabs that spreadsheets write in many locales: whichever the first line has most of."""
    first_line = text.partition("\n")[0]
    separator = max(",;\t", key=first_line.count)

    class Written(csv.excel):
        delimiter = separator

    return Written


def _check_header(path: Path, names: list[str], inputs: list[str]) -> None:
    if PROSPECT_COLUMN not in names:
        raise DecideError(f"{path} has no `{PROSPECT_COLUMN}` column: add one holding each prospect's name (its first line names the columns).")
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        raise DecideError(f"{path} names the column {', '.join(f'`{name}`' for name in repeated)} more than once; keep one of each.")
    unknown = [name for name in names if name not in (PROSPECT_COLUMN, *inputs)]
    if unknown:
        hints = "".join(did_you_mean(name, inputs) for name in unknown if name)
        raise DecideError(
            f"{path} has {'a column' if len(unknown) == 1 else 'columns'} the calculator has no input for: "
            f"{', '.join(f'`{name}`' for name in unknown)}.{hints} The columns are `{PROSPECT_COLUMN}` and any of: {', '.join(inputs)}."
        )


def _row(line: int, names: list[str], cells: list[str]) -> tuple[ProspectRow | None, RowProblem | None]:
    if len(cells) > len(names):
        return None, RowProblem(line, f"this row has {len(cells)} cells but the first line names {len(names)} columns; a name or figure with a comma in it needs quotes around it")
    values = {name: cell.strip() for name, cell in zip(names, cells, strict=False)}
    column = names.index(PROSPECT_COLUMN) + 1
    prospect = prospect_name(values.get(PROSPECT_COLUMN, ""))
    if prospect is None:
        written = values.get(PROSPECT_COLUMN, "").strip()
        why = f"the name is longer than {LONGEST_NAME} characters" if written else "the prospect's name is empty"
        return None, RowProblem(line, why, column, PROSPECT_COLUMN)
    figures = {name: value for name, value in values.items() if name != PROSPECT_COLUMN and value}
    return ProspectRow(line, prospect, figures, {name: names.index(name) + 1 for name in figures}), None
