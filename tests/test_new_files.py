"""`decide new`: start files that `decide check` accepts as written, in the example and in an empty folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.load.content import KINDS
from generator.load.validation import _nested_model

ENTITY_FILES = [
    ("action", "call-back", "actions/call-back.yml"),
    ("problem", "orders-leave-late", "problems/orders-leave-late.yml"),
    ("offering", "stock-counter", "offerings/stock-counter.yml"),
    ("calculator", "stock-planner-savings", "calculators/stock-planner-savings.yml"),
    ("selector", "first-step", "selectors/first-step.yml"),
    ("mistakes", "buying-too-soon", "mistakes/buying-too-soon.yml"),
]

START_A_SITE = [
    ("site",),
    ("action", "book-call"),
    ("problem", "orders-leave-late"),
    ("offering", "stock-planner"),
    ("reasons", "stock-planner"),
    ("mistakes", "orders-leave-late"),
    ("calculator", "stock-planner-payback"),
    ("selector", "where-to-start"),
    ("relationship",),
]


def errors(run) -> list[dict[str, object]]:
    return [problem for problem in run.problems if problem["severity"] == "error"]


@pytest.mark.parametrize(("kind", "entry_id", "file"), ENTITY_FILES, ids=[kind for kind, _, _ in ENTITY_FILES])
def test_a_new_file_passes_the_check_in_the_example(decide, check, content: Path, kind: str, entry_id: str, file: str) -> None:
    made = decide("new", kind, entry_id, cwd=content.parent)

    assert made.status == 0, made.err
    assert f"content/{file}" in made.err
    assert errors(check()) == []


@pytest.mark.parametrize("kind", ["site", "relationship"])
def test_a_new_single_file_passes_the_check_in_the_example(decide, check, content: Path, kind: str) -> None:
    (content / f"{kind}.yml").unlink()

    assert decide("new", kind, cwd=content.parent).status == 0
    assert errors(check()) == []


def test_new_reasons_for_an_offering_without_them(decide, check, content: Path) -> None:
    (content / "reasons" / "care-plan.yml").unlink()

    assert decide("new", "reasons", "care-plan", cwd=content.parent).status == 0

    assert errors(check()) == []
    assert "offerings: [care-plan]" in (content / "reasons" / "care-plan.yml").read_text(encoding="utf-8")


def test_an_empty_folder_says_how_to_start_and_the_commands_make_a_site_that_passes(decide, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    empty = decide("check", cwd=tmp_path)
    assert empty.status == 1
    assert "`decide new site`" in empty.out and "`decide new action book-call`" in empty.out

    started = decide("new", "site", cwd=tmp_path)
    assert "decide new action book-call" in started.err

    for command in START_A_SITE[1:]:
        made = decide("new", *command, cwd=tmp_path)
        assert made.status == 0, (command, made.err)
    run = decide("check", "--format", "json", cwd=tmp_path)
    assert errors(run) == [], run.out
    assert run.status == 0


def test_the_content_folder_is_made_when_missing(decide, tmp_path: Path) -> None:
    assert decide("new", "site", "--content", "elsewhere", cwd=tmp_path).status == 0
    assert (tmp_path / "elsewhere" / "site.yml").is_file()


def _field_names(model: type[BaseModel]) -> set[str]:
    names = set(model.model_fields)
    for info in model.model_fields.values():
        nested = _nested_model(info.annotation)
        if nested is not None:
            names |= _field_names(nested)
    return names


def test_start_files_show_every_field_of_their_model_with_its_description(decide, tmp_path: Path) -> None:
    for command in START_A_SITE:
        decide("new", *command, cwd=tmp_path)
    files = {kind.name: tmp_path / "content" / (kind.file if kind.shape == "single" else f"{kind.name}/{name}.yml") for kind, name in _start_names()}

    for kind in KINDS:
        text = files[kind.name].read_text(encoding="utf-8")
        for name in _field_names(kind.model):
            assert re.search(rf"^[ \-#]*{name}:", text, re.MULTILINE), f"{name} is not in the new {kind.name} file:\n{text}"
        for info in kind.model.model_fields.values():
            assert f"# {info.description}" in text


def _start_names():
    names = {"site": "", "relationship": "", "actions": "book-call", "problems": "orders-leave-late", "offerings": "stock-planner", "reasons": "stock-planner"}
    names |= {"mistakes": "orders-leave-late", "calculators": "stock-planner-payback", "selectors": "where-to-start"}
    return [(kind, names[kind.name]) for kind in KINDS]


def test_an_existing_file_is_never_overwritten(decide, content: Path) -> None:
    before = (content / "offerings" / "care-plan.yml").read_bytes()

    run = decide("new", "offering", "care-plan", cwd=content.parent)

    assert run.status == 1
    assert "content/offerings/care-plan.yml already exists" in run.err
    assert (content / "offerings" / "care-plan.yml").read_bytes() == before


def test_an_id_that_cannot_be_a_file_name_is_refused_with_the_id_meant(decide, content: Path) -> None:
    run = decide("new", "problem", "Late Deliveries!", cwd=content.parent)

    assert run.status == 1
    assert "`decide new problem late-deliveries`" in run.err
    assert not list((content / "problems").glob("*Late*"))


def test_an_unknown_kind_is_a_usage_error(decide, content: Path) -> None:
    run = decide("new", "offerings", "x", cwd=content.parent)

    assert run.status == 2
    assert "No such command 'offerings'" in run.err


def test_reasons_for_an_unknown_offering_say_which_command_comes_first(decide, content: Path) -> None:
    run = decide("new", "reasons", "stok-planner", cwd=content.parent)

    assert run.status == 1
    assert "`decide new offering stok-planner` first" in run.err
    assert not (content / "reasons" / "stok-planner.yml").exists()


def test_a_reference_with_nothing_to_name_says_which_command_comes_first(decide, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()

    run = decide("new", "offering", "stock-planner", cwd=tmp_path)

    assert run.status == 1
    assert "Run `decide new problem" in run.err
    assert list((tmp_path / "content").rglob("*")) == []
