"""A company replaces content/ with its own: the suite must not care which company content/ holds.

Every other test reads the pinned example (tests/example/content). This file holds the one test that
checks content/ itself, and proves that the suite survives another company: a copy of the project
whose content/ is a small invented company (tests/other-company/content) runs part of the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT

OTHER_COMPANY = PROJECT / "tests" / "other-company" / "content"

CONTENT_INDEPENDENT = [
    "tests/test_other_content.py::test_the_content_folder_passes_check",
    "tests/test_cli.py",
    "tests/test_one_run.py",
    "tests/test_references.py",
]
"""Cheap files that read only the pinned example, plus the check of content/ itself; not this file's
other tests, which would copy the project again from inside the copy."""


def test_the_content_folder_passes_check(decide) -> None:
    """Whatever company content/ holds, it must be one decide can build: no errors (warnings are the company's to weigh)."""
    run = decide("check", cwd=PROJECT)

    assert run.status == 0, run.out


def test_the_other_company_passes_check(decide) -> None:
    run = decide("check", "--content", str(OTHER_COMPANY), "--format", "json", cwd=PROJECT)

    assert run.status == 0, run.out
    assert run.codes() == {"R101"}


OWN_OPTIONS = {name: value for name, value in os.environ.items() if name != "PYTEST_ADDOPTS"}
"""The inner run takes no options meant for the outer one (a --basetemp there would hold the copy itself)."""


def test_the_suite_passes_with_another_company_in_content(tmp_path: Path) -> None:
    copy = tmp_path / "project"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (PROJECT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, copy / name)
    shutil.rmtree(copy / "content")
    shutil.copytree(OTHER_COMPANY, copy / "content")

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *CONTENT_INDEPENDENT],
        cwd=copy, capture_output=True, text=True, timeout=120, check=False, env=OWN_OPTIONS,
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
