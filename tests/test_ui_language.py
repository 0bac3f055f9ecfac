"""The words prospects read come from decide's wording catalogs (generator/locales): which catalog a locale reads,
that every catalog is complete and matches the code, that a translation reaches the pages and worksheets, and that
a translation is escaped like any text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

from generator.diagnostics import DecideError
from generator.locales import TEMPLATE, extracted
from generator.render.language import UiLanguage, compiled, ui_language
from generator.render.templating import PageRenderer
from generator.render.worksheets import WorksheetRenderer
from generator.wording_catalogs import LOCALES, catalog_file, catalogs
from generator.write.config import theme_language
from tests.conftest import PROJECT

SHIPPED = ["en", "el", "zh_Hans", "de", "fr", "es"]
PLACEHOLDER = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)s")


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=locale)


def ids(catalog: Catalog) -> set[object]:
    return {message.id for message in catalog if message.id}


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def lone_percent(text: str) -> bool:
    """A ``%`` that is neither a placeholder nor ``%%``: filling the text in would fail."""
    return "%" in PLACEHOLDER.sub("", text).replace("%%", "")


def test_decide_ships_a_catalog_for_each_language_the_brief_names():
    assert set(SHIPPED) <= catalogs()


def test_the_committed_template_holds_every_word_the_code_and_templates_use():
    """Fails when a word was added, changed or removed without ``python -m generator.locales``."""
    assert ids(read(TEMPLATE)) == ids(extracted())


@pytest.mark.parametrize("catalog", SHIPPED)
def test_a_catalog_has_every_entry_of_the_template_and_no_other(catalog):
    assert ids(read(catalog_file(catalog), catalog)) == ids(read(TEMPLATE))


@pytest.mark.parametrize("catalog", SHIPPED)
def test_every_entry_is_translated_confirmed_and_keeps_the_placeholders(catalog):
    """No empty or fuzzy entry, nor a lone ``%``; each text has the source's placeholders, by name and count; a plural entry has as
    many forms as the language has, each keeping the plural source's placeholders (a form may leave out the count
    itself, ``%(num)s``, as "one reason" does)."""
    read_back = read(catalog_file(catalog), catalog)
    assert read_back.num_plurals == get_plural(catalog).num_plurals
    problems = []
    for message in read_back:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        problems += [f"a lone % (write %%): {text!r}" for text in texts if text and lone_percent(text)]
        if message.pluralizable:
            singular, plural = message.id
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if len(forms) != read_back.num_plurals:
                problems.append(f"{len(forms)} forms, not {read_back.num_plurals}: {singular!r}")
            wanted = placeholders(plural)
            for form in forms:
                if not form:
                    problems.append(f"empty: {singular!r}")
                elif placeholders(form) - Counter(num=1) != wanted - Counter(num=1) or placeholders(form)["num"] > 1:
                    problems.append(f"placeholders of {form!r} differ from {plural!r}")
        elif not message.string:
            problems.append(f"empty: {message.id!r}")
        elif placeholders(message.string) != placeholders(message.id):
            problems.append(f"placeholders of {message.string!r} differ from {message.id!r}")
    assert problems == []


@pytest.mark.parametrize(
    ("locale", "catalog"),
    [("el-GR", "el"), ("el", "el"), ("zh-CN", "zh_Hans"), ("zh-SG", "zh_Hans"), ("zh-Hans", "zh_Hans"), ("de-AT", "de"), ("fr-CA", "fr"), ("es-MX", "es"), ("en-US", "en")],
)
def test_a_locale_reads_the_catalog_of_its_language_or_script(locale, catalog):
    language = ui_language(locale)
    assert (language.catalog, language.fallback, language.warning()) == (catalog, False, None)


@pytest.mark.parametrize("locale", ["pt-BR", "zh-TW", "ja-JP"])
def test_a_locale_without_a_catalog_reads_english_and_says_so(locale):
    language = ui_language(locale)
    assert (language.catalog, language.fallback) == ("en", True)
    assert language.warning() == f"No wording catalog for `{locale}`: pages are in English; add one (see README, How to add a language)."


def test_decide_check_warns_of_a_locale_without_a_catalog(check, content: Path):
    site = content / "site.yml"
    site.write_text(re.sub(r"(?m)^locale: .*$", "locale: pt-BR", site.read_text(encoding="utf-8")), encoding="utf-8")
    found = [problem for problem in check().problems if problem["code"] == "W060"]
    assert len(found) == 1
    assert "`pt-BR`" in found[0]["message"] and found[0]["file"].endswith("site.yml")


def greek(tmp_path: Path, translations: dict[str, str]) -> UiLanguage:
    """A Greek catalog made here from the template, with ``translations`` filled in: the mechanism, apart from the
    shipped catalog's wording."""
    catalog = Catalog(locale="el", domain="messages")
    for message in read(TEMPLATE):
        if message.id:
            catalog.add(message.id, translations.get(message.id if isinstance(message.id, str) else message.id[0], ""), flags=message.flags)
    path = tmp_path / "messages.po"
    with path.open("wb") as out:
        write_po(out, catalog)
    return UiLanguage("el-GR", "el", compiled(path, "el"), fallback=False)


def test_a_translated_word_reaches_the_worksheets_and_the_pages_and_the_rest_stays_english(example_content, tmp_path: Path):
    language = greek(tmp_path, {
        "Mistakes to avoid": "Λάθη που πρέπει να αποφύγετε",
        "Print one and fill it in by hand, on your own or in a meeting. Each prints on A4 or Letter.": "Εκτυπώστε ένα φύλλο.",
    })
    sheet = WorksheetRenderer(example_content, PROJECT / "templates", language=language).plan("scan-to-ship").html
    assert "Λάθη που πρέπει να αποφύγετε" in sheet and "Mistakes to avoid" not in sheet
    assert "What customers got" in sheet
    page = PageRenderer(example_content, PROJECT / "templates", language=language)
    worksheets = page.render("pages/worksheets.md.j2", "worksheets/index.md", page.site_action, worksheets={"break-even": [], "plan": [], "assessment": [], "review": []})
    assert "Εκτυπώστε ένα φύλλο." in worksheets


def test_the_shipped_greek_catalog_reaches_a_worksheet(example_content):
    """Once the Greek catalog is filled, a worksheet in el-GR shows its words."""
    greek_words = ui_language("el-GR").gettext("Mistakes to avoid")
    sheet = WorksheetRenderer(example_content, PROJECT / "templates", language=ui_language("el-GR")).plan("scan-to-ship").html
    assert greek_words != "Mistakes to avoid" and greek_words in sheet


def test_a_translation_is_text_on_the_page_never_markup(example_content, tmp_path: Path):
    """Jinja's own new-style gettext marks translations safe under autoescaping; decide's does not."""
    language = greek(tmp_path, {
        "The steps": "<script>alert(1)</script> [x](javascript:alert(1))",
        "Next step": '"><img src=x onerror=alert(1)>',
        "Implementation plan": "<b>σχέδιο</b>",
        "Putting %(offering)s in place": "<script>alert(2)</script> %(offering)s",
    })
    sheet = WorksheetRenderer(example_content, PROJECT / "templates", language=language).plan("scan-to-ship").html
    assert "<script>" not in sheet and "<img src=x" not in sheet and "<b>σχέδιο</b>" not in sheet
    assert "<h1>&lt;script&gt;alert(2)&lt;/script&gt; Scan-to-Ship</h1>" in sheet
    assert "&#60;b&#62;σχέδιο&#60;/b&#62;" in sheet
    assert 'aria-label="&#34;&#62;&#60;img src=x onerror=alert(1)&#62;"' in sheet
    assert "&#60;script&#62;alert(1)&#60;/script&#62; &#91;x&#93;(javascript:alert(1))" in sheet


def test_a_catalog_that_cannot_be_read_is_a_message_naming_its_file_and_line(tmp_path: Path):
    broken = tmp_path / "messages.po"
    broken.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Back"\nmsgstr "Πίσω"\n\nmsgid "Next step"\nNext step in Greek\n', encoding="utf-8")
    with pytest.raises(DecideError) as raised:
        compiled(broken, "el")
    assert re.search(r"messages\.po:\d+: the wording catalog cannot be read", str(raised.value))


def test_the_catalogs_live_beside_the_template():
    assert TEMPLATE.parent == LOCALES


@pytest.mark.parametrize(("locale", "theme"), [("el-GR", "el"), ("zh-CN", "zh"), ("de-DE", "de"), ("en-GB", "en"), ("pt-BR", "en")])
def test_the_themes_own_words_follow_the_catalog(locale, theme):
    """Material's search and navigation speak the pages' language: English with the pages when there is no catalog."""
    assert theme_language(ui_language(locale)) == theme


def test_decide_check_warns_of_a_further_language_without_a_catalog(check, content: Path):
    site = content / "site.yml"
    written = re.sub(r"(?m)^languages:.*\n(?:\s+-.*\n)*", "", site.read_text(encoding="utf-8"))
    site.write_text(written + "languages: [el-GR, ja-JP]\n", encoding="utf-8")
    found = [problem["message"] for problem in check().problems if problem["code"] == "W060"]
    assert len(found) == 1 and "`ja-JP`" in found[0]
