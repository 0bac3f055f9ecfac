"""Appends entries to list files of content (reasons, mistakes), leaving what is already written byte for byte.

The existing text is never parsed and written again: the new entries are emitted by ruamel.yaml and added after
it, so comments, order, quoting and layout stay as they were. Every string is written double-quoted, so no text
(``no``, ``1.5``, ``: ``, ``#``) can be read back as anything but the same text by any YAML reader; list fields
follow the file's own style (``[a, b]`` or one ``- a`` per line). Before anything is written, the new text is read
back with the loader's YAML library and must give exactly the entries meant.
"""

from __future__ import annotations

import io
import os
import re
import secrets
from decimal import Decimal
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator.diagnostics import DecideError
from generator.load.source import MAX_FILE_BYTES
from generator.wording import agreeing, counted

ENTRY_INDENT = "  "


def with_entries(existing: str | None, entries: list[dict[str, object]]) -> str:
    """The text of a list file after ``entries`` are appended to ``existing`` (None for a new file)."""
    flow_lists = existing is None or _writes_flow_lists(existing)
    spaced = existing is None or "\n\n-" in existing
    emitted = (("\n" if spaced else "").join(_emit(entry, flow_lists) for entry in entries))
    before = existing or ""
    if before and not before.endswith("\n"):
        before += "\n"
    if before.strip() and spaced and not before.endswith("\n\n"):
        before += "\n"
    text = before + emitted
    _confirm(before, text, entries)
    return text


def _writes_flow_lists(text: str) -> bool:
    """Whether the file's first entry writes its lists as ``[a, b]``."""
    document = YAML(typ="rt").load(text)
    first = document[0] if isinstance(document, list) and document else {}
    lists = [value for value in first.values() if isinstance(value, CommentedSeq)] if isinstance(first, dict) else []
    return bool(lists) and all(value.fa.flow_style() for value in lists)


def _emit(entry: dict[str, object], flow_lists: bool) -> str:
    writer = YAML(typ="rt")
    writer.width = 1_000_000
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.representer.add_representer(float, _plain_float)
    stream = io.StringIO()
    writer.dump([_node(entry, flow_lists)], stream)
    # Emitted as an item of a list indented by two; the files' entries start at the margin.
    return re.sub(f"^{ENTRY_INDENT}", "", stream.getvalue(), flags=re.MULTILINE)


def _plain_float(representer: RoundTripRepresenter, value: float) -> ScalarNode:
    """A number in plain digits (``0.00001``, never ``1e-05``, which YAML 1.1 readers such as the loader's take for text)."""
    return representer.represent_scalar("tag:yaml.org,2002:float", format(Decimal(repr(value)), "f"))


def _node(value: object, flow_lists: bool) -> object:
    if isinstance(value, dict):
        return CommentedMap((key, _node(item, flow_lists)) for key, item in value.items())
    if isinstance(value, list):
        sequence = CommentedSeq(_node(item, flow_lists) for item in value)
        if flow_lists:
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, str):
        return DoubleQuotedScalarString(value)
    return value


def _confirm(before: str, text: str, entries: list[dict[str, object]]) -> None:
    """The appended part, read the way ``decide check`` reads files, holds exactly ``entries`` after what was there."""
    old = yaml.safe_load(before) if before.strip() else None
    assert text.startswith(before), "the existing text is kept as it is"
    read_back = yaml.safe_load(text)
    if read_back != (old or []) + entries:
        raise DecideError("decide could not write the entries so that they read back the same; nothing was written. This is a bug in decide.", exit_code=3)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise DecideError(f"With these entries a content file would be over {MAX_FILE_BYTES:,} bytes, more than decide reads; nothing was written. Split the file first.")


def replace_all(texts: dict[Path, str]) -> None:
    """Writes every file through a temporary one, all prepared before the first replaces its file, so a failure
    while writing leaves every content file as it was."""
    scratches: dict[Path, Path] = {}
    replaced = 0
    try:
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            scratch = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
            scratches[path] = scratch
            with os.fdopen(os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "w", encoding="utf-8", newline="") as file:
                file.write(text)
        for path, scratch in scratches.items():
            os.replace(scratch, path)
            replaced += 1
    except OSError as error:
        for scratch in scratches.values():
            scratch.unlink(missing_ok=True)
        changed = "no file was changed" if not replaced else f"{replaced} of {counted(len(texts), 'file')} {agreeing(replaced, 'was', 'were')} already written"
        raise DecideError(f"Cannot write {error.filename or 'the content files'}: {error.strerror or error}; {changed}.") from None
