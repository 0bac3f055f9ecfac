"""Markdown fields: E075 for a shape no page can afford to render, W003 for what the site would silently remove.

W003: the site keeps only what ``MARKDOWN_TAGS``, ``MARKDOWN_ATTRIBUTES`` and
``LINK_SCHEMES`` allow, so a marketer who pastes HTML or an image would
otherwise find it missing from the page with no word why.

E075: Python-Markdown takes time that grows with the square (or worse) of some
shapes: every unclosed ``[`` or ``<`` is scanned to the end of its paragraph
(30 KB of ``[`` takes minutes), every line of a paragraph is split off and the
rest scanned again, and each level of ``>`` or list nesting is one more level of
recursion. The loader bounds a field to ``MAX_TEXT_CHARACTERS``; within it, four
rules that real prose never meets bound the rest, so that any field that passes
renders in well under a second (``tests/test_loader_guards.py`` times the worst
shapes at the limits) into HTML no deeper than a page or a PDF can lay out:

- a line nests quotes and lists at most ``MAX_NESTING`` levels (each ``>``, each
  list marker, each 4 spaces of indentation counts one);
- a paragraph (lines between blank lines) has at most ``MAX_PARAGRAPH_LINES`` lines;
- a paragraph holds at most ``MAX_OPENERS`` ``[`` (a link or image needs one), and
  the whole field at most ``MAX_OPENERS`` ``<`` (raw HTML is read over the whole
  field at once); one written ``\\[`` or ``\\<`` is text and not counted;
- once the first three hold, the field is rendered (now cheap) and its HTML nests
  at most ``MAX_ELEMENT_DEPTH`` elements (``**`` inside ``**`` 2,500 times is
  cheap to render but 2,500 levels deep).

The first three are checked before Python-Markdown ever reads the field, here and so before any page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

from generator.diagnostics import Diagnostic, Severity
from generator.load import Content, Located
from generator.load.content import KINDS, Written
from generator.load.models import LINK_SCHEMES, MARKDOWN_ATTRIBUTES, MARKDOWN_TAGS, Calculator, Mistake, Offering, Problem, Reason, markdown_html

MARKDOWN_FIELDS: dict[type, tuple[str, ...]] = {Problem: ("body",), Offering: ("body",), Reason: ("story",), Mistake: ("consequence", "avoid"), Calculator: ("intro",)}

HINTS = {
    "img": "Images are not shown; describe the result in words, or link to the picture.",
    "http": "Links must use https:// (or mailto: and tel:); a plain http:// link loses its address.",
}


MAX_NESTING = 8
MAX_PARAGRAPH_LINES = 200
MAX_OPENERS = 50
MAX_ELEMENT_DEPTH = 32


def check_prose(content: Content) -> list[Diagnostic]:
    """Every Markdown field: of the entries that validated, and, as written, of those that did not, so one run shows both."""
    entries: list[Located] = [*content.problems.values(), *content.offerings.values(), *content.reasons, *content.mistakes, *content.calculators.values()]
    problems = []
    for entry in entries:
        for field in MARKDOWN_FIELDS[type(entry.model)]:
            problems += _check_field(entry, field, getattr(entry.model, field))
    for kind in KINDS:
        for written in content.unvalidated(kind.name) if kind.model in MARKDOWN_FIELDS else []:
            for field in MARKDOWN_FIELDS[kind.model]:
                text = written.value.get(field) if isinstance(written.value, dict) else None
                problems += _check_field(written, field, text.strip() if isinstance(text, str) else None)
    return problems


def _check_field(entry: Located | Written, field: str, text: str | None) -> list[Diagnostic]:
    if not text:
        return []
    too_complex = markdown_too_complex(text)
    if too_complex:
        return [entry.diagnostic("E075", too_complex, field)]
    removed = removed_by_site(text)
    return [entry.diagnostic("W003", removed_message(removed), field, severity=Severity.WARNING)] if removed else []


_ESCAPED = re.compile(r"\\.")
_CONTAINER = re.compile(r"(?:>|[-+*](?=\s|$)|\d{1,9}[.)](?=\s|$))")
"""What opens one level of quote or list at the start of a line (after any indentation)."""


def markdown_too_complex(text: str) -> str | None:
    """Why Markdown ``text`` breaks a rule of this module's docstring, in words that say what to write; None when it keeps them all."""
    for first, lines in _paragraphs(text):
        if len(lines) > MAX_PARAGRAPH_LINES:
            return (
                f"The paragraph starting on line {first} of this field runs {len(lines)} lines without a blank line; "
                f"a paragraph, list or table has at most {MAX_PARAGRAPH_LINES}. Put a blank line between paragraphs."
            )
        for number, line in enumerate(lines, start=first):
            depth = _nesting(line)
            if depth > MAX_NESTING:
                return (
                    f"Line {number} of this field is nested {depth} levels deep (each `>`, list marker and 4 spaces "
                    f"of indentation count one); Markdown fields allow {MAX_NESTING}. Flatten the quote or list."
                )
        brackets = _ESCAPED.sub("", "\n".join(lines)).count("[")
        if brackets > MAX_OPENERS:
            return (
                f"The paragraph starting on line {first} of this field holds {brackets} `[`; a paragraph has at most {MAX_OPENERS} "
                "(each starts a link or an image). Split the paragraph, or write `\\[` for a bracket that is just text."
            )
    angles = _ESCAPED.sub("", text).count("<")
    if angles > MAX_OPENERS:
        return (
            f"This field holds {angles} `<`; a Markdown field has at most {MAX_OPENERS} (each may start an HTML tag). "
            "Write `\\<` for one that is just text, or words such as 'less than'."
        )
    depth = 0 if _only_paragraphs_and_lists(text) else _Depth.of(markdown_html(text))
    if depth > MAX_ELEMENT_DEPTH:
        return (
            f"The Markdown marks in this field nest {depth} levels deep on the page (`**` or `_` inside each other, lists in lists, quotes in quotes); "
            f"at most {MAX_ELEMENT_DEPTH} are allowed. Close each mark before opening the next."
        )
    return None


def _paragraphs(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each run of lines between blank lines, with the number of its first line, as Python-Markdown splits them (or coarser)."""
    paragraph: list[str] = []
    first = 1
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if line.strip(" \t"):
            first = first if paragraph else number
            paragraph.append(line)
        elif paragraph:
            yield first, paragraph
            paragraph = []
    if paragraph:
        yield first, paragraph


def _nesting(line: str) -> int:
    """How many quote and list levels ``line`` opens: each 4 spaces of indentation, each ``>``, each list marker."""
    depth, rest = 0, line.expandtabs(4)
    while True:
        stripped = rest.lstrip(" ")
        depth += (len(rest) - len(stripped)) // 4
        opened = _CONTAINER.match(stripped)
        if not opened:
            return depth
        depth, rest = depth + 1, stripped[opened.end() :]


_MARKUP = re.compile(r"[<>\[\]!*_`#=|\\~]|^-+ *$", re.MULTILINE)
"""What can make Markdown more than paragraphs, lists and code blocks: raw HTML, links and images, emphasis,
code spans, headings (``#``, or a line of ``=`` or ``-`` under a paragraph), tables, escapes."""


def _only_paragraphs_and_lists(text: str) -> bool:
    """Whether ``text`` can only become paragraphs, lists and code blocks: tags the site keeps, nested no deeper
    than ``MAX_NESTING`` allows, so rendering it would find nothing to report. Most prose, and the check then skips rendering it."""
    return _MARKUP.search(text) is None


def removed_by_site(text: str) -> list[str]:
    """What the site drops from this Markdown, in plain words, each once, in the order written."""
    if _only_paragraphs_and_lists(text):
        return []
    finder = _Removed()
    finder.feed(markdown_html(text))
    return list(dict.fromkeys(finder.removed))


class _Depth(HTMLParser):
    """How deep the elements of an HTML fragment nest."""

    VOID = frozenset({"br", "hr", "img", "input", "wbr", "area", "base", "col", "embed", "link", "meta", "source", "track"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = self.deepest = 0

    @classmethod
    def of(cls, html: str) -> int:
        measured = cls()
        measured.feed(html)
        return measured.deepest

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID:
            self.depth = max(0, self.depth - 1)


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


def removed_message(removed: list[str]) -> str:
    hints = [hint for key, hint in HINTS.items() if any(f"<{key}>" == part or f"{key}: link" in part for part in removed)]
    return " ".join(
        [
            f"The site removes {', '.join(removed)} from this Markdown field.",
            *hints,
            "Write it in Markdown instead: **bold**, _italic_, lists, [a link](https://…).",
        ]
    )
