"""The relationship assessment (``relationship.yml``): its levels and questions must make a worksheet.

| code | problem |
| ---- | ------- |
| E060 | two levels have the same id |
| E061 | no question is answered by ticking a level |

Its ``action`` is an id like any other, checked with the other references (E020).
"""

from __future__ import annotations

from generator.check.references import repeated
from generator.diagnostics import Diagnostic
from generator.load import Content, Located
from generator.load.models import Relationship


def check_relationship(content: Content) -> list[Diagnostic]:
    located = content.relationship
    if located is None:
        return []
    return _duplicate_levels(located) + _answered_with_a_level(located)


def _duplicate_levels(located: Located[Relationship]) -> list[Diagnostic]:
    """A level's id names the box a person ticks, so each must mean one step."""
    levels = located.model.levels
    return [
        located.diagnostic("E060", f"The level id `{levels[index].id}` is already used by level {earlier + 1}; give each level its own id.", "levels", index, "id")
        for index, earlier in repeated(level.id for level in levels)
    ]


def _answered_with_a_level(located: Located[Relationship]) -> list[Diagnostic]:
    """Without a question answered on the levels, the stair-step is only a picture: nobody places the relationship on it."""
    if any(question.answer == "level" for question in located.model.questions):
        return []
    return [
        located.diagnostic(
            "E061",
            "No question is answered by ticking a level, so the levels would only be a picture. Add `answer: level` to the questions "
            "that ask where the relationship is today and where the person would like it to be.",
            "questions",
        )
    ]
