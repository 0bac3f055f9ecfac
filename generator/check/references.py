"""Cross-references: every id a file names must exist, and ids must not repeat.

Each unknown id is reported where it is written, with the closest existing id as
a suggestion, so a typo is fixed in one edit. An id counts as existing when its
file exists, even if that file failed to load: its own errors are reported
already, and its references should not be reported twice.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Severity
from generator.load import Content, Located
from generator.load.validation import did_you_mean

KIND_OF_FOLDER = {"actions": "action", "problems": "problem", "offerings": "offering"}


def check_references(content: Content) -> list[Diagnostic]:
    references = _References(content)
    if content.site:
        references.one(content.site, "actions", content.site.model.action, "action")
    for offering in content.offerings.values():
        references.many(offering, "problems", offering.model.problems, "problems")
        if offering.model.action is not None:
            references.one(offering, "actions", offering.model.action, "action")
        references.unique_ids(offering, "options", [option.id for option in offering.model.options])
    for entry in [*content.reasons, *content.mistakes]:
        references.many(entry, "offerings", entry.model.offerings, "offerings")
        references.many(entry, "problems", entry.model.problems, "problems")
    for mistake in content.mistakes:
        if mistake.model.option is not None:
            references.option(mistake, mistake.model.option)
    return references.problems


class _References:
    def __init__(self, content: Content) -> None:
        self.content = content
        self.problems: list[Diagnostic] = []

    def known(self, folder: str) -> set[str]:
        return self.content.ids_on_disk.get(folder, set())

    def one(self, entry: Located, folder: str, reference: str, *field: str | int) -> bool:
        """Reports ``reference`` if no file in ``folder`` has that id; True when it exists."""
        known = self.known(folder)
        if reference in known:
            return True
        listing = ", ".join(sorted(known)) or "none yet"
        self.problems.append(
            entry.diagnostic(
                "E020",
                f"There is no {KIND_OF_FOLDER[folder]} with the id `{reference}`.{did_you_mean(reference, known)} "
                f"An id is the name of a file in content/{folder}/ without .yml; the known ones are: {listing}.",
                *field,
            )
        )
        return False

    def many(self, entry: Located, folder: str, references: list[str], field: str) -> None:
        for index, reference in enumerate(references):
            self.one(entry, folder, reference, field, index)
            if reference in references[:index]:
                self.problems.append(
                    entry.diagnostic("W002", f"`{reference}` is listed twice; delete the second one.", field, index, severity=Severity.WARNING)
                )

    def unique_ids(self, entry: Located, field: str, ids: list[str]) -> None:
        for index, identifier in enumerate(ids):
            if identifier in ids[:index]:
                self.problems.append(
                    entry.diagnostic("E021", f"The id `{identifier}` is used twice in {field}; give each one its own id.", field, index, "id")
                )

    def option(self, mistake: Located, reference: str) -> None:
        offering_id, option_id = reference.split("/")
        if not self.one(mistake, "offerings", offering_id, "option"):
            return
        offering = self.content.offerings.get(offering_id)
        if offering is None:
            return
        options = {option.id for option in offering.model.options}
        if option_id not in options:
            listing = ", ".join(sorted(options)) or "it has none"
            self.problems.append(
                mistake.diagnostic(
                    "E020",
                    f"The offering `{offering_id}` has no option `{option_id}`.{did_you_mean(option_id, options)} Its options are: {listing}.",
                    "option",
                )
            )
