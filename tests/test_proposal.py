"""Proposal packs: `decide proposal` read back with pypdf (parts, bookmarks, page numbers, metadata, links, fonts), the
summary's figures against `decide calc`, the rules that choose the reasons and mistakes, and the values it refuses.

Each PDF is made once per module: a pack takes over a second to lay out.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import sys
from pathlib import Path

import pypdf
import pytest

from generator.cli import main
from generator.compute.catalog import MistakeEntry, OptionLink, ReasonEntry, mistakes_about_offering
from generator.compute.proposal import mistakes_that_matter, reasons_like, size_number
from generator.load.models import Customer, Metric, Mistake, Offering, Reason
from generator.render.markup import Formatter
from generator.render.proposal import Contact
from tests.conftest import EXAMPLE_CONTENT, copy_project

OWNER = ("--owner", "Jane Smith", "--owner-email", "jane.smith@fernhollow.example", "--owner-phone", "+44 (0)7700 900 123")
FIGURES = {"pickers": "20", "error_rate": "2.5"}
ON = "2026-11-27"
SCAN_TO_SHIP_PARTS = ["Scan-to-Ship: a proposal", "Summary", "Break-even worksheet", "Implementation plan", "Mistakes to avoid"]


def run_decide(*args: str, cwd: Path) -> int:
    """`decide ARGS` through its real entry point, for fixtures made once per module (the `decide` fixture is per test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        patch.setattr(sys, "argv", ["decide", *args])
        with pytest.raises(SystemExit) as stopped:
            main()
    return stopped.value.code or 0


def pack_args(offering: str, output: Path, *extra: str) -> list[str]:
    return ["proposal", offering, "--prospect", "Acme Ltd", "--date", ON, "-o", str(output), *extra]


@pytest.fixture(scope="module")
def scan_pack(example_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("pack") / "acme.pdf"
    settings = [f"--set={name}={value}" for name, value in FIGURES.items()]
    assert run_decide(*pack_args("scan-to-ship", output, *OWNER, "--start", "2027-03-01", "--industry", "Pharmaceutical wholesale", "--size", "150", *settings), cwd=example_project) == 0
    return output


@pytest.fixture(scope="module")
def plain_pack(example_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pack for an offering without a calculator, and without an owner: the company is the contact."""
    output = tmp_path_factory.mktemp("pack") / "care.pdf"
    assert run_decide(*pack_args("care-plan", output), cwd=example_project) == 0
    return output


@functools.cache
def pages_text(path: Path) -> list[str]:
    """Each page's text, spaces made single; read once per file, since pypdf takes a while over a pack."""
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def outline(path: Path) -> list[tuple[int, str, int]]:
    """The bookmarks as (level, title, page index), in order."""
    reader = pypdf.PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return found


def link_targets(path: Path) -> set[str]:
    return {str(annotation.get_object()["/A"]["/URI"]) for page in pypdf.PdfReader(path).pages for annotation in page.get("/Annots") or [] if "/URI" in (annotation.get_object().get("/A") or {})}


def test_a_pack_has_each_part_as_a_bookmark_from_a_page_of_its_own(scan_pack: Path):
    parts = [(title, page) for level, title, page in outline(scan_pack) if level == 1]
    assert [title for title, _ in parts] == SCAN_TO_SHIP_PARTS
    pages = [page for _, page in parts]
    assert pages[:3] == [0, 1, 2], "the cover, then a summary of one page, then the worksheet"
    assert pages == sorted(set(pages))
    sections = [title for level, title, _ in outline(scan_pack) if level == 2]
    assert "Month by month" in sections and "The steps" in sections


def test_every_page_is_numbered_across_the_whole_pack(scan_pack: Path):
    text = pages_text(scan_pack)
    assert len(text) >= 6
    for number, page in enumerate(text, start=1):
        assert f"Page {number} of {len(text)}" in page


def test_a_pack_has_its_title_author_subject_fonts_and_working_links(scan_pack: Path, plain_pack: Path, example_content):
    reader = pypdf.PdfReader(scan_pack)
    assert reader.metadata.title == "Scan-to-Ship: a proposal for Acme Ltd"
    assert reader.metadata.author == "Jane Smith, Fernhollow Systems"
    assert reader.metadata.subject.startswith("Why Scan-to-Ship for Acme Ltd")
    assert pypdf.PdfReader(plain_pack).metadata.author == "Fernhollow Systems"
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"].get("/Font", {}).values()]
    descriptors = [font["/DescendantFonts"][0].get_object()["/FontDescriptor"] for font in fonts]
    assert descriptors and all("/FontFile2" in descriptor or "/FontFile3" in descriptor for descriptor in descriptors), "every font is embedded"
    action = example_content.actions[example_content.offerings["scan-to-ship"].model.action].model
    assert link_targets(scan_pack) == {"mailto:jane.smith@fernhollow.example", "tel:+447700900123", action.url}


def test_the_cover_names_the_offering_the_prospect_the_date_and_the_owner(scan_pack: Path):
    cover = pages_text(scan_pack)[0]
    for words in ("PROPOSAL", "Scan-to-Ship: a proposal", "Prepared for Acme Ltd", "Date 27 November 2026", "Prepared by Jane Smith, Fernhollow Systems"):
        assert words in cover


def test_the_summary_shows_what_decide_calc_gives_for_the_same_figures(scan_pack: Path, decide, example_content):
    run = decide("calc", "scan-to-ship-payback", "--format", "json", *(f"--set={name}={value}" for name, value in FIGURES.items()))
    result = json.loads(run.out)
    site = example_content.site.model
    formatter = Formatter(site.locale, site.currency)
    summary = pages_text(scan_pack)[1]
    assert f"Break-even after {formatter.months(result['break_even_month'])} months" in summary
    assert f"Net after 36 months {formatter.money(result['net_at_horizon'])}" in summary
    assert f"Return on what you spend {formatter.percent(result['roi_percent'])}" in summary
    assert f"Present value at 8% a year {formatter.money(result['npv'])}" in summary
    waiting = next(waiting["cost"] for waiting in result["waiting"] if waiting["months"] == 1)
    assert f"Each month you wait costs about {formatter.money(waiting)}." in summary
    assert f"break-even comes after {formatter.months(result['discounted_break_even_month'])} months" in summary
    for scenario in result["scenarios"]:
        row = f"{scenario['label']} after {formatter.months(scenario['break_even_month'])} months {formatter.money(scenario['net_at_horizon'])} {formatter.percent(scenario['roi_percent'])}"
        assert row in summary
    assert len(result["scenarios"]) == 3
    assert "Your contact: Jane Smith, jane.smith@fernhollow.example, +44 (0)7700 900 123" in summary


def test_the_summary_lists_the_reasons_most_like_the_prospect_and_the_mistakes_that_matter_most(scan_pack: Path, example_content):
    summary = pages_text(scan_pack)[1]
    reasons, mistakes = summary.split("What customers like you got")[1].split("The mistakes that matter most")
    assert reasons.count("Pharmaceutical wholesale") == 2, "both pharmaceutical wholesalers first, nearest in size first"
    assert reasons.index("Pharmaceutical wholesale, 150 staff") < reasons.index("Pharmaceutical wholesale, 130 staff")
    chosen = [entry.mistake.title for entry in mistakes_that_matter(mistakes_about_offering(example_content, "scan-to-ship"), "scan-to-ship", example_content.offerings["scan-to-ship"].model)]
    assert [title for title in chosen if title in mistakes] == chosen


def test_the_worksheets_in_a_pack_are_those_decide_worksheet_writes(decide, tmp_path: Path):
    """The parts are rendered by the worksheets' own templates, not a copy: the sheet is in the pack word for word."""
    sheet, pack = tmp_path / "sheet.html", tmp_path / "pack.html"
    settings = [f"--set={name}={value}" for name, value in FIGURES.items()]
    assert decide("worksheet", "break-even", "scan-to-ship-payback", "--prospect", "Acme Ltd", "--date", ON, "-o", str(sheet), *settings).status == 0
    assert decide(*pack_args("scan-to-ship", pack, *settings)).status == 0
    html = sheet.read_text()
    part = html.split("<main>\n", 1)[1].split('<section aria-labelledby="proof">', 1)[0]
    assert 'data-item="benefits-0"' in part and part in pack.read_text()


def test_a_pack_for_an_offering_without_a_calculator_leaves_the_figures_out(plain_pack: Path, example_content):
    assert [title for level, title, _ in outline(plain_pack) if level == 1] == ["Care Plan: a proposal", "Summary", "Implementation plan", "Mistakes to avoid"]
    summary = pages_text(plain_pack)[1]
    assert "There are no figures in this pack: Care Plan has no break-even calculator yet" in summary
    footer = example_content.site.model.footer
    assert f"Your contact: Fernhollow Systems, {footer.email}, {footer.phone}" in summary
    assert "Break-even" not in " ".join(pages_text(plain_pack))


MIX = [
    ("Widget making", "500 staff", True),
    ("WIDGET  making", "90 staff", False),
    ("Lamp making", "100 staff", True),
    ("widget Making", None, True),
    ("Widget making", "110 staff", True),
    ("Lamp making", "95 staff", False),
    (None, None, True),
]
"""Reasons for an offering made for the test, numbered from 1 in catalog order: (industry, size, with a metric)."""


@pytest.fixture(scope="module")
def mixed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with one more offering, proved only by the reasons of ``MIX``."""
    project = copy_project(tmp_path_factory.mktemp("mixed"), EXAMPLE_CONTENT)
    content = project / "content"
    (content / "offerings" / "widget-line.yml").write_text("name: Widget Line\nsummary: Scanning for widget makers.\nproblems: [picking-errors]\n")
    lines = []
    for number, (industry, size, metric) in enumerate(MIX, start=1):
        lines += [f"- result: Mixed reason {number} cut its mis-picks by a third.", "  offerings: [widget-line]"]
        lines += ["  customer:", f'    industry: "{industry}"'] if industry else []
        lines += [f'    size: "{size}"'] if size else []
        lines += ["  metric: {value: 30, unit: '% fewer mis-picks'}"] if metric else []
    (content / "reasons" / "widget-line.yml").write_text("\n".join(lines) + "\n")
    return project


@pytest.mark.parametrize(
    ("given", "chosen"),
    [
        (["--industry", "Widget Making", "--size", "100"], [5, 2, 1]),  # same industry in any case; 110 and 90 are as near, 110 has a metric
        (["--industry", "widget making", "--size", "480"], [1, 5, 2]),
        (["--industry", "Lamp making", "--size", "100"], [3, 6, 5]),  # both lamp makers, then the nearest in size
        (["--industry", "Glass", "--size", "92"], [2, 6, 3]),  # no industry matches: the nearest in size
        ([], [1, 3, 4]),  # nothing known of the prospect: those with a metric, in catalog order
    ],
)
def test_the_reasons_chosen_follow_the_rule_on_a_mix_of_industries_and_sizes(decide, mixed_project: Path, tmp_path: Path, given, chosen):
    pack = tmp_path / "pack.html"
    run = decide(*pack_args("widget-line", pack, *given), cwd=mixed_project)
    assert run.status == 0, run.err
    summary = pack.read_text().split('id="pack-reasons"', 1)[1].split('id="pack-key-mistakes"', 1)[0]
    shown = [number for number in range(1, len(MIX) + 1) if f"Mixed reason {number} " in summary]
    assert sorted(shown, key=lambda number: summary.index(f"Mixed reason {number} ")) == chosen


def entry(industry: str | None, size: str | None = None, metric: bool = False, name: str = "") -> ReasonEntry:
    customer = Customer(industry=industry, size=size) if industry else None
    reason = Reason(result=name or "A result.", offerings=["x"], customer=customer, metric=Metric(value=1, unit="hours") if metric else None)
    return ReasonEntry(name, reason, ())


@pytest.mark.parametrize(("phone", "link"), [("+44 (0)7700 900 123", "tel:+447700900123"), ("01423 496021", "tel:01423496021"), ("+1 (212) 555-0100", "tel:+12125550100"), (None, None)])
def test_a_phone_number_becomes_the_link_a_phone_dials(phone, link):
    assert Contact("Jane", phone=phone).tel == link


@pytest.mark.parametrize(("size", "number"), [("250 staff", 250), ("1,200 staff", 1200), ("12.5m turnover", 12.5), ("about 40", None), ("", None), (None, None)])
def test_a_size_is_the_number_it_starts_with(size, number):
    assert size_number(size) == number


def test_reasons_are_ranked_by_industry_then_size_then_metric_in_catalog_order():
    entries = [
        entry("Retail", "100 staff", True, "a"),
        entry("Food", None, True, "b"),
        entry("food", "300 staff", False, "c"),
        entry("Food ", "300 staff", True, "d"),
        entry(None, None, True, "e"),
        entry("Food", "90", False, "f"),
    ]
    assert [chosen.anchor for chosen in reasons_like(entries, "FOOD", 120)] == ["f", "d", "c"]
    assert [chosen.anchor for chosen in reasons_like(entries, "FOOD", None, limit=6)] == ["b", "d", "c", "f", "a", "e"]
    assert [chosen.anchor for chosen in reasons_like(entries, None, None, limit=6)] == ["a", "b", "d", "e", "c", "f"]


def test_the_mistakes_that_matter_most_name_the_offering_and_more_of_its_problems():
    offering = Offering(name="Scanning", summary="Scans.", problems=["errors", "stock"], options=[])

    def mistake(title: str, offerings: list[str], problems: list[str], avoided: bool = False) -> MistakeEntry:
        link = OptionLink("scan", "Scanning", "kit", "Kit") if avoided else None
        return MistakeEntry(Mistake(title=title, consequence="Costly.", avoid="Do this.", offerings=offerings, problems=problems), link, {})

    entries = [
        mistake("only an option", [], ["errors", "stock"], avoided=True),
        mistake("one problem", ["scan"], ["errors"]),
        mistake("two problems", ["scan"], ["errors", "stock"]),
        mistake("one problem, avoided", ["scan"], ["stock"], avoided=True),
    ]
    assert [chosen.mistake.title for chosen in mistakes_that_matter(entries, "scan", offering, limit=4)] == ["two problems", "one problem, avoided", "one problem", "only an option"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["scan-to-shipp"], "There is no offering `scan-to-shipp`. Did you mean `scan-to-ship`?"),
        (["scan-to-ship", "--set", "pickerz=3"], "`pickerz` is not an input of this calculator"),
        (["scan-to-ship", "--set", "pickers=0"], "`pickers` must be a number from 1 to 200 (got `0`)"),
        (["scan-to-ship", "--start", "2027-02-30"], "--start must be a date written YYYY-MM-DD"),
        (["scan-to-ship", "--owner-email", "jane at example.com"], "--owner-email must be an e-mail address such as"),
        (["scan-to-ship", "--owner-phone", "call me"], "--owner-phone must be a phone number of 5 to 20 digits"),
        (["scan-to-ship", "--size", "1e3"], "--size must be a number from 0"),
        (["scan-to-ship", "--calculator", "stock-planner-payback"], "The calculator `stock-planner-payback` is about `stock-planner`, not `scan-to-ship`"),
        (["care-plan", "--set", "pickers=3"], "The offering `care-plan` has no calculator"),
        (["scan-to-ship", "--start", "9999-12-01"], "--start would make the plan end after the year 9999"),
    ],
)
def test_a_value_that_cannot_be_used_is_named_and_nothing_is_written(decide, tmp_path: Path, arguments, message):
    output = tmp_path / "pack.pdf"
    run = decide("proposal", arguments[0], "--prospect", "Acme Ltd", "-o", str(output), *arguments[1:])
    assert run.status == 1
    assert message in run.err
    assert not output.exists() and not list(tmp_path.iterdir())


def test_names_in_a_pack_are_text_never_markup(decide, tmp_path: Path):
    pack = tmp_path / "pack.html"
    hostile = "<script>alert(1)</script>"
    assert decide(*pack_args("scan-to-ship", pack, "--owner", f'<img src=x onerror="alert(1)">{hostile}', "--industry", hostile)).status == 0
    html = pack.read_text()
    assert "<script>" not in html and "<img src=x" not in html
    assert "Acme Ltd" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


CRM_EXPORT = """Prospect;PICKERS;Error Rate;Owner;Owner Email;OWNER_PHONE;Industry;Size;Start;Lead Score;CRM Id
Acme Ltd;20;2.5;Jane Smith;jane.smith@fernhollow.example;+44 (0)7700 900 123;Pharmaceutical wholesale;150;2027-03-01 09:00:00;87;A-1
Globex;;;Tom Reed;tom at fernhollow;;;;;12;A-2
Initech;;;;;;;;;40;A-3
"""


@pytest.fixture(scope="module")
def crm_batch(example_project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, str]:
    """A CRM's export, with columns decide does not know and headers in any case, made into packs; one row is bad."""
    folder = tmp_path_factory.mktemp("crm")
    export, out = folder / "export.csv", folder / "packs"
    export.write_text(CRM_EXPORT)
    with contextlib.redirect_stderr(io.StringIO()) as said:
        status = run_decide("proposal", "scan-to-ship", "--from", str(export), "--out-dir", str(out), "--date", ON, "--jobs", "2", cwd=example_project)
    return export, out, status, said.getvalue()


def test_a_crm_export_becomes_a_pack_per_good_row_with_its_owner_and_figures(crm_batch, decide, example_content):
    export, out, status, said = crm_batch
    assert status == 1, said
    assert sorted(path.name for path in out.iterdir()) == ["Acme-Ltd.pdf", "Initech.pdf"]
    assert said.count("Lead Score") == 1 and said.count("CRM Id") == 1, "the columns ignored are listed once"
    assert f"{export}:3, column 5 (owner_email): owner_email must be an e-mail address" in said
    acme = pages_text(out / "Acme-Ltd.pdf")
    assert "Prepared by Jane Smith, Fernhollow Systems" in acme[0]
    result = json.loads(decide("calc", "scan-to-ship-payback", "--format", "json", "--set", "pickers=20", "--set", "error_rate=2.5").out)
    site = example_content.site.model
    assert f"Net after 36 months {Formatter(site.locale, site.currency).money(result['net_at_horizon'])}" in acme[1]
    assert "Pharmaceutical wholesale, 150 staff" in acme[1]
    assert "Starting on 1 March 2027" in " ".join(acme)
    assert f"Your contact: Fernhollow Systems, {site.footer.email}" in pages_text(out / "Initech.pdf")[1]


def test_a_batch_run_again_with_skip_existing_writes_only_the_packs_missing(crm_batch, decide):
    export, out, _, _ = crm_batch
    export.write_text(CRM_EXPORT.replace("tom at fernhollow", "tom.reed@fernhollow.example"))
    written = {path.name: path.stat().st_mtime_ns for path in out.iterdir()}
    run = decide("proposal", "scan-to-ship", "--from", str(export), "--out-dir", str(out), "--skip-existing", "--jobs", "1")
    assert run.status == 0, run.err
    assert "Wrote 1 proposal" in run.err and "skipped 2 already there" in run.err
    assert {path.name: path.stat().st_mtime_ns for path in out.iterdir() if path.name in written} == written
    assert "Tom Reed" in pages_text(out / "Globex.pdf")[0]


def test_a_workbook_export_with_a_date_cell_and_odd_headers_becomes_packs(decide, tmp_path: Path):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([" PROSPECT ", "Pickers", "owner", "Industry", "START", "Deal Stage"])
    sheet.append(["Umbrella plc", 30, "Sam Lee", "Food distribution", datetime(2027, 4, 5, 9, 30), "Proposal"])
    workbook.save(tmp_path / "export.xlsx")
    out = tmp_path / "packs"
    run = decide("proposal", "scan-to-ship", "--from", str(tmp_path / "export.xlsx"), "--out-dir", str(out), "--jobs", "1")
    assert run.status == 0, run.err
    assert "Deal Stage" in run.err
    text = pages_text(out / "Umbrella-plc.pdf")
    assert "Prepared by Sam Lee" in text[0]
    assert "Starting on 5 April 2027" in " ".join(text)


def test_a_pack_needs_a_prospect_and_a_file_to_write(decide, tmp_path: Path):
    run = decide("proposal", "scan-to-ship", "-o", str(tmp_path / "pack.pdf"))
    assert run.status == 2 and "Say who the pack is for with --prospect" in run.err
    run = decide("proposal", "scan-to-ship", "--prospect", "Acme Ltd")
    assert run.status == 2 and "Say where to write the pack with -o FILE.pdf" in run.err
    run = decide("proposal", "scan-to-ship", "--prospect", "Acme Ltd", "--from", str(tmp_path / "x.csv"), "--out-dir", str(tmp_path))
    assert run.status == 2 and "--prospect cannot be used with --from" in run.err
    assert not list(tmp_path.iterdir())


def test_a_template_mistake_in_a_worksheet_part_is_named_and_nothing_is_written(decide, project: Path):
    template = project / "templates" / "worksheets" / "plan.html.j2"
    template.write_text(template.read_text().replace("{{ offering.summary|plain }}", "{{ offering.no_such_field }}"))
    run = decide("proposal", "care-plan", "--prospect", "Acme Ltd", "-o", "pack.html", cwd=project)
    assert run.status == 1
    assert "templates/worksheets/plan.html.j2:8:" in run.err and "no_such_field" in run.err
    assert not (project / "pack.html").exists()
