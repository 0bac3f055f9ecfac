"""Every referenced id must exist; unknown ids come with the closest known one."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import problem_at


def replace_in(path: Path, old: str, new: str) -> int:
    """Replaces the first ``old`` in ``path``; returns the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_unknown_problem_in_offering(check, content: Path) -> None:
    line = replace_in(content / "offerings" / "stock-planner.yml", "stockouts-and-overstock", "stockout-and-overstock")

    run = check()

    assert run.status == 1
    problem = problem_at(run, "content/offerings/stock-planner.yml", "E020")
    assert problem["line"] == line and problem["field"] == "problems[0]"
    assert "Did you mean `stockouts-and-overstock`?" in problem["message"]


def test_unknown_offering_in_reason(check, content: Path) -> None:
    line = replace_in(content / "reasons" / "care-plan.yml", "[care-plan", "[care-plans")

    run = check()

    problem = problem_at(run, "content/reasons/care-plan.yml", "E020")
    assert problem["line"] == line and problem["field"].endswith(".offerings[0]")
    assert "Did you mean `care-plan`?" in problem["message"]


def test_unknown_site_action(check, content: Path) -> None:
    line = replace_in(content / "site.yml", "action: book-call", "action: book-a-call")

    run = check()

    problem = problem_at(run, "content/site.yml", "E020")
    assert (problem["line"], problem["field"]) == (line, "action")
    assert "Did you mean `book-call`?" in problem["message"]


def test_unknown_offering_action(check, content: Path) -> None:
    line = replace_in(content / "offerings" / "scan-to-ship.yml", "action: visit-warehouse", "action: visit")

    run = check()

    problem = problem_at(run, "content/offerings/scan-to-ship.yml", "E020")
    assert (problem["line"], problem["field"]) == (line, "action")


def test_default_action_file_missing(check, content: Path) -> None:
    (content / "actions" / "book-call.yml").unlink()

    run = check()

    assert problem_at(run, "content/site.yml", "E020")["field"] == "action"


def test_unknown_option_in_mistake(check, content: Path) -> None:
    (content / "mistakes" / "extra.yml").write_text(
        "- title: Scanning only half the floor\n"
        "  consequence: Stock counts drift.\n"
        "  avoid: Scan every location.\n"
        "  problems: [picking-errors]\n"
        "  option: scan-to-ship/full-flor\n",
        encoding="utf-8",
    )

    run = check()

    problem = problem_at(run, "content/mistakes/extra.yml", "E020")
    assert (problem["line"], problem["field"]) == (5, "[0].option")
    assert "Did you mean `full-floor`?" in problem["message"]


def test_duplicate_option_id(check, content: Path) -> None:
    replace_in(content / "offerings" / "stock-planner.yml", "id: multi-site", "id: essentials")

    run = check()

    problem = problem_at(run, "content/offerings/stock-planner.yml", "E021")
    assert problem["field"] == "options[1].id"


def test_missing_site_file(check, content: Path) -> None:
    (content / "site.yml").unlink()

    run = check()

    assert run.status == 1
    assert "missing" in problem_at(run, "content/site.yml", "E008")["message"]


def test_reference_to_a_broken_file_is_not_reported_twice(check, content: Path) -> None:
    (content / "problems" / "picking-errors.yml").write_text("name: [broken\n")

    run = check()

    assert {problem["code"] for problem in run.problems if problem["severity"] == "error"} == {"E003"}
