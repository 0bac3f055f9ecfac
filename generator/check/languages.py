"""Each of the site's languages (its ``locale`` and each of its ``languages``) must have a wording catalog, or its
pages are in English.

| code | problem |
| ---- | ------- |
| W060 | no wording catalog speaks the language (nor its script), so that language's pages have English words |

Numbers and dates still follow the locale; only the words fall back. The catalogs are decide's own
(``generator/locales``), so the fix is a catalog, not a change to the content.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Severity
from generator.load import Content
from generator.wording_catalogs import catalog_for, missing_catalog


def check_languages(content: Content) -> list[Diagnostic]:
    site = content.site
    if site is None:
        return []
    fields: list[tuple[str, tuple[str | int, ...]]] = [(site.model.locale, ("locale",))]
    fields += [(locale, ("languages", index)) for index, locale in enumerate(site.model.languages)]
    return [site.diagnostic("W060", missing_catalog(locale), *field, severity=Severity.WARNING) for locale, field in fields if catalog_for(locale) is None]
