"""JSON Schemas of the content files, for editors: autocompletion, descriptions and errors while typing.

They are made from the same pydantic models the loader validates with, so they cannot drift from what
``decide check`` accepts. Where a model reads more than its type says (a formula written as a bare number,
a relationship question written as a line of text) or checks in a validator what a schema can say as a
pattern (ids, links, locales, currencies), the schema is widened or narrowed to say what decide accepts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from generator.load import models
from generator.load.content import KINDS, Kind

SCHEMA_FOLDER = "schemas"
EDITOR_SETTINGS = Path(".vscode") / "settings.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]


def _pattern(pattern: str) -> Callable[[Schema], Schema]:
    return lambda schema: {**schema, "pattern": pattern}


def _formula(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "number"}]}


def _text_or(schema: Schema) -> Schema:
    return {"anyOf": [{"type": "string", "minLength": 1}, schema]}


NARROWED: dict[str, Callable[[Schema], Schema]] = {
    "_slug": _pattern(models.SLUG.pattern),
    "_input_id": lambda schema: {**schema, "pattern": models.INPUT_ID.pattern, "not": {"enum": sorted(models.RESERVED_NAMES)}},
    "_url": _pattern("^(https://[^/\\s?#]+\\.[^/\\s?#]+|mailto:[^@\\s?]+@[^@\\s?]+|tel:\\+?[0-9][0-9 ()-]*$)"),
    "_locale": _pattern("^" + re.sub(r"\?P<\w+>", "", models.LOCALE_TAG.pattern) + "$"),
    "_currency": _pattern("^[A-Z]{3}$"),
    "_option_reference": _pattern("^[^/]+/[^/]+$"),
    "_email": _pattern("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"),
}
"""Validators (by function name) whose rule a pattern states, close enough for an editor; decide checks the rest."""

WIDENED: dict[str, Callable[[Schema], Schema]] = {
    "_formula_text": _formula,
    "read": _text_or,
}
"""Validators that read another shape into the model's: a bare number as a formula, a line of text as a question or touchpoint."""

WHOLE_MODEL_RULES: dict[str, Schema] = {
    "CalculatorItem": {"oneOf": [{"required": [timing]} for timing in models.TIMINGS]},
    "Mistake": {"anyOf": [{"required": ["offerings"], "properties": {"offerings": {"minItems": 1}}}, {"required": ["problems"], "properties": {"problems": {"minItems": 1}}}]},
}
"""Rules of a model's own validator that a schema can state: exactly one timing per item; a mistake belongs to an offering or a problem."""

FILLED_IN: dict[str, str] = {"Touchpoint": "id"}
"""Fields a model's own validator fills in when a file leaves them out, so a file need not write them: a touchpoint's id, made from its name."""


class ContentSchema(GenerateJsonSchema):
    """pydantic's schema, with decide's own readings and rules (above) written in."""

    def function_after_schema(self, schema: core_schema.AfterValidatorFunctionSchema) -> JsonSchemaValue:
        return self._adjusted(NARROWED, schema, super().function_after_schema(schema))

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        return self._adjusted(WIDENED, schema, super().function_before_schema(schema))

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        name = schema["cls"].__name__
        written = super().model_schema(schema)
        if name in FILLED_IN:
            written = {**written, "required": [field for field in written.get("required", []) if field != FILLED_IN[name]]}
        return {**written, **WHOLE_MODEL_RULES.get(name, {})}

    @staticmethod
    def _adjusted(table: dict[str, Callable[[Schema], Schema]], schema: Any, written: JsonSchemaValue) -> JsonSchemaValue:
        adjust = table.get(getattr(schema["function"]["function"], "__name__", ""))
        return adjust(written) if adjust else written


def file_schema(kind: Kind) -> Schema:
    """The schema of one kind's file: one entry, or for reasons and mistakes a list of entries."""
    shape: Any = list[kind.model] if kind.shape == "list" else kind.model  # type: ignore[name-defined]
    schema = TypeAdapter(shape).json_schema(schema_generator=ContentSchema)
    described = {"description": f"A list of {kind.model.__name__} entries, each starting with `- `."} if kind.shape == "list" else {}
    return {**schema, **described, "$schema": DIALECT, "title": f"decide: {content_glob(kind)}"}


def schema_name(kind: Kind) -> str:
    """``offering`` for the folder ``offerings``: the word marketers use for one file of the kind."""
    return kind.name if kind.shape == "single" or kind.shape == "list" else kind.name.removesuffix("s")


def content_glob(kind: Kind) -> str:
    return f"content/{kind.file}" if kind.shape == "single" else f"content/{kind.name}/*.yml"


def editor_settings() -> Schema:
    """VS Code settings for Red Hat's YAML extension: each schema mapped onto the files it describes."""
    return {"yaml.schemas": {f"./{SCHEMA_FOLDER}/{schema_name(kind)}.schema.json": content_glob(kind) for kind in KINDS}}


def as_json(value: Schema) -> str:
    """Deterministic text: sorted keys, two-space indent, a final newline; committed files change only when the models do."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_files() -> dict[Path, str]:
    """Every file ``decide schema`` writes, by path relative to the project folder, with its text."""
    files = {Path(SCHEMA_FOLDER) / f"{schema_name(kind)}.schema.json": as_json(file_schema(kind)) for kind in KINDS}
    files[EDITOR_SETTINGS] = as_json(editor_settings())
    return files
