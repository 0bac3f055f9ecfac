"""Counted words in what the commands print to marketers, in English: ``1 worksheet``, ``2 worksheets``; and the
marker for words prospects read that are defined far from where they are shown (``N_``)."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` with the noun that agrees with it: ``counted(1, "row")`` is ``1 row``, ``counted(2, "row")`` ``2 rows``,
    ``counted(3, "entry", "entries")`` ``3 entries``. Thousands are grouped (``1,200 rows``) as the other messages do."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def N_(message: str) -> str:
    """Marks a word for the wording catalogs where it is defined (``pybabel extract`` finds it), in any layer; it is
    translated where it is shown (``generator/render/language.py``)."""
    return message


def agreeing(count: int, singular: str, plural: str) -> str:
    """The verb or word that agrees with ``count``: ``agreeing(1, "was", "were")`` is ``was``."""
    return singular if count == 1 else plural
