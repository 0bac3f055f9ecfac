"""`decide stats`: the reasons exercise measured, counted here straight from the YAML files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml


def written(content: Path, kind: str) -> list[dict]:
    return [entry for path in sorted((content / kind).glob("*.yml")) for entry in yaml.safe_load(path.read_text(encoding="utf-8"))]


def entities(content: Path, kind: str) -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((content / kind).glob("*.yml"))}


def test_stats_json_counts_every_offering_and_problem(decide, content: Path) -> None:
    reasons = written(content, "reasons")
    mistakes = written(content, "mistakes")
    offerings = entities(content, "offerings")

    run = decide("stats", "--format", "json", cwd=content.parent)

    assert run.status == 0
    stats = run.problems
    assert list(stats) == ["offerings", "problems"]
    assert [offering["id"] for offering in stats["offerings"]] == sorted(offerings)
    for offering in stats["offerings"]:
        own = [reason for reason in reasons if offering["id"] in reason["offerings"]]
        assert offering == {
            "id": offering["id"],
            "reasons": len(own),
            "with_metric": sum(1 for reason in own if "metric" in reason),
            "by_source": dict(Counter(reason.get("source", "not given") for reason in own)),
            "by_industry": dict(Counter(reason["customer"]["industry"] if "customer" in reason else "not given" for reason in own)),
        }
        assert list(offering["by_source"].values()) == sorted(offering["by_source"].values(), reverse=True)
    assert stats["problems"] == [
        {
            "id": problem,
            "offerings": sum(1 for offering in offerings.values() if problem in offering["problems"]),
            "mistakes": sum(1 for mistake in mistakes if problem in mistake.get("problems", [])),
        }
        for problem in sorted(entities(content, "problems"))
    ]


def test_stats_text_shows_the_target_and_the_gaps(decide, content: Path) -> None:
    for path in (content / "reasons").glob("*.yml"):
        path.unlink()
    (content / "reasons" / "close-assist.yml").write_text(
        '- result: "A 9-person wholesaler closed its month in 3 days instead of 8."\n  offerings: [close-assist]\n  source: sales\n', encoding="utf-8"
    )

    run = decide("stats", cwd=content.parent)

    assert run.status == 0
    lines = run.out.splitlines()
    assert lines[0] == "Reasons per offering (target 20):"
    at = lines.index("  close-assist: 1 of 20, 0 with a metric (0%)")
    assert lines[at + 1 : at + 3] == ["    by source: sales 1", "    by industry: not given 1"]
    assert "  stock-planner: 0 of 20, 0 with a metric (-)" in lines
    assert lines[lines.index("Problems:") + 1 :] == [
        f"  {problem['id']}: {problem['offerings']} offering{'s' if problem['offerings'] != 1 else ''}, {problem['mistakes']} mistake{'s' if problem['mistakes'] != 1 else ''}"
        for problem in decide("stats", "--format", "json", cwd=content.parent).problems["problems"]
    ]


def test_stats_refuses_content_with_errors(decide, content: Path) -> None:
    (content / "reasons" / "close-assist.yml").write_text("- result: [not, text]\n  offerings: [close-assist]\n", encoding="utf-8")

    run = decide("stats", cwd=content.parent)

    assert run.status == 1
    assert "The content has errors." in run.err
