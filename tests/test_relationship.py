"""The relationship assessment, content/relationship.yml: loading it, its shorthands, and what `decide check` says about it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_content
from generator.load.models import Relationship, RelationshipQuestion, Touchpoint
from tests.conftest import EXAMPLE_CONTENT, problem_at

FILE = "relationship.yml"
EXAMPLE = (EXAMPLE_CONTENT / FILE).read_text(encoding="utf-8")
LEVELS = [{"id": "supplier", "name": "Supplier", "description": "We buy from them."}, {"id": "partner", "name": "Partner", "description": "We plan with them."}]


def write_relationship(content: Path, text: str) -> None:
    (content / FILE).write_text(text, encoding="utf-8")


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line holding ``fragment``."""
    lines = [number for number, line in enumerate(text.splitlines(), 1) if fragment in line]
    return lines[occurrence - 1]


def test_the_example_loads_as_written(example_content) -> None:
    relationship = example_content.relationship.model

    assert [level.id for level in relationship.levels] == ["supplier", "preferred-supplier", "problem-solver", "trusted-adviser", "partner"]
    assert [question.answer for question in relationship.questions] == ["level", "level", "words"]
    assert relationship.questions[2].text == "What would have to change to get there?"
    assert [touchpoint.name for touchpoint in relationship.touchpoints] == ["Sales", "Onboarding", "Support", "Delivery and installation", "Invoicing", "Software and devices"]
    assert all(touchpoint.description for touchpoint in relationship.touchpoints)
    assert relationship.action == "book-call"
    assert example_content.relationship.source.relative == "content/relationship.yml"


def test_the_example_passes_the_strict_check(check) -> None:
    run = check("--strict")

    assert (run.status, run.problems) == (0, [])


def test_a_question_or_a_touchpoint_may_be_written_as_text() -> None:
    shorthand = Relationship.model_validate({"levels": LEVELS, "questions": ["What would have to change?"], "touchpoints": ["Delivery"]})
    written_out = Relationship.model_validate(
        {"levels": LEVELS, "questions": [{"text": "What would have to change?", "answer": "words"}], "touchpoints": [{"name": "Delivery"}]}
    )

    assert shorthand == written_out
    assert shorthand.questions == [RelationshipQuestion(text="What would have to change?", answer="words")]
    assert shorthand.touchpoints == [Touchpoint(name="Delivery", description=None)]
    assert (shorthand.title, shorthand.intro, shorthand.action) == ("Where does our relationship stand?", None, None)


def test_without_the_file_there_is_no_assessment_and_no_problem(check, content: Path) -> None:
    (content / FILE).unlink()

    run = check("--strict")

    assert (run.status, run.problems) == (0, [])
    assert load_content(content, content.parent)[0].relationship is None


def test_two_levels_with_the_same_id(check, content: Path) -> None:
    text = EXAMPLE.replace("- id: partner", "- id: supplier")
    write_relationship(content, text)

    problem = problem_at(check(), f"content/{FILE}", "E060")

    line = line_of(text, "- id: supplier", 2)
    assert (problem["line"], problem["column"], problem["field"]) == (line, text.splitlines()[line - 1].index("supplier") + 1, "levels[4].id")
    assert "already used by level 1" in problem["message"]


def test_no_question_answered_with_a_level(check, content: Path) -> None:
    text = EXAMPLE.replace("answer: level", "answer: words")
    write_relationship(content, text)

    run = check()

    problem = problem_at(run, f"content/{FILE}", "E061")
    assert run.status == 1
    assert (problem["line"], problem["column"], problem["field"]) == (line_of(text, "- text: Where is our relationship today?"), 3, "questions")
    assert "Add `answer: level`" in problem["message"]


def test_an_unknown_action_is_an_error_where_it_is_written(check, content: Path) -> None:
    text = EXAMPLE.replace("action: book-call", "action: book-a-call")
    write_relationship(content, text)

    problem = problem_at(check(), f"content/{FILE}", "E020")

    assert (problem["line"], problem["column"], problem["field"]) == (line_of(text, "action: book-a-call"), 9, "action")
    assert "Did you mean `book-call`?" in problem["message"]


@pytest.mark.parametrize(
    ("old", "new", "at", "code", "field", "words"),
    [
        pytest.param("description: Calls", "descripton: Calls", "descripton", "E011", "touchpoints[0].descripton", "Did you mean `description`?", id="misspelt-field"),
        pytest.param("    name: Preferred supplier\n", "", "- id: preferred-supplier", "E010", "levels[1].name", "the level's name", id="missing-field"),
        pytest.param("answer: level", "answer: tick", "answer: tick", "E015", "questions[0].answer", "expected one of: level or words", id="unknown-answer"),
        pytest.param("  - What would", "  - 3\n  - What would", "- 3", "E015", "questions[2]", "write the question as text", id="number-for-question"),
    ],
)
def test_a_wrong_field_is_a_schema_error_with_file_and_line(check, content: Path, old: str, new: str, at: str, code: str, field: str, words: str) -> None:
    assert old in EXAMPLE
    text = EXAMPLE.replace(old, new, 1)
    write_relationship(content, text)

    run = check()

    problem = problem_at(run, f"content/{FILE}", code)
    assert run.status == 1
    assert (problem["line"], problem["field"]) == (line_of(text, at), field)
    assert words in problem["message"]


def test_too_few_levels_says_how_many_are_needed(check, content: Path) -> None:
    start = EXAMPLE.index("  - id: preferred-supplier")
    write_relationship(content, EXAMPLE[:start] + EXAMPLE[EXAMPLE.index("questions:") :])

    problem = problem_at(check(), f"content/{FILE}", "E015")

    assert (problem["field"], problem["message"]) == ("levels", "The list has 1 entry; give at least 2.")


def test_the_relationship_file_is_not_a_stray_but_other_files_are(check, content: Path) -> None:
    (content / "notes.yml").write_text("a: b\n", encoding="utf-8")

    run = check()

    assert [problem["file"] for problem in run.problems if problem["code"] == "W001"] == ["content/notes.yml"]
    assert "site.yml and relationship.yml" in problem_at(run, "content/notes.yml", "W001")["message"]


def test_a_relationship_yaml_file_is_to_be_renamed(check, content: Path) -> None:
    (content / FILE).rename(content / "relationship.yaml")

    run = check()

    assert "rename this file to relationship.yml" in problem_at(run, "content/relationship.yaml", "E007")["message"]
    assert "W001" not in run.codes()
