"""Step two: checks that need the whole content (cross-references, content rules)."""

from __future__ import annotations

from generator.check.brand import check_brand
from generator.check.calculators import check_calculators
from generator.check.languages import check_languages
from generator.check.prose import check_prose
from generator.check.references import check_references
from generator.check.relationship import check_relationship
from generator.check.rules import check_rules
from generator.check.selectors import check_selectors
from generator.check.thresholds import check_thresholds
from generator.check.translations import check_translations
from generator.diagnostics import Diagnostic
from generator.load import Content


def check_content(content: Content) -> list[Diagnostic]:
    """Every cross-reference error, content-rule warning, calculator, selector, relationship and threshold problem, Markdown the site would drop,
    brand problem, text left to translate and locale without a wording catalog, in one list."""
    return (
        check_references(content)
        + check_rules(content)
        + check_calculators(content)
        + check_selectors(content)
        + check_relationship(content)
        + check_thresholds(content)
        + check_prose(content)
        + check_brand(content)
        + check_translations(content)
        + check_languages(content)
    )


__all__ = ["check_content"]
