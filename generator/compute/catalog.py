"""What each page shows, worked out once from the content: relations, proof ranking and groupings.

Pure functions over validated models. Templates only loop over what these
return, so the order of reasons, the counts and the groupings are decided (and
tested) here, not in a template.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Generic, TypeVar

from generator.load import Content, Located
from generator.load.models import Calculator, Mistake, Offering, Problem, Reason
from generator.wording import N_

CATALOG = "reasons/index.md"
"""The catalog's main page: every offering and problem with its count and strongest reasons, and the filter."""


def offering_catalog_page(offering_id: str) -> str:
    """The catalog page holding every reason that proves an offering, in full: each reason's home is one of these."""
    return f"reasons/offerings/{offering_id}.md"


def problem_catalog_page(problem_id: str) -> str:
    """The catalog page holding every reason that speaks to a problem, in full."""
    return f"reasons/problems/{problem_id}.md"


@dataclass(frozen=True)
class ReasonEntry:
    """A reason with a stable anchor (``<file id>-<position>``) so pages can link to it in the catalog."""

    anchor: str
    reason: Reason
    problems: tuple[str, ...]
    """What it speaks to, the same for the catalog's groups and its filter (see ``problems_of``)."""

    @property
    def home(self) -> str:
        """The offering the catalog lists it under: the first one it proves."""
        return self.reason.offerings[0]

    @property
    def element_id(self) -> str:
        """Its id on every catalog page that shows it in full."""
        return f"reason-{self.anchor}"

    @property
    def address(self) -> str:
        """Where it always is, whatever the catalog's size: its home offering's catalog page, at its anchor (a docs path).

        The one place a link to a reason is made from: pages, the filter's index and evidence links all use it.
        """
        return f"{offering_catalog_page(self.home)}#{self.element_id}"


Entry = TypeVar("Entry")


@dataclass(frozen=True)
class Group(Generic[Entry]):
    """A titled list of entries: one offering's reasons, one problem's mistakes."""

    id: str
    title: str
    entries: list[Entry]


@dataclass(frozen=True)
class OptionLink:
    """The offering option that avoids a mistake, with the names a page shows."""

    offering_id: str
    offering_name: str
    option_id: str
    option_name: str


@dataclass(frozen=True)
class MistakeEntry:
    """A mistake with what pages link it to: the option that avoids it and the offerings it concerns, by name."""

    mistake: Mistake
    avoided_by: OptionLink | None
    offerings: dict[str, str]


def mistake_entry(content: Content, mistake: Mistake) -> MistakeEntry:
    offerings = {offering_id: content.offerings[offering_id].model.name for offering_id in mistake.offerings if offering_id in content.offerings}
    return MistakeEntry(mistake, _option_link(content, mistake.option), offerings)


def _option_link(content: Content, reference: str | None) -> OptionLink | None:
    offering_id, _, option_id = (reference or "").partition("/")
    offering = content.offerings.get(offering_id)
    option = next((option for option in offering.model.options if option.id == option_id), None) if offering else None
    return OptionLink(offering_id, offering.model.name, option_id, option.name) if offering and option else None


def reason_entries(content: Content) -> list[ReasonEntry]:
    return [_entry(content, located) for located in content.reasons]


def entries_proving(content: Content, offering_id: str) -> list[ReasonEntry]:
    """The entries of the reasons that prove one offering, in catalog order, without making an entry for every other reason."""
    return [_entry(content, located) for located in content.reasons if offering_id in located.model.offerings]


def _entry(content: Content, located: Located[Reason]) -> ReasonEntry:
    return ReasonEntry(_anchor(located), located.model, problems_of(content, located.model))


@dataclass(frozen=True)
class ReasonIndex:
    """Every reason, and the reasons of each offering and each problem, worked out once per render.

    Pages ask it for an offering's or a problem's reasons instead of scanning every reason for every page.
    """

    entries: list[ReasonEntry]
    proving: dict[str, list[ReasonEntry]] = field(default_factory=dict)
    """By offering id, the reasons that prove it, in written order."""
    homed: dict[str, list[ReasonEntry]] = field(default_factory=dict)
    """By offering id, the reasons whose home it is, in written order."""
    about: dict[str, list[ReasonEntry]] = field(default_factory=dict)
    """By problem id, the reasons that speak to it, in written order."""

    @classmethod
    def of(cls, content: Content) -> ReasonIndex:
        index = cls(reason_entries(content))
        for entry in index.entries:
            index.homed.setdefault(entry.home, []).append(entry)
            for offering_id in dict.fromkeys(entry.reason.offerings):
                index.proving.setdefault(offering_id, []).append(entry)
            for problem_id in dict.fromkeys(entry.problems):
                index.about.setdefault(problem_id, []).append(entry)
        return index

    def proving_offering(self, offering_id: str) -> list[ReasonEntry]:
        return self.proving.get(offering_id, [])

    def about_problem(self, problem_id: str) -> list[ReasonEntry]:
        return self.about.get(problem_id, [])


def problems_of(content: Content, reason: Reason) -> tuple[str, ...]:
    """The problems a reason names, or, when it names none, the problems its offerings solve."""
    if reason.problems:
        return tuple(reason.problems)
    solved = (problem_id for offering_id in reason.offerings if offering_id in content.offerings for problem_id in content.offerings[offering_id].model.problems)
    return tuple(dict.fromkeys(solved))


def _anchor(located: Located[Reason]) -> str:
    file_id = PurePosixPath(located.source.relative).stem
    position = located.path[0] if located.path else 0
    return f"{file_id}-{int(position) + 1}"


def strength(reason: Reason) -> tuple[bool, bool, bool, bool]:
    """How convincing a reason is: a measured result first, then a story, a named kind of customer, the customer's own words."""
    return (reason.metric is not None, reason.story is not None, reason.customer is not None, reason.source == "customer")


def strongest(entries: Iterable[ReasonEntry], limit: int | None = None) -> list[ReasonEntry]:
    """Strongest first; equally strong reasons keep the order they were written in."""
    ranked = sorted(entries, key=lambda entry: strength(entry.reason), reverse=True)
    return ranked[:limit] if limit is not None else ranked


def offerings_solving(content: Content, problem_id: str) -> dict[str, Offering]:
    return {offering_id: located.model for offering_id, located in content.offerings.items() if problem_id in located.model.problems}


def problems_solved_by(content: Content, offering: Offering) -> dict[str, Problem]:
    return {problem_id: content.problems[problem_id].model for problem_id in offering.problems if problem_id in content.problems}


def reasons_about_problem(entries: Iterable[ReasonEntry], problem_id: str) -> list[ReasonEntry]:
    return [entry for entry in entries if problem_id in entry.problems]


def reasons_proving(entries: Iterable[ReasonEntry], offering_id: str) -> list[ReasonEntry]:
    return [entry for entry in entries if offering_id in entry.reason.offerings]


def mistakes_about_problem(content: Content, problem_id: str) -> list[MistakeEntry]:
    return [mistake_entry(content, located.model) for located in content.mistakes if problem_id in located.model.problems]


def mistakes_about_offering(content: Content, offering_id: str) -> list[MistakeEntry]:
    """Mistakes that name the offering, or that one of its options avoids."""
    return [
        mistake_entry(content, located.model)
        for located in content.mistakes
        if offering_id in located.model.offerings or (located.model.option or "").split("/")[0] == offering_id
    ]


def reasons_by_offering(index: ReasonIndex, content: Content) -> list[Group[ReasonEntry]]:
    """Every reason exactly once, under the first offering it proves (its home), offerings in content order."""
    return [Group(offering_id, located.model.name, index.homed[offering_id]) for offering_id, located in content.offerings.items() if offering_id in index.homed]


def reasons_by_problem(index: ReasonIndex, content: Content) -> list[Group[ReasonEntry]]:
    """For each problem, the reasons that speak to it (a reason may speak to several)."""
    return [Group(problem_id, located.model.name, index.about[problem_id]) for problem_id, located in content.problems.items() if problem_id in index.about]


def as_room_allows(groups: list[Group[ReasonEntry]], room: int) -> list[list[ReasonEntry]]:
    """What a page shows of each group when it holds about ``room`` reasons in all: a group that fits whole
    in its share keeps its written order; a larger one shows its strongest (one at the least)."""
    share = max(1, room // max(1, len(groups)))
    return [group.entries if len(group.entries) <= share else strongest(group.entries, share) for group in groups]


OTHER_MISTAKES = "other"
"""The group of mistakes that name no problem; its title is decide's words, not content, so pages translate it."""


def mistakes_by_problem(content: Content) -> list[Group[MistakeEntry]]:
    """Every mistake under each problem it names; those naming none come last, under "Other"."""
    groups = [Group(problem_id, located.model.name, mistakes_about_problem(content, problem_id)) for problem_id, located in content.problems.items()]
    unplaced = [mistake_entry(content, located.model) for located in content.mistakes if not located.model.problems]
    if unplaced:
        groups.append(Group(OTHER_MISTAKES, N_("Other mistakes"), unplaced))
    return [group for group in groups if group.entries]


def distinct(values: Iterable[str | None]) -> list[str]:
    """Filter choices: each value once, sorted without regard to case."""
    return sorted({value for value in values if value}, key=lambda value: (value.casefold(), value))


def calculators_for(content: Content, offering_id: str) -> dict[str, Calculator]:
    """The calculators about an offering, by id, for its page to link to."""
    return {calculator_id: located.model for calculator_id, located in content.calculators.items() if located.model.offering == offering_id}
