"""The relationship levels drawn as a stair-step: from plain supplier at the bottom left to partner at the top right."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from generator.load.models import RelationshipLevel

WIDTH = 640
HEIGHT = 240
LABEL_HEIGHT = 48
"""Room above the top step for its name."""
CHARACTERS_PER_PIXEL = 1 / 7.5
"""How many characters of a 13 px label fit in a pixel, to wrap a level's name inside its step."""


@dataclass(frozen=True)
class Stair:
    """One level's step: its box in the picture's coordinates, its number (from 1) and its name in lines that fit."""

    x: float
    y: float
    width: float
    height: float
    number: int
    lines: list[str]


def stairs(levels: list[RelationshipLevel]) -> list[Stair]:
    """Equal steps, each one higher than the last; a name longer than its step is wrapped onto lines above the step."""
    count = len(levels)
    width = WIDTH / count
    rise = (HEIGHT - LABEL_HEIGHT) / count
    fits = max(6, int((width - 8) * CHARACTERS_PER_PIXEL))
    return [
        Stair(round(index * width, 1), round(HEIGHT - (index + 1) * rise, 1), round(width, 1), round((index + 1) * rise, 1), index + 1, textwrap.wrap(level.name, fits) or [level.name])
        for index, level in enumerate(levels)
    ]
