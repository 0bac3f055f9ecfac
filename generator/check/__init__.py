"""Step two: checks that need the whole content (cross-references, content rules)."""

from __future__ import annotations

from generator.check.prose import check_prose
from generator.check.references import check_references
from generator.check.rules import check_rules
from generator.check.selectors import check_selectors
from generator.diagnostics import Diagnostic
from generator.load import Content


def check_content(content: Content) -> list[Diagnostic]:
    """Every cross-reference error, content-rule warning, Markdown the site would drop and selector problem, in one list."""
    return check_references(content) + check_rules(content) + check_prose(content) + check_selectors(content)


__all__ = ["check_content"]
