"""One regeneration of the preview: content to docs tree to site, with errors reported rather than raised."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import DecideError, Diagnostic
from generator.load.source import Reads
from generator.pipeline import checked_content
from generator.project import Project
from generator.render import DocsTree, render_docs
from generator.render.templating import RenderMemo
from generator.report import as_text
from generator.write import build_languages, sync_tree
from generator.write.config import DOCS, SITE
from generator.write.engines import PAGE_REBUILDERS

PREVIEW_FOLDER = "preview"
"""Under ``build/``: the preview never touches ``site/``, which only ``decide build`` replaces."""


@dataclass(frozen=True)
class Regeneration:
    """What one regeneration did: which docs-tree files it rewrote, whether the site was rebuilt, and any errors."""

    changed: list[str] = field(default_factory=list)
    rebuilt: bool = False
    errors: str = ""
    warnings: str = ""
    seconds: float = 0.0
    rendered: list[str] = field(default_factory=list)
    """The pages rendered again; the others were the same as before, and kept."""
    whole_site: bool = False
    """Whether the engine built every page, rather than only the changed ones."""


class Preview:
    """Keeps ``build/preview/`` in step with the project, redoing on a save only what the save changed.

    Between saves it keeps the content files it read (a file whose bytes are the same is not parsed
    again) and the pages it rendered (a page rendered from the same template files and the same values
    is not rendered again); everything is still checked as a whole, as ``decide build`` checks it. Only
    docs-tree files whose bytes changed are written, and the engine runs only when some file did change:
    when those are pages already there (none added or removed, the configuration and theme unchanged),
    an engine that can (mkdocs) builds those pages alone, with the search index kept complete; otherwise
    the whole site. Worksheets' PDFs are left to the server, which makes one when it is asked for.
    """

    def __init__(self, project: Project, engine: str) -> None:
        self.project = project
        self.engine = engine
        self.folder = project.build / PREVIEW_FOLDER
        self._site_is_current = False
        self._reads = Reads()
        self._memo = RenderMemo()
        self._docs_files: set[str] = set()

    @property
    def site(self) -> Path:
        return self.folder / SITE

    def regenerate(self) -> Regeneration:
        started = time.perf_counter()
        self._memo.rendered.clear()
        whole_site = False
        try:
            try:
                content, warnings = checked_content(self.project, reads=self._reads)
            finally:
                self._reads.forget_unasked()  # a file the loader did not read is no longer in the content folder
            tree = render_docs(content, self.project.templates, self._memo)
            self._memo.forget_unasked()  # nor is a page it did not render in the site
            changed = sync_tree(tree, self.project, self.folder, with_pdfs=False)
            pages = self._pages_to_rebuild(changed)
            rebuilt = bool(changed) or not self._site_is_current
            if rebuilt:
                whole_site = self._build(tree, pages)
        except DecideError as error:
            return Regeneration(errors=self._described(error), seconds=time.perf_counter() - started, rendered=list(self._memo.rendered))
        return Regeneration(
            changed, rebuilt, warnings=self._listed(warnings), seconds=time.perf_counter() - started, rendered=list(self._memo.rendered), whole_site=whole_site
        )

    def _build(self, tree: DocsTree, pages: list[str] | None) -> bool:
        """Builds ``pages`` alone where the engine can, else the whole site (every language of it); returns whether
        it built the whole site. Pages of the default language alone are ever built alone: a change to a further
        language's tree (``languages/``) is not under ``docs/``, so it builds the whole site."""
        rebuild = PAGE_REBUILDERS.get(self.engine)
        self._site_is_current = False
        if pages is not None and rebuild is not None:
            whole_site = rebuild(self.folder / "mkdocs.yml", pages)
        else:
            build_languages(tree, self.folder, self.engine)
            whole_site = True
        self._site_is_current = True
        return whole_site

    def _pages_to_rebuild(self, changed: list[str]) -> list[str] | None:
        """The Markdown pages (by their path in the docs folder) to build again when every changed file was
        already in the docs tree and still is; None when the whole site must be built."""
        before, self._docs_files = self._docs_files, _files_in(self.folder / DOCS)
        prefix = f"{DOCS}/"
        if not self._site_is_current or any(not path.startswith(prefix) or path not in before or path not in self._docs_files for path in changed):
            return None
        return [path.removeprefix(prefix) for path in changed if path.endswith(".md")]

    def _described(self, error: DecideError) -> str:
        """The same words ``decide build`` prints: every content problem with its line, or the template or engine error."""
        if error.diagnostics:
            return f"{self._listed(error.diagnostics)}\n{error}"
        return str(error)

    def _listed(self, diagnostics: list[Diagnostic]) -> str:
        return as_text(diagnostics, self.project.root) if diagnostics else ""


def _files_in(folder: Path) -> set[str]:
    """The files under ``folder``, by their path from its parent (``docs/index.md``), as ``sync_tree`` names them."""
    return {path.relative_to(folder.parent).as_posix() for path in folder.rglob("*") if path.is_file()}
