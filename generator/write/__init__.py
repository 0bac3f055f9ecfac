"""Step five: the docs tree to disk, then a site built from it, replacing ``site/`` only on success."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from generator.diagnostics import DecideError
from generator.project import Project
from generator.render import DocsTree
from generator.write.config import DOCS, OVERRIDES, SITE, engine_config, write_config
from generator.write.engines import ENGINES
from generator.write.pdf import worksheet_files
from generator.write.pdf_cache import FOLDER as PDF_CACHE
from generator.write.swap import OLD_SUFFIX, failed_to, home_of, must_not_be_a_file, publish, recover, remove_scratch, running_build, scratch_folder, staging_prefix


def sync_tree(tree: DocsTree, project: Project, folder: Path, with_pdfs: bool = True) -> list[str]:
    """Makes ``folder`` hold exactly the tree (docs, overrides, config), writing only files that changed.

    Returns the paths that changed, relative to ``folder``: a preview rebuilds
    only those, and a fresh folder gets everything. The PDFs an earlier build
    made are reused from ``build/pdf-cache`` while their pages are unchanged.
    """
    wanted: dict[str, bytes] = {f"{DOCS}/{path}": text.encode("utf-8") for path, text in tree.pages.items()}
    wanted.update({f"{DOCS}/{path}": data for path, data in tree.assets.items()})
    wanted.update({f"{DOCS}/{path}": data for path, data in worksheet_files(tree, with_pdfs, project.build / PDF_CACHE).items()})
    theme = project.templates / "theme"
    if theme.is_dir():
        wanted.update({f"{OVERRIDES}/{path.relative_to(theme).as_posix()}": path.read_bytes() for path in theme.rglob("*") if path.is_file()})
    for part in (DOCS, OVERRIDES):
        (folder / part).mkdir(parents=True, exist_ok=True)
    changed = [path for path, data in wanted.items() if _write_if_changed(folder / path, data)]
    changed += _remove_unwanted(folder, set(wanted))
    if write_config(engine_config(project.config, tree), folder / "mkdocs.yml"):
        changed.append("mkdocs.yml")
    return changed


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _remove_unwanted(folder: Path, wanted: set[str]) -> list[str]:
    removed = []
    for part in (DOCS, OVERRIDES):
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
        for folder in (site, project.build / DOCS, project.build / OVERRIDES):
            recover(folder)
        remove_scratch(project.build)
        remove_scratch(site.parent, staging_prefix(site))
    except OSError as error:
        raise failed_to("put back what an interrupted build left", error) from None


def _folders_kept(project: Project, site: Path) -> list[tuple[Path, str]]:
    """The folders a build replaces, with their ``.old`` names, and what each holds (for the message)."""
    sources = "the sources the site is built from"
    kept = [(project.build, sources), (site, "the built site"), (project.build / DOCS, sources), (project.build / OVERRIDES, sources)]
    return kept + [(folder.with_name(folder.name + OLD_SUFFIX), "the previous copy there while a build replaces it") for folder, _ in kept[1:]]


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def build_site(project: Project, tree: DocsTree, engine: str = "mkdocs") -> None:
    """Writes and builds in a scratch folder; ``site/`` and ``build/`` change only once the engine succeeded.

    ``build/`` then keeps the tree the site was built from (``mkdocs.yml``,
    ``docs/``, ``overrides/``), so either engine can rebuild it by hand. Each
    folder is swapped in whole (see ``swap``): ``site/`` is never missing, not
    even when the build is killed.
    """
    with _building(project), scratch_folder(project.build) as folder:
        sync_tree(tree, project, folder)
        ENGINES[engine](folder / "mkdocs.yml")
        try:
            for part in (DOCS, OVERRIDES):
                publish(folder / part, project.build / part)
            (folder / "mkdocs.yml").replace(project.build / "mkdocs.yml")
            publish(folder / SITE, project.site)
        except OSError as error:
            raise failed_to("put the new site in place", error) from None
