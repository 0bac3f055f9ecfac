"""Where a project's parts are: like mkdocs, everything is found from the current directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import DecideError


@dataclass(frozen=True)
class Project:
    """The folders one run works on. ``root`` is where paths in messages are shown from."""

    root: Path
    content: Path
    templates: Path
    config: Path
    site: Path
    build: Path

    @classmethod
    def discover(cls, content: Path | None = None, root: Path | None = None) -> Project:
        """The project in ``root`` (default: the current directory), its content optionally elsewhere."""
        root = (root or Path.cwd()).resolve()
        content_folder = (content if content is not None else root / "content").resolve()
        if not content_folder.is_dir():
            where = f"`{content}`" if content is not None else f"`content/` in {root}"
            raise DecideError(
                f"No content folder found at {where}. Run decide in a project folder (one with content/), "
                "or point it at one with --content DIR.",
                exit_code=2,
            )
        return cls(
            root=root,
            content=content_folder,
            templates=root / "templates",
            config=root / "mkdocs.yml",
            site=root / "site",
            build=root / "build",
        )
