"""A deliberately broken content folder: its whole report is pinned as golden files."""

from __future__ import annotations

from tests.conftest import PROJECT

BROKEN = "tests/broken-content"


def test_json_report_of_broken_content(decide, data_regression) -> None:
    run = decide("check", "--content", BROKEN, "--format", "json", cwd=PROJECT)

    assert run.status == 1
    data_regression.check(run.problems)


def test_text_report_of_broken_content(decide, file_regression) -> None:
    run = decide("check", "--content", BROKEN, cwd=PROJECT)

    assert run.status == 1
    file_regression.check(run.out, extension=".txt")


def test_every_file_with_a_problem_is_named(decide) -> None:
    run = decide("check", "--content", BROKEN, "--format", "json", cwd=PROJECT)

    every_file = {path.relative_to(PROJECT).as_posix() for path in (PROJECT / BROKEN).rglob("*") if path.is_file()}
    assert {problem["file"] for problem in run.problems} == every_file
