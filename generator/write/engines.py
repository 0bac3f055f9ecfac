"""The one place that knows a site engine: the docs tree it gets is engine-neutral."""

from __future__ import annotations

import logging
from pathlib import Path

from generator.diagnostics import DecideError


def build_with_mkdocs(config: Path, docs: Path, site: Path, site_name: str) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        settings = load_config(str(config), docs_dir=str(docs), site_dir=str(site), site_name=site_name, strict=True)
        build(settings)
    except MkDocsException as error:
        raise DecideError(f"mkdocs could not build the site: {error}") from None
