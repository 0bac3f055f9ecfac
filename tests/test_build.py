"""`decide build`: both engines build the same pages, and a failed build leaves site/ byte for byte as it was."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import build_project, copy_project, html_pages


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def built_with_both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    mkdocs_site = build_project(copy_project(tmp_path_factory.mktemp("mkdocs")), "mkdocs")
    zensical_site = build_project(copy_project(tmp_path_factory.mktemp("zensical")), "zensical")
    return mkdocs_site, zensical_site


def test_zensical_builds_the_same_pages_as_mkdocs(built_with_both):
    mkdocs_site, zensical_site = built_with_both
    assert html_pages(zensical_site) == html_pages(mkdocs_site)
    assert "problems/picking-errors/index.html" in html_pages(mkdocs_site)


def test_both_engines_show_the_same_next_action_on_every_page(built_with_both):
    for site in built_with_both:
        for page in html_pages(site):
            assert (site / page).read_text(encoding="utf-8").count("data-next-action=") == 1, (site, page)


def test_build_with_zensical_from_the_command_line(decide, english_project: Path):
    project = english_project
    run = decide("build", "--engine", "zensical", cwd=project)

    assert run.status == 0, run.err
    assert "with zensical" in run.err
    assert (project / "site" / "offerings" / "stock-planner" / "index.html").is_file()


def test_build_keeps_the_tree_it_built_from(decide, english_project: Path):
    project = english_project
    assert decide("build", cwd=project).status == 0

    config = yaml.safe_load((project / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Fernhollow Systems"
    assert config["nav"] == [
        {"Home": "index.md"},
        {"Offerings": "offerings/index.md"},
        {"Reasons catalog": "reasons/index.md"},
        {"Common mistakes": "mistakes/index.md"},
        {"Worksheets": "worksheets/index.md"},
    ]
    assert config["theme"]["font"] is False and config["theme"]["custom_dir"] == "overrides"
    assert (project / "build" / "docs" / "problems" / "picking-errors.md").is_file()
    assert not list((project / "build").glob("scratch-*"))


def test_the_marketers_theme_settings_are_kept(decide, project: Path):
    settings = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    settings["theme"]["palette"] = {"scheme": "slate", "primary": "teal"}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")

    assert decide("build", cwd=project).status == 0
    # The colours are the brand's (site.yml), through Material's custom palette; the rest of the palette stays.
    assert yaml.safe_load((project / "build" / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["palette"] == {"scheme": "slate", "primary": "custom", "accent": "custom"}
    assert 'data-md-color-scheme="slate"' in (project / "site" / "index.html").read_text(encoding="utf-8")


def break_content(project: Path) -> None:
    (project / "content" / "problems" / "picking-errors.yml").write_text("name: [unclosed\n", encoding="utf-8")


def break_template_syntax(project: Path) -> None:
    template = project / "templates" / "pages" / "problem.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")


def break_template_field(project: Path) -> None:
    template = project / "templates" / "pages" / "offering.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace("offering.summary", "offering.tagline", 1), encoding="utf-8")


def remove_a_template(project: Path) -> None:
    (project / "templates" / "pages" / "mistakes.md.j2").unlink()


def break_engine_config(project: Path) -> None:
    (project / "mkdocs.yml").write_text("theme:\n  name: no-such-theme\n", encoding="utf-8")


def break_theme_override(project: Path) -> None:
    with (project / "templates" / "theme" / "main.html").open("a", encoding="utf-8") as override:
        override.write("{% block unclosed %}\n")


def break_config_syntax(project: Path) -> None:
    (project / "mkdocs.yml").write_text("theme: [\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("breakage", "status", "message"),
    [
        (break_content, 1, "content/problems/picking-errors.yml:1:7: error E003"),
        (break_template_syntax, 1, "templates/pages/problem.md.j2:"),
        (break_template_field, 1, "'tagline'"),
        (remove_a_template, 1, "pages/mistakes.md.j2 not found"),
        (break_engine_config, 1, "no-such-theme"),
        (break_theme_override, 1, "main.html:"),
        (break_config_syntax, 2, "mkdocs.yml cannot be read"),
    ],
)
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_failed_build_leaves_site_exactly_as_it_was(decide, english_project: Path, breakage, status, message, engine):
    """In English only: each breakage stops the first engine run, or the build before it, in any language."""
    project = english_project
    assert decide("build", cwd=project).status == 0
    before = snapshot(project / "site")
    breakage(project)

    run = decide("build", "--engine", engine, cwd=project)

    assert run.status == status, run.err
    assert message in run.err
    assert "site/ is unchanged" in run.err
    assert snapshot(project / "site") == before
    assert not list((project / "build").glob("scratch-*"))


def test_a_template_field_error_names_the_template_line(decide, english_project: Path):
    project = english_project
    break_template_field(project)

    run = decide("build", cwd=project)

    line = next(number for number, text in enumerate((project / "templates/pages/offering.md.j2").read_text().splitlines(), 1) if "tagline" in text)
    assert f"templates/pages/offering.md.j2:{line}:" in run.err


class _Scripts(HTMLParser):
    """The text of every <script> element and every attribute, as a browser's parser splits a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        self.attributes += attrs
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_theme_cannot_be_tricked_by_a_site_name_or_a_page_title(tmp_path: Path, engine: str):
    """The theme prints the site name and page titles itself, partly unescaped; neither may open a tag."""
    project = copy_project(tmp_path / "project")
    site_file = project / "content" / "site.yml"
    hostile_name = 'name: "Fern & <b onmouseover=\\"window.pwned=1\\">Co</b><script>window.pwned=1</script>"'
    site_file.write_text(site_file.read_text(encoding="utf-8").replace("name: Fernhollow Systems", hostile_name), encoding="utf-8")
    problem_file = project / "content" / "problems" / "picking-errors.yml"
    lines = problem_file.read_text(encoding="utf-8").splitlines()
    problem_file.write_text("\n".join(['name: "</title><script>window.pwned=1</script>"', *lines[1:]]) + "\n", encoding="utf-8")

    site = build_project(project, engine)

    for page in html_pages(site):
        parsed = _Scripts()
        parsed.feed((site / page).read_text(encoding="utf-8"))
        assert not [script for script in parsed.scripts if "pwned" in script], page
        assert not [name for name, _ in parsed.attributes if name.startswith("onmouse")], page
