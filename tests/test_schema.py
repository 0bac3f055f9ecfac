"""Schema errors name the file, line, field, what was found and what is expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import problem_at

OFFERING = "offerings/stock-planner.yml"
VALID_OFFERING = """\
name: Stock Planner
summary: Plans reorders from real demand.
problems: [stockouts-and-overstock]
options:
  - id: essentials
    name: Essentials
    summary: One warehouse.
implementation:
  - step: Connect the ledger
    owner: Your finance lead
    weeks: 2
"""


def write_offering(content: Path, text: str) -> None:
    (content / OFFERING).write_text(text, encoding="utf-8")


def test_valid_offering_has_no_errors(check, content: Path) -> None:
    write_offering(content, VALID_OFFERING)

    run = check()

    assert [problem for problem in run.problems if problem["file"] == f"content/{OFFERING}" and problem["severity"] == "error"] == []


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "field", "words"),
    [
        pytest.param("summary: Plans reorders from real demand.\n", "", "E010", 1, "summary", "`summary` is missing", id="missing-field"),
        pytest.param("    summary: One warehouse.\n", "", "E010", 5, "options[0].summary", "`summary` is missing", id="missing-nested-field"),
        pytest.param("summary:", "sumary:", "E011", 2, "sumary", "Did you mean `summary`?", id="unknown-field"),
        pytest.param("    owner:", "    owners:", "E011", 10, "implementation[0].owners", "Did you mean `owner`?", id="unknown-nested-field"),
        pytest.param("problems: [stockouts-and-overstock]", "problems: []", "E015", 3, "problems", "at least one", id="empty-list"),
        pytest.param("problems: [stockouts-and-overstock]", "problems: stockouts-and-overstock", "E014", 3, "problems", "expected a list", id="text-for-list"),
        pytest.param("weeks: 2", "weeks: two", "E014", 11, "implementation[0].weeks", "whole number", id="text-for-number"),
        pytest.param("weeks: 2", "weeks: 0", "E015", 11, "implementation[0].weeks", "at least 1", id="number-too-small"),
        pytest.param("weeks: 2", "weeks: .inf", "E014", 11, "implementation[0].weeks", "whole number", id="infinity-for-whole"),
        pytest.param("weeks: 2", 'weeks: "2"', "E014", 11, "implementation[0].weeks", "in quotes, so text", id="quoted-number"),
        pytest.param("weeks: 2", "weeks: 2.5", "E014", 11, "implementation[0].weeks", "whole number", id="fraction-for-whole"),
        pytest.param("  - id: essentials", "  - id: Essentials Plan", "E015", 5, "options[0].id", "essentials-plan", id="id-not-a-slug"),
        pytest.param(
            "options:\n  - id: essentials\n    name: Essentials\n    summary: One warehouse.\n",
            "options: yes\n", "E014", 4, "options", "expected a list",
            id="boolean-for-list",
        ),
        pytest.param("    name: Essentials", "    name:\n      first: Essentials", "E014", 7, "options[0].name", "Text is expected", id="mapping-for-text"),
    ],
)
def test_schema_error(check, content: Path, old, new, code, line, field, words) -> None:
    assert old in VALID_OFFERING
    write_offering(content, VALID_OFFERING.replace(old, new, 1))

    run = check()

    assert run.status == 1
    problem = problem_at(run, f"content/{OFFERING}", code)
    assert (problem["line"], problem["field"]) == (line, field)
    assert words in problem["message"]


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        pytest.param("url: http://fernhollow.example/book", "url", "https://, mailto: or tel:", id="http-url"),
        pytest.param("url: javascript:alert(1)", "url", "https://, mailto: or tel:", id="javascript-url"),
        pytest.param("url: https://", "url", "no web address", id="https-without-host"),
        pytest.param("url: mailto:sales", "url", "no e-mail address", id="mailto-without-address"),
        pytest.param("url: tel:call-us", "url", "not a phone number", id="tel-without-number"),
    ],
)
def test_action_url_must_be_safe(check, content: Path, text: str, field: str, words: str) -> None:
    (content / "actions" / "book-call.yml").write_text(f"label: Book a call\n{text}\nthreshold: Let's talk\n", encoding="utf-8")

    run = check()

    problem = problem_at(run, "content/actions/book-call.yml", "E015")
    assert (problem["line"], problem["field"]) == (2, field)
    assert words in problem["message"]


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        pytest.param("locale", "english", "BCP 47", id="bad-locale"),
        pytest.param("currency", "POUNDS", "ISO 4217", id="bad-currency"),
    ],
)
def test_site_locale_and_currency(check, content: Path, field: str, value: str, words: str) -> None:
    site = content / "site.yml"
    lines = [f"{field}: {value}" if line.startswith(f"{field}:") else line for line in site.read_text().splitlines()]
    site.write_text("\n".join(lines) + "\n")

    run = check()

    problem = problem_at(run, "content/site.yml", "E015")
    assert problem["field"] == field and words in problem["message"]


def test_reason_source_suggests_the_closest(check, content: Path) -> None:
    (content / "reasons" / "extra.yml").write_text(
        "- result: A 30-person wholesaler cut stockouts from 12 to 2 a month.\n"
        "  offerings: [stock-planner]\n"
        "  source: salse\n",
        encoding="utf-8",
    )

    run = check()

    problem = problem_at(run, "content/reasons/extra.yml", "E015")
    assert (problem["line"], problem["column"], problem["field"]) == (3, 11, "[0].source")
    assert "Did you mean `sales`?" in problem["message"]


def test_metric_must_be_a_finite_number(check, content: Path) -> None:
    (content / "reasons" / "extra.yml").write_text(
        "- result: Stockouts fell at a 30-person wholesaler.\n"
        "  offerings: [stock-planner]\n"
        "  metric: {value: .nan, unit: stockouts}\n",
        encoding="utf-8",
    )

    problem = problem_at(check(), "content/reasons/extra.yml", "E015")

    assert (problem["line"], problem["field"]) == (3, "[0].metric.value")
    assert "ordinary number" in problem["message"]


def test_mistake_needs_offerings_or_problems(check, content: Path) -> None:
    (content / "mistakes" / "extra.yml").write_text(
        "- title: Buying scanners first\n  consequence: Nobody uses them.\n  avoid: Fix the process first.\n", encoding="utf-8"
    )

    run = check()

    problem = problem_at(run, "content/mistakes/extra.yml", "E015")
    assert (problem["line"], problem["field"]) == (1, "[0]")
    assert "`offerings` or `problems`" in problem["message"]


def test_every_problem_in_one_run(check, content: Path) -> None:
    write_offering(content, VALID_OFFERING.replace("name: Stock Planner", "name: no").replace("weeks: 2", "weeks: 0"))
    (content / "problems" / "picking-errors.yml").write_text("name: Picking\n")

    run = check()

    files_and_codes = {(problem["file"], problem["code"]) for problem in run.problems}
    assert {(f"content/{OFFERING}", "E012"), (f"content/{OFFERING}", "E015"), ("content/problems/picking-errors.yml", "E010")} <= files_and_codes
