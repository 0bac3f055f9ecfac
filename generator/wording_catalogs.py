"""Which of decide's wording catalogs a locale reads, found without compiling one.

Both ``decide check`` (W060, a locale no catalog speaks) and the renderer (the words of the pages) ask it, so it lives
outside the renderer: check only lists the catalogs, and never imports the templates or their engine.
The catalogs are decide's own, like the templates: ``generator/locales/<catalog>/LC_MESSAGES/messages.po``, one per
language, from ``generator/locales/messages.pot`` (README, "How to add a language").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

LOCALES = Path(__file__).resolve().parent / "locales"
"""Where the wording catalogs live, one folder per catalog (``el``, ``zh_Hans``)."""

DOMAIN = "messages"

ENGLISH = "en"
"""The catalog the templates are written in, and the one a locale without its own catalog reads."""


def catalog_for(locale: str) -> str | None:
    """The catalog for ``locale``: its exact one (``pt_BR``), else its language's (``el`` for ``el-GR``), else its
    script's (``zh_Hans`` for ``zh-CN`` and ``zh-SG``, as Babel's likely subtags give them); None when none speaks it."""
    return next((catalog for catalog in _candidates(locale) if catalog in catalogs()), None)


def missing_catalog(locale: str) -> str:
    """What ``decide check`` says of a locale no catalog speaks (W060)."""
    return f"No wording catalog for `{locale}`: pages are in English; add one (see README, How to add a language)."


def _candidates(locale: str) -> list[str]:
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return [locale.replace("-", "_")]
    found = [str(parsed), f"{parsed.language}_{parsed.territory}" if parsed.territory else "", parsed.language]
    if parsed.script:
        found.append(f"{parsed.language}_{parsed.script}")
    return [candidate for candidate in dict.fromkeys(found) if candidate]


@lru_cache(maxsize=1)
def catalogs() -> frozenset[str]:
    """The catalogs decide ships: every ``<catalog>/LC_MESSAGES/messages.po`` under ``generator/locales``."""
    return frozenset(path.parent.parent.name for path in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def catalog_file(catalog: str) -> Path:
    return LOCALES / catalog / "LC_MESSAGES" / f"{DOMAIN}.po"
