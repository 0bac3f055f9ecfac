"""Step four: content and what was computed from it, to a docs tree of Markdown pages, through Jinja2 templates.

Templates get the content and nothing else; they loop and format, they do not
decide. The environment is strict (a missing field fails the build) and
autoescaping; text fields go through ``plain`` and Markdown fields through
``prose`` (see ``markup``), so content cannot become markup by accident.
"""

from generator.render.pages import DocsTree, render_docs
from generator.render.templating import NextAction

__all__ = ["DocsTree", "NextAction", "render_docs"]
