"""Options and arguments several commands share: the content folder, ``name=value`` pairs, an entity named by its id."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import click
from pydantic import BaseModel

from generator.diagnostics import DecideError
from generator.load import Located
from generator.load.spreadsheets import column_name
from generator.load.validation import did_you_mean

M = TypeVar("M", bound=BaseModel)

content_option = click.option(
    "--content",
    "content_folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The content folder to use instead of ./content.",
)


def pairs(example: str) -> Callable[[click.Context, click.Parameter, tuple[str, ...]], list[tuple[str, str]]]:
    """A callback reading ``name=value`` options as pairs, in the order given; a value without both sides is a usage error."""

    def read(context: click.Context, parameter: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
        pairs = [value.partition("=") for value in values]
        for value, (name, equals, given) in zip(values, pairs, strict=True):
            if not (name.strip() and equals and given.strip()):
                raise click.BadParameter(f"`{value}` is not of the form {parameter.metavar}, e.g. {example}.", context, parameter)
        return [(name.strip(), given.strip()) for name, _, given in pairs]

    return read


def input_pairs(example: str) -> Callable[[click.Context, click.Parameter, tuple[str, ...]], list[tuple[str, str]]]:
    """``--set INPUT=VALUE`` as pairs, the input named in any case and spacing, as a list's column is (``Pickers=20``)."""
    read_pairs = pairs(example)

    def read(context: click.Context, parameter: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
        return [(column_name(name), value) for name, value in read_pairs(context, parameter, values)]

    return read


def set_option(example: str, what: str = "An input's value") -> Callable[[Callable[..., object]], Callable[..., object]]:
    """``--set INPUT=VALUE``, repeated, as the commands that take a calculator's figures share it: ``example`` is one,
    such as ``hours=20``."""
    return click.option(
        "--set", "settings", multiple=True, callback=input_pairs(f"--set {example}"), metavar="INPUT=VALUE",
        help=f"{what}, e.g. --set {example} (the input's id, in any case); repeat for more inputs. Others keep their defaults.",
    )


def named(entities: Mapping[str, Located[M]], kind: str, wanted: str) -> Located[M]:
    """The entity ``wanted`` of a kind that has a folder of its own, or a DecideError naming the known ones."""
    if wanted in entities:
        return entities[wanted]
    known = ", ".join(sorted(entities)) or "none yet"
    raise DecideError(f"There is no {kind} `{wanted}`.{did_you_mean(wanted, entities)} They are the files in content/{kind}s/; the known ones are: {known}.")
