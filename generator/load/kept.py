"""The values of content files read before, kept on disk (``build/content-values/``) so that a command reading a file
whose bytes did not change takes its values from there instead of parsing its YAML again.

Parsing is most of the time a one-off command spends loading a large catalog (at ten thousand reasons, 0.4 s of the
0.6 s of loading), and a salesperson prints many worksheets from content that does not change between them.

Only a file read on the quick path is kept: one with no problem at all, whose values are then a function of its bytes
and of the reader alone (``source._quick_value``). A file with any problem is parsed every time, so every problem is
still found where it is written, and whether a file may be read at all is decided afresh on every read, before its
bytes are looked up here. An entry is named by a hash of the file's bytes and of the reader (the code that reads YAML,
PyYAML with or without libyaml, Python), and by a checksum of what it holds: an entry that cannot be read, is cut
short, was changed or is not the JSON it should be is parsed again and written anew, never used. Values are kept as
JSON, which reads back as plain values only (it never runs code, as a pickle could) and holds every value YAML gives
exactly; a file with a value it cannot hold (a date) is not kept.

As with ``build/pdf-cache/``, entries are written whole under a temporary name, then renamed, so commands running at
once share the folder; after a load it holds the entries that load used and any written since it began, nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from generator.diagnostics import DecideError

FOLDER = "content-values"
"""Inside ``build/``, beside ``pdf-cache/``, so ``make clean`` clears it too."""

ENTRY = re.compile(r"(?P<key>[0-9a-f]{64})\.(?P<checksum>[0-9a-f]{32})\.json")

READER = (Path(__file__).with_name("source.py"), Path(__file__))
"""The modules that turn a file's bytes into its values and write them here: a change to either may change any file's values."""


def reader_version() -> str | None:
    """What, besides a file's bytes, decides the values read from it; None when the reader's code cannot be read,
    and then nothing is kept."""
    try:
        code = [path.read_bytes() for path in READER]
    except OSError:
        return None
    return hashlib.sha256(b"\0".join([*code, yaml.__version__.encode(), str(yaml.__with_libyaml__).encode(), sys.version.encode()])).hexdigest()


class KeptValues:
    """The entries of one folder, listed once; ``value`` finds a file's values there or parses them and keeps them.
    Nothing here raises: a folder that cannot be read or written is one that holds nothing."""

    def __init__(self, folder: Path, reader: str) -> None:
        self.folder = folder
        self.reader = reader
        self.used: set[str] = set()
        """The names of the entries read or written since the folder was listed: what the load using it needs."""
        self.written: dict[str, bytes] = {}
        """The entries to write once the load is done (``write_new``), by name."""
        self.entries: dict[str, tuple[str, str]] = {}
        """By key, each entry's file name and checksum."""
        try:
            names = [entry.name for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
        except OSError:
            names = []
        for name in names:
            found = ENTRY.fullmatch(name)
            if found:
                self.entries[found["key"]] = (name, found["checksum"])

    def value(self, raw: bytes, parse: Callable[[], object]) -> object:
        """The values of the file whose bytes are ``raw``: kept ones, or ``parse()``'s, kept for the next load; None
        (and nothing kept) when ``parse`` gives None, the file then being read the careful way."""
        key = hashlib.sha256(self.reader.encode() + b"\0" + raw).hexdigest()
        kept = self._kept(key)
        if kept is not None:
            return kept
        value = parse()
        if value is not None:
            self._keep(key, value)
        return value

    def _kept(self, key: str) -> object:
        if key not in self.entries:
            return None
        name, checksum = self.entries[key]
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            return None
        if _checksum(data) != checksum:
            return None
        try:
            value = json.loads(data)
        except (ValueError, RecursionError):
            return None
        self.used.add(name)
        return value

    def _keep(self, key: str, value: object) -> None:
        try:
            data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except (TypeError, ValueError):
            return  # a value JSON does not hold as it is (a date): this file is parsed each time
        name = f"{key}.{_checksum(data)}.json"
        self.used.add(name)
        self.written[name] = data

    def write_new(self) -> None:
        """Writes the entries this load made, each whole or not at all; one that fails is only parsed again next time."""
        if not self.written:
            return
        from generator.write.files import make_folder, opened_folder  # the write step's package, loaded only when there is something to write

        try:
            make_folder(self.folder)
            with opened_folder(self.folder) as folder:
                for name, data in self.written.items():
                    folder.write(name, data, replace=True)
        except DecideError:
            return

    def keep_only_used(self, since: float) -> None:
        """Removes the entries this load did not use, but those changed since ``since`` (when it began): another load's
        entries written meanwhile are left alone. Only files named as entries are removed, so a folder put in this one's
        place (a link to another) loses nothing else."""
        try:
            listed = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in listed:
            if entry.name in self.used or not ENTRY.fullmatch(entry.name):
                continue
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < since:
                    os.unlink(entry.path)
            except OSError:
                continue


@contextlib.contextmanager
def kept_in(folder: Path) -> Iterator[KeptValues | None]:
    """The values kept in ``folder`` for one load: after it, the entries it made are written (also when the content has
    errors, since each is a clean file's) and, when it succeeded, those it did not use removed. None when the reader's
    version cannot be known."""
    reader = reader_version()
    if reader is None:
        yield None
        return
    began = time.time()
    kept = KeptValues(folder, reader)
    try:
        yield kept
    except DecideError:
        kept.write_new()
        raise
    kept.write_new()
    kept.keep_only_used(began)


def _checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]
