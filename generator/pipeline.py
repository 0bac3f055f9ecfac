"""The steps in order, for the commands that run more than one of them (``build``, ``serve``)."""

from __future__ import annotations

import contextlib
import dataclasses
import gc

from generator.check import check_content
from generator.diagnostics import DecideError, Diagnostic, Severity, count_errors
from generator.load import Content, load_content
from generator.load.content import collection_paused
from generator.load.kept import FOLDER as KEPT_VALUES
from generator.load.kept import kept_in
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


def content_for_one_document(project: Project) -> Content:
    """``checked_content`` for a command that prints from it and ends (a worksheet): unchanged files' values come from
    ``build/content-values/`` (see ``generator.load.kept``) once the project has a ``build/`` (a build or the preview
    made it; such a command never makes it, so a misused one leaves the project as it was), and the content is then
    frozen out of Python's cycle collector: it lives until the command ends, and every collection while the document
    is rendered and laid out would walk all of it again (at ten thousand reasons, a tenth of a second and more)."""
    with kept_in(project.build / KEPT_VALUES) if project.build.is_dir() else contextlib.nullcontext() as kept:
        content, _ = checked_content(project, reads=Reads(kept))
    gc.freeze()
    return content
