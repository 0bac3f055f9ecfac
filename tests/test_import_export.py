"""`decide import` and `decide export`: spreadsheets of reasons and mistakes into content files and back."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import yaml
from openpyxl import Workbook, load_workbook

from tests.conftest import Run


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def first_result(content: Path, offering: str) -> tuple[str, int]:
    """The first reason of an offering's file, and the line it starts on (1 for a file without a heading comment)."""
    text = (content / "reasons" / f"{offering}.yml").read_text(encoding="utf-8")
    line = next(number for number, written in enumerate(text.splitlines(), start=1) if written.startswith("- "))
    return yaml.safe_load(text)[0]["result"], line


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice would save it, of text cells."""

    def cell(text: str) -> str:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<table:table-cell office:value-type="string"><text:p>{escaped}</text:p></table:table-cell>'

    table = "".join(f"<table:table-row>{''.join(cell(text) for text in row)}</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Sheet1">{table}</table:table></office:spreadsheet></office:body></office:document-content>'
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


def import_(decide, content: Path, kind: str, sheet: Path, *extra: str) -> Run:
    return decide("import", kind, str(sheet), *extra, cwd=content.parent)


def assert_checks_clean(decide, content: Path) -> None:
    run = decide("check", "--format", "json", cwd=content.parent)
    assert run.status == 0, [problem for problem in run.problems if problem["severity"] == "error"]


REASON_HEADER = [" Result ", "OFFERINGS", "Problems", "source", "Metric_Value", "metric unit", "Customer_Industry", "customer_size"]


def reasons_sheet(content: Path) -> list[list[object]]:
    """A sheet as staff fill it in: a duplicate of the example, a new reason, its near-copy, rule warnings and bad rows."""
    known, _ = first_result(content, "scan-to-ship")
    return [
        REASON_HEADER,
        [known.upper(), "scan-to-ship", "picking-errors", "customer", "", "", "", ""],
        [
            "A 30-person tool wholesaler cut late despatches from 12 to 3 a week.",
            *("scan-to-ship; stock-planner", "picking-errors, stockouts-and-overstock", "sales", "9", "late despatches", "Tool wholesale", "30 staff"),
        ],
        ["A 30-person tool wholesaler cut late despatches from 12 to 3 each week.", "scan-to-ship", "", "", "", "", "", ""],
        ['=HYPERLINK("https://example.com","x")', "care-plan", "", "service", "", "", "", ""],
        ["", "", "", "", "", "", "", ""],
        ["Fixed the pick faces", "scan-to-shipp", "", "markting", "abc", "", "", ""],
        ["", "care-plan", "", "", "", "", "", ""],
    ]


APPENDED_SCAN_TO_SHIP = """
- result: "A 30-person tool wholesaler cut late despatches from 12 to 3 a week."
  offerings: ["scan-to-ship", "stock-planner"]
  problems: ["picking-errors", "stockouts-and-overstock"]
  metric:
    value: 9
    unit: "late despatches"
  customer:
    industry: "Tool wholesale"
    size: "30 staff"
  source: "sales"
"""

APPENDED_CARE_PLAN = """
- result: "=HYPERLINK(\\"https://example.com\\",\\"x\\")"
  offerings: ["care-plan"]
  source: "service"
"""


def test_a_csv_of_reasons_is_imported_row_by_row(decide, content: Path, tmp_path: Path) -> None:
    (content / "reasons" / "scan-to-ship.yml").write_text("# Collected at the spring sales meeting\n" + (content / "reasons" / "scan-to-ship.yml").read_text(encoding="utf-8"), encoding="utf-8")
    before = files_of(content)
    _, line = first_result(content, "scan-to-ship")
    sheet = write_csv(tmp_path / "reasons.csv", [[str(cell) for cell in row] for row in reasons_sheet(content)])

    run = import_(decide, content, "reasons", sheet)

    assert run.status == 1
    assert run.out.splitlines() == [
        f"reasons.csv:2: skipped, it repeats the reason in content/reasons/scan-to-ship.yml, line {line} (100% alike).",
        "reasons.csv:4: skipped, it repeats the reason in row 3 of reasons.csv (95% alike).",
        "reasons.csv:5, column result: warning R106: This reason has no measurable result. Add the figure to the sentence or a `metric` (value, unit, before, after), "
        "e.g. metric: {value: 5, unit: working days, before: 9, after: 4}.",
        "reasons.csv:7, column offerings: error E020: There is no offering with the id `scan-to-shipp`. Did you mean `scan-to-ship`? An id is the name of a file in "
        "content/offerings/ without .yml; the known ones are: care-plan, close-assist, ops-coaching, scan-to-ship, stock-planner.",
        "reasons.csv:7, column source: error E015: Found `markting`; expected one of: marketing, sales, service or customer. Did you mean `marketing`?",
        "reasons.csv:7, column metric_value: error E014: Found `abc`; expected a number such as 4 or 2.5, written without quotes or units.",
        "reasons.csv:7, column metric_unit: error E010: The column `metric_unit` is empty, and this row needs it. Fill it in.",
        "reasons.csv:7: refused; fix the row and import again.",
        "reasons.csv:8, column result: error E010: The column `result` is empty, and this row needs it. Fill it in.",
        "reasons.csv:8: refused; fix the row and import again.",
        "offering       imported  duplicates  refused",
        "care-plan             1           0        1",
        "scan-to-ship          1           2        0",
        "scan-to-shipp         0           0        1",
        "total                 2           2        2",
        "(a duplicate is at least 90% alike to an entry already written)",
        "Wrote content/reasons/scan-to-ship.yml, content/reasons/care-plan.yml.",
    ]
    after = files_of(content)
    assert after["reasons/scan-to-ship.yml"] == before["reasons/scan-to-ship.yml"] + APPENDED_SCAN_TO_SHIP.encode()
    assert after["reasons/care-plan.yml"] == before["reasons/care-plan.yml"] + APPENDED_CARE_PLAN.encode()
    assert {name: data for name, data in after.items() if name not in ("reasons/scan-to-ship.yml", "reasons/care-plan.yml")} == {
        name: data for name, data in before.items() if name not in ("reasons/scan-to-ship.yml", "reasons/care-plan.yml")
    }
    assert_checks_clean(decide, content)


def test_a_dry_run_reports_the_same_and_writes_nothing(decide, content: Path, tmp_path: Path) -> None:
    before = files_of(content)
    sheet = write_csv(tmp_path / "reasons.csv", [[str(cell) for cell in row] for row in reasons_sheet(content)])

    run = import_(decide, content, "reasons", sheet, "--dry-run")

    assert run.status == 1
    assert "total                 2           2        2" in run.out
    assert run.out.endswith("Dry run: would write content/reasons/scan-to-ship.yml, content/reasons/care-plan.yml; nothing was written.\n")
    assert files_of(content) == before


def test_an_xlsx_with_numbers_and_a_formula_is_imported_as_text(decide, content: Path, tmp_path: Path) -> None:
    before = files_of(content)
    rows = reasons_sheet(content)[:4]
    rows[2][4] = 9  # a number cell, as a spreadsheet stores it
    rows.append(["A 12-person florist wholesaler cut waste from 8% to 2%.", "stock-planner", "", "", 6.5, "percentage points", "", ""])
    # A formula is never run: openpyxl saves no value for it, so its own text is the cell.
    rows.append(['=HYPERLINK("https://example.com","x")', "care-plan", "", "service", "", "", "", ""])
    rows.append(["A 7-person firm", "care-plan", "", "", "=1/0", "days", "", ""])
    sheet = write_xlsx(tmp_path / "reasons.xlsx", rows)

    run = import_(decide, content, "reasons", sheet)

    assert run.status == 1, run.out
    assert "reasons.xlsx:7, column metric_value: error E014: Found `=1/0`; expected a number such as 4 or 2.5, written without quotes or units." in run.out
    assert "total                 3           2        1" in run.out
    assert files_of(content)["reasons/care-plan.yml"] == before["reasons/care-plan.yml"] + APPENDED_CARE_PLAN.encode()
    assert files_of(content)["reasons/scan-to-ship.yml"] == before["reasons/scan-to-ship.yml"] + APPENDED_SCAN_TO_SHIP.encode()
    assert files_of(content)["reasons/stock-planner.yml"].endswith(
        b'\n- result: "A 12-person florist wholesaler cut waste from 8% to 2%."\n  offerings: ["stock-planner"]\n  metric:\n    value: 6.5\n    unit: "percentage points"\n'
    )
    assert_checks_clean(decide, content)


def test_mistakes_are_filed_by_problem_else_by_offering(decide, content: Path, tmp_path: Path) -> None:
    before = files_of(content)
    known = yaml.safe_load((content / "mistakes" / "picking-errors.yml").read_text(encoding="utf-8"))[0]["title"]
    sheet = write_xlsx(
        tmp_path / "mistakes.xlsx",
        [
            ["Title", "Consequence", "AVOID", "offerings", "problems", "option", "notes"][:6],
            [f"  {known.lower()}  ", "Slower.", "Scan.", "", "picking-errors", ""],
            ["Picking from memory", "Wrong items go out.", "Confirm every pick with a scan.", "scan-to-ship", "picking-errors", "scan-to-ship/starter-kit"],
            ["Skipping the handover", "Nobody knows the passwords.", "Write the routine tasks down.", "care-plan", "", ""],
            ["No home", "It shows nowhere.", "Say where it belongs.", "", "", ""],
        ],
    )

    run = import_(decide, content, "mistakes", sheet)

    assert run.status == 1
    assert "mistakes.xlsx:5: error E015: A mistake needs `offerings` or `problems` (or both)" in run.out
    assert run.out.splitlines()[-7:-3] == [
        "problem or offering  imported  duplicates  refused",
        "(none)                      0           0        1",
        "care-plan                   1           0        0",
        "picking-errors              1           1        0",
    ]
    after = files_of(content)
    assert after["mistakes/picking-errors.yml"] == before["mistakes/picking-errors.yml"] + (
        b'- title: "Picking from memory"\n  consequence: "Wrong items go out."\n  avoid: "Confirm every pick with a scan."\n'
        b'  offerings:\n    - "scan-to-ship"\n  problems:\n    - "picking-errors"\n  option: "scan-to-ship/starter-kit"\n'
    )
    assert after["mistakes/care-plan.yml"] == b'- title: "Skipping the handover"\n  consequence: "Nobody knows the passwords."\n  avoid: "Write the routine tasks down."\n  offerings: ["care-plan"]\n'
    assert_checks_clean(decide, content)


def test_an_ods_sheet_is_read_too(decide, content: Path, tmp_path: Path) -> None:
    sheet = write_ods(tmp_path / "reasons.ods", [["result", "offerings"], ["A 20-person bakery supplier cut stock counts from 2 days to 3 hours.", "stock-planner"]])

    run = import_(decide, content, "reasons", sheet)

    assert run.status == 0, run.out
    written = (content / "reasons" / "stock-planner.yml").read_text(encoding="utf-8")
    assert written.endswith('- result: "A 20-person bakery supplier cut stock counts from 2 days to 3 hours."\n  offerings: ["stock-planner"]\n')


def test_a_cell_under_no_column_name_refuses_its_row(decide, content: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "reasons.csv", [["result", "offerings", ""], ["A 5-person firm cut waste by 5%.", "care-plan", "kept?"], ["A 6-person firm cut waste by 6%.", "care-plan"]])

    run = import_(decide, content, "reasons", sheet)

    assert run.status == 1
    assert "reasons.csv:2, column 3: error E011: Column 3 has no name in row 1, so decide cannot tell which field this cell is. Name the column or empty the cell." in run.out
    assert run.out.splitlines()[-3].split() == ["total", "1", "0", "1"]


def test_an_unknown_column_stops_the_import_before_any_row(decide, content: Path, tmp_path: Path) -> None:
    before = files_of(content)
    sheet = write_csv(tmp_path / "reasons.csv", [["result", "offering", "metric_valu"], ["A result with 5 in it.", "care-plan", "5"]])

    run = import_(decide, content, "reasons", sheet)

    assert run.status == 1
    assert "row 1: column 2, `offering`, is not a field of reasons. Did you mean `offerings`?" in run.err
    assert "column 3, `metric_valu`, is not a field of reasons. Did you mean `metric_value`?" in run.err
    assert "there is no column `offerings`, which every entry needs." in run.err
    assert files_of(content) == before


def test_export_then_import_changes_nothing(decide, content: Path, tmp_path: Path) -> None:
    reasons = content / "reasons" / "care-plan.yml"
    # Cells a spreadsheet would run as formulas, and one already starting with an apostrophe.
    reasons.write_text(
        reasons.read_text(encoding="utf-8")
        + '\n- result: "=1+2 customers cut returns by 4%"\n  offerings: [care-plan]\n- result: "-3 days of downtime a year for a 9-person firm"\n  offerings: [care-plan]\n'
        + "- result: \"'@ signs cost a 6-person firm 2 hours\"\n  offerings: [care-plan]\n",
        encoding="utf-8",
    )
    before = files_of(content)
    for kind in ("reasons", "mistakes"):
        count = sum(len(yaml.safe_load(path.read_text(encoding="utf-8"))) for path in (content / kind).glob("*.yml"))
        for suffix in ("csv", "xlsx"):
            sheet = tmp_path / f"{kind}.{suffix}"
            assert decide("export", kind, "-o", str(sheet), cwd=content.parent).status == 0
            run = import_(decide, content, kind, sheet)
            assert run.status == 0, run.out
            assert run.out.splitlines()[-3].split() == ["total", "0", str(count), "0"], run.out
            assert files_of(content) == before
    rows = list(csv.reader(io.StringIO((tmp_path / "reasons.csv").read_text(encoding="utf-8"))))
    results = {row[0] for row in rows}
    assert {"'=1+2 customers cut returns by 4%", "'-3 days of downtime a year for a 9-person firm", "''@ signs cost a 6-person firm 2 hours"} <= results
    cells = {cell.value: cell.data_type for cell in next(iter(load_workbook(tmp_path / "reasons.xlsx").active.iter_cols(max_col=1)))}
    assert cells["=1+2 customers cut returns by 4%"] == "s"


def test_a_sheet_that_is_not_a_spreadsheet_is_refused_plainly(decide, content: Path, tmp_path: Path) -> None:
    before = files_of(content)
    broken = tmp_path / "reasons.xlsx"
    broken.write_bytes(b"not a workbook")
    large = tmp_path / "large.csv"
    large.write_bytes(b"result,offerings\n" + b"x" * 10_000_001)
    not_utf8 = write_csv(tmp_path / "latin.csv", [["result", "offerings"]])
    not_utf8.write_bytes(not_utf8.read_bytes() + "Caf\xe9 cut waste by 5%,care-plan\n".encode("latin-1"))

    assert "reasons.xlsx is not a workbook decide can read" in import_(decide, content, "reasons", broken).err
    assert "large.csv is over 10,000,000 bytes" in import_(decide, content, "reasons", large).err
    assert 'latin.csv is not UTF-8 text; save it as "CSV UTF-8"' in import_(decide, content, "reasons", not_utf8).err
    assert import_(decide, content, "reasons", tmp_path / "missing.csv").status == 2
    assert files_of(content) == before


def test_awkward_cells_stay_the_text_they_are(decide, content: Path, tmp_path: Path) -> None:
    """Texts YAML would read as something else, quotes, line breaks and other scripts; a CSV saved with `;`."""
    awkward = ["no", "1.5", "# not a comment", "key: value", 'say "hi"', "two\nlines", "Ελληνικά 5 μέρες", "'kept apostrophe", "  spaced  "]
    rows = [["result", "offerings", "story", "metric_value", "metric_unit"]] + [[f"{text} cut 3 days", "care-plan", text, "0.00001", "share"] for text in awkward]
    sheet = tmp_path / "awkward.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, delimiter=";").writerows(rows)

    run = import_(decide, content, "reasons", sheet)

    assert run.status == 0, run.out
    entries = yaml.safe_load((content / "reasons" / "care-plan.yml").read_text(encoding="utf-8"))[-len(awkward) :]
    assert {entry["metric"]["value"] for entry in entries} == {0.00001}
    assert "    value: 0.00001\n" in (content / "reasons" / "care-plan.yml").read_text(encoding="utf-8")
    assert [(entry["result"], entry["story"]) for entry in entries] == [(f"{text} cut 3 days".strip(), text.strip()) for text in awkward]
    assert_checks_clean(decide, content)


def test_the_columns_are_the_yaml_fields(decide, content: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "reasons.csv"
    assert decide("export", "reasons", "-o", str(sheet), cwd=content.parent).status == 0
    assert sheet.read_text(encoding="utf-8").splitlines()[0] == (
        "result,offerings,problems,metric_value,metric_unit,metric_before,metric_after,metric_period,story,customer_industry,customer_size,source"
    )
    assert decide("export", "mistakes", "-o", str(sheet), cwd=content.parent).status == 0
    assert sheet.read_text(encoding="utf-8").splitlines()[0] == "title,consequence,avoid,offerings,problems,option"
