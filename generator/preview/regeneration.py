"""One regeneration of the preview: content to docs tree to site, with errors reported rather than raised."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import DecideError, Diagnostic
from generator.pipeline import checked_content
from generator.project import Project
from generator.render import render_docs
from generator.report import as_text
from generator.write import build_languages, sync_tree
from generator.write.config import SITE

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


class Preview:
    """Keeps ``build/preview/`` in step with the project.

    Every save renders all pages again in memory (a tenth of a second for the
    example), but only files whose bytes changed are written to the docs tree,
    and the engine runs only when some file did change. Worksheets' PDFs are
    left to the server, which makes one when it is asked for. The engine then builds
    the whole site: mkdocs's "dirty" mode would rebuild fewer pages, but it
    leaves Material's search index holding only the pages it rebuilt.
    """

    def __init__(self, project: Project, engine: str) -> None:
        self.project = project
        self.engine = engine
        self.folder = project.build / PREVIEW_FOLDER
        self._site_is_current = False

    @property
    def site(self) -> Path:
        return self.folder / SITE

    def regenerate(self) -> Regeneration:
        started = time.perf_counter()
        try:
            content, warnings = checked_content(self.project)
            tree = render_docs(content, self.project.templates)
            changed = sync_tree(tree, self.project, self.folder, with_pdfs=False)
            rebuilt = bool(changed) or not self._site_is_current
            if rebuilt:
                self._site_is_current = False
                build_languages(tree, self.folder, self.engine)
                self._site_is_current = True
        except DecideError as error:
            return Regeneration(errors=self._described(error), seconds=time.perf_counter() - started)
        return Regeneration(changed, rebuilt, warnings=self._listed(warnings), seconds=time.perf_counter() - started)

    def _described(self, error: DecideError) -> str:
        """The same words ``decide build`` prints: every content problem with its line, or the template or engine error."""
        if error.diagnostics:
            return f"{self._listed(error.diagnostics)}\n{error}"
        return str(error)

    def _listed(self, diagnostics: list[Diagnostic]) -> str:
        return as_text(diagnostics, self.project.root) if diagnostics else ""
