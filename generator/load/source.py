"""Reads one YAML content file into plain Python values, remembering where each value stood.

PyYAML's composer gives a node tree with positions; we build the values from it
ourselves so that we can (a) keep the line and column of every value and key,
(b) refuse the traps YAML hides: duplicate keys, tabs, non-UTF-8 bytes, and
(c) keep the raw text of every scalar, so that a later message can say "YAML
read `no` as a boolean" instead of "got False".

Most files have no problem at all, and most of their positions are never asked
for: such a file's values are built straight from the parser's events in one
pass (``_quick_value``), and its positions only when a diagnostic first needs
one (``SourceFile.places``), by the same careful reading every other file gets.

Content is untrusted input (a colleague's file, a spreadsheet's export), so the
file is read, parsed and built within bounds that real content never reaches,
each one rule checked where the problem first shows:

- the file: only a regular file inside the content folder is opened, never a
  FIFO, device, socket or a link leading out of it, and at most ``MAX_FILE_BYTES``;
- the events, before any node is composed: no anchors or aliases (so a
  "billion laughs" file never expands), no type tags, nesting at most
  ``MAX_DEPTH`` levels, each scalar at most ``MAX_TEXT_CHARACTERS`` long and
  made of printable characters only;
- the values: a scalar YAML cannot build (a date that does not exist, an
  integer too long for Python) is reported, never raised.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostic, Severity
from generator.load.kept import KeptValues

FieldPath = tuple[str | int, ...]

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it: the same nodes and marks, several times faster."""


@dataclass(frozen=True)
class Position:
    line: int
    column: int


FILE_START = Position(0, 0)

MAX_FILE_BYTES = 1_000_000
"""1 MB per file: the largest example file is 17 KB, a list file of a hundred long reasons about 200 KB."""

MAX_DEPTH = 20
"""Mappings and lists inside each other: the deepest content (a calculator's items) needs 6 levels."""

MAX_TEXT_CHARACTERS = 10_000
"""Per value, about 1,500 words: the longest example text is 854 characters. Markdown fields are
also bounded in shape (``generator.check.prose``) so that each renders in well under a second."""

_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML itself refuses in a file (control characters, NUL, lone surrogates); values written with
escapes such as ``"\\0"`` are held to the same rule."""


@dataclass(frozen=True)
class Scalar:
    """The text of a scalar as written in the file, and whether it was quoted."""

    raw: str
    quoted: bool


@dataclass
class Places:
    """Where each value and key of a file was written, and each scalar's text as written."""

    value_positions: dict[FieldPath, Position] = field(default_factory=dict)
    key_positions: dict[FieldPath, Position] = field(default_factory=dict)
    scalars: dict[FieldPath, Scalar] = field(default_factory=dict)


@dataclass
class SourceFile:
    """One content file: its values, and where each value and key was written."""

    relative: str
    lines: list[str]
    value: object = None
    unlocated_text: str | None = field(default=None, repr=False)
    """The text of a file read on the quick path, whose places are found only when first asked for."""
    _places: Places | None = field(default=None, init=False, repr=False)

    @property
    def places(self) -> Places:
        """The file's places, found on first use for a file read on the quick path (it is clean, so nothing is reported)."""
        if self._places is None:
            text, self.unlocated_text = self.unlocated_text, None
            self._places = _places_in(self, text) if text is not None else Places()
        return self._places

    @property
    def value_positions(self) -> dict[FieldPath, Position]:
        return self.places.value_positions

    @property
    def key_positions(self) -> dict[FieldPath, Position]:
        return self.places.key_positions

    @property
    def scalars(self) -> dict[FieldPath, Scalar]:
        return self.places.scalars

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


class Reads:
    """Files read before, each with its bytes: a file whose bytes did not change is not parsed again.

    The preview keeps one between saves, so that a save of one file of five hundred parses one; a one-off
    command gives it the values ``kept`` on disk by earlier commands (``generator.load.kept``).
    What a file holds, and every problem in it, depends on its bytes and its name alone; whether it may
    be read at all (``refusal``) is still decided afresh on every read.
    """

    def __init__(self, kept: KeptValues | None = None) -> None:
        self.kept = kept
        self._files: dict[tuple[Path, str], tuple[bytes, SourceFile, list[Diagnostic]]] = {}
        self._asked: set[tuple[Path, str]] = set()
        self.parsed = 0
        """How many files were parsed rather than found unchanged, over this object's life."""

    def forget_unasked(self) -> None:
        """Drops the files not read since the last call (a file deleted or renamed), so only the content folder is held."""
        self._files = {key: kept for key, kept in self._files.items() if key in self._asked}
        self._asked = set()

    def read(self, path: Path, relative: str, raw: bytes) -> tuple[SourceFile, list[Diagnostic]]:
        self._asked.add((path, relative))
        kept = self._files.get((path, relative))
        if kept is not None and kept[0] == raw:
            return kept[1], kept[2]
        self.parsed += 1
        source, problems = _source_of(raw, relative, self.kept)
        self._files[(path, relative)] = (raw, source, problems)
        return source, problems


def read_source(path: Path, relative: str, inside: Path, reads: Reads | None = None) -> tuple[SourceFile, list[Diagnostic]]:
    """Reads ``path``, a file of the content folder ``inside``, and returns it with its problems.

    ``value`` is None when the file cannot be read at all. A duplicate key is
    reported but does not stop the rest of the file from being checked: the
    first occurrence is kept. With ``reads``, a file read there before with the same bytes is not parsed again.
    """
    unreadable = SourceFile(relative, [])
    try:
        raw = _read_content_file(path, inside)
    except NotReadable as refused:
        return unreadable, [unreadable.diagnostic("E009", f"decide does not read this: {refused}")]
    return reads.read(path, relative, raw) if reads else _source_of(raw, relative)


def _source_of(raw: bytes, relative: str, kept: KeptValues | None = None) -> tuple[SourceFile, list[Diagnostic]]:
    """A content file's values and problems from its bytes; a clean file's values from ``kept`` when found there."""
    unreadable = SourceFile(relative, [])
    text, problem = decode_text(raw, relative)
    if problem:
        return unreadable, [problem]
    source = SourceFile(relative, text.splitlines())
    problems = _find_tabs(source, text) or _find_unprintable(source, text)
    if problems:
        return source, problems
    quick = kept.value(raw, lambda: _quick_value(text)) if kept is not None else _quick_value(text)
    if quick is not None:
        source.value, source.unlocated_text = quick, text
        return source, []
    try:
        root = _compose(source, text)
    except _Refused as refused:
        return source, [refused.diagnostic]
    except yaml.MarkedYAMLError as error:
        return source, [_syntax_problem(source, error)]
    except yaml.YAMLError as error:
        return source, [source.diagnostic("E003", f"YAML cannot read this file: {error}.")]
    empty = [source.diagnostic("E005", "The file is empty (or holds only comments). Write its fields, or delete the file.")]
    if root is None:
        return source, empty
    builder = _ValueBuilder(source)
    source._places = builder.places
    source.value = builder.build(root, ())
    if source.value is None:
        return source, empty
    return source, builder.problems


def _places_in(source: SourceFile, text: str) -> Places:
    """The places of a file the quick path read: composed and built again, carefully, for its positions alone."""
    root = _compose(source, text)
    builder = _ValueBuilder(source)
    if root is not None:
        builder.build(root, ())
    return builder.places


class NotReadable(Exception):
    """Why a path in the content folder is not read, as the end of a sentence with its fix."""


def refusal(path: Path, inside: Path, *, folder: bool = False, largest: int = MAX_FILE_BYTES) -> NotReadable | None:
    """Why ``path`` must not be read as a file (or listed, as a ``folder``) of the content folder ``inside``; None when it may.

    Only regular files and folders are read, and only inside ``inside``: a link may point
    elsewhere in the content folder, never out of it (or a colleague's file could publish
    ``/etc/passwd``). Nothing is opened to find out, so a FIFO cannot block the check.
    """
    try:
        real = path.resolve(strict=True)
        found = real.stat()
    except FileNotFoundError:
        return NotReadable("it is a link to something that does not exist. Delete the link, or point it at a file in content/.")
    except RuntimeError:  # a loop of links, in Python before 3.13
        return NotReadable("it is a link that leads back to itself. Replace it with an ordinary file.")
    except OSError as error:
        return NotReadable(f"it cannot be opened ({error.strerror}). Replace it with an ordinary file.")
    if not real.is_relative_to(inside.resolve()):
        return NotReadable("it is a link to a place outside the content folder. Copy the file into content/ instead of linking to it.")
    is_wanted, wanted = (stat.S_ISDIR, "a folder") if folder else (stat.S_ISREG, "a file")
    if not is_wanted(found.st_mode):
        return NotReadable(f"it is {_kind_of_entry(found.st_mode)}, where {wanted} is expected. Replace it with {wanted}, or move it out of content/.")
    if not os.access(real, os.R_OK | (os.X_OK if folder else 0)):
        return NotReadable(f"decide is not allowed to read this {wanted[2:]}. Give it read permission (chmod a+r{'x' if folder else ''}).")
    if not folder and found.st_size > largest:
        return _too_large(found.st_size, largest)
    return None


def _read_content_file(path: Path, inside: Path) -> bytes:
    refused = refusal(path, inside)
    if refused:
        raise refused
    return read_regular_file(path)


def read_regular_file(path: Path, largest: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``largest`` bytes; raises ``NotReadable`` otherwise.

    Opened without blocking and looked at once open, so a FIFO or a device (even one swapped
    in after ``refusal`` looked) is never read, and never more than the limit is read.
    """
    try:
        descriptor = os.open(path.resolve(), os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        raise NotReadable(f"it cannot be opened ({error.strerror}). Check that it is an ordinary file decide may read.") from None
    with os.fdopen(descriptor, "rb") as opened:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotReadable("it is not an ordinary file. Replace it with a file.")
        raw = opened.read(largest + 1)
    if len(raw) > largest:
        raise _too_large(len(raw), largest)
    return raw


def _too_large(size: int, largest: int) -> NotReadable:
    if largest != MAX_FILE_BYTES:
        return NotReadable(f"it is {size:,} bytes, more than the {largest:,} decide reads of a file of its kind.")
    return NotReadable(
        f"it is {size:,} bytes, and a content file holds at most {MAX_FILE_BYTES:,} (1 MB). Split its entries over several files."
    )


def _kind_of_entry(mode: int) -> str:
    kinds = {stat.S_ISDIR: "a folder", stat.S_ISREG: "a file", stat.S_ISFIFO: "a named pipe (FIFO)", stat.S_ISSOCK: "a socket"}
    return next((name for is_kind, name in kinds.items() if is_kind(mode)), "a device")


def _compose(source: SourceFile, text: str) -> yaml.Node | None:
    """The node tree, composed only once its events passed ``_check_events``."""
    try:
        return _checked_compose(source, text, _FAST_LOADER)
    except yaml.YAMLError:
        # The syntax hints are written for PyYAML's own messages, which libyaml words differently.
        return _checked_compose(source, text, yaml.SafeLoader)


def _checked_compose(source: SourceFile, text: str, loader: type) -> yaml.Node | None:
    _check_events(source, yaml.parse(text, Loader=loader))
    return yaml.compose(text, Loader=loader)


def decode_text(raw: bytes, relative: str) -> tuple[str, Diagnostic | None]:
    """The file's text, or E001 where its bytes stop being UTF-8: every file of the content folder is read as UTF-8."""
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


def _find_tabs(source: SourceFile, text: str) -> list[Diagnostic]:
    """YAML forbids tabs in indentation; its own error for them is cryptic."""
    problems: list[Diagnostic] = []
    if "\t" not in text:
        return problems
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


def _find_unprintable(source: SourceFile, text: str) -> list[Diagnostic]:
    """A control character (often pasted from another program) is refused with its place, the first one only."""
    found = _NOT_PRINTABLE.search(text)
    if not found:
        return []
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return [source.diagnostic("E073", _unprintable_message(found.group(), "it"), at=Position(line, column))]


def _unprintable_message(character: str, what_to_delete: str) -> str:
    return (
        f"The text holds the character U+{ord(character):04X}, an invisible control code (or half of a character pair) that content cannot hold; "
        f"it usually comes from copying out of another program. Delete {what_to_delete}, or retype the text around it."
    )


class _Refused(Exception):
    """A structure content never needs, found while reading the events; stops the file at once."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _Place:
    """An open mapping or list while the events are read: where it is, and where its next value goes."""

    def __init__(self, path: FieldPath, mapping: bool) -> None:
        self.path = path
        self.mapping = mapping
        self.index = 0
        self.key: str | int = ""

    def next_path(self, event: yaml.NodeEvent) -> FieldPath:
        """The field path of the node ``event`` starts; a mapping's key is reported at the mapping."""
        self.index += 1
        if not self.mapping:
            return self.path + (self.index - 1,)
        if self.index % 2:
            self.key = event.value if isinstance(event, yaml.ScalarEvent) else "?"
            return self.path
        return self.path + (self.key,)


def _check_events(source: SourceFile, events: Iterable[yaml.Event]) -> None:
    """Refuses, before any node is built, what content never needs and an attack relies on.

    Read as a stream, so a file of a million ``[`` or a "billion laughs" stops at its first
    excess, with memory and time bounded by the file's size.
    """
    open_places: list[_Place] = []
    for event in events:
        if isinstance(event, yaml.CollectionEndEvent):
            open_places.pop()
        if not isinstance(event, yaml.NodeEvent):
            continue
        path = open_places[-1].next_path(event) if open_places else ()
        problem = _event_problem(event, len(open_places))
        if problem:
            code, message = problem
            where = Position(event.start_mark.line + 1, event.start_mark.column + 1) if event.start_mark else FILE_START
            raise _Refused(source.diagnostic(code, message, path, at=where))
        if isinstance(event, yaml.CollectionStartEvent):
            open_places.append(_Place(path, isinstance(event, yaml.MappingStartEvent)))


def _event_problem(event: yaml.NodeEvent, depth: int) -> tuple[str, str] | None:
    """The code and message for a node that content cannot hold, or None."""
    if isinstance(event, yaml.AliasEvent):
        # Every anchor is refused where it is written, so an alias that is reached names none: it was meant as text.
        return "E003", _SYNTAX_HINTS["found undefined alias"]
    if event.anchor:
        return "E070", (
            f"`&{event.anchor}` is a YAML anchor (it names a value for `*{event.anchor}` to repeat); content files do not use anchors and aliases. "
            "Write the value out in full wherever it is needed (if the text starts with &, put it in double quotes)."
        )
    tag = getattr(event, "tag", None)
    if tag:
        return "E003", (
            f"The value starts with the YAML type tag `{tag.replace('tag:yaml.org,2002:', '!!')}`, which content files do not allow. "
            "Delete the tag (to keep a value as text, put it in double quotes)."
        )
    if isinstance(event, yaml.CollectionStartEvent) and depth >= MAX_DEPTH:
        return "E071", (
            f"Lists and fields are nested here more than {MAX_DEPTH} levels deep; content needs at most a few levels. "
            "Check the indentation and the brackets [ ] { } above this line."
        )
    if isinstance(event, yaml.ScalarEvent):
        return scalar_problem(event.value)
    return None


def scalar_problem(value: str) -> tuple[str, str] | None:
    """The code and message for a text content cannot hold (too long, unprintable), or None; imports hold cells to it too."""
    if len(value) > MAX_TEXT_CHARACTERS:
        return "E072", (
            f"This value is {len(value):,} characters long; a value holds at most {MAX_TEXT_CHARACTERS:,} "
            "(about 1,500 words). Shorten it, or split the text over several entries."
        )
    unprintable = _NOT_PRINTABLE.search(value)
    if unprintable:
        return "E073", _unprintable_message(unprintable.group(), "it (or the escape such as \\0 or \\e that writes it)")
    return None


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


class _NotQuick(Exception):
    """Something in a file the quick path leaves to the careful one, which reports it exactly."""


def _quick_value(text: str) -> object:
    """The file's values, built in one pass over the parser's events, or None when anything is unusual.

    Only a file the careful path would read without a single problem is read here: the first
    anchor, alias, tag, second document, excess, duplicate or merge key, unbuildable scalar or
    parse error hands the file back (None), and an empty file is handed back too. The values are
    built as the careful path builds them: keys kept as written, scalars resolved by the same
    resolver and constructed by the same constructor.
    """
    parser = _FAST_LOADER(text)
    try:
        return _QuickBuilder().value(parser)
    except (_NotQuick, yaml.YAMLError):
        return None
    finally:
        parser.dispose()


_MAY_NOT_BE_TEXT = frozenset(yaml.resolver.Resolver.yaml_implicit_resolvers)
"""First characters of a plain value that YAML may read as something else (``y`` for yes, a digit, ``~``):
any other plain value is text, as the resolver, which looks its rules up by first character, would find."""
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
"""A whole number as most are written, which ``int`` reads as YAML's constructor would (not ``0x1F``, ``010`` or ``1_000``)."""


class _QuickBuilder:
    """Values from events: a stack of the mappings and lists still open, each beside the key its next value goes under."""

    def __init__(self) -> None:
        self._resolver = yaml.resolver.Resolver()
        self._constructor = yaml.constructor.SafeConstructor()

    def value(self, parser: Any) -> object:
        """The root value; ``parser`` is libyaml's, read with ``get_event`` until the stream ends."""
        containers: list[dict | list] = []
        keys: list[str | None] = []
        root: object = None
        documents = 0
        while True:
            event = parser.get_event()
            kind = type(event)
            expects_key = bool(containers) and keys[-1] is None and type(containers[-1]) is dict
            if kind is yaml.ScalarEvent:
                built = self._scalar(event, expects_key)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                keys.pop()
                built = containers.pop()
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor or event.tag or len(containers) >= MAX_DEPTH or expects_key:
                    raise _NotQuick  # an anchor or tag, too deep, or a mapping or list as a key
                containers.append({} if kind is yaml.MappingStartEvent else [])
                keys.append(None)
                continue
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _NotQuick
                continue
            elif kind is yaml.StreamEndEvent:
                break
            elif kind is yaml.StreamStartEvent or kind is yaml.DocumentEndEvent:
                continue
            else:
                raise _NotQuick  # an alias
            if not containers:
                root = built
                continue
            container, key = containers[-1], keys[-1]
            if isinstance(container, list):
                container.append(built)
            elif key is not None:
                container[key] = built
                keys[-1] = None
            elif built == "<<" or built in container:
                raise _NotQuick  # a merge key (or a key written "<<"), or a duplicate
            else:
                keys[-1] = str(built)  # a key: the text of a scalar, ``_scalar`` saw to it
        if root is None:
            raise _NotQuick
        return root

    def _scalar(self, event: yaml.ScalarEvent, is_key: bool) -> object:
        text = event.value
        if event.anchor or event.tag:
            raise _NotQuick
        if len(text) > MAX_TEXT_CHARACTERS or (event.style == '"' and _NOT_PRINTABLE.search(text)):
            raise _NotQuick  # only escapes in double quotes can write what the file's own check let through
        if is_key or (text and (not event.implicit[0] or text[0] not in _MAY_NOT_BE_TEXT)):
            return text  # a key, kept as written; a quoted value, or one no resolver reads as more than text
        tag = self._resolver.resolve(yaml.ScalarNode, text, event.implicit)
        if tag == _STR:
            return text
        if tag == _NULL:
            return None
        try:
            if tag == _INT and _DECIMAL.fullmatch(text):
                return int(text)  # raises, as the constructor does, past Python's limit of digits
            return self._constructor.construct_object(yaml.ScalarNode(tag, text, style=event.style), deep=True)
        except (yaml.YAMLError, ValueError, ArithmeticError, TypeError):
            raise _NotQuick from None


class _ValueBuilder:
    """Turns a composed node tree into dicts, lists and scalars, recording positions."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.places = Places()
        self.problems: list[Diagnostic] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: FieldPath) -> object:
        where = self.places.value_positions[path] = _position(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, path + (index,)) for index, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode), "a composed document holds only mappings, sequences and scalars"
        self.places.scalars[path] = Scalar(node.value, quoted=node.style in ("'", '"'))
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, ArithmeticError, TypeError):
            self.problems.append(self.source.diagnostic("E074", _unbuildable_message(node, path), path, at=where))
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
            self.places.key_positions[path + (key,)] = where
            mapping[key] = self.build(value_node, path + (key,))
        return mapping


_WHAT_YAML_READ = {
    "tag:yaml.org,2002:timestamp": "as a date or time, and there is no such date or time",
    "tag:yaml.org,2002:int": "as a whole number, and it has more digits than a number can hold",
    "tag:yaml.org,2002:float": "as a number, and it cannot be read as one",
}


def _unbuildable_message(node: yaml.ScalarNode, path: FieldPath) -> str:
    """A value whose type YAML guessed from its text, but which it cannot then build."""
    what = _WHAT_YAML_READ.get(node.tag, "as a special YAML value, which content does not use")
    written = node.value if len(node.value) <= 40 else node.value[:40] + "…"
    field = next((part for part in reversed(path) if isinstance(part, str)), "")
    quoted = f'{field}: "{written}"' if field and not isinstance(path[-1], int) else f'"{written}"'
    return f"YAML reads `{written}` {what}. If it is text, put it in double quotes: {quoted}."


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)
