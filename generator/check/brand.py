"""The brand in ``site.yml``: its files must be there and be what they say, and its colours must be readable.

| code | problem |
| ---- | ------- |
| E080 | a logo, favicon or font the brand names is not in ``content/`` |
| E081 | it cannot be read: outside ``content/`` (a link out), not a regular file, not readable, over 1 MB |
| E082 | a logo or favicon that is not an SVG, PNG or WebP image (by its first bytes), named for another type, or an SVG with scripts |
| E083 | a logo or favicon over 200 KB |
| E084 | a font that is not a ``.woff2`` file (by its name and its first bytes, ``wOF2``) |
| E085 | ``primary`` or ``accent`` has less than 4.5:1 contrast with white, where the site uses it |

The site uses each brand colour twice: as text (links, headings) on the white page, and as the background of
white text (the header, buttons, the next action). Both are the colour against white, so one ratio decides;
the message gives it and the nearest colour of the same hue that passes. The files themselves are read by the
loader through the one rule every content file is read by (``Content.brand_files``); this check only reports.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from generator.compute.contrast import AA_TEXT, WHITE, contrast, nearest_passing, ratio_text
from generator.diagnostics import Diagnostic
from generator.load import Content, Located
from generator.load.models import Site
from generator.load.source import NotReadable

MAX_IMAGE_BYTES = 200_000
"""200 KB for a logo or favicon: a crisp logo is a few KB as SVG and well under 100 KB as PNG, and every page loads it."""

IMAGE_TYPES = {".svg": "SVG", ".png": "PNG", ".webp": "WebP"}
"""The image types a logo or favicon may be, by the name's ending: every browser shows them, and Material takes them."""

_SVG_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.DOTALL)
_SVG_ACTIVE = re.compile(rb"<script|<foreignObject|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
"""What lets an SVG run code when it is opened at its own address on the site: refused, since a logo needs none of it."""


USES = {
    "primary": "links and headings on the white page, and behind the white text of the header and buttons",
    "accent": "the next-action button and highlights, behind white text and as text on the white page",
}
"""Where the site puts each brand colour, as the contrast message says it; ``brand.css`` does exactly this."""


def check_brand(content: Content) -> list[Diagnostic]:
    site = content.site
    if site is None or site.model.brand is None:
        return []
    brand = site.model.brand
    problems = [problem for field, colour in (("primary", brand.primary), ("accent", brand.accent)) if colour for problem in _contrast(site, field, colour)]
    for field, path in (("logo", brand.logo), ("favicon", brand.favicon)):
        if path:
            problems += _file(content, site, path, ("brand", field), _image_problem)
    for index, path in enumerate(brand.fonts):
        problems += _file(content, site, path, ("brand", "fonts", index), _font_problem)
    return problems


def _contrast(site: Located[Site], field: str, colour: str) -> list[Diagnostic]:
    ratio = contrast(colour, WHITE)
    if ratio >= AA_TEXT:
        return []
    use = USES[field]
    return [
        site.diagnostic(
            "E085",
            f"`{colour}` has a contrast of {ratio_text(ratio)} with white, and the site uses the {field} colour for {use}; "
            f"readable text needs at least {AA_TEXT}:1 (WCAG AA). Use a darker colour, such as `{nearest_passing(colour, WHITE)}` (the same hue, darkened until it passes).",
            "brand",
            field,
        )
    ]


KindProblem = Callable[[str, bytes, str], "tuple[str, str] | None"]


def _file(content: Content, site: Located[Site], written: str, field: tuple[str | int, ...], kind_problem: KindProblem) -> list[Diagnostic]:
    """One file the brand names: there, readable, and of its kind."""
    found = content.brand_files.get(written)
    if found is None:
        return [site.diagnostic("E080", f"There is no file at content/{written}. Put the file there, or correct the path (it is written from the content folder, e.g. brand/logo.svg).", *field)]
    image = field[1] != "fonts"
    size = _size(content.folder / written)
    if image and size is not None and size > MAX_IMAGE_BYTES:
        message = f"content/{written} is {size:,} bytes, and a {field[1]} may be at most {MAX_IMAGE_BYTES:,} (200 KB): every page loads it. Save it smaller, or as an SVG."
        return [site.diagnostic("E083", message, *field)]
    if isinstance(found, NotReadable):
        return [site.diagnostic("E081", f"decide does not read content/{written}: {found}", *field)]
    problem = kind_problem(written, found, str(field[1]))
    return [site.diagnostic(problem[0], problem[1], *field)] if problem else []


def _size(path: Path) -> int | None:
    """The size of a regular file (following links, opening nothing), or None."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size if os.path.isfile(path) else None


def image_type(data: bytes) -> str | None:
    """``SVG``, ``PNG`` or ``WebP`` from the file's first bytes, or None: the name alone can lie."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if _SVG_START.match(data[:4096]):
        return "SVG"
    return None


def _image_problem(written: str, data: bytes, role: str) -> tuple[str, str] | None:
    suffix = PurePosixPath(written).suffix.lower()
    named = IMAGE_TYPES.get(suffix)
    found = image_type(data)
    if found is None:
        return "E082", f"content/{written} is not an SVG, PNG or WebP image. Save the {role} in one of these formats."
    if named != found:
        ending = next(ending for ending, kind in IMAGE_TYPES.items() if kind == found)
        return "E082", f"content/{written} is a {found} image, but its name ends in `{suffix or '(nothing)'}`. Rename it to end in {ending}, and write that name here."
    if found == "SVG" and _SVG_ACTIVE.search(data):
        return "E082", f"content/{written} is an SVG with a script, an event handler or embedded HTML. Save the {role} without them (most editors' 'plain SVG' does)."
    return None


def _font_problem(written: str, data: bytes, role: str) -> tuple[str, str] | None:
    if PurePosixPath(written).suffix.lower() == ".woff2" and data[:4] == b"wOF2":
        return None
    return "E084", f"content/{written} is not a WOFF2 font. The site serves only .woff2 files (convert the font, e.g. with a woff2 converter, and keep its licence)."

