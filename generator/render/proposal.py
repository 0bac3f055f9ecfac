"""A proposal pack: one HTML document (and so one PDF) per prospect, from the cover to the mistakes report.

The pack is a single document so that page numbers run across all of it and each part is a bookmark: a cover, a
one-page summary for the prospect, then the worksheets (break-even, implementation plan), each exactly as its own
worksheet renders it, and the offering's mistakes report. The worksheets are not copied: ``worksheets.py`` renders
them as ever, and only the part each adds to the shared layout (its ``sheet`` block) is taken into the pack.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import cast
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from generator.compute import catalog
from generator.compute.outlook import discount_rate_of, outlook
from generator.compute.proposal import mistakes_that_matter, reasons_like
from generator.load import Content
from generator.render.language import UiLanguage
from generator.render.templating import NextAction, PageRenderer, root_of
from generator.render.worksheets import Prospect, Worksheet, WorksheetRenderer, link_text, path_of

TEMPLATE = "worksheets/proposal.html.j2"

SHEET_BLOCK = "sheet"
"""The block of ``worksheets/base.html.j2`` that holds a worksheet's own part."""


@dataclass(frozen=True)
class Contact:
    """Who the prospect answers: the proposal's owner, or the company itself when no owner is named."""

    name: str
    email: str | None = None
    phone: str | None = None

    @property
    def mailto(self) -> str | None:
        return f"mailto:{quote(self.email, safe='@')}" if self.email else None

    @property
    def tel(self) -> str | None:
        """``tel:+441423496021``: the number's digits, with its leading ``+``, which is all a phone needs to dial it. In
        an international number a ``(0)`` is the trunk prefix dialled only from inside the country, so it is left out:
        ``+44 (0)7700 900123`` is dialled ``+447700900123``."""
        number = (self.phone or "").strip()
        international = number.startswith("+")
        digits = re.sub(r"[^0-9]", "", number.replace("(0)", "") if international else number)
        return f"tel:{'+' if international else ''}{digits}" if digits else None


@dataclass(frozen=True)
class ProposalFor:
    """Everything one pack is made for: the prospect, their figures, who they deal with, and what they are like."""

    prospect: Prospect
    calculator_id: str | None = None
    """The calculator of the prospect's figures; None for an offering without one, whose pack has no figures."""
    values: dict[str, float] = field(default_factory=dict)
    """The calculator's figures, checked, as ``decide calc`` reads them."""
    owner: str | None = None
    owner_email: str | None = None
    owner_phone: str | None = None
    industry: str | None = None
    size: float | None = None
    start: date | None = None


class _SheetPages(PageRenderer):
    """Renders a worksheet's template as a part of a pack (its ``sheet`` block) rather than as a whole document."""

    def render(self, template: str, page: str, next_action: NextAction, **context: object) -> str:
        """The block is given everything the whole worksheet is, and what the worksheet's template itself sets up around
        it (its imports, macros and ``set`` variables). Those are its statements outside blocks, which run before its
        layout writes a word: so the template is started, stopped at its layout's first output, and the block rendered."""
        values = {"site": self.site, "look": self.look, "next_action": next_action, "root": root_of(page), **context}
        try:
            worksheet = self.environment.get_template(template)
            state = worksheet.new_context(values)
            whole = cast("Generator[str, None, None]", worksheet.root_render_func(state))
            next(whole, None)
            whole.close()
            return self.environment.concat(worksheet.blocks[SHEET_BLOCK](state))  # type: ignore[attr-defined]
        except jinja2.TemplateError:
            super().render(template, page, next_action, **context)  # the same mistake is in the whole worksheet: told as every template mistake is
            raise

    def document(self, template: str, page: str, next_action: NextAction, **context: object) -> str:
        """A whole document, as every page is rendered."""
        return super().render(template, page, next_action, **context)


class ProposalRenderer(WorksheetRenderer):
    """Renders proposal packs. Its worksheets render as they always do, but each as the part it adds to the layout, to
    go into a pack. Made once for a batch, since it holds the catalog's reasons and the templates."""

    def __init__(self, content: Content, templates: Path, language: UiLanguage | None = None) -> None:
        super().__init__(content, templates, language=language)
        self.pages = self._sheet_pages = _SheetPages(content, templates, language=self.language)
        footer = self.site.footer
        self.company = Contact(self.site.name, footer.email if footer else None, footer.phone if footer else None)

    def contact(self, request: ProposalFor) -> Contact:
        """The owner's name, e-mail and phone, each the company's (its name, its footer's e-mail and phone) when not given."""
        return Contact(request.owner or self.company.name, request.owner_email or self.company.email, request.owner_phone or self.company.phone)

    def pack(self, offering_id: str, request: ProposalFor) -> Worksheet:
        """The pack for one prospect, from values already checked: the figures' result within range, the plan's end by
        the year 9999."""
        offering = self.content.offerings[offering_id].model
        prospect = request.prospect
        next_action = self.pages.action(offering.action)
        mistakes = catalog.mistakes_about_offering(self.content, offering_id)
        title = self.language.gettext("%(offering)s: a proposal") % {"offering": offering.name}
        calculator = view = break_even_part = plan_part = None
        if request.calculator_id is not None:
            calculator = self.content.calculators[request.calculator_id].model
            view = outlook(calculator, request.values, discount_rate_of(calculator, self.site))
            break_even_part = Markup(self.break_even(request.calculator_id, prospect, request.values).html)
        if offering.implementation:
            plan_part = Markup(self.plan(offering_id, prospect, request.start).html)
        html = self._sheet_pages.document(
            TEMPLATE,
            path_of("proposal", offering_id),
            next_action,
            title=title,
            document_title=self._for(title, prospect.name),
            prospect=prospect,
            written_on=self.formatter.long_date(prospect.on),
            on_site=False,
            offering=offering,
            calculator=calculator,
            outlook=view,
            reasons=reasons_like(self.reasons.proving_offering(offering_id), request.industry, request.size),
            key_mistakes=mistakes_that_matter(mistakes, offering_id, offering),
            mistakes=mistakes,
            contact=self.contact(request),
            action_link=link_text(next_action.url, self.language),
            break_even_part=break_even_part,
            plan_part=plan_part,
            start=request.start,
        )
        return Worksheet("proposal", self._for(title, prospect.name), html, path_of("proposal", offering_id))

    def _for(self, title: str, prospect: str) -> str:
        return self.language.gettext("%(title)s for %(prospect)s") % {"title": title, "prospect": prospect}
