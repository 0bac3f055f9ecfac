"""Step five: the docs tree to disk, then a site built from it, replacing ``site/`` only on success."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from generator.project import Project
from generator.render import DocsTree
from generator.write.config import DOCS, OVERRIDES, SITE, engine_config, write_config
from generator.write.engines import ENGINES
from generator.write.pdf import worksheet_files


def sync_tree(tree: DocsTree, project: Project, folder: Path, with_pdfs: bool = True) -> list[str]:
    """Makes ``folder`` hold exactly the tree (docs, overrides, config), writing only files that changed.

    Returns the paths that changed, relative to ``folder``: a preview rebuilds
    only those, and a fresh folder gets everything.
    """
    wanted: dict[str, bytes] = {f"{DOCS}/{path}": text.encode("utf-8") for path, text in tree.pages.items()}
    wanted.update({f"{DOCS}/{path}": data for path, data in tree.assets.items()})
    wanted.update({f"{DOCS}/{path}": data for path, data in worksheet_files(tree, with_pdfs).items()})
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


def build_site(project: Project, tree: DocsTree, engine: str = "mkdocs") -> None:
    """Writes and builds in a scratch folder; ``site/`` and ``build/`` change only once the engine succeeded.

    ``build/`` then keeps the tree the site was built from (``mkdocs.yml``,
    ``docs/``, ``overrides/``), so either engine can rebuild it by hand.
    """
    project.build.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=project.build, prefix="scratch-") as scratch:
        folder = Path(scratch)
        sync_tree(tree, project, folder)
        ENGINES[engine](folder / "mkdocs.yml")
        for part in (DOCS, OVERRIDES):
            _replace(project.build / part, folder / part)
        (folder / "mkdocs.yml").replace(project.build / "mkdocs.yml")
        _replace(project.site, folder / SITE)


def _replace(target: Path, new: Path) -> None:
    """Swaps ``new`` in for ``target`` with renames, so a reader never sees half a folder."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
