"""Loads a whole content folder into typed models, collecting every problem on the way.

Loading never stops at the first problem: a file that cannot be read, or an
entry that does not validate, is reported and left out, and everything else is
still loaded so that the cross-reference check can report its own problems in
the same run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from generator.diagnostics import Diagnostic, Severity
from generator.load.models import SLUG, Action, Mistake, Offering, Problem, Reason, Site, slugify
from generator.load.source import FieldPath, SourceFile, read_source
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


@dataclass
class Content:
    """Everything in a content folder that loaded; ids are the file names without ``.yml``."""

    folder: Path
    site: Located[Site] | None = None
    actions: dict[str, Located[Action]] = field(default_factory=dict)
    problems: dict[str, Located[Problem]] = field(default_factory=dict)
    offerings: dict[str, Located[Offering]] = field(default_factory=dict)
    reasons: list[Located[Reason]] = field(default_factory=list)
    mistakes: list[Located[Mistake]] = field(default_factory=list)
    ids_on_disk: dict[str, set[str]] = field(default_factory=dict)
    """Ids per folder whose files exist, loaded or not: a reference to a file that failed
    to load is not also reported as unknown."""


ENTITY_FOLDERS: dict[str, type[BaseModel]] = {"actions": Action, "problems": Problem, "offerings": Offering}
"""Folders where each file is one entity whose id is the file name."""

LIST_FOLDERS: dict[str, type[BaseModel]] = {"reasons": Reason, "mistakes": Mistake}
"""Folders where each file is a list of entries without ids."""

SITE_FILE = "site.yml"


class ContentLoader:
    """Reads the files of one content folder; ``relative_to`` is the folder paths are shown from."""

    def __init__(self, folder: Path, relative_to: Path) -> None:
        self.folder = folder
        self.relative_to = relative_to
        self.problems: list[Diagnostic] = []

    def load(self) -> tuple[Content, list[Diagnostic]]:
        content = Content(self.folder)
        content.site = self._site()
        for name, model in ENTITY_FOLDERS.items():
            setattr(content, name, self._entities(name, model))
            content.ids_on_disk[name] = {path.stem for path in self._files(name, report=False)}
        for name, model in LIST_FOLDERS.items():
            setattr(content, name, self._lists(name, model))
        self._report_strays()
        return content, self.problems

    def relative(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.relative_to)).as_posix()

    def _site(self) -> Located[Site] | None:
        path = self.folder / SITE_FILE
        if not path.is_file():
            self.problems.append(
                Diagnostic(self.relative(path), 0, 0, Severity.ERROR, "E008", "", "The site file is missing. Create it with the fields name, locale, currency and action.")
            )
            return None
        source = self._read(path, expected=dict)
        return self._validated(Site, source, (), source.value) if source else None

    def _entities(self, folder: str, model: type[M]) -> dict[str, Located[M]]:
        entities: dict[str, Located[M]] = {}
        for path in self._files(folder):
            source = self._read(path, expected=dict)
            if source is None or not self._valid_id(path, source):
                continue
            located = self._validated(model, source, (), source.value)
            if located:
                entities[path.stem] = located
        return entities

    def _lists(self, folder: str, model: type[M]) -> list[Located[M]]:
        entries: list[Located[M]] = []
        for path in self._files(folder):
            source = self._read(path, expected=list)
            if source is None:
                continue
            assert isinstance(source.value, list)
            for index, value in enumerate(source.value):
                located = self._validated(model, source, (index,), value)
                if located:
                    entries.append(located)
        return entries

    def _files(self, folder: str, report: bool = True) -> list[Path]:
        directory = self.folder / folder
        if not directory.is_dir():
            return []
        for misnamed in sorted(directory.glob("*.yaml")) if report else []:
            self.problems.append(
                Diagnostic(self.relative(misnamed), 0, 0, Severity.ERROR, "E007", "", f"Content files end in .yml; rename this file to {misnamed.stem}.yml.")
            )
        return sorted(directory.glob("*.yml"))

    def _read(self, path: Path, expected: type) -> SourceFile | None:
        source, problems = read_source(path, self.relative(path))
        self.problems.extend(problems)
        if source.value is None:
            return None
        if not isinstance(source.value, expected):
            self.problems.append(source.diagnostic("E006", _shape_message(expected, source.value)))
            return None
        return source

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

    def _validated(self, model: type[M], source: SourceFile, path: FieldPath, value: object) -> Located[M] | None:
        checked, problems = validate(model, value, source, path)
        self.problems.extend(problems)
        return Located(checked, source, path) if checked else None

    def _report_strays(self) -> None:
        """Files the loader would silently skip are reported, so a misplaced file is not lost."""
        known = {SITE_FILE, *ENTITY_FOLDERS, *LIST_FOLDERS}
        for path in sorted(self.folder.iterdir()):
            if path.name.startswith(".") or path.name in known or path.suffix not in (".yml", ".yaml", ""):
                continue
            kinds = ", ".join(sorted([*ENTITY_FOLDERS, *LIST_FOLDERS]))
            self.problems.append(
                Diagnostic(
                    self.relative(path), 0, 0, Severity.WARNING, "W001", "",
                    f"This is not a kind of content decide reads, so it is ignored. Content folders are: {kinds}; the site file is {SITE_FILE}.",
                )
            )


def _shape_message(expected: type, value: object) -> str:
    found = "a list" if isinstance(value, list) else "a mapping of fields" if isinstance(value, dict) else f"the single value `{value}`"
    if expected is list:
        return f"This file must hold a list of entries, each starting with `- ` at the left margin; found {found}."
    return f"This file must hold fields, one `field: value` per line at the left margin; found {found}."


def load_content(folder: Path, relative_to: Path) -> tuple[Content, list[Diagnostic]]:
    """Loads ``folder``; file paths in the problems are shown relative to ``relative_to``."""
    return ContentLoader(folder, relative_to).load()
