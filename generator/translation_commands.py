"""``decide translate``: writes the translators' catalogs, ``content/translations/<locale>.po``, one per further language.

Each run brings a catalog up to date with the content as ``msgmerge`` would: a new text gets an empty entry;
a text whose source changed keeps its translation, marked fuzzy with the source it was made from (``#| msgid``),
so a translator sees what changed and confirms it; a text gone from the content becomes an obsolete entry
(``#~``), whose translation a text with the same source takes up again, fuzzy. The catalog's header and the
translators' comments are kept, so a catalog with nothing new is written byte for byte as it was.
"""

from __future__ import annotations

import datetime
import io
import os
from dataclasses import dataclass
from pathlib import Path

import babel
import click
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from generator.compute.translation import TextField, text_fields
from generator.diagnostics import DecideError
from generator.load import Content
from generator.load.translations import TRANSLATIONS_FOLDER, LanguageCatalog
from generator.options import content_option
from generator.pipeline import checked_content
from generator.project import Project
from generator.wording import counted
from generator.write.files import opened_folder

MARKDOWN_NOTE = "Markdown: keep its marks (**, _, lists, [links](https://…)) as they are"
"""The note a translator reads beside a Markdown text."""


@dataclass
class Changes:
    """What one run changed in one catalog, for the summary."""

    new: int = 0
    changed: int = 0
    removed: int = 0
    written: bool = False


@click.command("translate")
@content_option
@click.option("--language", "languages", multiple=True, metavar="LOCALE", help="Only this further language (repeat it for more); default: every one in site.yml.")
def translate(content_folder: Path | None, languages: tuple[str, ...]) -> None:
    """Create or update content/translations/<locale>.po for each further language in site.yml."""
    project = Project.discover(content_folder)
    content, _ = checked_content(project)
    assert content.site is not None
    wanted = _languages(content, languages)
    with opened_folder(content.folder / TRANSLATIONS_FOLDER, make=True) as folder:
        for locale in wanted:
            catalog, changes = updated_catalog(content, locale)
            data = _po_bytes(catalog)
            existing = content.translations.get(locale)
            if existing is None or existing.text.encode() != data:
                folder.remove_scratch([f"{locale}.po"])
                folder.write(f"{locale}.po", data, replace=True)
                changes.written = True
            click.echo(_summary(folder.path, locale, changes), err=True)


def _languages(content: Content, named: tuple[str, ...]) -> list[str]:
    assert content.site is not None
    further = content.site.model.languages
    if not further:
        raise DecideError("The site has no further languages to translate into. Add them to site.yml, e.g. `languages: [el-GR]`, then run decide translate again.", exit_code=2)
    unknown = [locale for locale in named if locale not in further]
    if unknown:
        raise DecideError(f"{', '.join(unknown)} is not one of the site's languages ({', '.join(further)}); add it to `languages` in site.yml first.", exit_code=2)
    return list(dict.fromkeys(named)) if named else list(further)


def updated_catalog(content: Content, locale: str) -> tuple[Catalog, Changes]:
    """The catalog of ``locale`` for the content as it is now, built on the one on disk, and what changed."""
    assert content.site is not None
    old = content.translations.get(locale)
    catalog = _fresh_catalog(content.site.model.name, locale, old)
    entries = [message for message in old.po if isinstance(message.id, str) and message.id and message.context] if old and old.po else []
    obsolete = [message for message in old.po.obsolete.values() if isinstance(message.id, str) and message.context] if old and old.po else []
    previous = {message.context: message for message in entries}
    fields = text_fields(content)
    current = {field.context for field in fields}
    gone = [message for message in entries if message.context not in current] + obsolete
    changes = Changes()
    for field in fields:
        catalog[field.text] = _entry(field, previous.get(field.context), gone, changes)
    for message in gone:
        if message.context in current:
            continue  # an obsolete entry whose text is back
        changes.removed += message.context in previous
        if message.string:
            catalog.obsolete[(str(message.id), str(message.context))] = Message(message.id, message.string, context=message.context, user_comments=message.user_comments)
    return catalog, changes


def _fresh_catalog(project: str, locale: str, old: LanguageCatalog | None) -> Catalog:
    """An empty catalog for ``locale`` with the header of the one on disk, when there is one."""
    catalog = Catalog(
        locale=str(babel.Locale.parse(locale, sep="-")),
        project=project,
        fuzzy=False,
        creation_date=datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0),
        header_comment=f"# {project}: the site's texts in {locale}.\n# Translate each msgstr; `decide translate` adds new texts and marks changed ones fuzzy.\n#",
    )
    if old is not None and old.po is not None:
        catalog.header_comment = old.po.header_comment
        catalog.mime_headers = old.po.mime_headers
    return catalog


def _entry(field: TextField, before: Message | None, gone: list[Message], changes: Changes) -> Message:
    """The entry of one text: as it was; its translation fuzzy when its source changed; a removed text's translation of the same source, fuzzy; or empty."""
    notes = [MARKDOWN_NOTE] if field.markdown else []
    if before is not None and before.id == field.text:
        kept = before.previous_id if before.fuzzy else ()
        return Message(field.text, before.string, context=field.context, flags=before.flags, auto_comments=notes, user_comments=before.user_comments, previous_id=kept)
    if before is not None and before.string:
        changes.changed += 1
        return Message(field.text, before.string, context=field.context, flags={"fuzzy"}, auto_comments=notes, user_comments=before.user_comments, previous_id=before.id)
    changes.new += 1
    same = next((message for message in gone if message.id == field.text and message.string), None)
    if same is not None:
        return Message(field.text, same.string, context=field.context, flags={"fuzzy"}, auto_comments=notes)
    return Message(field.text, "", context=field.context, auto_comments=notes)


def _po_bytes(catalog: Catalog) -> bytes:
    written = io.BytesIO()
    write_po(written, catalog, width=0, include_previous=True)
    return written.getvalue()


def _summary(folder: Path, locale: str, changes: Changes) -> str:
    file = os.path.relpath(folder / f"{locale}.po")
    if not changes.written:
        return f"{file}: up to date."
    parts = [counted(changes.new, "new text"), f"{counted(changes.changed, 'changed text')} marked fuzzy", counted(changes.removed, "text") + " removed"]
    return f"{file}: {', '.join(parts)}."
