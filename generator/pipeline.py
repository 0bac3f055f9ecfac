"""The steps in order, for the commands that run more than one of them (``build``, ``serve``)."""

from __future__ import annotations

import dataclasses

from generator.check import check_content
from generator.diagnostics import DecideError, Diagnostic, Severity, count_errors
from generator.load import Content, load_content
from generator.load.content import collection_paused
from generator.load.source import Reads
from generator.project import Project


def load_and_check(project: Project, strict: bool = False, reads: Reads | None = None) -> tuple[Content, list[Diagnostic]]:
    """Load and check the project's content; with ``strict``, warnings count as errors; ``reads`` keeps files between loads."""
    with collection_paused():
        content, diagnostics = load_content(project.content, project.root, reads)
        diagnostics += check_content(content)
    if strict:
        diagnostics = [dataclasses.replace(diagnostic, severity=Severity.ERROR) for diagnostic in diagnostics]
    return content, diagnostics


def checked_content(project: Project, strict: bool = False, reads: Reads | None = None) -> tuple[Content, list[Diagnostic]]:
    """Content that is safe to render, with its warnings; any error raises, carrying every problem found."""
    content, diagnostics = load_and_check(project, strict, reads)
    if count_errors(diagnostics):
        raise DecideError("The content has errors.", diagnostics)
    return content, diagnostics
