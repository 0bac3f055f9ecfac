"""Content rules from the product brief, reported as warnings with a code and a fix.

| code | rule |
| ---- | ---- |
| R101 | an offering has fewer than 20 reasons |
| R102 | a reason speaks of our benefit, not the customer's result |
| R103 | a reason is only a platitude ("saves time") with no metric or situation |
| R104 | two reasons have the same result text |
| R105 | a problem is solved by no offering |
| R106 | a reason has no measurable result (no metric, no figure) |

The word lists are deliberately plain and short: a marketer reading a warning
must be able to see which words set it off.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import PurePosixPath

from generator.diagnostics import Diagnostic, Severity
from generator.load import Content, Located
from generator.load.content import Written
from generator.load.models import Reason
from generator.wording import counted

MIN_REASONS_PER_OFFERING = 20

OUR_BENEFIT = [
    r"\b(?:bought|purchased|renewed|upgraded|re-?signed|signed (?:up|a|the|with)|chose us|switched to us)\b",
    r"\bbecame (?:a|our) (?:customer|client)\b",
    r"\b(?:upsell|up-sell|cross-sell|contract value|deal size|recurring revenue|licen[cs]e revenue)\b",
    r"\bour (?:revenue|sales|margins?|pipeline|win rate|market share|bookings|growth|quota|deals?)\b",
    r"\b(?:we|us) (?:sold|won|closed|signed|upsold|gained|earned)\b",
]

PLATITUDE = re.compile(
    r"\b(?:saves? (?:time|money)|time[- ]saving|cost[- ]saving|(?:reduces?|reduced|cuts?|lowers?|lowered) costs?"
    r"|(?:increases?|increased|boosts?|boosted|improves?|improved) (?:productivity|efficiency|performance|revenue|sales)"
    r"|more (?:productive|efficient)|streamlines?|streamlined|easy to use|user[- ]friendly|peace of mind"
    r"|best[- ]in[- ]class|world[- ]class|game[- ]chang\w*|seamless(?:ly)?|better roi|added value)\b",
    re.IGNORECASE,
)

EXAMPLE_RESULT = '"A 40-person distributor cut month-end close from 9 to 4 working days"'


def check_rules(content: Content) -> list[Diagnostic]:
    company = content.site.model.name if content.site else None
    problems = _reasons_per_offering(content)
    for reason in content.reasons:
        problems += reason_rules(reason, company)
    problems += _duplicate_reasons(content.reasons)
    problems += _unsolved_problems(content)
    return problems


def _warning(entry: Located | Written, code: str, message: str, *field: str | int) -> Diagnostic:
    return entry.diagnostic(code, message, *field, severity=Severity.WARNING)


def _reasons_per_offering(content: Content) -> list[Diagnostic]:
    """Counts reasons as written, on every offering that could be read; none when a reasons file could not be read, since its count is unknown."""
    if content.unread.get("reasons"):
        return []
    counts = Counter(offering for entry in _written(content, "reasons") for offering in set(_ids(_field(entry, "offerings"))))
    offerings = {PurePosixPath(entry.source.relative).stem: entry for entry in _written(content, "offerings")}
    return [
        _warning(
            offering,
            "R101",
            f"This offering has {counted(counts[offering_id], 'reason')}; aim for at least "
            f"{MIN_REASONS_PER_OFFERING}. Ask sales and service what customers achieved with it and add each result "
            f"to a file in content/reasons/ with `offerings: [{offering_id}]`.",
        )
        for offering_id, offering in offerings.items()
        if counts[offering_id] < MIN_REASONS_PER_OFFERING
    ]


def _written(content: Content, kind: str) -> list[Written]:
    """The entries of a kind as written, those that are mappings: a check can read whatever fields they have."""
    return [entry for entry in content.written if entry.kind == kind and isinstance(entry.value, dict)]


def _field(entry: Written, name: str) -> object:
    return entry.value.get(name) if isinstance(entry.value, dict) else None


def _ids(value: object) -> list[str]:
    """The ids in a field written as a list; anything else is a schema error, reported already."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def reason_rules(reason: Located[Reason], company: str | None) -> list[Diagnostic]:
    """R102, R103 and R106 for one reason: the rules that look at a reason alone (``decide import`` holds rows to them too)."""
    text = reason.model.result
    benefit = _our_benefit(text, company)
    problems = []
    if benefit:
        problems.append(
            _warning(
                reason,
                "R102",
                f'This reason speaks of our benefit ("{benefit}") instead of the customer\'s result. Rewrite it as '
                f"what changed for the customer, measured, e.g. {EXAMPLE_RESULT}.",
                "result",
            )
        )
    measured = reason.model.metric is not None or any(character.isdigit() for character in text)
    platitude = None if measured else PLATITUDE.search(text)
    if platitude and not measured and reason.model.story is None and reason.model.customer is None:
        problems.append(
            _warning(
                reason,
                "R103",
                f'"{platitude.group(0)}" is a platitude every supplier claims. Say for which customer, in which '
                f"situation, and by how much, e.g. {EXAMPLE_RESULT}; add a `metric` with the figure.",
                "result",
            )
        )
    elif not measured:
        problems.append(
            _warning(
                reason,
                "R106",
                "This reason has no measurable result. Add the figure to the sentence or a `metric` "
                "(value, unit, before, after), e.g. metric: {value: 5, unit: working days, before: 9, after: 4}.",
                "result",
            )
        )
    return problems


def _our_benefit(text: str, company: str | None) -> str | None:
    """The words of the first ``OUR_BENEFIT`` pattern (or the company's own) that ``text`` holds, in the patterns' order."""
    patterns = _benefit_patterns(company)
    if not _any_benefit(patterns).search(text):
        return None  # most reasons: one search instead of one per pattern
    for pattern in patterns:
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            return found.group(0)
    return None


@functools.cache
def _benefit_patterns(company: str | None) -> tuple[str, ...]:
    own = (rf"\b{re.escape(company)} (?:sold|won|signed|earned|gained|grew)\b",) if company else ()
    return (*OUR_BENEFIT, *own)


@functools.cache
def _any_benefit(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """Whether any of the patterns matches, in one search; which one matched first is then found pattern by pattern."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def comparable(text: str) -> str:
    """A result as R104 compares it: case and runs of spaces do not count (``decide import`` compares the same way, fuzzily)."""
    return " ".join(text.lower().split())


def _duplicate_reasons(reasons: list[Located[Reason]]) -> list[Diagnostic]:
    first: dict[str, Located[Reason]] = {}
    problems = []
    for reason in reasons:
        key = comparable(reason.model.result)
        if key in first:
            original = first[key]
            where = f"{original.source.relative}, line {original.source.position(original.path).line}"
            problems.append(
                _warning(reason, "R104", f"The same result is already written in {where}. Keep one and delete the other.", "result")
            )
        else:
            first[key] = reason
    return problems


def _unsolved_problems(content: Content) -> list[Diagnostic]:
    """Counts offerings as written, so one with a schema error does not make its problems look unsolved;
    says nothing when an offering file could not be read, since the problems it solves are unknown."""
    if content.unread.get("offerings"):
        return []
    solved = {problem for entry in _written(content, "offerings") for problem in _ids(_field(entry, "problems"))}
    return [
        _warning(
            problem,
            "R105",
            f"No offering lists this problem, so its page would offer nothing. Add `{problem_id}` to the "
            "`problems` of the offerings that solve it.",
        )
        for problem_id, problem in content.problems.items()
        if problem_id not in solved
    ]
