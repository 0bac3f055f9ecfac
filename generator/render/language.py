"""The words of the pages, worksheets and PDFs in the prospect's language: which wording catalog a locale reads.

Which catalog a locale reads is ``generator.wording_catalogs``'s to say (``decide check`` asks it too). Each ``.po`` is compiled to
``.mo`` in memory the first time a process needs it, rather than into the build folder: the catalogs ship with decide,
not with a project, so there is no compiled copy to go stale beside its source, and one compile per process
costs milliseconds.

Every text a catalog gives is escaped where it lands (see ``templating``): a catalog holds words, never markup.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from generator.diagnostics import DecideError
from generator.wording_catalogs import DOMAIN, ENGLISH, LOCALES, catalog_file, catalog_for, missing_catalog


@dataclass(frozen=True)
class UiLanguage:
    """The wording one locale's pages are in: the catalog picked for it, and whether English stands in for a missing one."""

    locale: str
    """The locale as ``site.yml`` writes it (``el-GR``)."""
    catalog: str
    """The catalog picked, a Babel locale id: ``el``, ``zh_Hans``, ``en``."""
    translations: gettext.NullTranslations
    fallback: bool
    """True when no catalog speaks the locale's language, so the pages are in English."""

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    @property
    def tag(self) -> str:
        """The catalog as a BCP 47 tag, as ``<html lang>`` and the theme name it: ``zh-Hans``."""
        return self.catalog.replace("_", "-")

    def warning(self) -> str | None:
        """What ``decide check`` says of a locale without a catalog (W060), or None when there is one."""
        return missing_catalog(self.locale) if self.fallback else None


def ui_language(locale: str) -> UiLanguage:
    """The catalog for ``locale`` (see ``catalog_for``), else English, marked as a fallback."""
    catalog = catalog_for(locale)
    if catalog is None:
        return UiLanguage(locale, ENGLISH, translations_of(ENGLISH), fallback=True)
    return UiLanguage(locale, catalog, translations_of(catalog), fallback=False)


@cache
def translations_of(catalog: str) -> gettext.NullTranslations:
    return compiled(catalog_file(catalog), catalog)


def compiled(path: Path, catalog: str) -> gettext.NullTranslations:
    """A catalog compiled: read from its ``.po``, written as ``.mo`` in memory, loaded as gettext reads any ``.mo``.
    Fuzzy and empty entries are left out, so their words stay English until a translator confirms them.

    A catalog that cannot be read is a DecideError naming its file and line (a translator's slip, not a crash)."""
    try:
        with path.open("rb") as source:
            messages = read_po(source, locale=catalog, domain=DOMAIN, abort_invalid=True)
    except PoFileError as error:
        raise DecideError(f"{_shown(path)}:{error.lineno}: the wording catalog cannot be read ({error}); fix that line as the README's How to add a language shows.") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise DecideError(f"{_shown(path)}: the wording catalog cannot be read ({error}).") from None
    mo = BytesIO()
    write_mo(mo, messages)
    mo.seek(0)
    return Translations(mo, domain=DOMAIN)


def _shown(path: Path) -> str:
    return path.relative_to(LOCALES.parent.parent).as_posix() if path.is_relative_to(LOCALES.parent.parent) else path.as_posix()


PLURAL_SAMPLES = (*range(200), 1_000, 1_000_000)
"""Counts that meet every plural category of the languages decide has catalogs for (French's ``many`` at a million)."""


def plural_forms(language: UiLanguage, form: Callable[[int], str]) -> dict[str, str]:
    """A counted message for a page script, which counts in the browser: the form ``form`` gives for each of the
    catalog's plural categories (``one``, ``few``, ``other``), as CLDR names them; the script picks one with
    ``Intl.PluralRules``, which follows the same CLDR rules. ``form`` is an ``ngettext`` call, so the words are extracted."""
    category = Locale.parse(language.catalog).plural_form
    forms: dict[str, str] = {}
    for count in PLURAL_SAMPLES:
        forms.setdefault(category(count), form(count))
    return forms


def script_words(language: UiLanguage, messages: dict[str, str | dict[str, str]]) -> dict[str, object]:
    """What a page script says, for the template to write into the page's data (``decide.say`` in ``decide.js`` reads it):
    the catalog's language, for counting, and each message by name, as text."""
    return {"lang": language.tag, "messages": messages}
