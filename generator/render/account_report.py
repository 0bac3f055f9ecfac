"""The account report: where a customer's relationship with us stands, from everyone's answers, as one document.

It is a worksheet like the others (the same layout, page numbers, fonts and metadata, the same PDF writer), filled
from an ``Account`` the compute step worked out: the stair-step with every person's today and desired, the medians,
the spread, the gaps, what is said against what is done, the touchpoints against the leader, the discussion
questions with what the answers say about each, and one next action.

Two audiences read it. ``internal`` is ours and shows everything. ``customer`` is handed to the customer for the
conversation: it leaves out our side's answers and the questions meant for us alone (``OURS_ALONE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from generator.compute.languages import edition
from generator.compute.relationship import HEIGHT as STAIRS_HEIGHT
from generator.compute.relationship import WIDTH as STAIRS_WIDTH
from generator.compute.relationship import Stair, stairs
from generator.compute.thresholds import ladder
from generator.load import Content
from generator.load.models import RelationshipLevel
from generator.render.templating import rung_words
from generator.render.worksheets import Prospect, Worksheet, WorksheetRenderer

Audience = Literal["customer", "internal"]
When = Literal["today", "desired"]
"""Which of a person's two answers a mark on the stair-step shows."""
AUDIENCES: tuple[Audience, ...] = ("internal", "customer")

CUSTOMER_SIDE = "customer"
OUR_SIDE = "us"

QUESTIONS = ("perception", "stakeholders", "same-view", "goal", "change", "willing", "say-and-do", "invest")
"""The discussion questions, in the order the report asks them; the template words each and what the answers say."""

OURS_ALONE = frozenset({"same-view", "goal", "invest"})
"""The questions a customer's copy leaves out: whether we see it as they do and how closely our aims match theirs
need our side's answers, which their copy does not show, and whether we want to invest is ours to decide."""

MARK_RADIUS = 7
"""A person's mark on the stair-step: a circle (their side) or a square (ours) this many pixels from its centre."""
MARK_PITCH = 17
"""Pixels between the centres of two marks side by side or one above the other."""
MARKS_FROM_LEFT = 28
"""Where a step's first mark is, from the step's left edge: clear of the step's number."""
MARKS_FROM_TOP = 11
"""Where a step's first row of marks is, below its top edge."""


class AnswerLike(Protocol):
    """One person's answers, as ``Account.answers`` holds them: today and desired as steps 1..n."""

    name: str
    role: str
    side: str
    today: int
    desired: int
    change: str
    ratings: dict[str, int]
    leader: dict[str, int]
    moment: str


class TouchpointFigureLike(Protocol):
    id: str
    us: float | None
    leader: float | None
    difference: float | None


class AccountLike(Protocol):
    """What the report reads of an ``Account``."""

    answers: Sequence[AnswerLike]
    customer_median_today: float
    customer_median_desired: float
    our_median_today: float | None
    our_median_desired: float | None
    spread: int
    alignment: str
    our_view_minus_theirs: float | None
    say_and_do: Sequence[str]
    touchpoints: Sequence[TouchpointFigureLike]
    moments: Sequence[str]
    next_action: str
    current_rung: str | None


@dataclass(frozen=True)
class Person:
    """One person as the report lists them: numbered as their mark on the stair-step is."""

    number: int
    answer: AnswerLike

    @property
    def gap(self) -> int:
        return self.answer.desired - self.answer.today

    @property
    def ours(self) -> bool:
        return self.answer.side == OUR_SIDE


@dataclass(frozen=True)
class Mark:
    """A person's mark on a step: ``when`` is ``today`` (drawn filled) or ``desired`` (drawn hollow)."""

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


@dataclass(frozen=True)
class Standing:
    """The customer's people who place the relationship today on one level."""

    level: RelationshipLevel
    step: int
    people: list[Person]


def people_of(account: AccountLike, audience: Audience) -> list[Person]:
    """Everyone the report shows, numbered in the answers' order; a customer's copy has their side alone."""
    shown = [answer for answer in account.answers if audience == "internal" or answer.side == CUSTOMER_SIDE]
    return [Person(number, answer) for number, answer in enumerate(shown, start=1)]


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


def standings(levels: list[RelationshipLevel], people: list[Person]) -> list[Standing]:
    """Who on the customer's side stands on which level today, lowest first; levels no one chose are left out."""
    theirs = [person for person in people if not person.ours]
    found = [Standing(level, step, [person for person in theirs if person.answer.today == step]) for step, level in enumerate(levels, start=1)]
    return [standing for standing in found if standing.people]


class AccountReportRenderer(WorksheetRenderer):
    """Renders account reports in one language; made once, since it holds the templates and the catalog."""

    def report(self, account: AccountLike, customer: Prospect, audience: Audience) -> Worksheet:
        assert self.content.relationship is not None, "an account report needs content/relationship.yml"
        relationship = self.content.relationship.model
        people = people_of(account, audience)
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
            standings=standings(relationship.levels, people),
            stairs=steps,
            marks=marks,
            crowded=crowded,
            mark_radius=MARK_RADIUS,
            picture_width=STAIRS_WIDTH,
            picture_height=STAIRS_HEIGHT,
            behind=[figure for figure in account.touchpoints if figure.difference is not None and figure.difference < 0],
            touchpoints={touchpoint.id: touchpoint for touchpoint in relationship.touchpoints},
            behaviours={behaviour.id: behaviour for behaviour in relationship.behaviours},
            current_rung=self._rung_words(account.current_rung),
            questions=[question for question in QUESTIONS if audience == "internal" or question not in OURS_ALONE],
        )

    def _rung_words(self, rung_id: str | None) -> str | None:
        """The words of the rung the account has reached, as the next step's own rung is written."""
        rung = next((rung for rung in ladder(self.site) if rung.id == rung_id), None)
        return rung_words(self.site, rung, self.language) if rung else None


def render_report(content: Content, templates: Path, account: AccountLike, customer: Prospect, audience: Audience, language: str | None = None) -> Worksheet:
    """The account report for ``customer`` (their name and the date it is written on) as a standalone HTML document,
    to show, print or give the PDF writer. ``language`` is one of the site's locales (``el-GR``), already chosen from
    what was asked: the content's translations, the catalog's words and the locale's numbers; the site's locale
    without it."""
    assert content.site is not None, "render runs only on content that passed the checks"
    written = edition(content, language) if language else content
    return AccountReportRenderer(written, templates).report(account, customer, audience)
