"""The one place that knows the site engines: each builds the folder that holds a generated ``mkdocs.yml``.

Material for MkDocs reaches end of life in 2027 and Zensical, its successor,
reads the same configuration and docs tree, so both are here behind one
signature and nothing else in decide depends on either.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2

from generator.diagnostics import DecideError


class _Complaints(logging.Handler):
    """Keeps what mkdocs logs as a warning or error: its exceptions only say that it aborted, the log says why."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_with_mkdocs(config: Path) -> None:
    """In-process, so the preview's rebuilds skip starting Python and importing the theme again."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    complaints = _Complaints()
    logger.setLevel(logging.WARNING)
    logger.addHandler(complaints)
    logger.propagate = False
    try:
        build(load_config(str(config), strict=True))
    except MkDocsException as error:
        reasons = "".join(f"\n  {message}" for message in complaints.messages)
        raise DecideError(f"mkdocs could not build the site: {error}{reasons}") from None
    except jinja2.TemplateError as error:
        raise DecideError(f"mkdocs could not build the site: {_theme_template_error(error)}") from None
    finally:
        logger.removeHandler(complaints)


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
