"""Files decide writes outside the site: whole or not at all, under names safe on every system."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from generator.diagnostics import DecideError

UNSAFE = re.compile(r"[^\w.-]+")
"""Anything but letters (of any script), digits, ``_``, ``.`` and ``-``: slashes, quotes, ``<>:|?*``, spaces and controls."""

RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))})
"""Names Windows keeps for devices, whatever the extension."""

LONGEST_STEM = 80


def write_file(path: Path, data: bytes) -> None:
    """Writes through a temporary file in the same folder, so a reader never finds half a file, even after a failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", delete=False) as scratch:
            scratch.write(data)
        os.replace(scratch.name, path)
    except OSError as error:
        raise DecideError(f"Cannot write {path}: {error.strerror or error}.") from None


def safe_stem(name: str) -> str:
    """A file name for a prospect: ``Acme & Sons / North`` -> ``Acme-Sons-North``; letters of every script are kept."""
    stem = UNSAFE.sub("-", unicodedata.normalize("NFKC", name)).strip(".-_")[:LONGEST_STEM].strip(".-_")
    if not stem:
        return "prospect"
    return f"{stem}-file" if stem.split(".")[0].lower() in RESERVED else stem


class FileNames:
    """Hands out one file name per prospect in a batch; a second ``Acme Ltd`` becomes ``Acme-Ltd-2``.

    Names are compared without regard to case, since two names differing only in case are one file on macOS and Windows.
    """

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        self.taken: set[str] = set()

    def name_for(self, prospect: str) -> str:
        stem = safe_stem(prospect)
        candidate, number = stem, 1
        while candidate.casefold() in self.taken:
            number += 1
            candidate = f"{stem}-{number}"
        self.taken.add(candidate.casefold())
        return candidate + self.suffix
