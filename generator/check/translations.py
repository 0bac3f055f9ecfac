"""The content translations: W066 per further language for the texts still to translate, and the Markdown rules on translations.

A translated Markdown text is held to the rules its source is held to (``generator.check.prose``): E075 for a
shape no page can afford to render, W003 for what the site would remove, both pointing at the catalog's line.
"""

from __future__ import annotations

import os

from generator.check.prose import markdown_too_complex, removed_by_site, removed_message
from generator.compute.translation import state_of, text_fields
from generator.diagnostics import Diagnostic, Severity
from generator.load import Content
from generator.load.translations import LanguageCatalog, catalog_file
from generator.wording import counted


def check_translations(content: Content) -> list[Diagnostic]:
    """For each of the site's further languages: how many texts are untranslated or fuzzy, and the Markdown rules on its translations."""
    if content.site is None or not content.site.model.languages:
        return []
    fields = text_fields(content)
    problems = []
    for locale in content.site.model.languages:
        catalog = content.translations.get(locale) or LanguageCatalog(locale, _catalog_path(content, locale))
        waiting = [{"language": locale, "context": field.context, "state": state} for field in fields if (state := state_of(field.text, catalog.entries.get(field.context))) != "translated"]
        if waiting:
            problems.append(_waiting(catalog, waiting))
        problems += [problem for field in fields if field.markdown for problem in _markdown_rules(catalog, field.context, field.text)]
    return problems


def _waiting(catalog: LanguageCatalog, waiting: list[dict[str, str]]) -> Diagnostic:
    untranslated = sum(1 for item in waiting if item["state"] == "untranslated")
    message = (
        f"{catalog.locale}: {counted(untranslated, 'text')} untranslated, {len(waiting) - untranslated:,} fuzzy; "
        f"run decide translate and translate them in {catalog.file}. Until then they show in the default language."
    )
    return Diagnostic(catalog.file, 0, 0, Severity.WARNING, "W066", "", message, listed=tuple(waiting))


def _markdown_rules(catalog: LanguageCatalog, context: str, source: str) -> list[Diagnostic]:
    translation = catalog.entries.get(context)
    if translation is None or state_of(source, translation) != "translated":
        return []
    too_complex = markdown_too_complex(translation.text)
    if too_complex:
        return [catalog.diagnostic("E075", too_complex, translation.line, context)]
    removed = removed_by_site(translation.text)
    return [catalog.diagnostic("W003", removed_message(removed), translation.line, context, Severity.WARNING)] if removed else []


def _catalog_path(content: Content, locale: str) -> str:
    """Where the missing catalog of ``locale`` belongs, as messages show paths: beside site.yml."""
    assert content.site is not None
    return os.path.join(os.path.dirname(content.site.source.relative), catalog_file(locale)).replace(os.sep, "/")
