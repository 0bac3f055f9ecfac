"""The built site is complete, private and safe: every page is there, nothing loads from another host, and
hostile strings planted in a copy of the content show as text in Chromium instead of running.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from tests.browsing import PAGE_TYPES, Visit, serving
from tests.conftest import PROJECT, build_project, copy_project, html_pages

RESOURCE_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
    "input": ("formaction", "src"),
    "button": ("formaction",),
}
"""Attributes whose address the browser fetches by itself (a link's ``href`` waits for a click)."""

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)")


class References(HTMLParser):
    """Every address a page makes the browser fetch, every event-handler attribute and every ``javascript:`` address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.handlers: list[str] = []
        self.script_addresses: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if value.strip().lower().startswith(("javascript:", "vbscript:")):
                self.script_addresses.append(f"<{tag} {name}={value!r}>")
            if name in RESOURCE_ATTRIBUTES.get(tag, ()):
                self.fetched += [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
            if name == "style":
                self.fetched += _css_urls(value)
            if tag == "meta" and name == "content" and "url=" in value.lower():
                self.fetched.append(value.lower().split("url=", 1)[1])

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.fetched += _css_urls(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def _css_urls(css: str) -> list[str]:
    return [first or second for first, second in CSS_URL.findall(css)]


def elsewhere(address: str) -> bool:
    """True for an address on another host: anything with a host part (``https://x``, ``//x``) that is not inline data."""
    parts = urlsplit(address.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob")


def test_the_site_has_a_page_for_every_problem_and_offering(example_site: Path, example_content) -> None:
    for problem_id in example_content.problems:
        assert (example_site / "problems" / problem_id / "index.html").is_file()
    for offering_id in example_content.offerings:
        assert (example_site / "offerings" / offering_id / "index.html").is_file()
    for index in ("index.html", "offerings/index.html", "reasons/index.html", "mistakes/index.html", "404.html"):
        assert (example_site / index).is_file()


def test_no_page_references_another_host_or_carries_a_handler(example_site: Path) -> None:
    for shown in html_pages(example_site):
        references = References()
        references.feed((example_site / shown).read_text(encoding="utf-8"))
        assert [address for address in references.fetched if elsewhere(address)] == [], shown
        assert references.handlers == [], shown
        assert references.script_addresses == [], shown


def test_no_stylesheet_loads_from_another_host(example_site: Path) -> None:
    for stylesheet in example_site.rglob("*.css"):
        assert [address for address in _css_urls(stylesheet.read_text(encoding="utf-8")) if elsewhere(address)] == [], stylesheet


def test_our_scripts_are_files_that_never_evaluate_strings() -> None:
    scripts = [*(PROJECT / "templates").rglob("*.js"), PROJECT / "generator/preview/live.js"]
    assert scripts
    for script in scripts:
        code = script.read_text(encoding="utf-8")
        assert not re.search(r"\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(|set(?:Timeout|Interval)\s*\(\s*['\"`]|\.innerHTML\s*=|document\.write", code), script
    for template in (PROJECT / "templates").rglob("*.*"):
        if template.suffix in (".j2", ".html"):
            text = template.read_text(encoding="utf-8")
            assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text) == [], f"inline script in {template}"


SCRIPT = "<script>window.__pwned = 1</script>"
IMAGE = '<img src=x onerror="window.__pwned = 2">'
SVG = "<svg onload=window.__pwned=3>"
LINK = "[free trial](javascript:window.__pwned=4)"
ATTRIBUTE = '{: onclick="window.__pwned = 5" }'
TITLE = "</title><script>window.__pwned = 6</script>"
ANCHOR = '<a href="javascript:window.__pwned=7">here</a>'
QUOTE = "\"'><img src=x onerror=window.__pwned=8>"

PLANTED_TEXT = {
    "offering name": f"Care Plan {SCRIPT}",
    "offering summary": f"Cover for your admin {IMAGE} {ATTRIBUTE}",
    "option name": f"Embedded {SVG}",
    "step": f"Write the runbook {ATTRIBUTE}",
    "problem name": f"Key person risk {IMAGE}",
    "reason result": f"A wholesaler cut downtime {SCRIPT} {LINK}",
    "industry": f"Wholesale {QUOTE}",
    "mistake title": f"Waiting {TITLE}",
    "action label": f"Book a call {IMAGE}",
    "calculator title": f"Payback {TITLE}",
    "input label": f"Pickers {QUOTE}",
    "input help": f"Count them {SCRIPT}",
    "cost label": f"Scanners {IMAGE} {ATTRIBUTE}",
}
"""Text fields: each must show exactly as typed."""

PLANTED_MARKDOWN = f"Real **Markdown** still works. {LINK} {ANCHOR} {SCRIPT} {IMAGE} {SVG}\n\nA paragraph {ATTRIBUTE}\n"


def plant(project: Path) -> None:
    """Puts every hostile string into a text or Markdown field of the content copy."""
    content = project / "content"

    def rewrite(path: str, change) -> None:
        file = content / path
        document = yaml.safe_load(file.read_text(encoding="utf-8"))
        change(document)
        file.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")

    def offering(document) -> None:
        document.update(name=PLANTED_TEXT["offering name"], summary=PLANTED_TEXT["offering summary"], body=PLANTED_MARKDOWN)
        document["options"][0]["name"] = PLANTED_TEXT["option name"]
        document["implementation"][0]["step"] = PLANTED_TEXT["step"]

    def reasons(document) -> None:
        document[0].update(result=PLANTED_TEXT["reason result"], story=PLANTED_MARKDOWN)
        document[0]["customer"]["industry"] = PLANTED_TEXT["industry"]

    def mistakes(document) -> None:
        document[0].update(title=PLANTED_TEXT["mistake title"], avoid=PLANTED_MARKDOWN)

    rewrite("offerings/care-plan.yml", offering)
    rewrite("problems/key-person-risk.yml", lambda document: document.update(name=PLANTED_TEXT["problem name"], body=PLANTED_MARKDOWN))
    rewrite("reasons/care-plan.yml", reasons)
    rewrite("mistakes/key-person-risk.yml", mistakes)
    rewrite("actions/book-call.yml", lambda document: document.update(label=PLANTED_TEXT["action label"]))

    def calculator(document) -> None:
        document.update(title=PLANTED_TEXT["calculator title"], intro=PLANTED_MARKDOWN)
        document["inputs"][0].update(label=PLANTED_TEXT["input label"], help=PLANTED_TEXT["input help"])
        document["costs"][0]["label"] = PLANTED_TEXT["cost label"]

    rewrite("calculators/scan-to-ship-payback.yml", calculator)


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def hostile_site(request, tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    plant(project)
    with serving(build_project(project, request.param)) as base:
        yield base


INJECTED = """() => [...document.querySelectorAll('*')].flatMap(element =>
    [...element.attributes].filter(attribute => /^on/i.test(attribute.name) || /^\\s*javascript:/i.test(attribute.value))
        .map(attribute => element.tagName + ' ' + attribute.name + '=' + attribute.value))"""


@pytest.mark.parametrize("page", PAGE_TYPES.values())
def test_planted_strings_never_run(hostile_site: str, visit: Visit, page: str) -> None:
    dialogs: list[str] = []
    visit.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    visit.page.goto(hostile_site + page)
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert visit.page.evaluate(INJECTED) == []
    assert visit.page.locator("article script, article img, article svg[onload], article iframe").count() == 0
    assert visit.foreign_requests(hostile_site) == []


def shown(visit: Visit) -> str:
    return " ".join(visit.page.locator("article").first.inner_text().split())


def test_planted_text_shows_exactly_as_typed(hostile_site: str, visit: Visit) -> None:
    visit.page.goto(hostile_site + "offerings/care-plan/")
    expect(visit.page.locator("h1")).to_contain_text(PLANTED_TEXT["offering name"])
    for field in ("offering summary", "option name", "step", "action label"):
        assert " ".join(PLANTED_TEXT[field].split()) in shown(visit), field
    visit.page.goto(hostile_site + "reasons/")
    for field in ("reason result", "industry"):
        assert PLANTED_TEXT[field] in shown(visit), field
    visit.page.locator("form[data-decide-filter]").get_by_label("Industry").select_option(PLANTED_TEXT["industry"])
    expect(visit.page.locator("article[data-offerings]:visible")).to_have_count(1)
    visit.page.goto(hostile_site + "mistakes/")
    assert PLANTED_TEXT["mistake title"] in shown(visit)
    visit.page.goto(hostile_site)
    assert PLANTED_TEXT["problem name"] in shown(visit)
    visit.page.goto(hostile_site + "calculators/scan-to-ship-payback/")
    expect(visit.page.locator("h1")).to_contain_text(PLANTED_TEXT["calculator title"])
    for field in ("input label", "input help", "cost label"):
        assert " ".join(PLANTED_TEXT[field].split()) in shown(visit), field


def test_planted_markdown_keeps_its_formatting_and_loses_its_weapons(hostile_site: str, visit: Visit) -> None:
    visit.page.goto(hostile_site + "offerings/care-plan/")
    expect(visit.page.locator("article strong", has_text="Markdown").first).to_be_visible()
    addresses = visit.page.locator("article a", has_text="free trial").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert addresses and all(address is None for address in addresses), "the javascript: link keeps its text, not its address"
    assert visit.page.evaluate(INJECTED) == []
