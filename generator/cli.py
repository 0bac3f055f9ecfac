"""The `decide` command: each subcommand runs the steps load -> check -> ... it needs."""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from pathlib import Path

import click

from generator.compute.selector import Recommendation, SelectorRule, plain_number, read_answers, recommend, rule_of
from generator.diagnostics import DecideError, count_errors
from generator.load import Content
from generator.options import content_option, named, pairs, set_option
from generator.pipeline import checked_content, load_and_check
from generator.project import Project
from generator.report import as_json, as_text
from generator.wording import counted


class _Commands(click.Group):
    """The commands, with those defined in modules of their own imported only when they run (or help lists them):
    ``decide check`` then never imports the renderer, the spreadsheet readers or the PDF maker."""

    ELSEWHERE = {
        "worksheet": ("generator.worksheet_commands", "worksheet"),
        "proposal": ("generator.proposal_commands", "proposal"),
        "new": ("generator.authoring_commands", "new"),
        "schema": ("generator.authoring_commands", "schema"),
        "import": ("generator.spreadsheet_commands", "import_entries"),
        "export": ("generator.spreadsheet_commands", "export_entries"),
        "stats": ("generator.spreadsheet_commands", "stats"),
        "translate": ("generator.translation_commands", "translate"),
        "relationship": ("generator.relationship_commands", "relationship"),
        "thresholds": ("generator.threshold_commands", "thresholds"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.ELSEWHERE:
            module, name = self.ELSEWHERE[cmd_name]
            command: click.Command = getattr(importlib.import_module(module), name)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="decide")
def cli() -> None:
    """Validate a company's content and build its decision-aid site."""


@cli.command()
@content_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Text for people, JSON for tools.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(content_folder: Path | None, output_format: str, strict: bool) -> None:
    """Check the content and report every problem, with file, line and fix."""
    project = Project.discover(content_folder)
    _, diagnostics = load_and_check(project, strict)
    if output_format == "json":
        click.echo(as_json(diagnostics))
    else:
        click.echo(as_text(diagnostics, project.root))
    sys.exit(1 if count_errors(diagnostics) else 0)


engine_option = click.option(
    "--engine",
    type=click.Choice(["mkdocs", "zensical"]),
    default="mkdocs",
    help="The site engine: Material for MkDocs, or Zensical, its successor.",
)


@cli.command()
@content_option
@engine_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build(content_folder: Path | None, engine: str, strict: bool) -> None:
    """Check the content, then build the site into ./site (left untouched on any error)."""
    from generator.render import render_docs
    from generator.write import build_site, prepare_build

    project = Project.discover(content_folder)
    try:
        prepare_build(project)
        content, warnings = checked_content(project, strict)
        if warnings:
            click.echo(as_text(warnings, project.root), err=True)
        built = build_site(project, render_docs(content, project.templates), engine)
    except DecideError as error:
        kept = "; site/ is unchanged" if project.site.is_dir() else ""
        raise DecideError(f"{error} The site was not built{kept}.", error.diagnostics, error.exit_code) from None
    if built:
        click.echo(f"Built the site into {os.path.relpath(project.site)}/ with {engine}.", err=True)
    else:
        click.echo(f"Nothing changed since the last build: {os.path.relpath(project.site)}/ is up to date.", err=True)


@cli.command()
@content_option
@engine_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on; keep it local unless you mean to share the preview.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="The port to listen on (0 picks a free one).")
def serve(content_folder: Path | None, engine: str, host: str, port: int) -> None:
    """Preview the site in a browser; every save rebuilds it and reloads the page, and errors show on the page."""
    from generator.preview import serve as run_preview

    run_preview(Project.discover(content_folder), engine, host, port, say=lambda message: click.echo(message, err=True))


@cli.command()
@content_option
@click.argument("calculator_id")
@set_option("hours=20")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Text for people, JSON for tools.")
def calc(content_folder: Path | None, calculator_id: str, settings: list[tuple[str, str]], output_format: str) -> None:
    """Work out a break-even calculator for given inputs, with the same numbers as its page."""
    from generator.calculation_words import outlook_text
    from generator.compute.breakeven import InputError
    from generator.compute.outlook import discount_rate_of, evidence_for, figures, outlook
    from generator.render.calculators import calculation_text
    from generator.render.markup import Formatter

    content, _ = checked_content(Project.discover(content_folder))
    located = named(content.calculators, "calculator", calculator_id)
    assert content.site is not None
    site = content.site.model
    try:
        result = outlook(located.model, figures(located.model, dict(settings)), discount_rate_of(located.model, site))
    except InputError as error:
        raise DecideError(str(error)) from None
    evidence = evidence_for(content, calculator_id)
    if output_format == "json":
        click.echo(json.dumps(result.as_json(evidence), indent=2))
    else:
        formatter = Formatter(site.locale, site.currency)
        click.echo(calculation_text(calculator_id, located.model, result.result, formatter) + "\n" + outlook_text(located.model, result, evidence, formatter))


@cli.command()
@content_option
@click.argument("selector_id", metavar="ID")
@click.option("--answer", "answers", multiple=True, callback=pairs("--answer size=small"), metavar="QUESTION=ANSWER", help="One answer; repeat it for more answers and for a many question.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Text for people, JSON for tools.")
def select(content_folder: Path | None, selector_id: str, answers: list[tuple[str, str]], output_format: str) -> None:
    """Answer the selector ID (a file in content/selectors/) and print the offering it recommends, why, and the next action."""
    content, _ = checked_content(Project.discover(content_folder))
    located = named(content.selectors, "selector", selector_id)
    rule = rule_of(content, located.model)
    result = recommend(rule, read_answers(rule, selector_id, answers))
    click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False) if output_format == "json" else _selection_text(content, rule, result))


def _selection_text(content: Content, rule: SelectorRule, result: Recommendation) -> str:
    """The result as a person reads it: names first, ids in brackets so they can be typed again."""

    def offering(offering_id: str) -> str:
        return f"{content.offerings[offering_id].model.name} ({offering_id}), {counted(result.scores[offering_id], 'point')}"

    selector = rule.selector
    questions = {question.id: question for question in selector.questions}

    def said(question_id: str, answer: str | float) -> str:
        question = questions[question_id]
        label = next((option.label for option in question.answers if option.id == answer), f"{plain_number(answer)} {question.unit}")
        return f"{question.text} {label}"

    action = content.actions[result.action].model
    lines = [f"Recommended: {offering(result.recommendation)}" if result.recommendation else f"Recommended: none (no offering reached {counted(selector.min_score, 'point')})"]
    lines += ["Because you said:", *(f"  {said(item.question, item.answer)} (+{item.points})" for item in result.because)] if result.because else []
    lines += [f"Runner-up: {offering(result.runner_up)}"] if result.runner_up else []
    lines.append("Scores: " + ", ".join(f"{offering_id} {points}" for offering_id, points in result.scores.items()))
    ruled_out = [offering_id for offering_id in rule.offerings if offering_id not in result.scores]
    lines += [f"Ruled out: {', '.join(ruled_out)}"] if ruled_out else []
    lines.append(f"Next action: {action.label} ({result.action}), {action.url}")
    return "\n".join(lines)


def main() -> None:
    """Entry point: user errors print plainly; only a bug in decide itself shows a traceback on request."""
    try:
        status = cli.main(standalone_mode=False)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except DecideError as error:
        if error.diagnostics:
            click.echo(as_text(error.diagnostics, Path.cwd()), err=True)
        click.echo(f"decide: {error}", err=True)
        sys.exit(error.exit_code)
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        if os.environ.get("DECIDE_DEBUG"):
            traceback.print_exc()
        click.echo(
            f"decide: internal error ({type(error).__name__}: {error}). This is a bug in decide, not in your content; "
            "run again with DECIDE_DEBUG=1 to see the details.",
            err=True,
        )
        sys.exit(3)
    sys.exit(status if isinstance(status, int) else 0)
