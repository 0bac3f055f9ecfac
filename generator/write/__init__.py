"""Step five: the docs tree to disk, then a site built from it, replacing ``site/`` only on success."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from generator.diagnostics import DecideError
from generator.project import Project
from generator.render import DocsTree
from generator.write import stamp
from generator.write.config import DOCS, LANGUAGES, OVERRIDES, SITE, config_of, config_text, docs_of, language_config
from generator.write.engines import ENGINES
from generator.write.pdf import worksheet_files
from generator.write.pdf_cache import FOLDER as PDF_CACHE
from generator.write.pdf_cache import DiskCache, kept_for_build
from generator.write.swap import OLD_SUFFIX, failed_to, home_of, must_not_be_a_file, publish, recover, remove_scratch, running_build, scratch_folder, staging_prefix

PARTS = (DOCS, OVERRIDES, LANGUAGES)
"""The folders of ``build/`` a build replaces whole: each language's docs trees and the theme overrides they share."""


def sync_tree(tree: DocsTree, project: Project, folder: Path, with_pdfs: bool = True) -> list[str]:
    """Makes ``folder`` hold exactly the tree (docs, overrides, config) and each further language's, writing only
    files that changed.

    Returns the paths that changed, relative to ``folder``: a preview rebuilds
    only those, and a fresh folder gets everything. The PDFs an earlier build
    made are reused from ``build/pdf-cache`` while their pages are unchanged.
    """
    return write_tree(tree_files(tree, project, with_pdfs), [tree, *tree.further], folder)


def tree_files(tree: DocsTree, project: Project, with_pdfs: bool = True) -> dict[str, bytes]:
    """Every file the engine reads, by its path in ``build/``: each language's docs and config, and the theme overrides."""
    trees = [tree, *tree.further]
    wanted: dict[str, bytes] = {}
    with kept_for_build(project.build / PDF_CACHE if with_pdfs else None) as pdfs:
        for each in trees:
            wanted.update(_language_files(each, with_pdfs, pdfs))
            wanted[config_of(each)] = config_text(language_config(project.config, each)).encode("utf-8")
    theme = project.templates / "theme"
    if theme.is_dir():
        wanted.update({f"{OVERRIDES}/{path.relative_to(theme).as_posix()}": path.read_bytes() for path in theme.rglob("*") if path.is_file()})
    return wanted


def write_tree(wanted: dict[str, bytes], trees: list[DocsTree], folder: Path) -> list[str]:
    """Writes the files that differ from ``folder``'s, removes those no longer wanted; returns the paths changed."""
    for part in PARTS:
        (folder / part).mkdir(parents=True, exist_ok=True)
    changed = [path for path, data in wanted.items() if _write_if_changed(folder / path, data)]
    changed += _remove_unwanted(folder, set(wanted))
    changed += _remove_other_configs(folder, trees)
    return changed


def _language_files(tree: DocsTree, with_pdfs: bool, pdfs: DiskCache | None) -> dict[str, bytes]:
    """One language's pages, assets and worksheets, under its own ``docs/``; the PDF cache is the whole build's."""
    docs = docs_of(tree)
    wanted = {f"{docs}/{path}": text.encode("utf-8") for path, text in tree.pages.items()}
    wanted.update({f"{docs}/{path}": data for path, data in tree.assets.items()})
    wanted.update({f"{docs}/{path}": data for path, data in worksheet_files(tree, with_pdfs, pdfs).items()})
    return wanted


def _remove_other_configs(folder: Path, trees: list[DocsTree]) -> list[str]:
    """The configs of languages the site no longer has (``mkdocs.el.yml`` once ``el-GR`` is gone from site.yml)."""
    kept = {config_of(each) for each in trees}
    removed = sorted(path.name for path in folder.glob("mkdocs.*.yml") if path.name not in kept)
    for name in removed:
        (folder / name).unlink()
    return removed


def build_languages(tree: DocsTree, folder: Path, engine: str) -> None:
    """Runs the engine on each language's config in ``folder``, the default first: building it empties ``site/``,
    and each further language is then built into its own folder of it."""
    for each in [tree, *tree.further]:
        ENGINES[engine](folder / config_of(each))


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _remove_unwanted(folder: Path, wanted: set[str]) -> list[str]:
    removed = []
    for part in PARTS:
        for path in sorted((folder / part).rglob("*")):
            relative = path.relative_to(folder).as_posix()
            if path.is_file() and relative not in wanted:
                path.unlink()
                removed.append(relative)
    return removed


def prepare_build(project: Project) -> None:
    """Before anything else: refuses files where folders belong, and undoes what a killed build left.

    A ``site.old`` with no ``site/`` is renamed back, and the scratch folders
    of killed builds are removed, unless another build is running. Safe to
    call again; ``build_site`` does.
    """
    with _building(project):
        pass


@contextlib.contextmanager
def _building(project: Project) -> Iterator[None]:
    """A build's span: nothing in the way, ``build/`` there, and this build marked as running (tidying first if alone)."""
    _refuse_files_in_the_way(project)
    project.build.mkdir(parents=True, exist_ok=True)
    with running_build(project.build, lambda: _tidy(project)):
        yield


def _refuse_files_in_the_way(project: Project) -> None:
    site = home_of(project.site)
    for path, role in _folders_kept(project, site):
        must_not_be_a_file(path, _shown(path, project.root), role)
    if (project.build / "mkdocs.yml").is_dir():
        raise DecideError(f"`{_shown(project.build / 'mkdocs.yml', project.root)}` is a folder: decide writes the engine's settings there. Move or rename it, then build again.")
    if project.site.is_symlink() and not site.parent.is_dir():
        raise DecideError(f"`site` is a link to {site}, in a folder that does not exist: make the folder, or remove the link, then build again.")


def _tidy(project: Project) -> None:
    """What killed builds left: folders renamed to ``.old`` are put back (or removed), scratch folders removed."""
    site = home_of(project.site)
    try:
        for folder in (site, *(project.build / part for part in PARTS)):
            recover(folder)
        remove_scratch(project.build)
        remove_scratch(site.parent, staging_prefix(site))
    except OSError as error:
        raise failed_to("put back what an interrupted build left", error) from None


def _folders_kept(project: Project, site: Path) -> list[tuple[Path, str]]:
    """The folders a build replaces, with their ``.old`` names, and what each holds (for the message)."""
    sources = "the sources the site is built from"
    kept = [(project.build, sources), (site, "the built site"), *((project.build / part, sources) for part in PARTS)]
    return kept + [(folder.with_name(folder.name + OLD_SUFFIX), "the previous copy there while a build replaces it") for folder, _ in kept[1:]]


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def build_site(project: Project, tree: DocsTree, engine: str = "mkdocs") -> bool:
    """Writes and builds in a scratch folder; ``site/`` and ``build/`` change only once the engine succeeded.

    ``build/`` then keeps the tree the site was built from (``mkdocs.yml``,
    ``docs/``, ``overrides/``, and ``languages/<folder>/`` with each further
    language's ``mkdocs.yml`` and ``docs/``), so either engine can rebuild it by hand. Each
    folder is swapped in whole (see ``swap``): ``site/`` is never missing, not
    even when the build is killed. Returns False, running no engine, when the last build was made from the
    same tree and ``site/`` still holds exactly what it wrote (see ``stamp``).
    """
    with _building(project):
        files = tree_files(tree, project)
        made_from = stamp.fingerprint(files, engine)
        if stamp.unchanged(project.build, home_of(project.site), made_from):
            return False
        stamp.forget(project.build)
        with scratch_folder(project.build) as folder:
            write_tree(files, [tree, *tree.further], folder)
            build_languages(tree, folder, engine)
            try:
                for part in PARTS:
                    publish(folder / part, project.build / part)
                for each in [tree, *tree.further]:
                    (folder / config_of(each)).replace(project.build / config_of(each))
                _remove_other_configs(project.build, [tree, *tree.further])
                publish(folder / SITE, project.site)
            except OSError as error:
                raise failed_to("put the new site in place", error) from None
        stamp.record(project.build, home_of(project.site), made_from)
    return True
