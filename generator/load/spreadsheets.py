"""Reads a spreadsheet of reasons or mistakes (``.csv``, ``.xlsx``, ``.ods``) into entries as the loader would build them.

A spreadsheet is untrusted text: every cell becomes a string, held to the same bounds as a YAML value, and only
number columns are read as numbers, the way numbers are typed everywhere (``TYPED_NUMBER``). Nothing is ever
calculated: in ``.csv`` ``=HYPERLINK(...)`` is that text; in ``.xlsx`` and ``.ods`` a formula cell is the value the
spreadsheet saved for it, or in ``.xlsx``, without one, the formula's own text. The first row that is not blank
names the columns. Each row is then validated with the loader's model and messages; its diagnostics point at the
row (numbered as the spreadsheet shows it, the header being row 1) and the column.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import os
import re
import stat
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from generator.compute import typed_number
from generator.diagnostics import DecideError, Diagnostic
from generator.load.models import Mistake, Reason
from generator.load.source import MAX_FILE_BYTES, FieldPath, Position, SourceFile, scalar_problem
from generator.load.validation import did_you_mean, validate

MAX_SPREADSHEET_BYTES = 10 * MAX_FILE_BYTES
"""10 MB: a sheet of a thousand long reasons is about 1 MB as .csv, less as .xlsx."""

MAX_ROWS = 5_000
"""Rows read from one sheet: the reasons exercise gathers 20 per offering, so even a large catalogue stays far below."""

FORMATS = (".csv", ".xlsx", ".ods")

LIST_SEPARATORS = re.compile(r"[;,]")

DEFUSED = re.compile(r"^'+[=+\-@\t\r]")
"""A cell an export guarded against formula injection (see ``generator.write.spreadsheets``): one apostrophe comes off."""


@dataclass(frozen=True)
class Layout:
    """How one kind of entry is laid out as a row: its columns, which hold lists or numbers, and the nested fields."""

    kind: str
    model: type[BaseModel]
    columns: tuple[str, ...]
    required: tuple[str, ...]
    lists: frozenset[str]
    numbers: frozenset[str]
    nested: frozenset[str]
    """Fields holding a mapping, whose fields are columns of their own: ``metric_value`` is ``metric.value``."""

    def field_path(self, column: str) -> FieldPath:
        """Where a column's value goes in the entry: ``metric_before`` -> ``("metric", "before")``."""
        prefix, _, rest = column.partition("_")
        return (prefix, rest) if prefix in self.nested and rest else (column,)


def layout_of(kind: str, model: type[BaseModel]) -> Layout:
    """The columns are the model's fields, a nested model's fields joined to its name (``customer_industry``), so a
    field added to the model is a column at once; the required columns are the entry's own required fields."""
    columns: list[tuple[str, set[object]]] = []
    nested = set()
    for name, info in model.model_fields.items():
        kinds = _kinds(info.annotation)
        inner = next((kind for kind in kinds if isinstance(kind, type) and issubclass(kind, BaseModel)), None)
        if inner is None:
            columns.append((name, kinds))
            continue
        nested.add(name)
        columns += [(f"{name}_{field_name}", _kinds(field_info.annotation)) for field_name, field_info in inner.model_fields.items()]
    return Layout(
        kind,
        model,
        tuple(column for column, _ in columns),
        tuple(name for name, info in model.model_fields.items() if info.is_required()),
        lists=frozenset(column for column, kinds in columns if list in kinds),
        numbers=frozenset(column for column, kinds in columns if float in kinds),
        nested=frozenset(nested),
    )


def _kinds(annotation: object) -> set[object]:
    """The types a field's annotation allows, ``None`` and ``Annotated`` constraints left out; a list is ``list``."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return {list}
    if origin is typing.Annotated:
        return _kinds(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return set().union(*(_kinds(argument) for argument in typing.get_args(annotation) if argument is not type(None)))
    return {annotation}


REASONS = layout_of("reasons", Reason)
MISTAKES = layout_of("mistakes", Mistake)
LAYOUTS = {layout.kind: layout for layout in (REASONS, MISTAKES)}


@dataclass
class Row:
    """One spreadsheet row read as an entry: ``model`` is None when the row is refused (``problems`` say why)."""

    number: int
    value: dict[str, object]
    source: SourceFile
    model: BaseModel | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    """What is wrong with the row or worth a warning; each diagnostic's ``field`` is the column's name."""

    @property
    def entry(self) -> dict[str, object]:
        """The entry as a content file holds it, fields in the model's order (``result`` first, as the files write them)."""
        assert self.model is not None, "only a row that is kept is written"
        return _in_model_order(self.model, self.value)


def _in_model_order(model: BaseModel, value: dict[str, object]) -> dict[str, object]:
    ordered: dict[str, object] = {}
    for name in type(model).model_fields:
        if name in value:
            written = value[name]
            nested = getattr(model, name)
            ordered[name] = _in_model_order(nested, written) if isinstance(written, dict) and isinstance(nested, BaseModel) else written
    return ordered


def read_entries(path: Path, shown_as: str, layout: Layout) -> list[Row]:
    """The rows of the first sheet of ``path`` as entries, validated; blank rows are left out."""
    grid = _grid(path, shown_as)
    header = next((index for index, cells in enumerate(grid) if any(cell.strip() for cell in cells)), None)
    if header is None:
        raise DecideError(f"{shown_as} is empty; its first row must name the columns, e.g. {', '.join(layout.required)}.")
    columns = _columns(grid[header], header + 1, shown_as, layout)
    rows = []
    for number, cells in enumerate(grid[header + 1 :], start=header + 2):
        written = {column: cells[index].strip() for index, column in columns.items() if index < len(cells) and cells[index].strip()}
        unnamed = [index + 1 for index, cell in enumerate(cells) if index not in columns and cell.strip()]
        if written or unnamed:
            row = _entry(number, written, columns, shown_as, layout)
            row.problems += [_unnamed(row.source, number, index, header + 1) for index in unnamed]
            rows.append(row)
    return rows


def _unnamed(source: SourceFile, number: int, column: int, header: int) -> Diagnostic:
    """A filled cell under no column name: its text would be lost, so the row is refused rather than imported without it."""
    message = f"Column {column} has no name in row {header}, so decide cannot tell which field this cell is. Name the column or empty the cell."
    return dataclasses.replace(source.diagnostic("E011", message, at=Position(number, column)), field=str(column))


def _grid(path: Path, shown_as: str) -> list[list[str]]:
    """Every cell of the first sheet as text, at most ``MAX_ROWS`` rows below the header."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DecideError(f"{shown_as} is not a spreadsheet decide reads; save it as {', '.join(FORMATS)}.", exit_code=2)
    data = _spreadsheet_bytes(path, shown_as)
    grid = _csv_grid(data, shown_as) if suffix == ".csv" else _workbook_grid(data, shown_as)
    if suffix == ".xlsx":
        _formulas_as_text(grid, data)
    if len(grid) > MAX_ROWS + 1:
        raise DecideError(f"{shown_as} has {len(grid) - 1:,} rows; decide imports at most {MAX_ROWS:,} at a time. Split it into several files.")
    return grid


def _spreadsheet_bytes(path: Path, shown_as: str) -> bytes:
    """The file's bytes, if it is a regular file of at most ``MAX_SPREADSHEET_BYTES``: a FIFO or a device is never read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(descriptor, "rb") as opened:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise DecideError(f"{shown_as} is not an ordinary file; save the spreadsheet as a file and import that.")
            data = opened.read(MAX_SPREADSHEET_BYTES + 1)
    except OSError as error:
        raise DecideError(f"Cannot read {shown_as}: {error.strerror or error}.") from None
    if len(data) > MAX_SPREADSHEET_BYTES:
        raise DecideError(f"{shown_as} is over {MAX_SPREADSHEET_BYTES:,} bytes, more than decide imports at a time. Split it into several files.")
    return data


def _csv_grid(data: bytes, shown_as: str) -> list[list[str]]:
    """Rows of a CSV; one whose header is separated by `;` (as spreadsheets save CSV in many languages) is read so."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DecideError(f"{shown_as} is not UTF-8 text; save it as \"CSV UTF-8\" from the spreadsheet.") from None
    header = text.split("\n", 1)[0]
    delimiter = ";" if ";" in header and "," not in header else ","
    try:
        return [row for row, _ in zip(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), range(MAX_ROWS + 2), strict=False)]
    except csv.Error as error:
        raise DecideError(f"{shown_as} is not a CSV file decide can read ({error}).") from None


def _workbook_grid(data: bytes, shown_as: str) -> list[list[str]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        # Rows are given from the first; columns from the first one used, so columns before it are put back.
        skipped = [""] * (sheet.start[1] if sheet.start else 0)
        return [skipped + [_cell_text(cell) for cell in row] for row, _ in zip(sheet.iter_rows(), range(MAX_ROWS + 2), strict=False)]
    except (CalamineError, ValueError) as error:
        raise DecideError(f"{shown_as} is not a workbook decide can read ({type(error).__name__}: {error}).") from None


def _formulas_as_text(grid: list[list[str]], data: bytes) -> None:
    """Puts a formula's own text where the workbook saved no value for it (openpyxl, for one, saves none), so that
    ``=HYPERLINK(...)`` typed into a cell arrives as that text; calamine gives saved values only."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except Exception as error:  # openpyxl raises many kinds of error on a broken file; calamine read it, so say so plainly
        raise DecideError(f"The workbook's formulas cannot be read ({type(error).__name__}: {error}); save it again from the spreadsheet.") from None
    try:
        for row, cells in zip(grid, workbook.worksheets[0].iter_rows(values_only=True), strict=False):
            for index, cell in enumerate(cells[: len(row)]):
                if not row[index] and isinstance(cell, str) and cell.startswith("="):
                    row[index] = cell
    finally:
        workbook.close()


def _cell_text(cell: object) -> str:
    """A workbook cell as the text a person sees: ``172.0`` as ``172``, a date as 2026-03-01."""
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (datetime.date, datetime.time, datetime.timedelta)):
        return cell.isoformat() if not isinstance(cell, datetime.timedelta) else str(cell)
    return "" if cell is None else str(cell)


def column_name(header: str) -> str:
    """A header as a field name: ``" Metric Value "`` -> ``metric_value``."""
    return re.sub(r"[\s-]+", "_", header.strip().lower())


def _columns(header: list[str], number: int, shown_as: str, layout: Layout) -> dict[int, str]:
    """Column index -> field name, from the first row that is not blank (row ``number``); an unknown, repeated or missing required column stops the import before any row."""
    columns: dict[int, str] = {}
    problems = []
    for index, cell in enumerate(header):
        name = column_name(cell)
        if not name:
            continue
        if name not in layout.columns:
            problems.append(f"column {index + 1}, `{cell.strip()}`, is not a field of {layout.kind}.{did_you_mean(name, layout.columns)}")
        elif name in columns.values():
            problems.append(f"column {index + 1}, `{cell.strip()}`, repeats an earlier column; keep one.")
        columns[index] = name
    missing = [name for name in layout.required if name not in columns.values()]
    if missing:
        problems.append(f"there is no column {' or '.join(f'`{name}`' for name in missing)}, which every entry needs.")
    if problems:
        raise DecideError(f"In {shown_as}, row {number}: " + " Also, ".join(problems) + f" The columns are: {', '.join(layout.columns)}.")
    return columns


def _entry(number: int, written: dict[str, str], columns: dict[int, str], shown_as: str, layout: Layout) -> Row:
    """The row's entry built as the YAML would hold it, then checked by the loader's bounds and model."""
    source = _row_source(number, columns, shown_as, layout)
    value: dict[str, object] = {}
    problems = []
    for column, text in written.items():
        path = layout.field_path(column)
        cell = DEFUSED.sub(lambda found: found.group(0)[1:], text)
        refused = scalar_problem(cell)
        if refused:
            problems.append(source.diagnostic(*refused, path))
            continue
        target = value.setdefault(str(path[0]), {}) if len(path) == 2 else value
        assert isinstance(target, dict)
        target[path[-1]] = _typed(cell, column, layout)
    model, invalid = validate(layout.model, value, source)
    problems = [_in_columns(problem) for problem in problems + invalid]
    return Row(number, value, source, model if not problems else None, problems)


def _in_columns(problem: Diagnostic) -> Diagnostic:
    """A problem of the entry, named by its column; a missing field is an empty cell, not a missing line of YAML."""
    column = column_of(problem.field)
    if problem.code == "E010":
        return dataclasses.replace(problem, field=column, message=f"The column `{column}` is empty, and this row needs it. Fill it in.")
    return dataclasses.replace(problem, field=column)


def column_of(field_path: str) -> str:
    """The column a field comes from, in diagnostics' field syntax: ``metric.value`` -> ``metric_value``, ``offerings[1]`` -> ``offerings``."""
    return re.sub(r"\[\d+\]", "", field_path).replace(".", "_")


def _typed(cell: str, column: str, layout: Layout) -> object:
    if column in layout.lists:
        return [item.strip() for item in LIST_SEPARATORS.split(cell) if item.strip()]
    if column in layout.numbers:
        number = typed_number(cell)
        if number is None:
            return cell
        return int(number) if number.is_integer() else number
    return cell


def _row_source(number: int, columns: dict[int, str], shown_as: str, layout: Layout) -> SourceFile:
    """A stand-in for a YAML file: each field of the row is "written" at its row and column, so messages point there."""
    source = SourceFile(shown_as, [])
    source.value_positions[()] = Position(number, 0)
    for index, column in columns.items():
        path = layout.field_path(column)
        for end in range(1, len(path) + 1):
            source.value_positions.setdefault(path[:end], Position(number, index + 1))
    return source
