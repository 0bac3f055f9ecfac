"""Validates a file's values against a model and says what is wrong in a marketer's words.

Pydantic reports errors against a ``loc`` path; the source file knows where each
path was written, and what the raw text was, so each error becomes a diagnostic
with a line, a column, what was found and what is expected.
"""

from __future__ import annotations

import datetime
import difflib
import functools
from collections.abc import Iterable
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, PydanticUserError, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from generator.diagnostics import Diagnostic
from generator.load.models import LARGEST_FIGURE
from generator.load.source import FieldPath, SourceFile

M = TypeVar("M", bound=BaseModel)

YAML_BOOLEAN_WORDS = "yes, no, on, off, true, false, y, n"


def validate(model: type[M], value: object, source: SourceFile, path: FieldPath = ()) -> tuple[M | None, list[Diagnostic]]:
    """The model built from ``value`` (found at ``path`` in ``source``), or None and the reasons why not."""
    try:
        return model.model_validate(value), []
    except ValidationError as error:
        errors = error.errors()
        return None, [_diagnostic(model, error_detail, source, path) for error_detail in errors] + _rules_beside(model, value, errors, source, path)


def _rules_beside(model: type[BaseModel], value: object, errors: list[ErrorDetails], source: SourceFile, base: FieldPath) -> list[Diagnostic]:
    """The rules across a mapping's fields (an input's ``min`` below its ``max``) for each mapping that holds an error.

    Pydantic runs such a rule only once every field of its mapping validates; here it runs on the fields
    that did, so its problem shows beside the field's own error. A rule that needs a field that failed is
    left out: that field's value is unknown."""
    failed = {tuple(error["loc"]) for error in errors}
    places = {loc[:end] for loc in failed for end in range(len(loc))} - failed
    problems = []
    for place in sorted(places, key=len):
        written = _written_at(value, place)
        owner = _model_at(model, (*place, "")) if place else model
        if isinstance(written, dict) and owner is not None:
            failed_here = {str(loc[len(place)]) for loc in failed if loc[: len(place)] == place and len(loc) > len(place)}
            problems += [source.diagnostic("E015", message, base + place) for message in _broken_rules(owner, written, failed_here)]
    return problems


def _written_at(value: object, place: tuple[str | int, ...]) -> object:
    for part in place:
        if isinstance(value, dict) and isinstance(part, str) and part in value:
            value = value[part]
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return None
    return value


@functools.cache
def _field_adapter(owner: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """Validates one field of ``owner`` alone, as strictly as the model does."""
    info = owner.model_fields[name]
    field_type: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    try:
        return TypeAdapter(field_type, config=owner.model_config)
    except PydanticUserError:
        return TypeAdapter(field_type)  # a model type keeps its own configuration


def _broken_rules(owner: type[BaseModel], written: dict, failed: set[str]) -> list[str]:
    """What ``owner``'s own rules say about the fields of ``written`` that validate; ``failed`` fields count as unknown."""
    fields: dict[str, object] = {}
    for name in owner.model_fields:
        if name in written and name not in failed:
            try:
                fields[name] = _field_adapter(owner, name).validate_python(written[name])
            except ValidationError:
                failed.add(name)
    instance = owner.model_construct(None, **fields)
    for name in failed:
        instance.__dict__.pop(name, None)  # reading it now raises AttributeError: the rule that needs it is skipped
    messages = []
    for rule in owner.__pydantic_decorators__.model_validators.values():
        if rule.info.mode != "after":
            continue
        try:
            rule.func(instance)
        except ValueError as broken:
            reason = str(broken).rstrip(".")
            messages.append(f"{reason[0].upper()}{reason[1:]}.")
        except (AttributeError, TypeError):
            continue
    return messages


def valid_items(model: type[M], values: object) -> list[tuple[int, M]]:
    """The items of a written list that validate on their own, with their places: when a whole entry fails,
    checks across its parts (formulas, bands) still run on these, in the same run as its schema errors."""
    found = []
    for index, value in enumerate(values if isinstance(values, list) else []):
        try:
            found.append((index, model.model_validate(value)))
        except ValidationError:
            continue
    return found


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A suggestion sentence for a misspelled name, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" Did you mean `{close[0]}`?" if close else ""


def _diagnostic(model: type[BaseModel], error: ErrorDetails, source: SourceFile, base: FieldPath) -> Diagnostic:
    loc = tuple(error["loc"])
    path = base + loc
    kind = error["type"]
    if kind == "missing":
        return source.diagnostic("E010", _missing_message(model, loc), path, at=source.position(path[:-1]))
    if kind == "extra_forbidden":
        return source.diagnostic("E011", _unknown_field_message(model, loc), path, at=source.key_position(path))
    found = _describe(error["input"], source, path)
    if kind in ("string_type", "string_too_short"):
        return source.diagnostic(*_text_expected(error["input"], found, path), path)
    return source.diagnostic("E015" if kind in _VALUE_ERRORS or _too_large(error) else "E014", _expected_message(error, found), path)


_VALUE_ERRORS = {"finite_number", "value_error", "literal_error", "greater_than_equal", "less_than_equal", "too_short", "too_long"}


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The nested model that owns the last part of ``loc``, to list its fields."""
    current: type[BaseModel] = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field_info = current.model_fields.get(part)
        nested = _nested_model(field_info.annotation) if field_info else None
        if nested is None:
            return None
        current = nested
    return current


def _nested_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        nested = _nested_model(argument)
        if nested is not None:
            return nested
    return None


def _missing_message(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    name = str(loc[-1])
    owner = _model_at(model, loc)
    description = owner.model_fields[name].description if owner and name in owner.model_fields else None
    what = f": {description}" if description else ""
    return f"The required field `{name}` is missing. Add a line `{name}: ...`{what}."


def _unknown_field_message(model: type[BaseModel], loc: tuple[str | int, ...]) -> str:
    name = str(loc[-1])
    owner = _model_at(model, loc)
    allowed = list(owner.model_fields) if owner else []
    listing = f" Fields allowed here: {', '.join(allowed)}." if allowed else ""
    return f"`{name}` is not a field of this kind of content.{did_you_mean(name, allowed)}{listing}"


def _describe(value: object, source: SourceFile, path: FieldPath) -> str:
    """What the user wrote, in their terms: the raw text when it was a scalar."""
    scalar = source.scalars.get(path)
    if isinstance(value, dict):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if scalar and scalar.quoted:
        return f'`"{scalar.raw}"` (in quotes, so text)'
    return f"`{scalar.raw}`" if scalar else f"`{value}`"


def _text_expected(value: object, found: str, path: FieldPath) -> tuple[str, str]:
    field = str(next((part for part in reversed(path) if isinstance(part, str)), "text"))
    quoted = f'"{_raw_text(value, found)}"'
    quote_it = f"Put the text in double quotes: {quoted if path and isinstance(path[-1], int) else f'{field}: {quoted}'}."
    if isinstance(value, bool):
        return "E012", f"Text is expected, but YAML read {found} as the boolean {str(value).lower()} (it does so for {YAML_BOOLEAN_WORDS}). {quote_it}"
    if isinstance(value, (int, float)):
        return "E013", f"Text is expected, but YAML read {found} as a number. {quote_it}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "E013", f"Text is expected, but YAML read {found} as a date. {quote_it}"
    if value is None or value == "" or (isinstance(value, str) and not value.strip()):
        return "E014", f"Text is expected, but the value is empty. Write the {field} after the colon, or delete the line if the field is optional."
    return "E014", f"Text is expected, but found {found}. Write the {field} as a single line of text after the colon."


def _list_length_message(kind: str, length: int, context: dict) -> str:
    if kind == "too_short" and length == 0 and context.get("min_length") == 1:
        return "The list is empty; give at least one entry, e.g. `- first-id`."
    entries = f"{length} {'entry' if length == 1 else 'entries'}" if length else "no entries"
    if kind == "too_short":
        return f"The list has {entries}; give at least {context.get('min_length')}."
    return f"The list has {entries}; give at most {context.get('max_length')}, the ones that matter most."


def _raw_text(value: object, found: str) -> str:
    return found.strip("`") if found.startswith("`") else str(value)


def _expected_message(error: ErrorDetails, found: str) -> str:
    kind = error["type"]
    context = error.get("ctx", {})
    if kind == "value_error":
        reason = str(context.get("error", error["msg"])).rstrip(".")
        return f"{reason[0].upper()}{reason[1:]}."
    if kind == "literal_error":
        expected = str(context.get("expected", "")).replace("'", "")
        choices = [choice.strip() for choice in expected.replace(" or ", ", ").split(",")]
        return f"Found {found}; expected one of: {expected}.{did_you_mean(str(error['input']), choices)}"
    if kind in ("too_short", "too_long") and isinstance(error["input"], list):
        return _list_length_message(kind, len(error["input"]), context)
    if kind in ("list_type",):
        return f"Found {found}; expected a list. Write each entry on its own line starting with `- `, or as [first, second]."
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"Found {found}; expected a mapping: indented lines of `field: value` under this one."
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return f"Found {found}; expected a whole number such as 4, written without quotes."
    if kind == "finite_number":
        return f"Found {found}; write an ordinary number such as 4 or 2.5."
    if _too_large(error):
        return f"Found {found}, a number too large to work with; numbers here must be from {-LARGEST_FIGURE:,.0f} to {LARGEST_FIGURE:,.0f}."
    if kind in ("float_type", "float_parsing"):
        return f"Found {found}; expected a number such as 4 or 2.5, written without quotes or units."
    if kind in ("greater_than_equal", "less_than_equal"):
        limit = context.get("ge", context.get("le"))
        side = "at least" if kind == "greater_than_equal" else "at most"
        return f"Found {found}; the number must be {side} {_plain_number(limit)}."
    return f"Found {found}; {error['msg'][0].lower()}{error['msg'][1:]}."


def _too_large(error: ErrorDetails) -> bool:
    """A whole number no float holds (a 1 and 400 zeros): strict models take whole numbers as floats, except these."""
    value = error["input"]
    return error["type"] == "float_type" and isinstance(value, int) and not isinstance(value, bool)


def _plain_number(value: object) -> str:
    """A bound as a marketer writes it: ``1,000,000,000,000``, not ``1000000000000.0``."""
    if isinstance(value, (int, float)) and float(value).is_integer():
        return f"{int(value):,}"
    return str(value)
