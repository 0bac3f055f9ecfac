"""The JSON Schemas editors use: committed as `decide schema` writes them, and as strict as decide where they can be.

An independent validator (jsonschema) reads the example content, the start files and deliberately wrong files;
each wrong file is refused by decide's own models too, so schema and loader say the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from generator.load.content import KINDS, Kind
from generator.write.schemas import content_glob, schema_name
from tests.conftest import EXAMPLE_CONTENT, PROJECT

KIND = {schema_name(kind): kind for kind in KINDS}


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((PROJECT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def files_of(kind: Kind, content: Path) -> list[Path]:
    return [content / kind.file] if kind.shape == "single" else sorted((content / kind.name).glob("*.yml"))


def test_the_committed_schemas_are_what_decide_schema_writes_now(decide, tmp_path: Path) -> None:
    assert decide("schema", cwd=tmp_path).status == 0

    written = {path.relative_to(tmp_path): path.read_text(encoding="utf-8") for path in tmp_path.rglob("*") if path.is_file()}
    committed = {path.relative_to(PROJECT): path.read_text(encoding="utf-8") for path in [*(PROJECT / "schemas").glob("*"), PROJECT / ".vscode" / "settings.json"]}
    stale = sorted(str(path) for path in written.keys() | committed.keys() if written.get(path) != committed.get(path))
    assert not stale, f"{', '.join(stale)} differ from what the models give: run `decide schema` and commit the result"


def test_the_editor_settings_map_each_schema_onto_its_files() -> None:
    settings = json.loads((PROJECT / ".vscode" / "settings.json").read_text(encoding="utf-8"))

    assert settings["yaml.schemas"] == {f"./schemas/{name}.schema.json": content_glob(kind) for name, kind in KIND.items()}


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [(name, value) for name, value in schema.get("properties", {}).items()]
    for definition in schema.get("$defs", {}).values():
        found += _properties(definition)
    return found


@pytest.mark.parametrize("name", sorted(KIND))
def test_every_field_has_a_description_and_an_example_that_the_schema_accepts(name: str) -> None:
    checker = validator(name)
    fields = _properties(checker.schema)

    assert fields
    for field, schema in fields:
        assert schema.get("description") and schema.get("examples"), field
        for example in schema["examples"]:
            assert Draft202012Validator(schema | {"$defs": checker.schema.get("$defs", {})}).is_valid(example), (field, example)


@pytest.mark.parametrize("name", sorted(KIND))
def test_every_example_file_is_valid(name: str) -> None:
    checker = validator(name)
    for path in files_of(KIND[name], EXAMPLE_CONTENT):
        problems = [f"{'.'.join(map(str, error.absolute_path))}: {error.message}" for error in checker.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
        assert not problems, f"{path.name}: {problems}"


def test_start_files_are_valid(decide, tmp_path: Path) -> None:
    for command in [("site",), ("action", "book-call"), ("problem", "late"), ("offering", "planner"), ("reasons", "planner"), ("mistakes", "late")]:
        decide("new", *command, cwd=tmp_path)
    for command in [("calculator", "planner-payback"), ("selector", "start"), ("relationship",)]:
        decide("new", *command, cwd=tmp_path)

    for name, kind in KIND.items():
        paths = files_of(kind, tmp_path / "content")
        assert paths, name
        for path in paths:
            assert validator(name).is_valid(yaml.safe_load(path.read_text(encoding="utf-8"))), path


OFFERING = {"name": "Stock Planner", "summary": "Plans reorders.", "problems": ["late"], "options": [{"id": "multi-site", "name": "Multi-site", "summary": "Several."}]}
ITEM = {"label": "Time saved", "monthly": "hours * 25"}
CALCULATOR = {
    "title": "Pays back?",
    "offering": "planner",
    "inputs": [{"id": "hours", "label": "Hours", "unit": "hours", "default": 2, "min": 0, "max": 10}],
    "costs": [{"label": "Fee", "once": 4500}],
    "benefits": [ITEM],
}
REASON = {"result": "Late orders fell.", "offerings": ["planner"], "source": "sales"}
MISTAKE = {"title": "Buying first", "consequence": "It costs.", "avoid": "Wait.", "problems": ["late"]}
RELATIONSHIP = {"levels": [{"id": "a", "name": "A", "description": "a."}, {"id": "b", "name": "B", "description": "b."}], "questions": ["Where are we?", {"text": "Which level?", "answer": "level"}]}
SITE = {"name": "Acme", "locale": "en-GB", "currency": "GBP", "action": "book-call"}


def changed(value: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {**value, **fields}


def without(value: dict[str, Any], field: str) -> dict[str, Any]:
    return {name: given for name, given in value.items() if name != field}


ACCEPTED = [
    pytest.param("offering", OFFERING, id="offering"),
    pytest.param("calculator", CALCULATOR, id="formula-as-a-bare-number"),
    pytest.param("relationship", RELATIONSHIP, id="question-as-text"),
    pytest.param("reasons", [REASON], id="reasons"),
    pytest.param("mistakes", [MISTAKE], id="mistakes"),
    pytest.param("site", SITE, id="site"),
]

REFUSED = [
    pytest.param("offering", without(OFFERING, "name"), "'name' is a required property", id="missing-field"),
    pytest.param("offering", changed(OFFERING, problems="late"), "is not of type 'array'", id="text-for-list"),
    pytest.param("offering", changed(OFFERING, sumary="typo"), "Additional properties", id="unknown-field"),
    pytest.param("offering", changed(OFFERING, options=[{"id": "Multi Site", "name": "M", "summary": "s"}]), "does not match", id="option-id-pattern"),
    pytest.param("offering", changed(OFFERING, name=True), "is not of type 'string'", id="yes-for-text"),
    pytest.param("reasons", [changed(REASON, source="sales-team")], "is not one of", id="bad-enum"),
    pytest.param("reasons", REASON, "is not of type 'array'", id="entry-for-list"),
    pytest.param("calculator", changed(CALCULATOR, benefits=[{**ITEM, "once": 5}]), "is valid under each of", id="two-timings"),
    pytest.param("calculator", changed(CALCULATOR, inputs=[{**CALCULATOR["inputs"][0], "id": "min"}]), "should not be valid", id="reserved-input-id"),
    pytest.param("calculator", changed(CALCULATOR, horizon_months=2.5), "is not of type 'integer'", id="fraction-for-whole"),
    pytest.param("mistakes", [without(MISTAKE, "problems")], "is not valid under any", id="mistake-belongs-nowhere"),
    pytest.param("site", changed(SITE, locale="en_GB"), "does not match", id="locale"),
    pytest.param("site", changed(SITE, currency="pounds"), "does not match", id="currency"),
    pytest.param("action", {"label": "Call", "url": "javascript:alert(1)", "threshold": "Now"}, "does not match", id="unsafe-link"),
    pytest.param("relationship", changed(RELATIONSHIP, levels=RELATIONSHIP["levels"][:1]), "is too short", id="too-few-levels"),
]


def model_accepts(name: str, value: Any) -> bool:
    kind = KIND[name]
    try:
        for entry in value if kind.shape == "list" else [value]:
            kind.model.model_validate(entry)
    except (ValidationError, TypeError):
        return False
    return not (kind.shape == "list" and not isinstance(value, list))


@pytest.mark.parametrize(("name", "value"), ACCEPTED)
def test_what_decide_accepts_the_schema_accepts(name: str, value: Any) -> None:
    assert model_accepts(name, value)
    assert [error.message for error in validator(name).iter_errors(value)] == []


@pytest.mark.parametrize(("name", "value", "words"), REFUSED)
def test_wrong_files_are_refused_by_the_schema_and_by_decide(name: str, value: Any, words: str) -> None:
    messages = [reason.message for error in validator(name).iter_errors(value) for reason in [error, *error.context]]

    assert any(words in message for message in messages), messages
    assert not model_accepts(name, value)
