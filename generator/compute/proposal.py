"""What a proposal pack's summary chooses for one prospect: the reasons most like them and the mistakes that matter most.

Pure functions over the catalog's entries, so the choice is the same in every pack and is tested with known answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from generator.compute.catalog import MistakeEntry, ReasonEntry
from generator.load.models import Offering

REASONS_IN_A_SUMMARY = 3
"""How many reasons a pack's summary prints: enough to show customers like the prospect, few enough for one page."""

MISTAKES_IN_A_SUMMARY = 2
"""How many mistakes a pack's summary prints; the pack's mistakes report lists all of them."""

LEADING_NUMBER = re.compile(r"\s*([0-9][0-9,]*(?:\.[0-9]+)?)")
"""The number a customer's size starts with: ``250 staff``, ``1,200 employees``, ``12.5 m turnover``."""


def size_number(size: str | None) -> float | None:
    """The number a ``customer.size`` starts with (``"250 staff"`` -> 250, ``"1,200 staff"`` -> 1200), or None when it
    starts with none (``"about 40"``, ``"large"``): sizes are written as text, and only their first number compares."""
    found = LEADING_NUMBER.match(size or "")
    return float(found.group(1).replace(",", "")) if found else None


def same_industry(first: str | None, second: str | None) -> bool:
    """Industries are the same when they read the same whatever the case and spacing: ``Food distribution`` and ``food  Distribution``."""
    if not first or not second:
        return False
    return " ".join(first.casefold().split()) == " ".join(second.casefold().split())


def reasons_like(entries: Iterable[ReasonEntry], industry: str | None, size: float | None, limit: int = REASONS_IN_A_SUMMARY) -> list[ReasonEntry]:
    """The reasons most like the prospect: those from a customer in the same industry first, then those whose size is
    nearest the prospect's (a reason without a size, or a prospect without one, counts as farthest), then those with a
    measured result; reasons alike on all three keep the catalog's order."""

    def likeness(entry: ReasonEntry) -> tuple[bool, float, bool]:
        customer = entry.reason.customer
        their_size = size_number(customer.size) if customer else None
        distance = abs(their_size - size) if their_size is not None and size is not None else math.inf
        return (not same_industry(customer.industry if customer else None, industry), distance, entry.reason.metric is None)

    return sorted(entries, key=likeness)[:limit]


def mistakes_that_matter(entries: Iterable[MistakeEntry], offering_id: str, offering: Offering, limit: int = MISTAKES_IN_A_SUMMARY) -> list[MistakeEntry]:
    """The mistakes that matter most to a buyer of the offering. A mistake carries no cost or severity, so it is ranked by
    how closely it bears on the purchase: one that names the offering itself before one only an option of it avoids;
    then the one about more of the problems the offering solves; then one that an option of the offering avoids (the
    proposal can say how); mistakes alike on all three keep the catalog's order."""
    solved = set(offering.problems)

    def weight(entry: MistakeEntry) -> tuple[bool, int, bool]:
        mistake = entry.mistake
        avoided_here = entry.avoided_by is not None and entry.avoided_by.offering_id == offering_id
        return (offering_id not in mistake.offerings, -len(solved.intersection(mistake.problems)), not avoided_here)

    return sorted(entries, key=weight)[:limit]
