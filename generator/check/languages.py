"""The site's locale must have a wording catalog, or its pages are in English.

| code | problem |
| ---- | ------- |
| W060 | no wording catalog speaks the locale's language (nor its script), so the pages' words are English |

Numbers and dates still follow the locale; only the words fall back. The catalogs are decide's own
(``generator/locales``), so the fix is a catalog, not a change to the content.
"""

from __future__ import annotations

from generator.diagnostics import Diagnostic, Severity
from generator.load import Content
from generator.render.language import ui_language


def check_languages(content: Content) -> list[Diagnostic]:
    site = content.site
    if site is None:
        return []
    warning = ui_language(site.model.locale).warning()
    return [site.diagnostic("W060", warning, "locale", severity=Severity.WARNING)] if warning else []
