"""W003: what the site would silently remove from a Markdown field (an image, a style, an ``http:`` link).

The site keeps only what ``MARKDOWN_TAGS``, ``MARKDOWN_ATTRIBUTES`` and
``LINK_SCHEMES`` allow, so a marketer who pastes HTML or an image would
otherwise find it missing from the page with no word why.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from generator.diagnostics import Diagnostic, Severity
from generator.load import Content, Located
from generator.load.models import LINK_SCHEMES, MARKDOWN_ATTRIBUTES, MARKDOWN_TAGS, Calculator, Mistake, Offering, Problem, Reason, markdown_html

MARKDOWN_FIELDS: dict[type, tuple[str, ...]] = {Problem: ("body",), Offering: ("body",), Reason: ("story",), Mistake: ("consequence", "avoid"), Calculator: ("intro",)}

HINTS = {
    "img": "Images are not shown; describe the result in words, or link to the picture.",
    "http": "Links must use https:// (or mailto: and tel:); a plain http:// link loses its address.",
}


def check_prose(content: Content) -> list[Diagnostic]:
    entries: list[Located] = [*content.problems.values(), *content.offerings.values(), *content.reasons, *content.mistakes, *content.calculators.values()]
    problems = []
    for entry in entries:
        for field in MARKDOWN_FIELDS[type(entry.model)]:
            text = getattr(entry.model, field)
            removed = removed_by_site(text) if text else []
            if removed:
                problems.append(entry.diagnostic("W003", _message(removed), field, severity=Severity.WARNING))
    return problems


def removed_by_site(text: str) -> list[str]:
    """What the site drops from this Markdown, in plain words, each once, in the order written."""
    finder = _Removed()
    finder.feed(markdown_html(text))
    return list(dict.fromkeys(finder.removed))


class _Removed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in MARKDOWN_TAGS:
            self.removed.append(f"<{tag}>")
            return
        for name, value in attrs:
            scheme = urlsplit(value or "").scheme.lower()
            if name not in MARKDOWN_ATTRIBUTES.get(tag, ()):
                self.removed.append(f"the {name} attribute of <{tag}>")
            elif name == "href" and scheme and scheme not in LINK_SCHEMES:
                self.removed.append(f"the address of the {scheme}: link")


def _message(removed: list[str]) -> str:
    hints = [hint for key, hint in HINTS.items() if any(f"<{key}>" == part or f"{key}: link" in part for part in removed)]
    return " ".join(
        [
            f"The site removes {', '.join(removed)} from this Markdown field.",
            *hints,
            "Write it in Markdown instead: **bold**, _italic_, lists, [a link](https://…).",
        ]
    )
