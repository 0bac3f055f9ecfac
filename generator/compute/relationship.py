"""The relationship assessment worked out: the levels drawn as a stair-step (from plain supplier at the bottom left to partner
at the top right), and which question asks what."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from generator.load.models import Relationship, RelationshipLevel, RelationshipQuestion

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


@dataclass(frozen=True)
class QuestionRoles:
    """Which of the assessment's questions ask where the relationship is today, where the person would like it,
    and what would have to change: the answers' ``today``, ``desired`` and ``change``. Each may be missing."""

    today: RelationshipQuestion | None
    desired: RelationshipQuestion | None
    change: RelationshipQuestion | None


def roles(relationship: Relationship) -> QuestionRoles:
    """The first question answered with a level asks about today, the second about the desired level; the first
    answered in words asks what would have to change."""
    on_levels = [question for question in relationship.questions if question.answer == "level"]
    in_words = [question for question in relationship.questions if question.answer == "words"]
    return QuestionRoles(
        today=on_levels[0] if on_levels else None,
        desired=on_levels[1] if len(on_levels) > 1 else None,
        change=in_words[0] if in_words else None,
    )
