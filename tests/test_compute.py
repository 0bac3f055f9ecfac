"""The compute step: which reasons a page shows and in what order, and how the catalog and report group them."""

from __future__ import annotations

import pytest

from generator.compute import catalog
from generator.load import load_content
from generator.load.models import Metric, Reason
from tests.conftest import EXAMPLE_CONTENT


@pytest.fixture(scope="module")
def example():
    content, diagnostics = load_content(EXAMPLE_CONTENT, EXAMPLE_CONTENT.parent)
    assert not diagnostics
    return content


def entry(anchor: str, **fields) -> catalog.ReasonEntry:
    reason = Reason(result=f"Result {anchor}", offerings=["stock-planner"], **fields)
    return catalog.ReasonEntry(anchor, reason, tuple(reason.problems))


def test_measured_results_come_first_then_stories_then_named_customers_and_written_order_breaks_ties():
    plain = entry("plain")
    story = entry("story", story="What happened.")
    measured = entry("measured", metric=Metric(value=5, unit="days"))
    measured_too = entry("measured-too", metric=Metric(value=9, unit="days"))

    ranked = catalog.strongest([plain, story, measured, measured_too])

    assert [reason.anchor for reason in ranked] == ["measured", "measured-too", "story", "plain"]
    assert catalog.strongest([plain, story, measured], limit=1) == [measured]


def test_anchors_are_the_file_and_position(example):
    anchors = [reason.anchor for reason in catalog.reason_entries(example)]
    assert len(set(anchors)) == len(anchors) == 111
    assert "stock-planner-1" in anchors


def test_the_catalog_lists_every_reason_once_under_the_first_offering_it_proves(example):
    entries = catalog.reason_entries(example)
    groups = catalog.reasons_by_offering(catalog.ReasonIndex.of(example), example)
    listed = [reason.anchor for group in groups for reason in group.entries]
    assert sorted(listed) == sorted(reason.anchor for reason in entries)
    assert all(reason.reason.offerings[0] == group.id for group in groups for reason in group.entries)


def test_by_problem_a_reason_appears_under_each_problem_it_names(example):
    entries = catalog.reason_entries(example)
    groups = {group.id: group for group in catalog.reasons_by_problem(catalog.ReasonIndex.of(example), example)}
    for reason in entries:
        for problem in reason.reason.problems:
            assert reason in groups[problem].entries


def test_a_reason_naming_no_problem_speaks_to_the_problems_its_offerings_solve(example):
    unnamed = Reason(result="Result", offerings=["stock-planner"])
    named = Reason(result="Result", offerings=["stock-planner"], problems=["picking-errors"])
    assert catalog.problems_of(example, unnamed) == tuple(example.offerings["stock-planner"].model.problems)
    assert catalog.problems_of(example, named) == ("picking-errors",)
    listed = catalog.ReasonEntry("unnamed", unnamed, catalog.problems_of(example, unnamed))
    assert catalog.reasons_about_problem([listed], "stockouts-and-overstock") == [listed]
    assert catalog.reasons_about_problem([listed], "picking-errors") == []


def test_every_mistake_is_in_the_report_under_each_problem_it_names(example):
    groups = catalog.mistakes_by_problem(example)
    titles = {mistake.mistake.title for group in groups for mistake in group.entries}
    assert titles == {located.model.title for located in example.mistakes}
    two_problems = next(group for group in groups if group.id == "spreadsheet-sprawl")
    assert any("stockouts-and-overstock" in mistake.mistake.problems for mistake in two_problems.entries)


def test_a_mistake_links_to_the_option_that_avoids_it_by_name(example):
    mistakes = catalog.mistakes_about_offering(example, "scan-to-ship")
    options = {mistake.avoided_by.option_name for mistake in mistakes if mistake.avoided_by}
    assert {"Starter Kit", "Rugged Lease"} <= options
    assert all(mistake.avoided_by.offering_name == "Scan-to-Ship" for mistake in mistakes if mistake.avoided_by and mistake.avoided_by.offering_id == "scan-to-ship")


def test_filter_choices_are_distinct_and_sorted_without_regard_to_case():
    assert catalog.distinct(["b", "A", None, "b", "a"]) == ["A", "a", "b"]
