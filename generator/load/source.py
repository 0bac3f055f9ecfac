"""Reads one YAML content file into plain Python values, remembering where each value stood.

PyYAML's composer gives a node tree with positions; we build the values from it
ourselves so that we can (a) keep the line and column of every value and key,
(b) refuse the traps YAML hides: duplicate keys, tabs, non-UTF-8 bytes, and
(c) keep the raw text of every scalar, so that a later message can say "YAML
read `no` as a boolean" instead of "got False".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.diagnostics import Diagnostic, Severity

FieldPath = tuple[str | int, ...]

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it: the same nodes and marks, several times faster."""


@dataclass(frozen=True)
class Position:
    line: int
    column: int


FILE_START = Position(0, 0)


@dataclass(frozen=True)
class Scalar:
    """The text of a scalar as written in the file, and whether it was quoted."""

    raw: str
    quoted: bool


@dataclass
class SourceFile:
    """One content file: its values, and where each value and key was written."""

    relative: str
    lines: list[str]
    value: object = None
    value_positions: dict[FieldPath, Position] = field(default_factory=dict)
    key_positions: dict[FieldPath, Position] = field(default_factory=dict)
    scalars: dict[FieldPath, Scalar] = field(default_factory=dict)

    def position(self, path: FieldPath) -> Position:
        """Where the value at ``path`` is, or the nearest enclosing value that exists."""
        for end in range(len(path), -1, -1):
            found = self.value_positions.get(path[:end])
            if found is not None:
                return found
        return FILE_START

    def key_position(self, path: FieldPath) -> Position:
        """Where the key naming ``path`` is written; falls back to the value's position."""
        return self.key_positions.get(path) or self.position(path)

    def diagnostic(
        self,
        code: str,
        message: str,
        path: FieldPath = (),
        *,
        at: Position | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Diagnostic:
        where = at or self.position(path)
        return Diagnostic(
            file=self.relative,
            line=where.line,
            column=where.column,
            severity=severity,
            code=code,
            field=format_path(path),
            message=message,
        )


def format_path(path: FieldPath) -> str:
    """``("options", 0, "name")`` -> ``options[0].name``, the way the messages name a field."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_source(path: Path, relative: str) -> tuple[SourceFile, list[Diagnostic]]:
    """Reads ``path`` and returns it with its problems.

    ``value`` is None when the file cannot be read at all. A duplicate key is
    reported but does not stop the rest of the file from being checked: the
    first occurrence is kept.
    """
    raw = path.read_bytes()
    text, problem = _decode(raw, relative)
    if problem:
        return SourceFile(relative, []), [problem]
    source = SourceFile(relative, text.splitlines())
    problems = _find_tabs(source)
    if problems:
        return source, problems
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as error:
        return source, [_syntax_problem(source, error)]
    except yaml.YAMLError as error:
        return source, [source.diagnostic("E003", f"YAML cannot read this file: {error}.")]
    empty = [source.diagnostic("E005", "The file is empty (or holds only comments). Write its fields, or delete the file.")]
    if root is None:
        return source, empty
    builder = _ValueBuilder(source)
    source.value = builder.build(root, ())
    if source.value is None:
        return source, empty
    return source, builder.problems


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        # The syntax hints are written for PyYAML's own messages, which libyaml words differently.
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _decode(raw: bytes, relative: str) -> tuple[str, Diagnostic | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        message = (
            f"The file is not UTF-8 text: byte 0x{raw[error.start]:02X} cannot be read. "
            "Save the file with the UTF-8 encoding (most editors offer it under 'Save as' or 'Encoding')."
        )
        return "", Diagnostic(relative, line, column, Severity.ERROR, "E001", "", message)


def _find_tabs(source: SourceFile) -> list[Diagnostic]:
    """YAML forbids tabs in indentation; its own error for them is cryptic."""
    problems = []
    for number, line in enumerate(source.lines, start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(
                source.diagnostic(
                    "E002",
                    "A tab character is used for indentation; YAML allows only spaces. "
                    "Replace the tab with spaces (two per level, lined up with the lines above).",
                    at=Position(number, indent.index("\t") + 1),
                )
            )
    return problems


_SYNTAX_HINTS = {
    "mapping values are not allowed here": (
        "Either a value holds a colon followed by a space, which YAML reads as a new field "
        '(put the whole value in double quotes, e.g. title: "Before: after"), or this line is indented '
        "under a field that already has its value on the line above."
    ),
    "could not find expected ':'": (
        "This line is neither `field: value` nor a list item `- value`, or a quote is not closed. "
        "Check the line above it too."
    ),
    "that cannot start any token": (
        "A value starts with a character YAML reserves (` @ % or a tab). Put the value in double quotes."
    ),
    "expected <block end>, but found": (
        "The indentation does not line up with the lines above. Indent fields of the same mapping by the same number of spaces."
    ),
    "while scanning a quoted scalar": "A quote is opened here but never closed. Close it at the end of the value.",
    "while parsing a flow sequence": (
        "A `[` opened here is never closed with `]`. Close the list, or put the whole value in double quotes "
        "if the bracket is part of the text."
    ),
    "while parsing a flow mapping": (
        "A `{` opened here is never closed with `}`. Close it, or put the whole value in double quotes "
        "if the brace is part of the text."
    ),
    "found undefined alias": "A value starts with `*`, which YAML reads as a reference. Put the value in double quotes.",
    "found undefined tag handle": "A value starts with `!`, which YAML reads as a type tag. Put the value in double quotes.",
    "expected a single document": "The file holds more than one YAML document (a second `---`). Keep one document per file.",
}


_OPENED_EARLIER = ("while scanning a quoted scalar", "while parsing a flow")
"""Errors found where YAML gave up, often the end of the file, whose fix is where the quote or bracket opened."""


def _syntax_problem(source: SourceFile, error: yaml.MarkedYAMLError) -> Diagnostic:
    opened_earlier = error.context_mark and (error.context or "").startswith(_OPENED_EARLIER)
    mark = error.context_mark if opened_earlier else error.problem_mark or error.context_mark
    where = Position(mark.line + 1, mark.column + 1) if mark else FILE_START
    problem = " ".join(part for part in (error.context, error.problem) if part)
    hint = next((text for key, text in _SYNTAX_HINTS.items() if key in problem), None)
    message = f"YAML cannot read this line ({problem})."
    if hint:
        message += " " + hint
    line = source.lines[where.line - 1] if 0 < where.line <= len(source.lines) else ""
    if any(curly in line for curly in "\u201c\u201d\u2018\u2019"):
        message += " Curly quotes (as word processors type them) are not quotes to YAML: use straight quotes \"...\"."
    return source.diagnostic("E003", message, at=where)


class _ValueBuilder:
    """Turns a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: FieldPath) -> object:
        self.source.value_positions[path] = _position(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (index,)) for index, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode), "a composed document holds only mappings, sequences and scalars"
        self.source.scalars[path] = Scalar(node.value, quoted=node.style in ("'", '"'))
        try:
            return self._constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self.problems.append(
                self.source.diagnostic(
                    "E003", f"The value starts with the YAML type tag `{node.tag.replace('tag:yaml.org,2002:', '!!')}`, which content files do not allow. Delete the tag.", path
                )
            )
            return node.value

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, object]:
        mapping: dict[str, object] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            where = _position(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    self.source.diagnostic("E003", "Merge keys (`<<:`) are not supported in content files; write the fields out.", at=where)
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    self.source.diagnostic("E003", "Only plain field names may stand before a colon; write `name: value`.", at=where)
                )
                continue
            # Keys are names, never booleans or numbers: `on:` stays "on".
            key = key_node.value
            if key in first_seen:
                self.problems.append(
                    self.source.diagnostic(
                        "E004",
                        f"The field `{key}` appears twice in the same mapping (first on line {first_seen[key].line}); "
                        "YAML would silently keep only the last one. Keep one and delete the other.",
                        path + (key,),
                        at=where,
                    )
                )
                continue
            first_seen[key] = where
            self.source.key_positions[path + (key,)] = where
            mapping[key] = self.build(value_node, path + (key,))
        return mapping


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)
