"""Step four: the docs tree to disk, then a site built from it, replacing ``site/`` only on success."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from generator.load import Content
from generator.project import Project
from generator.render import render_pages
from generator.write.engines import build_with_mkdocs


def write_docs(pages: dict[str, str], folder: Path) -> None:
    for relative, text in pages.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def build_site(project: Project, content: Content) -> None:
    """Renders, writes and builds in a scratch folder; ``site/`` and ``build/docs`` change only at the end."""
    project.build.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=project.build, prefix="scratch-") as scratch:
        docs, site = Path(scratch) / "docs", Path(scratch) / "site"
        write_docs(render_pages(content, project.templates), docs)
        site_name = content.site.model.name if content.site else "Site"
        build_with_mkdocs(project.config, docs, site, site_name)
        _replace(project.build / "docs", docs)
        _replace(project.site, site)


def _replace(target: Path, new: Path) -> None:
    """Swaps ``new`` in for ``target`` with renames, so a reader never sees half a folder."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
