"""No content, however mangled, makes the loader or the checks raise: every problem is a diagnostic."""

from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check import check_content
from generator.load import load_content
from tests.conftest import EXAMPLE_CONTENT

TARGETS = ["offerings/scan-to-ship.yml", "reasons/close-assist.yml", "mistakes/picking-errors.yml", "site.yml", "relationship.yml"]
TOKENS = [":", ": ", "\t", "-", "- ", "[", "]", "{", "}", "'", '"', "#", "&a", "*a", "!", "|", ">", "%", "@", "`", "\n", "  ",
          "yes", "no", "on", "~", "null", "12", "1.5", "2024-01-01", "<<: *a", "---", "\x00", "\u00e9", "\ufeff"]


@st.composite
def mangled(draw: st.DrawFn, text: str) -> bytes:
    """``text`` after a few random edits made of the characters YAML cares about."""
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["insert", "delete", "duplicate-line"]))
        if edit == "insert":
            text = text[:position] + draw(st.sampled_from(TOKENS)) + text[position:]
        elif edit == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)) :]
        else:
            lines = text.splitlines(keepends=True) or [""]
            index = position % len(lines)
            text = "".join(lines[: index + 1] + lines[index:])
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_mangled_content_gives_diagnostics_not_exceptions(tmp_path_factory, data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("content")
    shutil.copytree(EXAMPLE_CONTENT, folder, dirs_exist_ok=True)
    target = data.draw(st.sampled_from(TARGETS))
    (folder / target).write_bytes(data.draw(mangled((EXAMPLE_CONTENT / target).read_text(encoding="utf-8"))))

    content, diagnostics = load_content(folder, folder)
    diagnostics += check_content(content)

    for diagnostic in diagnostics:
        assert diagnostic.message and diagnostic.code
        assert diagnostic.line >= 0 and diagnostic.column >= 0
