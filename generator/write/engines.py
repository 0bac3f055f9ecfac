"""The one place that knows the site engines: each builds the folder that holds a generated ``mkdocs.yml``.

Material for MkDocs reaches end of life in 2027 and Zensical, its successor,
reads the same configuration and docs tree, so both are here behind one
signature and nothing else in decide depends on either.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import jinja2.bccache

from generator.diagnostics import DecideError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class _Complaints(logging.Handler):
    """Keeps what mkdocs logs as a warning or error: its exceptions only say that it aborted, the log says why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_with_mkdocs(config: Path) -> None:
    """In-process, so the preview's rebuilds skip starting Python and importing the theme again."""
    _mkdocs_build(config, dirty=False)


def rebuild_pages_with_mkdocs(config: Path, pages: Collection[str]) -> bool:
    """Builds again only ``pages`` (Markdown files of the docs folder, by path) of a site mkdocs built before from ``config``.

    mkdocs's own dirty build renders a page again when its Markdown is newer than its HTML, and copies
    the other files that changed; the ``pages`` are marked so, and everything else is left as built. The
    preview calls this only when no page was added or removed and neither the configuration nor the theme
    changed, since every page shows those. Material's search index then holds only the rebuilt pages, so
    the index the previous build wrote is kept with those pages' entries replaced: it stays complete.
    Returns whether the whole site had to be built after all (see below).
    """
    from mkdocs.structure.files import File

    settings = _settings(config)
    built = [File(page, settings.docs_dir, settings.site_dir, settings.use_directory_urls) for page in pages]
    for file in built:
        if os.path.isfile(file.abs_dest_path):
            os.utime(file.abs_dest_path, ns=(0, 0))  # older than any Markdown: rebuilt, whatever the clocks say
    index = Path(settings.site_dir) / SEARCH_INDEX
    before = _search_index(index)
    try:
        _mkdocs_build(config, dirty=True, settings=settings)
    except DecideError:
        _mkdocs_build(config, dirty=False)  # the whole site: a real problem is then reported as any build reports it
        return True
    after = _search_index(index)
    if after is None:
        return False  # a site without Material's search
    if before is None:
        _mkdocs_build(config, dirty=False)  # nothing to keep the other pages' entries from
        return True
    rebuilt = {file.url for file in built} | {_page_of(entry) for entry in after["docs"]}
    after["docs"] = [entry for entry in before["docs"] if _page_of(entry) not in rebuilt] + after["docs"]
    index.write_text(json.dumps(after, separators=(",", ":"), default=str), encoding="utf-8")
    return False


SEARCH_INDEX = "search/search_index.json"
"""Where Material's search plugin writes its index in the site: every page's sections, by address."""


def _search_index(path: Path) -> dict | None:
    """The search index a build wrote, or None when there is none (or it cannot be read, so cannot be kept)."""
    try:
        index = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return index if isinstance(index, dict) and isinstance(index.get("docs"), list) else None


def _page_of(entry: dict) -> str:
    """The page a search entry belongs to: its address without the section's ``#anchor``."""
    return str(entry.get("location", "")).partition("#")[0]


class _DirtyNotice(logging.Filter):
    """mkdocs warns that a dirty build may leave navigation stale; the preview asks for one only when it cannot (see above)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as compiled by earlier builds of this process, each checked against its source.

    mkdocs makes a new Jinja environment for every build, which would compile the theme's forty-odd
    templates again on every save of the preview; Jinja reuses a template's code only while its source is
    the same, so an edited override is compiled afresh.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def _settings(config: Path) -> MkDocsConfig:
    """The configuration, strict, with the theme's compiled templates kept between builds (see ``_CompiledTemplates``)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin

    class KeepCompiledTemplates(BasePlugin):
        def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: object) -> jinja2.Environment:
            env.bytecode_cache = _COMPILED
            return env

    settings = load_config(str(config), strict=True)
    settings.plugins["decide-compiled-templates"] = KeepCompiledTemplates()
    return settings


def _mkdocs_build(config: Path, dirty: bool, settings: MkDocsConfig | None = None) -> None:
    """One mkdocs build, strict: what mkdocs logs as a warning or error aborts it, and becomes the error's reasons."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    complaints = _Complaints()
    notice = _DirtyNotice()
    logger.setLevel(logging.WARNING)
    logger.addHandler(complaints)
    logger.propagate = False
    logging.getLogger("mkdocs.commands.build").addFilter(notice)
    try:
        build(settings or _settings(config), dirty=dirty)
    except MkDocsException as error:
        reasons = "".join(f"\n  {message}" for message in complaints.messages)
        raise DecideError(f"mkdocs could not build the site: {error}{reasons}") from None
    except jinja2.TemplateError as error:
        raise DecideError(f"mkdocs could not build the site: {_theme_template_error(error)}") from None
    finally:
        logger.removeHandler(complaints)
        logging.getLogger("mkdocs.commands.build").removeFilter(notice)


def build_with_zensical(config: Path) -> None:
    """As its own process, the way users run it."""
    command = [sys.executable, "-m", "zensical", "build", "--config-file", config.name, "--strict"]
    finished = subprocess.run(command, cwd=config.parent, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        output = (finished.stderr or finished.stdout).strip()
        if "No module named zensical" in output:
            raise DecideError("Zensical is not installed here; install it with: pip install zensical", exit_code=2)
        if "Traceback" in output:
            output = output.splitlines()[-1].partition(": ")[2] or output.splitlines()[-1]
        raise DecideError(f"Zensical could not build the site: {output}")


def _theme_template_error(error: jinja2.TemplateError) -> str:
    """Names the theme template and line: an override in templates/theme/ is the usual culprit."""
    where = f"{error.name}:{error.lineno}" if isinstance(error, jinja2.TemplateSyntaxError) and error.name else "a theme template"
    return f"{where}: {error.message} (theme overrides live in templates/theme/)"


ENGINES: dict[str, Callable[[Path], None]] = {"mkdocs": build_with_mkdocs, "zensical": build_with_zensical}

PAGE_REBUILDERS: dict[str, Callable[[Path, Collection[str]], bool]] = {"mkdocs": rebuild_pages_with_mkdocs}
"""The engines that can build a few pages of a site they built before (each says whether it had to build the whole
site after all); the preview builds the whole site with the others."""
