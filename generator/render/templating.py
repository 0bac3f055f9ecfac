"""The template environment every page and worksheet is rendered in, and template mistakes as plain messages.

Strict (a missing field fails the build) and autoescaping, with the filters
that format numbers, amounts and dates in the site's locale.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import posixpath
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import Markup

from generator.compute.thresholds import own_ladder, rung_of
from generator.diagnostics import DecideError
from generator.load import Content
from generator.load.models import Site, Threshold
from generator.render.brand import look_of
from generator.render.calculators import range_text
from generator.render.language import UiLanguage, ui_language
from generator.render.markup import SOURCE_LABELS, Formatter, inert_words, plain, prose, raw_number
from generator.render.script_words import words_for_scripts
from generator.wording import N_


@dataclass(frozen=True)
class NextAction:
    """The one call to action a page ends with."""

    id: str
    label: str
    url: str
    threshold: str


def rung_words(site: Site, rung: Threshold, language: UiLanguage) -> str:
    """A rung's words as prospects read them: a site's own ladder comes translated with its content, the default
    ladder's words are ours and come from the wording catalogs."""
    return rung.words if own_ladder(site) else language.gettext(rung.words)


def environment(templates: Path, locale: str, currency: str, language: UiLanguage | None = None) -> jinja2.Environment:
    """``language`` gives the words (``_()`` and ``ngettext()`` in templates); by default the locale's own catalog."""
    pages = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    words = language or ui_language(locale)
    formatter = Formatter(locale, currency, words)
    pages.filters.update(plain=plain, prose=prose, number=formatter.number, measure=formatter.measure, amount=formatter.amount, source_label=lambda source: words.gettext(SOURCE_LABELS[source]))
    pages.filters.update(
        money=formatter.money,
        percent=formatter.percent,
        months=formatter.months,
        figure=formatter.figure,
        unit_words=formatter.unit_words,
        raw_number=raw_number,
        range_text=lambda field: range_text(field, formatter, words),
        points=formatter.points,
        long_date=formatter.long_date,
        short_date=formatter.short_date,
        scenario_label=formatter.scenario_label,
    )
    pages.globals["front_matter"] = front_matter
    pages.globals["script_words"] = words_for_scripts(words)
    pages.globals["page_numbering"] = page_numbering(words)
    _install_words(pages, words)
    return pages


@dataclass(frozen=True)
class PageNumbering:
    """The words around a printed page's number and the count of pages ("Page 2 of 5", "Σελίδα 2 από 5"): the
    worksheets' stylesheet puts the counters between them (``string-set`` from the body's ``data-page-*``), since a
    stylesheet cannot hold a translated, escaped sentence of its own."""

    before: str
    between: str
    after: str


def page_numbering(language: UiLanguage) -> PageNumbering:
    """Splits the catalog's sentence at its two places; a language that puts the count first keeps English's order."""
    sentence = language.gettext(N_("Page %(page)s of %(pages)s")) % {"page": "\0", "pages": "\1"}
    before, found, rest = sentence.partition("\0")
    between, found_too, after = rest.partition("\1")
    if not (found and found_too):
        return PageNumbering("Page ", " of ", "")
    return PageNumbering(before, between, after)


def _install_words(pages: jinja2.Environment, language: UiLanguage) -> None:
    """``_()`` and ``ngettext()`` in the catalog's words, placeholders as ``%(name)s``.

    Jinja's own new-style gettext marks a translation safe under autoescaping, so a ``<script>`` in a catalog would
    reach the page live: here each translation is made inert first (as ``plain`` makes any text, for HTML and
    Markdown alike, its placeholders kept), then the placeholders' values are escaped as they go in, unless they
    are markup already (a link the template made)."""
    pages.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: inert_words(language.gettext(message)),
        ngettext=lambda singular, plural, count: inert_words(language.ngettext(singular, plural, count)),
        newstyle=True,
    )


def front_matter(**fields: object) -> Markup:
    """A page's front matter (``description`` for the meta tags, ``hide`` for the parts of the theme a page goes
    without): each value as a JSON string, or a list of them, which YAML reads as written.

    ``str`` first, so a misspelt field fails as every other template mistake does (naming the template's line).

    The site engine reads it, not the Markdown: quoting every value keeps a colon, a ``#`` or a leading ``-`` in a
    summary as text, and the theme override escapes each one where it prints it.
    """
    lines = "".join(f"{name}: {_front_matter_value(_as_text(value))}\n" for name, value in fields.items())
    return Markup(f"---\n{lines}---\n")


def _as_text(value: object) -> object:
    """Words from a catalog come escaped for the page; front matter holds them as text (the theme escapes them)."""
    return value.unescape() if isinstance(value, Markup) else value


def _front_matter_value(value: object) -> str:
    shown = [str(each) for each in value] if isinstance(value, (list, tuple)) else str(value)
    return json.dumps(shown, ensure_ascii=False)


class RenderMemo:
    """Each page as last rendered, with a digest of everything it was rendered from; the preview keeps one between saves.

    A page renders to the same text from the same template files and the same context, so a page whose
    digest did not change is not rendered again: a save that changes one offering renders the pages that
    show it. The environment is kept too (Jinja reloads a template whose file changed), so templates are
    compiled once, not on every save. Every language's tree has the same pages at the same paths, so each
    language renders through its own view (``in_folder``), which keeps its pages by their address in the site.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[bytes, str]] = {}
        self._environments: dict[tuple[Path, str, str, str], jinja2.Environment] = {}
        self._asked: set[str] = set()
        self.rendered: list[str] = []
        """The pages rendered rather than reused, in order, since the caller last emptied it: ``offerings/x.md`` in
        the default language, ``el/offerings/x.md`` in the one served from ``el/``."""

    def in_folder(self, folder: str) -> LanguageMemo:
        """The memo for the language served from ``folder`` (``""`` for the default language, ``el``)."""
        return LanguageMemo(self, folder)

    def forget_unasked(self) -> None:
        """Drops the pages not asked for since the last call (a page no longer in the site), so the memo holds one site."""
        self._pages = {page: kept for page, kept in self._pages.items() if page in self._asked}
        self._asked = set()

    def environment(self, templates: Path, locale: str, currency: str, language: UiLanguage) -> jinja2.Environment:
        key = (templates, locale, currency, language.catalog)
        if key not in self._environments:
            self._environments[key] = environment(templates, locale, currency, language)
        return self._environments[key]

    def page(self, page: str, digest: bytes | None, render: Callable[[], str]) -> str:
        """The page's text: kept when its digest is the one it was rendered from; rendered (and kept) otherwise."""
        self._asked.add(page)
        kept = self._pages.get(page)
        if digest is not None and kept is not None and kept[0] == digest:
            return kept[1]
        self.rendered.append(page)
        text = render()
        if digest is not None:
            self._pages[page] = (digest, text)
        return text


@dataclass(frozen=True)
class LanguageMemo:
    """One language's pages in a ``RenderMemo``, kept under their address in the site (``el/offerings/x.md``): with
    one entry per path, the languages would replace each other's pages and every save would render them all."""

    memo: RenderMemo
    folder: str

    def environment(self, templates: Path, locale: str, currency: str, language: UiLanguage) -> jinja2.Environment:
        return self.memo.environment(templates, locale, currency, language)

    def page(self, page: str, digest: bytes | None, render: Callable[[], str]) -> str:
        return self.memo.page(posixpath.join(self.folder, page), digest, render)


def _templates_state(templates: Path) -> list[tuple[str, int, int]]:
    """Every template file's name, time and size: a template edited since makes every page's digest new."""
    found = []
    for folder, _, names in os.walk(templates):
        for name in names:
            path = os.path.join(folder, name)
            state = os.stat(path)
            found.append((path, state.st_mtime_ns, state.st_size))
    return sorted(found)


class PageRenderer:
    """Renders one template with the context every page shares; template mistakes become a DecideError naming the line."""

    def __init__(self, content: Content, templates: Path, memo: LanguageMemo | None = None, language: UiLanguage | None = None) -> None:
        """``language`` is the wording the pages are in; by default that of the site's locale. ``memo`` is the
        language's own part of the preview's memo."""
        assert content.site is not None, "render runs only on content that passed the checks"
        self.content = content
        self.site = content.site.model
        self.templates = templates
        self.memo = memo
        self.language = language or ui_language(self.site.locale)
        make_environment = memo.environment if memo else environment
        self.environment = make_environment(templates, self.site.locale, self.site.currency, self.language)
        self.leads: dict[str, list[str]] = {}
        """The ids of the next actions each page rendered shows, by page: its own and, on a selector, each result's."""
        self.site_action = self.action(self.site.action)
        self.look = look_of(content)
        self.description = self.site.tagline or self.language.gettext("What %(company)s solves, with proof from customers and the mistakes to avoid.") % {"company": self.site.name}
        """What a search result or a shared link says of the site: the home page's, and that of pages the engine makes."""
        self._common = self._digest(_templates_state(templates), self.site, self.look, self.language.catalog) if memo else b""
        """What every page is rendered from besides its context: digested once, not with each page."""

    def leads_to(self, page: str, *actions: NextAction) -> None:
        """Records that ``page`` shows these next actions: ``decide thresholds`` maps the rungs from what the pages rendered."""
        shown = self.leads.setdefault(page, [])
        for action in actions:
            if action.id not in shown:
                shown.append(action.id)

    def action(self, action_id: str | None) -> NextAction:
        chosen = action_id or self.site.action
        model = self.content.actions[chosen].model
        return NextAction(chosen, model.label, model.url, rung_words(self.site, rung_of(self.content, chosen), self.language))

    def render(self, template: str, page: str, next_action: NextAction, **context: object) -> str:
        """``root`` in a template leads from the page's address back to the site's root, for links in raw HTML."""
        self.leads_to(page, next_action)
        if self.memo is None:
            return self._render(template, page, next_action, context)
        digest = self._digest(self._common, template, page, next_action, context)
        return self.memo.page(page, digest, lambda: self._render(template, page, next_action, context))

    def _render(self, template: str, page: str, next_action: NextAction, context: dict[str, object]) -> str:
        try:
            return self.environment.get_template(template).render(site=self.site, look=self.look, next_action=next_action, root=root_of(page), **context)
        except jinja2.TemplateError as error:
            raise DecideError(f"{_where(error, self.templates, template)}: {_plainly(error)}") from None

    def _digest(self, *parts: object) -> bytes | None:
        """A digest of what a page is rendered from; None for a context that cannot be pickled (that page is always rendered)."""
        try:
            data = pickle.dumps(parts, protocol=5)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        return hashlib.blake2b(data, digest_size=16).digest()


def root_of(page: str) -> str:
    """``problems/picking-errors.md`` is served at ``problems/picking-errors/``, two folders below the root;
    any other file (``worksheets/plan/scan-to-ship.html``) is served as it is, in its own folder."""
    path = PurePosixPath(page)
    if path.suffix != ".md":
        return "../" * (len(path.parts) - 1)
    folders = path.with_suffix("").parts
    depth = len(folders) - 1 if folders[-1] == "index" else len(folders)
    return "../" * depth


def _where(error: jinja2.TemplateError, templates: Path, template: str) -> str:
    """``templates/pages/x.md.j2:12``: the template line the error comes from, as best Jinja tells it."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return f"{_shown(Path(error.filename), templates)}:{error.lineno}"
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(".j2")]
    if frames:
        return f"{_shown(Path(frames[-1].filename), templates)}:{frames[-1].lineno}"
    return _shown(templates / template, templates)


def _shown(path: Path, templates: Path) -> str:
    try:
        return (Path(templates.name) / path.resolve().relative_to(templates.resolve())).as_posix()
    except ValueError:
        return path.as_posix()


def _plainly(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.TemplateNotFound):
        return f"template {error.name} not found; the templates folder must keep the files decide renders"
    if isinstance(error, jinja2.UndefinedError):
        return f"{error.message}; check the field name against the content models (a missing field fails the build rather than leaving a blank)"
    return f"template error: {error.message}"
