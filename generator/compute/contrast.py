"""Colour contrast as WCAG 2.x defines it, and the nearest colour of the same hue that reaches a ratio.

Written out here rather than taken from a library: the formula is a dozen lines, fixed by the standard
(relative luminance of linearised sRGB, ratio ``(L1 + 0.05) / (L2 + 0.05)``), and both ``decide check``
(refusing a brand colour) and the build (a lighter link colour for the dark scheme) must agree on it exactly.
"""

from __future__ import annotations

import colorsys

WHITE = "#ffffff"
"""The light scheme's page background, and the text colour on the header and on buttons."""

SLATE_BACKGROUND = "#1e2129"
"""The dark scheme's page background: Material's slate, ``hsl(225deg 15% 14%)``, rounded to sRGB."""

AA_TEXT = 4.5
"""WCAG 2.x level AA for normal text: links and button labels are normal text."""

LIGHTNESS_STEP = 0.005
"""How far (of HSL lightness, 0 to 1) each try moves towards a passing colour: fine enough to stay the nearest."""


def _channels(colour: str) -> tuple[float, float, float]:
    return int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255


def _hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (red, green, blue))


def luminance(colour: str) -> float:
    """The relative luminance of a ``#rrggbb`` colour (WCAG 2.x: sRGB channels linearised, weighted 0.2126, 0.7152, 0.0722)."""
    linear = [channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4 for channel in _channels(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def nearest_passing(colour: str, background: str, ratio: float = AA_TEXT) -> str:
    """The colour of the same hue and saturation, moved in lightness away from ``background`` until it reaches ``ratio``.

    Darker on a light background, lighter on a dark one; ``colour`` itself when it already passes. Black or white
    always pass against the page backgrounds used here, so the search ends.
    """
    hue, lightness, saturation = colorsys.rgb_to_hls(*_channels(colour))
    step = -LIGHTNESS_STEP if luminance(background) > 0.5 else LIGHTNESS_STEP
    candidate = colour
    while contrast(candidate, background) < ratio and 0.0 < lightness < 1.0:
        lightness = min(1.0, max(0.0, lightness + step))
        candidate = _hex(*colorsys.hls_to_rgb(hue, lightness, saturation))
    return candidate


def ratio_text(ratio: float) -> str:
    """``2.9:1``: rounded down to one decimal, so a colour just short of 4.5 never reads as 4.5:1."""
    return f"{int(ratio * 10) / 10:.1f}:1"
