"""The reasons exercise as numbers: how far each offering is from its 20 reasons, and how each problem is covered.

A pure function of checked content, shared by ``decide stats``' text and JSON.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from generator.load import Content

NOT_GIVEN = "not given"
"""The key counting reasons with no ``source`` (or no customer industry)."""


@dataclass(frozen=True)
class OfferingStats:
    id: str
    reasons: int
    with_metric: int
    by_source: dict[str, int]
    by_industry: dict[str, int]


@dataclass(frozen=True)
class ProblemStats:
    id: str
    offerings: int
    """Offerings that list the problem in their ``problems``."""
    mistakes: int
    """Mistakes that list the problem in their ``problems``."""


@dataclass(frozen=True)
class Stats:
    offerings: list[OfferingStats]
    problems: list[ProblemStats]

    def as_json(self) -> dict[str, object]:
        return {
            "offerings": [vars(offering) for offering in self.offerings],
            "problems": [vars(problem) for problem in self.problems],
        }


def statistics(content: Content) -> Stats:
    """Per offering (in id order) its reasons, those with a metric, and their counts by source and by customer industry,
    most first; per problem, how many offerings and mistakes cover it. A reason counts once for each offering it names."""
    offerings = []
    for offering_id in sorted(content.offerings):
        reasons = [reason.model for reason in content.reasons if offering_id in reason.model.offerings]
        offerings.append(
            OfferingStats(
                offering_id,
                len(reasons),
                sum(1 for reason in reasons if reason.metric is not None),
                _counted(reason.source or NOT_GIVEN for reason in reasons),
                _counted(reason.customer.industry if reason.customer else NOT_GIVEN for reason in reasons),
            )
        )
    problems = [
        ProblemStats(
            problem_id,
            sum(1 for offering in content.offerings.values() if problem_id in offering.model.problems),
            sum(1 for mistake in content.mistakes if problem_id in mistake.model.problems),
        )
        for problem_id in sorted(content.problems)
    ]
    return Stats(offerings, problems)


def _counted(values: Iterable[str]) -> dict[str, int]:
    """Counts, most first, ties in alphabetical order."""
    counts = Counter(values)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
