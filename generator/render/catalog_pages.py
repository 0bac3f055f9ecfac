"""The reasons catalog at any size: a main page of groups, a page per offering and per problem, and the filter's index.

Without JavaScript (and for search engines) the catalog is complete: every
reason is in full on the catalog page of each offering it proves, its home
(``ReasonEntry.address``) being the first one. A problem's catalog page lists
its reasons as links to their homes. The main page shows each offering and
problem with its count and as many of its strongest reasons as the page has
room for; a small catalog fits whole. The filter works over every
reason at once from ``reasons/index.json``, which the page fetches when the
filter is first used (``templates/assets/catalog.js`` reads it).
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass

from generator.compute import catalog
from generator.compute.catalog import ReasonEntry, ReasonIndex
from generator.load.models import Metric
from generator.render.markup import SOURCE_LABELS
from generator.render.templating import NextAction, PageRenderer

CARDS_ON_THE_MAIN_PAGE = 200
"""Reasons the main page shows in full, shared out over the offerings: every offering of a 200-offering catalog keeps
its strongest reason there, and the page (with the theme's navigation and the filter's choices) weighs about 0.5 MB,
inside the 1 MB it may; a catalog of up to 200 reasons fits whole."""

LINKS_ON_THE_MAIN_PAGE = 250
"""Links to reasons the main page lists under the problems: five for each of fifty problems."""

INDEX = "reasons/index.json"
"""The filter's index of every reason, beside the catalog's pages."""


@dataclass(frozen=True)
class ProblemLinks:
    """A problem as the main page lists it: its reasons (or its strongest, when there is no room for all) as links."""

    group: catalog.Group[ReasonEntry]
    links: list[tuple[ReasonEntry, str]]


def catalog_pages(renderer: PageRenderer, index: ReasonIndex) -> dict[str, str]:
    """The main page and a page per offering and per problem that has reasons, by docs path."""
    content = renderer.content
    pages = {catalog.CATALOG: _main_page(renderer, index)}
    for offering_id, located in content.offerings.items():
        if entries := index.proving_offering(offering_id):
            page = catalog.offering_catalog_page(offering_id)
            about = link(page, f"offerings/{offering_id}.md")
            pages[page] = _group_page(renderer, page, renderer.action(located.model.action), located.model.name, about, entries, in_full=True)
    for problem_id, problem in content.problems.items():
        if entries := index.about_problem(problem_id):
            page = catalog.problem_catalog_page(problem_id)
            about = link(page, f"problems/{problem_id}.md")
            pages[page] = _group_page(renderer, page, renderer.site_action, problem.model.name, about, entries, in_full=False)
    return pages


def link(page: str, address: str) -> str:
    """A Markdown link from ``page`` to a docs address (``reasons/offerings/x.md#reason-x-1``), relative as the engine wants it."""
    path, _, fragment = address.partition("#")
    relative = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return f"{relative}#{fragment}" if fragment else relative


def served(page: str, address: str) -> str:
    """The address a browser follows from ``page`` to a docs address, as the engine serves both (``x.md`` as the
    folder ``x/``, ``index.md`` as its folder, any other file as it is): ``offerings/x/#reason-x-1``, ``index.json``."""
    path, _, fragment = address.partition("#")
    target = _served_folder(path) if path.endswith(".md") else path
    relative = posixpath.relpath(target or ".", _served_folder(page) or ".")
    url = "" if relative == "." else relative + "/" if path.endswith(".md") else relative
    return f"{url}#{fragment}" if fragment else url or "./"


def _served_folder(page: str) -> str:
    """``a/b.md`` and ``a/b/index.md`` are both served as the folder ``a/b``; ``index.md`` as the root (``""``)."""
    without = page.removesuffix(".md")
    return posixpath.dirname(without) if posixpath.basename(without) == "index" else without


def _main_page(renderer: PageRenderer, index: ReasonIndex) -> str:
    content = renderer.content
    by_offering = catalog.reasons_by_offering(index, content)
    shown_of = catalog.as_room_allows(by_offering, CARDS_ON_THE_MAIN_PAGE)
    groups = [(group, entries, len(index.proving_offering(group.id))) for group, entries in zip(by_offering, shown_of, strict=True)]
    shown = {entry.anchor for _, entries, _ in groups for entry in entries}
    by_problem = catalog.reasons_by_problem(index, content)
    linked = catalog.as_room_allows(by_problem, LINKS_ON_THE_MAIN_PAGE)
    problems = [ProblemLinks(group, [(entry, _link_from_main_page(entry, shown)) for entry in entries]) for group, entries in zip(by_problem, linked, strict=True)]
    reasons = index.entries
    return renderer.render("pages/reasons.md.j2", catalog.CATALOG, renderer.site_action,
        total=len(reasons),
        shown=len(shown),
        groups=groups,
        problems=problems,
        index_url=served(catalog.CATALOG, INDEX),
        offering_pages={offering_id: link(catalog.CATALOG, catalog.offering_catalog_page(offering_id)) for offering_id in index.proving},
        problem_pages={problem_id: link(catalog.CATALOG, catalog.problem_catalog_page(problem_id)) for problem_id in index.about},
        offerings={offering_id: located.model.name for offering_id, located in content.offerings.items()},
        problem_names={problem_id: located.model.name for problem_id, located in content.problems.items()},
        industries=catalog.distinct(entry.reason.customer.industry if entry.reason.customer else None for entry in reasons),
        sources=[source for source in SOURCE_LABELS if any(entry.reason.source == source for entry in reasons)],
    )



def _link_from_main_page(entry: ReasonEntry, shown: set[str]) -> str:
    """To the reason's card on the main page when it is there, else to its home."""
    return f"#{entry.element_id}" if entry.anchor in shown else link(catalog.CATALOG, entry.address)


def _group_page(renderer: PageRenderer, page: str, next_action: NextAction, title: str, about: str, entries: list[ReasonEntry], in_full: bool) -> str:
    """Every reason of one offering or one problem, in written order: in full, or as a link to its home (a problem's
    page lists its reasons so, as each is in full on its offering's page once); ``about`` links to its own page."""
    listed = [(entry, None if in_full else link(page, entry.address)) for entry in entries]
    return renderer.render("pages/reasons-group.md.j2", page, next_action, title=title, about=about, entries=listed, catalog_link=link(page, catalog.CATALOG))


def catalog_index(renderer: PageRenderer, index: ReasonIndex) -> bytes:
    """Every reason in the main catalog's order, compactly: short keys, and numbers into lookup tables for what repeats.

    ``o``: offerings as [id, name, address of its catalog page from the main page]; ``p``: problem ids;
    ``i``: industries; ``s``: sources as [id, label]; ``r``: the reasons (see ``_indexed``). The text is the text the
    pages show, as plain text: the script puts it in with ``textContent``, never as markup.
    """
    content = renderer.content
    offerings = list(content.offerings)
    problems = list(content.problems)
    industries = catalog.distinct(entry.reason.customer.industry if entry.reason.customer else None for entry in index.entries)
    sources = list(SOURCE_LABELS)
    numbered = {
        "o": {offering_id: number for number, offering_id in enumerate(offerings)},
        "p": {problem_id: number for number, problem_id in enumerate(problems)},
        "i": {industry: number for number, industry in enumerate(industries)},
        "s": {source: number for number, source in enumerate(sources)},
    }
    ordered = [entry for group in catalog.reasons_by_offering(index, content) for entry in group.entries]
    document = {
        "o": [[offering_id, content.offerings[offering_id].model.name, served(catalog.CATALOG, catalog.offering_catalog_page(offering_id))] for offering_id in offerings],
        "p": problems,
        "i": industries,
        "s": [[source, renderer.language.gettext(SOURCE_LABELS[source])] for source in sources],
        "r": [_indexed(renderer, entry, numbered) for entry in ordered],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _indexed(renderer: PageRenderer, entry: ReasonEntry, numbered: dict[str, dict[str, int]]) -> list[object]:
    """``[element id, [offerings], [problems], industry or -1, source or -1, result, size, has a story (0/1), metric]``;
    the first offering is the reason's home; metric is ``[value, change, period]`` or 0."""
    reason = entry.reason
    customer = reason.customer
    return [
        entry.element_id,
        [numbered["o"][offering_id] for offering_id in reason.offerings if offering_id in numbered["o"]],
        [numbered["p"][problem_id] for problem_id in entry.problems if problem_id in numbered["p"]],
        numbered["i"].get(customer.industry, -1) if customer and customer.industry else -1,
        numbered["s"].get(reason.source, -1) if reason.source else -1,
        " ".join(reason.result.split()),
        (customer.size or "") if customer else "",
        1 if reason.story else 0,
        _metric_words(renderer, reason.metric) if reason.metric else 0,
    ]


def _metric_words(renderer: PageRenderer, metric: Metric) -> list[str]:
    """The metric as the reason card reads it (``pages/partials/reason.md.j2``): the figure, the change, the period.

    Kept by everything that decides the words (the site's locale, currency and catalog, and the metric's figures),
    so that a preview save formats again only the metrics that changed: formatting ten thousand of them each time
    is most of the index's cost.
    """
    site = renderer.site
    key = (site.locale, site.currency, renderer.language.catalog, metric.value, metric.unit, metric.before, metric.after, metric.period)
    if key not in _METRIC_TEXTS:
        if len(_METRIC_TEXTS) >= METRIC_TEXTS_KEPT:
            _METRIC_TEXTS.clear()
        _METRIC_TEXTS[key] = _metric_text(renderer, metric)
    return list(_METRIC_TEXTS[key])


METRIC_TEXTS_KEPT = 32_768
"""Metrics' words kept between renders: three times the largest catalog measured (10,000 reasons)."""

_METRIC_TEXTS: dict[tuple[object, ...], tuple[str, str, str]] = {}


def _metric_text(renderer: PageRenderer, metric: Metric) -> tuple[str, str, str]:
    measure = renderer.environment.filters["measure"]
    amount = renderer.environment.filters["amount"]
    change = ""
    if metric.before is not None and metric.after is not None:
        change = renderer.language.gettext("from %(before)s to %(after)s") % {"before": amount(metric.before, metric.unit), "after": amount(metric.after, metric.unit)}
    return measure(metric.value, metric.unit), change, metric.period or ""
