"""The command line: exit statuses, output formats, and where the project is found."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE_CONTENT, PROJECT


def test_example_content_passes_strict(decide) -> None:
    run = decide("check", "--strict")

    assert run.status == 0, run.out
    assert "no errors, no warnings" in run.out


def test_json_report_of_clean_content_is_an_empty_list(decide) -> None:
    run = decide("check", "--format", "json")

    assert (run.status, json.loads(run.out)) == (0, [])


def test_json_objects_have_the_documented_keys(check, content: Path) -> None:
    (content / "problems" / "picking-errors.yml").write_text("name: no\n")

    run = check()

    assert run.problems
    for problem in run.problems:
        assert list(problem) == ["severity", "file", "line", "column", "field", "code", "message"]


def test_content_option_points_elsewhere(decide, content: Path, tmp_path: Path) -> None:
    (content / "problems" / "picking-errors.yml").write_text("name: no\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    run = decide("check", "--content", str(content), "--format", "json", cwd=elsewhere)

    assert run.status == 1
    assert "../content/problems/picking-errors.yml" in {problem["file"] for problem in run.problems}


def test_no_content_folder_is_a_usage_error(decide, tmp_path: Path) -> None:
    run = decide("check", cwd=tmp_path)

    assert run.status == 2
    assert "No content folder" in run.err and "--content" in run.err


def test_unknown_option_is_a_usage_error(decide) -> None:
    assert decide("check", "--formt", "json").status == 2


def test_bad_format_is_a_usage_error(decide) -> None:
    assert decide("check", "--format", "xml").status == 2


def test_installed_command_runs_from_the_project(tmp_path: Path) -> None:
    """The console script, as a user runs it, finds content/ from the current directory."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE_CONTENT, project / "content")
    decide = Path(sys.executable).parent / "decide"

    done = subprocess.run([str(decide), "check", "--format", "json"], cwd=project, capture_output=True, text=True, check=False)

    assert (done.returncode, json.loads(done.stdout)) == (0, [])


def test_build_writes_a_site(decide, content: Path) -> None:
    project = content.parent
    shutil.copy(PROJECT / "mkdocs.yml", project)
    shutil.copytree(PROJECT / "templates", project / "templates")

    run = decide("build", cwd=project)

    assert run.status == 0, run.err
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "What are you trying to solve?" in home and "Fernhollow Systems" in home


def test_failed_build_leaves_site_unchanged(decide, content: Path) -> None:
    project = content.parent
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    (content / "problems" / "picking-errors.yml").write_text("name: no\n")

    run = decide("build", cwd=project)

    assert run.status == 1
    assert "E012" in run.err and "site/ is unchanged" in run.err
    assert [path.name for path in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "previous build"


def test_no_traceback_when_run_as_a_module(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=tmp_path, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})

    assert done.returncode == 2 and "Traceback" not in done.stderr
