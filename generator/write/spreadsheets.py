"""Writes reasons or mistakes as a spreadsheet (``.csv`` or ``.xlsx``) in the columns ``decide import`` reads.

Cells are text (numbers stay numbers) and a cell is never a formula: in ``.xlsx`` every text cell is stored as
text, and in ``.csv``, which a spreadsheet reads by guessing, a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return (or apostrophes and then one of them) gets a leading apostrophe, as OWASP advises
against formula injection; the import takes it off again.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from generator.compute.selector import plain_number
from generator.diagnostics import DecideError
from generator.load.spreadsheets import Layout
from generator.write.files import write_file

FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")

Cell = str | int | float


def rows_of(layout: Layout, entries: Sequence[BaseModel]) -> list[dict[str, Cell]]:
    """Each entry as a row: column -> cell, empty fields left out; lists joined with `; `."""
    rows = []
    for entry in entries:
        value = entry.model_dump(exclude_none=True)
        row: dict[str, Cell] = {}
        for column in layout.columns:
            cell: object = value
            for part in layout.field_path(column):
                cell = cell.get(part) if isinstance(cell, dict) else None
            if isinstance(cell, list):
                cell = "; ".join(cell) if cell else None
            if cell is not None:
                number = plain_number(cell) if isinstance(cell, float) else cell
                assert isinstance(number, (str, int, float))
                row[column] = number
        rows.append(row)
    return rows


def write_spreadsheet(path: Path, layout: Layout, rows: list[dict[str, Cell]]) -> None:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = _csv(layout, rows)
    elif suffix == ".xlsx":
        data = _xlsx(layout, rows)
    else:
        raise DecideError(f"{path} must end in .csv or .xlsx, the formats decide exports.", exit_code=2)
    write_file(path, data)


def _csv(layout: Layout, rows: list[dict[str, Cell]]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(layout.columns)
    for row in rows:
        writer.writerow([_defused(row.get(column, "")) for column in layout.columns])
    return text.getvalue().encode("utf-8")


def _defused(cell: Cell) -> Cell:
    return f"'{cell}" if isinstance(cell, str) and FORMULA_START.match(cell) else cell


def _xlsx(layout: Layout, rows: list[dict[str, Cell]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = layout.kind
    sheet.append(list(layout.columns))
    for row in rows:
        sheet.append([row.get(column) for column in layout.columns])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
