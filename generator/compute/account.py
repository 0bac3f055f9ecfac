"""The account report's figures: where everyone says the relationship stands, how far apart they are, what the
customer says against what the account does, and how each touchpoint compares with the leading competitor.

Pure: the answers come in already read (``generator.load.answers``), the figures go out as numbers and ids, and the
words around them are the render's (the UI catalogs), so a report in Greek has the same figures as one in English.

Levels count as steps 1..n, lowest first. A median of an even count is the mean of the middle two, so medians are
whole or halves; means are exact until shown, then rounded half up to two decimals, and touchpoints are ordered by
their exact difference, so rounding never reorders them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

from generator.compute.thresholds import action_after, level_rungs
from generator.load import Content
from generator.load.models import Relationship

Side = Literal["customer", "us"]
SIDES: tuple[Side, ...] = ("customer", "us")
Audience = Literal["customer", "internal"]
ALIGNED_SPREAD = 1
"""Steps apart the customer's people may stand and still be aligned; two or more is divided."""


@dataclass(frozen=True)
class Answer:
    """One person's answers: today and desired as steps (1 = the lowest level), each rating 1..5 by touchpoint id."""

    name: str
    role: str
    side: Side
    today: int
    desired: int
    change: str = ""
    ratings: dict[str, int] = field(default_factory=dict)
    """Our rating at each touchpoint the person rated."""
    leader: dict[str, int] = field(default_factory=dict)
    """The leading competitor's rating at each touchpoint the person rated it."""
    moment: str = ""
    line: int = 0
    """Where the answers are in the file read, for messages."""

    @property
    def gap(self) -> int:
        """How many steps the person wants the relationship to move: desired - today (negative: down)."""
        return self.desired - self.today


@dataclass(frozen=True)
class Gap:
    name: str
    side: Side
    gap: int


@dataclass(frozen=True)
class TouchpointScore:
    """A touchpoint's mean ratings over the customer side, for us and for the leader, and us - leader; None where nobody rated."""

    id: str
    us: float | None
    leader: float | None
    difference: float | None


@dataclass(frozen=True)
class Standing:
    """The customer-side people whose today is this step (``level``, its id)."""

    step: int
    level: str
    names: list[str]


@dataclass(frozen=True)
class Finding:
    """What the answers say about one discussion question, as figures and names for the render to put into words."""

    question: str
    facts: dict[str, object]


@dataclass(frozen=True)
class Account:
    """Every figure of one account's report; ``as_json`` is what ``--format json`` prints."""

    audience: Audience
    answers: list[Answer]
    """The answers this audience sees, in the file's order: the customer side only for the customer."""
    customer_median_today: float
    customer_median_desired: float
    our_median_today: float | None
    our_median_desired: float | None
    spread: int
    alignment: Literal["aligned", "divided"]
    standing: list[Standing]
    gaps: list[Gap]
    our_view_minus_theirs: float | None
    say_and_do: list[str]
    seen: list[str]
    touchpoints: list[TouchpointScore]
    moments: list[str]
    current_rung: str
    next_action: str
    findings: list[Finding]

    def as_json(self) -> dict[str, object]:
        return {
            "customer_median_today": self.customer_median_today,
            "customer_median_desired": self.customer_median_desired,
            "our_median_today": self.our_median_today,
            "spread": self.spread,
            "alignment": self.alignment,
            "gaps": [{"name": gap.name, "side": gap.side, "gap": gap.gap} for gap in self.gaps],
            "our_view_minus_theirs": self.our_view_minus_theirs,
            "say_and_do": self.say_and_do,
            "touchpoints": [{"id": score.id, "us": score.us, "leader": score.leader, "difference": score.difference} for score in self.touchpoints],
            "moments": self.moments,
            "next_action": self.next_action,
        }


class NoCustomerAnswers(ValueError):
    """The report is about how the customer sees us: without one customer-side answer there is nothing to measure."""


def account(content: Content, answers: Sequence[Answer], seen: Iterable[str] = (), not_seen: Iterable[str] = (), audience: Audience = "internal") -> Account:
    """The account's figures from everyone's answers and the behaviours marked seen and not seen (ids, checked by
    the caller). With ``audience`` customer, our side's answers are left out of every figure that shows them."""
    assert content.relationship is not None, "an account report needs content/relationship.yml"
    relationship = content.relationship.model
    customer = [answer for answer in answers if answer.side == "customer"]
    if not customer:
        raise NoCustomerAnswers
    ours = [answer for answer in answers if answer.side == "us"] if audience == "internal" else []
    shown = [answer for answer in answers if answer.side == "customer" or audience == "internal"]
    today, desired = _median([answer.today for answer in customer]), _median([answer.desired for answer in customer])
    our_today, our_desired = (_median([answer.today for answer in ours]), _median([answer.desired for answer in ours])) if ours else (None, None)
    spread = max(answer.today for answer in customer) - min(answer.today for answer in customer)
    missing = set(not_seen)
    say_and_do = [behaviour.id for behaviour in relationship.behaviours if behaviour.id in missing and _step(relationship, behaviour.level) <= desired]
    scores = touchpoint_scores(relationship, customer)
    current = level_rungs(content)[relationship.levels[math.floor(today) - 1].id]
    figures = Account(
        audience=audience,
        answers=shown,
        customer_median_today=_number(today),
        customer_median_desired=_number(desired),
        our_median_today=None if our_today is None else _number(our_today),
        our_median_desired=None if our_desired is None else _number(our_desired),
        spread=spread,
        alignment="aligned" if spread <= ALIGNED_SPREAD else "divided",
        standing=_standing(relationship, customer),
        gaps=[Gap(answer.name, answer.side, answer.gap) for answer in shown],
        our_view_minus_theirs=None if our_today is None else _number(our_today - today),
        say_and_do=say_and_do,
        seen=[behaviour.id for behaviour in relationship.behaviours if behaviour.id in set(seen)],
        touchpoints=scores,
        moments=[answer.moment for answer in shown if answer.moment],
        current_rung=current,
        next_action=action_after(content, current),
        findings=[],
    )
    return dataclasses.replace(figures, findings=_findings(figures, relationship, today, desired))


def _median(steps: list[int]) -> Fraction:
    """The middle step, or the mean of the middle two of an even count (exact: a half is a half)."""
    steps = sorted(steps)
    middle = len(steps) // 2
    return Fraction(steps[middle]) if len(steps) % 2 else Fraction(steps[middle - 1] + steps[middle], 2)


def _number(value: Fraction) -> float:
    """A figure as JSON shows it: whole numbers without a fraction (3, not 3.0), others rounded half up to 2 decimals."""
    rounded = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def _step(relationship: Relationship, level_id: str) -> int:
    return next(number for number, level in enumerate(relationship.levels, start=1) if level.id == level_id)


def _mean(ratings: list[int]) -> Fraction | None:
    return Fraction(sum(ratings), len(ratings)) if ratings else None


def touchpoint_scores(relationship: Relationship, customer: Sequence[Answer]) -> list[TouchpointScore]:
    """Every touchpoint, weakest (lowest us - leader) first, ties in the content's order; means over the ratings given,
    so a person who left one empty is not counted as a zero. A touchpoint without both means has no difference and
    comes after those with one, in the content's order."""
    exact = []
    for touchpoint in relationship.touchpoints:
        us = _mean([answer.ratings[touchpoint.id] for answer in customer if touchpoint.id in answer.ratings])
        leader = _mean([answer.leader[touchpoint.id] for answer in customer if touchpoint.id in answer.leader])
        exact.append((touchpoint.id, us, leader, None if us is None or leader is None else us - leader))
    ordered = sorted(exact, key=lambda score: (score[3] is None, score[3] or 0))
    return [TouchpointScore(id, *(None if value is None else _number(value) for value in (us, leader, difference))) for id, us, leader, difference in ordered]


def _standing(relationship: Relationship, customer: Sequence[Answer]) -> list[Standing]:
    """Who on the customer's side stands on which step today, lowest step first; steps nobody stands on left out."""
    return [
        Standing(step, level.id, [answer.name for answer in customer if answer.today == step])
        for step, level in enumerate(relationship.levels, start=1)
        if any(answer.today == step for answer in customer)
    ]


def _findings(figures: Account, relationship: Relationship, today: Fraction, desired: Fraction) -> list[Finding]:
    """What the answers say about each discussion question, in the order the report asks them; the questions meant
    for us alone (whether we see it the same way, whether we aim at the same level, whether we want to invest) and
    our side's part of the others only for the internal audience."""
    internal = figures.audience == "internal"
    level = {step: entry.id for step, entry in enumerate(relationship.levels, start=1)}
    rated = [score for score in figures.touchpoints if score.difference is not None]
    weakest = rated[0].id if rated else None
    sides: tuple[Side, ...] = SIDES if internal else ("customer",)
    found = [
        Finding(
            "perception",
            {
                "today": figures.customer_median_today,
                "today_level": level[math.floor(today)],
                "desired": figures.customer_median_desired,
                "desired_level": level[math.floor(desired)],
                "weakest": weakest,
                "strongest": rated[-1].id if rated else None,
            },
        ),
        Finding(
            "stakeholders",
            {
                "spread": figures.spread,
                "alignment": figures.alignment,
                "lowest_level": figures.standing[0].level,
                "lowest": figures.standing[0].names,
                "highest_level": figures.standing[-1].level,
                "highest": figures.standing[-1].names,
            },
        ),
    ]
    if internal:
        goal = None if figures.our_median_desired is None else figures.our_median_desired - figures.customer_median_desired
        found += [
            Finding("same-view", {"our_median_today": figures.our_median_today, "customer_median_today": figures.customer_median_today, "difference": figures.our_view_minus_theirs}),
            Finding("goal", {"our_median_desired": figures.our_median_desired, "customer_median_desired": figures.customer_median_desired, "difference": goal}),
        ]
    found += [
        Finding("change", {side: [[answer.name, answer.change] for answer in figures.answers if answer.side == side and answer.change] for side in sides}),
        Finding("willing", {side: _willing([answer for answer in figures.answers if answer.side == side]) for side in sides}),
        Finding("say-and-do", {"count": len(figures.say_and_do), "behaviours": figures.say_and_do, "seen": figures.seen}),
    ]
    if internal:
        found.append(Finding("invest", {"steps_to_go": _number(desired - today), "next_action": figures.next_action, "weakest": weakest}))
    return found


def _willing(answers: Sequence[Answer]) -> dict[str, int]:
    """How many people of a side want the relationship to move up, to stay, or to move down."""
    return {"up": sum(answer.gap > 0 for answer in answers), "same": sum(answer.gap == 0 for answer in answers), "down": sum(answer.gap < 0 for answer in answers)}
