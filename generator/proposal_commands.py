"""``decide proposal``: a proposal pack for one prospect, one PDF from the cover to the mistakes report, or one for
each prospect of a list (a CRM's export), through the batch runner every one-prospect document shares.

load -> check -> compute -> render -> write, as every command: the content is checked, every value given is read and
checked before anything is rendered (so a bad one writes nothing, and a bad row of a list only its own pack), and
each pack is written whole or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from generator.batches import BatchOptions, Page, Prepare, batch_options, run_batch
from generator.compute import typed_number
from generator.compute.catalog import calculators_for
from generator.compute.plan import schedule
from generator.diagnostics import DecideError
from generator.load import Content
from generator.load.models import LARGEST_FIGURE
from generator.load.prospects import DATE, LONGEST_NAME, BadCell, ProspectRow, prospect_name
from generator.options import named, set_option
from generator.pipeline import checked_content
from generator.project import Project
from generator.render.proposal import ProposalFor, ProposalRenderer
from generator.render.worksheets import Prospect
from generator.worksheet_commands import SUFFIXES, Sheets, common_options, sheets_for
from generator.write.pdf import Paper

LONGEST_EMAIL = 254
"""Characters in an e-mail address: the most a mail server accepts (RFC 5321's path, less its brackets)."""

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
"""An address as people write one: a name of letters (any script), digits and the signs RFC 5322 allows, an ``@``, and
a domain of at least two parts. No spaces, brackets, quotes or commas, which would break the ``mailto:`` link."""

PHONE = re.compile(r"\+?[0-9 ().-]+")
"""A phone number as people write one: digits, maybe a leading ``+``, and spaces, brackets, dots or hyphens between."""

PHONE_DIGITS = (5, 20)
"""How many digits a phone number has: a short internal number to the longest international one with an extension."""


def read_email(text: str) -> str:
    """The owner's e-mail address, tidied; raises ValueError saying what an address looks like."""
    address = text.strip()
    if len(address) > LONGEST_EMAIL or not EMAIL.fullmatch(address):
        raise ValueError(f"must be an e-mail address such as jane.smith@example.com, up to {LONGEST_EMAIL} characters (got `{text}`)")
    return address


def read_phone(text: str) -> str:
    """The owner's phone number as written, tidied; raises ValueError saying what a number looks like."""
    number = " ".join(text.split())
    digits = sum(character.isdigit() for character in number)
    fewest, most = PHONE_DIGITS
    if not PHONE.fullmatch(number) or not fewest <= digits <= most:
        raise ValueError(f"must be a phone number of {fewest} to {most} digits, maybe with a leading + and spaces, e.g. +44 1423 496 021 (got `{text}`)")
    return number


def read_size(text: str) -> float:
    """The prospect's size (staff, say) as a number, to compare with the number each customer's size starts with."""
    size = typed_number(text)
    if size is None or not 0 <= size <= LARGEST_FIGURE:
        raise ValueError(f"must be a number from 0 to {LARGEST_FIGURE:,.0f}, written with digits and maybe a decimal point, e.g. 250 (got `{text}`)")
    return size


def read_date(text: str) -> date:
    """A day as ``2027-03-01``, maybe with the time a CRM adds, as a list's ``start`` column is read."""
    written = DATE.fullmatch(text.strip())
    try:
        if written:
            return date.fromisoformat(written.group(1))
    except ValueError:
        pass
    raise ValueError(f"must be a date written YYYY-MM-DD, e.g. 2027-03-01 (got `{text}`)")


def read_text(text: str) -> str:
    """A name or an industry, on one line with its spaces tidied."""
    tidy = prospect_name(text)
    if tidy is None:
        raise ValueError(f"must be some text, on one line, up to {LONGEST_NAME} characters (got `{text}`)")
    return tidy


READERS: dict[str, Callable[[str], object]] = {"owner": read_text, "owner_email": read_email, "owner_phone": read_phone, "industry": read_text, "size": read_size, "start": read_date}
"""How each detail about the prospect and the owner is read, by its column in a list (``owner_email``), which is its
option without the dashes. A list's ``language`` picks the language its row's pack is written in (``Sheets.for_row``)."""

LATE_START = "would make the plan end after the year 9999; give an earlier start"


def read_details(content: Content, offering_id: str, given: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The details given (by ``READERS``' names) that can be used, and what is wrong with each other one; a start is
    also checked against the offering's plan, which must end by the year 9999, the last a date can be."""
    details: dict[str, Any] = {}
    wrong: dict[str, str] = {}
    for name, text in given.items():
        try:
            details[name] = READERS[name](text)
        except ValueError as error:
            wrong[name] = str(error)
    try:
        schedule(content.offerings[offering_id].model.implementation, details.get("start"))
    except OverflowError:
        wrong["start"] = LATE_START
    return details, wrong


def calculator_of(content: Content, offering_id: str, calculator_id: str | None) -> str | None:
    """The calculator a pack works its figures out with: the one named, which must be about the offering, or else the
    offering's first; None when the offering has none."""
    about = calculators_for(content, offering_id)
    if calculator_id is None:
        return next(iter(about), None)
    named(content.calculators, "calculator", calculator_id)
    if calculator_id not in about:
        others = f" Its calculators are: {', '.join(about)}." if about else " It has none; leave out --calculator."
        raise DecideError(f"The calculator `{calculator_id}` is about `{content.calculators[calculator_id].model.offering}`, not `{offering_id}`.{others}")
    return calculator_id


SINGLE_OPTIONS = {"prospect": "--prospect", "settings": "--set", "output": "-o", **{name: "--" + name.replace("_", "-") for name in READERS}}
"""The options that describe the one prospect of a single pack, which the rows of a list replace."""


@click.command("proposal")
@click.argument("offering_id")
@click.option("--prospect", help='Who the pack is for, e.g. --prospect "Acme Ltd".')
@click.option("--calculator", "calculator_id", metavar="ID", help="The calculator for the figures; default: the offering's first.")
@set_option("pickers=20", "A figure")
@click.option("--start", metavar="YYYY-MM-DD", help="When the first step of the plan starts; without it, the plan counts weeks from 1.")
@click.option("--owner", metavar="NAME", help="Who the prospect deals with, named on the cover and the next step; default: the company.")
@click.option("--owner-email", metavar="ADDRESS", help="The owner's e-mail address; default: the footer's in site.yml.")
@click.option("--owner-phone", metavar="NUMBER", help="The owner's phone number; default: the footer's in site.yml.")
@click.option("--industry", metavar="TEXT", help="The prospect's industry: reasons from customers in the same one come first.")
@click.option("--size", metavar="NUMBER", help="The prospect's size (staff, say): then reasons from customers of the nearest size.")
@batch_options(SINGLE_OPTIONS)
@common_options
def proposal(
    offering_id: str,
    prospect: str | None,
    calculator_id: str | None,
    settings: list[tuple[str, str]],
    batch: BatchOptions | None,
    output: Path | None,
    paper: Paper | None,
    on: datetime | None,
    language: str | None,
    content_folder: Path | None,
    **given: str | None,
) -> None:
    """A proposal pack for OFFERING_ID: a cover, a one-page summary, the break-even worksheet, the plan and the mistakes, as one PDF.

    With --from, a pack for each row of a list of prospects (CSV or .xlsx) with the columns prospect, the calculator's
    input ids, owner, owner_email, owner_phone, industry, size and start, in any case; other columns are ignored."""
    from generator.compute.breakeven import InputError, input_ids
    from generator.compute.outlook import discount_rate_of, figures, outlook

    project = Project.discover(content_folder)
    content, _ = checked_content(project)
    named(content.offerings, "offering", offering_id)
    calculator = calculator_of(content, offering_id, calculator_id)
    if calculator is None and settings:
        raise DecideError(f"The offering `{offering_id}` has no calculator, so there are no figures to --set.")
    assert content.site is not None
    sheets = sheets_for(project, content, paper, on, language, ProposalRenderer)
    if batch is not None:
        inputs = input_ids(content.calculators[calculator].model) if calculator else ()
        run_batch(batch, inputs, _pack_page(sheets, offering_id, calculator), sheets.paper, kind="proposal")
        return
    path = _output(output)
    name = prospect_name(prospect or "")
    if name is None:
        raise click.UsageError(f'Say who the pack is for with --prospect "Name", up to {LONGEST_NAME} characters (or give a list with --from and --out-dir).')
    details, wrong = read_details(content, offering_id, {key: text for key, text in given.items() if text is not None})
    problems = [f"--{key.replace('_', '-')} {why}" for key, why in wrong.items()]
    values: dict[str, float] = {}
    if calculator is not None:
        model = content.calculators[calculator].model
        try:
            values = figures(model, dict(settings))
            outlook(model, values, discount_rate_of(model, content.site.model))
        except InputError as error:
            problems.append(str(error))
    if problems:
        raise DecideError(f"{'; '.join(problems)}. Nothing was written.")
    sheets.write(_packs(sheets).pack(offering_id, ProposalFor(Prospect(name, sheets.on), calculator, values, **details)), path)


def _packs(sheets: Sheets) -> ProposalRenderer:
    """The renderer ``sheets_for`` was asked to make: ``proposal`` makes its sheets with ProposalRenderer."""
    assert isinstance(sheets.renderer, ProposalRenderer)
    return sheets.renderer


def _pack_page(sheets: Sheets, offering_id: str, calculator_id: str | None) -> Prepare:
    """A row checked as a single pack's options are (each detail, the start against the plan, the figures as ``decide
    calc`` checks them), every bad cell of it reported at once."""
    from generator.compute.breakeven import OutOfRange, read_figures
    from generator.compute.outlook import discount_rate_of, outlook

    calculator = sheets.content.calculators[calculator_id].model if calculator_id else None
    discount_rate = discount_rate_of(calculator, sheets.renderer.site) if calculator else 0.0

    def prepare(row: ProspectRow) -> Page:
        renderer = _packs(sheets.for_row(row))
        details, wrong = read_details(sheets.content, offering_id, {key: text for key, text in row.details.items() if key in READERS})
        problems = {key: f"{key} {why}" for key, why in wrong.items()}
        values: dict[str, float] = {}
        if calculator is not None:
            values, wrong_figures = read_figures(calculator, row.figures)
            problems |= {key: f"{key} {why}" for key, why in wrong_figures.items()}
            if not problems:
                try:
                    outlook(calculator, values, discount_rate)
                except OutOfRange as error:
                    raise BadCell(str(error)) from None
        if problems:
            raise BadCell.each(problems)
        request = ProposalFor(Prospect(row.prospect, sheets.on), calculator_id, values, **details)
        return lambda: renderer.pack(offering_id, request).html

    return prepare


def _output(path: Path | None) -> Path:
    if path is None:
        raise click.UsageError("Say where to write the pack with -o FILE.pdf (or FILE.html), or give a list with --from and --out-dir.")
    if path.suffix.lower() not in SUFFIXES:
        raise click.BadParameter(f"`{path}` must end in .pdf or .html; decide writes one or the other.", param_hint="'-o'")
    return path
