"""Each YAML trap gives a clear error at the right file, line and field, in text and in JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import problem_at

PROBLEM = "problems/picking-errors.yml"

TRAPS = [
    pytest.param(
        PROBLEM,
        b"name: Picking errors\n\tsummary: Wrong items shipped\n",
        "E002", 2, 1, "", "tab",
        id="tab-indentation",
    ),
    pytest.param(
        PROBLEM,
        b"name: Picking errors\nsummary: One\nsummary: Two\n",
        "E004", 3, 1, "summary", "appears twice",
        id="duplicate-key",
    ),
    pytest.param(PROBLEM, b"name: no\nsummary: Wrong items shipped\n", "E012", 1, 7, "name", "boolean false", id="no-as-boolean"),
    pytest.param(PROBLEM, b"name: Yes\nsummary: Wrong items shipped\n", "E012", 1, 7, "name", "boolean true", id="yes-as-boolean"),
    pytest.param(PROBLEM, b"name: Picking errors\nsummary: on\n", "E012", 2, 10, "summary", '"on"', id="on-as-boolean"),
    pytest.param(PROBLEM, b"name: 2024-05-01\nsummary: Wrong items\n", "E013", 1, 7, "name", "as a date", id="date-as-text"),
    pytest.param(PROBLEM, b"name: 1.5\nsummary: Wrong items\n", "E013", 1, 7, "name", "as a number", id="number-as-text"),
    pytest.param(PROBLEM, b"name:\nsummary: Wrong items\n", "E014", 1, 6, "name", "empty", id="empty-value"),
    pytest.param(PROBLEM, b"", "E005", 0, 0, "", "empty", id="empty-file"),
    pytest.param(PROBLEM, b"# just a comment\n", "E005", 0, 0, "", "empty", id="comments-only"),
    pytest.param(PROBLEM, b"---\n", "E005", 0, 0, "", "empty", id="document-marker-only"),
    pytest.param(PROBLEM, b"name: a\nsummary: b\n<<: {body: c}\n", "E003", 3, 1, "", "Merge keys", id="merge-key"),
    pytest.param(PROBLEM, b"name: !!python/object:os.system a\nsummary: b\n", "E003", 1, 7, "name", "!!python/object", id="type-tag"),
    pytest.param(PROBLEM, b"- name: Picking errors\n", "E006", 1, 1, "", "must hold fields", id="list-instead-of-mapping"),
    pytest.param(PROBLEM, b"Picking errors\n", "E006", 1, 1, "", "single value", id="scalar-instead-of-mapping"),
    pytest.param(
        "reasons/stock-planner.yml",
        b"result: A wholesaler cut stockouts from 40 to 6 a month.\noffirings: [stock-planner]\n",
        "E006", 1, 1, "", "must hold a list",
        id="mapping-instead-of-list",
    ),
    pytest.param(PROBLEM, "name: Caf\u00e9\nsummary: x\n".encode("latin-1"), "E001", 1, 10, "", "UTF-8", id="latin-1-bytes"),
    pytest.param(PROBLEM, b"name: Picking: the errors\nsummary: x\n", "E003", 1, 14, "", "double quotes", id="colon-in-text"),
    pytest.param(PROBLEM, b'name: "Picking errors\nsummary: x\n', "E003", 1, 7, "", "quote is opened here", id="unclosed-quote"),
    pytest.param(PROBLEM, b"name: x\nproblems: [picking-errors\nsummary: x\n", "E003", 2, 11, "", "never closed with `]`", id="unclosed-list"),
    pytest.param(PROBLEM, b"name: x\nsummary: {x\n", "E003", 2, 10, "", "never closed with `}`", id="unclosed-brace"),
    pytest.param(PROBLEM, b"name: Picking errors\n  summary: x\n", "E003", 2, 10, "", "YAML cannot read", id="bad-indentation"),
    pytest.param(PROBLEM, b"name: `picking`\nsummary: x\n", "E003", 1, 7, "", "double quotes", id="reserved-character"),
    pytest.param(PROBLEM, b"name: *picking\nsummary: x\n", "E003", 1, 7, "name", "reference", id="alias-as-text"),
    pytest.param(
        PROBLEM, "name: \u201cPicking: errors\u201d\nsummary: x\n".encode(), "E003", 1, 15, "", "Curly quotes",
        id="curly-quotes",
    ),
    pytest.param(PROBLEM, b"name: Picking errors\nsummary: [wrong, items]\n", "E014", 2, 10, "summary", "found a list", id="list-for-text"),
]


@pytest.mark.parametrize(("file", "text", "code", "line", "column", "field", "words"), TRAPS)
def test_trap_is_reported_at_its_place(check, decide, content: Path, file, text, code, line, column, field, words) -> None:
    (content / file).write_bytes(text)

    run = check()

    assert run.status == 1
    problem = problem_at(run, f"content/{file}", code)
    assert (problem["severity"], problem["line"], problem["column"], problem["field"]) == ("error", line, column, field)
    assert words in problem["message"]
    as_text = decide("check", cwd=content.parent)
    assert as_text.status == 1
    where = f"content/{file}:{line}:{column}: error {code}" if line else f"content/{file}: error {code}"
    assert where in as_text.out


def test_duplicate_key_keeps_checking_the_rest_of_the_file(check, content: Path) -> None:
    (content / PROBLEM).write_bytes(b"name: Picking errors\nname: Again\nsumary: x\n")

    run = check()

    assert {problem["code"] for problem in run.problems if problem["file"] == f"content/{PROBLEM}"} == {"E004", "E010", "E011"}


def test_yaml_extension_is_named_with_the_fix(check, content: Path) -> None:
    (content / PROBLEM).rename(content / "problems" / "picking-errors.yaml")

    run = check()

    problem = problem_at(run, "content/problems/picking-errors.yaml", "E007")
    assert "rename this file to picking-errors.yml" in problem["message"]


def test_file_name_that_is_not_an_id(check, content: Path) -> None:
    (content / PROBLEM).rename(content / "problems" / "Picking Errors.yml")

    run = check()

    problem = problem_at(run, "content/problems/Picking Errors.yml", "E030")
    assert "picking-errors.yml" in problem["message"]


def test_quoted_words_are_text(check, content: Path) -> None:
    (content / PROBLEM).write_bytes(b'name: "no"\nsummary: \'2024-05-01\'\n')

    run = check()

    assert not [problem for problem in run.problems if problem["file"] == f"content/{PROBLEM}"]
