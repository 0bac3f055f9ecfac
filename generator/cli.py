"""The `decide` command: each subcommand runs the steps load -> check -> ... it needs."""

from __future__ import annotations

import dataclasses
import os
import sys
import traceback
from pathlib import Path

import click

from generator.check import check_content
from generator.diagnostics import DecideError, Diagnostic, Severity, count_errors
from generator.load import Content, load_content
from generator.project import Project
from generator.render import render_docs
from generator.report import as_json, as_text

content_option = click.option(
    "--content",
    "content_folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The content folder to use instead of ./content.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    from generator.write import build_site

    project = Project.discover(content_folder)
    content, diagnostics = load_and_check(project, strict)
    if count_errors(diagnostics):
        raise DecideError("The site was not built; site/ is unchanged.", diagnostics)
    if diagnostics:
        click.echo(as_text(diagnostics, project.root), err=True)
    try:
        build_site(project, render_docs(content, project.templates), engine)
    except DecideError as error:
        raise DecideError(f"{error} The site was not built; site/ is unchanged.", error.diagnostics, error.exit_code) from None
    click.echo(f"Built the site into {os.path.relpath(project.site)}/ with {engine}.", err=True)


def load_and_check(project: Project, strict: bool = False) -> tuple[Content, list[Diagnostic]]:
    """Load and check the project's content; with ``strict``, warnings count as errors."""
    content, diagnostics = load_content(project.content, project.root)
    diagnostics += check_content(content)
    if strict:
        diagnostics = [dataclasses.replace(diagnostic, severity=Severity.ERROR) for diagnostic in diagnostics]
    return content, diagnostics


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
