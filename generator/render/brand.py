"""The company's look for the site and the worksheets: its colours as CSS variables, its logo, favicon and fonts as files.

Every colour the pages use comes from the variables written here: Material's own (``--md-primary-fg-color`` and
the rest, so the theme's header, buttons and links follow) and ``--decide-primary`` / ``--decide-accent`` for
decide's own rules. White text goes on both colours (the header, buttons, the next action) and both colours go
on the white page as text; ``decide check`` refuses a colour that is not readable there (E085). The dark scheme
gets a lighter tint of each, computed until it reads on Material's slate background.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from generator.compute.contrast import SLATE_BACKGROUND, nearest_passing
from generator.load import Content
from generator.load.models import Brand

BRAND_ASSETS = "assets/brand"
"""Where the brand's files land in the docs tree, each under the name of its role (``logo.svg``), never the name written."""

STYLESHEET = f"{BRAND_ASSETS}/colours.css"

DEFAULT_FAVICON = "assets/decide/favicon.svg"
"""decide's own neutral icon (from ``templates/assets``), for a site whose brand names no favicon and no logo."""

DEFAULT_PRIMARY = "#37474f"
"""decide's neutral colours for a site without a brand: a blue-grey (9.6:1 on white) and a teal (6.6:1), not Material's indigo."""
DEFAULT_ACCENT = "#00695c"

MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".webp": "image/webp"}


@dataclass(frozen=True)
class Look:
    """The look every page and worksheet shares; file paths are relative to the docs tree's root."""

    primary: str = DEFAULT_PRIMARY
    accent: str = DEFAULT_ACCENT
    logo: str | None = None
    favicon: str = DEFAULT_FAVICON
    files: dict[str, bytes] = field(default_factory=dict)
    """The brand's files and the colours' stylesheet, by their place in the docs tree."""
    logo_data: str | None = None
    """The logo as a ``data:`` address, for the worksheets: standalone documents that load nothing."""
    worksheet_fonts: str = ""
    """The brand's text font for the worksheets, as CSS: its ``@font-face`` from a ``data:`` address (a worksheet loads
    nothing, and WeasyPrint embeds what it is given), and the documents' text set in it before the print fonts."""

    @property
    def variables(self) -> str:
        """The colour variables every stylesheet reads, for the page (light) and for a worksheet alike."""
        return f"--decide-primary: {self.primary}; --decide-accent: {self.accent};"


def look_of(content: Content) -> Look:
    """The site's look: its brand's, or decide's neutral one (the company's name in the header, no logo)."""
    brand = content.site.model.brand if content.site else None
    if brand is None:
        return Look(files={STYLESHEET: _stylesheet(DEFAULT_PRIMARY, DEFAULT_ACCENT, []).encode()})
    files = _files(content, brand)
    logo = _placed("logo", brand.logo)
    fonts = [_placed(f"font-{number}", path) for number, path in enumerate(brand.fonts, start=1)]
    primary, accent = brand.primary or DEFAULT_PRIMARY, brand.accent or DEFAULT_ACCENT
    files[STYLESHEET] = _stylesheet(primary, accent, fonts).encode()
    return Look(
        primary=primary,
        accent=accent,
        logo=logo,
        favicon=_placed("favicon", brand.favicon) if brand.favicon else logo,
        files=files,
        logo_data=f"data:{MEDIA_TYPES[_suffix(brand.logo)]};base64,{base64.b64encode(files[logo]).decode()}",
        worksheet_fonts=_worksheet_fonts(files[fonts[0]]) if fonts else "",
    )


PRINT_FONTS = '"DejaVu Sans", "Liberation Sans", Arial, "Noto Sans CJK SC", sans-serif'
"""What worksheet.css sets text in; the brand's font goes first, and these still cover the scripts it lacks."""


def _worksheet_fonts(text_font: bytes) -> str:
    source = f"data:font/woff2;base64,{base64.b64encode(text_font).decode()}"
    return f'@font-face {{ font-family: "{_family(1)}"; src: url("{source}") format("woff2"); }}\nhtml {{ font-family: "{_family(1)}", {PRINT_FONTS}; }}\n'


def _suffix(written: str) -> str:
    return PurePosixPath(written).suffix.lower()


def _placed(role: str, written: str) -> str:
    return f"{BRAND_ASSETS}/{role}{_suffix(written)}"


def _files(content: Content, brand: Brand) -> dict[str, bytes]:
    """Each file the brand names, read by the loader and checked (render runs only on content without errors)."""
    named = [("logo", brand.logo), ("favicon", brand.favicon)] + [(f"font-{number}", path) for number, path in enumerate(brand.fonts, start=1)]
    files = {}
    for role, written in named:
        if written:
            data = content.brand_files[written]
            assert isinstance(data, bytes), "render runs only on content that passed the checks"
            files[_placed(role, written)] = data
    return files


def _stylesheet(primary: str, accent: str, fonts: list[str]) -> str:
    """Material's colour variables set from the brand's two colours, the dark scheme's tints, and the fonts' ``@font-face``."""
    primary_dark, accent_dark = (nearest_passing(colour, SLATE_BACKGROUND) for colour in (primary, accent))
    faces = "".join(
        f'@font-face {{\n  font-family: "{_family(number)}";\n  src: url("{PurePosixPath(path).name}") format("woff2");\n  font-display: swap;\n}}\n\n'
        for number, path in enumerate(fonts, start=1)
    )
    text_font = f'  --md-text-font: "{_family(1)}";\n' if fonts else ""
    return (
        "/* Written by decide from content/site.yml's brand: edit that, not this. */\n\n"
        f"{faces}"
        ":root > * {\n"
        f"  --decide-primary: {primary};\n"
        f"  --decide-accent: {accent};\n"
        "  --decide-on-colour: #ffffff;\n"
        f"  --decide-link: {primary};\n"
        "  --md-primary-fg-color: var(--decide-primary);\n"
        "  --md-primary-fg-color--light: var(--decide-primary);\n"
        "  --md-primary-fg-color--dark: var(--decide-primary);\n"
        "  --md-primary-bg-color: var(--decide-on-colour);\n"
        "  --md-primary-bg-color--light: #ffffffb3;\n"
        "  --md-accent-fg-color: var(--decide-accent);\n"
        f"  --md-accent-fg-color--transparent: {accent}1a;\n"
        "  --md-accent-bg-color: var(--decide-on-colour);\n"
        "  --md-typeset-a-color: var(--decide-link);\n"
        f"{text_font}"
        "}\n\n"
        "/* The dark scheme: links and highlights in a lighter tint of each colour, readable on the slate background. */\n"
        '[data-md-color-scheme="slate"] {\n'
        f"  --decide-link: {primary_dark};\n"
        f"  --decide-accent-text: {accent_dark};\n"
        "  --md-typeset-a-color: var(--decide-link);\n"
        "}\n"
    )


def _family(number: int) -> str:
    return "Brand text" if number == 1 else f"Brand font {number}"
