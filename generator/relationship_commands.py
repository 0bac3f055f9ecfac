"""``decide relationship``: the account report, from everyone's answers about one customer's relationship.

load (the content, then the answers) -> compute (``generator.compute.account``) -> the figures printed as text or
JSON, or the report rendered and written whole as PDF or HTML. A row or link that cannot be used is listed on
stderr at its line and left out; the report is made from the others.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import click

from generator.compute.account import Account, Audience, NoCustomerAnswers, account
from generator.compute.languages import chosen, edition, listed
from generator.diagnostics import DecideError
from generator.load import Content
from generator.load.answers import AnswerFile, read_answers
from generator.load.models import Relationship
from generator.load.prospects import LONGEST_NAME, prospect_name
from generator.load.validation import did_you_mean
from generator.options import content_option
from generator.pipeline import checked_content
from generator.project import Project
from generator.render.markup import Formatter
from generator.render.worksheets import Prospect
from generator.wording import counted

SUFFIXES = (".pdf", ".html")


@click.group()
def relationship() -> None:
    """Measure a customer relationship from everyone's answers to the assessment."""


@relationship.command("report")
@click.argument("answers_file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--customer", required=True, help='Whose relationship it is, e.g. --customer "Acme Ltd"; printed on the report.')
@click.option("--seen", multiple=True, metavar="ID", help="A behaviour (its id in relationship.yml) the account shows; repeat it for more.")
@click.option("--not-seen", multiple=True, metavar="ID", help="A behaviour the account does not show; repeat it for more. Those at or below what they say they want are the say-and-do lines.")
@click.option("--audience", type=click.Choice(["customer", "internal"]), default="internal", show_default=True, help="customer leaves out our side's answers and the questions meant for us alone.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Text for people, JSON for tools.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Also write the report: FILE.pdf, or FILE.html to see the page.")
@click.option("--language", metavar="LOCALE", help="One of the site's languages, e.g. --language el-GR (or el); default: the site's locale.")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD", help="The date printed on the report; default: today.")
@content_option
def report(
    answers_file: Path,
    customer: str,
    seen: tuple[str, ...],
    not_seen: tuple[str, ...],
    audience: Audience,
    output_format: str,
    output: Path | None,
    language: str | None,
    on: datetime | None,
    content_folder: Path | None,
) -> None:
    """The account report for the answers in FILE: a CSV or .xlsx with a row per person, or a text file of the links the assessment page emails."""
    if output is not None and output.suffix.lower() not in SUFFIXES:
        raise click.BadParameter(f"`{output}` must end in .pdf or .html; decide writes one or the other.", param_hint="'-o'")
    name = prospect_name(customer)
    if name is None:
        raise click.BadParameter(f'give the customer\'s name, up to {LONGEST_NAME} characters, e.g. --customer "Acme Ltd".', param_hint="'--customer'")
    project = Project.discover(content_folder)
    source, _ = checked_content(project)
    locale = _locale(source, language)
    content = edition(source, locale)
    if content.relationship is None:
        raise DecideError("The account report measures the relationship that content/relationship.yml describes, and there is none; add it (decide new relationship).")
    relationship_model = content.relationship.model
    _check_behaviours(relationship_model, seen, not_seen)
    answers = read_answers(answers_file, relationship_model)
    _say_skipped(answers)
    try:
        figures = account(content, answers.answers, seen, not_seen, audience)
    except NoCustomerAnswers:
        raise DecideError(f"{answers_file} has no answers from the customer's side (side `customer`, or a link), and the report is about how they see us; add theirs.") from None
    if output_format == "json":
        click.echo(json.dumps(figures.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(account_text(content, figures, name))
    if output is not None:
        _write(project, source, figures, Prospect(name, (on or datetime.now()).date()), audience, locale, output)


def _locale(content: Content, language: str | None) -> str:
    """The site's locale ``--language`` names, the default one without it."""
    assert content.site is not None
    site = content.site.model
    locale = site.locale if language is None else chosen(site, language)
    if locale is None:
        raise click.BadParameter(f"`{language}` is not one of the site's languages: {listed(site)}.", param_hint="'--language'")
    return locale


def _check_behaviours(relationship: Relationship, seen: Sequence[str], not_seen: Sequence[str]) -> None:
    """Every id a behaviour of relationship.yml (a typo would quietly drop a say-and-do line), none both seen and not seen."""
    ids = [behaviour.id for behaviour in relationship.behaviours]
    for option, given in (("--seen", seen), ("--not-seen", not_seen)):
        for id in given:
            if id not in ids:
                known = f"The behaviours are {', '.join(ids)}." if ids else "relationship.yml lists no behaviours yet."
                raise click.BadParameter(f"`{id}` is not a behaviour in relationship.yml.{did_you_mean(id, ids)} {known}", param_hint=f"'{option}'")
    both = sorted(set(seen) & set(not_seen))
    if both:
        raise click.UsageError(f"{', '.join(f'`{id}`' for id in both)} cannot be both --seen and --not-seen; give each behaviour once.")


def _say_skipped(answers: AnswerFile) -> None:
    """The keys left out, once, and each row or link left out at its line: the report is made from the others."""
    note = answers.ignored_note()
    if note:
        click.echo(note, err=True)
    for skipped in answers.skipped:
        click.echo(answers.shown(skipped), err=True)
    if answers.skipped:
        click.echo(f"Skipped {counted(len(answers.skipped), 'row')} of {answers.source} (listed above); the report uses the other {counted(len(answers.answers), 'answer')}.", err=True)


def _write(project: Project, source: Content, figures: Account, customer: Prospect, audience: Audience, locale: str, path: Path) -> None:
    """The report rendered in ``locale`` from the content as written, and written whole (PDF, or the page for .html)
    on the paper that locale uses."""
    from generator.batches import stopped_cleanly
    from generator.render.account_report import render_report
    from generator.write.files import write_file
    from generator.write.pdf import paper_for, pdf_of

    page = render_report(source, project.templates, figures, customer, audience, locale)
    with stopped_cleanly():
        write_file(path, pdf_of(page.html, paper_for(locale)) if path.suffix.lower() == ".pdf" else page.html.encode("utf-8"))
    click.echo(f"Wrote {path}.", err=True)


def account_text(content: Content, figures: Account, customer: str) -> str:
    """The figures as a person reads them, in the content's language and in the report's words (the UI catalogs):
    level names with their steps, people by name, a dash where nobody rated."""
    assert content.site is not None and content.relationship is not None
    formatter = Formatter(content.site.model.locale, content.site.model.currency)
    words = formatter.language.gettext
    relationship = content.relationship.model
    levels = {step: level.name for step, level in enumerate(relationship.levels, start=1)}

    def level(median: float) -> str:
        """A median's level, or the two it falls between (a median of an even count can be a half), with its step."""
        low, high = math.floor(median), math.ceil(median)
        named = levels[low] if low == high else f"{levels[low]} / {levels[high]}"
        return f"{named} ({formatter.number(median)})"

    def mean(value: float | None) -> str:
        return "—" if value is None else formatter.number(value)

    def signed(value: float | None) -> str:
        return "—" if value is None else ("+" if value > 0 else "") + formatter.number(value)

    lines = [f"{words('Account report')}: {customer}", ""]
    medians = [(words("The customer's people"), figures.customer_median_today, figures.customer_median_desired), (words("Our people"), figures.our_median_today, figures.our_median_desired)]
    lines += [f"{side}: {words('Today')} {level(today)}, {words('Desired')} {level(desired)}" for side, today, desired in medians if today is not None and desired is not None]
    lines += ["", _spread_words(formatter, figures), *(f"  {levels[standing.step]}: {', '.join(standing.names)}" for standing in figures.standing)]
    sides = {"customer": words("theirs"), "us": words("ours")}
    lines += ["", f"{words('Gap')}:", *(f"  {gap.name} ({sides[gap.side]}): {signed(gap.gap)}" for gap in figures.gaps)]
    if figures.our_view_minus_theirs is not None:
        lines += ["", f"{words('Our view against theirs')}: {signed(figures.our_view_minus_theirs)}"]
    behaviours = {behaviour.id: behaviour.text for behaviour in relationship.behaviours}
    wanted = levels[math.floor(figures.customer_median_desired)]
    lines += [""] if figures.say_and_do else []
    lines += [words("They say they want %(level)s, but %(behaviour)s is not seen.") % {"level": wanted, "behaviour": behaviours[id]} for id in figures.say_and_do]
    names = {touchpoint.id: touchpoint.name for touchpoint in relationship.touchpoints}
    rows = [(words("Touchpoint"), words("Us"), words("Leader"), words("Difference"))]
    rows += [(names[score.id], mean(score.us), mean(score.leader), signed(score.difference)) for score in figures.touchpoints]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines += ["", *("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows)]
    if figures.moments:
        lines += ["", f"{words('Moments they named')}:", *(f"  {moment}" for moment in figures.moments)]
    action = content.actions[figures.next_action].model
    lines += ["", words("Next step: %(action)s") % {"action": f"{action.label} ({figures.next_action}), {action.url}"}]
    return "\n".join(lines)


def _spread_words(formatter: Formatter, figures: Account) -> str:
    words = formatter.language
    if figures.alignment == "aligned":
        return words.ngettext(
            "%(num)s step between the highest and the lowest today on the customer's side: aligned.",
            "%(num)s steps between the highest and the lowest today on the customer's side: aligned.",
            figures.spread,
        ) % {"num": figures.spread}
    return words.ngettext(
        "%(num)s step between the highest and the lowest today on the customer's side: divided.",
        "%(num)s steps between the highest and the lowest today on the customer's side: divided.",
        figures.spread,
    ) % {"num": figures.spread}
