"""The ladder of thresholds: what `decide check` says about rungs, behaviours, the pyramid and touchpoints, what the
ladder works out (level rungs, the action after a rung), the rung's words on pages, and `decide thresholds`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.compute.relationship import roles
from generator.compute.thresholds import action_after, ladder, level_rungs, rung_of
from generator.load import load_content
from generator.load.models import DEFAULT_LADDER, Relationship, Touchpoint, name_id
from generator.render.pages import render_docs
from tests.conftest import EXAMPLE_CONTENT, PROJECT, copy_project, problem_at

INVOICING = "  - id: invoicing\n    name: Invoicing\n    description: Clear, correct invoices and quick answers to billing questions.\n"
"""The example's invoicing touchpoint, to write over."""
OTHER_COMPANY = PROJECT / "tests" / "other-company" / "content"
LADDER = re.compile(r"thresholds:\n(?:  [- ].*\n)+")
"""The example site.yml's ladder, to take it out."""


def edit(content: Path, file: str, old: str, new: str) -> int:
    """Replaces the first ``old`` (which must be there) with ``new`` in a content file; returns the line the edit starts on."""
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


BROKEN = [
    pytest.param("actions/book-call.yml", "threshold: talk", "threshold: tlak", "E062", None, "threshold",
                 ["`tlak` is not on the ladder", "Did you mean `talk`?", "read (I'll read more), talk (Let's talk)"], id="action-rung-unknown"),
    pytest.param("site.yml", "  - id: meet\n", "  - id: talk\n", "E063", None, "thresholds[2].id", ["`talk` is already used by threshold 2"], id="rung-twice"),
    pytest.param("site.yml", "    words: \"Let's meet\"\n", "    words: \"Let's talk\"\n", "E063", None, "thresholds[2].words",
                 ["threshold words `Let's talk` are already used by threshold 2"], id="rung-words-twice"),
    pytest.param("relationship.yml", "    threshold: meet\n", "    threshold: meat\n", "E064", None, "levels[2].threshold",
                 ["`problem-solver` names the threshold `meat`", "Did you mean `meet`?"], id="level-rung-unknown"),
    pytest.param("relationship.yml", "    threshold: proposal\n", "    threshold: read\n", "W063", None, "levels[3].threshold",
                 ["`trusted-adviser` has reached the threshold `read`, lower than `meet`"], id="level-rung-falls"),
    pytest.param("relationship.yml", "  - id: answers-quickly\n", "  - id: orders-regularly\n", "E063", None, "behaviours[1].id",
                 ["behaviour id `orders-regularly` is already used by behaviour 1"], id="behaviour-twice"),
    pytest.param("relationship.yml", "    level: partner\n", "    level: partnr\n", "E064", None, "behaviours[6].level",
                 ["`shares-plans` names the level `partnr`", "Did you mean `partner`?", "supplier, preferred-supplier"], id="behaviour-level-unknown"),
    pytest.param("relationship.yml", "  committed: trusted-adviser\n", "  committed: trusted-advisor\n", "E064", None, "pyramid.committed",
                 ["Did you mean `trusted-adviser`?"], id="pyramid-level-unknown"),
    pytest.param("relationship.yml", "  committed: trusted-adviser\n", "  committed: supplier\n", "E068", None, "pyramid.committed",
                 ["`committed` level (`supplier`, step 1) must be higher than its `satisfied` level (`preferred-supplier`, step 2)"], id="pyramid-falls"),
    pytest.param("relationship.yml", "  - id: onboarding\n", "  - id: sales\n", "E063", None, "touchpoints[1].id",
                 ["touchpoint id `sales` is already used by touchpoint 1"], id="touchpoint-twice"),
    pytest.param("relationship.yml", INVOICING, "  - Today\n", "E069", None, "touchpoints[4]",
                 ["`today` is also the name of an answer", "`- id: today-touchpoint` with `name: Today`"], id="touchpoint-is-an-answer"),
    pytest.param("relationship.yml", INVOICING, "  - Τιμολόγηση\n", "E015", None, "touchpoints[4]",
                 ["`Τιμολόγηση` gives no id in plain letters; give it an id"], id="touchpoint-without-an-id"),
    pytest.param("relationship.yml", "  - text: Where would you like it to be?\n    answer: level\n", "  - text: Where would you like it to be?\n", "W061",
                 "  - text: Where is our relationship today?", "questions", ["Only one question is answered by ticking a level", "no desired level"], id="one-level-question"),
]


@pytest.mark.parametrize(("file", "old", "new", "code", "at", "field", "words"), BROKEN)
def test_each_problem_is_reported_where_it_is_written(
    check, content: Path, file: str, old: str, new: str, code: str, at: str | None, field: str, words: list[str]
) -> None:
    """``at`` is the line's text where the problem is not on the line edited."""
    edited = edit(content, file, old, new)
    text = (content / file).read_text(encoding="utf-8")

    problem = problem_at(check(), f"content/{file}", code)

    line = edited if at is None else next(number for number, written in enumerate(text.splitlines(), 1) if at in written)
    assert (problem["line"], problem["field"]) == (line, field)
    assert all(word in problem["message"] for word in words), problem["message"]


def test_an_assessment_without_an_email_is_warned_about(check, content: Path) -> None:
    edit(content, "relationship.yml", "email: accounts@fernhollow.example\n", "")
    assert "W062" not in check().codes(), "the footer's email is where answers go"
    edit(content, "site.yml", "  email: hello@fernhollow.example\n", "")

    problem = problem_at(check(), "content/relationship.yml", "W062")

    assert problem["line"] == 1
    assert "Add `email: accounts@example.com`" in problem["message"]


def test_a_rung_may_be_named_by_its_words_and_the_default_ladder_stands_in_for_none(check, content: Path) -> None:
    edit(content, "actions/book-call.yml", "threshold: talk", "threshold: \"Let's talk\"")
    edit(content, "site.yml", LADDER.search((content / "site.yml").read_text(encoding="utf-8")).group(0), "")

    loaded, _ = load_content(content, content.parent)

    assert "thresholds" not in (content / "site.yml").read_text(encoding="utf-8")
    assert "E062" not in check().codes()
    assert ladder(loaded.site.model) == list(DEFAULT_LADDER)
    assert [rung.id for rung in DEFAULT_LADDER] == ["read", "talk", "meet", "proposal", "introduce", "ongoing"]
    assert rung_of(loaded, "book-call").id == "talk"


def test_the_example_ladder_works_out(example_content) -> None:
    assert level_rungs(example_content) == {"supplier": "read", "preferred-supplier": "talk", "problem-solver": "meet", "trusted-adviser": "proposal", "partner": "introduce"}
    assert [action_after(example_content, rung) for rung in ("read", "talk", "meet", "proposal", "ongoing")] == [
        "book-call", "visit-warehouse", "request-proposal", "book-call", "book-call"
    ]


def test_levels_without_a_threshold_are_spread_over_the_ladder(content: Path) -> None:
    for rung in ("read", "talk", "meet", "proposal", "introduce"):
        edit(content, "relationship.yml", f"    threshold: {rung}\n", "")

    loaded, problems = load_content(content, content.parent)

    assert not problems
    assert list(level_rungs(loaded).values()) == ["read", "talk", "proposal", "introduce", "ongoing"]


def test_question_roles_and_touchpoint_ids(example_content) -> None:
    relationship = example_content.relationship.model
    asked = roles(relationship)
    unasked = roles(Relationship.model_validate({"levels": relationship.model_dump()["levels"], "questions": ["What would have to change?"]}))

    assert (asked.today.text, asked.desired.text, asked.change.text) == ("Where is our relationship today?", "Where would you like it to be?", "What would have to change to get there?")
    assert (unasked.today, unasked.desired, unasked.change.text) == (None, None, "What would have to change?")
    assert [touchpoint.id for touchpoint in relationship.touchpoints] == ["sales", "onboarding", "support", "delivery", "invoicing", "software"]
    assert Touchpoint.model_validate({"name": "Après-vente & SAV"}).id == "apres-vente-sav"
    assert name_id("销售") is None


def test_the_rung_words_come_translated_from_where_the_ladder_comes_from(content: Path) -> None:
    """A site's own ladder is translated with its content, the default ladder by the wording catalogs."""
    edit(content, "translations/el-GR.po", 'msgstr "Ας μιλήσουμε"', 'msgstr "Ας τα πούμε"')
    own, _ = load_content(content, content.parent)
    own_greek = render_docs(own, PROJECT / "templates").further[0].pages["index.md"]
    edit(content, "site.yml", LADDER.search((content / "site.yml").read_text(encoding="utf-8")).group(0), "")
    default, _ = load_content(content, content.parent)
    tree = render_docs(default, PROJECT / "templates")

    assert '<p class="decide-next__threshold">Ας τα πούμε</p>' in own_greek
    assert '<p class="decide-next__threshold">Ας μιλήσουμε</p>' in tree.further[0].pages["index.md"]
    assert '<p class="decide-next__threshold">Let&#39;s talk</p>' in tree.pages["index.md"]


def test_another_company_ladder_is_mapped(decide, tmp_path: Path) -> None:
    """A German company's four rungs; its actions name them by id and by words. What leads where, worked out by hand:
    the site's action on every page but an offering's own (and its catalog page), the calculator's and the selector's
    results; the reasons exercise ends with the site's action."""
    project = copy_project(tmp_path / "project", OTHER_COMPANY)
    actions = project / "content" / "actions"
    (actions / "angebot-anfordern.yml").write_text("label: Angebot anfordern\nurl: https://nordwind-kaelte.example/angebot\nthreshold: angebot\n", encoding="utf-8")
    (actions / "betrieb-besuchen.yml").write_text(
        "label: Einen Betrieb besuchen\nurl: https://nordwind-kaelte.example/besuch\nthreshold: Kommen Sie zu uns in den Betrieb\n", encoding="utf-8"
    )
    edit(project / "content", "offerings/wartungsvertrag.yml", "problems:", "action: angebot-anfordern\nproblems:")
    edit(project / "content", "calculators/fernueberwachung-nutzen.yml", "offering: fernueberwachung\n", "offering: fernueberwachung\naction: betrieb-besuchen\n")

    run = decide("thresholds", "--format", "json", cwd=project)
    text = decide("thresholds", cwd=project)

    assert run.status == 0, run.err
    assert json.loads(run.out) == [
        {"id": "lesen", "words": "Ich lese mich ein", "leads_here": []},
        {
            "id": "gespraech",
            "words": "Wir sprechen darüber",
            "leads_here": [
                "/", "/mistakes/", "/offerings/", "/offerings/fernueberwachung/", "/problems/ausfall-kuehlung/", "/problems/hohe-stromkosten/",
                "/reasons/", "/reasons/offerings/fernueberwachung/", "/reasons/problems/ausfall-kuehlung/", "/reasons/problems/hohe-stromkosten/",
                "/selectors/passende-leistung/", "/worksheets/", "reasons",
            ],
        },
        {"id": "vor-ort", "words": "Kommen Sie zu uns in den Betrieb", "leads_here": ["/calculators/fernueberwachung-nutzen/", "break-even"]},
        {"id": "angebot", "words": "Schicken Sie mir ein Angebot", "leads_here": ["/offerings/wartungsvertrag/", "/reasons/offerings/wartungsvertrag/", "/selectors/passende-leistung/"]},
    ]
    assert text.out.startswith("1. Ich lese mich ein (lesen)\n   nothing leads here\n\n2. Wir sprechen darüber (gespraech)\n   page /\n")
    assert "   worksheet break-even: fernueberwachung-nutzen\n" in text.out
    assert text.out.rstrip().endswith("Nothing leads to lesen.")


def test_the_map_refuses_content_with_errors(decide, content: Path) -> None:
    edit(content, "actions/book-call.yml", "threshold: talk", "threshold: chat")

    run = decide("thresholds", cwd=content.parent)

    assert run.status == 1
    assert "E062" in run.out + run.err


def test_the_example_writes_out_the_default_ladder() -> None:
    """The example company lists the brief's six rungs itself, as a company starting from it sees them."""
    loaded, _ = load_content(EXAMPLE_CONTENT, EXAMPLE_CONTENT.parent)
    assert ladder(loaded.site.model) == list(DEFAULT_LADDER)
