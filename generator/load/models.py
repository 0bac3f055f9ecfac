"""The content kinds as typed models: what each file may hold, in the marketers' field names.

Models are strict: YAML gives real types, so a boolean or a number where text
belongs is an error to report, never a value to coerce. Unknown fields are
errors too, since they are almost always typos. Field descriptions are written
for marketers: messages quote them when a field is missing.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Literal

import babel
import markdown
from babel.numbers import is_currency
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator

from generator.wording import N_

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

LARGEST_FIGURE = 1e12
"""The largest magnitude of a number written in content: a calculator input's ``default``, ``min``, ``max`` and
``step``, a metric, a selector number question's ``min``, ``max`` and ``up_to``, a number in a formula. A
trillion is more than any price, count or saving a prospect deals in, and it keeps every amount the engines
work out far from where floating point, Babel or the browser's ``Intl`` stop being exact or working at all."""

LARGEST_SCORE = 1_000_000
"""The largest magnitude of a selector's ``min_score``: far above any total of answers' points (each at most 1,000),
and exact alike as a Python integer and as a JavaScript number."""


Figure = Annotated[float, Field(ge=-LARGEST_FIGURE, le=LARGEST_FIGURE, allow_inf_nan=False)]
"""A number written in content: finite and within ``LARGEST_FIGURE`` of zero."""

LARGEST_FACTOR = 100
"""The largest factor a scenario may multiply benefits or costs by: a hundred times the expected case is already
no scenario anyone would present, and the amounts it makes still meet the engines' bound (``LARGEST_AMOUNT``)
or are reported out of range."""

LARGEST_SCENARIOS = 8
"""The most scenarios a calculator may list: the page draws a band and a table row for each, and eight is more
than any buyer compares side by side."""

DiscountRate = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
"""A yearly discount rate in percent, 0 to 100: a rate above 100 % a year values next year's money at less than half."""

DEFAULT_DISCOUNT_RATE = 8.0
"""The yearly rate present value is worked out at when neither the calculator nor ``site.yml`` sets one."""

@dataclass(frozen=True)
class Shown:
    """Marks a text prospects read (a name, a summary, a label), as against an id, a path or an address:
    ``decide translate`` puts every field so marked, and no other, into the translators' catalogs."""

    markdown: bool = False
    """Whether the text is Markdown, which a translation keeps as Markdown."""


Filled = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Text, not empty, that is not translated: an id, a file path, an e-mail address."""

Text = Annotated[Filled, Shown()]
"""Plain text, not empty, that prospects read."""

Markdown = Annotated[Filled, Shown(markdown=True)]
"""Long text in which Markdown is allowed, within the policy below."""

MARKDOWN_TAGS = frozenset({"p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td"})
MARKDOWN_ATTRIBUTES = {"a": frozenset({"href", "title"}), "th": frozenset({"align"}), "td": frozenset({"align"})}
LINK_SCHEMES = frozenset({"https", "mailto", "tel"})
"""What a Markdown field may become on a page: the site keeps these tags, attributes and link schemes and
removes everything else (scripts, event handlers, images, styles, ``javascript:`` and plain ``http:`` links);
``decide check`` warns about what would be removed."""


_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"], extension_configs={"tables": {"use_align_attribute": True}}, output_format="html")


@lru_cache(maxsize=16_384)
def markdown_html(text: str) -> str:
    """A Markdown field read as HTML, before the policy applies: the one reading that pages and checks share.

    Table alignment comes out as ``align`` (which the policy keeps), not as a ``style`` (which it removes).
    One converter, reset between fields, and a cache: building a converter costs more than converting a
    field, and the check and every page that shows a field read it again.
    """
    return _MARKDOWN.reset().convert(text)

Reference = Filled
"""The id of another entity; whether it exists is checked once everything is loaded."""


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"`{value}` is not a valid id: use lowercase letters, digits and single hyphens, e.g. `{slugify(value)}`")
    return value


def slugify(text: str) -> str:
    """The id a marketer most likely meant: ``Multi Site`` -> ``multi-site``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-id"


Slug = Annotated[str, AfterValidator(_slug)]

URL_SCHEMES = ("https:", "mailto:", "tel:")


def _url(value: str) -> str:
    scheme = next((scheme for scheme in URL_SCHEMES if value.startswith(scheme)), None)
    if scheme is None:
        raise ValueError(f"`{value}` is not allowed: a link must start with https://, mailto: or tel:")
    rest = value[len(scheme) :]
    if scheme == "https:" and not re.match(r"^//[^/\s?#]+\.[^/\s?#]+", rest):
        raise ValueError(f"`{value}` has no web address after https://; write e.g. https://example.com/contact")
    if scheme == "mailto:" and not re.match(r"^[^@\s?]+@[^@\s?]+", rest):
        raise ValueError(f"`{value}` has no e-mail address after mailto:; write e.g. mailto:sales@example.com")
    if scheme == "tel:" and not re.fullmatch(r"\+?[0-9][0-9 ()-]*", rest):
        raise ValueError(f"`{value}` is not a phone number; write e.g. tel:+44-20-7946-0000")
    if any(character.isspace() for character in rest.strip()) and scheme != "tel:":
        raise ValueError(f"`{value}` contains a space; write spaces in links as %20")
    return value


Url = Annotated[Filled, AfterValidator(_url)]


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(f"`{value}` is not an e-mail address; write e.g. accounts@example.com")
    return value


Email = Annotated[Filled, AfterValidator(_email)]


LOCALE_TAG = re.compile(r"(?P<language>[a-z]{2,3})(?:-(?P<script>[A-Z][a-z]{3}))?(?:-(?P<region>[A-Z]{2}|[0-9]{3}))?")
"""The locales a site may have: a BCP 47 language (``en``), maybe a script (``zh-Hant``) and a region (``en-GB``,
``es-419``), written as browsers and Babel both read them. Anything else (``root``, ``en_GB``, ``en-``, a variant)
is refused, since the page's ``Intl`` would stop on it while the build carried on."""


def _locale(value: str) -> str:
    if LOCALE_TAG.fullmatch(value) and _known_locale(value):
        return value
    nearest = _nearest_locale(value)
    instead = f"write `{nearest}`, or another" if nearest else "write a"
    raise ValueError(
        f"`{value}` is not a locale browsers accept; {instead} BCP 47 tag: a language in lowercase, maybe a script and a region in capitals, "
        "joined by hyphens, such as en-US, en-GB, el-GR, zh-Hant-TW or es-419"
    )


def _known_locale(tag: str) -> bool:
    try:
        babel.Locale.parse(tag, sep="-")
    except (ValueError, babel.UnknownLocaleError):
        return False
    return True


def _nearest_locale(value: str) -> str | None:
    """The valid tag closest to what was written: ``en_gb`` -> ``en-GB``, ``en-`` -> ``en``, ``en-US-POSIX`` -> ``en-US``."""
    parts = [part for part in re.split(r"[-_\s.@]+", value) if part][:3]
    if not parts:
        return None
    tidy = [parts[0].lower()] + [part.title() if len(part) == 4 else part.upper() for part in parts[1:]]
    candidates = ("-".join(tidy), "-".join(tidy[:2]), tidy[0])
    return next((tag for tag in candidates if LOCALE_TAG.fullmatch(tag) and _known_locale(tag)), None)


Locale = Annotated[Filled, AfterValidator(_locale)]


def _currency(value: str) -> str:
    if not is_currency(value):
        raise ValueError(f"`{value}` is not an ISO 4217 currency code; write three capital letters such as USD, EUR or GBP")
    return value


Currency = Annotated[Filled, AfterValidator(_currency)]


def _option_reference(value: str) -> str:
    if value.count("/") != 1 or not all(value.split("/")):
        raise ValueError(f"`{value}` is not of the form <offering id>/<option id>, e.g. stock-planner/multi-site")
    return value


OptionReference = Annotated[Filled, AfterValidator(_option_reference)]


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _colour(value: str) -> str:
    if not COLOUR.fullmatch(value):
        raise ValueError(f"`{value}` is not a colour written as # and six hexadecimal digits, such as #1f5f8b")
    return value.lower()


Colour = Annotated[Filled, AfterValidator(_colour)]
"""A colour as ``#rrggbb``, kept in lowercase."""


class Brand(ContentModel):
    """How the site and the worksheets look like the company's own: its logo, colours and fonts."""

    logo: Filled = Field(examples=["brand/logo.svg"], description="the logo: a path inside content/ to an SVG, PNG or WebP file of at most 200 KB")
    favicon: Filled | None = Field(default=None, examples=["brand/favicon.png"], description="the browser tab's icon: a path inside content/ to an SVG, PNG or WebP file")
    primary: Colour | None = Field(default=None, examples=["#1f5f8b"], description="the main colour (header, links, buttons), as #rrggbb")
    accent: Colour | None = Field(default=None, examples=["#b3541e"], description="the second colour (highlights, the next action), as #rrggbb")
    fonts: list[Filled] = Field(default_factory=list, examples=[["brand/fonts/body.woff2"]], description="self-hosted .woff2 font files inside content/, the first for text")


class FooterLink(ContentModel):
    label: Text = Field(examples=["Privacy policy"], description="the link's text, e.g. Privacy policy")
    url: Url = Field(examples=["https://example.com/privacy"], description="where it leads: an https:, mailto: or tel: link")


class Footer(ContentModel):
    """What every page shows at its foot: how to reach the company, and the links it must show (privacy, terms)."""

    address: Text | None = Field(default=None, examples=["12 Mill Lane, Leeds LS1 4AB"], description="the postal address")
    phone: Filled | None = Field(default=None, examples=["+44 113 496 0000"], description="the phone number as prospects dial it")
    email: Filled | None = Field(default=None, examples=["hello@example.com"], description="the e-mail address for questions")
    links: list[FooterLink] = Field(
        default_factory=list, examples=[[{"label": "Privacy policy", "url": "https://example.com/privacy"}]], description="links every page shows, e.g. the privacy policy and terms"
    )


LARGEST_LADDER = 12
"""The most rungs a site's ladder of thresholds may have: the brief's ladder has six, and a customer climbs no
ladder of more than a dozen steps one action at a time."""


class Threshold(ContentModel):
    """One rung of the ladder of customer actions: what the customer is ready to do once the relationship has reached it."""

    id: Slug = Field(examples=["talk"], description="a short id actions name it by, lowercase with hyphens, e.g. talk")
    words: Text = Field(examples=["Let's talk"], description="the customer's words for this step, e.g. Let's talk")


DEFAULT_LADDER = (
    Threshold(id="read", words=N_("I'll read more")),
    Threshold(id="talk", words=N_("Let's talk")),
    Threshold(id="meet", words=N_("Let's meet")),
    Threshold(id="proposal", words=N_("Send me a proposal")),
    Threshold(id="introduce", words=N_("Let me introduce you to my colleagues")),
    Threshold(id="ongoing", words=N_("Let's make this an ongoing arrangement")),
)
"""The ladder of a site that lists no thresholds: the brief's six. Their words are not the company's but ours, so
they come from the wording catalogs; a site's own ladder is translated with its content."""


class Site(ContentModel):
    name: Text = Field(examples=["Northwind Supplies"], description="the company's name as prospects know it")
    locale: Locale = Field(examples=["en-US"], description="the language and region for numbers and dates, e.g. en-US")
    currency: Currency = Field(examples=["USD"], description="the currency of every amount, e.g. USD")
    action: Reference = Field(examples=["book-call"], description="the id of the default next action, a file in content/actions/")
    tagline: Text | None = Field(default=None, examples=["Warehouse and finance systems for distributors"], description="one sentence under the company's name on the home page")
    brand: Brand | None = Field(default=None, examples=[{"logo": "brand/logo.svg", "primary": "#1f5f8b", "accent": "#b3541e"}], description="the logo, colours and fonts the site and worksheets use")
    footer: Footer | None = Field(
        default=None,
        examples=[{"email": "hello@example.com", "links": [{"label": "Privacy policy", "url": "https://example.com/privacy"}]}],
        description="the contact details and links every page shows at its foot",
    )
    discount_rate: DiscountRate | None = Field(
        default=None, examples=[8], description="the yearly rate, in percent, at which calculators work out present value, unless a calculator sets its own; 8 when absent"
    )
    languages: list[Locale] = Field(
        default_factory=list,
        examples=[["el-GR"]],
        description="further languages the site is published in, besides its locale, e.g. [el-GR]; their texts come from content/translations/<locale>.po",
    )
    thresholds: list[Threshold] = Field(
        default_factory=list,
        max_length=LARGEST_LADDER,
        examples=[[{"id": "read", "words": "I'll read more"}, {"id": "talk", "words": "Let's talk"}]],
        description="the ladder of customer actions, lowest first, each an id and the customer's words; absent: read, talk, meet, proposal, introduce, ongoing",
    )

    @field_validator("languages")
    @classmethod
    def _languages_once(cls, languages: list[str], info: ValidationInfo) -> list[str]:
        """Each further language once, and never the default: a second copy would be a second site at the same address."""
        locale = info.data.get("locale")
        if locale in languages:
            raise ValueError(f"`{locale}` is the site's own `locale`; list only the further languages here, so delete `{locale}`")
        repeated = sorted({language for language in languages if languages.count(language) > 1})
        if repeated:
            raise ValueError(f"{', '.join(f'`{language}`' for language in repeated)} is listed more than once; keep each language once")
        return languages

    @property
    def ladder(self) -> tuple[Threshold, ...]:
        """The rungs in order, lowest first: the site's own, or the default ladder when it lists none."""
        return tuple(self.thresholds) or DEFAULT_LADDER


class Untranslated(str):
    """A text shown in the site's default language on a page of another language: it carries ``lang``,
    the default locale, so the page marks it (``<span lang="en-GB">``) for screen readers and browsers."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Untranslated:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __reduce__(self) -> tuple[type[Untranslated], tuple[str, str]]:
        return (Untranslated, (str(self), self.lang))


class Action(ContentModel):
    label: Text = Field(examples=["Book a 20-minute call"], description="the button text, e.g. Book a 20-minute call")
    url: Url = Field(examples=["https://example.com/book-a-call"], description="where the button leads: an https:, mailto: or tel: link")
    threshold: Reference = Field(examples=["talk"], description="the id of the rung of site.yml's thresholds this action is, e.g. talk (its words are accepted too)")


class Problem(ContentModel):
    name: Text = Field(examples=["Orders leave late"], description="the problem as the customer would say it")
    summary: Text = Field(examples=["Orders leave the warehouse a day after customers expect them, and staff spend mornings answering calls."], description="one or two sentences on the problem")
    body: Markdown | None = Field(default=None, examples=["Write here what the problem costs the customer, who feels it first, and how they notice it."], description="longer text; Markdown allowed")


class Option(ContentModel):
    id: Slug = Field(examples=["multi-site"], description="a short id, lowercase with hyphens, e.g. multi-site")
    name: Text = Field(examples=["Multi-site"], description="the option's name")
    summary: Text = Field(examples=["Plans stock across several warehouses at once."], description="one sentence on what the option adds")


class ImplementationStep(ContentModel):
    step: Text = Field(examples=["Connect your order system"], description="what is done in this step")
    owner: Text = Field(examples=["Your warehouse lead"], description="who does it, e.g. Your warehouse lead")
    weeks: int = Field(ge=1, le=520, examples=[2], description="how many weeks the step takes, a whole number")


class Offering(ContentModel):
    name: Text = Field(examples=["Stock Planner"], description="the offering's name")
    summary: Text = Field(examples=["Plans reorders from real demand, so the shelves hold what sells."], description="one sentence on what the offering does for the customer")
    problems: list[Reference] = Field(min_length=1, examples=[["orders-leave-late"]], description="ids of the problems it solves, e.g. [late-deliveries]")
    action: Reference | None = Field(default=None, examples=["book-call"], description="the id of this offering's next action")
    body: Markdown | None = Field(default=None, examples=["Write here how the offering works, what the customer does and what they get."], description="longer text; Markdown allowed")
    options: list[Option] = Field(default_factory=list, examples=[[{"id": "essentials", "name": "Essentials", "summary": "One warehouse, planned weekly."}]], description="the ways it can be bought")
    implementation: list[ImplementationStep] = Field(
        default_factory=list,
        examples=[[{"step": "Connect your order system", "owner": "Your warehouse lead", "weeks": 2}]],
        description="the steps to put it in place",
    )


class Metric(ContentModel):
    value: Figure = Field(examples=[10], description="the measured result as a number, e.g. 5")
    unit: Text = Field(examples=["late orders"], description="what the number counts, e.g. working days")
    before: Figure | None = Field(default=None, examples=[12], description="the figure before")
    after: Figure | None = Field(default=None, examples=[2], description="the figure after")
    period: Text | None = Field(default=None, examples=["per month"], description="over what time, e.g. per month")


class Customer(ContentModel):
    industry: Text = Field(examples=["Food distribution"], description="the customer's industry, e.g. food distribution")
    size: Text | None = Field(default=None, examples=["40 staff"], description='the customer\'s size as text, e.g. "40 staff"')


ReasonSource = Literal["marketing", "sales", "service", "customer"]


class Reason(ContentModel):
    result: Text = Field(examples=["A 40-person food distributor cut late orders from 12 to 2 a month."], description="the customer's result, in one sentence")
    offerings: list[Reference] = Field(min_length=1, examples=[["stock-planner"]], description="ids of the offerings it proves, e.g. [stock-planner]")
    problems: list[Reference] = Field(default_factory=list, examples=[["orders-leave-late"]], description="ids of the problems it speaks to")
    metric: Metric | None = Field(default=None, examples=[{"value": 10, "unit": "late orders", "before": 12, "after": 2, "period": "per month"}], description="the measured result")
    story: Markdown | None = Field(default=None, examples=["Write here the customer's situation before, what changed, and what they noticed first."], description="the situation, in a few sentences")
    customer: Customer | None = Field(default=None, examples=[{"industry": "Food distribution", "size": "40 staff"}], description="who the customer is")
    source: ReasonSource | None = Field(default=None, examples=["sales"], description="who collected it: marketing, sales, service or customer")


class Mistake(ContentModel):
    title: Text = Field(examples=["Buying scanners before fixing the pick list"], description="the mistake, in a few words")
    consequence: Markdown = Field(examples=["The scanners speed up a pick list that sends pickers the long way round, so orders still leave late."], description="what the mistake costs the buyer")
    avoid: Markdown = Field(examples=["Put the fastest-moving stock nearest the packing bench first, then scan."], description="what to do instead")
    offerings: list[Reference] = Field(default_factory=list, examples=[["stock-planner"]], description="ids of the offerings it concerns")
    problems: list[Reference] = Field(default_factory=list, examples=[["orders-leave-late"]], description="ids of the problems it concerns")
    option: OptionReference | None = Field(default=None, examples=["stock-planner/multi-site"], description="the option that avoids it, as <offering id>/<option id>")

    @model_validator(mode="after")
    def _belongs_somewhere(self) -> Mistake:
        if not self.offerings and not self.problems:
            raise ValueError("a mistake needs `offerings` or `problems` (or both), so pages can show it; add e.g. problems: [late-deliveries]")
        return self


def _in_order(low: float, high: float) -> None:
    """A range a visitor types a number into: ``min`` below ``max``."""
    if low >= high:
        raise ValueError(f"`min` ({low:g}) must be smaller than `max` ({high:g})")


INPUT_ID = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_NAMES = frozenset({"min", "max", "round", "if"})


def _input_id(value: str) -> str:
    if not INPUT_ID.match(value):
        suggestion = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_") or "hours"
        raise ValueError(f"`{value}` is not a valid input id: formulas name inputs by it, so use lowercase letters, digits and underscores, starting with a letter, e.g. `{suggestion}`")
    if value in RESERVED_NAMES:
        raise ValueError(f"`{value}` is the name of a formula function; call the input something else, e.g. `{value}_value`")
    return value


InputId = Annotated[str, AfterValidator(_input_id)]


def _formula_text(value: object) -> object:
    """A formula may be written as a bare number (``once: 4500``); it is read as the formula ``4500``, in plain digits (``0.00001``, not ``1e-05``)."""
    if isinstance(value, bool):
        raise ValueError(f"`{str(value).lower()}` is not a formula; write a number such as 4500 or a formula such as hours * rate")
    if isinstance(value, float) and math.isfinite(value):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, (int, float)):
        return repr(value)
    return value


Formula = Annotated[Filled, BeforeValidator(_formula_text)]
"""A formula in the calculators' language (see ``formulas``); it is read and checked once every input is known."""

InputUnit = Literal["money", "number", "percent", "hours", "months"]


class Evidence(ContentModel):
    """Where an input's figure comes from: the reasons of the calculator's offering whose metric counts the same thing."""

    unit: Filled = Field(examples=["late orders"], description="a metric unit, written exactly as in the reasons, e.g. late orders")


class CalculatorInput(ContentModel):
    id: InputId = Field(examples=["hours_per_week"], description="the name formulas use, lowercase with underscores, e.g. hours_per_week")
    label: Text = Field(examples=["Hours spent on it each week"], description="the question the prospect answers, e.g. Hours spent on it each week")
    unit: InputUnit = Field(examples=["hours"], description="money, number, percent, hours or months")
    default: Figure = Field(examples=[20], description="the value shown before the prospect types, e.g. 20")
    min: Figure = Field(examples=[0], description="the smallest value allowed, e.g. 0")
    max: Figure = Field(examples=[200], description="the largest value allowed, e.g. 200")
    step: Figure | None = Field(default=None, gt=0, examples=[1], description="the step of the input's arrows, e.g. 1")
    help: Text | None = Field(default=None, examples=["Count everyone who does it, managers too."], description="a sentence that helps the prospect find the figure")
    evidence: Evidence | None = Field(
        default=None, examples=[{"unit": "late orders"}], description="the metric unit of the reasons that show what customers achieved for this figure, e.g. {unit: late orders}"
    )

    @model_validator(mode="after")
    def _default_in_range(self) -> CalculatorInput:
        _in_order(self.min, self.max)
        if not self.min <= self.default <= self.max:
            raise ValueError(f"`default` ({self.default:g}) must lie between `min` ({self.min:g}) and `max` ({self.max:g})")
        return self


Timing = Literal["once", "monthly", "yearly"]
TIMINGS: tuple[Timing, ...] = ("once", "monthly", "yearly")


class CalculatorItem(ContentModel):
    label: Text = Field(examples=["Time saved"], description="what the amount is, e.g. Scanners and set-up")
    once: Formula | None = Field(default=None, examples=[4500], description="an amount paid or gained once, at the start")
    monthly: Formula | None = Field(default=None, examples=["hours_per_week * 4 * 25"], description="an amount paid or gained every month")
    yearly: Formula | None = Field(default=None, examples=[1200], description="an amount paid or gained every year, from the first month")
    ramp_months: int | None = Field(default=None, ge=1, le=120, examples=[3], description="for a benefit: the months it takes to reach its full amount")

    @model_validator(mode="after")
    def _one_timing(self) -> CalculatorItem:
        given = [timing for timing in TIMINGS if getattr(self, timing) is not None]
        if len(given) != 1:
            found = ", ".join(given) if given else "none"
            raise ValueError(f"give exactly one of `once`, `monthly` or `yearly`, holding a formula (found {found}); split an item that has two into two items")
        if self.ramp_months is not None and self.once is not None:
            raise ValueError("`ramp_months` applies to monthly or yearly benefits; a `once` amount happens at the start, so delete `ramp_months`")
        return self

    @property
    def timing(self) -> Timing:
        return next(timing for timing in TIMINGS if getattr(self, timing) is not None)

    @property
    def formula(self) -> str:
        return str(getattr(self, self.timing))


Factor = Annotated[float, Field(ge=0, le=LARGEST_FACTOR, allow_inf_nan=False)]
"""What a scenario multiplies every benefit or every cost amount by: 0 to ``LARGEST_FACTOR``."""


class Scenario(ContentModel):
    id: Slug = Field(examples=["conservative"], description="a short id, lowercase with hyphens, e.g. conservative")
    label: Text = Field(examples=["Cautious"], description="the scenario's name as the prospect reads it, e.g. Cautious")
    benefits: Factor = Field(examples=[0.6], description="what every benefit amount is multiplied by, e.g. 0.6 for six tenths of the expected gains")
    costs: Factor = Field(examples=[1.0], description="what every cost amount is multiplied by, e.g. 1.0 for the costs as they are")


DEFAULT_SCENARIOS = (
    Scenario(id="conservative", label=N_("Conservative"), benefits=0.6, costs=1.0),
    Scenario(id="expected", label=N_("Expected"), benefits=1.0, costs=1.0),
    Scenario(id="ambitious", label=N_("Ambitious"), benefits=1.4, costs=1.0),
)
"""The scenarios of a calculator that lists none: six tenths of the benefits, as expected, and four tenths more. Their
labels are not the company's words but ours, so they come from the wording catalogs (``Formatter.scenario_label``)."""


class Calculator(ContentModel):
    title: Text = Field(examples=["When does the planner pay for itself?"], description="the page title, e.g. When do scanners pay for themselves?")
    offering: Reference = Field(examples=["stock-planner"], description="the id of the offering it is about")
    intro: Markdown | None = Field(
        default=None,
        examples=["Enter your own figures; the chart shows the month the savings overtake the costs."],
        description="a few sentences above the inputs; Markdown allowed",
    )
    action: Reference | None = Field(default=None, examples=["book-call"], description="the id of the next action; the offering's when absent")
    horizon_months: int = Field(default=36, ge=1, le=240, examples=[36], description="how many months the calculation covers")
    inputs: list[CalculatorInput] = Field(
        min_length=1,
        examples=[[{"id": "hours_per_week", "label": "Hours spent on it each week", "unit": "hours", "default": 20, "min": 0, "max": 200, "step": 1}]],
        description="the figures the prospect enters",
    )
    costs: list[CalculatorItem] = Field(min_length=1, examples=[[{"label": "Subscription", "monthly": 250}]], description="what the prospect pays: label and once, monthly or yearly")
    benefits: list[CalculatorItem] = Field(
        min_length=1,
        examples=[[{"label": "Time saved, at 25 an hour", "monthly": "hours_per_week * 4 * 25", "ramp_months": 3}]],
        description="what the prospect gains: label and once, monthly or yearly",
    )
    scenarios: list[Scenario] | None = Field(
        default=None,
        max_length=LARGEST_SCENARIOS,
        examples=[[{"id": "conservative", "label": "Cautious", "benefits": 0.6, "costs": 1.0}, {"id": "expected", "label": "Expected", "benefits": 1.0, "costs": 1.0}]],
        description="the cases shown beside the expected one, each an id, label and benefits and costs factors; absent: Conservative (0.6), Expected and Ambitious (1.4); [] for none",
    )
    discount_rate: DiscountRate | None = Field(
        default=None, examples=[8], description="the yearly rate, in percent, at which present value is worked out; the site's, or 8, when absent"
    )

    @model_validator(mode="after")
    def _costs_do_not_ramp(self) -> Calculator:
        if any(cost.ramp_months is not None for cost in self.costs):
            raise ValueError("`ramp_months` applies to benefits only; delete it from the cost")
        return self


Points = Annotated[int, Field(ge=-1000, le=1000)]
"""Points an answer gives an offering: whole numbers, negative when the answer counts against it."""


class SelectorScoring(ContentModel):
    """What choosing an answer (or a number in a band) does: points for offerings, and offerings it rules out."""

    scores: dict[Reference, Points] = Field(default_factory=dict, examples=[{"stock-planner": 2, "care-plan": -1}], description="points per offering id, e.g. {stock-planner: 2, care-plan: -1}")
    excludes: list[Reference] = Field(default_factory=list, examples=[["scan-to-ship"]], description="ids of the offerings this answer rules out, e.g. [scan-to-ship]")


class SelectorAnswer(SelectorScoring):
    id: Slug = Field(examples=["small-team"], description="a short id for the address of a shared result, e.g. small-team")
    label: Text = Field(examples=["Fewer than 10 people"], description="the answer as the visitor reads it")


class SelectorBand(SelectorScoring):
    up_to: Figure | None = Field(default=None, examples=[10], description="the highest number in this band; leave it out in the last band")


QuestionKind = Literal["one", "many", "number"]

NUMBER_FIELDS = ("unit", "min", "max", "bands")


class SelectorQuestion(ContentModel):
    id: Slug = Field(examples=["team-size"], description="a short id for the address of a shared result, e.g. team-size")
    text: Text = Field(examples=["How many people pick orders?"], description="the question as the visitor reads it")
    help: Text | None = Field(default=None, examples=["Count everyone who picks on a normal day."], description="a sentence that helps the visitor answer")
    kind: QuestionKind = Field(examples=["one"], description="one (pick one answer), many (pick any) or number (type a number)")
    answers: list[SelectorAnswer] = Field(
        default_factory=list,
        examples=[[{"id": "small-team", "label": "Fewer than 10 people", "scores": {"stock-planner": 2}}, {"id": "large-team", "label": "10 people or more", "scores": {"care-plan": 2}}]],
        description="for one and many: the answers to choose from",
    )
    unit: Text | None = Field(default=None, examples=["pickers"], description="for number: what the number counts, e.g. pickers")
    min: Figure | None = Field(default=None, examples=[0], description="for number: the smallest number accepted")
    max: Figure | None = Field(default=None, examples=[500], description="for number: the largest number accepted")
    bands: list[SelectorBand] = Field(
        default_factory=list,
        examples=[[{"up_to": 10, "scores": {"stock-planner": 2}}, {"scores": {"care-plan": 2}}]],
        description="for number: the ranges that score, smallest first",
    )

    @model_validator(mode="after")
    def _fields_of_its_kind(self) -> SelectorQuestion:
        """Each kind has its own fields; a field of another kind is almost always a kind written wrong."""
        written = [name for name in NUMBER_FIELDS if getattr(self, name) not in (None, [])]
        if self.kind != "number":
            if not self.answers:
                raise ValueError(f"a `{self.kind}` question needs `answers`: a list of entries, each with an `id` and a `label`")
            if written:
                fields, them = (f"`{written[0]}` is", "it") if len(written) == 1 else (f"{', '.join(f'`{name}`' for name in written)} are", "them")
                raise ValueError(f"{fields} only for number questions; remove {them}, or write kind: number")
            return self
        missing = [f"`{name}`" for name in NUMBER_FIELDS if name not in written]
        if missing:
            raise ValueError(f"a number question needs `unit`, `min`, `max` and `bands`; add {', '.join(missing)}")
        if self.answers:
            raise ValueError("a number question scores with its `bands`, not `answers`; remove `answers`, or write kind: one")
        if self.min is not None and self.max is not None:
            _in_order(self.min, self.max)
        return self


class Selector(ContentModel):
    title: Text = Field(examples=["Which of our services fits you now?"], description="the selector's title, e.g. Which of our services fits you now?")
    intro: Text = Field(examples=["Answer a few questions and see which service to start with, and why."], description="one or two sentences on what the visitor will get")
    offerings: list[Reference] | None = Field(
        default=None,
        min_length=1,
        examples=[["stock-planner", "care-plan"]],
        description="ids of the offerings it chooses between, in the order that breaks ties; default: all, in alphabetical order",
    )
    min_score: int = Field(default=1, ge=-LARGEST_SCORE, le=LARGEST_SCORE, examples=[1], description="the fewest points an offering needs to be recommended")
    fallback_action: Reference = Field(examples=["book-call"], description="the id of the next action when no offering reaches min_score")
    questions: list[SelectorQuestion] = Field(
        min_length=1,
        examples=[
            [
                {
                    "id": "team-size",
                    "text": "How many people pick orders?",
                    "kind": "one",
                    "answers": [
                        {"id": "small-team", "label": "Fewer than 10 people", "scores": {"stock-planner": 2}},
                        {"id": "large-team", "label": "10 people or more", "scores": {"care-plan": 2}},
                    ],
                }
            ]
        ],
        description="the questions, in the order they are asked",
    )


class RelationshipLevel(ContentModel):
    id: Slug = Field(examples=["trusted-adviser"], description="a short id, lowercase with hyphens, e.g. trusted-adviser")
    name: Text = Field(examples=["Trusted adviser"], description="the level's name, e.g. Trusted adviser")
    description: Text = Field(examples=["We ask them before we decide, not after."], description="one sentence on what the relationship looks like at this level, in the customer's words")
    threshold: Reference | None = Field(
        default=None, examples=["proposal"], description="the id of the furthest threshold customers at this level have reached; absent: the levels are spread evenly over the ladder"
    )


RelationshipAnswer = Literal["level", "words"]


class RelationshipQuestion(ContentModel):
    text: Text = Field(examples=["Where is our relationship today?"], description="the question as each person reads it, e.g. Where is our relationship today?")
    answer: RelationshipAnswer = Field(default="words", examples=["level"], description="how it is answered: level (tick one of the levels) or words (lines to write on)")


ANSWER_KEYS = ("name", "role", "side", "today", "desired", "change", "moment")
"""The keys of one person's answers, in an answer file's columns and an assessment link's query, besides one per
touchpoint id (and ``<id>_leader``): a touchpoint may not take one of them as its id."""


class Touchpoint(ContentModel):
    id: Slug = Field(examples=["delivery"], description="a short id, the column of its ratings in an answer file, e.g. delivery; made from the name when absent")
    name: Text = Field(examples=["Delivery"], description="a point of contact with the customer, e.g. Delivery")
    description: Text | None = Field(default=None, examples=["Vans, drivers and delivery notes"], description="a few words on what it covers")

    @model_validator(mode="before")
    @classmethod
    def _id_from_name(cls, value: object) -> object:
        """A touchpoint written without an id (``- Sales``) takes its name's: answer files and links name the column by it."""
        if not isinstance(value, dict) or "id" in value or not isinstance(value.get("name"), str):
            return value
        derived = name_id(value["name"])
        if derived is None:
            name = value["name"].strip()
            raise ValueError(f"the name `{name}` gives no id in plain letters; give it an id in lowercase letters and hyphens: `- id: invoicing` (say) with `name: {name}` under it")
        return {**value, "id": derived}


def name_id(name: str) -> str | None:
    """The id a name gives: its letters and digits, accents dropped, lowercase, joined by hyphens (``Après-vente`` -> ``apres-vente``);
    None when it has none in plain letters (a name in Greek or Chinese)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or None


class Behaviour(ContentModel):
    """Something the customer does once the relationship has reached a level: what the account report sets beside what people say."""

    id: Slug = Field(examples=["shares-plans"], description="a short id, lowercase with hyphens, e.g. shares-plans")
    text: Text = Field(
        examples=["shares its planning and strategic goals with us"], description="what the customer does, ending a sentence about it, e.g. shares its planning and strategic goals with us"
    )
    level: Reference = Field(examples=["partner"], description="the id of the level at which customers do it, e.g. partner")


class Pyramid(ContentModel):
    """Which levels mean that the customer's basic needs, its desires and the needs it had not recognised are met."""

    satisfied: Reference = Field(examples=["supplier"], description="the id of the level at which the customer is satisfied: its basic needs are met")
    committed: Reference = Field(examples=["trusted-adviser"], description="the id of the level at which the customer is committed: its desires are met")
    advocate: Reference = Field(examples=["partner"], description="the id of the level at which the customer is an advocate who refers others: needs it had not recognised are met")


LARGEST_BEHAVIOURS = 40
"""The most behaviours a relationship may list: a few per level is what a conversation can go through, and forty keeps
the report's say-and-do list readable."""


def _written_as_text(field: str, hint: str) -> BeforeValidator:
    """An entry that may be written as a line of text (``- Delivery``): it is read as ``{field: <text>}``."""

    def read(value: object) -> object:
        if isinstance(value, str):
            return {field: value}
        if value is None or isinstance(value, (bool, int, float)):
            written = "nothing" if value is None else f"`{str(value).lower() if isinstance(value, bool) else value}`"
            raise ValueError(f"found {written}; {hint}")
        return value

    return BeforeValidator(read)


QuestionEntry = Annotated[
    RelationshipQuestion,
    _written_as_text("text", "write the question as text, e.g. `- Where is our relationship today?`, or as fields, e.g. `- text: Where is our relationship today?` and `answer: level`"),
]
"""A question, or just its text (then it is answered in words)."""

TouchpointEntry = Annotated[Touchpoint, _written_as_text("name", "write the touchpoint as text, e.g. `- Delivery`, or as fields, e.g. `- name: Delivery` and `description: ...`")]
"""A touchpoint, or just its name."""


class Relationship(ContentModel):
    title: Text = Field(default="Where does our relationship stand?", examples=["Where does our relationship stand?"], description="the worksheet's title")
    intro: Text | None = Field(default=None, examples=["Each of you answers alone first; then we compare the answers together."], description="a sentence or two printed under the title")
    levels: list[RelationshipLevel] = Field(
        min_length=2,
        max_length=8,
        examples=[
            [
                {"id": "supplier", "name": "Supplier", "description": "We buy from them when the price is right."},
                {"id": "trusted-adviser", "name": "Trusted adviser", "description": "We ask them before we decide, not after."},
                {"id": "partner", "name": "Partner", "description": "We plan the year ahead with them."},
            ]
        ],
        description="the steps from plain supplier to partner, lowest first: each an id, name and description",
    )
    questions: list[QuestionEntry] = Field(
        examples=[[{"text": "Where is our relationship today?", "answer": "level"}, {"text": "Where would you like it to be?", "answer": "level"}, "What would move it one level up?"]],
        min_length=1,
        max_length=6,
        description="the questions each person on the customer's side answers, e.g. Where is our relationship today?",
    )
    touchpoints: list[TouchpointEntry] = Field(
        examples=[["Sales", {"name": "Delivery", "description": "Vans, drivers and delivery notes"}]],
        default_factory=list,
        max_length=12,
        description="where the customer meets the company, e.g. Sales, Delivery, Invoicing",
    )
    action: Reference | None = Field(default=None, examples=["book-call"], description="the id of the next action; the site's when absent")
    behaviours: list[Behaviour] = Field(
        default_factory=list,
        max_length=LARGEST_BEHAVIOURS,
        examples=[[{"id": "shares-plans", "text": "shares its planning and strategic goals with us", "level": "partner"}]],
        description="what customers do at each level, each an id, text and level id: the report sets what is not seen beside what people say they want",
    )
    pyramid: Pyramid | None = Field(
        default=None,
        examples=[{"satisfied": "supplier", "committed": "trusted-adviser", "advocate": "partner"}],
        description="which levels mean satisfied, committed and advocate, rising",
    )
    email: Email | None = Field(default=None, examples=["accounts@example.com"], description="where the assessment page sends the answers; the footer's email when absent")
