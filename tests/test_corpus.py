"""Every case of the bad-input corpus (tests/corpus/cases.py) ends in a clear message, never a crash, hang or loss.

The corpus runs once, in its own process (tests/corpus/runner.py), each case forked under a 1 GiB address-space
limit and a time limit; these tests then hold each outcome to the promise made to users.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT
from tests.corpus.cases import Case, all_cases

CASES = {case.name: case for case in all_cases()}

LONGEST_REPORT = 100_000
"""Characters: a report longer than this is echoing the file, not explaining it."""


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest) -> dict[str, dict[str, object]]:
    """The outcome of each corpus case this run selected, by name."""
    selected = [item.callspec.params["name"] for item in request.session.items if item.module is sys.modules[__name__] and hasattr(item, "callspec")]
    only = selected[0] if len(selected) == 1 else ""
    finished = subprocess.run(
        [sys.executable, "-m", "tests.corpus.runner", "--only", only], cwd=PROJECT, capture_output=True, text=True, timeout=1800, check=True
    )
    return {outcome["name"]: outcome for outcome in map(json.loads, finished.stdout.splitlines())}


def test_the_corpus_is_large_and_covers_every_class() -> None:
    assert len(CASES) >= 300
    classes = {name.split("-")[0] for name in CASES}
    assert {"text", "number", "structure", "markdown", "file", "formula", "calc", "selector", "locale", "csv"} <= classes


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_gets_a_clear_message(outcomes: dict[str, dict[str, object]], name: str) -> None:
    case: Case = CASES[name]
    outcome = outcomes[name]
    report = str(outcome["output"])
    assert outcome["status"] is not None, f"decide {' '.join(case.args)} was still running after the time limit"
    assert "Traceback" not in report and "internal error" not in report and "escaped decide" not in report, report[-2000:]
    assert outcome["status"] == case.status, report[-2000:]
    assert case.names in report, f"the report does not name {case.names}:\n{report[-2000:]}"
    assert "NaN" not in report and "Infinity" not in report, report[-2000:]
    assert int(str(outcome["output_size"])) < LONGEST_REPORT, "the report echoes far more than it explains"
    assert "root:x:0:0" not in report, "a file from outside content/ was printed"
    assert outcome["watched_after"] == outcome["watched_before"], "files in the output folder changed"
