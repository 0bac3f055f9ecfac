"""How content text becomes page text: plain text stays text, Markdown fields become safe HTML.

Pages are Markdown that a site engine renders again, so escaping for HTML is
not enough there: ``[x](javascript:…)`` or a trailing ``{ onclick=… }`` is
harmless HTML but live Markdown. ``plain`` makes a text field inert in both;
``prose`` renders a Markdown field ourselves and keeps only an allow-list of
tags, attributes and link schemes, so no field can carry a script, an event
handler, a ``javascript:`` link or a third-party image into a page.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache

import nh3
from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, format_decimal, format_percent, get_currency_symbol, is_currency, parse_pattern
from markupsafe import Markup

from generator.formulas import round_half_away
from generator.load.models import DEFAULT_SCENARIOS, LINK_SCHEMES, MARKDOWN_ATTRIBUTES, MARKDOWN_TAGS, Scenario, Untranslated, markdown_html
from generator.render.language import UiLanguage, ui_language
from generator.wording import N_

_NH3_ATTRIBUTES = {tag: set(names) for tag, names in MARKDOWN_ATTRIBUTES.items()}
"""The policy's attributes in the shape nh3 takes (plain sets)."""

_INERT = str.maketrans({character: f"&#{ord(character)};" for character in "&<>\"'\\`*_[]{}|~"})
_BLOCK_START = re.compile(r"^(?:[#+=:-]|\d+[.)])")
"""What starts a heading or a list at the start of a line (``>`` for quotes is already made inert)."""



def plain(text: str) -> Markup:
    """Text that reads exactly as written wherever it lands in a Markdown page: one line, no markup.

    A text left in the default language on another language's page is marked with its own language (``<span lang>``).
    """
    one_line = " ".join(str(text).split())
    start = _BLOCK_START.match(one_line)
    inert = one_line.translate(_INERT)
    if start:
        inert = f"&#{ord(one_line[0])};" + inert[1:]
    return _in_own_language(text, Markup(inert), "span")


MARKDOWN_FIELDS_KEPT = 16_384
"""Markdown fields whose HTML is kept (by ``prose`` here, and by ``markdown_html``): every field of the largest
catalog measured (10,000 reasons' stories, 400 mistakes, 200 offerings), so that a preview save that renders the
catalog again converts none of them again; about 20 MB at most."""


_PLACEHOLDER = re.compile(r"(%\([A-Za-z_][A-Za-z0-9_]*\)s|%%)")
"""A catalog text's places for values (``%(name)s``) and its literal percent (``%%``)."""


def inert_words(text: str) -> Markup:
    """A catalog's text made as inert as ``plain`` makes content (for HTML and Markdown alike), its placeholders kept
    as they are, to be filled (and the values escaped) after."""
    one_line = " ".join(str(text).split())
    pieces = _PLACEHOLDER.split(one_line)
    inert = "".join(piece if index % 2 else piece.translate(_INERT) for index, piece in enumerate(pieces))
    if _BLOCK_START.match(one_line) and not _PLACEHOLDER.match(one_line):
        inert = f"&#{ord(one_line[0])};" + inert[1:]
    return Markup(inert)


def prose(text: str) -> Markup:
    """A Markdown field as sanitised HTML, for a raw HTML block of a page; a text left in the default language is
    marked with its own language (``<div lang>``)."""
    return _in_own_language(text, _sanitised(str(text)), "div")


@lru_cache(maxsize=MARKDOWN_FIELDS_KEPT)
def _sanitised(text: str) -> Markup:
    """Cached: a reason's text shows on its offering's page, its problems' pages
    and the catalog, and the preview renders pages again on a save."""
    return Markup(nh3.clean(markdown_html(text), tags=set(MARKDOWN_TAGS), attributes=_NH3_ATTRIBUTES, url_schemes=set(LINK_SCHEMES)))


def _in_own_language(text: str, html: Markup, element: str) -> Markup:
    """``html`` wrapped in ``element`` with a ``lang`` when ``text`` is ``Untranslated``, so screen readers and browsers read it in its own language."""
    if not isinstance(text, Untranslated):
        return html
    return Markup('<{0} lang="{1}">{2}</{0}>').format(Markup(element), text.lang, html)


def raw_number(value: float) -> str:
    """A number as an HTML form value or a data attribute holds it: ``12``, ``1.5``; the browser reads it back exactly."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class Formatter:
    """Numbers and amounts the way the site's readers write them (``155,000`` in en-GB, ``155.000`` in de-DE).

    A metric reads as its value with the whole unit once (``£9,200 per month``,
    ``100% more visits``, ``7 percentage points``). Its before and after carry a
    sign only when they are amounts of it: money when the unit starts with a
    currency code (``from £11,500 to £2,300``), percentages when the unit is
    exactly ``%``; for any other unit they are bare numbers (``from 2,100 to
    4,200`` for ``% more visits``), since the unit describes the change, not them.
    """

    def __init__(self, locale: str, currency: str = "", language: UiLanguage | None = None) -> None:
        """``language`` gives the words a figure carries (``30 hours``); by default the locale's own catalog."""
        self.locale = locale.replace("-", "_")
        self.currency = currency
        self.language = language or ui_language(locale)
        self._babel = _babel_locale(self.locale)
        """Babel's locale, read once: each call given a locale's name would parse it again (and a site formats thousands of numbers)."""

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self._babel)

    def scenario_label(self, scenario: Scenario) -> str:
        """A scenario's name: the company's own as written (translated with the content), one of the three a
        calculator has when it lists none in the site's language."""
        return self.language.gettext(scenario.label) if scenario in DEFAULT_SCENARIOS else scenario.label

    def exact(self, value: float) -> str:
        """A number with every decimal it has, for a reader to check a calculation with: ``0.00045``, not ``0``."""
        return format_decimal(value, locale=self._babel, decimal_quantization=False)

    def money(self, value: float) -> str:
        """An amount in the site's currency, to the whole unit: ``£116,897``; never ``-£0``.

        Halves round away from zero, as the browser's ``Intl.NumberFormat`` does, so the page reads the same with or without JavaScript.
        """
        return self.amount(round_half_away(value, 0) + 0.0, self.currency)

    def percent(self, value: float) -> str:
        """A whole percentage as the locale writes it: ``384%``, ``384 %`` in de-DE."""
        return format_percent(round_half_away(value, 0) / 100 + 0.0, locale=self._babel)

    def months(self, value: float) -> str:
        """A month count to one decimal: ``4.6``."""
        return format_decimal(round_half_away(value, 1) + 0.0, format=_ONE_DECIMAL, locale=self._babel)

    def unit_words(self, unit: str) -> str:
        """How an input's unit reads beside its label: ``£``, ``%``, ``hours``."""
        if unit == "money":
            return get_currency_symbol(self.currency, locale=self._babel)
        if unit in UNIT_NAMES:
            return self.language.gettext(UNIT_NAMES[unit])
        return {"percent": "%"}.get(unit, unit)

    def figure(self, value: float, unit: str) -> str:
        """A calculator input with its unit: ``£35``, ``1.5%``, ``30 hours``, ``12``."""
        if unit == "money":
            return self.amount(value, self.currency)
        if unit == "percent":
            return format_percent(value / 100, locale=self._babel, decimal_quantization=False)
        if unit == "hours":
            return self.language.ngettext("%(num)s hour", "%(num)s hours", _plural_count(value)) % {"num": self.number(value)}
        if unit == "months":
            return self.language.ngettext("%(num)s month", "%(num)s months", _plural_count(value)) % {"num": self.number(value)}
        return self.number(value)

    def long_date(self, value: date) -> str:
        """A date as a letter heads it: ``27 November 2026`` in en-GB, ``November 27, 2026`` in en-US."""
        return format_date(value, format="long", locale=self._babel)

    def short_date(self, value: date) -> str:
        """A date in a table: ``27 Nov 2026``."""
        return format_date(value, format="medium", locale=self._babel)

    def points(self, value: int) -> str:
        """A selector's points with their sign, so a table reads as what each answer adds: ``+2``, ``-1``, ``0``."""
        return ("+" if value > 0 else "") + self.number(value)

    def measure(self, value: float, unit: str) -> str:
        """``9200, "GBP per month"`` -> ``£9,200 per month``; ``7, "percentage points"`` -> ``7 percentage points``."""
        currency, rest = _currency_and_rest(unit)
        if currency:
            return f"{self.amount(value, unit)} {rest}".rstrip()
        return f"{self.number(value)}{'' if unit.startswith('%') else ' '}{unit}"

    def amount(self, value: float, unit: str) -> str:
        """A metric's before or after: ``£11,500`` for a currency unit, ``1.8%`` for the unit ``%``, else ``2,100``."""
        currency, _ = _currency_and_rest(unit)
        if currency:
            pattern = _money_pattern(self.locale, whole=float(value).is_integer())
            return pattern.apply(value, self._babel, currency=currency, currency_digits=False)
        return self.number(value) + ("%" if unit == "%" else "")


UNIT_NAMES = {"hours": N_("hours"), "months": N_("months")}
"""The units an input's label names in words."""


def _plural_count(value: float) -> int:
    """The count a plural form is chosen by: a fraction (``1.5 hours``) takes the form of many, as in English."""
    return int(value) if float(value).is_integer() else 2


_ONE_DECIMAL = parse_pattern("#,##0.0")


@cache
def _babel_locale(locale: str) -> Locale:
    return Locale.parse(locale)


@cache
def _money_pattern(locale: str, whole: bool) -> NumberPattern:
    """The locale's currency pattern with no decimals for a whole amount, else two: parsed once per locale."""
    pattern = parse_pattern(_babel_locale(locale).currency_formats["standard"].pattern)
    pattern.frac_prec = (0, 0) if whole else (2, 2)
    return pattern


@lru_cache(maxsize=1024)
def _currency_and_rest(unit: str) -> tuple[str | None, str]:
    code, _, rest = unit.partition(" ")
    return (code, rest) if len(code) == 3 and code.isupper() and is_currency(code) else (None, unit)


SOURCE_LABELS = {
    "customer": N_("In the customer's words"),
    "sales": N_("Collected by our sales team"),
    "service": N_("Collected by our service team"),
    "marketing": N_("Collected by our marketing team"),
}
"""Who collected a reason, as its card says it; in English here, in the page's language where it is shown."""
