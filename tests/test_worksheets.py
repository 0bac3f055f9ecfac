"""Worksheets: the HTML each kind renders (golden files), and the PDFs `decide worksheet` writes, read back with pypdf.

A filled break-even worksheet must show exactly the numbers `decide calc` gives for the same figures, formatted as
the site formats them; a batch must write every good row and report every bad one; nothing a prospect's name or a
CSV cell holds may become markup.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from generator.compute.breakeven import defaults
from generator.compute.catalog import mistakes_about_offering, reason_entries, reasons_proving, strongest
from generator.compute.outlook import outlook
from generator.compute.plan import schedule
from generator.compute.relationship import stairs
from generator.formulas import parse, written_out
from generator.load.models import DEFAULT_DISCOUNT_RATE, ImplementationStep, RelationshipLevel
from generator.load.prospects import prospect_name, read_prospects
from generator.render.calculators import outlook_chart
from generator.render.markup import Formatter
from generator.render.worksheets import Prospect, WorksheetRenderer, letters, link_text
from generator.write.files import FileNames, safe_stem
from generator.write.pdf import paper_for
from tests.conftest import PROJECT, build_project
from tests.test_calculators import CALCULATOR_FILE, write_calculator

SCANNERS = "scan-to-ship-payback"
ON = "2026-11-27"
A4 = (595, 842)
LETTER = (612, 792)


def pdf_text(path: Path) -> list[str]:
    """Each page's text, with runs of white space made one space, as a reader copies it."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def page_size(path: Path) -> tuple[int, int]:
    box = pypdf.PdfReader(path).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def link_targets(path: Path) -> set[str]:
    targets = set()
    for page in pypdf.PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                targets.add(str(action["/URI"]))
    return targets


def fonts_embedded(path: Path) -> list[tuple[str, bool]]:
    """Each font the PDF uses, and whether its glyphs are in the file (a font file in its descriptor)."""
    found = []
    for page in pypdf.PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            found.append((str(font["/BaseFont"]), any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))))
    return found


@pytest.fixture(scope="module")
def renderer(example_content) -> WorksheetRenderer:
    return WorksheetRenderer(example_content, PROJECT / "templates")


@pytest.fixture(scope="module")
def formatter(example_content) -> Formatter:
    site = example_content.site.model
    return Formatter(site.locale, site.currency)


# The parts: formulas written out, dates, letters, file names, the CSV reader.


@pytest.mark.parametrize(
    ("formula", "written"),
    [
        ("a * b * 0.15", "A × B × 0.15"),
        ("a - (b - c)", "A − (B − C)"),
        ("(a - b) - c", "A − B − C"),
        ("a / (b * c)", "A ÷ (B × C)"),
        ("(a + b) * c", "(A + B) × C"),
        ("-(a + b)", "−(A + B)"),
        ("if(a > b, a, b) + 1", "if(A > B, A, B) + 1"),
        ("(a > b) == 1", "(A > B) = 1"),
        ("round(a / 3, 2)", "round(A ÷ 3, 2)"),
        ("max(a, b, 4330) * 12", "max(A, B, 4,330) × 12"),
        ("--a", "−(−A)"),
        ("a <= b", "A ≤ B"),
        ("a * 0.00045 * 1000", "A × 0.00045 × 1,000"),
    ],
)
def test_a_formula_is_written_out_with_the_parentheses_it_needs_and_no_more(formula, written):
    assert written_out(parse(formula, ["a", "b", "c"]), str.upper, Formatter("en-GB").exact) == written


def test_steps_follow_one_another_from_the_start_date():
    steps = [ImplementationStep(step="Map", owner="Us", weeks=1), ImplementationStep(step="Label", owner="You", weeks=2), ImplementationStep(step="Go live", owner="You", weeks=3)]
    planned = schedule(steps, date(2026, 12, 7))
    assert [(step.first_week, step.last_week) for step in planned] == [(1, 1), (2, 3), (4, 6)]
    assert [(step.starts, step.ends) for step in planned] == [
        (date(2026, 12, 7), date(2026, 12, 13)),
        (date(2026, 12, 14), date(2026, 12, 27)),
        (date(2026, 12, 28), date(2027, 1, 17)),
    ]
    assert all(step.starts is None and step.ends is None for step in schedule(steps))


def test_figures_are_lettered_as_a_spreadsheet_names_columns():
    assert letters(28)[:3] == ["A", "B", "C"]
    assert letters(28)[25:] == ["Z", "AA", "AB"]


def test_each_level_is_a_step_higher_than_the_one_before():
    levels = [RelationshipLevel(id=f"level-{n}", name=name, description="x") for n, name in enumerate(["Supplier", "A preferred supplier of long standing", "Partner"])]
    drawn = stairs(levels)
    assert [stair.number for stair in drawn] == [1, 2, 3]
    assert all(later.height > earlier.height and later.x > earlier.x for earlier, later in zip(drawn, drawn[1:], strict=False))
    assert len(drawn[1].lines) > 1 and " ".join(drawn[1].lines) == levels[1].name


@pytest.mark.parametrize(
    ("url", "written"),
    [
        ("mailto:sales@fernhollow.example?subject=Proposal%20request", "sales@fernhollow.example, subject: Proposal request"),
        ("mailto:a@b.example", "a@b.example"),
        ("tel:+44-20-7946-0000", "+44-20-7946-0000"),
        ("https://fernhollow.example/book", "https://fernhollow.example/book"),
    ],
)
def test_a_link_is_written_out_as_a_reader_types_it(url, written):
    assert link_text(url) == written


@pytest.mark.parametrize(("locale", "paper"), [("en-GB", "a4"), ("en-US", "letter"), ("de-DE", "a4"), ("es-MX", "letter"), ("zh-CN", "a4")])
def test_the_paper_follows_the_sites_locale(locale, paper):
    assert paper_for(locale) == paper


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Acme & Sons / North", "Acme-Sons-North"),
        ("../../etc/passwd", "etc-passwd"),
        ("<script>alert(1)</script>", "script-alert-1-script"),
        ("Zoë Ζωή 株式会社", "Zoë-Ζωή-株式会社"),
        ("CON", "CON-file"),
        ("...", "prospect"),
        ("x" * 300, "x" * 120),
        ("株" * 300, "株" * 40),
    ],
)
def test_a_prospect_name_becomes_a_file_name_safe_everywhere(name, stem):
    assert safe_stem(name) == stem


def test_two_prospects_never_share_a_file():
    names = FileNames(".pdf")
    assert [names.name_for(name) for name in ["Acme", "ACME", "Acme", "Acme/"]] == ["Acme.pdf", "ACME-2.pdf", "Acme-3.pdf", "Acme-4.pdf"]


def test_the_csv_reader_takes_what_spreadsheets_write(tmp_path: Path):
    sheet = tmp_path / "prospects.csv"
    sheet.write_text('\ufeffProspect;Pickers;;\r\n"Acme; North";12;;\r\n\r\n"Two\r\nLines Ltd";;;\r\nAcme\u2028North;7\r\n;5\r\nStray;1;;x\r\n', encoding="utf-8")
    found = read_prospects(sheet, ["pickers", "order_lines"])
    rows, problems = found.rows, found.problems
    assert [(row.line, row.prospect, row.figures) for row in rows] == [(2, "Acme; North", {"pickers": "12"}), (4, "Two Lines Ltd", {}), (6, "Acme North", {"pickers": "7"})]
    assert [(problem.line, problem.column, problem.column_name) for problem in problems] == [(7, 1, "prospect"), (8, 4, None)]
    assert "a name or figure with a semicolon in it needs quotes" in problems[1].message


def test_a_name_keeps_the_joiners_its_script_needs():
    assert prospect_name("می\u200cخواهم") == "می\u200cخواهم"
    assert prospect_name("Acme\tNorth\nLtd") == "Acme North Ltd"


@pytest.mark.parametrize(
    ("first_line", "message"),
    [
        ("name,pickers", "has no `prospect` column"),
        ("prospect,pickers,pickers", "names the column `pickers` more than once"),
        ("prospect,Pickers,PICKERS", "names the column `pickers` more than once"),
        ("", "is empty"),
        ("prospect,pickers\n", "has no prospects"),
    ],
)
def test_a_csv_the_batch_cannot_use_at_all_is_refused_before_anything_is_written(decide, tmp_path: Path, first_line, message):
    sheet = tmp_path / "prospects.csv"
    sheet.write_text(first_line if first_line.endswith("\n") else f"{first_line}\nAcme,12\n" if first_line else "", encoding="utf-8")
    run = decide("worksheet", "break-even", SCANNERS, "--from", str(sheet), "--out-dir", str(tmp_path / "out"))
    assert run.status == 1
    assert message in run.err
    assert not (tmp_path / "out").exists()


# The HTML of each kind, blank and filled.

GOLDEN_SHEETS = {
    "break-even-blank": lambda renderer: renderer.break_even(SCANNERS),
    "break-even-filled": lambda renderer: renderer.break_even(SCANNERS, Prospect("Acme Ltd", date(2026, 11, 27)), defaults(renderer.content.calculators[SCANNERS].model) | {"pickers": 20}),
    "plan-blank": lambda renderer: renderer.plan("scan-to-ship"),
    "plan-filled": lambda renderer: renderer.plan("scan-to-ship", Prospect("Acme Ltd", date(2026, 11, 27)), date(2026, 12, 7)),
    "assessment-blank": lambda renderer: renderer.assessment(),
    "assessment-filled": lambda renderer: renderer.assessment(Prospect("Acme Ltd", date(2026, 11, 27)), ["Jane Smith, Operations director", "Raj Patel, Finance"]),
    "reasons": lambda renderer: renderer.reasons_exercise(),
}


@pytest.mark.parametrize("sheet", GOLDEN_SHEETS)
def test_golden_worksheet_html(renderer, file_regression, sheet):
    """The stylesheet every worksheet carries inside it is left out: it is one file, templates/worksheets/worksheet.css."""
    html = GOLDEN_SHEETS[sheet](renderer).html
    assert html.count("<style>") == 1 and "@page" in html
    file_regression.check(re.sub(r"<style>.*</style>", "<style>(worksheet.css)</style>", html, flags=re.DOTALL), basename=sheet, extension=".html")


@pytest.mark.parametrize("sheet", GOLDEN_SHEETS)
def test_every_worksheet_ends_in_one_next_step(renderer, sheet):
    assert GOLDEN_SHEETS[sheet](renderer).html.count("data-next-action=") == 1


# Filled PDFs, read back.


def calc_json(decide, figures: dict[str, str]) -> dict:
    run = decide("calc", SCANNERS, "--format", "json", *(f"--set={name}={value}" for name, value in figures.items()))
    assert run.status == 0, run.err
    return json.loads(run.out)


def expected_words(result: dict, formatter: Formatter) -> list[str]:
    """The three results as the site writes them, for the figures `decide calc` was given, spaced as ``pdf_text`` spaces them."""
    months = result["break_even_month"]
    written = [
        f"after {formatter.months(months)} months" if months not in (None, 0) else ("from the start" if months == 0 else f"not within {len(result['monthly']) - 1} months"),
        formatter.money(result["net_at_horizon"]),
        formatter.percent(result["roi_percent"]) if result["roi_percent"] is not None else "none: nothing is spent",
    ]
    return [" ".join(words.split()) for words in written]


HELD_OUT = random.Random(8)


@pytest.mark.parametrize("seed", [HELD_OUT.randrange(10**6) for _ in range(4)])
def test_a_filled_break_even_worksheet_shows_exactly_what_decide_calc_gives(decide, example_content, formatter, tmp_path: Path, seed):
    """Held-out figures around the defaults (where the money comes back after some months, not at once), some left out."""
    calculator = example_content.calculators[SCANNERS].model
    generator = random.Random(seed)
    figures = {field.id: f"{generator.uniform(field.min, min(field.max, 2 * field.default)):.2f}" for field in calculator.inputs if generator.random() < 0.7}
    prospect = f"Prospect {seed} Ltd"
    output = tmp_path / "sheet.pdf"
    run = decide("worksheet", "break-even", SCANNERS, "--prospect", prospect, "--date", ON, "-o", str(output), *(f"--set={name}={value}" for name, value in figures.items()))
    assert run.status == 0, run.err
    text = " ".join(pdf_text(output))
    result = calc_json(decide, figures)
    for words in expected_words(result, formatter):
        assert words in text
    for field in calculator.inputs:
        assert formatter.figure(result["inputs"][field.id], field.unit) in text
    assert f"{prospect} Date 27 November 2026" in text
    assert example_content.site.model.name in text
    lines = [line.strip() for page in pypdf.PdfReader(output).pages for line in page.extract_text().splitlines()]
    for month, net in enumerate(result["monthly"]):
        assert any(line.split()[:1] == [str(month)] and line.split()[3:4] == [formatter.money(net)] for line in lines), f"month {month}"
    if result["break_even_month"]:
        assert f"= {formatter.months(result['break_even_month'])} months." in text, "the by-hand check ends in the same break-even"


def test_a_filled_worksheet_carries_the_proof_the_mistakes_and_one_next_step(decide, example_content, tmp_path: Path):
    output = tmp_path / "sheet.pdf"
    assert decide("worksheet", "break-even", SCANNERS, "--prospect", "Acme Ltd", "--date", ON, "-o", str(output)).status == 0
    text = " ".join(pdf_text(output))
    proof = strongest(reasons_proving(reason_entries(example_content), "scan-to-ship"), 3)
    assert all(entry.reason.metric for entry in proof)
    for entry in proof:
        assert " ".join(entry.reason.result.split()) in text
    for entry in mistakes_about_offering(example_content, "scan-to-ship"):
        assert entry.mistake.title in text
    action = example_content.actions["request-proposal"].model
    assert f"Next step: {action.label} sales@fernhollow.example" in text
    assert link_targets(output) == {action.url}


def test_a_pdf_is_a_real_document_with_its_title_author_fonts_and_paper(decide, tmp_path: Path):
    a4, letter = tmp_path / "a4.pdf", tmp_path / "letter.pdf"
    assert decide("worksheet", "break-even", SCANNERS, "--prospect", "Acme Ltd", "--date", ON, "-o", str(a4)).status == 0
    assert decide("worksheet", "break-even", SCANNERS, "--prospect", "Acme Ltd", "--date", ON, "--paper", "letter", "-o", str(letter)).status == 0
    metadata = pypdf.PdfReader(a4).metadata
    assert metadata.title == "When do scanners pay for themselves? (for Acme Ltd)"
    assert metadata.author == "Fernhollow Systems"
    fonts = fonts_embedded(a4)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert page_size(a4) == A4 and page_size(letter) == LETTER
    assert len(pypdf.PdfReader(a4).pages) == 5
    assert 5 <= len(pypdf.PdfReader(letter).pages) <= 6


def test_no_row_and_no_chart_is_split_across_pages(decide, example_content, formatter, tmp_path: Path):
    """Each month's row reads whole on one line of one page, and the chart's four labels share a page, on both papers."""
    calculator = example_content.calculators[SCANNERS].model
    found = outlook(calculator, defaults(calculator), DEFAULT_DISCOUNT_RATE)
    result, chart = found.result, outlook_chart(found)
    for paper in ("a4", "letter"):
        output = tmp_path / f"{paper}.pdf"
        assert decide("worksheet", "break-even", SCANNERS, "--prospect", "Acme Ltd", "--date", ON, "--paper", paper, "-o", str(output)).status == 0
        pages = [[line.strip() for line in page.extract_text().splitlines()] for page in pypdf.PdfReader(output).pages]
        for month, net in enumerate(result.monthly):
            row = f"{month} {formatter.money(result.paid[month])} {formatter.money(result.gained[month])} {formatter.money(net)} {formatter.money(found.discounted[month])}"
            assert sum(lines.count(row) for lines in pages) == 1, (paper, row)
        labels = ["Month 0", "Month 36", formatter.money(chart.highest), formatter.money(chart.lowest)]
        assert any(all(label in lines for label in labels) for lines in pages), paper


@pytest.mark.parametrize("name", ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "Zoë Ζωή 株式会社 & Söhne"])
def test_a_prospect_name_is_printed_as_written_and_never_becomes_markup(decide, tmp_path: Path, name):
    page, pdf = tmp_path / "sheet.html", tmp_path / "sheet.pdf"
    assert decide("worksheet", "plan", "scan-to-ship", "--prospect", name, "--date", ON, "-o", str(page)).status == 0
    assert decide("worksheet", "plan", "scan-to-ship", "--prospect", name, "--date", ON, "-o", str(pdf)).status == 0
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "<img src=x" not in html
    assert "default-src 'none'" in html, "and the page could not run or load anything even if it did"
    assert name in " ".join(pdf_text(pdf))
    assert pypdf.PdfReader(pdf).metadata.title.endswith(f"(for {name})")


def test_a_filled_plan_dates_each_step_from_the_start(decide, example_content, tmp_path: Path):
    output = tmp_path / "plan.pdf"
    assert decide("worksheet", "plan", "scan-to-ship", "--prospect", "Acme Ltd", "--start", "2026-12-07", "--date", ON, "-o", str(output)).status == 0
    text = " ".join(pdf_text(output))
    assert "Starting on 7 December 2026, the last step ends on 7 February 2027." in text
    for planned in schedule(example_content.offerings["scan-to-ship"].model.implementation, date(2026, 12, 7)):
        assert planned.step.owner in text
        assert f"{planned.starts.day} {planned.starts.strftime('%b')} {planned.starts.year} to" in text


def test_a_filled_assessment_has_a_part_for_each_stakeholder(decide, example_content, tmp_path: Path):
    output = tmp_path / "assessment.pdf"
    people = ["Jane Smith, Operations director", "Raj Patel, Finance"]
    assert decide("worksheet", "assessment", "--prospect", "Acme Ltd", "--date", ON, *(f"--stakeholder={person}" for person in people), "-o", str(output)).status == 0
    text = " ".join(pdf_text(output))
    relationship = example_content.relationship.model
    for person in people:
        assert person in text
    assert text.count(relationship.questions[0].text) == len(people)
    for level in relationship.levels:
        assert level.name in text
    for touchpoint in relationship.touchpoints:
        assert touchpoint.name in text


def test_the_reasons_exercise_asks_for_twenty_with_the_rules_beside_them(decide, tmp_path: Path):
    output = tmp_path / "reasons.pdf"
    assert decide("worksheet", "reasons", "--offering", "scan-to-ship", "-o", str(output)).status == 0
    text = " ".join(pdf_text(output))
    assert "20. Customer and situation" in text
    assert "What makes a good reason" in text
    assert "Next step: hand this sheet to whoever keeps the reasons catalog" in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["break-even", SCANNERS, "--prospect", "Acme", "-o", "sheet.txt"], "must end in .pdf or .html"),
        (["break-even", SCANNERS, "--prospect", "Acme"], "-o FILE.pdf"),
        (["break-even", SCANNERS, "--from", "prospects.csv"], "--from and --out-dir go together"),
        (["break-even", SCANNERS, "--from", "prospects.csv", "--out-dir", "out", "--prospect", "Acme"], "--prospect cannot be used with --from"),
        (["break-even", SCANNERS, "--prospect", " ", "-o", "sheet.pdf"], "give the prospect's name"),
        (["plan", "scan-to-ship", "--start", "7/12/2026", "-o", "plan.pdf"], "does not match the format '%Y-%m-%d'"),
        (["break-even", SCANNERS, "--set", "pickers", "-o", "sheet.pdf"], "is not of the form INPUT=VALUE"),
        (["break-even", SCANNERS, "--from", "prospects.csv", "--out-dir", "out", "--set", "pickers=3"], "--set cannot be used with --from"),
        (["break-even", SCANNERS, "--prospect", "Acme", "--jobs", "2", "-o", "sheet.pdf"], "--jobs and --overwrite go with them"),
        (["break-even", SCANNERS, "--prospect", "Acme", "--overwrite", "-o", "sheet.pdf"], "--jobs and --overwrite go with them"),
    ],
)
def test_a_misused_command_says_how_to_use_it(decide, project: Path, arguments, message):
    before = set(project.iterdir())
    run = decide("worksheet", *arguments, cwd=project)
    assert run.status == 2
    assert message in run.err
    assert set(project.iterdir()) == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["break-even", "scan-to-ship", "--prospect", "Acme", "-o", "x.pdf"], "There is no calculator `scan-to-ship`. Did you mean `scan-to-ship-payback`?"),
        (["break-even", SCANNERS, "--prospect", "Acme", "--set", "pickers=5000", "-o", "x.pdf"], "`pickers` must be a number from 1 to 200 (got `5000`)"),
        (["plan", "scan-to-shop", "-o", "x.pdf"], "There is no offering `scan-to-shop`"),
        (["assessment", "--offering", "nope", "-o", "x.pdf"], "There is no offering `nope`"),
        (["plan", "scan-to-ship", "--start", "9999-12-01", "-o", "x.pdf"], "the plan would end after the year 9999"),
        (["break-even", SCANNERS, "--prospect", "Acme", "--set", "pickers=1,5", "-o", "x.pdf"], "written with a decimal point, not a comma"),
    ],
)
def test_a_wrong_id_or_figure_is_named_and_nothing_is_written(decide, project: Path, arguments, message):
    run = decide("worksheet", *arguments, cwd=project)
    assert run.status == 1
    assert message in run.err
    assert not (project / "x.pdf").exists()


def test_without_a_relationship_file_the_assessment_says_what_is_missing(decide, project: Path):
    (project / "content" / "relationship.yml").unlink()
    run = decide("worksheet", "assessment", "-o", "x.pdf", cwd=project)
    assert run.status == 1
    assert "There is no content/relationship.yml" in run.err


# Batches.


def test_a_batch_writes_every_good_row_and_reports_every_bad_one(decide, formatter, tmp_path: Path):
    sheet = tmp_path / "prospects.csv"
    sheet.write_text(
        "prospect,pickers,order_lines\n"
        "Acme Ltd,20,\n"
        "Acme Ltd,30,900\n"
        "Bad figures,abc,100\n"
        ",5,100\n"
        '"Zoë ""Z"" & Co / North",7.5,250\n'
        "Out of range,12,99999\n"
        "Too many,1,2,3\n"
        "<b>Bold</b>,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = decide("worksheet", "break-even", SCANNERS, "--from", str(sheet), "--out-dir", str(out), "--date", ON, "--jobs", "2")
    assert run.status == 1
    assert sorted(path.name for path in out.iterdir()) == sorted(["Acme-Ltd.pdf", "Acme-Ltd-2.pdf", "Zoë-Z-Co-North.pdf", "b-Bold-b.pdf"])
    assert f"{sheet}:4, column 2 (pickers): pickers must be a number from 1 to 200 (got `abc`)" in run.err
    assert f"{sheet}:5, column 1 (prospect): the prospect's name is empty" in run.err
    assert f"{sheet}:7, column 3 (order_lines): order_lines must be a number from" in run.err
    assert f"{sheet}:8, column 4: this cell is in a column the first line gives no name" in run.err
    assert "Wrote 4 worksheets" in run.err and "4 rows of" in run.err
    for name, prospect, figures in [("Acme-Ltd-2.pdf", "Acme Ltd", {"pickers": "30", "order_lines": "900"}), ("Zoë-Z-Co-North.pdf", 'Zoë "Z" & Co / North', {"pickers": "7.5", "order_lines": "250"})]:
        text = " ".join(pdf_text(out / name))
        assert prospect in text
        for words in expected_words(calc_json(decide, figures), formatter):
            assert words in text


def test_a_batch_with_only_good_rows_exits_zero(decide, tmp_path: Path):
    sheet = tmp_path / "prospects.csv"
    sheet.write_text("prospect\nAcme Ltd\nGlobex\n", encoding="utf-8")
    run = decide("worksheet", "break-even", SCANNERS, "--from", str(sheet), "--out-dir", str(tmp_path / "out"), "--jobs", "1")
    assert run.status == 0, run.err
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["Acme-Ltd.pdf", "Globex.pdf"]
    assert "Writing 2 worksheets" in run.err


# In another locale.


def test_a_worksheet_in_another_locale_formats_as_its_site_does(decide, project: Path):
    site = project / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("locale: en-GB", "locale: de-DE").replace("currency: GBP", "currency: EUR"), encoding="utf-8")
    output = project / "sheet.pdf"
    assert decide("worksheet", "break-even", SCANNERS, "--prospect", "Müller GmbH", "--date", ON, "-o", str(output), cwd=project).status == 0
    result = json.loads(decide("calc", SCANNERS, "--format", "json", cwd=project).out)
    text = " ".join(pdf_text(output))
    german = Formatter("de-DE", "EUR")
    for words in (f"nach {german.months(result['break_even_month'])} Monaten", german.money(result["net_at_horizon"]), german.percent(result["roi_percent"])):
        assert " ".join(words.split()) in text
    assert "27. November 2026" in text
    assert "Seite 1 von " in text and "Page 1" not in text
    assert page_size(output) == A4


# On the site.


def test_the_site_offers_every_blank_worksheet_as_a_page_and_a_pdf(example_site: Path, example_content):
    expected = [f"worksheets/break-even/{calculator}" for calculator in example_content.calculators]
    expected += [f"worksheets/plan/{offering}" for offering in example_content.offerings]
    expected += ["worksheets/assessment"]
    for stem in expected:
        page, pdf = example_site / f"{stem}.html", example_site / f"{stem}.pdf"
        assert page.is_file() and pdf.is_file(), stem
        text = " ".join(pdf_text(pdf))
        assert "Prepared for Date" in text or "Your name Date" in text
        assert "Back to Fernhollow Systems" not in text
    calculator_page = (example_site / "calculators" / SCANNERS / "index.html").read_text(encoding="utf-8")
    assert f'href="../../worksheets/break-even/{SCANNERS}.pdf"' in calculator_page
    offering_page = (example_site / "offerings" / "scan-to-ship" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../worksheets/plan/scan-to-ship.pdf"' in offering_page


def test_a_blank_break_even_worksheet_is_a_worked_example_with_room_for_your_figures(example_site: Path, example_content, formatter):
    text = " ".join(pdf_text(example_site / "worksheets" / "break-even" / f"{SCANNERS}.pdf"))
    assert "The example gets the money back in month 5." in text
    assert "Example Yours" in text
    calculator = example_content.calculators[SCANNERS].model
    assert all(field.label in text for field in calculator.inputs)
    assert "Prepared for Date" in text


@pytest.mark.parametrize(
    ("settings", "sentences"),
    [
        (
            ["saving=70"],
            [
                "You get the money back in month 9.",
                "The running total is -£80 at the end of month 8 and £60 at the end of month 9, so the money comes back during month 9: 8 + £80 ÷ (£60 + £80) = 8.6 months.",
                "= £480 ÷ £1,200 × 100 = 40%",
            ],
        ),
        (
            ["price=0"],
            [
                "The benefits cover the costs from the very start.",
                "The running total is already £0 at the start, after what is paid once, so break-even is month 0.",
                "Nothing is paid in months 0 to 12",
            ],
        ),
        (["saving=0"], ["Within 12 months the benefits do not cover the costs.", "The running total is still below zero after month 12", "= -£1,200 ÷ £1,200 × 100 = -100%"]),
    ],
)
def test_the_by_hand_check_says_what_the_running_total_shows(decide, project: Path, settings, sentences):
    write_calculator(project / "content", CALCULATOR_FILE)
    output = project / "known.pdf"
    run = decide("worksheet", "break-even", "known", "--prospect", "Acme", *(f"--set={setting}" for setting in settings), "-o", str(output), cwd=project)
    assert run.status == 0, run.err
    text = " ".join(pdf_text(output))
    for sentence in sentences:
        assert sentence in text


def test_an_upper_case_suffix_still_gets_a_pdf(decide, tmp_path: Path):
    output = tmp_path / "Sheet.PDF"
    assert decide("worksheet", "plan", "scan-to-ship", "-o", str(output)).status == 0
    assert output.read_bytes().startswith(b"%PDF-")


def test_a_folder_at_a_worksheets_name_stops_the_batch_before_anything_is_written(decide, tmp_path: Path):
    sheet = tmp_path / "prospects.csv"
    sheet.write_text("prospect\nAcme Ltd\nGlobex\nInitech\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / "Globex.pdf").mkdir(parents=True)
    run = decide("worksheet", "break-even", SCANNERS, "--from", str(sheet), "--out-dir", str(out), "--jobs", "2", "--overwrite")
    assert run.status == 1
    assert f"{out} has Globex.pdf at the name of a worksheet this batch writes, as a symbolic link, folder or device" in run.err
    assert [path.name for path in out.iterdir()] == ["Globex.pdf"], "nothing is written, and no temporary file is left behind"


def test_an_out_dir_that_is_a_file_is_a_plain_error(decide, tmp_path: Path):
    sheet = tmp_path / "prospects.csv"
    sheet.write_text("prospect\nAcme Ltd\n", encoding="utf-8")
    (tmp_path / "shared").write_text("not a folder", encoding="utf-8")
    run = decide("worksheet", "break-even", SCANNERS, "--from", str(sheet), "--out-dir", str(tmp_path / "shared" / "out"))
    assert run.status == 1
    assert "Cannot make the folder" in run.err and "a file of that name is in the way" in run.err


def test_a_site_without_a_relationship_file_or_implementation_steps_offers_the_other_worksheets(english_project: Path):
    project = english_project
    (project / "content" / "relationship.yml").unlink()
    offering = project / "content" / "offerings" / "care-plan.yml"
    written = offering.read_text(encoding="utf-8")
    offering.write_text(written[: written.index("implementation:")], encoding="utf-8")
    site = build_project(project)
    assert not (site / "worksheets" / "assessment.html").exists()
    assert not (site / "worksheets" / "plan" / "care-plan.pdf").exists()
    assert (site / "worksheets" / "plan" / "scan-to-ship.pdf").is_file()
    index = (site / "worksheets" / "index.html").read_text(encoding="utf-8")
    assert "Relationship assessment" not in index and "Putting Care Plan in place" not in index
    assert "worksheets/plan/" not in (site / "offerings" / "care-plan" / "index.html").read_text(encoding="utf-8")
