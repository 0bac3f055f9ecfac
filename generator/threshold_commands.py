"""``decide thresholds``: which pages, tools and worksheets lead the reader to each rung of the ladder, and which rungs nothing leads to.

The map is read off the rendered site, not worked out again: the render step records the next actions each page and
worksheet shows (``PageRenderer.leads_to``), so the map says what prospects see. Pages are rendered without the site
engine, which is all the map needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import click

from generator.compute.thresholds import ladder, rung_of
from generator.load import Content
from generator.options import content_option
from generator.pipeline import checked_content
from generator.project import Project
from generator.render.catalog_pages import served
from generator.render.language import ui_language
from generator.render.pages import render_docs
from generator.render.templating import rung_words
from generator.render.worksheets import Worksheet, WorksheetRenderer


@dataclass(frozen=True)
class Rung:
    """One rung and what leads to it: pages by the address they are served at, worksheets by kind and by file."""

    id: str
    words: str
    pages: list[str]
    worksheets: dict[str, list[str]]
    """Each worksheet kind leading here, with the subjects of its worksheets that do (``""`` for a kind with one worksheet)."""

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "words": self.words, "leads_here": self.pages + list(self.worksheets)}


@click.command("thresholds")
@content_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Text for people, JSON for tools.")
def thresholds(content_folder: Path | None, output_format: str) -> None:
    """List, rung by rung of the ladder, the pages, tools and worksheets whose next action leads there."""
    project = Project.discover(content_folder)
    content, _ = checked_content(project)
    rungs = threshold_map(content, project.templates)
    if output_format == "json":
        click.echo(json.dumps([rung.as_json() for rung in rungs], indent=2, ensure_ascii=False))
    else:
        click.echo(as_text(rungs))


def threshold_map(content: Content, templates: Path) -> list[Rung]:
    """Every rung in ladder order, with the pages (default language) and worksheets whose next action leads to it."""
    assert content.site is not None, "only checked content is mapped"
    site = content.site.model
    tree = render_docs(content, templates)
    worksheets = [*tree.worksheets, WorksheetRenderer(content, templates).reasons_exercise()]
    language = ui_language(site.locale)
    rungs = {rung.id: Rung(rung.id, rung_words(site, rung, language), [], {}) for rung in ladder(site)}
    for page, actions in tree.leads.items():
        for rung_id in _rungs(content, actions):
            rungs[rung_id].pages.append(site_path(page))
    for worksheet in worksheets:
        rungs[rung_of(content, worksheet.next_action).id].worksheets.setdefault(worksheet.kind, []).append(_subject(worksheet))
    for rung in rungs.values():
        rung.pages.sort()
    return list(rungs.values())


def _rungs(content: Content, actions: tuple[str, ...]) -> list[str]:
    """The rungs a page's actions lead to, each once: a selector leads to as many as its results' actions."""
    return list(dict.fromkeys(rung_of(content, action_id).id for action_id in actions))


def site_path(page: str) -> str:
    """Where a page is served from the site's root: ``/`` for ``index.md``, ``/offerings/x/`` for ``offerings/x.md``."""
    address = served("index.md", page)
    return "/" if address == "./" else f"/{address}"


def _subject(worksheet: Worksheet) -> str:
    """``scan-to-ship`` for ``worksheets/plan/scan-to-ship.html``; ``""`` for a kind the site has one of."""
    folder, _, name = worksheet.path.removeprefix("worksheets/").rpartition("/")
    return name.removesuffix(".html") if folder else ""


def as_text(rungs: list[Rung]) -> str:
    """One block per rung, lowest first; then the rungs nothing leads to, named again, since each is a step prospects are never asked to take."""
    blocks = []
    for number, rung in enumerate(rungs, start=1):
        lines = [f"{number}. {rung.words} ({rung.id})"]
        lines += [f"   page {page}" for page in rung.pages]
        lines += [f"   worksheet {kind}" + (f": {', '.join(subjects)}" if any(subjects) else "") for kind, subjects in rung.worksheets.items()]
        blocks.append("\n".join(lines if len(lines) > 1 else [*lines, "   nothing leads here"]))
    empty = [rung.id for rung in rungs if not rung.pages and not rung.worksheets]
    summary = f"Nothing leads to {', '.join(empty)}." if empty else "Every threshold has something leading to it."
    return "\n\n".join(blocks) + "\n\n" + summary
