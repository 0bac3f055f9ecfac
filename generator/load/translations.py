"""Reads the content translations: ``content/translations/<locale>.po``, one catalog per further language.

A catalog is in the translators' format (gettext PO, as Poedit and Weblate write it): each entry's
``msgctxt`` names a content file and field (``offerings/stock-planner.yml:summary``), its ``msgid`` the
source text it was translated from and its ``msgstr`` the translation. A catalog is untrusted input, like
any content file, so it is read by the same rule (a regular file inside the content folder, at most
``MAX_FILE_BYTES``, UTF-8) and each text is held to the same bounds as a YAML value (``scalar_problem``).
What it holds is text only: pages escape and sanitise a translation exactly as the field it translates.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape

from generator.diagnostics import Diagnostic, Severity
from generator.load.source import NotReadable, SourceFile, decode_text, read_regular_file, refusal, scalar_problem

TRANSLATIONS_FOLDER = "translations"
"""The folder of ``content/`` that holds the catalogs."""

MAX_CATALOG_BYTES = 20_000_000
"""20 MB per catalog: one catalog holds every text of the site with its translation, about 2.3 times the content's
own text (the example's Greek catalog is 332 KB), so this allows a site of some 9 MB of content; Babel reads a
catalog of 9 MB in about a quarter of a second."""


@dataclass(frozen=True)
class Translation:
    """One entry of a catalog: the source text it was made from, the translation, and whether a translator still has to confirm it."""

    source: str
    text: str
    fuzzy: bool
    line: int
    """Where the entry's ``msgid`` is written in the catalog, for messages about it."""

    @property
    def confirmed(self) -> bool:
        """Whether it is written and not marked fuzzy; whether it still fits the source is for the caller to compare."""
        return bool(self.text) and not self.fuzzy


@dataclass(frozen=True)
class LanguageCatalog:
    """The catalog of one further language, as read."""

    locale: str
    file: str
    """The catalog's path as messages show it (``content/translations/el-GR.po``)."""
    entries: dict[str, Translation] = field(default_factory=dict)
    """By context (``offerings/stock-planner.yml:summary``); entries that could not be used are left out, and reported."""
    po: Catalog | None = None
    """The catalog as Babel read it (header, comments, obsolete entries), which ``decide translate`` updates."""
    text: str = ""
    """The catalog as written, so ``decide translate`` leaves a catalog that would not change untouched."""

    def diagnostic(self, code: str, message: str, line: int = 0, context: str = "", severity: Severity = Severity.ERROR) -> Diagnostic:
        return Diagnostic(self.file, line, 1 if line else 0, severity, code, context, message)


def catalog_file(locale: str) -> str:
    """The catalog's path inside ``content/``: ``translations/el-GR.po``."""
    return f"{TRANSLATIONS_FOLDER}/{locale}.po"


def load_translations(folder: Path, relative: Callable[[Path], str], languages: list[str]) -> tuple[dict[str, LanguageCatalog], list[Diagnostic]]:
    """The catalogs in ``folder/translations`` of the site's further ``languages``, by locale, with every problem found reading them."""
    directory = folder / TRANSLATIONS_FOLDER
    if not os.path.lexists(directory):
        return {}, []
    refused = refusal(directory, folder, folder=True)
    if refused:
        return {}, [_file_problem(relative(directory), "E009", f"decide does not read this: {refused}")]
    try:
        paths = sorted(path for path in directory.iterdir() if not path.name.startswith("."))
    except OSError as error:
        return {}, [_file_problem(relative(directory), "E009", f"decide cannot list this folder ({error.strerror}). Give it read permission (chmod a+rx).")]
    catalogs: dict[str, LanguageCatalog] = {}
    problems: list[Diagnostic] = []
    for path in paths:
        stray = _stray(path, languages)
        if stray:
            problems.append(_file_problem(relative(path), *stray, Severity.WARNING))
            continue
        catalog, found = read_catalog(path, relative(path), folder)
        catalogs[path.stem] = catalog
        problems += found
    return catalogs, problems


def _stray(path: Path, languages: list[str]) -> tuple[str, str] | None:
    """Why a file in the translations folder is not read (W001, W065), or None when it is a catalog of a further language."""
    if path.suffix != ".po":
        return "W001", "Only <locale>.po catalogs directly in content/translations/ are read (e.g. el-GR.po), so this is ignored."
    if path.stem in languages:
        return None
    listed = ", ".join(languages) if languages else "none"
    spelled = next((language for language in languages if language.lower() == path.stem.replace("_", "-").lower()), None)
    if spelled:
        return "W065", f"This catalog is named for `{path.stem}`, which site.yml spells `{spelled}`; rename the file to {spelled}.po, or it is ignored."
    return "W065", (
        f"`{path.stem}` is not one of the site's `languages` in site.yml ({listed}), so this catalog is ignored. "
        f"Add `{path.stem}` to `languages`, or delete the file."
    )


def read_catalog(path: Path, relative: str, inside: Path) -> tuple[LanguageCatalog, list[Diagnostic]]:
    """The catalog at ``path``, read by the content folder's one rule; an empty catalog and the problem when it cannot be used at all."""
    empty = LanguageCatalog(path.stem, relative)
    try:
        refused = refusal(path, inside, largest=MAX_CATALOG_BYTES)
        if refused:
            raise refused
        raw = read_regular_file(path, MAX_CATALOG_BYTES)
    except NotReadable as not_read:
        return empty, [empty.diagnostic("E009", f"decide does not read this: {not_read}")]
    text, problem = decode_text(raw, relative)
    if problem:
        return empty, [problem]
    try:
        po = read_po(io.StringIO(text), abort_invalid=True)
    except PoFileError as error:
        return empty, [_unreadable(empty, *_where_unreadable(error, text.splitlines()))]
    except (ValueError, LookupError) as error:
        return empty, [_unreadable(empty, 1, f"its header, the entry with the empty msgid at the top, cannot be read ({error})")]
    if po.charset.lower().replace("-", "") != "utf8":
        return empty, [_unreadable(empty, 1, f"its header says `charset={po.charset}`, and catalogs are read as UTF-8; write `charset=UTF-8` in its Content-Type")]
    for message in [*po, *po.obsolete.values()]:
        _previous_apart(message)
    catalog = LanguageCatalog(path.stem, relative, po=po, text=text)
    return catalog, _read_entries(catalog, po, SourceFile(relative, text.splitlines()))


def _previous_apart(message: Message) -> None:
    """Babel reads a fuzzy entry's ``#| msgid "…"`` (the source it was translated from) as a translator's comment: it is made the entry's previous id again."""
    previous = [comment[1:].strip() for comment in message.user_comments if comment.startswith("|")]
    if not previous:
        return
    message.user_comments = [comment for comment in message.user_comments if not comment.startswith("|")]
    keyword, parts = "", []
    for line in previous:
        if not line.startswith('"'):
            keyword, _, line = line.partition(" ")
        if keyword == "msgid" and len(line.strip()) >= 2:
            parts.append(unescape(line.strip()))
    message.previous_id = ["".join(parts)]


def _where_unreadable(error: PoFileError, lines: list[str]) -> tuple[int, str]:
    """The line and the words for what Babel could not read: a line of its own, or the entry it had just finished
    (Babel reads an entry, the header too, once the next line starts, and names that line)."""
    cause = str(error).rsplit(" on ", 1)[0]
    if cause.startswith("Unknown or misformatted keyword"):
        return error.lineno + 1, f"`{error.line.strip()[:40]}` is not a PO catalog line"
    entries = [number for number, line in enumerate(lines[: error.lineno]) if line.startswith("msgid ")]
    if len(entries) == 1 and lines[entries[0]].strip() == 'msgid ""':
        return entries[0] + 1, f"its header, the entry with the empty msgid at the top, cannot be read ({cause})"
    return error.lineno + 1, f"the entry just above this line cannot be read ({cause})"


def _unreadable(catalog: LanguageCatalog, line: int, what: str) -> Diagnostic:
    return catalog.diagnostic(
        "E065",
        f"This catalog cannot be read: {what}. Each entry is a msgctxt, a msgid and a msgstr line, each holding text in double quotes; "
        "fix the line in a PO editor such as Poedit, or undo the last edit.",
        line,
    )


def _read_entries(catalog: LanguageCatalog, po: Catalog, source: SourceFile) -> list[Diagnostic]:
    """Fills ``catalog.entries`` with the entries that can be used, and says why each other one cannot."""
    problems = _repeated_contexts(catalog, source)
    for message in po:
        if message.id == "":
            continue  # the header
        line = (message.lineno or 0) + 1
        if not isinstance(message.id, str) or not isinstance(message.string, str) or not message.context:
            problems.append(
                catalog.diagnostic(
                    "E067",
                    "This entry has no msgctxt naming a content file and field, or has plural forms; decide cannot tell which text it translates. "
                    "Delete it: `decide translate` writes an entry, with its msgctxt, for every text of the content.",
                    line,
                )
            )
            continue
        bad = scalar_problem(message.id) or scalar_problem(message.string)
        if bad:
            problems.append(catalog.diagnostic(bad[0], bad[1], line, message.context))
            continue
        catalog.entries.setdefault(message.context, Translation(message.id, message.string.strip(), message.fuzzy, line))
    return problems


def _repeated_contexts(catalog: LanguageCatalog, source: SourceFile) -> list[Diagnostic]:
    """E066 for a context written twice: Babel would silently keep one of the two translations."""
    first: dict[str, int] = {}
    problems = []
    for number, context in _contexts(source.lines):
        if context in first:
            problems.append(
                catalog.diagnostic(
                    "E066",
                    f"The msgctxt `{context}` is written twice (first on line {first[context]}); each text has one entry. Keep the right translation and delete the other entry.",
                    number,
                    context,
                )
            )
        first.setdefault(context, number)
    return problems


def _contexts(lines: list[str]) -> list[tuple[int, str]]:
    """Each ``msgctxt`` of the catalog (obsolete ``#~`` ones aside) with its line, its continuation lines joined."""
    found = []
    for index, line in enumerate(lines):
        if not line.startswith("msgctxt "):
            continue
        parts = [line[len("msgctxt ") :].strip()]
        parts += [following.strip() for following in _continuation(lines, index + 1)]
        found.append((index + 1, "".join(unescape(part) for part in parts if len(part) >= 2)))
    return found


def _continuation(lines: list[str], start: int) -> list[str]:
    taken = []
    for line in lines[start:]:
        if not line.strip().startswith('"'):
            break
        taken.append(line)
    return taken


def _file_problem(relative: str, code: str, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(relative, 0, 0, severity, code, "", message)


