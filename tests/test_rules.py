"""The brief's content rules are warnings with a code and a fix; --strict makes them errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import problem_at

EXTRA = "content/reasons/extra.yml"


def add_reason(content: Path, yaml_text: str) -> None:
    (content / "reasons" / "extra.yml").write_text(yaml_text, encoding="utf-8")


@pytest.mark.parametrize(
    ("result", "code", "words"),
    [
        pytest.param("Fernhollow renewed the contract for 3 more years.", "R102", "renewed", id="renewed"),
        pytest.param("The customer upgraded to 40 licences.", "R102", "upgraded", id="upgraded"),
        pytest.param("It grew our revenue by 12% in a year.", "R102", "our revenue", id="our-revenue"),
        pytest.param("Fernhollow Systems won a 3-year deal.", "R102", "Fernhollow Systems won", id="company-won"),
        pytest.param("Saves time.", "R103", "Saves time", id="saves-time"),
        pytest.param("Reduces costs and increases productivity.", "R103", "Reduces costs", id="reduces-costs"),
        pytest.param("Warehouse staff trust the stock figures again.", "R106", "no measurable result", id="no-figure"),
    ],
)
def test_reason_rule_fires(check, content: Path, result: str, code: str, words: str) -> None:
    add_reason(content, f"- result: {result}\n  offerings: [stock-planner]\n")

    run = check()

    assert run.status == 0
    problem = problem_at(run, EXTRA, code)
    assert (problem["severity"], problem["line"], problem["field"]) == ("warning", 1, "[0].result")
    assert words in problem["message"]


@pytest.mark.parametrize(
    "reason",
    [
        pytest.param("- result: A 40-person distributor cut month-end close from 9 to 4 working days.\n", id="figures-in-text"),
        pytest.param(
            "- result: Month-end close got shorter at a food distributor.\n"
            "  metric: {value: 5, unit: working days, before: 9, after: 4}\n",
            id="metric",
        ),
        pytest.param("- result: We cut our month-end close from 9 to 4 days.\n", id="customer-voice-we"),
    ],
)
def test_good_reason_raises_no_warning(check, content: Path, reason: str) -> None:
    add_reason(content, reason + "  offerings: [stock-planner]\n")

    run = check()

    assert [problem for problem in run.problems if problem["file"] == EXTRA] == []


def test_platitude_with_a_figure_is_not_a_platitude(check, content: Path) -> None:
    add_reason(content, "- result: Saves time at a 40-person wholesaler, 6 hours a week.\n  offerings: [stock-planner]\n")

    run = check()

    assert [problem for problem in run.problems if problem["file"] == EXTRA] == []


def test_offering_with_too_few_reasons(check, content: Path) -> None:
    (content / "reasons" / "care-plan.yml").unlink()

    run = check()

    problem = problem_at(run, "content/offerings/care-plan.yml", "R101")
    assert problem["severity"] == "warning"
    assert "aim for at least 20" in problem["message"]


def test_duplicate_reason(check, content: Path) -> None:
    first = "- result: A 40-person distributor cut month-end close from 9 to 4 working days.\n  offerings: [close-assist]\n"
    add_reason(content, first + first.replace("40-person", "40-Person"))

    problem = problem_at(check(), EXTRA, "R104")

    assert "content/reasons/extra.yml, line 1" in problem["message"]


def test_problem_no_offering_solves(check, content: Path) -> None:
    (content / "problems" / "late-deliveries.yml").write_text("name: Late deliveries\nsummary: Orders arrive late.\n")

    problem = problem_at(check(), "content/problems/late-deliveries.yml", "R105")

    assert "`late-deliveries`" in problem["message"]


def test_strict_turns_warnings_into_errors(check, content: Path) -> None:
    add_reason(content, "- result: Saves time.\n  offerings: [stock-planner]\n")

    relaxed, strict = check(), check("--strict")

    assert relaxed.status == 0 and strict.status == 1
    assert problem_at(strict, EXTRA, "R103")["severity"] == "error"


def test_stray_file_is_reported(check, content: Path) -> None:
    (content / "offering.yml").write_text("name: x\n")

    problem = problem_at(check(), "content/offering.yml", "W001")

    assert problem["severity"] == "warning"


MEASURED = "- result: A 30-person wholesaler cut picking errors from 40 to 6 a month.\n  offerings: [stock-planner]\n  metric: {value: 34, unit: picking errors}\n"


@pytest.mark.parametrize(
    ("story", "named"),
    [
        pytest.param("Before: ![chart](https://example.com/chart.png)", ["<img>", "Images are not shown"], id="image"),
        pytest.param("Read [the guide](http://example.com/guide).", ["the address of the http: link", "https://"], id="http-link"),
        pytest.param("Read [this](javascript:alert(1)).", ["the address of the javascript: link"], id="javascript-link"),
        pytest.param('It was <span style="color: red">late</span>.', ["<span>"], id="html-element"),
        pytest.param('<a href="https://example.com" onclick="go()">Here</a>', ["the onclick attribute of <a>"], id="handler"),
        pytest.param("<script>alert(1)</script>", ["<script>"], id="script"),
    ],
)
def test_markdown_the_site_would_remove_is_a_warning(check, content: Path, story: str, named: list[str]) -> None:
    add_reason(content, MEASURED + f"  story: '{story}'\n")

    problem = problem_at(check(), EXTRA, "W003")

    assert (problem["severity"], problem["line"], problem["field"]) == ("warning", 4, "[0].story")
    for words in named:
        assert words in problem["message"]


def test_markdown_the_site_keeps_is_not_a_warning(check, content: Path) -> None:
    story = "A **bold** _claim_ with [a link](https://example.com), [mail](mailto:a@example.com) and `code`.\n\n    | a | b |\n    | - | -: |\n    | 1 | 2 |\n\n    - one\n    - two"
    add_reason(content, MEASURED + "  story: |\n    " + story + "\n")

    assert "W003" not in check().codes()
