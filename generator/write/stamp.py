"""A build that would make the same site again is not run: the stamp of the last build says what it was made from.

The stamp (``build/site-stamp.json``) holds a fingerprint of everything the
engine reads (every file of the docs trees, the theme overrides and the
configs, the engine and the versions of mkdocs, Material and Zensical) and a
list of the files the engine wrote into ``site/`` with their sizes and times.
A build whose fingerprint matches, on a ``site/`` whose files are exactly those,
leaves the site as it is: the engine would only write the same bytes again.
Anything else (no stamp, a stamp that cannot be read, a file of the site
changed, added or removed) builds as always. No engine keeps such a record of
its own (mkdocs rebuilds every page on every build), hence this one.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

STAMP = "site-stamp.json"

ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "zensical")
"""Whose versions decide the site's bytes besides the tree: an upgraded theme builds again."""


def fingerprint(files: dict[str, bytes], engine: str) -> str:
    """A hash of every file the engine reads, by path, and of the engine and its packages' versions."""
    digest = hashlib.sha256()
    for name in (engine, *(f"{package}={_version(package)}" for package in ENGINE_PACKAGES)):
        digest.update(name.encode("utf-8") + b"\0")
    for path in sorted(files):
        data = files[path]
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def unchanged(build: Path, site: Path, made_from: str) -> bool:
    """Whether the last build was made from the same tree and ``site/`` still holds exactly what it wrote."""
    try:
        stamp = json.loads((build / STAMP).read_text(encoding="utf-8"))
        return bool(stamp["fingerprint"] == made_from and stamp["site"] == _listing(site))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def record(build: Path, site: Path, made_from: str) -> None:
    """Writes the stamp for the site just published (whole, or not at all); a stamp that cannot be written only means
    the next build runs the engine again."""
    path = build / STAMP
    scratch = path.with_name(f".{STAMP}.{os.getpid()}")
    try:
        scratch.write_text(json.dumps({"fingerprint": made_from, "site": _listing(site)}), encoding="utf-8")
        scratch.replace(path)
    except OSError:
        scratch.unlink(missing_ok=True)


def forget(build: Path) -> None:
    """Removes the stamp before a build replaces the site, so a build stopped half way never leaves a stamp behind."""
    (build / STAMP).unlink(missing_ok=True)


def _listing(site: Path) -> dict[str, list[int]]:
    """Every file under ``site/`` (links followed at the top only, as ``site`` may be one) with its size and time."""
    listing: dict[str, list[int]] = {}
    root = site.resolve()
    for folder, _, names in os.walk(root):
        for name in names:
            status = os.lstat(os.path.join(folder, name))
            listing[os.path.relpath(os.path.join(folder, name), root)] = [status.st_size, status.st_mtime_ns]
    return listing


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"
