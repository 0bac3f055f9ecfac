"""Every problem in one run: an error in one part of a file does not hide the others, nor invent errors elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check.calculators import unscaled_percents
from generator.formulas import parse
from tests.conftest import Run, problem_at, translate_in_greek

CALCULATOR = "calculators/scan-to-ship-payback.yml"
SELECTOR = "selectors/where-to-start.yml"
OFFERING = "offerings/scan-to-ship.yml"


def edit(content: Path, file: str, old: str, new: str) -> str:
    """Replaces ``old`` (which must be there) in a file of the content copy; returns the new text."""
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    return changed


def line_of(text: str, written: str) -> int:
    return text.splitlines().index(written) + 1


def second_line_of(text: str, written: str) -> int:
    return text.splitlines().index(written, line_of(text, written)) + 1


def codes_and_lines(run: Run, file: str) -> set[tuple[str, int]]:
    return {(str(problem["code"]), int(problem["line"])) for problem in run.problems if problem["file"] == f"content/{file}"}


def test_formula_errors_beside_an_input_id_error(check, content: Path) -> None:
    edit(content, CALCULATOR, "  - id: hourly_cost", "  - id: Hourly Cost")
    text = edit(content, CALCULATOR, "    monthly: pickers * 39", "    monthly: pickers ** 39")

    run = check()

    assert codes_and_lines(run, CALCULATOR) == {("E015", line_of(text, "  - id: Hourly Cost")), ("E051", line_of(text, "    monthly: pickers ** 39"))}
    assert "at character 9" in problem_at(run, f"content/{CALCULATOR}", "E051")["message"]


def test_formula_naming_a_wrongly_written_input_is_not_also_an_error(check, content: Path) -> None:
    """`hourly_cost` in a formula, its input written `Hourly Cost`: the id's own error says what to write, once."""
    edit(content, CALCULATOR, "  - id: hourly_cost", "  - id: Hourly Cost")

    assert {code for code, _ in codes_and_lines(check(), CALCULATOR)} == {"E015"}


def fields_and_codes(run: Run, file: str) -> set[tuple[str, str]]:
    return {(str(problem["field"]), str(problem["code"])) for problem in run.problems if problem["file"] == f"content/{file}"}


def test_a_rule_across_fields_beside_an_error_in_one_of_them(check, content: Path) -> None:
    """An input's `min` above its `max` is reported in the same run as its wrong id."""
    edit(content, CALCULATOR, "  - id: hourly_cost", "  - id: Hourly Cost")
    edit(content, CALCULATOR, "    min: 5\n    max: 100", "    min: 5\n    max: 1")

    run = check()

    assert fields_and_codes(run, CALCULATOR) == {("inputs[5].id", "E015"), ("inputs[5]", "E015")}
    assert "`min` (5) must be smaller than `max` (1)" in next(problem["message"] for problem in run.problems if problem["field"] == "inputs[5]")


def test_a_rule_that_needs_a_field_in_error_is_not_guessed(check, content: Path) -> None:
    """`once: yes` is wrong; the item is not also told it has no `once`, `monthly` or `yearly`."""
    edit(content, CALCULATOR, "    once: 4500 + round(pickers * 1.2, 0) * 650", "    once: yes")

    assert fields_and_codes(check(), CALCULATOR) == {("costs[0].once", "E015")}


def test_number_bands_beside_an_unquoted_yes(check, content: Path) -> None:
    edit(content, SELECTOR, "    help: Write 0 if you do not run a warehouse.", "    help: yes")
    text = edit(content, SELECTOR, "      - up_to: 4\n", "      - up_to: -1\n")

    run = check()

    assert codes_and_lines(run, SELECTOR) == {("E012", line_of(text, "    help: yes")), ("E043", line_of(text, "      - up_to: -1"))}


def test_a_question_that_validates_is_checked_beside_one_that_does_not(check, content: Path) -> None:
    edit(content, SELECTOR, "        label: Software that takes over the routine work", "        label: no")
    text = edit(content, SELECTOR, "      - id: cover", "      - id: catch-errors")

    run = check()

    assert codes_and_lines(run, SELECTOR) == {("E012", line_of(text, "        label: no")), ("E042", second_line_of(text, "      - id: catch-errors"))}


def test_repeated_ids_in_a_question_with_an_error(check, content: Path) -> None:
    edit(content, SELECTOR, "        label: Software that takes over the routine work", "        label: no")
    edit(content, SELECTOR, "      - id: managed", "      - id: coaching")
    text = edit(content, SELECTOR, "  - id: pickers", "  - id: goals")

    run = check()

    assert codes_and_lines(run, SELECTOR) == {
        ("E012", line_of(text, "        label: no")),
        ("E042", second_line_of(text, "      - id: coaching")),
        ("E041", second_line_of(text, "  - id: goals")),
    }


def test_markdown_of_an_entry_with_a_schema_error_is_checked(check, content: Path) -> None:
    edit(content, "offerings/care-plan.yml", "name: Care Plan", "name: no")
    text = edit(content, "offerings/care-plan.yml", "body: |\n", "body: |\n  ![diagram](https://fernhollow.example/d.png)\n")

    run = check()

    assert codes_and_lines(run, "offerings/care-plan.yml") == {("E012", 1), ("W003", line_of(text, "body: |"))}


def test_a_tab_in_an_offering_makes_no_errors_in_other_files(decide, check, content: Path) -> None:
    """Its options and problems are unknown, not absent: no E020 in the mistakes naming them, no R105 for its problems."""
    (content / "problems" / "late-picks.yml").write_text("name: Late picks\nsummary: Orders leave late.\n", encoding="utf-8")
    edit(content, OFFERING, "problems:\n", "problems:\n  - late-picks\n")
    translate_in_greek(decide, content, {"Late picks": "Αργές συλλογές", "Orders leave late.": "Οι παραγγελίες φεύγουν αργά."})
    edit(content, OFFERING, "summary:", "\tsummary:")
    edit(content, "offerings/care-plan.yml", "  - key-person-risk\n", "")

    run = check()

    assert {(problem["file"], problem["code"]) for problem in run.problems} == {(f"content/{OFFERING}", "E002")}


def test_a_syntax_error_in_an_offering_makes_no_errors_in_other_files(check, content: Path) -> None:
    edit(content, OFFERING, "name: Scan-to-Ship", "name: [Scan-to-Ship")

    run = check()

    assert {(problem["file"], problem["code"]) for problem in run.problems} == {(f"content/{OFFERING}", "E003")}


def test_a_tab_in_a_reasons_file_makes_no_claims_about_reason_counts(check, content: Path) -> None:
    """The reasons of Care Plan are all in the file that cannot be read: how many it has is unknown, so no R101 says 0."""
    edit(content, "reasons/care-plan.yml", "  offerings: [care-plan]", "\tofferings: [care-plan]")

    run = check()

    assert {(problem["file"], problem["code"]) for problem in run.problems} == {("content/reasons/care-plan.yml", "E002")}


def test_an_offering_with_a_schema_error_still_has_its_reasons_counted(check, content: Path) -> None:
    edit(content, OFFERING, "name: Scan-to-Ship", "name: yes")
    (content / "reasons" / "scan-to-ship.yml").write_text(
        '- result: "A 30-person wholesaler cut wrong items from 2% to 0.3% of order lines in 8 weeks"\n  offerings: [scan-to-ship]\n', encoding="utf-8"
    )

    run = check()

    assert {problem["code"] for problem in run.problems if problem["file"] == f"content/{OFFERING}"} == {"E012", "R101"}
    assert "This offering has 5 reasons;" in problem_at(run, f"content/{OFFERING}", "R101")["message"]


@pytest.mark.parametrize("name", ["README.md", "notes.txt", "logo.png", "offering.yml", "drafts"])
def test_stray_entries_beside_the_content_folders_are_w001(check, content: Path, name: str) -> None:
    if name == "drafts":
        (content / name).mkdir()
    else:
        (content / name).write_text("name: x\n", encoding="utf-8")

    run = check()

    assert [problem["code"] for problem in run.problems] == ["W001"]
    assert problem_at(run, f"content/{name}", "W001")["severity"] == "warning"


def test_a_list_item_indented_further_than_its_sibling_gets_a_hint(check, content: Path) -> None:
    text = edit(content, "offerings/care-plan.yml", "  - spreadsheet-sprawl\n", "   - spreadsheet-sprawl\n")

    run = check()

    hint = problem_at(run, "content/offerings/care-plan.yml", "W004")
    assert (hint["line"], hint["column"]) == (line_of(text, "   - spreadsheet-sprawl"), 4)
    assert "indented 1 space further" in hint["message"] and "`key-person-risk - spreadsheet-sprawl`" in hint["message"]
    assert "line 6" in hint["message"]
    assert problem_at(run, "content/offerings/care-plan.yml", "E020")["field"] == "problems[0]"


def test_a_text_with_a_dash_in_it_is_no_indentation_problem(check, content: Path) -> None:
    edit(content, "offerings/care-plan.yml", "  - spreadsheet-sprawl\n", "  - spreadsheet-sprawl\n  - key-person-risk - not a list\n")

    assert "W004" not in check().codes()


@pytest.mark.parametrize(
    ("formula", "unscaled"),
    [
        ("orders * rate", {"rate"}),
        ("orders * rate / 100", set()),
        ("rate / 100 * orders", set()),
        ("orders * (rate / 100)", set()),
        ("orders * 0.01 * rate", set()),
        ("orders * rate * 0.01 + rate", {"rate"}),
        ("orders / (rate / 100)", {"rate"}),
        ("if(rate > 5, orders, 0)", set()),
        ("min(rate, 100) / 100 * orders", set()),
        ("-rate * orders / 100", set()),
        ("orders / 100 + share * orders", {"share"}),
    ],
)
def test_which_percents_a_formula_divides_by_100(formula: str, unscaled: set[str]) -> None:
    assert unscaled_percents(parse(formula, ["orders", "rate", "share"]), {"rate", "share"}) == unscaled


def test_a_percent_input_never_divided_by_100_is_w053(check, content: Path) -> None:
    written = "    monthly: order_lines * 21.7 * error_rate / 100 * 0.8 * cost_per_error"
    text = edit(content, CALCULATOR, written, written.replace(" / 100", ""))

    run = check("--strict")

    warning = problem_at(run, f"content/{CALCULATOR}", "W053")
    assert (warning["line"], warning["column"], warning["field"]) == (line_of(text, written.replace(" / 100", "")), 14, "benefits[0].monthly")
    assert "`error_rate / 100`" in warning["message"]
    assert run.status == 1


def test_a_file_with_several_independent_errors_is_reported_whole(check, content: Path) -> None:
    """A held-out-like calculator: each of its mistakes is independent, and all come in the first run."""
    (content / CALCULATOR).write_text(CALCULATOR_WITH_SEVEN_MISTAKES, encoding="utf-8")

    run = check()

    assert sorted((str(problem["code"]), int(problem["line"]), str(problem["field"])) for problem in run.problems) == [
        ("E012", 1, "title"),  # title: yes
        ("E015", 5, "inputs[0]"),  # its max below its min
        ("E015", 5, "inputs[0].id"),  # an input id with a space
        ("E015", 11, "inputs[1]"),  # its max below its min too
        ("E020", 2, "offering"),  # an offering that does not exist
        ("E051", 19, "costs[0].once"),  # a formula with `**`
        ("W053", 22, "benefits[0].monthly"),  # a percent never divided by 100
    ]


CALCULATOR_WITH_SEVEN_MISTAKES = """\
title: yes
offering: scan-to-shop
horizon_months: 36
inputs:
  - id: Pickers Count
    label: Pickers on a typical shift
    unit: number
    default: 12
    min: 1
    max: 0
  - id: error_rate
    label: Share of order lines picked wrong today
    unit: percent
    default: 1.5
    min: 20
    max: 0
costs:
  - label: Scanners
    once: 4500 ** 2
benefits:
  - label: Fewer wrong items
    monthly: error_rate * 35 + Pickers
"""
