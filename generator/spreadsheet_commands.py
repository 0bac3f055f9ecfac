"""`decide import`, `decide export` and `decide stats`: the reasons exercise between spreadsheets and content files."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

import click

from generator.check.imported import DUPLICATE_SIMILARITY, Outcome, check_rows, filed_under
from generator.compute.stats import Stats, statistics
from generator.diagnostics import Severity
from generator.load.spreadsheets import LAYOUTS, Layout, read_entries
from generator.options import content_option
from generator.pipeline import checked_content
from generator.project import Project
from generator.wording import counted
from generator.write.entries import replace_all, with_entries
from generator.write.spreadsheets import rows_of, write_spreadsheet

KIND = click.Choice(sorted(LAYOUTS))


@click.command("import")
@content_option
@click.argument("kind", type=KIND)
@click.argument("spreadsheet", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
def import_entries(content_folder: Path | None, kind: str, spreadsheet: Path, dry_run: bool) -> None:
    """Add the reasons or mistakes of a spreadsheet (.csv, .xlsx, .ods) to content/, skipping those already written.

    Exit status 1 when any row was refused (its problems are listed), 0 otherwise.
    """
    project = Project.discover(content_folder)
    content, _ = checked_content(project)
    layout = LAYOUTS[kind]
    outcomes = check_rows(content, read_entries(spreadsheet, os.path.relpath(spreadsheet), layout), layout)
    for outcome in outcomes:
        for line in _report(outcome, layout):
            click.echo(line)
    texts = _new_texts(project, layout, [outcome for outcome in outcomes if outcome.status == "imported"])
    if not dry_run:
        replace_all(texts)
    click.echo(_summary(outcomes, layout))
    written = ", ".join(os.path.relpath(path, project.root) for path in texts) or "no file"
    click.echo(f"Dry run: would write {written}; nothing was written." if dry_run else f"Wrote {written}.")
    sys.exit(1 if any(outcome.status == "refused" for outcome in outcomes) else 0)


def _report(outcome: Outcome, layout: Layout) -> list[str]:
    """One line per problem of the row, from its first column to its last, and a line for a duplicate."""
    row = outcome.row
    where = f"{row.source.relative}:{row.number}"
    lines = [
        f"{where}{f', column {problem.field}' if problem.field else ''}: {problem.severity.value} {problem.code}: {problem.message}"
        for problem in sorted(row.problems, key=lambda problem: problem.column)
        if outcome.status == "refused" or problem.severity is Severity.WARNING
    ]
    if outcome.status == "refused":
        lines.append(f"{where}: refused; fix the row and import again.")
    if outcome.status == "duplicate":
        lines.append(f"{where}: skipped, it repeats the {layout.kind[:-1]} in {outcome.repeats}.")
    return lines


def _new_texts(project: Project, layout: Layout, imported: list[Outcome]) -> dict[Path, str]:
    """Each file that gains entries, with its whole new text: ``<kind>/<id>.yml`` of the id the entry is filed under."""
    entries: dict[Path, list[dict[str, object]]] = {}
    for outcome in imported:
        filed = filed_under(layout.kind, outcome.row.value)
        assert filed is not None, "a valid entry names an offering or a problem"
        entries.setdefault(project.content / layout.kind / f"{filed}.yml", []).append(outcome.row.entry)
    return {path: with_entries(path.read_text(encoding="utf-8") if path.exists() else None, added) for path, added in entries.items()}


def _summary(outcomes: list[Outcome], layout: Layout) -> str:
    """The table the import ends with: per offering (per problem or offering for mistakes), then the totals."""
    heading = "offering" if layout.kind == "reasons" else "problem or offering"
    counts: dict[str, Counter[str]] = {}
    for outcome in outcomes:
        counts.setdefault(outcome.group, Counter())[outcome.status] += 1
    total = sum(counts.values(), Counter())
    rows = [(group, counts[group]) for group in sorted(counts)] + [("total", total)]
    width = max(len(heading), *(len(group) for group, _ in rows))
    lines = [f"{heading:<{width}}  imported  duplicates  refused"]
    lines += [f"{group:<{width}}  {count['imported']:>8}  {count['duplicate']:>10}  {count['refused']:>7}" for group, count in rows]
    lines.append(f"(a duplicate is at least {DUPLICATE_SIMILARITY}% alike to an entry already written)")
    return "\n".join(lines)


@click.command("export")
@content_option
@click.argument("kind", type=KIND)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, help="FILE.csv or FILE.xlsx.")
def export_entries(content_folder: Path | None, kind: str, output: Path) -> None:
    """Write every reason or mistake to a spreadsheet in the columns `decide import` reads."""
    content, _ = checked_content(Project.discover(content_folder))
    layout = LAYOUTS[kind]
    entries = [entry.model for entry in (content.reasons if kind == "reasons" else content.mistakes)]
    write_spreadsheet(output, layout, rows_of(layout, entries))
    click.echo(f"Wrote {counted(len(entries), kind.removesuffix('s'), kind)} to {output}.", err=True)


@click.command()
@content_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Text for people, JSON for tools.")
def stats(content_folder: Path | None, output_format: str) -> None:
    """How far the reasons exercise has come: reasons per offering against the target, and how problems are covered."""
    content, _ = checked_content(Project.discover(content_folder))
    result = statistics(content)
    click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False) if output_format == "json" else _stats_text(result))


def _stats_text(result: Stats) -> str:
    from generator.check.rules import MIN_REASONS_PER_OFFERING

    def listing(counts: dict[str, int]) -> str:
        return ", ".join(f"{name} {count}" for name, count in counts.items()) or "none"

    lines = [f"Reasons per offering (target {MIN_REASONS_PER_OFFERING}):"]
    for offering in result.offerings:
        share = f"{offering.with_metric / offering.reasons:.0%}" if offering.reasons else "-"
        lines += [
            f"  {offering.id}: {offering.reasons} of {MIN_REASONS_PER_OFFERING}, {offering.with_metric} with a metric ({share})",
            f"    by source: {listing(offering.by_source)}",
            f"    by industry: {listing(offering.by_industry)}",
        ]
    lines.append("Problems:")
    lines += [f"  {problem.id}: {counted(problem.offerings, 'offering')}, {counted(problem.mistakes, 'mistake')}" for problem in result.problems]
    return "\n".join(lines)
