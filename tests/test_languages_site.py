"""A site in several languages, without a browser: each language in its own folder with its own `<html lang>`, every
page naming its versions in the other languages (and the default as x-default), a switcher that leads to the same
page, worksheets per language, and `--language` and a list's `language` column on worksheets and proposals, PDFs in
Greek and Chinese read back with their fonts embedded.

The example is copied with two further languages, `el-GR` and `zh-CN`, and translations made by the test: `decide
translate` writes each catalog and every entry gets the source's letters turned into Greek (or Chinese) ones, with
Markdown's link targets and marks kept, so a page in either language shares no word with its English version.
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

import pypdf
import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from generator.compute.languages import chosen, folders, own_name
from generator.load.models import Site
from tests.browsing import PAGE_TYPES
from tests.conftest import Run, build_project
from tests.test_crm_batches import decide_once
from tests.test_worksheets import pdf_text

FURTHER = ["el-GR", "zh-CN"]
GREEK = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "αβψδεφγηιξκλμνοπϙρστθωςχυζΑΒΨΔΕΦΓΗΙΞΚΛΜΝΟΠϘΡΣΤΘΩΣΧΥΖ")
CHINESE = str.maketrans({letter: chr(0x4E00 + index * 7) for index, letter in enumerate("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")})
KEPT = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+|mailto:\S+|`[^`]*`|\{[^}]*\}|%\([a-z_]+\)s")
"""What a translator keeps as written: a Markdown link's target, an address, code, a placeholder."""


def translated(text: str, letters: dict[int, int]) -> str:
    """The text with its letters swapped for another script's, as a stand-in for a translation."""
    kept = [match.span() for match in KEPT.finditer(text)]
    pieces, at = [], 0
    for start, end in kept:
        pieces += [text[at:start].translate(letters), text[start:end]]
        at = end
    return "".join(pieces) + text[at:].translate(letters)


def translate_project(project: Path, run, letters_of: dict[str, dict[int, int]]) -> None:
    """Adds the further languages to site.yml, has `decide translate` write their catalogs, and fills every entry."""
    site_file = project / "content" / "site.yml"
    settings = yaml.safe_load(site_file.read_text(encoding="utf-8"))
    settings["languages"] = list(letters_of)
    site_file.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    finished = run("translate")
    assert finished.status == 0, finished.err
    for locale, letters in letters_of.items():
        path = project / "content" / "translations" / f"{locale}.po"
        with path.open("rb") as source:
            catalog = read_po(source)
        for message in catalog:
            if message.id:
                message.string = translated(str(message.id), letters)
                message.flags.discard("fuzzy")
                message.previous_id = ()
        catalog.obsolete.clear()
        with path.open("wb") as target:
            write_po(target, catalog, width=0)


class _Head(HTMLParser):
    """What a page says of its languages: `<html lang>`, the hreflang links, the switcher's links."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.alternates: dict[str, str] = {}
        self.switcher: list[tuple[str, str]] = []
        self._in_switch: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = found.get("lang", "")
        elif tag == "link" and (found.get("rel") or "").split() == ["alternate"] and "hreflang" in found:
            self.alternates[found["hreflang"]] = found["href"]
        elif tag == "a" and "data-decide-language" in found:
            self._in_switch = found["href"]
            self.switcher.append((found["href"], ""))

    def handle_data(self, data: str) -> None:
        if self._in_switch is not None and data.strip():
            href, name = self.switcher[-1]
            self.switcher[-1] = (href, (name + " " + data.strip()).strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_switch = None


def head_of(site: Path, address: str) -> _Head:
    served = site / address
    parser = _Head()
    parser.feed((served / "index.html" if served.is_dir() else served).read_text(encoding="utf-8"))
    return parser


def landing(page_address: str, href: str) -> str:
    """Where a link on the page at ``page_address`` (from the site's root) leads, from the site's root."""
    return urljoin("http://site/" + page_address, href).removeprefix("http://site/")


ADDRESSES = {kind: address for kind, address in PAGE_TYPES.items() if kind != "not found"}


@pytest.mark.parametrize("kind", ADDRESSES)
def test_each_language_is_served_from_its_folder_with_its_html_lang(languages_site: Path, kind: str) -> None:
    address = ADDRESSES[kind]
    assert head_of(languages_site, address).lang == "en"
    assert head_of(languages_site, f"el/{address}").lang == "el"
    assert head_of(languages_site, f"zh/{address}").lang.startswith("zh")


@pytest.mark.parametrize("kind", ADDRESSES)
def test_every_page_names_each_language_version_of_itself_and_the_default_as_x_default(languages_site: Path, kind: str) -> None:
    address = ADDRESSES[kind]
    for folder in ("", "el/", "zh/"):
        page = folder + address
        alternates = {hreflang: landing(page, href) for hreflang, href in head_of(languages_site, page).alternates.items()}
        assert alternates == {"en-GB": address, "x-default": address, "el-GR": f"el/{address}", "zh-CN": f"zh/{address}"}, page


@pytest.mark.parametrize("kind", ADDRESSES)
def test_the_switcher_leads_to_the_same_page_in_each_language_named_in_its_own_words(languages_site: Path, kind: str) -> None:
    address = ADDRESSES[kind]
    for folder in ("", "el/", "zh/"):
        page = folder + address
        switcher = [(landing(page, href), name) for href, name in head_of(languages_site, page).switcher]
        assert switcher == [(address, "English (United Kingdom)"), (f"el/{address}", "Ελληνικά (Ελλάδα)"), (f"zh/{address}", "中文 (简体, 中国)")], page


def test_the_not_found_page_of_each_language_leads_to_each_language_home(languages_site: Path) -> None:
    for page in ("404.html", "el/404.html"):
        assert [href for href, _ in head_of(languages_site, page).switcher] == ["/", "/el/", "/zh/"]


def test_links_between_pages_stay_in_their_language(languages_site: Path) -> None:
    """Every link of a Greek page that leads to another page of the site, but for the switcher's, stays under /el/."""
    links = re.compile(r'<a (?![^>]*data-decide-language)[^>]*href="([^"#:?]+)')
    leaving = []
    for path in sorted((languages_site / "el").rglob("index.html")):
        page = path.parent.relative_to(languages_site).as_posix() + "/"
        leaving += [(page, href) for href in links.findall(path.read_text(encoding="utf-8")) if not landing(page, href).startswith("el/")]
    assert leaving == []


def test_each_language_has_its_worksheets_in_its_own_words(languages_site: Path) -> None:
    english = sorted(path.relative_to(languages_site).as_posix() for path in (languages_site / "worksheets").rglob("*.pdf"))
    assert english
    for folder in ("el", "zh"):
        assert sorted(path.relative_to(languages_site / folder).as_posix() for path in (languages_site / folder / "worksheets").rglob("*.pdf")) == english
    plan = "worksheets/plan/care-plan"
    greek = " ".join(pdf_text(languages_site / "el" / f"{plan}.pdf"))
    assert re.search("[α-ω]{4}", greek), greek[:300]
    assert 'lang="el-GR"' in (languages_site / "el" / f"{plan}.html").read_text(encoding="utf-8")


# --language and the language column.


def test_language_takes_any_spelling_of_the_site_s_languages() -> None:
    site = Site.model_validate({"name": "N", "locale": "en-GB", "currency": "GBP", "action": "a", "languages": ["el-GR", "zh-Hans", "zh-Hant"]})
    assert folders(site) == {"en-GB": "", "el-GR": "el", "zh-Hans": "zh-hans", "zh-Hant": "zh-hant"}
    assert [chosen(site, asked) for asked in ("EL_gr", "el", "en", "en-gb", "zh-hant", "ZH_Hans", "zh", "de", " ")] == ["el-GR", "el-GR", "en-GB", "en-GB", "zh-Hant", "zh-Hans", None, None, None]
    assert own_name("el-GR") == "Ελληνικά (Ελλάδα)"


def run_in(project: Path, *args: str) -> Run:
    return decide_once(*args, cwd=project)


def test_an_unknown_language_is_a_usage_error_listing_the_site_s_languages(languages_project: Path, tmp_path: Path) -> None:
    for command in (["worksheet", "plan", "care-plan"], ["worksheet", "reasons"], ["proposal", "care-plan", "--prospect", "Acme"]):
        finished = run_in(languages_project, *command, "--language", "fr", "-o", str(tmp_path / "x.pdf"))
        assert finished.status == 2, finished.err
        assert "`fr` is not one of the site's languages: en-GB (the default), el-GR, zh-CN." in finished.err
    assert not (tmp_path / "x.pdf").exists()


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Each font the PDF's pages use, by name, and whether its glyphs are embedded in the file."""
    fonts: dict[str, bool] = {}
    for page in pypdf.PdfReader(path).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font.get("/BaseFont"))] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


@pytest.mark.parametrize(("language", "script"), [("zh-CN", "[\u4e00-\u9fff]{4}"), ("el", "[α-ω]{4}")])
def test_a_worksheet_in_chinese_or_greek_prints_that_script_with_embedded_fonts(languages_project: Path, tmp_path: Path, language: str, script: str) -> None:
    out = tmp_path / "sheet.pdf"
    finished = run_in(languages_project, "worksheet", "break-even", "scan-to-ship-payback", "--prospect", "Acme", "--date", "2026-11-27", "--language", language, "-o", str(out))
    assert finished.status == 0, finished.err
    text = " ".join(pdf_text(out))
    assert re.search(script, text), text[:300]
    fonts = embedded_fonts(out)
    assert fonts and all(fonts.values()), fonts


def test_a_proposal_pack_in_greek_is_in_greek_with_its_numbers_written_the_greek_way(languages_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    finished = run_in(languages_project, "proposal", "scan-to-ship", "--prospect", "Acme", "--date", "2026-11-27", "--set", "order_lines=1200", "--language", "el", "-o", str(out))
    assert finished.status == 0, finished.err
    text = " ".join(pdf_text(out))
    assert re.search("[α-ω]{4}", text) and "1.200" in text
    assert all(embedded_fonts(out).values())


def test_a_list_s_language_column_writes_each_row_in_its_language_and_refuses_one_the_site_lacks(languages_project: Path, tmp_path: Path) -> None:
    listing = tmp_path / "prospects.csv"
    with listing.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([["prospect", "order_lines", "language"], ["Acme", "1200", "el_GR"], ["Globex", "1200", ""], ["Initech", "1200", "de"]])
    out = tmp_path / "out"
    finished = run_in(languages_project, "worksheet", "break-even", "scan-to-ship-payback", "--from", str(listing), "--out-dir", str(out), "--date", "2026-11-27", "--jobs", "1")
    assert finished.status == 1
    assert f"{listing}:4, column 3 (language): language `de` is not one of the site's languages: en-GB (the default), el-GR, zh-CN" in finished.err
    assert sorted(path.name for path in out.iterdir()) == ["Acme.pdf", "Globex.pdf"]
    greek, english = (" ".join(pdf_text(out / name)) for name in ("Acme.pdf", "Globex.pdf"))
    assert re.search("[α-ω]{4}", greek) and not re.search("[α-ω]{4}", english)
    assert "1.200" in greek and "1,200" in english, "numbers as each locale writes them"


def test_a_monolingual_site_renders_one_tree_with_no_versions(example_content) -> None:
    from generator.render import render_docs
    from tests.conftest import PROJECT

    monolingual = example_content
    assert monolingual.site is not None
    if monolingual.site.model.languages:
        import dataclasses

        site = monolingual.site.model.model_copy(update={"languages": []})
        monolingual = dataclasses.replace(monolingual, site=dataclasses.replace(monolingual.site, model=site))
    tree = render_docs(monolingual, PROJECT / "templates")
    assert (tree.folder, tree.versions, tree.further) == ("", (), ())
    assert PurePosixPath("index.md").as_posix() in tree.pages


def test_zensical_builds_every_language_into_its_folder(languages_project: Path, tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "project"
    shutil.copytree(languages_project, project, ignore=shutil.ignore_patterns("site", "build"))
    site = build_project(project, engine="zensical")
    for folder, lang in (("", "en"), ("el/", "el"), ("zh/", "zh")):
        head = head_of(site, folder + ADDRESSES["offering"])
        assert head.lang.startswith(lang)
        assert [landing(folder + ADDRESSES["offering"], href) for href, _ in head.switcher] == [ADDRESSES["offering"], "el/" + ADDRESSES["offering"], "zh/" + ADDRESSES["offering"]]
