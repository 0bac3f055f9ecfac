"""The site's languages: which locales it is published in, the folder each is served from, and how a person asks
for one (``--language el``, a list's ``language`` column).

The default language (``site.yml``'s ``locale``) is served at the site's root; each further one (``languages``) in
a folder named by its language subtag (``el``), or by its whole tag in lowercase (``zh-hant``) when two further
locales share a subtag, so that every folder is one language.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import babel

from generator.compute.translation import content_in
from generator.load import Content
from generator.load.models import Site


def locales(site: Site) -> list[str]:
    """The default locale first, then the further ones in the order site.yml lists them."""
    return [site.locale, *site.languages]


def folders(site: Site) -> dict[str, str]:
    """Each locale's folder under the site's root: ``""`` for the default, ``el`` for ``el-GR``."""
    subtags = Counter(_subtag(locale) for locale in site.languages)
    return {site.locale: ""} | {locale: _subtag(locale) if subtags[_subtag(locale)] == 1 else locale.lower() for locale in site.languages}


def chosen(site: Site, asked: str) -> str | None:
    """The site's locale that ``asked`` names, or None: its tag in any case, with ``-`` or ``_`` (``el-GR``, ``el_gr``),
    its folder (``el``, ``zh-hant``), or its language subtag when no other of the site's locales has it (``en`` on an
    ``en-GB`` site)."""
    wanted = asked.strip().lower().replace("_", "-")
    if not wanted:
        return None
    subtags = Counter(_subtag(locale) for locale in locales(site))
    for locale, folder in folders(site).items():
        if wanted in (locale.lower(), folder) or (wanted == _subtag(locale) and subtags[wanted] == 1):
            return locale
    return None


def listed(site: Site) -> str:
    """The site's locales as a message lists them: ``en-GB (the default), el-GR``."""
    return ", ".join(f"{locale} (the default)" if locale == site.locale else locale for locale in locales(site))


def own_name(locale: str) -> str:
    """The language as its own speakers name it, as a menu of languages shows it: ``Ελληνικά (Ελλάδα)``."""
    name = babel.Locale.parse(locale, sep="-").display_name or locale
    return name[:1].upper() + name[1:]


def edition(content: Content, locale: str) -> Content:
    """The content as a page in ``locale`` shows it: every confirmed translation applied, and numbers, dates and
    amounts written the way ``locale`` writes them (the currency stays the company's)."""
    assert content.site is not None, "only checked content is rendered"
    if locale == content.site.model.locale:
        return content
    translated = content_in(content, locale)
    assert translated.site is not None
    site = translated.site.model.model_copy(update={"locale": locale})
    return dataclasses.replace(translated, site=dataclasses.replace(translated.site, model=site))


def _subtag(locale: str) -> str:
    return locale.split("-")[0].lower()
