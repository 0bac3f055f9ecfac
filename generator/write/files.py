"""Files decide writes outside the site: whole or not at all, under names safe on every system, never through a link.

Every file is written under a temporary name beside it and then moved into place, so a reader never finds half a file.
The move never follows a symbolic link and never replaces one, nor a folder or a device: only a regular file is ever
replaced, and only when the command was asked to (``-o`` names its one file; a batch needs ``--overwrite``). A
temporary file left by a killed run (``.<name>.<hex>.part``) is removed by the next run writing into that folder.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.diagnostics import DecideError

UNSAFE = re.compile(r"[^\w.-]+")
"""Anything but letters (of any script), digits, ``_``, ``.`` and ``-``: slashes, quotes, ``<>:|?*``, spaces and controls."""

RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))})
"""Names Windows keeps for devices, whatever the extension."""

LONGEST_STEM = 120
"""In bytes of UTF-8, which is what file systems count (255 at most): a name in Chinese takes three per character, and
room is left for ``-2`` and for the temporary name a file is written under."""

SCRATCH = re.compile(r"\..+\.[0-9a-f]{8}\.part")
"""The temporary name a file is written under: ``.<name>.<8 hex digits>.part``."""

CANNOT_LINK = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV})
"""What ``link`` answers on file systems without hard links (FAT, some network shares)."""


class Folder:
    """A folder decide writes into, opened once: every name is then looked up and written relative to it, so a link
    planted at a name is seen for what it is rather than followed."""

    def __init__(self, path: Path, descriptor: int) -> None:
        self.path = path
        self.descriptor = descriptor

    def kind(self, name: str) -> str | None:
        """What is at ``name`` now, without following a link: None (nothing), ``file``, ``link``, ``folder`` or ``other``."""
        try:
            mode = os.stat(name, dir_fd=self.descriptor, follow_symlinks=False).st_mode
        except FileNotFoundError:
            return None
        if stat.S_ISREG(mode):
            return "file"
        return "link" if stat.S_ISLNK(mode) else "folder" if stat.S_ISDIR(mode) else "other"

    def remove_scratch(self, names: Iterable[str] | None = None) -> None:
        """Removes the temporary files killed runs left: of the given names, or all of them."""
        wanted = None if names is None else {f".{name}." for name in names}
        for entry in os.scandir(self.descriptor):
            if SCRATCH.fullmatch(entry.name) and (wanted is None or entry.name[: -len("12345678.part")] in wanted):
                try:
                    os.unlink(entry.name, dir_fd=self.descriptor)
                except FileNotFoundError:
                    pass

    def write(self, name: str, data: bytes, replace: bool) -> None:
        """``data`` as the file ``name``: new, or replacing a regular file when ``replace`` is set; never anything else."""
        shown = self.path / name
        found = self.kind(name)
        if found is not None and (not replace or found != "file"):
            raise DecideError(f"Cannot write {shown}: {_in_the_way(found, replace)}.")
        scratch = f".{name}.{secrets.token_hex(4)}.part"
        try:
            descriptor = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666, dir_fd=self.descriptor)
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            if replace:
                os.replace(scratch, name, src_dir_fd=self.descriptor, dst_dir_fd=self.descriptor)
            else:
                self._place_new(scratch, name)
        except FileExistsError:
            raise DecideError(f"Cannot write {shown}: {_in_the_way(self.kind(name) or 'file', replace)}.") from None
        except OSError as error:
            raise DecideError(f"Cannot write {shown}: {error.strerror or error}.") from None
        finally:
            try:
                os.unlink(scratch, dir_fd=self.descriptor)
            except OSError:
                pass

    def _place_new(self, scratch: str, name: str) -> None:
        """Moves ``scratch`` to ``name`` only if nothing is there: a hard link fails on any existing name, even a
        dangling link, with no window between looking and writing. Without hard links, look, then move."""
        try:
            os.link(scratch, name, src_dir_fd=self.descriptor, dst_dir_fd=self.descriptor, follow_symlinks=False)
        except OSError as error:
            if error.errno not in CANNOT_LINK:
                raise
            if self.kind(name) is not None:
                raise FileExistsError(errno.EEXIST, name) from None
            os.rename(scratch, name, src_dir_fd=self.descriptor, dst_dir_fd=self.descriptor)


def _in_the_way(kind: str, replace: bool) -> str:
    if kind == "link":
        return "it is a symbolic link, and decide never writes through one or replaces one; remove it or write elsewhere"
    if kind != "file":
        return f"a {'folder' if kind == 'folder' else 'device or pipe'} of that name is in the way"
    return "the file already exists" + ("" if replace else "; pass --overwrite to replace it")


@contextmanager
def opened_folder(folder: Path, make: bool = False) -> Iterator[Folder]:
    """The folder, made first when ``make`` is set (a link to a folder is followed here: the user named it)."""
    if make:
        make_folder(folder)
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise DecideError(f"Cannot write into the folder {folder}: {error.strerror or error}.") from None
    try:
        yield Folder(folder, descriptor)
    finally:
        os.close(descriptor)


def write_file(path: Path, data: bytes) -> None:
    """One file a command was asked for by name (``-o``): a regular file there is replaced, as the user asked for it.

    The file gets the permissions any new file of the user's gets (their umask), so colleagues can read what they can.
    """
    with opened_folder(path.parent) as folder:
        folder.remove_scratch([path.name])
        folder.write(path.name, data, replace=True)


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
    Each stem remembers the last number it gave, so a list of thousands of one name takes no longer than of different ones.
    """

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix
        self.taken: set[str] = set()
        self.last_number: dict[str, int] = {}

    def name_for(self, prospect: str) -> str:
        stem = safe_stem(prospect)
        candidate, number = stem, self.last_number.get(stem.casefold(), 1)
        while candidate.casefold() in self.taken:
            number += 1
            candidate = f"{stem}-{number}"
        self.taken.add(candidate.casefold())
        self.last_number[stem.casefold()] = number
        return candidate + self.suffix
