"""``decide new`` and ``decide schema``: starting content files, and the schemas editors check them with.

``decide new`` writes one start file (see ``render.start_files``) where the loader reads it, whole and
never over an existing file. ``decide schema`` writes the JSON Schemas and the editor settings that map
them onto ``content/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import click

from generator.diagnostics import DecideError
from generator.load.content import KINDS, Kind
from generator.load.models import SLUG, slugify
from generator.options import content_option
from generator.render.start_files import StartFile, Unresolved
from generator.wording import counted
from generator.write.files import make_folder, opened_folder, write_file
from generator.write.schemas import schema_files


@dataclass(frozen=True)
class NewKind:
    """One ``decide new`` subcommand: the word typed, the kind of content, and the file's opening comment."""

    word: str
    kind: str
    heading: str

    @property
    def content(self) -> Kind:
        return next(kind for kind in KINDS if kind.name == self.kind)


NEW_KINDS = [
    NewKind("site", "site", "The site: the company's name, how numbers and money are shown, and the default next step."),
    NewKind("relationship", "relationship", "The relationship assessment: a worksheet on which a customer's people place the relationship on your levels."),
    NewKind("action", "actions", "A next action: a button that takes the prospect one step further. The file name is its id."),
    NewKind("problem", "problems", "A problem your customers have, in their words. The file name is its id."),
    NewKind("offering", "offerings", "An offering: what you sell, the problems it solves, and how it is bought. The file name is its id."),
    NewKind(
        "reasons",
        "reasons",
        "Reasons to choose {id}: customers' results, one entry each, every entry starting with `- `.\nCollect them from marketing, sales and service, and aim for 20.",
    ),
    NewKind("mistakes", "mistakes", "Mistakes buyers make: one entry each, every entry starting with `- `."),
    NewKind("calculator", "calculators", "A break-even calculator: the prospect's figures, what they pay and what they gain. The file name is its id."),
    NewKind("selector", "selectors", "A selector: questions that recommend an offering. The file name is its id."),
]

WORD_OF_FOLDER = {new.kind: new.word for new in NEW_KINDS}


@click.group("new")
def new() -> None:
    """Start a content file with every field, ready for `decide check`: e.g. decide new offering stock-planner."""


def _new_command(new_kind: NewKind) -> click.Command:
    single = new_kind.content.shape == "single"
    argument = "OFFERING_ID" if new_kind.word == "reasons" else "ID"

    @content_option
    def command(content_folder: Path | None, entry_id: str = "") -> None:
        write_start_file(new_kind, _content_folder(content_folder), entry_id)

    where = f"content/{new_kind.content.file}" if single else f"content/{new_kind.kind}/{argument}.yml"
    command.__doc__ = f"Write {where}, a start file with every field explained."
    if not single:
        command = click.argument("entry_id", metavar=argument)(command)
    return click.command(new_kind.word, short_help=f"Start {where}.")(command)


for _kind in NEW_KINDS:
    new.add_command(_new_command(_kind))


def _content_folder(given: Path | None) -> Path:
    """The content folder; unlike other commands', it may not exist yet (it is made with the file): a new site starts in an empty project."""
    return given if given is not None else Path("content")


def write_start_file(new_kind: NewKind, folder: Path, entry_id: str) -> None:
    """Writes the start file, or says why not: an id that cannot be a file name, a file already there, a reference with nothing to name."""
    kind = new_kind.content
    _check_id(new_kind, entry_id)
    path = folder / kind.file if kind.shape == "single" else folder / kind.name / f"{entry_id}.yml"
    if os.path.lexists(path) or os.path.lexists(path.with_suffix(".yaml")):
        raise DecideError(f"{_shown(path)} already exists; decide new never overwrites a file. Edit it, or choose another id.")
    known = _ids_on_disk(folder)
    if new_kind.word == "reasons" and entry_id not in known["offerings"]:
        raise DecideError(f"There is no offering `{entry_id}`: reasons files are named by the offering they prove. Run `decide new offering {entry_id}` first.")
    try:
        start = StartFile(kind.model, known, entry_id, may_point_ahead=kind.name == "site")
        text = start.text(new_kind.heading.format(id=entry_id), as_list=kind.shape == "list")
    except Unresolved as missing:
        word = WORD_OF_FOLDER[missing.folder]
        raise DecideError(f"{_a(new_kind.word)} names a {word} from content/{missing.folder}/, and there is none yet. Run `decide new {word} {missing.example}` first.") from None
    with opened_folder(path.parent, make=True) as written:
        written.write(path.name, text.encode("utf-8"), replace=False)
    click.echo(f"Wrote {_shown(path)}. Replace the example values with yours, then run `decide check`.", err=True)
    for folder_name, example in start.ahead:
        click.echo(f"Next: run `decide new {WORD_OF_FOLDER[folder_name]} {example}` to write the {WORD_OF_FOLDER[folder_name]} it names.", err=True)


def _a(word: str) -> str:
    return f"{'An' if word[0] in 'aeiou' else 'A'} {word}"


def _check_id(new_kind: NewKind, entry_id: str) -> None:
    if new_kind.content.shape != "single" and not SLUG.match(entry_id):
        raise DecideError(f"`{entry_id}` cannot be an id: the id is the file's name, so use lowercase letters, digits and single hyphens. Try `decide new {new_kind.word} {slugify(entry_id)}`.")


def _ids_on_disk(folder: Path) -> dict[str, list[str]]:
    """The ids of the files in each content folder, valid or not: what a reference may name."""
    return {kind.name: sorted(path.stem for path in (folder / kind.name).glob("*.yml") if SLUG.match(path.stem)) for kind in KINDS if kind.shape != "single"}


def _shown(path: Path) -> str:
    return os.path.relpath(path)


@click.command("schema")
def schema() -> None:
    """Write JSON Schemas of the content files to schemas/, and .vscode/settings.json mapping them onto content/."""
    for relative, text in schema_files().items():
        make_folder(relative.parent)
        write_file(relative, text.encode("utf-8"))
    click.echo(f"Wrote {counted(len(schema_files()) - 1, 'schema')} to schemas/ and the editor settings to .vscode/settings.json.", err=True)
