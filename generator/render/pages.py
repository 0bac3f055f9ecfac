"""Every page of the site, rendered from ``templates/pages``: home, problems, offerings, the catalog, the report."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from generator.compute import catalog
from generator.compute.languages import edition, folders, own_name
from generator.compute.outlook import evidence_for
from generator.compute.relationship import roles
from generator.compute.selector import decision_table, rule_of, selector_data
from generator.load import Content
from generator.load.models import Footer, Relationship, Selector
from generator.render.brand import Look
from generator.render.calculators import page_context
from generator.render.catalog_pages import INDEX, catalog_index, catalog_pages, link, served
from generator.render.templating import LanguageMemo, NextAction, PageRenderer, RenderMemo
from generator.render.worksheets import KINDS as WORKSHEET_KINDS
from generator.render.worksheets import Worksheet, path_of, site_worksheets
from generator.wording import N_

ASSETS_FOLDER = "assets/decide"
"""Where our stylesheet and script land in the docs tree, apart from the engine's own assets."""

PROOF_ON_A_PAGE = 6
"""How many of the strongest reasons a problem or offering page shows; the catalog has the rest."""

PROOF_IN_A_RESULT = 3
"""How many of the strongest reasons a selector's result shows for the offering it recommends."""

OFFERINGS_ON_HOME = 4
"""How many offerings the home page names under each problem."""

ASSESSMENT_PAGE = "assessment/index.md"
"""The relationship assessment to answer on screen; a link to it with the answers in its query is what people send."""

ANSWER_LENGTHS = {"name": 100, "role": 100, "change": 500, "moment": 500}
"""The most characters each written answer takes: a name or a role is a line; what would have to change and the
moment are a few sentences each. All at their longest, the link alone fills about the whole ``MAILTO_LENGTH`` (in
Latin letters, with six touchpoints); a Greek or Chinese letter takes up to ten characters there, so shorter texts
can pass it too. The email then carries the link alone, whole, and the page says it may arrive cut short."""

MAILTO_LENGTH = 2000
"""The longest ``mailto:`` address the assessment's email button makes: some mail programs (Outlook among them) cut
or refuse a longer one. The summary under the link is cut short to fit; the link itself never is."""

NAV = [
    (N_("Home"), "index.md"),
    (N_("Offerings"), "offerings/index.md"),
    (N_("Reasons catalog"), "reasons/index.md"),
    (N_("Common mistakes"), "mistakes/index.md"),
    (N_("Worksheets"), "worksheets/index.md"),
]
"""Only sections and index pages: the engine repeats the navigation on every page, so it must not grow with the content."""


@dataclass(frozen=True)
class Version:
    """One language version of the site, as its pages' language switcher and ``hreflang`` links name it."""

    locale: str
    folder: str
    """Where it is served from the site's root: ``""`` for the default language, ``el`` for ``el-GR``."""
    name: str
    """The language in its own words: ``Ελληνικά (Ελλάδα)``."""


@dataclass(frozen=True)
class DocsTree:
    """What any site engine needs to build the site; nothing in it is specific to one engine."""

    site_name: str
    description: str
    """The site's own description, for pages the engine makes itself (the 404 page)."""
    locale: str
    pages: dict[str, str]
    assets: dict[str, bytes]
    nav: list[tuple[str, str]]
    next_action: NextAction
    """The site's action, for pages the engine makes itself (the 404 page)."""
    worksheets: list[Worksheet]
    """The blank worksheets, standalone HTML documents; the write step adds each one's PDF beside it."""
    look: Look
    """The company's colours, logo, favicon and fonts; their files are among ``assets``."""
    footer: Footer | None = None
    """What every page shows at its foot, as ``site.yml`` has it; None shows the company's name alone."""
    folder: str = ""
    """Where this language's pages are served from the site's root: ``""`` for the default language, ``el``."""
    versions: tuple[Version, ...] = ()
    """Every language version of the site, the default first; empty when the site has one language."""
    further: tuple[DocsTree, ...] = ()
    """On the default language's tree: one tree per further language, each built into its own folder."""
    leads: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    """The ids of the next actions each page shows, by page (``offerings/x.md``), as the pages were rendered."""

    @property
    def language(self) -> str:
        return self.locale.split("-")[0].lower()

    @property
    def stylesheets(self) -> list[str]:
        return sorted(path for path in self.assets if path.endswith(".css"))

    @property
    def scripts(self) -> list[str]:
        """Our scripts, ``decide.js`` first: it holds the start-up every other one uses."""
        return sorted((path for path in self.assets if path.endswith(".js")), key=lambda path: (PurePosixPath(path).name != "decide.js", path))


def render_docs(content: Content, templates: Path, memo: RenderMemo | None = None) -> DocsTree:
    """The default language's docs tree, holding one more per further language in ``site.yml``'s ``languages``.

    Every language's tree has the same pages at the same paths, rendered from the content in that language, so a
    page's versions differ by their folder alone and every link between pages, relative, stays in its language.
    With ``memo``, a page whose inputs did not change is not rendered again, in any language: each language keeps
    its pages in the memo under its own folder.
    """
    assert content.site is not None, "render runs only on content that passed the checks"
    located = folders(content.site.model)
    versions = tuple(Version(locale, folder, own_name(locale)) for locale, folder in located.items()) if len(located) > 1 else ()
    trees = [_language_tree(edition(content, locale), templates, memo.in_folder(folder) if memo else None) for locale, folder in located.items()]
    default, *others = (dataclasses.replace(tree, folder=folder, versions=versions) for tree, folder in zip(trees, located.values(), strict=True))
    return dataclasses.replace(default, further=tuple(others))


def _language_tree(content: Content, templates: Path, memo: LanguageMemo | None) -> DocsTree:
    """One language's docs tree: pages as Markdown, our assets as bytes."""
    renderer = PageRenderer(content, templates, memo)
    reasons = catalog.ReasonIndex.of(content)
    pages = {"index.md": _home(renderer, "index.md"), "offerings/index.md": _offerings_index(renderer, "offerings/index.md")}
    for problem_id in content.problems:
        page = f"problems/{problem_id}.md"
        pages[page] = _problem_page(renderer, page, reasons, problem_id)
    for offering_id in content.offerings:
        page = f"offerings/{offering_id}.md"
        pages[page] = _offering_page(renderer, page, reasons, offering_id)
    for calculator_id in content.calculators:
        page = f"calculators/{calculator_id}.md"
        pages[page] = _calculator_page(renderer, page, calculator_id)
    for selector_id in content.selectors:
        page = f"selectors/{selector_id}.md"
        pages[page] = _selector_page(renderer, page, reasons, selector_id)
    if content.relationship:
        pages[ASSESSMENT_PAGE] = _assessment_page(renderer, ASSESSMENT_PAGE, content.relationship.model)
    pages.update(catalog_pages(renderer, reasons))
    pages["mistakes/index.md"] = _mistakes_report(renderer, "mistakes/index.md")
    worksheets = site_worksheets(content, templates, memo)
    assessment = link("worksheets/index.md", ASSESSMENT_PAGE) if content.relationship else None
    pages["worksheets/index.md"] = renderer.render("pages/worksheets.md.j2", "worksheets/index.md", renderer.site_action, worksheets=_by_kind(worksheets), assessment=assessment)
    return DocsTree(
        site_name=renderer.site.name,
        description=renderer.description,
        locale=renderer.site.locale,
        pages=pages,
        assets=_assets(templates / "assets") | renderer.look.files | {INDEX: catalog_index(renderer, reasons)},
        nav=[(renderer.language.gettext(title), page) for title, page in NAV],
        next_action=renderer.site_action,
        worksheets=worksheets,
        look=renderer.look,
        footer=renderer.site.footer,
        leads={page: tuple(actions) for page, actions in renderer.leads.items()},
    )


def _by_kind(worksheets: list[Worksheet]) -> dict[str, list[Worksheet]]:
    return {kind: [worksheet for worksheet in worksheets if worksheet.kind == kind] for kind in WORKSHEET_KINDS}


def _home(renderer: PageRenderer, page: str) -> str:
    """Each problem with the first few offerings that solve it; its own page lists them all, so the home page stays small."""
    problems = []
    for problem_id, located in renderer.content.problems.items():
        solving = list(catalog.offerings_solving(renderer.content, problem_id).items())
        problems.append((problem_id, located.model, dict(solving[:OFFERINGS_ON_HOME]), len(solving) - OFFERINGS_ON_HOME))
    return renderer.render(
        "pages/home.md.j2", page, renderer.site_action, description=renderer.description, problems=problems, selectors=_selectors(renderer.content)
    )


def _offerings_index(renderer: PageRenderer, page: str) -> str:
    content = renderer.content
    problems = [(problem_id, located.model, catalog.offerings_solving(content, problem_id)) for problem_id, located in content.problems.items()]
    return renderer.render("pages/offerings.md.j2", page, renderer.site_action, problems=problems, selectors=_selectors(content))


def _selectors(content: Content) -> dict[str, Selector]:
    return {selector_id: located.model for selector_id, located in content.selectors.items()}


def _problem_page(renderer: PageRenderer, page: str, reasons: catalog.ReasonIndex, problem_id: str) -> str:
    content = renderer.content
    about = reasons.about_problem(problem_id)
    return renderer.render("pages/problem.md.j2", page, renderer.site_action,
        problem_id=problem_id,
        problem=content.problems[problem_id].model,
        offerings=catalog.offerings_solving(content, problem_id),
        proof=catalog.strongest(about, PROOF_ON_A_PAGE),
        proof_total=len(about),
        all_proof=link(page, catalog.problem_catalog_page(problem_id)),
        mistakes=catalog.mistakes_about_problem(content, problem_id),
    )


def _offering_page(renderer: PageRenderer, page: str, reasons: catalog.ReasonIndex, offering_id: str) -> str:
    content = renderer.content
    offering = content.offerings[offering_id].model
    proving = reasons.proving_offering(offering_id)
    return renderer.render("pages/offering.md.j2", page, renderer.action(offering.action),
        offering_id=offering_id,
        offering=offering,
        problems=catalog.problems_solved_by(content, offering),
        proof=catalog.strongest(proving, PROOF_ON_A_PAGE),
        proof_total=len(proving),
        all_proof=link(page, catalog.offering_catalog_page(offering_id)),
        weeks=sum(step.weeks for step in offering.implementation),
        mistakes=catalog.mistakes_about_offering(content, offering_id),
        calculators=catalog.calculators_for(content, offering_id),
        plan_worksheet=path_of("plan", offering_id),
        plan_pdf=path_of("plan", offering_id, ".pdf"),
    )


def _calculator_page(renderer: PageRenderer, page: str, calculator_id: str) -> str:
    calculator = renderer.content.calculators[calculator_id].model
    offering = renderer.content.offerings[calculator.offering].model
    next_action = renderer.action(calculator.action or offering.action)
    evidence = evidence_for(renderer.content, calculator_id)
    context = page_context(renderer.content, calculator_id, evidence)
    return renderer.render("pages/calculator.md.j2", page, next_action,
        offering=offering,
        reason_links={entry.anchor: served(page, entry.address) for line in evidence.values() for entry in line.reasons},
        worksheet=path_of("break-even", calculator_id),
        worksheet_pdf=path_of("break-even", calculator_id, ".pdf"),
        **context,
    )


def _selector_page(renderer: PageRenderer, page: str, reasons: catalog.ReasonIndex, selector_id: str) -> str:
    """Every result the selector can show is rendered here, for each offering it chooses between; the page's script picks one."""
    content = renderer.content
    selector = content.selectors[selector_id].model
    rule = rule_of(content, selector)
    results = [
        (
            offering_id,
            content.offerings[offering_id].model,
            renderer.action(rule.actions[offering_id]),
            catalog.strongest(reasons.proving_offering(offering_id), PROOF_IN_A_RESULT),
            catalog.mistakes_about_offering(content, offering_id),
        )
        for offering_id in rule.offerings
    ]
    renderer.leads_to(page, *(result[2] for result in results))
    return renderer.render("pages/selector.md.j2", page, renderer.action(selector.fallback_action),
        selector=selector,
        rule=selector_data(rule),
        results=results,
        tables=[(question, decision_table(rule, question)) for question in selector.questions],
    )


def _assessment_page(renderer: PageRenderer, page: str, relationship: Relationship) -> str:
    """One person's answers, on screen; its email button writes to the relationship's address, else the footer's, and
    without either the page has none (the answers stay in its address, to share)."""
    footer = renderer.site.footer
    email = relationship.email or (footer.email if footer else None)
    model = {
        "levels": [level.id for level in relationship.levels],
        "touchpoints": [touchpoint.id for touchpoint in relationship.touchpoints],
        "lengths": ANSWER_LENGTHS,
        "mailto_length": MAILTO_LENGTH,
    }
    return renderer.render("pages/assessment.md.j2", page, renderer.action(relationship.action),
        relationship=relationship,
        questions=roles(relationship),
        model=model,
        email=email,
        mailto=f"mailto:{quote(email, safe='@')}" if email else None,
        worksheet=path_of("assessment"),
        worksheet_pdf=path_of("assessment", suffix=".pdf"),
    )


def _mistakes_report(renderer: PageRenderer, page: str) -> str:
    content = renderer.content
    offerings = {offering_id: located.model for offering_id, located in content.offerings.items()}
    return renderer.render("pages/mistakes.md.j2", page, renderer.site_action, groups=catalog.mistakes_by_problem(content), offerings=offerings, other_mistakes=catalog.OTHER_MISTAKES)


def _assets(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {f"{ASSETS_FOLDER}/{path.relative_to(folder).as_posix()}": path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}
