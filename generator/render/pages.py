"""Every page of the site, rendered from ``templates/pages``: home, problems, offerings, the catalog, the report."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2

from generator.compute import catalog
from generator.compute.selector import decision_table, rule_of, selector_data
from generator.diagnostics import DecideError
from generator.load import Content
from generator.load.models import Selector
from generator.render.calculators import page_context, range_text
from generator.render.markup import SOURCE_LABELS, Formatter, plain, prose, raw_number

ASSETS_FOLDER = "assets/decide"
"""Where our stylesheet and script land in the docs tree, apart from the engine's own assets."""

PROOF_ON_A_PAGE = 6
"""How many of the strongest reasons a problem or offering page shows; the catalog has the rest."""

PROOF_IN_A_RESULT = 3
"""How many of the strongest reasons a selector's result shows for the offering it recommends."""

OFFERINGS_ON_HOME = 4
"""How many offerings the home page names under each problem."""

NAV = [
    ("Home", "index.md"),
    ("Offerings", "offerings/index.md"),
    ("Reasons catalog", "reasons/index.md"),
    ("Common mistakes", "mistakes/index.md"),
]
"""Only sections and index pages: the engine repeats the navigation on every page, so it must not grow with the content."""


@dataclass(frozen=True)
class NextAction:
    """The one call to action a page ends with."""

    id: str
    label: str
    url: str
    threshold: str


@dataclass(frozen=True)
class DocsTree:
    """What any site engine needs to build the site; nothing in it is specific to one engine."""

    site_name: str
    language: str
    pages: dict[str, str]
    assets: dict[str, bytes]
    nav: list[tuple[str, str]]
    next_action: NextAction
    """The site's action, for pages the engine makes itself (the 404 page)."""

    @property
    def stylesheets(self) -> list[str]:
        return sorted(path for path in self.assets if path.endswith(".css"))

    @property
    def scripts(self) -> list[str]:
        """Our scripts, ``decide.js`` first: it holds the start-up every other one uses."""
        return sorted((path for path in self.assets if path.endswith(".js")), key=lambda path: (PurePosixPath(path).name != "decide.js", path))


def environment(templates: Path, locale: str, currency: str) -> jinja2.Environment:
    pages = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    formatter = Formatter(locale, currency)
    pages.filters.update(plain=plain, prose=prose, number=formatter.number, measure=formatter.measure, amount=formatter.amount, source_label=SOURCE_LABELS.__getitem__)
    pages.filters.update(
        money=formatter.money,
        percent=formatter.percent,
        months=formatter.months,
        figure=formatter.figure,
        unit_words=formatter.unit_words,
        raw_number=raw_number,
        range_text=lambda field: range_text(field, formatter),
        points=formatter.points,
    )
    return pages


class PageRenderer:
    """Renders one template with the context every page shares; template mistakes become a DecideError naming the line."""

    def __init__(self, content: Content, templates: Path) -> None:
        assert content.site is not None, "render runs only on content that passed the checks"
        self.content = content
        self.site = content.site.model
        self.templates = templates
        self.environment = environment(templates, self.site.locale, self.site.currency)
        self.site_action = self.action(self.site.action)

    def action(self, action_id: str | None) -> NextAction:
        chosen = action_id or self.site.action
        model = self.content.actions[chosen].model
        return NextAction(chosen, model.label, model.url, model.threshold)

    def render(self, template: str, page: str, next_action: NextAction, **context: object) -> str:
        """``root`` in a template leads from the page's address back to the site's root, for links in raw HTML."""
        try:
            return self.environment.get_template(template).render(site=self.site, next_action=next_action, root=root_of(page), **context)
        except jinja2.TemplateError as error:
            raise DecideError(f"{_where(error, self.templates, template)}: {_plainly(error)}") from None


def root_of(page: str) -> str:
    """``problems/picking-errors.md`` is served at ``problems/picking-errors/``, two folders below the root."""
    folders = PurePosixPath(page).with_suffix("").parts
    depth = len(folders) - 1 if folders[-1] == "index" else len(folders)
    return "../" * depth


def render_docs(content: Content, templates: Path) -> DocsTree:
    """The whole docs tree: pages as Markdown, our assets as bytes."""
    renderer = PageRenderer(content, templates)
    reasons = catalog.reason_entries(content)
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
    pages["reasons/index.md"] = _reasons_catalog(renderer, "reasons/index.md", reasons)
    pages["mistakes/index.md"] = _mistakes_report(renderer, "mistakes/index.md")
    return DocsTree(
        site_name=renderer.site.name,
        language=renderer.site.locale.split("-")[0].lower(),
        pages=pages,
        assets=_assets(templates / "assets"),
        nav=NAV,
        next_action=renderer.site_action,
    )


def _home(renderer: PageRenderer, page: str) -> str:
    """Each problem with the first few offerings that solve it; its own page lists them all, so the home page stays small."""
    problems = []
    for problem_id, located in renderer.content.problems.items():
        solving = list(catalog.offerings_solving(renderer.content, problem_id).items())
        problems.append((problem_id, located.model, dict(solving[:OFFERINGS_ON_HOME]), len(solving) - OFFERINGS_ON_HOME))
    return renderer.render("pages/home.md.j2", page, renderer.site_action, problems=problems, selectors=_selectors(renderer.content))


def _offerings_index(renderer: PageRenderer, page: str) -> str:
    content = renderer.content
    problems = [(problem_id, located.model, catalog.offerings_solving(content, problem_id)) for problem_id, located in content.problems.items()]
    return renderer.render("pages/offerings.md.j2", page, renderer.site_action, problems=problems, selectors=_selectors(content))


def _selectors(content: Content) -> dict[str, Selector]:
    return {selector_id: located.model for selector_id, located in content.selectors.items()}


def _problem_page(renderer: PageRenderer, page: str, reasons: list[catalog.ReasonEntry], problem_id: str) -> str:
    content = renderer.content
    about = catalog.reasons_about_problem(reasons, problem_id)
    return renderer.render("pages/problem.md.j2", page, renderer.site_action,
        problem_id=problem_id,
        problem=content.problems[problem_id].model,
        offerings=catalog.offerings_solving(content, problem_id),
        proof=catalog.strongest(about, PROOF_ON_A_PAGE),
        proof_total=len(about),
        mistakes=catalog.mistakes_about_problem(content, problem_id),
    )


def _offering_page(renderer: PageRenderer, page: str, reasons: list[catalog.ReasonEntry], offering_id: str) -> str:
    content = renderer.content
    offering = content.offerings[offering_id].model
    proving = catalog.reasons_proving(reasons, offering_id)
    return renderer.render("pages/offering.md.j2", page, renderer.action(offering.action),
        offering_id=offering_id,
        offering=offering,
        problems=catalog.problems_solved_by(content, offering),
        proof=catalog.strongest(proving, PROOF_ON_A_PAGE),
        proof_total=len(proving),
        weeks=sum(step.weeks for step in offering.implementation),
        mistakes=catalog.mistakes_about_offering(content, offering_id),
        calculators=catalog.calculators_for(content, offering_id),
    )


def _calculator_page(renderer: PageRenderer, page: str, calculator_id: str) -> str:
    calculator = renderer.content.calculators[calculator_id].model
    offering = renderer.content.offerings[calculator.offering].model
    next_action = renderer.action(calculator.action or offering.action)
    return renderer.render("pages/calculator.md.j2", page, next_action, offering=offering, **page_context(calculator_id, calculator, renderer.site.currency, renderer.site.locale))


def _selector_page(renderer: PageRenderer, page: str, reasons: list[catalog.ReasonEntry], selector_id: str) -> str:
    """Every result the selector can show is rendered here, for each offering it chooses between; the page's script picks one."""
    content = renderer.content
    selector = content.selectors[selector_id].model
    rule = rule_of(content, selector)
    results = [
        (
            offering_id,
            content.offerings[offering_id].model,
            renderer.action(rule.actions[offering_id]),
            catalog.strongest(catalog.reasons_proving(reasons, offering_id), PROOF_IN_A_RESULT),
            catalog.mistakes_about_offering(content, offering_id),
        )
        for offering_id in rule.offerings
    ]
    return renderer.render("pages/selector.md.j2", page, renderer.action(selector.fallback_action),
        selector=selector,
        rule=selector_data(rule),
        results=results,
        tables=[(question, decision_table(rule, question)) for question in selector.questions],
    )


def _reasons_catalog(renderer: PageRenderer, page: str, reasons: list[catalog.ReasonEntry]) -> str:
    content = renderer.content
    return renderer.render("pages/reasons.md.j2", page, renderer.site_action,
        total=len(reasons),
        by_offering=catalog.reasons_by_offering(reasons, content),
        by_problem=catalog.reasons_by_problem(reasons, content),
        offerings={offering_id: located.model.name for offering_id, located in content.offerings.items()},
        problems={problem_id: located.model.name for problem_id, located in content.problems.items()},
        industries=catalog.distinct(entry.reason.customer.industry if entry.reason.customer else None for entry in reasons),
        sources=[source for source in SOURCE_LABELS if any(entry.reason.source == source for entry in reasons)],
    )


def _mistakes_report(renderer: PageRenderer, page: str) -> str:
    content = renderer.content
    offerings = {offering_id: located.model for offering_id, located in content.offerings.items()}
    return renderer.render("pages/mistakes.md.j2", page, renderer.site_action, groups=catalog.mistakes_by_problem(content), offerings=offerings)


def _assets(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {f"{ASSETS_FOLDER}/{path.relative_to(folder).as_posix()}": path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


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
