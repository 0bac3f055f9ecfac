"""The content in another of the site's languages: every confirmed translation applied, every other text marked.

Which fields are texts is read off the models (``Shown``), not listed here, so a text field added to a model
is translated with no change to this module. A field's context, the key a catalog files its translation
under, is ``<file in content/>:<field path>``, the path written as the loader's messages write it
(``offerings/stock-planner.yml:options[0].summary``, ``reasons/customers.yml:[3].result``).

A translation is used only when a translator confirmed it: written, not marked fuzzy, and made from the
source text as it is now. Any other text stays in the default language as an ``Untranslated``, so the page
can mark it with its own ``lang``.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from generator.load import Content
from generator.load.content import KINDS, Kind, Located
from generator.load.models import Calculator, Reason, Shown, Untranslated
from generator.load.source import FieldPath, format_path
from generator.load.translations import Translation

State = Literal["translated", "untranslated", "fuzzy"]


@dataclass(frozen=True)
class TextField:
    """One text of the content, where it is, and whether it is Markdown."""

    file: str
    """The file inside ``content/``, e.g. ``offerings/stock-planner.yml``."""
    path: FieldPath
    text: str
    markdown: bool

    @property
    def context(self) -> str:
        return f"{self.file}:{format_path(self.path)}"


def text_fields(content: Content) -> list[TextField]:
    """Every text of the content a prospect reads, in the order of the kinds and files: what a catalog holds."""
    found: list[TextField] = []

    def collect(file: str, path: FieldPath, text: str, shown: Shown) -> str:
        found.append(TextField(file, path, text, shown.markdown))
        return text

    for kind, located in _entries(content):
        _map_texts(located.model, _file_of(kind, located), located.path, collect)
    return found


def state_of(text: str, translation: Translation | None) -> State:
    """Whether ``text`` has a confirmed translation, none, or one that waits for a translator (fuzzy, or made from another source text)."""
    if translation is None or not translation.text:
        return "untranslated"
    return "translated" if translation.confirmed and translation.source == text else "fuzzy"


def content_in(content: Content, locale: str) -> Content:
    """A copy of ``content`` in ``locale``: confirmed translations applied, every other text an ``Untranslated`` in the default locale.

    The default locale itself, or content without a site, is returned as it is.
    """
    if content.site is None or locale == content.site.model.locale:
        return content
    default = content.site.model.locale
    catalog = content.translations.get(locale)
    entries = catalog.entries if catalog else {}

    def translate(file: str, path: FieldPath, text: str, shown: Shown) -> str:
        translation = entries.get(f"{file}:{format_path(path)}")
        if translation is not None and state_of(text, translation) == "translated":
            return translation.text
        return Untranslated(text, lang=default)

    def located_in(kind: Kind, located: Located) -> Located:
        return dataclasses.replace(located, model=_map_texts(located.model, _file_of(kind, located), located.path, translate))

    changes: dict[str, Any] = {}
    for kind in KINDS:
        held = getattr(content, kind.name)
        if isinstance(held, dict):
            changes[kind.name] = {key: located_in(kind, located) for key, located in held.items()}
        elif isinstance(held, list):
            changes[kind.name] = [located_in(kind, located) for located in held]
        elif held is not None:
            changes[kind.name] = located_in(kind, held)
    _units_alike(content.reasons, changes)
    return dataclasses.replace(content, **changes)


def _units_alike(reasons: list[Located[Reason]], changes: dict[str, Any]) -> None:
    """Metric units written alike read alike in every language: each takes the first confirmed translation of its
    source, and so does an input's ``evidence.unit``, which names the unit of the reasons it draws on."""
    units: dict[str, str] = {}
    for before, after in zip(reasons, changes["reasons"], strict=True):
        if before.model.metric is not None and not isinstance(after.model.metric.unit, Untranslated):
            units.setdefault(before.model.metric.unit, after.model.metric.unit)
    if not units:
        return
    changes["reasons"] = [
        _with(after, "metric", "unit", units[before.model.metric.unit]) if before.model.metric is not None and before.model.metric.unit in units else after
        for before, after in zip(reasons, changes["reasons"], strict=True)
    ]
    changes["calculators"] = {key: dataclasses.replace(located, model=_evidence_in(located.model, units)) for key, located in changes["calculators"].items()}


def _with(located: Located, part: str, name: str, value: str) -> Located:
    """``located`` with ``name`` of its model's ``part`` set to ``value``."""
    inner = getattr(located.model, part).model_copy(update={name: value})
    return dataclasses.replace(located, model=located.model.model_copy(update={part: inner}))


def _evidence_in(calculator: Calculator, units: dict[str, str]) -> Calculator:
    inputs = [
        field.model_copy(update={"evidence": field.evidence.model_copy(update={"unit": units[field.evidence.unit]})}) if field.evidence and field.evidence.unit in units else field
        for field in calculator.inputs
    ]
    return calculator.model_copy(update={"inputs": inputs})


def _entries(content: Content) -> Iterator[tuple[Kind, Located]]:
    for kind in KINDS:
        held = getattr(content, kind.name)
        located = held.values() if isinstance(held, dict) else held if isinstance(held, list) else [held] if held is not None else []
        for entry in located:
            yield kind, entry


def _file_of(kind: Kind, located: Located) -> str:
    """The entry's file inside ``content/``: content files lie at its root or directly in a kind's folder."""
    return kind.file if kind.shape == "single" else f"{kind.name}/{Path(located.source.relative).name}"


Visit = Callable[[str, FieldPath, str, Shown], str]


def _map_texts(model: BaseModel, file: str, path: FieldPath, visit: Visit) -> BaseModel:
    """``model`` with ``visit`` applied to each of its texts (and its parts' texts); the same object where nothing changed."""
    return _mapped(model, None, path, lambda inner_path, text, shown: visit(file, inner_path, text, shown))


def _mapped(value: Any, annotation: Any, path: FieldPath, visit: Callable[[FieldPath, str, Shown], str]) -> Any:
    if isinstance(value, BaseModel):
        updates = {}
        for name, field_annotation in _fields(type(value)):
            old = getattr(value, name)
            new = _mapped(old, field_annotation, (*path, name), visit)
            if new is not old:
                updates[name] = new
        return value.model_copy(update=updates) if updates else value
    if isinstance(value, list):
        item = _item_of(annotation)
        items = [_mapped(entry, item, (*path, index), visit) for index, entry in enumerate(value)]
        return items if any(new is not old for new, old in zip(items, value, strict=True)) else value
    if isinstance(value, str):
        shown = _shown(annotation)
        return visit(path, value, shown) if shown else value
    return value


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """Each field of ``model`` with its whole annotation: Pydantic keeps a field's outer ``Annotated`` metadata apart."""
    return tuple((name, Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation) for name, info in model.model_fields.items())


def _shown(annotation: Any) -> Shown | None:
    """The ``Shown`` mark of a text annotation, looking through ``Annotated`` and ``| None``."""
    if get_origin(annotation) is Annotated:
        marks = [mark for mark in annotation.__metadata__ if isinstance(mark, Shown)]
        return marks[0] if marks else _shown(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        return next((mark for mark in map(_shown, get_args(annotation)) if mark), None)
    return None


def _item_of(annotation: Any) -> Any:
    """The item annotation of a list annotation, looking through ``Annotated`` and ``| None``; None when there is none."""
    origin = get_origin(annotation)
    if origin is list:
        return get_args(annotation)[0]
    if origin is Annotated:
        return _item_of(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return next((item for item in map(_item_of, get_args(annotation)) if item is not None), None)
    return None
