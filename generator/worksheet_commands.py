"""``decide worksheet``: a worksheet for one prospect, or for a whole list of them, as PDF (or HTML).

Each command runs load -> check -> compute -> render -> write like the others:
the content is checked first, the worksheet is rendered from the same engines
as the site, and the file is written whole or not at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from generator.batches import BatchOptions, Page, batch_options, run_batch, stopped_cleanly
from generator.compute.languages import chosen, edition, listed
from generator.diagnostics import DecideError
from generator.load import Content
from generator.load.models import Calculator, Site
from generator.load.prospects import BadCell, ProspectRow, prospect_name
from generator.options import content_option, named, set_option
from generator.pipeline import content_for_one_document
from generator.project import Project
from generator.render.worksheets import Prospect, Worksheet, WorksheetRenderer
from generator.write.pdf import Paper

SUFFIXES = (".pdf", ".html")


@dataclass(frozen=True)
class Sheets:
    """What every worksheet command needs: the checked content in the language asked for, a renderer, and where
    and how to write; ``for_row`` gives the same in the language a list's row asks for."""

    content: Content
    renderer: WorksheetRenderer
    paper: Paper
    on: date
    locale: str
    source: Content
    """The content as written, in the site's default language, that each language's edition is made from."""
    templates: Path
    make: Callable[[Content, Path], WorksheetRenderer] = WorksheetRenderer
    editions: dict[str, Sheets] = field(default_factory=dict, compare=False)
    """Each language's sheets once made, so a long list renders every row of a language with one renderer."""

    def write(self, worksheet: Worksheet, path: Path) -> None:
        """The PDF, or the page itself for a path ending in .html; says where it went."""
        from generator.write.files import write_file
        from generator.write.pdf import pdf_of

        with stopped_cleanly():
            data = pdf_of(worksheet.html, self.paper) if path.suffix.lower() == ".pdf" else worksheet.html.encode("utf-8")
            write_file(path, data)
        click.echo(f"Wrote {path}.", err=True)

    def in_language(self, locale: str) -> Sheets:
        """These sheets in another of the site's locales: its translations, its numbers and dates; the same paper."""
        if locale == self.locale:
            return self
        if locale not in self.editions:
            content = edition(self.source, locale)
            self.editions[locale] = dataclasses.replace(self, content=content, renderer=self.make(content, self.templates), locale=locale)
        return self.editions[locale]

    def for_row(self, row: ProspectRow) -> Sheets:
        """The sheets in the language of a list's ``language`` cell, or these when the row has none; a language the
        site is not published in is a bad cell, since its document would come out in another language than asked."""
        asked = row.details.get("language")
        if not asked:
            return self
        site = self._site()
        locale = chosen(site, asked)
        if locale is None:
            raise BadCell(f"language `{asked}` is not one of the site's languages: {listed(site)}", "language")
        return self.in_language(locale)

    def _site(self) -> Site:
        assert self.source.site is not None
        return self.source.site.model


def sheets_for(project: Project, content: Content, paper: Paper | None, on: datetime | None, language: str | None, make: Callable[[Content, Path], WorksheetRenderer]) -> Sheets:
    """The sheets a command writes, in ``--language`` (the default language without it); the paper, unless given,
    is the one that language's locale uses."""
    from generator.write.pdf import paper_for

    assert content.site is not None
    site = content.site.model
    locale = site.locale if language is None else chosen(site, language)
    if locale is None:
        raise click.BadParameter(f"`{language}` is not one of the site's languages: {listed(site)}.", param_hint="'--language'")
    default = Sheets(content, make(content, project.templates), paper or paper_for(site.locale), on.date() if on else date.today(), site.locale, content, project.templates, make)
    sheets = default.in_language(locale)
    return sheets if paper else dataclasses.replace(sheets, paper=paper_for(locale))


def _sheets(content_folder: Path | None, paper: Paper | None, on: datetime | None, language: str | None) -> Sheets:
    project = Project.discover(content_folder)
    content = content_for_one_document(project)
    return sheets_for(project, content, paper, on, language, WorksheetRenderer)


def _prospect(name: str | None, on: date, option: str = "--prospect") -> Prospect | None:
    """Who the worksheet is for, given with ``option`` (``--prospect``, or ``--customer`` for a review)."""
    if name is None:
        return None
    tidy = prospect_name(name)
    if tidy is None:
        raise click.BadParameter(f"give the {option.lstrip('-')}'s name, up to 200 characters, e.g. {option} \"Acme Ltd\".", param_hint=f"'{option}'")
    return Prospect(tidy, on)


def _output(path: Path | None) -> Path:
    if path is None:
        raise click.UsageError("Say where to write the worksheet with -o FILE.pdf (or FILE.html).")
    if path.suffix.lower() not in SUFFIXES:
        raise click.BadParameter(f"`{path}` must end in .pdf or .html; decide writes one or the other.", param_hint="'-o'")
    return path


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every kind of worksheet takes, in the order ``--help`` lists them."""
    for option in reversed(
        [
            click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="The file to write: FILE.pdf, or FILE.html to see the page."),
            click.option("--paper", type=click.Choice(["a4", "letter"]), default=None, help="The PDF's paper; default: the site locale's usual one (Letter in en-US)."),
            click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD", help="The date printed on it; default: today."),
            click.option("--language", metavar="LOCALE", help="One of the site's languages, e.g. --language el-GR (or el); default: the site's locale. A list's `language` column sets it per row."),
            content_option,
        ]
    ):
        command = option(command)
    return command


prospect_option = click.option("--prospect", help='Who it is for, e.g. --prospect "Acme Ltd"; without it, the worksheet is blank, to fill in by hand.')


@click.group()
def worksheet() -> None:
    """Write a worksheet for a prospect (or a blank one) as a PDF to attach to a proposal."""


@worksheet.command("break-even")
@click.argument("calculator_id")
@prospect_option
@set_option("pickers=20", "A figure")
@batch_options({"prospect": "--prospect", "settings": "--set", "output": "-o"})
@common_options
def break_even_command(
    calculator_id: str,
    prospect: str | None,
    settings: list[tuple[str, str]],
    batch: BatchOptions | None,
    output: Path | None,
    paper: Paper | None,
    on: datetime | None,
    language: str | None,
    content_folder: Path | None,
) -> None:
    """A break-even worksheet for CALCULATOR_ID (a file in content/calculators/) with the prospect's figures."""
    from generator.compute.breakeven import InputError, input_ids
    from generator.compute.outlook import figures

    path = _output(output) if batch is None else None
    sheets = _sheets(content_folder, paper, on, language)
    calculator = named(sheets.content.calculators, "calculator", calculator_id).model
    if batch is not None:
        run_batch(batch, input_ids(calculator), _break_even_page(sheets, calculator_id, calculator), sheets.paper)
        return
    assert path is not None
    try:
        values = figures(calculator, dict(settings))
    except InputError as error:
        raise DecideError(str(error)) from None
    sheets.write(sheets.renderer.break_even(calculator_id, _prospect(prospect, sheets.on), values), path)


def _break_even_page(sheets: Sheets, calculator_id: str, calculator: Calculator) -> Callable[[ProspectRow], Page]:
    """A row's figures checked as ``decide calc`` checks them (each in its input's range, and a result within bounds)."""
    from generator.compute.breakeven import OutOfRange, read_figures
    from generator.compute.outlook import in_range

    def prepare(row: ProspectRow) -> Page:
        written = sheets.for_row(row)
        values, wrong = read_figures(calculator, row.figures)
        if wrong:
            raise BadCell.each({name: f"{name} {why}" for name, why in wrong.items()})
        try:
            in_range(calculator, values)
        except OutOfRange as error:
            raise BadCell(str(error)) from None
        return lambda: written.renderer.break_even(calculator_id, Prospect(row.prospect, sheets.on), values).html

    return prepare


@worksheet.command("plan")
@click.argument("offering_id")
@prospect_option
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD", help="When the first step starts; the steps' dates follow. Without it, weeks count from 1.")
@batch_options({"prospect": "--prospect", "start": "--start", "output": "-o"})
@common_options
def plan_command(
    offering_id: str,
    prospect: str | None,
    start: datetime | None,
    batch: BatchOptions | None,
    output: Path | None,
    paper: Paper | None,
    on: datetime | None,
    language: str | None,
    content_folder: Path | None,
) -> None:
    """An implementation plan for OFFERING_ID (a file in content/offerings/): steps, owners, weeks and dates; for a list, each row's `start`."""
    path = _output(output) if batch is None else None
    sheets = _sheets(content_folder, paper, on, language)
    offering = named(sheets.content.offerings, "offering", offering_id).model
    if not offering.implementation:
        raise DecideError(f"The offering `{offering_id}` has no `implementation` steps, so there is no plan to write; add them to content/offerings/{offering_id}.yml.")
    if batch is not None:
        run_batch(batch, [], _plan_page(sheets, offering_id), sheets.paper)
        return
    assert path is not None
    try:
        plan = sheets.renderer.plan(offering_id, _prospect(prospect, sheets.on), start.date() if start else None)
    except OverflowError:
        raise DecideError(f"Starting on {start:%Y-%m-%d}, the plan would end after the year 9999; give an earlier --start.") from None
    sheets.write(plan, path)


def _plan_page(sheets: Sheets, offering_id: str) -> Callable[[ProspectRow], Page]:
    """A row's `start` checked: a date, from which the last step still ends by the year 9999."""
    from generator.compute.plan import schedule

    steps = sheets.content.offerings[offering_id].model.implementation

    def prepare(row: ProspectRow) -> Page:
        written = sheets.for_row(row)
        start = row.start()
        try:
            schedule(steps, start)
        except OverflowError:
            raise BadCell(f"starting on {start}, the plan would end after the year 9999; give an earlier start", "start") from None
        return lambda: written.renderer.plan(offering_id, Prospect(row.prospect, sheets.on), start).html

    return prepare


@worksheet.command("assessment")
@prospect_option
@click.option("--stakeholder", "stakeholders", multiple=True, metavar='"NAME, ROLE"', help='A person on the prospect\'s side, e.g. --stakeholder "Jane Smith, Operations director"; repeat for each.')
@click.option("--offering", "offering_id", metavar="ID", help="The offering whose proof and mistakes it prints; default: the strongest proof of all.")
@common_options
def assessment_command(
    prospect: str | None, stakeholders: tuple[str, ...], offering_id: str | None, output: Path | None, paper: Paper | None, on: datetime | None, language: str | None, content_folder: Path | None
) -> None:
    """A relationship assessment (from content/relationship.yml): the levels, and the three questions for each person."""
    path = _output(output)
    sheets = _sheets(content_folder, paper, on, language)
    if sheets.content.relationship is None:
        raise DecideError("There is no content/relationship.yml, so there is no assessment to write; the README shows what it holds.")
    if offering_id is not None:
        named(sheets.content.offerings, "offering", offering_id)
    people = [_stakeholder(text) for text in stakeholders]
    sheets.write(sheets.renderer.assessment(_prospect(prospect, sheets.on), people, offering_id), path)


@worksheet.command("review")
@click.option("--customer", help='The customer whose relationship it reviews, e.g. --customer "Acme Ltd"; without it, the review is blank, to fill in by hand.')
@click.option("--next-review", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD", help="The date of the next review, printed on it; without it, a line to write it on.")
@common_options
def review_command(customer: str | None, next_review: datetime | None, output: Path | None, paper: Paper | None, on: datetime | None, language: str | None, content_folder: Path | None) -> None:
    """A relationship review (from content/relationship.yml): what each side keeps, stops and would explore together, the tier of the pyramid the customer is at, and the next review's date."""
    path = _output(output)
    sheets = _sheets(content_folder, paper, on, language)
    if sheets.content.relationship is None:
        raise DecideError("There is no content/relationship.yml, so there is no review to write; the README shows what it holds.")
    following = next_review.date() if next_review else None
    if following is not None and following <= sheets.on:
        raise click.BadParameter(f"the next review ({following:%Y-%m-%d}) must come after this one ({sheets.on:%Y-%m-%d}); give a later date, or --date for this one.", param_hint="'--next-review'")
    sheets.write(sheets.renderer.review(_prospect(customer, sheets.on, "--customer"), following), path)


@worksheet.command("reasons")
@click.option("--offering", "offering_id", metavar="ID", help="The offering to collect reasons for; default: all of them.")
@common_options
def reasons_command(offering_id: str | None, output: Path | None, paper: Paper | None, on: datetime | None, language: str | None, content_folder: Path | None) -> None:
    """The reasons exercise, for staff: twenty reasons customers work with us, as their results, with the rules beside them."""
    path = _output(output)
    sheets = _sheets(content_folder, paper, on, language)
    if offering_id is not None:
        named(sheets.content.offerings, "offering", offering_id)
    sheets.write(sheets.renderer.reasons_exercise(offering_id), path)


def _stakeholder(text: str) -> str:
    tidy = prospect_name(text)
    if tidy is None:
        raise click.BadParameter('give each person\'s name and role, up to 200 characters, e.g. --stakeholder "Jane Smith, Operations director".', param_hint="'--stakeholder'")
    return tidy
