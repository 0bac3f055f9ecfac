"""Files decide writes outside the site: whole or not at all, under names safe on every system."""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
from pathlib import Path

from generator.diagnostics import DecideError

UNSAFE = re.compile(r"[^\w.-]+")
"""Anything but letters (of any script), digits, ``_``, ``.`` and ``-``: slashes, quotes, ``<>:|?*``, spaces and controls."""

RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))})
"""Names Windows keeps for devices, whatever the extension."""

LONGEST_STEM = 120
"""In bytes of UTF-8, which is what file systems count (255 at most): a name in Chinese takes three per character, and
room is left for ``-2`` and for the temporary name a file is written under."""


def write_file(path: Path, data: bytes) -> None:
    """Writes through a temporary file in the same folder, so a reader never finds half a file, even after a failure.

    The file gets the permissions any new file of the user's gets (their umask), so colleagues can read what they can.
    """
    scratch = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with os.fdopen(os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as file:
            file.write(data)
        os.replace(scratch, path)
    except OSError as error:
        scratch.unlink(missing_ok=True)
        raise DecideError(f"Cannot write {path}: {error.strerror or error}.") from None


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = "a file of that name is in the way" if isinstance(error, (FileExistsError, NotADirectoryError)) else error.strerror or str(error)
        raise DecideError(f"Cannot make the folder {folder}: {reason}.") from None


def safe_stem(name: str) -> str:
    """A file name for a prospect: ``Acme & Sons / North`` -> ``Acme-Sons-North``; letters of every script are kept."""
    stem = UNSAFE.sub("-", unicodedata.normalize("NFKC", name)).strip(".-_")
    stem = stem.encode("utf-8")[:LONGEST_STEM].decode("utf-8", errors="ignore").strip(".-_")
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
