"""Prints diagnostics for people (with the offending line) or for tools (JSON)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from generator.diagnostics import Diagnostic, Severity
from generator.load.source import NotReadable, read_regular_file
from generator.wording import counted

SHOWN_LINE = 160
"""At most this much of a line is shown under a problem, around its column: a line may be a whole file."""


def as_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([diagnostic.as_json() for diagnostic in sorted(diagnostics)], indent=2, ensure_ascii=False)


def as_text(diagnostics: list[Diagnostic], root: Path) -> str:
    """One block per problem, compiler style, then a one-line summary."""
    lines = _reader(root)
    blocks = [_block(diagnostic, lines(diagnostic.file) if diagnostic.line else []) for diagnostic in sorted(diagnostics)]
    return "\n\n".join([*blocks, summary(diagnostics)])


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for diagnostic in diagnostics if diagnostic.severity is Severity.ERROR)
    warnings = len(diagnostics) - errors
    if not diagnostics:
        return "The content is fine: no errors, no warnings."
    return f"{counted(errors, 'error')}, {counted(warnings, 'warning')}."


def _block(diagnostic: Diagnostic, source_lines: list[str]) -> str:
    where = diagnostic.file
    if diagnostic.line:
        where += f":{diagnostic.line}:{diagnostic.column}"
    field = f" in {diagnostic.field}" if diagnostic.field else ""
    block = [f"{where}: {diagnostic.severity.value} {diagnostic.code}{field}", f"  {diagnostic.message}"]
    if 0 < diagnostic.line <= len(source_lines):
        number = str(diagnostic.line)
        shown, caret = _excerpt(source_lines[diagnostic.line - 1], diagnostic.column)
        block.append(f"  {number} | {shown}")
        block.append(f"  {' ' * len(number)} | {' ' * (caret - 1)}^")
    return "\n".join(block)


def _excerpt(line: str, column: int) -> tuple[str, int]:
    """The part of ``line`` around ``column`` that is shown, with control characters as ``?``; and the caret's column in it."""
    start = max(0, min(column - 1 - SHOWN_LINE // 2, len(line) - SHOWN_LINE))
    shown = "".join(character if character.isprintable() else " " if character == "\t" else "?" for character in line[start : start + SHOWN_LINE])
    before, after = ("…" if start else ""), ("…" if start + SHOWN_LINE < len(line) else "")
    return before + shown + after, column - start + len(before)


def _reader(root: Path):
    @cache
    def lines(relative: str) -> list[str]:
        try:
            return read_regular_file(root / relative).decode("utf-8-sig").splitlines()
        except (NotReadable, UnicodeDecodeError):
            return []

    return lines
