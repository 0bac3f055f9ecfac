"""Checks rows read from a spreadsheet against the content they would join, by the rules content files follow.

A row whose fields break the schema, or that names an offering, problem or option that does not exist, is
refused; a reason the content rules warn about (R102, R103, R106) is reported and kept. A row that repeats an
entry already written, or an earlier row of the same sheet, is a duplicate and is skipped. Duplicates are found
the way R104 finds them (case and spacing do not count), but fuzzily, so a reason typed again with a word moved
or a typo is still recognised.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from generator.check.references import REFERENCES, References
from generator.check.rules import comparable, reason_rules
from generator.diagnostics import Diagnostic, Severity
from generator.load import Content, Located
from generator.load.content import Written
from generator.load.models import Reason
from generator.load.spreadsheets import Layout, Row, column_of

DUPLICATE_SIMILARITY = 90
"""Two results (of reasons) or titles (of mistakes) at least this alike, out of 100, are one entry written twice.
The score is rapidfuzz's ``token_sort_ratio`` on the texts as R104 compares them: word order does not count, and
90 lets a typo or two in a sentence through while two results that differ in a figure or a customer fall below."""

Status = Literal["imported", "duplicate", "refused"]


@dataclass(frozen=True)
class Outcome:
    """What happens to one row, and under which offering (or, for mistakes, problem) the summary counts it."""

    row: Row
    status: Status
    group: str
    repeats: str | None = None
    """For a duplicate: where the entry it repeats is written."""


def filed_under(kind: str, value: dict[str, object]) -> str | None:
    """The id whose file an entry goes to: a reason's first offering; a mistake's first problem, else its first offering
    (the example files mistakes by problem)."""
    fields = ("offerings",) if kind == "reasons" else ("problems", "offerings")
    for name in fields:
        ids = value.get(name)
        if isinstance(ids, list) and ids:
            return str(ids[0])
    return None


def check_rows(content: Content, rows: list[Row], layout: Layout) -> list[Outcome]:
    """Each row's outcome, in the sheet's order; rows' ``problems`` gain their reference errors and rule warnings."""
    references = References(content)
    company = content.site.model.name if content.site else None
    known = _existing(content, layout.kind)
    outcomes = []
    for row in rows:
        references.problems = []
        _check_references(references, layout.kind, row)
        row.problems += references.problems
        group = filed_under(layout.kind, row.value) or "(none)"
        if row.model is None or any(problem.severity is Severity.ERROR for problem in row.problems):
            row.model = None
            outcomes.append(Outcome(row, "refused", group))
            continue
        text = comparable(_text(row.value, layout.kind))
        match = process.extractOne(text, list(known), scorer=fuzz.token_sort_ratio, score_cutoff=DUPLICATE_SIMILARITY, processor=None)
        if match is not None:
            outcomes.append(Outcome(row, "duplicate", group, f"{_where(known[match[0]])} ({match[1]:.0f}% alike)"))
            continue
        if isinstance(row.model, Reason):
            row.problems += [_at_column(problem) for problem in reason_rules(Located(row.model, row.source), company)]
        known.setdefault(text, f"row {row.number} of {row.source.relative}")
        outcomes.append(Outcome(row, "imported", group))
    return outcomes


def _check_references(references: References, kind: str, row: Row) -> None:
    """The cross-reference checks of ``decide check``, on the row as if it were written in a file."""
    entry = Written(kind, row.source, (), row.value)
    for name, folder in REFERENCES[kind].items():
        references.ids(entry, name, folder)
    option = row.value.get("option")
    if isinstance(option, str):
        references.option(entry, option)
    references.problems = [_at_column(problem) for problem in references.problems]


def _at_column(problem: Diagnostic) -> Diagnostic:
    """A problem found on the row's fields, named by the column it comes from."""
    return dataclasses.replace(problem, field=column_of(problem.field))


def _text(value: dict[str, object], kind: str) -> str:
    return str(value.get("result" if kind == "reasons" else "title", ""))


def _existing(content: Content, kind: str) -> dict[str, Located | str]:
    """The compared text of every entry already written -> the entry (``_where`` says where, when a row repeats it)."""
    entries: list[Located] = list(content.reasons if kind == "reasons" else content.mistakes)
    known: dict[str, Located | str] = {}
    for entry in entries:
        text = entry.model.result if isinstance(entry.model, Reason) else entry.model.title
        known.setdefault(comparable(text), entry)
    return known


def _where(known: Located | str) -> str:
    """An entry's file and line, found only for the entries a row repeats: most files' lines are never needed."""
    return known if isinstance(known, str) else f"{known.source.relative}, line {known.source.position(known.path).line}"
