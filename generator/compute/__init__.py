"""Step three: pure functions over checked content, giving what pages show (relations, rankings, groupings)."""

from __future__ import annotations

import math
import re

LARGEST_AMOUNT = 1e15
"""The largest magnitude of an amount a calculator works out, or of its return in percent: beyond it, or when a
formula gives no number at all (a step overflowed), the figures are "out of range", the same in ``decide calc``,
the worksheets and the page. It leaves room above the biggest figures content may hold (``LARGEST_FIGURE``) for
the products formulas make of them, and keeps every total of months of amounts where Babel and ``Intl`` format
it digit for digit."""

TYPED_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
"""How a number is written where a person or a link gives one (``decide calc --set``, ``decide select --answer``, a
page's address, a calculator's input): digits, at most one decimal point, maybe a minus. ``decide.js`` reads the same."""


def typed_number(text: str) -> float | None:
    """The number ``text`` holds, or None when it is not written as ``TYPED_NUMBER`` says (``1e3``, ``1_000``, ``nan``)."""
    trimmed = text.strip()
    value = float(trimmed) if TYPED_NUMBER.fullmatch(trimmed) else math.nan
    return value if math.isfinite(value) else None
