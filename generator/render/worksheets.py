"""Worksheets as standalone HTML documents: the page a prospect prints from the site and the source of every PDF.

One document per worksheet, whether blank (on the site, to fill in by hand) or
filled for a named prospect (``decide worksheet``): the same template, with the
prospect's name, date and figures where the blank one has lines. Web, print and
PDF share this one layout; ``write/pdf.py`` only adds the paper size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

from generator.compute import catalog
from generator.compute.breakeven import BreakEven, compiled, defaults, input_ids
from generator.compute.outlook import discount_rate_of, evidence_for, outlook
from generator.compute.plan import schedule
from generator.compute.relationship import HEIGHT as STAIRS_HEIGHT
from generator.compute.relationship import WIDTH as STAIRS_WIDTH
from generator.compute.relationship import stairs
from generator.formulas import written_out
from generator.load import Content
from generator.load.models import Calculator, CalculatorItem
from generator.render.calculators import ItemLine, item_lines, outlook_chart
from generator.render.language import ENGLISH, UiLanguage, ui_language
from generator.render.markup import Formatter
from generator.render.templating import LanguageMemo, NextAction, PageRenderer

PROOF_ON_A_WORKSHEET = 3
"""How many of the strongest reasons a worksheet prints: enough to convince, few enough to keep it to its pages."""

MISTAKES_ON_A_WORKSHEET = 3
"""How many mistakes a worksheet about no one offering prints."""

BLANK_STAKEHOLDERS = 4
"""How many stakeholders a blank relationship assessment has room for."""

FOLDER = "worksheets"
"""Where the site keeps its blank worksheets."""

KINDS = ("break-even", "plan", "assessment")
"""The kinds of worksheet the public site offers, in the order it lists them. The reasons exercise is for staff only:
``decide worksheet reasons`` prints it, and the site has no page, PDF or link for it."""

GROWTH_DECIMALS = 6
"""The decimals a worksheet writes the monthly discount factor with, 1 + i (``1.006434`` at 8 % a year): enough to redo
the discounted running total by hand to the pound over the longest horizon, few enough to copy."""

REASONS_TO_LIST = 20
"""The reasons exercise's target: twenty reasons per offering, as the brief sets it."""


@dataclass(frozen=True)
class Prospect:
    """Who a filled worksheet is for, and the date written on it."""

    name: str
    on: date


@dataclass(frozen=True)
class Worksheet:
    """One worksheet: its kind, its title (also the PDF's), the whole HTML document, and where the site keeps its blank version."""

    kind: str
    title: str
    html: str
    path: str
    """``worksheets/plan/scan-to-ship.html``; its PDF sits beside it."""
    next_action: str = ""
    """The id of the action it ends with, for ``decide thresholds``."""

    @property
    def pdf_path(self) -> str:
        return self.path.removesuffix(".html") + ".pdf"


@dataclass(frozen=True)
class Working:
    """One cost or benefit with its formula written out, in letters and, when filled, in the prospect's figures."""

    line: ItemLine
    in_letters: str
    in_figures: str


def letters(count: int) -> list[str]:
    """Names for a worksheet's figures as a spreadsheet names columns: A … Z, AA, AB …"""
    names = []
    for index in range(count):
        name, number = "", index + 1
        while number:
            number, remainder = divmod(number - 1, 26)
            name = chr(ord("A") + remainder) + name
        names.append(name)
    return names


def link_text(url: str, language: UiLanguage | None = None) -> str:
    """A link as a person reads it off paper and types it: an e-mail address (with its subject), a phone number, a web
    address; in ``language``'s words (English by default)."""
    words = language or ui_language(ENGLISH)
    parts = urlsplit(url)
    if parts.scheme == "tel":
        return unquote(parts.path)
    if parts.scheme == "mailto":
        subject = parse_qs(parts.query).get("subject")
        return words.gettext("%(address)s, subject: %(subject)s") % {"address": unquote(parts.path), "subject": subject[0]} if subject else unquote(parts.path)
    return url


class WorksheetRenderer:
    """Renders each kind of worksheet from ``templates/worksheets``; ``on_site`` adds the links a printable site page has."""

    def __init__(self, content: Content, templates: Path, on_site: bool = False, memo: LanguageMemo | None = None, language: UiLanguage | None = None) -> None:
        """``language`` is the wording the worksheets are in; by default that of the site's locale."""
        self.pages = PageRenderer(content, templates, memo, language)
        self.language = self.pages.language
        self.content = content
        self.site = self.pages.site
        self.formatter = Formatter(self.site.locale, self.site.currency, self.pages.language)
        self.on_site = on_site
        self.reasons = catalog.ReasonIndex.of(content)

    def break_even(self, calculator_id: str, prospect: Prospect | None = None, values: dict[str, float] | None = None) -> Worksheet:
        """The figures (the defaults when none are given), their result and outlook, and every step to check them by hand."""
        calculator = self.content.calculators[calculator_id].model
        offering = self.content.offerings[calculator.offering].model
        found = outlook(calculator, values if values is not None else defaults(calculator), discount_rate_of(calculator, self.site))
        result = found.result
        names = dict(zip(input_ids(calculator), letters(len(calculator.inputs)), strict=True))
        return self._render(
            "break-even",
            calculator_id,
            title=calculator.title,
            prospect=prospect,
            next_action=self.pages.action(calculator.action or offering.action),
            about=calculator.offering,
            calculator=calculator,
            offering=offering,
            names=names,
            result=result,
            outlook=found,
            evidence=evidence_for(self.content, calculator_id),
            labels={field.id: field.label for field in calculator.inputs},
            growth=self.formatter.exact(round(1 + found.monthly_rate, GROWTH_DECIMALS)),
            chart=outlook_chart(found),
            costs=self._workings(calculator, calculator.costs, item_lines("costs", calculator.costs, result.cost_amounts), result, names),
            benefits=self._workings(calculator, calculator.benefits, item_lines("benefits", calculator.benefits, result.benefit_amounts), result, names),
        )

    def plan(self, offering_id: str, prospect: Prospect | None = None, start: date | None = None) -> Worksheet:
        """Raises OverflowError when a step would end after the year 9999."""
        offering = self.content.offerings[offering_id].model
        steps = schedule(offering.implementation, start)
        return self._render(
            "plan",
            offering_id,
            title=self.language.gettext("Putting %(offering)s in place") % {"offering": offering.name},
            prospect=prospect,
            next_action=self.pages.action(offering.action),
            about=offering_id,
            offering=offering,
            steps=steps,
            start=start,
            weeks=steps[-1].last_week if steps else 0,
        )

    def assessment(self, prospect: Prospect | None = None, stakeholders: list[str] | None = None, offering_id: str | None = None) -> Worksheet:
        """With stakeholders named, a block for each of them; otherwise room for several, to fill in by hand."""
        assert self.content.relationship is not None, "the assessment needs content/relationship.yml"
        relationship = self.content.relationship.model
        return self._render(
            "assessment",
            title=relationship.title,
            prospect=prospect,
            next_action=self.pages.action(relationship.action),
            about=offering_id,
            relationship=relationship,
            stakeholders=stakeholders or [""] * BLANK_STAKEHOLDERS,
            stairs=stairs(relationship.levels),
            picture_width=STAIRS_WIDTH,
            picture_height=STAIRS_HEIGHT,
        )

    def reasons_exercise(self, offering_id: str | None = None) -> Worksheet:
        """For staff: the reasons so far per offering (or for one), the target, and the strongest reason as an example;
        no proof or mistakes, which are for prospects."""
        offerings = {offering_id: self.content.offerings[offering_id].model} if offering_id else {key: located.model for key, located in self.content.offerings.items()}
        counts = [(offering.name, len(self.reasons.proving_offering(key))) for key, offering in offerings.items()]
        example = catalog.strongest(self.reasons.entries, 1)
        return self._render(
            "reasons",
            title=self.language.gettext("%(count)s reasons customers work with us") % {"count": REASONS_TO_LIST},
            prospect=None,
            next_action=self.pages.site_action,
            about=None,
            with_proof=False,
            offering=offerings[offering_id] if offering_id else None,
            counts=counts,
            target=REASONS_TO_LIST,
            example=example[0] if example else None,
        )

    def _workings(self, calculator: Calculator, items: list[CalculatorItem], lines: list[ItemLine], result: BreakEven, names: dict[str, str]) -> list[Working]:
        """Each item's formula in letters and in the figures used; numbers keep every decimal, so the sums can be redone exactly."""
        exact = self.formatter.exact
        formulas = [compiled(item.formula, input_ids(calculator)) for item in items]
        return [
            Working(line, written_out(formula, names.__getitem__, exact), written_out(formula, lambda name: exact(result.inputs[name]), exact))
            for formula, line in zip(formulas, lines, strict=True)
        ]

    def _render(
        self, kind: str, subject: str = "", *, title: str, prospect: Prospect | None, next_action: NextAction, about: str | None, with_proof: bool = True, **context: object
    ) -> Worksheet:
        """The parts every worksheet has: who it is for and when, the proof and the mistakes for the offering it is ``about``
        (the strongest of all, and a few mistakes, when it is about none), and one next action."""
        page = path_of(kind, subject)
        full_title = self.language.gettext("%(title)s (for %(prospect)s)") % {"title": title, "prospect": prospect.name} if prospect else title
        html = self.pages.render(
            f"worksheets/{kind}.html.j2",
            page,
            next_action,
            title=title,
            document_title=full_title,
            prospect=prospect,
            written_on=self.formatter.long_date(prospect.on) if prospect else None,
            proof=self._proof(about) if with_proof else [],
            mistakes=self._mistakes(about) if with_proof else [],
            action_link=link_text(next_action.url, self.language),
            on_site=self.on_site,
            pdf_name=PurePosixPath(path_of(kind, subject, ".pdf")).name,
            **context,
        )
        return Worksheet(kind, full_title, html, page, next_action.id)

    def _proof(self, offering_id: str | None) -> list[catalog.ReasonEntry]:
        return catalog.strongest(self.reasons.proving_offering(offering_id) if offering_id else self.reasons.entries, PROOF_ON_A_WORKSHEET)

    def _mistakes(self, offering_id: str | None) -> list[catalog.MistakeEntry]:
        if offering_id:
            return catalog.mistakes_about_offering(self.content, offering_id)
        return [catalog.mistake_entry(self.content, located.model) for located in self.content.mistakes[:MISTAKES_ON_A_WORKSHEET]]


def path_of(kind: str, subject: str = "", suffix: str = ".html") -> str:
    """Where the site keeps a blank worksheet: ``worksheets/plan/scan-to-ship.html``, ``worksheets/assessment.html``, or its PDF."""
    return f"{FOLDER}/{kind}/{subject}{suffix}" if subject else f"{FOLDER}/{kind}{suffix}"


def site_worksheets(content: Content, templates: Path, memo: LanguageMemo | None = None) -> list[Worksheet]:
    """The blank worksheets the site offers prospects: a break-even per calculator, a plan per offering with steps, and
    the assessment when there is a ``relationship.yml``. Never the reasons exercise, which is for staff."""
    renderer = WorksheetRenderer(content, templates, on_site=True, memo=memo)
    sheets = [renderer.break_even(calculator_id) for calculator_id in content.calculators]
    sheets += [renderer.plan(offering_id) for offering_id, located in content.offerings.items() if located.model.implementation]
    sheets += [renderer.assessment()] if content.relationship else []
    return sheets
