"""The site engine's configuration: the project's ``mkdocs.yml`` for the look, plus what the docs tree needs.

mkdocs and Zensical read the same ``mkdocs.yml`` format, so this file is
engine-neutral. The marketer's ``mkdocs.yml`` decides the theme, colours and
features; the generator decides what must match the pages it wrote (site name,
folders, navigation, our stylesheet and script, the Markdown extensions the
pages use, the template overrides that give the 404 page its next action).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import DecideError
from generator.load.models import Untranslated
from generator.render import DocsTree
from generator.render.language import ENGLISH, UiLanguage, ui_language
from generator.render.pages import Version
from generator.wording import N_

DOCS = "docs"
SITE = "site"
OVERRIDES = "overrides"
LANGUAGES = "languages"
"""Beside ``docs/``: a folder per further language, ``languages/el/``, holding its ``mkdocs.yml`` and ``docs/``."""

MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "attr_list": {},
    "md_in_html": {},
    "tables": {},
    "admonition": {},
    "toc": {"permalink": True},
}
"""What the page templates are written with: ``{: #id }`` on headings, Markdown in ``grid cards``, tables."""

THEME_WORDS = {
    "not_found": N_("This page does not exist"),
    "not_found_help": N_("The link may be old. %(start)s, or take the next step below."),
    "start_from_problem": N_("Start from the problem you want to solve"),
    "next_step": N_("Next step"),
}
"""What the theme's overrides (``templates/theme``) say, which the site engine renders, not decide: in the page's
language in ``extra.words``. The overrides escape them, and put the link in the place ``%(start)s`` marks."""


def engine_config(project_config: Path, tree: DocsTree) -> dict[str, Any]:
    """The project's settings with the generator's laid over them; folders are relative to the config's own folder."""
    settings = read_project_config(project_config)
    theme = dict(settings.get("theme") or {"name": "material"})
    theme["custom_dir"] = OVERRIDES
    theme.update(_branded(theme, tree))
    language = ui_language(tree.locale)
    if "language" not in theme:
        theme["language"] = theme_language(language)
    extra = dict(settings.get("extra") or {})
    extra["words"] = {name: language.gettext(message) for name, message in THEME_WORDS.items()}
    extra["next_action"] = {"id": tree.next_action.id, "label": tree.next_action.label, "url": tree.next_action.url, "threshold": tree.next_action.threshold}
    extra["company"] = tree.site_name
    extra["footer"] = tree.footer.model_dump() if tree.footer else {}
    settings.update(
        site_name=_inert_in_theme(tree.site_name),
        site_description=settings.get("site_description") or _inert_in_theme(tree.description),
        docs_dir=DOCS,
        site_dir=SITE,
        use_directory_urls=True,
        nav=[{title: page} for title, page in tree.nav],
        theme=theme,
        extra=extra,
        extra_css=[*settings.get("extra_css", []), *tree.stylesheets],
        extra_javascript=[*settings.get("extra_javascript", []), *tree.scripts],
        markdown_extensions=_with_required_extensions(settings.get("markdown_extensions") or []),
    )
    return settings


def docs_of(tree: DocsTree) -> str:
    """Where a language's docs tree is written, relative to the folder of the configs: ``docs`` for the default
    language, ``languages/el`` for the one served at ``/el/``."""
    return f"{LANGUAGES}/{tree.folder}" if tree.folder else DOCS


def config_of(tree: DocsTree) -> str:
    """A language's config, beside the default's (``mkdocs.el.yml``): Zensical builds only into a folder below its
    config's, so every config sits above ``site/``."""
    return f"mkdocs.{tree.folder}.yml" if tree.folder else "mkdocs.yml"


def language_config(project_config: Path, tree: DocsTree) -> dict[str, Any]:
    """``engine_config`` for one language of the site: built from its own docs into its own folder of ``site/``, in
    the theme's wording for that language (a ``language`` in the project's mkdocs.yml is the default language's),
    with the links to every language's version of each page.

    The engine runs once per language, the default first, since building it empties ``site/``.
    """
    settings = engine_config(project_config, tree)
    site_url = settings.get("site_url")
    if tree.folder:
        settings.update(docs_dir=docs_of(tree), site_dir=f"{SITE}/{tree.folder}")
        settings["theme"] = {**settings["theme"], "language": theme_language(ui_language(tree.locale))}
        if site_url:
            settings["site_url"] = _under(site_url, tree.folder)
    if tree.versions:
        settings["extra"]["alternate"] = [_alternate(tree, version, site_url) for version in tree.versions]
    return settings


def _under(site_url: object, folder: str) -> str:
    return f"{str(site_url).rstrip('/')}/{folder}/" if folder else f"{str(site_url).rstrip('/')}/"


def _alternate(tree: DocsTree, version: Version, site_url: object) -> dict[str, Any]:
    """One language version as the theme's switcher and ``hreflang`` links read it: ``link`` leads from this
    language's root to that language's root (``../``, ``el/``), and the overrides add the page's own address;
    ``home`` is that language's home page from anywhere, for the page the engine makes itself (the 404 page), which
    is served at any address."""
    if version.folder == tree.folder:
        link = ""
    else:
        link = ("../" if tree.folder else "") + (f"{version.folder}/" if version.folder else "")
    home = _under(site_url, version.folder) if site_url else f"/{version.folder}/" if version.folder else "/"
    return {"name": version.name, "lang": version.locale, "link": link, "home": home, "default": not version.folder}


def _branded(theme: dict[str, Any], tree: DocsTree) -> dict[str, Any]:
    """The company's logo and favicon, and its colours in every palette (``custom``: Material's own colours step aside
    for the variables of ``assets/brand/colours.css``). The colours are site.yml's brand (or decide's neutral ones)
    even where mkdocs.yml names a Material colour; the palette's schemes and toggles stay. Without a logo the
    header shows the name alone."""
    palettes = theme.get("palette") or {}
    custom = {"primary": "custom", "accent": "custom"}
    branded = [{**palette, **custom} for palette in palettes] if isinstance(palettes, list) else {**palettes, **custom}
    look = tree.look
    return {"palette": branded, "favicon": look.favicon} | ({"logo": look.logo} if look.logo else {})


def _inert_in_theme(text: str) -> str:
    """The theme prints the site name unescaped, in text and in double-quoted attributes: keep ``<``, ``>`` and ``"`` inert there.

    ``&`` is left alone, so "Smith & Sons" reads the same everywhere.
    """
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def read_project_config(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise DecideError(f"{path.name} is missing: decide reads the site's look (theme, colours, features) from it.", exit_code=2)
    try:
        settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise DecideError(f"{path.name} cannot be read: {error}", exit_code=2) from None
    if not isinstance(settings, dict):
        raise DecideError(f"{path.name} must hold settings (name: value lines), not a list or a single value.", exit_code=2)
    return settings


def _with_required_extensions(configured: list[Any]) -> list[Any]:
    named = {next(iter(entry)) if isinstance(entry, dict) else entry for entry in configured}
    return [*configured, *({name: options} if options else name for name, options in MARKDOWN_EXTENSIONS.items() if name not in named)]


def theme_language(language: UiLanguage) -> str:
    """The theme's own words (search, navigation) in the catalog's language: ``zh-Hant``, else ``zh`` for ``zh_Hans``;
    English when the pages are (a locale without a catalog), so the page speaks one language."""
    candidates = [language.tag, language.catalog.split("_")[0]]
    return next((candidate for candidate in candidates if _theme_speaks(candidate)), ENGLISH)


def _theme_speaks(language: str) -> bool:
    """Material ships one partial per interface language; without one it would fail, so English stays."""
    try:
        return resources.files("material").joinpath("templates", "partials", "languages", f"{language}.html").is_file()
    except ModuleNotFoundError:
        return False


class _ConfigDumper(yaml.SafeDumper):
    """YAML's safe writer, which also writes a text left in the default language (``Untranslated``: the site's name,
    its description or footer on a further language's site) as the text it is: the theme shows it unmarked."""


_ConfigDumper.add_representer(Untranslated, lambda dumper, text: dumper.represent_str(str(text)))


def config_text(settings: dict[str, Any]) -> str:
    """The settings as the engine reads them, with a first line saying where they come from."""
    written = yaml.dump(settings, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True)
    return "# Written by decide from the project's mkdocs.yml: edit that file, not this one.\n" + written
