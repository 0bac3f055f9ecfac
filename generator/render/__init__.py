"""Step three: content models to the pages of a docs tree, through Jinja2 templates.

Templates get the content and nothing else; they loop and format, they do not
decide. The environment is strict (a missing field fails the build) and
autoescaping (content text cannot become markup by accident).
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.load import Content


def environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_pages(content: Content, templates: Path) -> dict[str, str]:
    """The docs tree as ``{relative path: Markdown text}``."""
    pages = environment(templates)
    return {"index.md": pages.get_template("pages/index.md.j2").render(content=content)}
