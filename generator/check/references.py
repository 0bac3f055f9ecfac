"""Cross-references: every id a file names must exist, and ids must not repeat.

References are checked on entries as written, not on validated models, so an
entry with a schema error still has its ids checked in the same run. Each
unknown id is reported where it is written, with the closest existing id as a
suggestion. An id counts as existing when its file exists, even if that file
failed to load: its own errors are reported already. An offering whose file could
not be read at all has unknown options, so options named in it are not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath

from generator.diagnostics import Diagnostic, Severity
from generator.load import Content
from generator.load.content import Written
from generator.load.validation import did_you_mean

REFERENCES: dict[str, dict[str, str]] = {
    "site": {"action": "actions"},
    "relationship": {"action": "actions"},
    "offerings": {"problems": "problems", "action": "actions"},
    "reasons": {"offerings": "offerings", "problems": "problems"},
    "mistakes": {"offerings": "offerings", "problems": "problems"},
    "calculators": {"offering": "offerings", "action": "actions"},
}
"""For each kind: the fields that hold ids, and the folder those ids name."""

SINGULAR = {"actions": "action", "problems": "problem", "offerings": "offering"}


def check_references(content: Content) -> list[Diagnostic]:
    references = References(content)
    for entry in content.written:
        if not isinstance(entry.value, dict):
            continue
        for field, folder in REFERENCES.get(entry.kind, {}).items():
            references.ids(entry, field, folder)
        if entry.kind == "offerings":
            references.unique_option_ids(entry)
        if entry.kind == "mistakes" and isinstance(entry.value.get("option"), str):
            references.option(entry, entry.value["option"])
    return references.problems


class References:
    """Collects E020 and W002 problems for ids written in entries; the selector checks reuse it for their nested ids."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self.problems: list[Diagnostic] = []
        self.option_ids = {
            PurePosixPath(entry.source.relative).stem: _option_ids(entry)
            for entry in content.written
            if entry.kind == "offerings"
        }

    def ids(self, entry: Written, field: str, folder: str) -> None:
        """Checks a field holding one id or a list of ids; other shapes are schema errors, reported already."""
        value = entry.value.get(field) if isinstance(entry.value, dict) else None
        if isinstance(value, str):
            self.exists(entry, folder, value, field)
        elif isinstance(value, list):
            for index, reference in enumerate(value):
                if not isinstance(reference, str):
                    continue
                self.exists(entry, folder, reference, field, index)
                if reference in value[:index]:
                    self.problems.append(
                        entry.diagnostic("W002", f"`{reference}` is listed twice; delete the second one.", field, index, severity=Severity.WARNING)
                    )

    def exists(self, entry: Written, folder: str, reference: str, *field: str | int) -> bool:
        """Reports ``reference`` if no file in ``folder`` has that id; True when it exists."""
        known = self.content.ids_on_disk.get(folder, set())
        if reference.strip() in known:
            return True
        listing = ", ".join(sorted(known)) or "none yet"
        self.problems.append(
            entry.diagnostic(
                "E020",
                f"There is no {SINGULAR[folder]} with the id `{reference}`.{did_you_mean(reference, known)} "
                f"An id is the name of a file in content/{folder}/ without .yml; the known ones are: {listing}.",
                *field,
            )
        )
        return False

    def unique_option_ids(self, entry: Written) -> None:
        identifiers = _option_ids(entry)
        for index, _ in repeated(identifiers):
            self.problems.append(
                entry.diagnostic("E021", f"The option id `{identifiers[index]}` is used twice in this offering; give each option its own id.", "options", index, "id")
            )

    def option(self, entry: Written, reference: str) -> None:
        """``<offering id>/<option id>``: a malformed value is a schema error, reported already."""
        if reference.count("/") != 1:
            return
        offering_id, option_id = reference.split("/")
        if not self.exists(entry, "offerings", offering_id, "option") or offering_id in self.content.unread.get("offerings", set()):
            return
        options = {identifier for identifier in self.option_ids.get(offering_id, []) if identifier is not None}
        if option_id not in options:
            listing = f"Its options are: {', '.join(sorted(options))}." if options else "It has no options."
            self.problems.append(
                entry.diagnostic(
                    "E020",
                    f"The offering `{offering_id}` has no option `{option_id}`.{did_you_mean(option_id, options)} {listing}",
                    "option",
                )
            )


def repeated(identifiers: Iterable[str | None]) -> Iterator[tuple[int, int]]:
    """For each id used before in the same list: its index and the index of its first use (None is no id)."""
    first: dict[str, int] = {}
    for index, identifier in enumerate(identifiers):
        if identifier is None:
            continue
        if identifier in first:
            yield index, first[identifier]
        else:
            first[identifier] = index


def _option_ids(offering: Written) -> list[str | None]:
    """The option ids an offering was written with, None where an option has no usable id."""
    options = offering.value.get("options") if isinstance(offering.value, dict) else None
    if not isinstance(options, list):
        return []
    return [option.get("id") if isinstance(option, dict) and isinstance(option.get("id"), str) else None for option in options]
