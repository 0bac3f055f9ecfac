"""Issue 22 audited on content of its own (not the example's): what the audit found wrong, each proved once."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import problem_at

INVOICING = "  - id: invoicing\n    name: Invoicing\n    description: Clear, correct invoices and quick answers to billing questions.\n"
"""The example's invoicing touchpoint, to write over."""


def test_a_touchpoint_named_as_another_ones_leader_column_is_an_error(check, content: Path) -> None:
    """``Sales leader`` gives the id ``sales-leader``, which an answer file's header and a link's key match as
    ``sales_leader``, the leader's rating of ``sales``: one column would mean two things, and every link the
    assessment page writes for it would be refused as giving ``sales_leader`` twice."""
    path = content / "relationship.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(INVOICING, "  - Sales leader\n", 1), encoding="utf-8")
    line = text[: text.index(INVOICING)].count("\n") + 1

    problem = problem_at(check(), "content/relationship.yml", "E069")

    assert (problem["line"], problem["field"]) == (line, "touchpoints[4]")
    assert "`sales-leader` is also the column of the leading competitor's rating of the touchpoint `sales` (`sales_leader`)" in problem["message"]
    assert "`- id: sales-leader-touchpoint` with `name: Sales leader`" in problem["message"]


def test_a_text_sent_by_the_form_without_its_script_reads_back_as_typed(decide, tmp_path: Path) -> None:
    """A form sent without JavaScript writes a line break as CR LF (%0D%0A); the script's link, LF (%0A)."""
    links = tmp_path / "links.txt"
    links.write_text(
        "https://x.example/assessment/?name=Ann&today=supplier&desired=partner&moment=Late+twice%0D%0Athen+early\n"
        "https://x.example/el/assessment/?name=Bo&today=supplier&desired=partner&moment=Late+twice%0Athen+early\n",
        encoding="utf-8",
    )

    run = decide("relationship", "report", str(links), "--customer", "Acme", "--format", "json")

    assert run.status == 0, run.err
    assert json.loads(run.out)["moments"] == ["Late twice\nthen early", "Late twice\nthen early"]
