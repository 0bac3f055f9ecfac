"""The bad-input corpus: hundreds of ways a marketer's typo, a spreadsheet's export or a crafted file can go wrong.

Each case starts from a copy of the example project and changes one thing: a hostile value in a field, a
structure no content needs, a file that is not a regular file, a number past its bound, a formula past its
limits, a selector too large to walk, a CSV no batch should trust. ``tests/corpus/runner.py`` runs every case as
the real ``decide`` would run, under a memory and a time limit, and ``tests/test_corpus.py`` holds each to the
promise: exit 1, the guilty file named, no traceback, no NaN, nothing a user has overwritten.

Run ``python -m tests.corpus.cases --out DIR`` to write every case's project folder, to look at one by hand.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
EXAMPLE_CONTENT = PROJECT / "tests" / "example" / "content"

Setup = Callable[[Path], None]
"""Changes a fresh copy of the example project (its root folder) into the case."""


@dataclass(frozen=True)
class Case:
    name: str
    names: str
    """What the report must name: the file to fix (its path from the project's root), or the figure to change."""
    setup: Setup
    args: tuple[str, ...] = ("check",)
    watched: str | None = None
    """A folder (relative to the project) whose files must be exactly as they were after the run."""
    status: int = 1
    """The exit status expected: 1 for bad content or figures, 2 for a misused command."""


# --- ways to change a project -------------------------------------------------------------------------------


def set_line(relative: str, pattern: str, replacement: str) -> Setup:
    """Replaces the first line matching ``pattern`` (a regular expression for a whole line) with ``replacement``."""

    def setup(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        changed, count = re.subn(pattern, lambda _: replacement, text, count=1, flags=re.MULTILINE)
        if not count:
            raise LookupError(f"{relative} has no line matching {pattern!r}")
        path.write_text(changed, encoding="utf-8")

    return setup


def write_bytes(relative: str, data: bytes) -> Setup:
    def setup(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.is_file():
            path.unlink()
        path.write_bytes(data)

    return setup


def write_text(relative: str, text: str | Callable[[], str]) -> Setup:
    """Writes ``text``, or what ``text()`` makes: the largest cases are made only when they run."""

    def setup(root: Path) -> None:
        written = text() if callable(text) else text
        write_bytes(relative, written.encode("utf-8", errors="surrogatepass"))(root)

    return setup


def symlink(relative: str, target: str | Callable[[Path], Path]) -> Setup:
    """A symbolic link at ``relative``, to a fixed path or to one made from the project's root."""

    def setup(root: Path) -> None:
        path = root / relative
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        path.symlink_to(target(root) if callable(target) else target)

    return setup


def fifo(relative: str) -> Setup:
    def setup(root: Path) -> None:
        os.mkfifo(root / relative)

    return setup


def unix_socket(relative: str) -> Setup:
    def setup(root: Path) -> None:
        """Bound at a short path and moved into place: a socket's path holds at most 107 bytes, and a test's folder
        (``/tmp/pytest-of-root/pytest-349/test_every_corpus_file…/``) can take most of them."""
        with tempfile.TemporaryDirectory(prefix="sock-") as short, socket.socket(socket.AF_UNIX) as listening:
            listening.bind(os.path.join(short, "s"))
            os.rename(os.path.join(short, "s"), root / relative)

    return setup


def folder(relative: str) -> Setup:
    def setup(root: Path) -> None:
        path = root / relative
        if path.is_file():
            path.unlink()
        path.mkdir()

    return setup


def outside_file(name: str, text: str) -> Callable[[Path], Path]:
    """A file beside the project, not inside its content folder."""

    def make(root: Path) -> Path:
        path = root.parent / f"{root.name}-outside" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return make


def unchanged(root: Path) -> None:
    """The example as it is: the case lies in the command's arguments."""


def both(*setups: Setup) -> Setup:
    def setup(root: Path) -> None:
        for each in setups:
            each(root)

    return setup


# --- the places a hostile value goes --------------------------------------------------------------------------

OFFERING = "content/offerings/scan-to-ship.yml"
PROBLEM = "content/problems/picking-errors.yml"
CALCULATOR = "content/calculators/scan-to-ship-payback.yml"
CALCULATOR_ID = "scan-to-ship-payback"
SELECTOR = "content/selectors/where-to-start.yml"
REASONS = "content/reasons/scan-to-ship.yml"
RELATIONSHIP = "content/relationship.yml"


@dataclass(frozen=True)
class Slot:
    """One field of one file, found by the line that holds it; ``template`` writes the line with a new value."""

    name: str
    file: str
    pattern: str
    template: str

    def holding(self, value: str) -> Setup:
        return set_line(self.file, self.pattern, self.template.format(value))


TEXT_SLOTS = [
    Slot("site-name", "content/site.yml", r"^name: .*$", "name: {}"),
    Slot("offering-name", OFFERING, r"^name: .*$", "name: {}"),
    Slot("problem-name", PROBLEM, r"^name: .*$", "name: {}"),
    Slot("action-label", "content/actions/book-call.yml", r"^label: .*$", "label: {}"),
    Slot("reason-result", REASONS, r"^- result: .*$", "- result: {}"),
    Slot("mistake-title", "content/mistakes/picking-errors.yml", r"^- title: .*$", "- title: {}"),
    Slot("calculator-title", CALCULATOR, r"^title: .*$", "title: {}"),
    Slot("input-label", CALCULATOR, r"^    label: Pickers on a typical shift$", "    label: {}"),
    Slot("selector-title", SELECTOR, r"^title: .*$", "title: {}"),
    Slot("relationship-title", RELATIONSHIP, r"^title: .*$", "title: {}"),
]

NUMBER_SLOTS = [
    Slot("input-default", CALCULATOR, r"^    default: 12$", "    default: {}"),
    Slot("input-max", CALCULATOR, r"^    max: 200$", "    max: {}"),
    Slot("input-min", CALCULATOR, r"^    min: 10$", "    min: {}"),
    Slot("input-step", CALCULATOR, r"^    step: 0\.5$", "    step: {}"),
    Slot("horizon", CALCULATOR, r"^horizon_months: 36$", "horizon_months: {}"),
    Slot("metric-value", REASONS, r"^    value: 1\.6$", "    value: {}"),
    Slot("metric-before", REASONS, r"^    before: 1\.9$", "    before: {}"),
    Slot("min-score", SELECTOR, r"^min_score: 2$", "min_score: {}"),
]

HUGE_INTEGER = "9" * 4301
"""One digit past Python's limit for reading an integer from text."""

HOSTILE_TEXT = {
    "impossible-date": "2024-13-45",
    "february-30": "2023-02-30",
    "bad-offset": "2024-01-01T10:00:00+99:99",
    "float-tag": "!!float abc",
    "int-tag": "!!int abc",
    "bool-tag": "!!bool maybe",
    "timestamp-tag": "!!timestamp nope",
    "binary-tag": "!!binary '###'",
    "python-tag": "!!python/object/apply:os.system ['true']",
    "set-tag": "!!set {a, b}",
    "local-tag": "!shout hello",
    "lone-surrogate": '"\\ud800 text"',
    "nul-escape": '"before\\0after"',
    "raw-nul": "before\x00after",
    "escape-character": '"colour \\e[31m red"',
    "huge-integer": HUGE_INTEGER,
    "undefined-alias": "*nowhere",
    "mapping": "{a: 1}",
    "list": "[one, two]",
    "null": "~",
}

HOSTILE_NUMBERS = {
    "huge": "1.0e+25",
    "huge-negative": "-1.0e+25",
    "four-hundred-digits": "1" + "0" * 400,
    "past-float": "1e400",
    "infinity": ".inf",
    "not-a-number": ".nan",
    "bad-float-tag": "!!float abc",
    "impossible-date": "2024-13-45",
    "huge-integer": HUGE_INTEGER,
    "arabic-digits": "\u0661\u0662",
    "twenty-digits": "99999999999999999999",
}


def value_cases() -> Iterator[Case]:
    for slot in TEXT_SLOTS:
        for name, value in HOSTILE_TEXT.items():
            yield Case(f"text-{name}-in-{slot.name}", slot.file, slot.holding(value))
    for slot in NUMBER_SLOTS:
        for name, value in HOSTILE_NUMBERS.items():
            yield Case(f"number-{name}-in-{slot.name}", slot.file, slot.holding(value))


# --- structure no content needs --------------------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    return "\n".join(lines) + f"\nname: *a{levels - 1}\n"


def block_mappings(depth: int) -> str:
    return "".join(f"{'  ' * level}a:\n" for level in range(depth)) + f"{'  ' * depth}b: 1\n"


def block_lists(depth: int) -> str:
    return "".join(f"{'  ' * level}-\n" for level in range(depth)) + f"{'  ' * depth}- x\n"


def markdown_body(text: str) -> str:
    """A ``body:`` block holding ``text`` (each of its lines indented under the key)."""
    return "body: |\n" + "".join(f"  {line}\n" for line in text.splitlines())


def offering_with_body(text: str) -> str:
    original = (EXAMPLE_CONTENT / "offerings/scan-to-ship.yml").read_text(encoding="utf-8")
    before_body = original.split("\nbody: |\n")[0]
    return before_body + "\n" + markdown_body(text)


STRUCTURES: dict[str, str | Callable[[], str]] = {
    "billion-laughs": billion_laughs(),
    "small-laughs": billion_laughs(3),
    "self-alias": "name: &loop [*loop]\nsummary: x\n",
    "alias-of-text": "name: &n Scanners\nsummary: *n\nproblems: [picking-errors]\n",
    "merge-key": "base: &b {name: x}\n<<: *b\nsummary: y\n",
    "deep-flow-lists": "name: " + "[" * 900 + "]" * 900 + "\n",
    "deep-flow-lists-unclosed": "name: " + "[" * 900 + "\n",
    "deep-flow-mappings": "name: " + "{a: " * 900 + "1" + "}" * 900 + "\n",
    "deep-block-mappings": block_mappings(3000),
    "deep-block-lists": block_lists(3000),
    "many-documents": "name: a\n---\nname: b\n" * 200,
    "only-a-document-marker": "---\n...\n",
    "huge-text": lambda: "name: x\nsummary: " + "word " * 400_000 + "\n",
    "huge-file": lambda: "name: x\nsummary: y\nproblems: [picking-errors]\n" + "# a long comment line\n" * 600_000,
    "long-line": lambda: "name: " + "x" * 5_000_000 + "\n",
    "many-keys": lambda: "".join(f"key{number}: {number}\n" for number in range(100_000)),
    "long-list": lambda: "name: x\nsummary: y\nproblems: [" + ", ".join(["picking-errors"] * 200_000) + "]\n",
    "utf-16": "name: Scanners\nsummary: y\n".encode("utf-16").decode("latin-1"),
    "byte-order-mark-twice": "\ufeff\ufeffname: x\n",
}

MARKDOWN = {
    "markdown-brackets": "[" * 30_000,
    "markdown-link-brackets": "[a](" * 8_000,
    "markdown-image-brackets": "![" * 15_000,
    "markdown-emphasis": "*" * 30_000,
    "markdown-emphasis-words": "*a **b " * 5_000,
    "markdown-backticks": "`" * 30_000,
    "markdown-angles": "<" * 30_000,
    "markdown-quotes": "> " * 500 + "deep",
    "markdown-nested-lists": "\n".join("    " * level + "- item" for level in range(400)),
    "markdown-nested-html": "<div>" * 2_000 + "x" + "</div>" * 2_000,
    "markdown-references": "\n".join(f"[r{n}]: /a{n}" for n in range(20_000)),
    "markdown-underscores": "_" * 30_000,
}


def as_list_entry(text: str | Callable[[], str]) -> Callable[[], str]:
    """The same fields as the first entry of a list file."""
    return lambda: "- " + (text() if callable(text) else text).replace("\n", "\n  ")


def structure_cases() -> Iterator[Case]:
    for name, text in STRUCTURES.items():
        yield Case(f"structure-{name}-in-offering", OFFERING, write_text(OFFERING, text))
    for name in ("billion-laughs", "self-alias", "deep-flow-lists", "deep-block-mappings", "huge-file"):
        yield Case(f"structure-{name}-in-site", "content/site.yml", write_text("content/site.yml", STRUCTURES[name]))
        yield Case(f"structure-{name}-in-reasons", REASONS, write_text(REASONS, as_list_entry(STRUCTURES[name])))
    for name, text in MARKDOWN.items():
        yield Case(f"{name}-in-offering-body", OFFERING, write_text(OFFERING, offering_with_body(text)))


# --- files that are not regular files inside content/ ----------------------------------------------------------

VALID_PROBLEM = "name: A problem from outside\nsummary: This file lives outside the content folder.\n"


def file_cases() -> Iterator[Case]:
    offerings = "content/offerings"
    yield Case("file-fifo-offering", f"{offerings}/piped.yml", fifo(f"{offerings}/piped.yml"))
    yield Case("file-fifo-site", "content/site.yml", both(lambda root: (root / "content/site.yml").unlink(), fifo("content/site.yml")))
    yield Case("file-socket-problem", "content/problems/socket.yml", unix_socket("content/problems/socket.yml"))
    yield Case("file-dev-zero-offering", f"{offerings}/zero.yml", symlink(f"{offerings}/zero.yml", "/dev/zero"))
    yield Case("file-dev-zero-site", "content/site.yml", symlink("content/site.yml", "/dev/zero"))
    yield Case("file-dev-null-relationship", RELATIONSHIP, symlink(RELATIONSHIP, "/dev/null"))
    yield Case("file-dev-urandom-reasons", "content/reasons/random.yml", symlink("content/reasons/random.yml", "/dev/urandom"))
    yield Case("file-passwd-offering", f"{offerings}/passwd.yml", symlink(f"{offerings}/passwd.yml", "/etc/passwd"))
    yield Case("file-passwd-site", "content/site.yml", symlink("content/site.yml", "/etc/passwd"))
    yield Case("file-outside-problem", "content/problems/outside.yml", symlink("content/problems/outside.yml", outside_file("outside.yml", VALID_PROBLEM)))
    yield Case("file-outside-relative", "content/problems/climb.yml", symlink("content/problems/climb.yml", "../../../../../../etc/hostname"))
    yield Case("file-broken-symlink", "content/problems/gone.yml", symlink("content/problems/gone.yml", "/nonexistent/gone.yml"))
    yield Case("file-symlink-loop", "content/problems/loop.yml", symlink("content/problems/loop.yml", "loop.yml"))
    yield Case("file-folder-named-yml", f"{offerings}/folder.yml", folder(f"{offerings}/folder.yml"))
    yield Case("file-site-is-folder", "content/site.yml", folder("content/site.yml"))
    yield Case("file-relationship-is-folder", RELATIONSHIP, folder(RELATIONSHIP))
    yield Case("file-offerings-folder-outside", "content/problems", symlink("content/problems", "/etc"))
    yield Case("file-offerings-folder-to-dev", "content/mistakes", symlink("content/mistakes", "/dev"))
    yield Case("file-not-utf8", PROBLEM, write_bytes(PROBLEM, b"name: caf\xe9\nsummary: x\n"))
    yield Case("file-binary", PROBLEM, write_bytes(PROBLEM, bytes(range(256)) * 64))
    yield Case("file-empty", PROBLEM, write_bytes(PROBLEM, b""))
    yield Case("file-only-nul", PROBLEM, write_bytes(PROBLEM, b"\x00" * 4096))


# --- numbers and formulas --------------------------------------------------------------------------------------

FORMULA_LINE = r"^    monthly: pickers \* 39$"


def formula(text: str) -> Setup:
    return set_line(CALCULATOR, FORMULA_LINE, f"    monthly: {text}")


def nested_calls(function: str, depth: int, tail: str) -> str:
    return f"{function}(" * depth + "pickers" + tail * depth


FORMULAS = {
    "nested-parentheses": "(" * 200 + "pickers" + ")" * 200,
    "deep-parentheses": "(" * 5_000 + "pickers" + ")" * 5_000,
    "thousand-terms": " + ".join(["pickers"] * 1_000),
    "many-terms": " * ".join(["pickers"] * 20_000),
    "minus-signs": "-" * 5_000 + "pickers",
    "nested-min": nested_calls("min", 1_000, ", 1)"),
    "nested-max": nested_calls("max", 1_000, ", 2)"),
    "nested-if": nested_calls("if", 1_000, ", 1, 2)"),
    "nested-round": nested_calls("round", 1_000, ", 1)"),
    "four-hundred-digit-literal": "pickers * 1" + "0" * 400,
    "huge-literal": "pickers * 1.0e25",
    "literal-past-bound": "pickers * 10000000000000",
    "arabic-digits": "pickers * \u0661\u0662",
    "fullwidth-digits": "pickers * \uff11\uff12",
    "superscript": "pickers\u00b2",
    "devanagari-digits": "\u0967\u0968 + pickers",
    "exponent": "pickers * 1e3",
    "power": "pickers ** 2",
    "caret": "pickers ^ 2",
    "python-call": "__import__('os').system('true')",
    "attribute": "pickers.real",
    "subscript": "pickers[0]",
    "string": "'39' * pickers",
    "lambda": "(lambda: 1)()",
    "unknown-name": "pickerz * 39",
    "chained-comparison": "1 < pickers < 3",
    "empty-call": "min()",
    "round-digits": "round(pickers, 99)",
    "long-formula": "pickers + " * 30_000 + "1",
    "overflows-with-defaults": "pickers * 999999999999 * 999999999999",
    "unbalanced": "(pickers * 39",
    "nul": "pickers \x00 * 39",
}


def formula_cases() -> Iterator[Case]:
    for name, text in FORMULAS.items():
        yield Case(f"formula-{name}", CALCULATOR, formula(text))
    # Within range at the default 300 order lines (3e14), past it at the largest, 20,000 (2e16): the cost is named.
    overflowing = formula("order_lines * 1000000000000")
    too_large = "Licences and support"
    yield Case("calc-overflows-at-max", too_large, overflowing, ("calc", CALCULATOR_ID, "--set", "order_lines=20000"))
    yield Case("calc-overflows-at-max-json", too_large, overflowing, ("calc", CALCULATOR_ID, "--format", "json", "--set", "order_lines=20000"))
    worksheet = ("worksheet", "break-even", CALCULATOR_ID, "--prospect", "Acme", "--set", "order_lines=20000", "-o", "out/acme.pdf")
    yield Case("worksheet-overflows-at-max", too_large, both(overflowing, folder("out")), worksheet, watched="out")
    for name, value in {"exponent": "1e3", "infinity": "inf", "nan": "nan", "huge": "9" * 400, "arabic": "\u0661\u0662",
                        "fullwidth": "\uff11\uff12", "empty": "", "nul": "1\x002"}.items():
        yield Case(f"calc-typed-{name}", "pickers", unchanged, ("calc", CALCULATOR_ID, "--set", f"pickers={value}"), status=2 if not value else 1)


def selector_scores(value: str) -> Setup:
    return set_line(SELECTOR, r"^        scores: \{stock-planner: 3\}$", f"        scores: {{stock-planner: {value}}}")


def many_answers(count: int, kind: str = "many") -> Setup:
    """A question with ``count`` answers added to the example selector."""
    answers = "".join(f"      - id: answer-{number}\n        label: Answer {number}\n        scores: {{care-plan: 1}}\n" for number in range(count))

    def setup(root: Path) -> None:
        path = root / SELECTOR
        path.write_text(path.read_text(encoding="utf-8") + f"  - id: extra\n    text: One more question?\n    kind: {kind}\n    answers:\n{answers}", encoding="utf-8")

    return setup


def selector_cases() -> Iterator[Case]:
    for name, value in {"huge": "1.0e+25", "huge-integer": HUGE_INTEGER, "infinity": ".inf", "fraction": "0.5", "text": "lots"}.items():
        yield Case(f"selector-score-{name}", SELECTOR, selector_scores(value))
    yield Case("selector-many-5000-answers", SELECTOR, many_answers(5_000))
    yield Case("selector-one-5000-answers", SELECTOR, many_answers(5_000, "one"))
    yield Case("selector-many-40-answers", SELECTOR, many_answers(40))


def locale_cases() -> Iterator[Case]:
    site = Slot("locale", "content/site.yml", r"^locale: .*$", "locale: {}")
    for name, value in {"root": "root", "dangling": "en-", "underscore": "en_GB", "overlong": "en-" + "a" * 300, "unknown": "zz-ZZ",
                        "number": "42", "empty": '""', "spaces": '"en GB"', "script-only": "Latn"}.items():
        yield Case(f"locale-{name}", "content/site.yml", site.holding(value))


# --- CSV files of prospects ------------------------------------------------------------------------------------

BATCH = ("worksheet", "break-even", CALCULATOR_ID, "--from", "prospects.csv", "--out-dir", "out")


def csv_file(text: str | bytes | Callable[[], str]) -> Setup:
    if isinstance(text, bytes):
        return both(write_bytes("prospects.csv", text), folder("out"))
    return both(write_text("prospects.csv", text), folder("out"))


def existing_pdf(name: str) -> Setup:
    return write_bytes(f"out/{name}", b"%PDF-1.7 a proposal someone already sent\n")


def csv_cases() -> Iterator[Case]:
    good = "prospect,pickers\nAcme Ltd,20\nBeta plc,30\n"
    cases: dict[str, str | bytes | Callable[[], str]] = {
        "huge-cell": "prospect,pickers\n" + "A" * 200_000 + ",20\n",
        "unterminated-quote": 'prospect,pickers\n"Acme,12\nBeta plc,30\nGamma,40\n',
        "nul-in-figure": "prospect,pickers\nAcme,2\x000\n",
        "not-utf8": b"prospect,pickers\nCaf\xe9,20\n",
        "repeated-column": "prospect,pickers,PICKERS\nAcme,20,30\n",
        "no-prospect-column": "name,pickers\nAcme,20\n",
        "only-header": "prospect,pickers\n",
        "empty": "",
        "figure-out-of-range": "prospect,pickers\nAcme,100000\n",
        "figure-not-a-number": "prospect,pickers\nAcme,lots\n",
        "figure-infinity": "prospect,pickers\nAcme,inf\n",
        "binary": bytes(range(256)) * 16,
        "huge-file": lambda: "prospect,pickers\n" + "Acme,20\n" * 4_000_000,
        "many-columns": "prospect," + ",".join(f"c{n}" for n in range(50_000)) + "\nAcme\n",
    }
    for name, text in cases.items():
        yield Case(f"csv-{name}", "prospects.csv", csv_file(text), BATCH, watched="out")
    yield Case("csv-from-fifo", "prospects.csv", both(fifo("prospects.csv"), folder("out")), BATCH, watched="out")
    yield Case("csv-from-dev-zero", "prospects.csv", both(symlink("prospects.csv", "/dev/zero"), folder("out")), BATCH, watched="out")
    yield Case("csv-from-folder", "prospects.csv", both(folder("prospects.csv"), folder("out")), BATCH, watched="out")
    yield Case("csv-overwrites-existing", "Acme-Ltd.pdf", both(csv_file(good), existing_pdf("Acme-Ltd.pdf")), BATCH, watched="out")
    yield Case("csv-overwrites-second", "Beta-plc.pdf", both(csv_file(good), existing_pdf("Beta-plc.pdf")), BATCH, watched="out")
    target = outside_file("precious.txt", "Someone's notes, not to be replaced.\n")
    yield Case("csv-symlink-in-out-dir", "Acme-Ltd.pdf", both(csv_file(good), symlink("out/Acme-Ltd.pdf", target)), BATCH, watched="out")


BUILT = ("number-huge-in-metric-value", "text-lone-surrogate-in-offering-name", "markdown-brackets-in-offering-body", "file-outside-problem",
         "file-passwd-offering", "formula-overflows-with-defaults", "formula-four-hundred-digit-literal", "locale-root", "selector-many-5000-answers")
"""Cases that today's check lets through to the build, or whose harm is in what a build publishes: built as well as checked."""


def build_cases(checked: list[Case]) -> Iterator[Case]:
    """The same content given to ``decide build``: it must refuse it and write no site/."""
    by_name = {case.name: case for case in checked}
    for name in BUILT:
        case = by_name[name]
        yield Case(f"build-{name}", case.names, case.setup, ("build",), watched="site")


def all_cases() -> list[Case]:
    cases = [
        *value_cases(), *structure_cases(), *file_cases(), *formula_cases(), *selector_cases(), *locale_cases(), *csv_cases(),
    ]
    cases += build_cases(cases)
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "every case needs its own name"
    return cases


def make_project(case: Case, parent: Path) -> Path:
    """A copy of the example project with ``case`` applied, in ``parent/<case name>``."""
    root = parent / case.name
    root.mkdir(parents=True)
    shutil.copytree(EXAMPLE_CONTENT, root / "content")
    for name in ("templates",):
        (root / name).symlink_to(PROJECT / name)
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    case.setup(root)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description="Write every bad-input case as a project folder, to run or look at by hand.")
    parser.add_argument("--out", type=Path, required=True, help="An empty or new folder.")
    parser.add_argument("--only", default="", help="Only cases whose name contains this.")
    arguments = parser.parse_args()
    for case in all_cases():
        if arguments.only in case.name:
            make_project(case, arguments.out)
            print(f"{case.name}: decide {' '.join(case.args)}  (names {case.names})")


if __name__ == "__main__":
    main()
