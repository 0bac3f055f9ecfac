"""The account report: where a customer's relationship with us stands, from everyone's answers, as one document.

It is a worksheet like the others (the same layout, page numbers, fonts and metadata, the same PDF writer), filled
from an ``Account`` the compute step worked out: the stair-step with every person's today and desired, the medians,
the spread, the gaps, what is said against what is done, the touchpoints against the leader, the discussion
questions with what the answers say about each, and one next action.

Two audiences read it. ``internal`` is ours and shows everything. ``customer`` is handed to the customer for the
conversation: it leaves out our side's answers and the questions meant for us alone, which the ``Account`` made for
that audience has neither of.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.compute.account import Account, Answer, Audience
from generator.compute.languages import edition
from generator.compute.relationship import HEIGHT as STAIRS_HEIGHT
from generator.compute.relationship import WIDTH as STAIRS_WIDTH
from generator.compute.relationship import Stair, stairs
from generator.compute.thresholds import ladder, rung_of
from generator.load import Content
from generator.render.templating import rung_words
from generator.render.worksheets import Prospect, Worksheet, WorksheetRenderer

MARK_RADIUS = 7
"""A person's mark on the stair-step: a circle (their side) or a square (ours) this many pixels from its centre."""
MARK_PITCH = 17
"""Pixels between the centres of two marks side by side or one above the other."""
MARKS_FROM_LEFT = 28
"""Where a step's first mark is, from the step's left edge: clear of the step's number."""
MARKS_FROM_TOP = 11
"""Where a step's first row of marks is, below its top edge."""

When = Literal["today", "desired"]
"""Which of a person's two answers a mark on the stair-step shows."""


@dataclass(frozen=True)
class Person:
    """One person as the report lists them: numbered as their marks on the stair-step are."""

    number: int
    answer: Answer

    @property
    def ours(self) -> bool:
        return self.answer.side == "us"


@dataclass(frozen=True)
class Mark:
    """A person's mark on a step: today's is drawn filled, desired's hollow."""

    x: float
    y: float
    number: int
    ours: bool
    when: When


@dataclass(frozen=True)
class Crowded:
    """Where a step ran out of room: the last place on it says how many more marks the table lists."""

    x: float
    y: float
    more: int


def places(stair: Stair) -> list[tuple[float, float]]:
    """Where marks go on a step, row by row from its top edge, each clear of the step's edges and of the next mark."""
    columns = int((stair.width - MARKS_FROM_LEFT - MARK_RADIUS) // MARK_PITCH) + 1
    rows = int((stair.height - MARKS_FROM_TOP - MARK_RADIUS - 1) // MARK_PITCH) + 1
    return [(round(stair.x + MARKS_FROM_LEFT + column * MARK_PITCH, 1), round(stair.y + MARKS_FROM_TOP + row * MARK_PITCH, 1)) for row in range(max(rows, 1)) for column in range(max(columns, 1))]


def marks_on(steps: list[Stair], people: list[Person]) -> tuple[list[Mark], list[Crowded]]:
    """Each person's today and desired on its step, today's marks first; a step with more marks than places keeps its
    last place to say how many more there are (the table beside the picture lists everyone)."""
    marks: list[Mark] = []
    crowded: list[Crowded] = []
    for stair in steps:
        wanted: list[tuple[Person, When]] = [(person, "today") for person in people if person.answer.today == stair.number]
        wanted += [(person, "desired") for person in people if person.answer.desired == stair.number]
        spots = places(stair)
        shown = wanted if len(wanted) <= len(spots) else wanted[: len(spots) - 1]
        marks += [Mark(x, y, person.number, person.ours, when) for (x, y), (person, when) in zip(spots, shown, strict=False)]
        if len(shown) < len(wanted):
            x, y = spots[len(shown)]
            crowded.append(Crowded(x, y, len(wanted) - len(shown)))
    return marks, crowded


class AccountReportRenderer(WorksheetRenderer):
    """Renders account reports in one language; made once, since it holds the templates and the catalog."""

    def report(self, account: Account, customer: Prospect, audience: Audience) -> Worksheet:
        """The answers shown are those the account was worked out for its audience with, numbered in their order."""
        assert audience == account.audience, "the account's figures are worked out for the audience that reads them"
        assert self.content.relationship is not None, "an account report needs content/relationship.yml"
        relationship = self.content.relationship.model
        people = [Person(number, answer) for number, answer in enumerate(account.answers, start=1)]
        steps = stairs(relationship.levels)
        marks, crowded = marks_on(steps, people)
        return self._render(
            "account-report",
            title=relationship.title,
            prospect=customer,
            next_action=self.pages.action(account.next_action),
            about=None,
            with_proof=False,
            relationship=relationship,
            levels=relationship.levels,
            account=account,
            audience=audience,
            people=people,
            theirs=[person for person in people if not person.ours],
            ours=[person for person in people if person.ours],
            level_named={level.id: level for level in relationship.levels},
            stairs=steps,
            marks=marks,
            crowded=crowded,
            mark_radius=MARK_RADIUS,
            picture_width=STAIRS_WIDTH,
            picture_height=STAIRS_HEIGHT,
            touchpoints={touchpoint.id: touchpoint for touchpoint in relationship.touchpoints},
            behaviours={behaviour.id: behaviour for behaviour in relationship.behaviours},
            current_rung=self._rung_words(account.current_rung),
            climbs=self._climbs(account),
        )

    def _climbs(self, account: Account) -> bool:
        """Whether the next action leads above the rung the account has reached: at the top, or when nothing on the
        site leads higher, it is the relationship's (or the site's) own action, which may lead to a rung below."""
        rungs = [rung.id for rung in ladder(self.site)]
        return rungs.index(rung_of(self.content, account.next_action).id) > rungs.index(account.current_rung)

    def _rung_words(self, rung_id: str) -> str:
        """The words of the rung the account has reached, written as the next step's own rung is."""
        return rung_words(self.site, next(rung for rung in ladder(self.site) if rung.id == rung_id), self.language)


def render_report(content: Content, templates: Path, account: Account, customer: Prospect, audience: Audience, language: str | None = None) -> Worksheet:
    """The account report for ``customer`` (their name and the date it is written on) as a standalone HTML document,
    to show, print or give the PDF writer. ``language`` is one of the site's locales (``el-GR``), already chosen from
    what was asked: the content's translations, the catalog's words and the locale's numbers; the site's locale
    without it."""
    assert content.site is not None, "render runs only on content that passed the checks"
    written = edition(content, language) if language else content
    return AccountReportRenderer(written, templates).report(account, customer, audience)
