"""Loads a whole content folder into typed models, collecting every problem on the way.

Loading never stops at the first problem: a file that cannot be read, or an
entry that does not validate, is reported and left out of the models, and
everything else is still loaded. Every entry that could be read at all is also
kept as written (``Content.written``), so that cross-references are checked in
the same run even in an entry whose schema is wrong.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel

from generator.diagnostics import Diagnostic, Severity
from generator.load.models import SLUG, Action, Calculator, Mistake, Offering, Problem, Reason, Relationship, Selector, Site, slugify
from generator.load.source import FieldPath, NotReadable, Position, Reads, SourceFile, read_regular_file, read_source, refusal
from generator.load.translations import TRANSLATIONS_FOLDER, LanguageCatalog, load_translations
from generator.load.validation import validate

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Located(Generic[M]):
    """A validated model and where it was written, so later steps can point at its fields."""

    model: M
    source: SourceFile
    path: FieldPath = ()

    def diagnostic(self, code: str, message: str, *field: str | int, severity: Severity = Severity.ERROR) -> Diagnostic:
        return self.source.diagnostic(code, message, self.path + field, severity=severity)


@dataclass(frozen=True)
class Written:
    """One entry as it was written, before validation: ``value`` may have any shape."""

    kind: str
    source: SourceFile
    path: FieldPath
    value: object

    def diagnostic(self, code: str, message: str, *field: str | int, severity: Severity = Severity.ERROR) -> Diagnostic:
        return self.source.diagnostic(code, message, self.path + field, severity=severity)


@dataclass(frozen=True)
class Kind:
    """A kind of content: a ``single`` file at the content folder's root (``site.yml``), or a folder of
    files: ``entity`` files are one entry named by the file, ``list`` files hold many."""

    name: str
    model: type[BaseModel]
    shape: Literal["single", "entity", "list"]
    required: bool = False
    """For a single file: whether a content folder without it is an error."""

    @property
    def file(self) -> str:
        """A single kind's file name, e.g. ``site.yml``."""
        return f"{self.name}.yml"


KINDS = [
    Kind("site", Site, "single", required=True),
    Kind("relationship", Relationship, "single"),
    Kind("actions", Action, "entity"),
    Kind("problems", Problem, "entity"),
    Kind("offerings", Offering, "entity"),
    Kind("reasons", Reason, "list"),
    Kind("mistakes", Mistake, "list"),
    Kind("calculators", Calculator, "entity"),
    Kind("selectors", Selector, "entity"),
]
FOLDERS = [kind.name for kind in KINDS if kind.shape != "single"]
BRAND_FOLDER = "brand"
"""Where a site keeps its logo, favicon and fonts: files ``site.yml``'s ``brand`` names, not content to read as YAML."""
SINGLE_FILES = [kind.file for kind in KINDS if kind.shape == "single"]


@dataclass
class Content:
    """Everything in a content folder that loaded; ids are the file names without ``.yml``."""

    folder: Path
    site: Located[Site] | None = None
    relationship: Located[Relationship] | None = None
    """The relationship assessment; None when the folder has no relationship.yml."""
    actions: dict[str, Located[Action]] = field(default_factory=dict)
    problems: dict[str, Located[Problem]] = field(default_factory=dict)
    offerings: dict[str, Located[Offering]] = field(default_factory=dict)
    reasons: list[Located[Reason]] = field(default_factory=list)
    mistakes: list[Located[Mistake]] = field(default_factory=list)
    calculators: dict[str, Located[Calculator]] = field(default_factory=dict)
    selectors: dict[str, Located[Selector]] = field(default_factory=dict)
    written: list[Written] = field(default_factory=list)
    ids_on_disk: dict[str, set[str]] = field(default_factory=dict)
    """Ids per folder whose files exist, loaded or not: a reference to a file that failed
    to load is not also reported as unknown."""
    brand_files: dict[str, bytes | NotReadable] = field(default_factory=dict)
    """Each file the brand names (logo, favicon, fonts), by the path written: its bytes, or why it was not read.
    Absent when there is no file at that path; the brand check reports both."""
    translations: dict[str, LanguageCatalog] = field(default_factory=dict)
    """The catalogs of the site's further languages that exist, by locale (``content/translations/<locale>.po``)."""
    unread: dict[str, set[str]] = field(default_factory=dict)
    """Per folder, the names (without ``.yml``) of files that exist but could not be read at all (a tab,
    a syntax error): what they hold is unknown, not absent, so no check claims anything is missing from them."""

    def unvalidated(self, kind: str) -> list[Written]:
        """The entries of a kind, as written, whose schema failed: checks across their parts still run on the parts that validate."""
        loaded = getattr(self, kind)
        located = loaded.values() if isinstance(loaded, dict) else loaded if isinstance(loaded, list) else [loaded] if loaded else []
        valid = {(entry.source.relative, entry.path) for entry in located}
        return [entry for entry in self.written if entry.kind == kind and isinstance(entry.value, dict) and (entry.source.relative, entry.path) not in valid]


class ContentLoader:
    """Reads the files of one content folder; ``relative_to`` is the folder paths are shown from."""

    def __init__(self, folder: Path, relative_to: Path, reads: Reads | None = None) -> None:
        self.folder = folder
        self.relative_to = relative_to
        self.reads = reads
        self.content = Content(folder)
        self.problems: list[Diagnostic] = []

    def load(self) -> tuple[Content, list[Diagnostic]]:
        if self._refused(self.folder, folder=True):
            return self.content, self.problems
        for kind in KINDS:
            if kind.shape == "single":
                setattr(self.content, kind.name, self._single(kind))
            elif kind.shape == "entity":
                setattr(self.content, kind.name, self._entities(kind))
            else:
                setattr(self.content, kind.name, self._lists(kind))
        self._rungs_by_id()
        self._read_brand_files()
        self._read_translations()
        self._report_strays()
        return self.content, self.problems

    def _rungs_by_id(self) -> None:
        """An action's threshold written as a rung's words is read as that rung's id, so every later step names rungs
        one way: the words would stop matching once a further language translates the ladder."""
        if self.content.site is None:
            return
        ladder = self.content.site.model.ladder
        ids = {rung.id for rung in ladder}
        by_words = {rung.words: rung.id for rung in ladder}
        for action_id, located in self.content.actions.items():
            written = located.model.threshold
            if written not in ids and written in by_words:
                self.content.actions[action_id] = dataclasses.replace(located, model=located.model.model_copy(update={"threshold": by_words[written]}))

    def relative(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.relative_to)).as_posix()

    def _single(self, kind: Kind) -> Located | None:
        path = self.folder / kind.file
        if not os.path.lexists(path):
            if kind.required and self._empty():
                self._file_problem(path, "E008", "The content folder is empty. Start a site with `decide new site`, then `decide new action book-call` for the action it names.")
            elif kind.required:
                fields = [name for name, field_info in kind.model.model_fields.items() if field_info.is_required()]
                self._file_problem(path, "E008", f"The {kind.name} file is missing. Create it with the fields {_and(fields)}, or run `decide new {kind.name}`.")
            return None
        source = self._read(path, expected=dict)
        return self._validated(kind, source, (), source.value) if source else None

    def _empty(self) -> bool:
        """Whether the content folder holds nothing yet but hidden files: a company starting its own site."""
        return all(path.name.startswith(".") for path in self._listing(self.folder))

    def _entities(self, kind: Kind) -> dict[str, Located]:
        entities: dict[str, Located] = {}
        paths = self._files(kind.name)
        self.content.ids_on_disk[kind.name] = {path.stem for path in paths}
        for path in paths:
            source = self._read(path, expected=dict, kind=kind)
            if source is None or not self._valid_id(path, source):
                continue
            located = self._validated(kind, source, (), source.value)
            if located:
                entities[path.stem] = located
        return entities

    def _lists(self, kind: Kind) -> list[Located]:
        entries: list[Located] = []
        for path in self._files(kind.name):
            source = self._read(path, expected=list, kind=kind)
            if source is None:
                continue
            assert isinstance(source.value, list)
            for index, value in enumerate(source.value):
                located = self._validated(kind, source, (index,), value)
                if located:
                    entries.append(located)
        return entries

    def _files(self, folder: str) -> list[Path]:
        """The ``.yml`` files of a folder; anything else in it is reported rather than silently skipped."""
        directory = self.folder / folder
        if not os.path.lexists(directory) or self._refused(directory, folder=True):
            return []
        files = []
        for path in self._listing(directory):
            if path.name.startswith("."):
                continue
            if path.suffix == ".yml":
                files.append(path)
            elif path.suffix == ".yaml":
                self._misnamed(path)
            else:
                self._file_problem(
                    path, "W001", f"Only .yml files directly in content/{folder}/ are read, so this is ignored.", Severity.WARNING
                )
        return files

    def _refused(self, path: Path, *, folder: bool = False) -> bool:
        """Whether ``path`` may not be read (the one rule: ``refusal``); if so, says why."""
        refused = refusal(path, self.folder, folder=folder)
        if refused:
            self._file_problem(path, "E009", f"decide does not read this: {refused}")
        return refused is not None

    def _listing(self, directory: Path) -> list[Path]:
        """The entries of a folder ``_refused`` allowed, in order; a folder that cannot be listed after all is reported."""
        try:
            return sorted(directory.iterdir())
        except OSError as error:
            self._file_problem(directory, "E009", f"decide cannot list this folder ({error.strerror}). Give it read permission (chmod a+rx).")
            return []

    def _read(self, path: Path, expected: type, kind: Kind | None = None) -> SourceFile | None:
        """The file's source, or None (reported, and noted in ``Content.unread``) when its values cannot be used."""
        source, problems = read_source(path, self.relative(path), self.folder, self.reads)
        self.problems.extend(problems)
        if source.value is not None and not isinstance(source.value, expected):
            self.problems.append(source.diagnostic("E006", _shape_message(expected, source.value)))
        elif source.value is not None:
            self.problems.extend(misindented_items(source))
            return source
        if kind is not None:
            self.content.unread.setdefault(kind.name, set()).add(path.stem)
        return None

    def _valid_id(self, path: Path, source: SourceFile) -> bool:
        if SLUG.match(path.stem):
            return True
        self.problems.append(
            source.diagnostic(
                "E030",
                f"The file name gives this entry its id, and `{path.stem}` is not a valid id. "
                f"Rename the file to {slugify(path.stem)}.yml (lowercase letters, digits and single hyphens).",
            )
        )
        return False

    def _validated(self, kind: Kind, source: SourceFile, path: FieldPath, value: object) -> Located | None:
        self.content.written.append(Written(kind.name, source, path, value))
        checked, problems = validate(kind.model, value, source, path)
        self.problems.extend(problems)
        return Located(checked, source, path) if checked else None

    def _misnamed(self, path: Path) -> None:
        self._file_problem(path, "E007", f"Content files end in .yml; rename this file to {path.stem}.yml.")

    def _file_problem(self, path: Path, code: str, message: str, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Diagnostic(self.relative(path), 0, 0, severity, code, "", message))

    def _brand_paths(self) -> list[str]:
        brand = self.content.site.model.brand if self.content.site else None
        return [path for path in (brand.logo, brand.favicon, *brand.fonts) if path] if brand else []

    def _read_brand_files(self) -> None:
        """The brand's files, read by the one rule every content file is read by (``refusal``, then ``read_regular_file``)."""
        for written in self._brand_paths():
            path = self.folder / written
            if not os.path.lexists(path):
                continue
            try:
                refused = refusal(path, self.folder)
                self.content.brand_files[written] = refused or read_regular_file(path)
            except NotReadable as not_read:
                self.content.brand_files[written] = not_read

    def _read_translations(self) -> None:
        """The further languages' catalogs; without a valid site.yml, which languages the site has is unknown, so none are read."""
        if self.content.site is None:
            return
        self.content.translations, problems = load_translations(self.folder, self.relative, self.content.site.model.languages)
        self.problems.extend(problems)

    def _report_strays(self) -> None:
        """Files the loader would silently skip are reported, so a misplaced file is not lost."""
        brand_folders = {Path(path).parts[0] for path in self._brand_paths() if len(Path(path).parts) > 1}
        known = {*SINGLE_FILES, *FOLDERS, BRAND_FOLDER, TRANSLATIONS_FOLDER, *brand_folders}
        for path in self._listing(self.folder):
            if path.name.startswith(".") or path.name in known:
                continue
            if path.suffix == ".yaml" and f"{path.stem}.yml" in SINGLE_FILES:
                self._misnamed(path)
                continue
            self._file_problem(
                path,
                "W001",
                f"This is not a kind of content decide reads, so it is ignored. Content folders are: {', '.join(sorted(FOLDERS))}; "
                f"the files beside them are {_and(SINGLE_FILES)}.",
                Severity.WARNING,
            )


def misindented_items(source: SourceFile) -> list[Diagnostic]:
    """W004 where a `- ` line is indented further than the list item above it: YAML then reads it as
    more words of that item (`a - b`), and the error that follows (an unknown id, say) does not say why."""
    problems: list[Diagnostic] = []
    if not _may_hold_two_items(source.value):
        return problems  # most files: their places are then never needed
    for path, scalar in source.scalars.items():
        if scalar.quoted or not path or not isinstance(path[-1], int) or "\n" in scalar.raw or " - " not in scalar.raw:
            continue
        start = source.value_positions[path]
        before = source.lines[start.line - 1][: start.column - 1].rstrip()
        if not before.endswith("-"):
            continue  # an item of a [flow, list]: its lines say nothing about indentation
        dash = len(before) - 1
        for number in range(start.line + 1, len(source.lines) + 1):
            line = source.lines[number - 1]
            indent = len(line) - len(line.lstrip(" "))
            if not line.strip() or indent <= dash:
                break
            if line.lstrip(" ").startswith("- ") and line.strip()[2:].strip() in scalar.raw:
                problems.append(
                    source.diagnostic(
                        "W004",
                        f"This list item is indented {indent - dash} space{'s' if indent - dash != 1 else ''} further than the one above it, "
                        f"so YAML reads both as one item, `{_cut(scalar.raw)}`. Line its `-` up with the `-` on line {start.line}.",
                        path,
                        at=Position(number, indent + 1),
                        severity=Severity.WARNING,
                    )
                )
    return problems


def _may_hold_two_items(value: object) -> bool:
    """Whether some list item is one line of text with ` - ` in it, the only kind ``misindented_items`` looks at."""
    open_values = [value]
    while open_values:
        found = open_values.pop()
        if isinstance(found, dict):
            open_values.extend(found.values())
        elif isinstance(found, list):
            for item in found:
                if not isinstance(item, str):
                    open_values.append(item)
                elif " - " in item and "\n" not in item:
                    return True
    return False


def _cut(text: str) -> str:
    return text if len(text) <= 60 else text[:60] + "…"


def _and(names: list[str]) -> str:
    """``a, b and c``."""
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]]))


def _shape_message(expected: type, value: object) -> str:
    found = "a list" if isinstance(value, list) else "a mapping of fields" if isinstance(value, dict) else f"a single value, {_kind_of_value(value)}"
    if expected is list:
        return f"This file must hold a list of entries, each starting with `- ` at the left margin; found {found}."
    return f"This file must hold fields, one `field: value` per line at the left margin; found {found}."


def _kind_of_value(value: object) -> str:
    """What a lone value is, quoting at most the start of its first line: a file's whole text is never echoed."""
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, (int, float)):
        return "a number"
    if not isinstance(value, str):
        return "a date"
    first_line = value.strip().splitlines()[0] if value.strip() else ""
    cut = first_line[:30] + ("…" if len(first_line) > 30 or len(value.strip().splitlines()) > 1 else "")
    return f"the text `{cut}`"


def load_content(folder: Path, relative_to: Path, reads: Reads | None = None) -> tuple[Content, list[Diagnostic]]:
    """Loads ``folder``; file paths in the problems are shown relative to ``relative_to``; ``reads`` keeps files between loads."""
    with collection_paused():
        return ContentLoader(folder, relative_to, reads).load()


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cycle collector off for the block, and back as it was after (even on an error).

    Loading makes hundreds of thousands of objects that all live on (values, models, positions), and each
    collection would walk all of them again for nothing: at ten thousand reasons, half the time of a check.
    What the block leaves without a reference is still freed at once; only cycles wait for the next collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
