"""Issue 22 audited on content of its own (not the example's): what the audit found wrong, each proved once."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import copy_project, problem_at

INVOICING = "  - id: invoicing\n    name: Invoicing\n    description: Clear, correct invoices and quick answers to billing questions.\n"
"""The example's invoicing touchpoint, to write over."""
LADDER = """thresholds:
  - id: browse
    words: "Browse & compare"
  - id: demo
    words: Show me a demo
  - id: pilot
    words: Run a pilot
  - id: contract
    words: Sign the contract
  - id: expand
    words: Roll it out further
"""
"""Five rungs with ids of their own; an action names one by its words."""
ACTIONS = {"read-guide": "browse", "book-call": "demo", "visit-warehouse": "Show me a demo", "request-proposal": "contract"}
RELATIONSHIP = """title: How do we work together?
levels:
  - {id: vendor, name: Vendor, description: We buy when we must., threshold: browse}
  - {id: ally, name: Ally, description: We call them first.}
  - {id: advisor, name: Advisor, description: We ask before deciding., threshold: pilot}
  - {id: partner, name: Partner, description: We plan the year together.}
questions:
  - {text: Where are we today?, answer: level}
  - {text: Where should we be?, answer: level}
  - What must change?
touchpoints:
  - {id: calls, name: Phone calls}
  - {id: site-visits, name: Site visits}
  - Billing
behaviours:
  - {id: pays-on-time, text: pays on time, level: vendor}
  - {id: rings-first, text: rings us first, level: ally}
  - {id: shares-forecast, text: shares its forecast, level: advisor}
  - {id: co-plans, text: plans the year with us, level: partner}
  - {id: refers-us, text: refers us to peers, level: ally}
pyramid: {satisfied: ally, committed: advisor, advocate: partner}
email: team@example.org
"""
"""Four levels (ally without a threshold: spread, it is at demo), three touchpoints, behaviours at several levels."""


@pytest.fixture(scope="module")
def held_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project on the example with a ladder, actions and relationship of its own."""
    project = copy_project(tmp_path_factory.mktemp("held-out"))
    content = project / "content"
    site = content / "site.yml"
    site.write_text(re.sub(r"thresholds:\n(?:  .*\n)+", LADDER, site.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    for action, rung in ACTIONS.items():
        path = content / "actions" / f"{action}.yml"
        path.write_text(re.sub(r"threshold: .*", f"threshold: {rung}", path.read_text(encoding="utf-8")), encoding="utf-8")
    (content / "relationship.yml").write_text(RELATIONSHIP, encoding="utf-8")
    return project


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


ANSWERS = [
    ["Email", "Moment", "SIDE", "Name", "Today", "Desired", "Role", "Calls", "Calls_Leader", "Site visits", "site_visits leader", "BILLING", "billing-leader", "Change"],
    ["a@x", "Fixed at 3 a.m. & said 'sorry'", "Customer", "Ann <script>", "vendor", "partner", "CFO", "2", "4", "3", "3", "5", "4", 'More "visits"; fewer calls'],
    ["b@x", "", "customer", "Bob", "Ally", "ADVISOR", "", "3", "3", "", "4", "4", "5", ""],
    ["c@x", "Lost the invoice", "CUSTOMER", "Chloé", "advisor", "advisor", "", "", "", "", "", "", "", ""],
    ["d@x", "", "", "Dev", "ally", "partner", "", "4", "2", "2", "3", "3", "3", ""],
    ["e@x", "", "Us", "Eve", "advisor", "partner", "", "5", "1", "", "", "", "", ""],
    ["f@x", "", "us", "Finn", "partner", "partner", "", "", "", "", "", "", "", ""],
    ["g@x", "Ours", "US", "Gus", "ally", "advisor", "", "", "", "", "", "", "", ""],
    ["h@x", "", "customer", "Hal", "boss", "partner", "", "", "", "", "", "", "", ""],
]
"""Columns in another order with a CRM's beside them, sides in any case (Dev's empty: the customer's), Chloé rating
nothing, Hal's level unknown. Customer today 1, 2, 3, 2 (median 2, spread 2), desired 4, 3, 3, 4 (median 3.5); ours
today 3, 4, 2 (median 3). Calls: us 3, leader 3; site visits: us (3 + 2) / 2 = 2.5, leader 10 / 3; billing: us 4, leader 4."""


def test_held_out_answers_give_the_figures_worked_out_by_hand(decide, held_out: Path, tmp_path: Path) -> None:
    written = io.StringIO()
    csv.writer(written, delimiter=";", lineterminator="\r\n").writerows(ANSWERS)
    answers = tmp_path / "answers.csv"
    answers.write_text(written.getvalue(), encoding="utf-8-sig")
    not_seen = [option for id in ("pays-on-time", "shares-forecast", "co-plans", "refers-us") for option in ("--not-seen", id)]

    run = decide("relationship", "report", str(answers), "--customer", "Acme", *not_seen, "--seen", "rings-first", "--format", "json", cwd=held_out)

    assert run.status == 0, run.err
    assert f"{answers}:9: `today` is `boss`, not a level." in run.err
    assert json.loads(run.out) == {
        "customer_median_today": 2,
        "customer_median_desired": 3.5,
        "our_median_today": 3,
        "spread": 2,
        "alignment": "divided",
        "gaps": [
            {"name": name, "side": side, "gap": gap}
            for name, side, gap in (
                ("Ann <script>", "customer", 3),
                ("Bob", "customer", 1),
                ("Chloé", "customer", 0),
                ("Dev", "customer", 2),
                ("Eve", "us", 1),
                ("Finn", "us", 0),
                ("Gus", "us", 1),
            )
        ],
        "our_view_minus_theirs": 1,
        "say_and_do": ["pays-on-time", "shares-forecast", "refers-us"],
        "touchpoints": [
            {"id": "site-visits", "us": 2.5, "leader": 3.33, "difference": -0.83},
            {"id": "calls", "us": 3, "leader": 3, "difference": 0},
            {"id": "billing", "us": 4, "leader": 4, "difference": 0},
        ],
        "moments": ["Fixed at 3 a.m. & said 'sorry'", "Lost the invoice", "Ours"],
        "next_action": "request-proposal",
    }, "ally is spread to demo; pilot has no action, so the next is contract's"


def test_a_held_out_ladder_is_mapped_rung_by_rung(decide, held_out: Path) -> None:
    text = decide("thresholds", cwd=held_out)
    mapped = {rung["id"]: rung for rung in json.loads(decide("thresholds", "--format", "json", cwd=held_out).out)}

    assert list(mapped) == ["browse", "demo", "pilot", "contract", "expand"]
    assert mapped["browse"]["words"] == "Browse & compare"
    assert "/offerings/ops-coaching/" in mapped["browse"]["leads_here"]
    assert {"/", "/assessment/", "review"} <= set(mapped["demo"]["leads_here"]), "the site's action, book-call, is at demo"
    assert "/offerings/close-assist/" in mapped["contract"]["leads_here"]
    assert mapped["pilot"]["leads_here"] == mapped["expand"]["leads_here"] == []
    assert text.out.endswith("Nothing leads to pilot, expand.\n")


def test_a_hostile_name_on_our_side_is_in_the_pdf_as_typed(decide, tmp_path: Path) -> None:
    """Our people's names are only in the tables: a name the cell could hold was split after ``</``, so the PDF's text
    held no ``</script>`` to find. Each name is kept on one line where it fits."""
    from pypdf import PdfReader

    ours = 'Eve <script>alert("x")</script> & Co'
    answers = tmp_path / "answers.csv"
    answers.write_text(f'name,side,today,desired\nAnn,customer,supplier,partner\n"{ours.replace(chr(34), 2 * chr(34))}",us,supplier,partner\n', encoding="utf-8")
    pdf = tmp_path / "report.pdf"

    run = decide("relationship", "report", str(answers), "--customer", "Acme", "-o", str(pdf))

    assert run.status == 0, run.err
    assert ours in "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_at_the_top_of_the_ladder_the_report_does_not_promise_a_higher_threshold(decide, held_out: Path, tmp_path: Path) -> None:
    """Partner is spread to the top rung, expand: the next action is the site's, book-call, at demo, below it."""
    answers = tmp_path / "answers.csv"
    answers.write_text("name,today,desired\nAnn,partner,partner\n", encoding="utf-8")
    page = tmp_path / "report.html"

    run = decide("relationship", "report", str(answers), "--customer", "Acme", "--format", "json", "-o", str(page), cwd=held_out)

    assert json.loads(run.out)["next_action"] == "book-call"
    html = page.read_text(encoding="utf-8")
    assert "The account has reached “Roll it out further”, and nothing leads further up the ladder; the next step keeps the relationship going." in html
    assert "the next step leads to the threshold after it" not in html
