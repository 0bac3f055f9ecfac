"""Content translations: `decide translate` writes the translators' catalogs, a changed source turns its
translation fuzzy until a translator confirms it, `decide check` counts what is left to translate, a broken
catalog is reported where it breaks, and a hostile translation is as inert on a page as hostile content."""

from __future__ import annotations

import html
import io
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from babel.messages.pofile import read_po, write_po
from conftest import PROJECT, problem_at

from generator.compute.translation import content_in, text_fields
from generator.load import Content, load_content
from generator.load.models import Untranslated
from generator.render import render_docs
from generator.write.config import MARKDOWN_EXTENSIONS

GREEK = "el-GR"
NAME = "offerings/stock-planner.yml:name"
SUMMARY = "offerings/stock-planner.yml:summary"
BODY = "offerings/stock-planner.yml:body"


@pytest.fixture
def bilingual(content: Path) -> Path:
    """The example content, published in Greek too, without its Greek catalog: the test that needs one writes it."""
    assert "languages: [el-GR]" in (content / "site.yml").read_text(encoding="utf-8")
    shutil.rmtree(content / "translations")
    return content


def catalog_of(content: Path) -> Path:
    return content / "translations" / f"{GREEK}.po"


def translate(decide, content: Path, *extra: str):
    run = decide("translate", *extra, cwd=content.parent)
    assert run.status == 0, run.err
    return run


def edit_entries(content: Path, **by_context: tuple[str, bool]) -> None:
    """Sets entries of the Greek catalog as a translator's PO editor would: ``context=(translation, fuzzy)``."""
    path = catalog_of(content)
    catalog = read_po(io.StringIO(path.read_text(encoding="utf-8")))
    for message in catalog:
        if message.context in by_context:
            message.string, fuzzy = by_context[message.context]
            message.flags = {"fuzzy"} if fuzzy else set()
    written = io.BytesIO()
    write_po(written, catalog, width=0)
    path.write_bytes(written.getvalue())


def entry(content: Path, context: str) -> str:
    """The entry of ``context`` in the catalog as written, comments and all."""
    blocks = catalog_of(content).read_text(encoding="utf-8").split("\n\n")
    return next(block for block in blocks if f'msgctxt "{context}"' in block)


def loaded(content: Path) -> Content:
    found, problems = load_content(content, content.parent)
    assert not [problem for problem in problems if problem.severity.value == "error"], problems
    return found


def set_source(content: Path, old: str, new: str, file: str = "offerings/stock-planner.yml") -> None:
    path = content / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_translate_writes_an_entry_per_text_named_by_file_and_field(decide, bilingual: Path) -> None:
    run = translate(decide, bilingual)
    catalog = read_po(io.StringIO(catalog_of(bilingual).read_text(encoding="utf-8")))
    contexts = {message.context: message.id for message in catalog if message.id}
    fields = text_fields(loaded(bilingual))
    assert contexts == {field.context: field.text for field in fields}
    assert contexts[NAME] == "Stock Planner"
    assert contexts["offerings/stock-planner.yml:options[0].name"] == "Essentials"
    assert "reasons/stock-planner.yml:[0].metric.unit" in contexts
    assert "Markdown" in entry(bilingual, BODY)  # the translator's note beside a Markdown text
    assert not any(":action" in context or ".id" in context or "url" in context or "brand" in context for context in contexts)
    assert f"{len(fields):,} new texts" in run.err
    assert "up to date" in translate(decide, bilingual).err


def test_translate_refuses_a_language_the_site_does_not_have_and_content_with_errors(decide, bilingual: Path) -> None:
    run = decide("translate", "--language", "fr-FR", cwd=bilingual.parent)
    assert run.status == 2 and "fr-FR" in run.err and "el-GR" in run.err
    set_source(bilingual, "name: Stock Planner", "name: [Stock Planner")
    assert decide("translate", cwd=bilingual.parent).status == 1
    assert not (bilingual / "translations").exists()


@pytest.mark.parametrize(("languages", "said"), [("[en-GB]", "`en-GB` is the site's own `locale`"), ("[el-GR, zh-CN, el-GR]", "`el-GR` is listed more than once")])
def test_languages_are_further_locales_each_once(check, content: Path, languages: str, said: str) -> None:
    site = content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("languages: [el-GR]", f"languages: {languages}"), encoding="utf-8")
    problem = problem_at(check(), "content/site.yml", "E015")
    assert problem["field"] == "languages" and said in problem["message"]


def test_a_changed_source_turns_its_translation_fuzzy_until_confirmed(decide, bilingual: Path) -> None:
    translate(decide, bilingual)
    edit_entries(bilingual, **{NAME: ("Σχεδιαστής Αποθεμάτων", False)})
    assert content_in(loaded(bilingual), GREEK).offerings["stock-planner"].model.name == "Σχεδιαστής Αποθεμάτων"

    set_source(bilingual, "name: Stock Planner", "name: Stock Planner Pro")
    before = content_in(loaded(bilingual), GREEK).offerings["stock-planner"].model.name
    assert before == "Stock Planner Pro" and isinstance(before, Untranslated)  # falls back even before decide translate runs
    run = translate(decide, bilingual)
    assert "1 changed text marked fuzzy" in run.err
    written = entry(bilingual, NAME)
    assert "#, fuzzy" in written and '#| msgid "Stock Planner"' in written and 'msgid "Stock Planner Pro"' in written
    assert 'msgstr "Σχεδιαστής Αποθεμάτων"' in written
    assert isinstance(content_in(loaded(bilingual), GREEK).offerings["stock-planner"].model.name, Untranslated)

    edit_entries(bilingual, **{NAME: ("Σχεδιαστής Αποθεμάτων Pro", False)})  # the translator confirms
    assert content_in(loaded(bilingual), GREEK).offerings["stock-planner"].model.name == "Σχεδιαστής Αποθεμάτων Pro"


def test_a_fuzzy_entry_keeps_its_previous_source_over_runs(decide, bilingual: Path) -> None:
    translate(decide, bilingual)
    edit_entries(bilingual, **{NAME: ("Σχεδιαστής", False), SUMMARY: ("Περίληψη", False)})
    set_source(bilingual, "name: Stock Planner", "name: Stock Planner Pro")
    translate(decide, bilingual)
    set_source(bilingual, "Demand forecasting", "Demand planning")  # another change rewrites the file
    translate(decide, bilingual)
    assert '#| msgid "Stock Planner"' in entry(bilingual, NAME)


def test_a_removed_text_leaves_the_catalog_and_its_translation_waits_as_obsolete(decide, bilingual: Path) -> None:
    translate(decide, bilingual)
    label = "site.yml:footer.links[1].label"
    edit_entries(bilingual, **{label: ("Όροι συνεργασίας", False)})
    site = bilingual / "site.yml"
    original = site.read_text(encoding="utf-8")
    set_source(bilingual, "    - label: Terms of business\n      url: https://fernhollow.example/terms\n", "", file="site.yml")
    run = translate(decide, bilingual)
    assert "1 text removed" in run.err
    written = catalog_of(bilingual).read_text(encoding="utf-8")
    assert f'\nmsgctxt "{label}"' not in written
    assert '#~ msgstr "Όροι συνεργασίας"' in written

    site.write_text(original, encoding="utf-8")
    translate(decide, bilingual)
    back = entry(bilingual, label)
    assert 'msgstr "Όροι συνεργασίας"' in back and "#, fuzzy" in back  # the same source again: its old translation, to confirm


def test_check_counts_what_is_left_to_translate_and_lists_it_in_json(decide, check, bilingual: Path) -> None:
    missing = problem_at(check(), "content/translations/el-GR.po", "W066")
    total = len(text_fields(loaded(bilingual)))
    assert missing["message"].startswith(f"el-GR: {total:,} texts untranslated, 0 fuzzy; run decide translate")
    translate(decide, bilingual)
    edit_entries(bilingual, **{NAME: ("Σχεδιαστής", False), SUMMARY: ("Περίληψη", True)})
    warning = problem_at(check(), "content/translations/el-GR.po", "W066")
    assert warning["message"].startswith(f"el-GR: {total - 2:,} texts untranslated, 1 fuzzy;")
    states = {item["context"]: item["state"] for item in warning["items"]}
    assert len(states) == total - 1 and NAME not in states and states[SUMMARY] == "fuzzy" and states[BODY] == "untranslated"
    assert {item["language"] for item in warning["items"]} == {GREEK}
    text = decide("check", cwd=bilingual.parent)
    assert "W066" in text.out and SUMMARY not in text.out  # people get the count, tools the list


def test_a_broken_catalog_is_reported_with_file_and_line(decide, check, bilingual: Path) -> None:
    translate(decide, bilingual)
    path = catalog_of(bilingual)
    lines = path.read_text(encoding="utf-8").splitlines()
    broken = next(number for number, line in enumerate(lines) if line == f'msgctxt "{SUMMARY}"') + 1
    lines.insert(broken, "this is not PO")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = check()
    assert run.status == 1
    problem = problem_at(run, "content/translations/el-GR.po", "E065")
    assert problem["line"] == broken + 1 and "this is not PO" in problem["message"]
    assert decide("build", cwd=bilingual.parent).status == 1


def test_catalog_entries_are_held_to_the_content_rules(decide, check, bilingual: Path) -> None:
    translate(decide, bilingual)
    edit_entries(bilingual, **{BODY: ("<" * 60, False)})
    path = catalog_of(bilingual)
    text = path.read_text(encoding="utf-8")
    text += f'\nmsgctxt "{NAME}"\nmsgid "Stock Planner"\nmsgstr "Δεύτερο"\n'
    text += 'msgctxt "site.yml:elsewhere"\nmsgid "x"\nmsgstr "' + "λ" * 10_001 + '"\n'
    path.write_text(text, encoding="utf-8")
    (bilingual / "translations" / "fr-FR.po").write_text("", encoding="utf-8")
    (bilingual / "translations" / "el_gr.po").write_text("", encoding="utf-8")
    (bilingual / "translations" / "notes.txt").write_text("", encoding="utf-8")
    run = check()
    assert problem_at(run, "content/translations/el-GR.po", "E075")["field"] == BODY
    assert problem_at(run, "content/translations/el-GR.po", "E066")["field"] == NAME
    assert problem_at(run, "content/translations/el-GR.po", "E072")["field"] == "site.yml:elsewhere"
    assert "fr-FR" in problem_at(run, "content/translations/fr-FR.po", "W065")["message"]
    assert "rename the file to el-GR.po" in problem_at(run, "content/translations/el_gr.po", "W065")["message"]
    problem_at(run, "content/translations/notes.txt", "W001")


def test_a_catalog_read_through_a_link_out_of_content_is_refused(check, bilingual: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.po"
    outside.write_text('msgctxt "site.yml:name"\nmsgid "Fernhollow Systems"\nmsgstr "secret"\n', encoding="utf-8")
    (bilingual / "translations").mkdir()
    catalog_of(bilingual).symlink_to(outside)
    assert "outside the content folder" in problem_at(check(), "content/translations/el-GR.po", "E009")["message"]


def test_a_catalog_may_be_larger_than_a_content_file_but_not_without_bound(decide, check, bilingual: Path) -> None:
    from generator.load.source import MAX_FILE_BYTES
    from generator.load.translations import MAX_CATALOG_BYTES

    translate(decide, bilingual)
    path = catalog_of(bilingual)
    path.write_text(path.read_text(encoding="utf-8") + "# a translator's note\n" * (MAX_FILE_BYTES // 20), encoding="utf-8")
    assert path.stat().st_size > MAX_FILE_BYTES
    assert "E009" not in check().codes()
    os.truncate(path, MAX_CATALOG_BYTES + 1)
    assert "20,000,000" in problem_at(check(), "content/translations/el-GR.po", "E009")["message"]


HOSTILE_NAME = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
HOSTILE_BODY = 'Safe words.\n\n<script>alert(3)</script><img src=x onerror="alert(4)">\n\n[click](javascript:alert(5)) <a href="https://x.example" onclick="alert(6)">x</a>'


def test_a_hostile_translation_is_as_inert_on_the_page_as_hostile_content(decide, check, bilingual: Path) -> None:
    translate(decide, bilingual)
    edit_entries(bilingual, **{NAME: (HOSTILE_NAME, False), BODY: (HOSTILE_BODY, False), SUMMARY: ("# {: onclick=alert(7) } *x*", False)})
    assert problem_at(check(), "content/translations/el-GR.po", "W003")["field"] == BODY  # told, as for the source
    greek = content_in(loaded(bilingual), GREEK)
    assert greek.offerings["stock-planner"].model.name == HOSTILE_NAME
    page = render_docs(greek, PROJECT / "templates").pages["offerings/stock-planner.md"]
    rendered = markdown.markdown(page, extensions=list(MARKDOWN_EXTENSIONS))  # as the site engine reads the page
    elements = _elements(rendered)
    assert not [tag for tag, _ in elements if tag in ("script", "img", "iframe")], rendered
    assert not [name for _, attributes in elements for name, _ in attributes if name.startswith("on")], rendered
    assert not [value for _, attributes in elements for name, value in attributes if name == "href" and "javascript" in (value or "")], rendered
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert HOSTILE_NAME in shown and "Safe words." in shown  # the name reads as written, as text


def _elements(rendered: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag in ``rendered`` with its attributes, as a browser's parser sees them."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collector().feed(rendered)
    return found


def test_untranslated_texts_are_marked_with_their_own_language(decide, bilingual: Path) -> None:
    translate(decide, bilingual)
    edit_entries(bilingual, **{NAME: ("Σχεδιαστής Αποθεμάτων", False)})
    greek = content_in(loaded(bilingual), GREEK)
    summary = greek.offerings["stock-planner"].model.summary
    assert isinstance(summary, Untranslated) and summary.lang == "en-GB"
    assert greek.offerings["stock-planner"].model.options[0].id == "essentials"  # ids are never translated
    pages = render_docs(greek, PROJECT / "templates").pages
    page = pages["offerings/stock-planner.md"]
    assert '<label for="input-pickers"><span lang="en-GB">Pickers on a typical shift</span>' in pages["calculators/scan-to-ship-payback.md"]
    assert "# Σχεδιαστής Αποθεμάτων" in page
    assert re.search(r'<span lang="en-GB">Demand forecasting', page)
    assert '<div lang="en-GB"><p>Stock Planner reads' in page
    english = render_docs(loaded(bilingual), PROJECT / "templates").pages["offerings/stock-planner.md"]
    assert 'lang="' not in english


def test_a_metric_unit_reads_alike_and_the_evidence_it_backs_stays_the_same(decide, bilingual: Path) -> None:
    from generator.compute.outlook import evidence_for

    translate(decide, bilingual)
    unit = "ποσοστιαίες μονάδες γραμμών παραγγελίας"
    first, later = "reasons/scan-to-ship.yml:[0].metric.unit", "reasons/scan-to-ship.yml:[20].metric.unit"
    edit_entries(bilingual, **{first: (unit, False), later: ("άλλες λέξεις", False)})  # the first translation wins
    english = loaded(bilingual)
    greek = content_in(english, GREEK)
    assert {greek.reasons[index].model.metric.unit for index, reason in enumerate(english.reasons) if reason.model.metric and reason.model.metric.unit == "percentage points of order lines"} == {unit}
    before, after = evidence_for(english, "scan-to-ship-payback"), evidence_for(greek, "scan-to-ship-payback")
    assert after["error_rate"].unit == unit
    assert (after["error_rate"].count, after["error_rate"].median) == (before["error_rate"].count, before["error_rate"].median)
