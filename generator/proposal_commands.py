"""``decide proposal``: a proposal pack for one prospect, one PDF from the cover to the mistakes report.

load -> check -> compute -> render -> write, as every command: the content is checked, every value given is read and
checked before anything is rendered (so a bad one writes nothing), and the pack is written whole or not at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import click

from generator.compute import typed_number
from generator.compute.catalog import calculators_for
from generator.diagnostics import DecideError
from generator.load import Content
from generator.load.models import LARGEST_FIGURE
from generator.load.prospects import prospect_name
from generator.options import named, pairs
from generator.pipeline import checked_content
from generator.project import Project
from generator.render.proposal import ProposalFor, ProposalRenderer
from generator.render.worksheets import Prospect
from generator.worksheet_commands import SUFFIXES, Sheets, common_options
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
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(f"must be a date written YYYY-MM-DD, e.g. 2027-03-01 (got `{text}`)") from None


def read_text(text: str) -> str:
    """A name or an industry, on one line with its spaces tidied."""
    tidy = prospect_name(text)
    if tidy is None:
        raise ValueError(f"must be some text, on one line, up to 200 characters (got `{text}`)")
    return tidy


READERS = {"owner": read_text, "owner_email": read_email, "owner_phone": read_phone, "industry": read_text, "size": read_size, "start": read_date}
"""How each value about the prospect and the owner is read, by its name in a CRM export (``owner_email``)."""


def proposal_for(content: Content, calculator_id: str | None, prospect: Prospect, given: dict[str, str], figures_given: dict[str, str], shown: Callable[[str], str] = "`{}`".format) -> ProposalFor:
    """Everything given for one pack, read and checked: the values about the prospect and the owner (``READERS``) and the
    calculator's figures. Raises ValueError naming each value that cannot be used (``shown`` names it as the user gave
    it: an option, a column) and what to write instead."""
    from generator.compute.breakeven import InputError, figures

    values: dict[str, object] = {}
    wrong = []
    for name, text in given.items():
        try:
            values[name] = READERS[name](text)
        except ValueError as error:
            wrong.append(f"{shown(name)} {error}")
    numbers = None
    if calculator_id is not None:
        try:
            numbers = figures(content.calculators[calculator_id].model, {name.lower(): text for name, text in figures_given.items()})
        except InputError as error:
            wrong.append(str(error))
    if wrong:
        raise ValueError("; ".join(wrong))
    return ProposalFor(prospect, numbers, **values)  # type: ignore[arg-type]


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


@click.command("proposal")
@click.argument("offering_id")
@click.option("--prospect", required=True, help='Who the pack is for, e.g. --prospect "Acme Ltd".')
@click.option("--calculator", "calculator_id", metavar="ID", help="The calculator for the figures; default: the offering's first.")
@click.option("--set", "settings", multiple=True, callback=pairs("--set pickers=20"), metavar="INPUT=VALUE", help="A figure, e.g. --set pickers=20; repeat for more. Others keep their defaults.")
@click.option("--start", metavar="YYYY-MM-DD", help="When the first step of the plan starts; without it, the plan counts weeks from 1.")
@click.option("--owner", metavar="NAME", help="Who the prospect deals with, named on the cover and the next step; default: the company.")
@click.option("--owner-email", metavar="ADDRESS", help="The owner's e-mail address; default: the footer's in site.yml.")
@click.option("--owner-phone", metavar="NUMBER", help="The owner's phone number; default: the footer's in site.yml.")
@click.option("--industry", metavar="TEXT", help="The prospect's industry: reasons from customers in the same one come first.")
@click.option("--size", metavar="NUMBER", help="The prospect's size (staff, say): then reasons from customers of the nearest size.")
@common_options
def proposal(
    offering_id: str,
    prospect: str,
    calculator_id: str | None,
    settings: list[tuple[str, str]],
    output: Path | None,
    paper: Paper | None,
    on: datetime | None,
    content_folder: Path | None,
    **given: str | None,
) -> None:
    """A proposal pack for OFFERING_ID: a cover, a one-page summary, the break-even worksheet, the plan and the mistakes, as one PDF."""
    from generator.write.pdf import paper_for

    path = _output(output)
    project = Project.discover(content_folder)
    content, _ = checked_content(project)
    named(content.offerings, "offering", offering_id)
    calculator = calculator_of(content, offering_id, calculator_id)
    if calculator is None and settings:
        raise DecideError(f"The offering `{offering_id}` has no calculator, so there are no figures to --set.")
    written_on = on.date() if on else date.today()
    tidy = prospect_name(prospect)
    if tidy is None:
        raise click.BadParameter('give the prospect\'s name, up to 200 characters, e.g. --prospect "Acme Ltd".', param_hint="'--prospect'")
    try:
        request = proposal_for(content, calculator, Prospect(tidy, written_on), {name: text for name, text in given.items() if text is not None}, dict(settings), _option)
    except ValueError as error:
        raise DecideError(f"{error}. Nothing was written.") from None
    renderer = ProposalRenderer(content, project.templates)
    assert content.site is not None
    sheets = Sheets(content, renderer, paper or paper_for(content.site.model.locale), written_on)
    try:
        pack = renderer.pack(offering_id, calculator, request)
    except OverflowError:
        raise DecideError(f"Starting on {request.start}, the plan would end after the year 9999; give an earlier --start.") from None
    sheets.write(pack, path)


def _option(name: str) -> str:
    """A value named as its option: ``owner_email`` is ``--owner-email``."""
    return "--" + name.replace("_", "-")


def _output(path: Path | None) -> Path:
    if path is None:
        raise click.UsageError("Say where to write the pack with -o FILE.pdf (or FILE.html).")
    if path.suffix.lower() not in SUFFIXES:
        raise click.BadParameter(f"`{path}` must end in .pdf or .html; decide writes one or the other.", param_hint="'-o'")
    return path
