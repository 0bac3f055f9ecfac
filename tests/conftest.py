"""Shared fixtures: run the real `decide` entry point in-process, on copies of content."""

from __future__ import annotations

import io
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from generator.cli import main

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE_CONTENT = PROJECT / "tests" / "example" / "content"
"""The example company pinned for the tests, a copy of content/ as shipped: tests never read content/ itself,
which a company replaces with its own (only tests/test_other_content.py checks it). Update this copy, and the
golden files, when the example changes."""


@dataclass
class Run:
    status: int
    out: str
    err: str

    @property
    def problems(self) -> list[dict[str, object]]:
        """The JSON report of `decide check --format json`."""
        return json.loads(self.out)

    def codes(self) -> set[str]:
        return {problem["code"] for problem in self.problems}


@pytest.fixture(scope="session")
def example_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project folder on the pinned example content, shared by tests that only read it."""
    return copy_project(tmp_path_factory.mktemp("example-project"))


@pytest.fixture
def decide(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, example_project: Path):
    """Runs ``decide ARGS`` through its real entry point, in ``cwd`` (default: the shared example project); returns status and output.

    Every run also asserts the promise made to users: no traceback, ever.
    """

    def run(*args: str, cwd: Path = example_project) -> Run:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "argv", ["decide", *args])
        capsys.readouterr()
        with pytest.raises(SystemExit) as stopped:
            main()
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        assert "internal error" not in captured.err
        return Run(stopped.value.code or 0, captured.out, captured.err)

    return run


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A writable copy of the example content, to break on purpose."""
    copy = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, copy)
    return copy


@pytest.fixture
def check(decide, content: Path):
    """``decide check --format json`` on the content copy, run from the copy's project folder."""

    def run(*extra: str) -> Run:
        return decide("check", "--format", "json", *extra, cwd=content.parent)

    return run


def translate_in_greek(decide, content: Path, words: dict[str, str]) -> None:
    """Adds the texts a test wrote to the example's Greek catalog (``decide translate``) and translates them, as the
    example translates all its content: a text a test adds and leaves untranslated is a warning of its own (W066).
    ``words`` gives each new text's translation."""
    assert decide("translate", cwd=content.parent).status == 0
    path = content / "translations" / "el-GR.po"
    catalog = read_po(io.StringIO(path.read_text(encoding="utf-8")))
    for message in catalog:
        if message.id and not message.string:
            message.string = words[str(message.id)]
    written = io.BytesIO()
    write_po(written, catalog, width=0)
    path.write_bytes(written.getvalue())


def problem_at(run: Run, file: str, code: str) -> dict[str, object]:
    """The one problem with ``code`` in ``file``; fails listing all problems when absent."""
    found = [problem for problem in run.problems if problem["file"] == file and problem["code"] == code]
    assert len(found) == 1, json.dumps(run.problems, indent=1)
    return found[0]


def copy_project(folder: Path, content: Path = EXAMPLE_CONTENT) -> Path:
    """A project folder (content, templates, mkdocs.yml) that builds can write into without touching ours."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(content, folder / "content")
    shutil.copytree(PROJECT / "templates", folder / "templates")
    shutil.copy(PROJECT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the whole example project, to build or break."""
    return copy_project(tmp_path / "project")


def one_language(project: Path) -> Path:
    """The example project in its default language only: no `languages` in site.yml and no translations. For builds
    whose point is not about languages (a build's files, its swap, a calculator's page), as each further language is
    a further engine run and set of PDFs; what several languages build is test_languages_site.py's to prove."""
    import yaml

    site_file = project / "content" / "site.yml"
    settings = yaml.safe_load(site_file.read_text(encoding="utf-8"))
    assert settings.pop("languages"), "the example has further languages: update one_language"
    site_file.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")
    shutil.rmtree(project / "content" / "translations")
    return project


@pytest.fixture(scope="session")
def english_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project folder on the example in English only, shared by tests that only read it: where `decide calc` and
    `decide select` answer a differential test many times, as they read no translation to give a figure or a result."""
    return one_language(copy_project(tmp_path_factory.mktemp("english-example")))


@pytest.fixture
def english_project(tmp_path: Path) -> Path:
    """A writable copy of the whole example project in English only (``one_language``), to build or break."""
    return one_language(copy_project(tmp_path / "project"))


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project built once with mkdocs: its ``site/`` folder, for tests that only read it."""
    return build_project(copy_project(tmp_path_factory.mktemp("example")))


def html_pages(site: Path) -> set[str]:
    """Every HTML file of a built site, relative to it."""
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html")}


def build_project(folder: Path, engine: str = "mkdocs") -> Path:
    """Load, check, render and build ``folder`` the way ``decide build`` does; returns its site folder."""
    from generator.diagnostics import count_errors
    from generator.pipeline import load_and_check
    from generator.project import Project
    from generator.render import render_docs
    from generator.write import build_site

    built = Project.discover(root=folder)
    loaded, diagnostics = load_and_check(built)
    assert not count_errors(diagnostics), diagnostics
    build_site(built, render_docs(loaded, built.templates), engine)
    return built.site


@pytest.fixture(scope="session")
def languages_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with Greek and Chinese as further languages, fully translated by tests/test_languages_site.py's
    stand-in, and its site built once for that module and tests/test_languages_browser.py; tests only read it."""
    from tests.test_crm_batches import decide_once
    from tests.test_languages_site import CHINESE, GREEK, translate_project

    project = copy_project(tmp_path_factory.mktemp("languages"))
    translate_project(project, lambda *args: decide_once(*args, cwd=project), {"el-GR": GREEK, "zh-CN": CHINESE})
    build_project(project)
    return project


@pytest.fixture(scope="session")
def languages_site(languages_project: Path) -> Path:
    return languages_project / "site"


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run, with a fresh profile (Playwright makes a new one per launch)."""
    from playwright.sync_api import sync_playwright

    from tests.browsing import CHROMIUM, CHROMIUM_FLAGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium; run it, or apt-get install chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def visit(browser):
    """A new page in a new browser context; returns a ``Visit`` that records requests and errors."""
    from tests.browsing import Visit

    context = browser.new_context()
    yield Visit(context.new_page())
    context.close()


@pytest.fixture(scope="session")
def example_url(example_site: Path):
    """The built example site served on loopback: its base address, ending in ``/``."""
    from tests.browsing import serving

    with serving(example_site) as base:
        yield base


@pytest.fixture(scope="session")
def example_content():
    """The example content as loaded models, for what the pages are expected to show."""
    from generator.load import load_content

    loaded, _ = load_content(EXAMPLE_CONTENT, EXAMPLE_CONTENT.parent)
    return loaded
