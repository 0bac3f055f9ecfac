"""One regeneration of the preview: content to docs tree to site, with errors reported rather than raised."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
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
from generator.write.config import SITE, config_of, docs_of
from generator.write.engines import ENGINES, PAGE_REBUILDERS

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
    an engine that can (mkdocs) builds those pages alone, in each language's tree that has them, with each
    language's search index kept complete; otherwise the whole site. Worksheets' PDFs are left to the
    server, which makes one when it is asked for.
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
            pages = self._pages_to_rebuild(tree, changed)
            rebuilt = bool(changed) or not self._site_is_current
            if rebuilt:
                whole_site = self._build(tree, pages)
        except DecideError as error:
            return Regeneration(errors=self._described(error), seconds=time.perf_counter() - started, rendered=list(self._memo.rendered))
        return Regeneration(
            changed, rebuilt, warnings=self._listed(warnings), seconds=time.perf_counter() - started, rendered=list(self._memo.rendered), whole_site=whole_site
        )

    def _build(self, tree: DocsTree, pages: dict[str, list[str]] | None) -> bool:
        """Builds ``pages`` alone where the engine can, else the whole site (every language of it); returns whether
        the engine built any language whole."""
        rebuild = PAGE_REBUILDERS.get(self.engine)
        self._site_is_current = False
        if pages is not None and rebuild is not None:
            whole_site = self._rebuild_pages(tree, pages, rebuild)
        else:
            build_languages(tree, self.folder, self.engine)
            whole_site = True
        self._site_is_current = True
        return whole_site

    def _rebuild_pages(self, tree: DocsTree, pages: dict[str, list[str]], rebuild: Callable[[Path, Collection[str]], bool]) -> bool:
        """Each language's changed pages (by its config, as ``_pages_to_rebuild`` gives them), the default first. When
        the engine had to build the default language whole, which empties ``site/``, every further one is built again."""
        default_built_whole = whole_site = False
        for each in [tree, *tree.further]:
            config = config_of(each)
            if default_built_whole:
                ENGINES[self.engine](self.folder / config)
            elif config in pages:
                built_whole = rebuild(self.folder / config, pages[config])
                default_built_whole = built_whole and each is tree
                whole_site = whole_site or built_whole
        return whole_site

    def _pages_to_rebuild(self, tree: DocsTree, changed: list[str]) -> dict[str, list[str]] | None:
        """Each language's Markdown pages to build again (by the language's config, each page by its path in that
        language's docs folder), for the languages with a changed file; None when the whole site must be built: the
        site was not built yet, or a changed file was not in a docs tree before or is not now (a page added or
        removed, a config or the theme changed)."""
        docs = {f"{docs_of(each)}/": config_of(each) for each in [tree, *tree.further]}
        before, self._docs_files = self._docs_files, _files_in(self.folder, docs)
        if not self._site_is_current:
            return None
        pages: dict[str, list[str]] = {}
        for path in changed:
            prefix = next((prefix for prefix in docs if path.startswith(prefix)), None)
            if prefix is None or path not in before or path not in self._docs_files:
                return None
            pages.setdefault(docs[prefix], [])
            if path.endswith(".md"):
                pages[docs[prefix]].append(path.removeprefix(prefix))
        return pages

    def _described(self, error: DecideError) -> str:
        """The same words ``decide build`` prints: every content problem with its line, or the template or engine error."""
        if error.diagnostics:
            return f"{self._listed(error.diagnostics)}\n{error}"
        return str(error)

    def _listed(self, diagnostics: list[Diagnostic]) -> str:
        return as_text(diagnostics, self.project.root) if diagnostics else ""


def _files_in(folder: Path, docs: Iterable[str]) -> set[str]:
    """The files of each docs tree (``docs/``, ``languages/el/``) under ``folder``, by their path from it
    (``docs/index.md``), as ``sync_tree`` names them."""
    return {path.relative_to(folder).as_posix() for tree in docs for path in (folder / tree).rglob("*") if path.is_file()}
