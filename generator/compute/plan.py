"""An offering's implementation steps laid out in time: one after another, each for its whole weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from generator.load.models import ImplementationStep


@dataclass(frozen=True)
class ScheduledStep:
    """A step with the weeks it occupies (``first_week`` counts from 1) and, given a start date, its dates."""

    step: ImplementationStep
    first_week: int
    last_week: int
    starts: date | None
    ends: date | None
    """The last day of the step: a step of one week that starts on a Monday ends on the Sunday."""


def schedule(steps: list[ImplementationStep], start: date | None = None) -> list[ScheduledStep]:
    """Steps run in the order written, each starting the day after the one before it ends."""
    scheduled = []
    week = 1
    for step in steps:
        last_week = week + step.weeks - 1
        starts = None if start is None else start + timedelta(weeks=week - 1)
        ends = None if start is None else start + timedelta(weeks=last_week, days=-1)
        scheduled.append(ScheduledStep(step, week, last_week, starts, ends))
        week = last_week + 1
    return scheduled
