"""Random YAML structure, made of the fields content uses and the values that trip YAML up, only ever gives diagnostics.

test_robustness.py mangles the example's text a few characters at a time; this builds whole files from nothing:
mappings and lists nested at random, under the field names the models know, holding hostile scalars (tags,
impossible dates, huge integers, escapes, aliases), in block and flow style. Whatever comes out, loading and
checking it must end in diagnostics with a position, never an exception.
"""

from __future__ import annotations

import json
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check import check_content
from generator.load import load_content
from tests.conftest import EXAMPLE_CONTENT
from tests.corpus.cases import HOSTILE_NUMBERS, HOSTILE_TEXT

TARGETS = ["offerings/scan-to-ship.yml", "site.yml", "reasons/scan-to-ship.yml", "calculators/scan-to-ship-payback.yml",
           "selectors/where-to-start.yml", "relationship.yml", "actions/book-call.yml"]
FIELDS = ["name", "summary", "body", "problems", "offerings", "options", "id", "label", "url", "threshold", "result", "metric",
          "value", "unit", "inputs", "costs", "benefits", "monthly", "once", "default", "min", "max", "questions", "answers",
          "scores", "bands", "up_to", "kind", "levels", "locale", "currency", "action", "<<", "? x"]
SHORT_HOSTILE = [value for value in [*HOSTILE_TEXT.values(), *HOSTILE_NUMBERS.values()] if len(value) < 200]

scalars = st.one_of(
    st.sampled_from(SHORT_HOSTILE),
    st.text(max_size=12).map(lambda text: json.dumps(text)),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["yes", "no", "~", "''", "&a x", "*a", "- x", "[", "{", "|", ">"]),
)


def trees(leaves: st.SearchStrategy[str]) -> st.SearchStrategy[object]:
    return st.recursive(
        leaves,
        lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.sampled_from(FIELDS), children, max_size=5)),
        max_leaves=25,
    )


def written(node: object, indent: int, flow: bool) -> str:
    """``node`` as YAML text: mappings in block style, lists in block or flow style, scalars as drawn."""
    pad = "  " * indent
    if isinstance(node, dict):
        if not node:
            return "{}"
        return "\n" + "\n".join(f"{pad}{key}: {written(value, indent + 1, flow)}" for key, value in node.items())
    if isinstance(node, list):
        if flow or not node:
            return "[" + ", ".join(written(child, 0, True) if not isinstance(child, dict) else "{}" for child in node) + "]"
        return "\n" + "\n".join(f"{pad}- {written(child, indent + 1, flow).lstrip()}" for child in node)
    return str(node)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(target=st.sampled_from(TARGETS), tree=trees(scalars), flow=st.booleans())
def test_random_structure_gives_diagnostics_not_exceptions(tmp_path_factory, target: str, tree: object, flow: bool) -> None:
    folder = tmp_path_factory.mktemp("content")
    shutil.copytree(EXAMPLE_CONTENT, folder, dirs_exist_ok=True)
    (folder / target).write_text(written(tree, 0, flow).lstrip("\n") + "\n", encoding="utf-8", errors="surrogatepass")

    content, diagnostics = load_content(folder, folder)
    diagnostics += check_content(content)

    for diagnostic in diagnostics:
        assert diagnostic.message and diagnostic.code
        assert diagnostic.line >= 0 and diagnostic.column >= 0
