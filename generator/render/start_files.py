"""Start files for ``decide new``: a new content file with every field, in the marketers' words.

The text is made from the models themselves: each field's description becomes its one-line comment and its
first example its value, so a start file always has the fields the loader knows, and nothing else. Required
fields are written; optional ones are commented out (``# field: ...``) unless the model's own rules need one,
so the file passes ``decide check`` as it is. References (``problems``, ``action``, ``scores`` ...) name files
that exist in the content folder, so they resolve too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from generator.load.models import Calculator, Mistake, Offering, Reason, Relationship, Selector, SelectorScoring, Site
from generator.load.validation import _nested_model

REFERENCES: dict[tuple[type[BaseModel], str], str] = {
    (Site, "action"): "actions",
    (Offering, "problems"): "problems",
    (Offering, "action"): "actions",
    (Reason, "offerings"): "offerings",
    (Reason, "problems"): "problems",
    (Mistake, "offerings"): "offerings",
    (Mistake, "problems"): "problems",
    (Calculator, "offering"): "offerings",
    (Calculator, "action"): "actions",
    (Selector, "offerings"): "offerings",
    (Selector, "fallback_action"): "actions",
    (SelectorScoring, "scores"): "offerings",
    (SelectorScoring, "excludes"): "offerings",
    (Relationship, "action"): "actions",
}
"""The fields that name files of another folder (a dict's keys name them, as ``scores`` does)."""

INDENT = "  "


class Unresolved(Exception):
    """A required field names a file of ``folder`` and that folder has none yet."""

    def __init__(self, folder: str, example: str) -> None:
        super().__init__(folder)
        self.folder = folder
        self.example = example


def reference_folder(model: type[BaseModel], name: str) -> str | None:
    """The folder a field's ids come from, or None for a field that names nothing else."""
    return next((REFERENCES[(owner, name)] for owner in model.__mro__ if (owner, name) in REFERENCES), None)


@dataclass
class StartFile:
    """Writes one new entry of ``model`` whose references are chosen from ``known`` (ids per folder).

    ``new_id`` is the new file's id: an existing id it equals or starts with is preferred, so that
    ``decide new reasons stock-planner`` speaks for stock-planner. With ``ahead``, a required reference
    that cannot resolve keeps its example and is listed in ``ahead`` (the site names an action written next).
    """

    model: type[BaseModel]
    known: Mapping[str, list[str]]
    new_id: str = ""
    may_point_ahead: bool = False
    ahead: list[tuple[str, str]] = field(default_factory=list)
    chosen: dict[tuple[str, str], str] = field(default_factory=dict)
    """Which existing id stands for each example id, so that one example offering is one offering throughout the file."""
    examples: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.examples = self._examples(self.model)

    def entry(self) -> dict[str, Any]:
        """The values written: required fields, and the fewest optional ones the model's own rules need."""
        candidates = self.examples
        required = {name: value for name, value in candidates.items() if self.model.model_fields[name].is_required()}
        written = dict(required)
        for name, value in candidates.items():
            if self._valid(written):
                break
            if name not in written and value is not None:
                written[name] = value
        return written

    def text(self, heading: str, as_list: bool = False) -> str:
        """The whole file: a heading comment, then the entry (as the first item of a list for reasons and mistakes)."""
        written = self.entry()
        lines = [f"# {line}" if line else "#" for line in heading.splitlines()]
        body = list(self._top_level(written, as_list))
        return "\n".join([*lines, "", *body]) + "\n"

    def _examples(self, model: type[BaseModel]) -> dict[str, Any]:
        """Each field's first example, references replaced by ids that exist; None where an optional reference cannot resolve."""
        return {name: self._resolved(model, name, info.examples[0] if info.examples else None, info.is_required()) for name, info in model.model_fields.items()}

    def _resolved(self, model: type[BaseModel], name: str, example: Any, required: bool) -> Any:
        folder = reference_folder(model, name)
        if folder is None:
            return self._nested_resolved(model, name, example)
        ids = self._preferred(self.known.get(folder, []))
        if not ids:
            if required and self.may_point_ahead:
                self.ahead.append((folder, example))
                return example
            if required:
                raise Unresolved(folder, example if isinstance(example, str) else next(iter(example)))
            return None
        if isinstance(example, dict):
            scored: dict[str, Any] = {}
            for key, value in example.items():
                scored.setdefault(self._chosen(folder, ids, key), value)
            return scored
        if isinstance(example, list):
            return list(dict.fromkeys(self._chosen(folder, ids, item) for item in example))
        return self._chosen(folder, ids, example)

    def _chosen(self, folder: str, ids: list[str], example: str) -> str:
        """The existing id for an example id: the first not yet standing for another, or the first of all when every one is taken."""
        if (folder, example) not in self.chosen:
            taken = {chosen for (of, _), chosen in self.chosen.items() if of == folder}
            self.chosen[(folder, example)] = next((known for known in ids if known not in taken), ids[0])
        return self.chosen[(folder, example)]

    def _nested_resolved(self, model: type[BaseModel], name: str, example: Any) -> Any:
        """References inside nested entries (an answer's ``scores``) are resolved too; an entry whose reference cannot resolve drops it."""
        nested = _nested_model(model.model_fields[name].annotation)
        if nested is None:
            return example
        if isinstance(example, list):
            return [self._nested_entry(nested, item) if isinstance(item, dict) else item for item in example]
        return self._nested_entry(nested, example) if isinstance(example, dict) else example

    def _nested_entry(self, model: type[BaseModel], entry: dict[str, Any]) -> dict[str, Any]:
        resolved = {key: self._resolved(model, key, value, model.model_fields[key].is_required()) for key, value in entry.items()}
        return {key: value for key, value in resolved.items() if value is not None}

    def _preferred(self, ids: list[str]) -> list[str]:
        first = [known for known in ids if self.new_id == known or self.new_id.startswith(f"{known}-")]
        return first + [known for known in ids if known not in first]

    def _valid(self, values: dict[str, Any]) -> bool:
        try:
            self.model.model_validate(values)
        except ValidationError:
            return False
        return True

    def _top_level(self, written: dict[str, Any], as_list: bool) -> Iterator[str]:
        """Each field with its description on the line above; optional fields not written are commented out."""
        indent = INDENT if as_list else ""
        first = True
        for name, info in self.model.model_fields.items():
            present = name in written
            optional = "" if info.is_required() else " (optional)" if present else " (optional: remove the # to use it)"
            yield f"{indent}# {info.description}{optional}"
            value = written[name] if present else self._shown(name)
            lines = list(_field_lines(self.model, name, value, ""))
            if not present:
                lines = _commented(lines, "")
            for line in lines:
                yield (("- " if first else indent) + line) if as_list else line
                first = False

    def _shown(self, name: str) -> Any:
        """What a commented-out field shows: its resolved example, or the model's own where no file could be named."""
        resolved = self.examples[name]
        return resolved if resolved is not None else self.model.model_fields[name].examples[0]  # type: ignore[index]


def _field_lines(model: type[BaseModel], name: str, value: Any, indent: str, comment: str = "") -> Iterator[str]:
    """``name: value``, or ``name:`` and its nested entries below, each nested field with its description after it."""
    nested = _nested_model(model.model_fields[name].annotation)
    after = f"  # {comment}" if comment else ""
    if nested is not None and isinstance(value, dict):
        yield f"{indent}{name}:{after}"
        yield from _entry_lines(nested, value, indent + INDENT)
    elif nested is not None and isinstance(value, list):
        yield f"{indent}{name}:{after}"
        for item in value:
            if isinstance(item, dict):
                lines = list(_entry_lines(nested, item, ""))
                yield f"{indent}{INDENT}- {lines[0]}"
                yield from (f"{indent}{INDENT}{INDENT}{line}" for line in lines[1:])
            else:
                yield f"{indent}{INDENT}- {_inline(item)}"
    else:
        yield f"{indent}{name}: {_inline(value)}{after}"


def _entry_lines(model: type[BaseModel], entry: dict[str, Any], indent: str) -> Iterator[str]:
    """A nested entry's fields: those it has, in its order, then the others commented out with their examples."""
    fields = model.model_fields
    for name in [*entry, *(name for name in fields if name not in entry)]:
        info = fields[name]
        if name in entry:
            yield from _field_lines(model, name, entry[name], indent, info.description or "")
        elif info.examples:
            yield from _commented(list(_field_lines(model, name, info.examples[0], indent, f"{info.description} (optional)")), indent)


def _commented(lines: list[str], indent: str) -> list[str]:
    """Lines commented out after their common ``indent``, so that removing each ``# `` gives back the YAML."""
    return [f"{indent}# {line[len(indent) :]}" for line in lines]


def _inline(value: Any) -> str:
    """A value on one line, quoted only where YAML needs it: ``Let's talk``, ``[a, b]``, ``{a: 1}``, ``"yes"``."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False).strip()
    return dumped.removesuffix("\n...").strip()
