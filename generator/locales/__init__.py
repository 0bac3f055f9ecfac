"""decide's wording catalogs: the template ``messages.pot`` extracted from the code and templates, and one ``.po`` per language.

``python -m generator.locales`` does what ``pybabel extract`` and ``pybabel update`` do with ``babel.cfg``, and
fills the English catalog from the source words (the templates are written in English), so a changed word in a
template or in Python reaches every catalog in one step; the other languages' new entries stay empty for their
translators, and the tests fail until they are filled (README, How to add a language).
"""

from __future__ import annotations

import copy
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

FOLDER = Path(__file__).resolve().parent
ROOT = FOLDER.parent.parent
"""The repository's root: the paths in ``babel.cfg`` and in the catalogs' comments are relative to it."""
TEMPLATE = FOLDER / "messages.pot"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
"""The calls whose first argument (and second, for plurals) is a word for prospects."""


def extracted() -> Catalog:
    """Every word ``babel.cfg`` points at, as a catalog template, in the order the files and lines give them."""
    with (FOLDER / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    template = Catalog(project="decide", domain="messages", fuzzy=False)
    for path, lineno, message, comments, context in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=("Translators:",)):
        template.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return template


def update() -> None:
    """Writes ``messages.pot`` afresh and brings every catalog up to it; English reads as the source.

    Each catalog is updated from its own copy of the template: ``Catalog.update`` adopts the template's new messages
    as they are, so filling English's would otherwise fill the languages updated after it with English too."""
    template = extracted()
    with TEMPLATE.open("wb") as out:
        write_po(out, template, width=120, omit_header=False, sort_output=False)
    for path in sorted(FOLDER.glob("*/LC_MESSAGES/messages.po")):
        with path.open("rb") as source:
            catalog = read_po(source, locale=path.parent.parent.name)
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
        if catalog.locale_identifier == "en":
            for message in catalog:
                if message.id:
                    message.string = message.id
        with path.open("wb") as out:
            write_po(out, catalog, width=120, ignore_obsolete=True)
