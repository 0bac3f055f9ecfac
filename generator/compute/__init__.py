"""Step three: pure functions over checked content, giving what pages show (relations, rankings, groupings)."""

from __future__ import annotations

import math
import re

TYPED_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
"""How a number is written where a person or a link gives one (``decide calc --set``, ``decide select --answer``, a
page's address, a calculator's input): digits, at most one decimal point, maybe a minus. ``decide.js`` reads the same."""


def typed_number(text: str) -> float | None:
    """The number ``text`` holds, or None when it is not written as ``TYPED_NUMBER`` says (``1e3``, ``1_000``, ``nan``)."""
    trimmed = text.strip()
    value = float(trimmed) if TYPED_NUMBER.fullmatch(trimmed) else math.nan
    return value if math.isfinite(value) else None
