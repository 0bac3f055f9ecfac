"""Batches from a CRM's export, CSV or .xlsx: columns in any case, the CRM's own columns ignored and listed once (or
refused with --strict-columns), figures read exactly, bad rows named at their line or row and column, PDFs already
written left with --skip-existing, and a summary counting written, skipped and failed rows.

The two full batches (a CSV and the same list as a workbook) run once for the module; the other checks read the
list in-process, or write one or two PDFs.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook

from generator.cli import main
from generator.diagnostics import DecideError
from generator.load import prospects
from generator.load.prospects import read_prospects
from generator.render.markup import Formatter
from tests.conftest import Run
from tests.test_worksheets import SCANNERS, calc_json, expected_words, pdf_text

ON = "2026-11-27"
INPUTS = ["pickers", "order_lines", "error_rate", "cost_per_error", "checking_hours", "hourly_cost"]
HEADER = ["Prospect", "ACCOUNT OWNER", " Pickers ", "Order Lines", "Error_Rate", "hubspot_id", "Owner", "Industry", "START", "Language"]
HOSTILE = '<script>alert("x")</script> & <b>Co</b>'
ROWS = [
    ["Acme Ltd", "Jane Doe", "20", "900", "2.5", "hs-1", "Jane Doe", "Retail", "2026-03-01", "en"],
    ["Globex", "Bob Roe", "30", "1200", "1.5", "hs-2", "Bob Roe", "Logistics", "2026-04-01", "EN_gb"],
    ["Initech", "Ann Poe", "lots", "300", "", "hs-3", "Ann Poe", "Software", "", "en-GB"],
    [HOSTILE, "<i>owner</i>", "7", "250", "", "hs-4", '<img src=x onerror="alert(1)">', "<b>Retail</b>", "", ""],
]
FIGURES = {"Acme-Ltd.pdf": {"pickers": "20", "order_lines": "900", "error_rate": "2.5"}, "Globex.pdf": {"pickers": "30", "order_lines": "1200", "error_rate": "1.5"}}
WRITTEN = ["Acme-Ltd.pdf", "Globex.pdf", "script-alert-x-script-b-Co-b.pdf"]


def crm_csv(path: Path) -> Path:
    """The list as a CRM exports it: quoted cells, a header in the CRM's own words and case."""
    quoted = ['"' + cell.replace('"', '""') + '"' for cell in HEADER]
    lines = [",".join(quoted)] + [",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in ROWS]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def crm_workbook(path: Path) -> Path:
    """The same list as a workbook: numbers as numbers (1200 saved as 1200.0, 1.5 as a 1.5% cell), dates as dates,
    a blank row under the header, and the CRM's id as a number."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([])
    for row in ROWS:
        cells: list[object] = list(row)
        for index in (2, 3):
            cells[index] = float(row[index]) if row[index].isdigit() else row[index]
        cells[4] = float(row[4]) / 100 if row[4] else None
        cells[5] = int(row[5][3:])
        cells[8] = datetime.date.fromisoformat(row[8]) if row[8] else None
        sheet.append(cells)
        sheet.cell(sheet.max_row, 5).number_format = "0.0%"
    book.save(path)
    return path


def decide_once(*args: str, cwd: Path) -> Run:
    """``decide ARGS`` in-process, as the ``decide`` fixture runs it, for a module's fixture to share."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        patch.chdir(cwd)
        patch.setattr(sys, "argv", ["decide", *args])
        with pytest.raises(SystemExit) as stopped:
            main()
    assert "Traceback" not in out.getvalue() + err.getvalue()
    return Run(stopped.value.code or 0, out.getvalue(), err.getvalue())


@dataclass
class Batch:
    sheet: Path
    out: Path
    run: Run


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory, example_project: Path) -> dict[str, Batch]:
    """The CRM's list as CSV and as a workbook, each made into worksheets once."""
    folder = tmp_path_factory.mktemp("crm")
    made = {}
    for kind, sheet in (("csv", crm_csv(folder / "export.csv")), ("xlsx", crm_workbook(folder / "export.xlsx"))):
        out = folder / f"out-{kind}"
        run = decide_once("worksheet", "break-even", SCANNERS, "--from", str(sheet), "--out-dir", str(out), "--date", ON, "--jobs", "2", cwd=example_project)
        made[kind] = Batch(sheet, out, run)
    return made


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_crm_export_becomes_a_worksheet_per_good_row(batches: dict[str, Batch], kind: str):
    batch = batches[kind]
    assert batch.run.status == 1, "a bad row fails the batch, as before"
    assert sorted(path.name for path in batch.out.iterdir()) == WRITTEN
    assert batch.run.err.count("Ignored columns") == 1
    assert "Ignored columns not used by this worksheet: `ACCOUNT OWNER`, `hubspot_id`." in batch.run.err
    assert f"decide: Wrote 3 worksheets to {batch.out}/; 1 row of {batch.sheet} failed (listed above), the other rows were written." in batch.run.err


def test_a_bad_row_is_named_at_its_line_or_row_and_column(batches: dict[str, Batch]):
    csv, xlsx = batches["csv"], batches["xlsx"]
    assert f"{csv.sheet}:4, column 3 (pickers): pickers must be a number from 1 to 200 (got `lots`)" in csv.run.err
    assert f"{xlsx.sheet}, row 5, column C (pickers): pickers must be a number from 1 to 200 (got `lots`)" in xlsx.run.err, "as the spreadsheet numbers it, under the blank row"


def test_the_pdfs_carry_the_prospect_and_the_figures_decide_calc_gives(decide, batches: dict[str, Batch]):
    formatter = Formatter("en-GB", "GBP")
    for name, figures in FIGURES.items():
        texts = [" ".join(pdf_text(batch.out / name)) for batch in batches.values()]
        assert texts[0] == texts[1], "the workbook's numbers are read exactly as the CSV's text"
        assert name.removesuffix(".pdf").replace("-", " ") in texts[0]
        for words in expected_words(calc_json(decide, figures), formatter):
            assert words in texts[0]


def test_hostile_cells_are_printed_as_text(batches: dict[str, Batch]):
    for batch in batches.values():
        text = " ".join(pdf_text(batch.out / WRITTEN[2]))
        assert HOSTILE in text, "markup in a cell is its text, never markup"


# The list as read: no PDF needed.


def test_a_workbook_reads_numbers_percentages_dates_and_saved_formula_values_exactly(tmp_path: Path):
    book = Workbook()
    sheet = book.active
    sheet.append(["prospect", "pickers", "order_lines", "error_rate", "start", "cost_per_error"])
    sheet.append(["Acme", 20.0, 1e20, 0.015, datetime.datetime(2026, 3, 1), "=B2*2"])
    sheet["D2"].number_format = "0.0%"
    sheet.append([None])
    sheet.append(["Globex", 0.1, 12, 0.3, "2026-04-01 09:30:00", None])
    path = with_saved_value(book, tmp_path / "list.xlsx", "B2*2", "40")
    found = read_prospects(path, INPUTS)
    assert [(row.line, row.prospect, row.figures) for row in found.rows] == [
        (2, "Acme", {"pickers": "20", "order_lines": "100000000000000000000", "error_rate": "1.5", "cost_per_error": "40"}),
        (4, "Globex", {"pickers": "0.1", "order_lines": "12", "error_rate": "0.3"}),
    ]
    assert [row.start() for row in found.rows] == [datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)]


def with_saved_value(book: Workbook, path: Path, formula: str, value: str) -> Path:
    """The workbook as a spreadsheet saves it, with the value it worked out for ``formula`` (openpyxl saves none)."""
    packed = io.BytesIO()
    book.save(packed)
    with zipfile.ZipFile(packed) as source, zipfile.ZipFile(path, "w") as saved:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{value}</v>".encode())
            saved.writestr(entry, data)
    return path


def test_a_start_that_is_not_a_date_is_a_bad_cell(tmp_path: Path):
    path = tmp_path / "list.csv"
    path.write_text("prospect,start\nAcme,03/01/2026\n", encoding="utf-8")
    (row,) = read_prospects(path, INPUTS).rows
    with pytest.raises(prospects.BadCell) as bad:
        row.start()
    assert [row.problem(message, column).shown(str(path)) for message, column in bad.value.cells] == [
        f"{path}:2, column 2 (start): the start must be a date written YYYY-MM-DD, e.g. 2026-03-01 (got `03/01/2026`)"
    ]


def test_an_ignored_column_close_to_an_input_says_which_it_may_mean(tmp_path: Path):
    path = tmp_path / "list.csv"
    path.write_text('Prospect,Pikers,Deal\x1b[2J Stage,Owner\nAcme,12,won,"Jane\nDoe"\n', encoding="utf-8")
    found = read_prospects(path, INPUTS)
    assert (found.rows[0].figures, found.rows[0].details) == ({}, {"owner": "Jane Doe"})
    assert found.ignored_note("worksheet") == "Ignored columns not used by this worksheet: `Pikers`, `Deal [2J Stage`. Did you mean `pickers`?", "no terminal escape code is echoed"


def test_a_far_away_cell_in_a_tiny_workbook_is_read_without_a_grid_of_every_cell(tmp_path: Path):
    """One cell at XFD200000 would make a dense reader set out 3 billion cells; this one reads the row, and names the cell."""
    book = Workbook()
    sheet = book.active
    sheet.append(["prospect", "pickers"])
    sheet.append(["Acme", 12])
    sheet.cell(200_000, 16_384, "far")
    path = tmp_path / "far.xlsx"
    book.save(path)
    found = read_prospects(path, INPUTS)
    assert [row.prospect for row in found.rows] == ["Acme"]
    assert [found.shown(problem) for problem in found.problems] == [
        f"{path}, row 200000, column XFD: this cell is in a column the header row gives no name; name the column, or empty the cell"
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("list.xlsx", b"prospect,pickers\nAcme,12\n", "is not an .xlsx workbook (an .xlsx is a zip file, and this is not one)"),
        ("list.ods", b"", "decide reads prospects from a .csv file or an .xlsx workbook"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_plainly(decide, tmp_path: Path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    run = decide("worksheet", "break-even", SCANNERS, "--from", str(path), "--out-dir", str(tmp_path / "out"))
    assert run.status in (1, 2) and message in run.err
    assert not (tmp_path / "out").exists()


def test_a_workbook_that_unpacks_to_far_more_than_a_list_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(prospects, "LARGEST_UNPACKED", 1_000)
    path = crm_workbook(tmp_path / "list.xlsx")
    with pytest.raises(DecideError, match="unpacks to more than"):
        read_prospects(path, INPUTS)


# Columns refused, figures in any case, files already there.


def test_strict_columns_refuses_a_column_no_document_uses(decide, tmp_path: Path):
    sheet = crm_csv(tmp_path / "export.csv")
    run = decide("worksheet", "break-even", SCANNERS, "--from", str(sheet), "--out-dir", str(tmp_path / "out"), "--strict-columns")
    assert run.status == 1
    assert f"{sheet} has columns this batch does not use: `ACCOUNT OWNER`, `hubspot_id`. The columns are `prospect`, the calculator's inputs (pickers, " in run.err
    assert not (tmp_path / "out").exists()


def test_set_takes_an_input_in_any_case_as_a_column_does(decide, tmp_path: Path):
    assert json.loads(decide("calc", SCANNERS, "--format", "json", "--set", "PICKERS=30", "--set", "Order Lines=900").out) == calc_json(decide, {"pickers": "30", "order_lines": "900"})
    output = tmp_path / "sheet.pdf"
    run = decide("worksheet", "break-even", SCANNERS, "--prospect", "Acme", "--set", "Pickers=30", "--set", " ORDER_LINES =900", "--date", ON, "-o", str(output))
    assert run.status == 0, run.err
    text = " ".join(pdf_text(output))
    for words in expected_words(calc_json(decide, {"pickers": "30", "order_lines": "900"}), Formatter("en-GB", "GBP")):
        assert words in text


def batch(decide, sheet: Path, out: Path, *extra: str) -> Run:
    return decide("worksheet", "break-even", SCANNERS, "--from", str(sheet), "--out-dir", str(out), "--jobs", "1", "--date", ON, *extra)


def test_skip_existing_leaves_the_pdfs_there_and_counts_them(decide, tmp_path: Path):
    sheet = tmp_path / "list.csv"
    sheet.write_text("prospect,pickers\nAcme,12\nGlobex,3\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "Globex.pdf").write_bytes(b"the proposal sent last week")
    refused = batch(decide, sheet, out)
    assert refused.status == 1 and "pass --overwrite to replace them, or --skip-existing to leave them and write the others" in refused.err
    run = batch(decide, sheet, out, "--skip-existing")
    assert run.status == 0, run.err
    assert f"Wrote 1 worksheet to {out}/, skipped 1 already there." in run.err
    assert (out / "Globex.pdf").read_bytes() == b"the proposal sent last week"
    assert "Acme" in " ".join(pdf_text(out / "Acme.pdf"))
    again = batch(decide, sheet, out, "--skip-existing")
    assert again.status == 0 and f"Wrote 0 worksheets to {out}/, skipped 2 already there." in again.err


def test_a_mended_row_keeps_the_names_of_the_rows_below_it(decide, tmp_path: Path):
    """Names follow the list, not which rows were good: mending row 2 and running again with --skip-existing writes
    row 2's file, and leaves row 3's as it was, under its own name."""
    sheet = tmp_path / "list.csv"
    sheet.write_text("prospect,pickers\nAcme,lots\nAcme,7\n", encoding="utf-8")
    out = tmp_path / "out"
    first = batch(decide, sheet, out)
    assert first.status == 1 and f"{sheet}:2, column 2 (pickers)" in first.err
    assert [path.name for path in out.iterdir()] == ["Acme-2.pdf"]
    row_3 = (out / "Acme-2.pdf").read_bytes()
    sheet.write_text("prospect,pickers\nAcme,5\nAcme,7\n", encoding="utf-8")
    second = batch(decide, sheet, out, "--skip-existing")
    assert second.status == 0 and "Wrote 1 worksheet" in second.err and "skipped 1 already there" in second.err
    assert sorted(path.name for path in out.iterdir()) == ["Acme-2.pdf", "Acme.pdf"]
    assert (out / "Acme-2.pdf").read_bytes() == row_3


def test_overwrite_and_skip_existing_together_are_a_usage_error(decide, tmp_path: Path):
    run = batch(decide, tmp_path / "list.csv", tmp_path / "out", "--overwrite", "--skip-existing")
    assert run.status == 2
    assert "--overwrite replaces the PDFs already in --out-dir and --skip-existing leaves them as they are: give one or the other." in run.err
    assert not (tmp_path / "out").exists()


def test_a_plan_per_prospect_starts_on_each_rows_start_date(decide, tmp_path: Path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Prospect", "Start", "Deal Owner"])
    sheet.append(["Acme Ltd", datetime.datetime(2026, 12, 7), "Jane"])
    sheet.append(["Globex", "7/12/2026", "Bob"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    out = tmp_path / "out"
    run = decide("worksheet", "plan", "scan-to-ship", "--from", str(path), "--out-dir", str(out), "--jobs", "1", "--date", ON)
    assert run.status == 1
    assert f"{path}, row 3, column B (start): the start must be a date written YYYY-MM-DD, e.g. 2026-03-01 (got `7/12/2026`)" in run.err
    assert "Ignored column not used by this worksheet: `Deal Owner`." in run.err
    assert [path.name for path in out.iterdir()] == ["Acme-Ltd.pdf"]
    assert "Starting on 7 December 2026, the last step ends on 7 February 2027." in " ".join(pdf_text(out / "Acme-Ltd.pdf"))
