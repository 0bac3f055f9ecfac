"""The ladder of thresholds: the customer actions a relationship grows through, lowest first.

A customer takes an action only once the relationship has reached its threshold, so every page and tool
should lead to the next rung. The ladder is the site's (``site.yml``'s ``thresholds``) or, when it lists
none, the brief's six. Everything here runs on content that passed the checks: every action names a rung, by
its id (the loader reads a rung's words as its id).
"""

from __future__ import annotations

from generator.load import Content
from generator.load.models import Site, Threshold


def ladder(site: Site) -> list[Threshold]:
    """The site's rungs in order, lowest first."""
    return list(site.ladder)


def own_ladder(site: Site) -> bool:
    """Whether the rungs are the site's own words (translated with the content) rather than the default's (translated by the catalogs)."""
    return bool(site.thresholds)


def rung_of(content: Content, action_id: str) -> Threshold:
    """The rung the action leads the customer to."""
    written = content.actions[action_id].model.threshold
    rung = next((rung for rung in _ladder_of(content) if rung.id == written), None)
    assert rung is not None, "the checks report an action whose threshold is not on the ladder"
    return rung


def level_rungs(content: Content) -> dict[str, str]:
    """For each relationship level, the id of the furthest rung customers at that level have reached: the level's own
    ``threshold``, or, when it has none, the rung at its place with the levels spread evenly from the lowest rung to the highest."""
    if content.relationship is None:
        return {}
    rungs = _ladder_of(content)
    levels = content.relationship.model.levels
    return {level.id: level.threshold or rungs[_spread(index, len(levels), len(rungs))].id for index, level in enumerate(levels)}


def _spread(index: int, count: int, rungs: int) -> int:
    """The rung of the ``index``-th of ``count`` levels spread evenly over ``rungs`` rungs, halves rounded up."""
    if count < 2:
        return 0
    return (2 * index * (rungs - 1) + count - 1) // (2 * (count - 1))


def action_after(content: Content, rung_id: str) -> str:
    """The id of the action leading to the next rung above ``rung_id``: the first action, by id, whose threshold is that
    rung, or, when none is, the first rung further up that one leads to; at the top of the ladder, or when no action
    leads higher, the relationship's action, else the site's."""
    rungs = _ladder_of(content)
    place = next(index for index, rung in enumerate(rungs) if rung.id == rung_id)
    leading = actions_by_rung(content)
    for rung in rungs[place + 1 :]:
        if leading.get(rung.id):
            return leading[rung.id][0]
    return fallback_action(content)


def actions_by_rung(content: Content) -> dict[str, list[str]]:
    """For each rung's id, the ids of the actions leading to it, in order of id."""
    leading: dict[str, list[str]] = {}
    for action_id in sorted(content.actions):
        leading.setdefault(rung_of(content, action_id).id, []).append(action_id)
    return leading


def fallback_action(content: Content) -> str:
    """The relationship's action, else the site's: what a relationship is led to when no rung above is reachable."""
    assert content.site is not None, "compute runs only on content that passed the checks"
    relationship = content.relationship.model if content.relationship else None
    return (relationship.action if relationship else None) or content.site.model.action


def _ladder_of(content: Content) -> list[Threshold]:
    assert content.site is not None, "compute runs only on content that passed the checks"
    return ladder(content.site.model)
