"""Blank worksheets' PDFs kept on disk between builds (``build/pdf-cache/``), so a build makes only those whose page changed.

An entry is named by a key, a hash of everything that decides the PDF's bytes: the worksheet's HTML (which carries its
stylesheet, its images and the brand's fonts inside it), the paper, how WeasyPrint is asked to write it, the versions of
WeasyPrint and of the libraries it lays pages out and writes with, and the system's fonts as fontconfig lists them
(each file with its version, size and time, and fontconfig's own configuration files). The entry's name also carries a
checksum of its bytes: an entry that cannot be read, is cut short or was changed is removed and made again, never used.

Entries are written under a temporary name and renamed, so two builds at once never see half a file; and since every
reader checks what it reads and a failed write only costs the next build a PDF, any entry may be removed at any time.
After a build the folder holds the entries that build used, in every language of the site, and any written since it
began (by a build running beside it): nothing else, so it never holds more than one site's worth of PDFs. A build
opens the cache once (``kept_for_build``) for all its languages' worksheets, and prunes it once, when all are made.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import re
import subprocess
import time
from collections.abc import Iterable, Iterator, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from generator.diagnostics import DecideError
from generator.write.files import SCRATCH, opened_folder

FOLDER = "pdf-cache"
"""Inside ``build/``, so ``make clean`` (which removes ``build/``) clears it."""

PACKAGES = ("weasyprint", "pydyf", "fonttools", "pillow", "tinycss2", "cssselect2", "tinyhtml5")
"""The Python packages whose version can change a PDF: layout, the PDF writer, font subsetting, images, CSS and HTML parsing."""

LIBRARIES = {
    "pango": (("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"), "pango_version_string"),
    "harfbuzz": (("libharfbuzz.so.0", "libharfbuzz.dylib", "libharfbuzz-0.dll"), "hb_version_string"),
}
"""The system libraries WeasyPrint shapes text with, and the function that says each one's version (loaded by ctypes,
which takes a millisecond, where importing WeasyPrint to ask it takes a quarter of a second)."""

FONT_LIST = ("fc-list", "--format", "%{file}\t%{index}\t%{fontversion}\n")
CONFIG_LIST = ("fc-conflist",)
LISTING_TIMEOUT = 30
"""Seconds fontconfig may take to list the fonts (a few milliseconds with its cache, a few seconds to rebuild it)."""

ENTRY = re.compile(r"(?P<key>[0-9a-f]{64})\.[0-9a-f]{32}\.pdf")


def installed_software() -> dict[str, str]:
    """The version of each package and library that lays out and writes the PDFs; ``unknown`` where one cannot be asked."""
    return {**{name: _package_version(name) for name in PACKAGES}, **{name: _library_version(*found) for name, found in LIBRARIES.items()}}


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def _library_version(names: tuple[str, ...], function: str) -> str:
    for name in names:
        try:
            call = getattr(ctypes.CDLL(name), function)
        except (OSError, AttributeError):
            continue
        call.restype = ctypes.c_char_p
        return str(call().decode("ascii"))
    return "unknown"


def typesetting(software: Mapping[str, str]) -> str | None:
    """All that decides a PDF's bytes besides its page and paper, as one text; None when something of it cannot be known
    (a library's version, or the fonts when fontconfig's tools are missing), and then no PDF may be reused from disk."""
    fonts = system_fonts()
    if fonts is None or "unknown" in software.values():
        return None
    return "\n".join([*(f"{name} {number}" for name, number in sorted(software.items())), f"fonts {fonts}"])


def system_fonts() -> str | None:
    """A hash of the fonts fontconfig offers (file, face, version, size, time) and of its configuration files, which
    choose among them; a font installed, removed or upgraded, or a rule changed, changes it. Costs a few milliseconds."""
    try:
        fonts = _listed(FONT_LIST)
        configs = _listed(CONFIG_LIST)
    except (OSError, subprocess.SubprocessError):
        return None
    files = {line.split("\t")[0] for line in fonts} | {line[2:].split(": ")[0] for line in configs if line[:2] in ("+ ", "- ")}
    digest = hashlib.sha256()
    for line in [*fonts, *configs, *(_stated(Path(file)) for file in sorted(files))]:
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def _listed(command: tuple[str, ...]) -> list[str]:
    listing = subprocess.run(command, capture_output=True, check=True, timeout=LISTING_TIMEOUT, stdin=subprocess.DEVNULL)
    return sorted(listing.stdout.decode("utf-8", "surrogateescape").splitlines())


def _stated(path: Path) -> str:
    try:
        status = path.stat()
    except OSError:
        return f"{path}\tmissing"
    return f"{path}\t{status.st_size}\t{status.st_mtime_ns}"


def pdf_key(html: str, paper: str, typesetting: str) -> str:
    """The name of the one PDF this page, paper and typesetting make (see ``typesetting``)."""
    digest = hashlib.sha256(typesetting.encode("utf-8"))
    digest.update(f"\0{paper}\0".encode())
    digest.update(html.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def is_whole_pdf(data: bytes) -> bool:
    """What every PDF WeasyPrint writes looks like: its header first, its end-of-file marker last."""
    return data.startswith(b"%PDF-") and data.rstrip(b"\r\n").endswith(b"%%EOF")


class DiskCache:
    """The entries in one folder, listed once: ``get`` and ``put`` by key, ``keep_only`` to drop what a build did not use.
    Nothing here raises: a folder that cannot be read or written is a cache that holds nothing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries: dict[str, str] = {}
        self.used: set[str] = set()
        """The keys found or kept since the folder was listed: what the build using it needs."""
        try:
            names = [entry.name for entry in os.scandir(folder)]
        except OSError:
            names = []
        for name in names:
            found = ENTRY.fullmatch(name)
            if found:
                self.entries[found["key"]] = name

    def get(self, key: str) -> bytes | None:
        """The PDF kept under ``key``, if it is there, whole and unchanged; a damaged entry is removed."""
        name = self.entries.get(key)
        if name is None:
            return None
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            return None
        if f"{key}.{_checksum(data)}.pdf" == name and is_whole_pdf(data):
            self.used.add(key)
            return data
        self._remove(name)
        del self.entries[key]
        return None

    def put(self, key: str, pdf: bytes) -> None:
        """Keeps ``pdf`` under ``key``, whole or not at all; when that fails the next build makes it again."""
        name = f"{key}.{_checksum(pdf)}.pdf"
        self.used.add(key)
        try:
            with opened_folder(self.folder, make=True) as folder:
                folder.write(name, pdf, replace=True)
        except DecideError:
            return
        old = self.entries.get(key)
        if old is not None and old != name:
            self._remove(old)
        self.entries[key] = name

    def keep_only(self, keys: Iterable[str], since: float) -> None:
        """Removes every entry but those of ``keys`` and those changed since ``since`` (a time in seconds, when
        this build began): another build's entries, or a temporary file being written now, are left alone. Only files
        named as entries (or as a killed build's temporary files) are removed, so a folder put in this one's place (a link to another) loses nothing else."""
        kept = {self.entries[key] for key in keys if key in self.entries}
        try:
            listed = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in listed:
            try:
                if (
                    entry.name not in kept
                    and (ENTRY.fullmatch(entry.name) or SCRATCH.fullmatch(entry.name))
                    and entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < since
                ):
                    os.unlink(entry.path)
            except OSError:
                continue

    def _remove(self, name: str) -> None:
        try:
            (self.folder / name).unlink()
        except OSError:
            pass


@contextlib.contextmanager
def kept_for_build(folder: Path | None) -> Iterator[DiskCache | None]:
    """The cache as one build uses it, for every language's worksheets: once the build has made them all, only the
    entries it used (and any written since it began) are kept. Pruning after each language instead would drop the
    other languages' entries, and every build would make their PDFs again. None, and nothing pruned, without a
    ``folder`` or when the typesetting cannot be known (see ``typesetting``); a build that fails prunes nothing."""
    if folder is None or typesetting(installed_software()) is None:
        yield None
        return
    began = time.time()
    disk = DiskCache(folder)
    yield disk
    disk.keep_only(disk.used, began)


def _checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]
