"""Hostile or broken content files end in a clear error with the file named and exit 1: never a traceback, a hang or a blow-up.

Cases that could only go wrong as a process (hang on a FIFO, read /dev/zero forever, expand a billion
laughs, recurse 3,000 levels) run `decide check` in a subprocess under a 1 GiB address-space limit and a
timeout; the rest run in-process through the `check` fixture.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.check.prose import MAX_ELEMENT_DEPTH, MAX_NESTING, MAX_OPENERS, MAX_PARAGRAPH_LINES, markdown_too_complex, removed_by_site
from generator.load.source import MAX_DEPTH, MAX_FILE_BYTES, MAX_TEXT_CHARACTERS
from generator.render.markup import prose
from tests.conftest import PROJECT, problem_at

PROBLEM = "problems/picking-errors.yml"
REASONS = "reasons/scan-to-ship.yml"


def _problem(name: bytes, summary: bytes = b"Wrong items shipped") -> bytes:
    return b"name: " + name + b"\nsummary: " + summary + b"\n"


def _body(markdown: str) -> bytes:
    """A problem whose Markdown body is ``markdown``, written as a YAML block scalar."""
    indented = "\n".join("  " + line if line else "" for line in markdown.split("\n"))
    return b"name: Picking errors\nsummary: Wrong items shipped\nbody: |\n" + indented.encode() + b"\n"


VALUES = [
    pytest.param(_problem(b"2024-13-45"), "E074", 1, 7, "no such date", id="month-13"),
    pytest.param(_problem(b"2023-02-30"), "E074", 1, 7, "no such date", id="february-30"),
    pytest.param(_problem(b"x", b"2023-01-01 10:00:00 +99:99"), "E074", 2, 10, "no such date", id="offset-99"),
    pytest.param(_problem(b"x", b"2023-01-01T25:61:00Z"), "E074", 2, 10, "no such date", id="hour-25"),
    pytest.param(_problem(b"1" * 4301), "E074", 1, 7, "more digits", id="int-4301-digits"),
    pytest.param(b"name: x\nsummary: [" + b"9" * 5000 + b"]\n", "E074", 2, 11, "more digits", id="int-in-list"),
    pytest.param(_problem(b"!!float abc"), "E003", 1, 7, "!!float", id="float-tag"),
    pytest.param(_problem(b"!!int abc"), "E003", 1, 7, "!!int", id="int-tag"),
    pytest.param(_problem(b"!!bool maybe"), "E003", 1, 7, "!!bool", id="bool-tag"),
    pytest.param(_problem(b"!!timestamp nope"), "E003", 1, 7, "!!timestamp", id="timestamp-tag"),
    pytest.param(_problem(b"!!binary aGVsbG8="), "E003", 1, 7, "!!binary", id="binary-tag"),
    pytest.param(_problem(b"!!str text"), "E003", 1, 7, "!!str", id="str-tag"),
    pytest.param(_problem(b"!local text"), "E003", 1, 7, "!local", id="local-tag"),
    pytest.param(_problem(b"x", b"!!set {a, b}"), "E003", 2, 10, "!!set", id="set-tag"),
    pytest.param(b"!!omap\n- name: x\n", "E003", 1, 1, "!!omap", id="tag-on-the-file"),
    pytest.param(_problem(b'"\\ud800"'), "E073", 1, 7, "U+D800", id="lone-surrogate"),
    pytest.param(_problem(b'"Pick\\0ing"'), "E073", 1, 7, "U+0000", id="nul-escape"),
    pytest.param(_problem(b'"\\e[31mred"'), "E073", 1, 7, "U+001B", id="escape-sequence"),
    pytest.param(_problem(b"Pick\x00ing"), "E073", 1, 11, "U+0000", id="nul-byte"),
    pytest.param(_problem(b"x", b"a\x1b[2Jb"), "E073", 2, 11, "U+001B", id="raw-escape-byte"),
    pytest.param(_problem(b"&name Picking errors"), "E070", 1, 7, "anchor", id="anchor"),
    pytest.param(b"name: &a [*a]\nsummary: x\n", "E070", 1, 7, "anchor", id="self-referencing-alias"),
    pytest.param(b"name: x\nsummary: y\nbody: &b text\nstory: *b\n", "E070", 3, 7, "anchor", id="anchor-then-alias"),
    pytest.param(_problem(b"x" * (MAX_TEXT_CHARACTERS + 1)), "E072", 1, 7, "at most 10,000", id="text-too-long"),
    pytest.param(b"name: x\n? " + b"k" * (MAX_TEXT_CHARACTERS + 1) + b"\n: y\n", "E072", 2, 3, "at most 10,000", id="key-too-long"),
    pytest.param(_problem(b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)), "E071", 1, 6 + MAX_DEPTH, "20 levels", id="flow-too-deep"),
    pytest.param(_problem(b"x", b"\n" + b"- " * (MAX_DEPTH + 5) + b"x"), "E071", 3, 1 + 2 * (MAX_DEPTH - 1), "20 levels", id="block-too-deep"),
    pytest.param(b"name: x\nsummary: y\n" + b"#" * MAX_FILE_BYTES + b"\n", "E009", 0, 0, "at most 1,000,000", id="file-over-1-mb"),
]


@pytest.mark.parametrize(("text", "code", "line", "column", "words"), VALUES)
def test_a_value_yaml_cannot_hold_is_reported_at_its_place(check, content: Path, text: bytes, code: str, line: int, column: int, words: str) -> None:
    (content / PROBLEM).write_bytes(text)

    run = check()

    assert run.status == 1
    problem = problem_at(run, f"content/{PROBLEM}", code)
    assert (problem["line"], problem["column"]) == (line, column)
    assert words in problem["message"]


def test_the_text_report_shows_a_line_without_its_control_characters_or_its_whole_length(decide, content: Path) -> None:
    (content / PROBLEM).write_bytes(b"name: x\nsummary: " + b"a" * 5000 + b"\x1b[2J\n")

    run = decide("check", cwd=content.parent)

    assert run.status == 1
    assert "\x1b" not in run.out
    assert "a" * 200 not in run.out
    assert "…aaaa" in run.out


def test_a_file_of_one_long_value_is_described_without_echoing_it(check, content: Path) -> None:
    secret = "root:x:0:0:root:/root:/bin/bash " * 20
    (content / "site.yml").write_text(secret + "\n")

    run = check()

    problem = problem_at(run, "content/site.yml", "E006")
    assert "single value, the text `root:x:0:0:root:/root:/bin/bas…`" in problem["message"]
    assert secret[:40] not in run.out


def _link(target: str):
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


def _folder(path: Path) -> None:
    path.mkdir()


def _socket(path: Path) -> None:
    import socket

    bound = socket.socket(socket.AF_UNIX)
    bound.bind(str(path))
    bound.close()


ENTRIES = [
    pytest.param(PROBLEM, _link("/etc/passwd"), "outside the content folder", id="link-to-etc-passwd"),
    pytest.param("site.yml", _link("/etc/passwd"), "outside the content folder", id="site-links-to-etc-passwd"),
    pytest.param(PROBLEM, _link("../../outside.yml"), "outside the content folder", id="link-out-of-content"),
    pytest.param(PROBLEM, _link("nowhere.yml"), "does not exist", id="broken-link"),
    pytest.param(PROBLEM, _link("picking-errors.yml"), "leads back to itself", id="link-loop"),
    pytest.param(PROBLEM, _folder, "a folder, where a file is expected", id="folder-named-yml"),
    pytest.param("site.yml", _folder, "a folder, where a file is expected", id="site-is-a-folder"),
    pytest.param("problems/late.yml", _socket, "a socket", id="socket"),
    pytest.param("reasons", _link("/etc"), "outside the content folder", id="kind-folder-links-out"),
    pytest.param("reasons", lambda path: path.write_text("x: y\n"), "a file, where a folder is expected", id="kind-folder-is-a-file"),
]


@pytest.mark.parametrize(("entry", "make", "words"), ENTRIES)
def test_only_regular_files_inside_content_are_read(check, decide, content: Path, entry: str, make, words: str) -> None:
    (content.parent / "outside.yml").write_text("name: Leaked secret\nsummary: from outside\n")
    path = content / entry
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    make(path)

    run = check()

    assert run.status == 1
    problem = problem_at(run, f"content/{entry}", "E009")
    assert words in problem["message"]
    as_text = decide("check", cwd=content.parent)
    assert "root:" not in as_text.out and "Leaked secret" not in as_text.out


def test_a_link_that_stays_inside_content_is_followed(check, content: Path) -> None:
    (content / "problems/picking-again.yml").symlink_to("picking-errors.yml")

    run = check()

    assert run.status == 0, run.out


WITHOUT_OVERRIDE = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
"""Root reads any file whatever its permissions; without these two capabilities, it is held to them as anyone is."""


@pytest.mark.skipif(bool(WITHOUT_OVERRIDE) and not shutil.which("setpriv"), reason="as root, only setpriv makes permissions count")
def test_an_unreadable_file_or_folder_is_reported_not_read(content: Path) -> None:
    (content / PROBLEM).chmod(0)
    (content / "offerings").chmod(0)

    finished = subprocess.run(
        [*WITHOUT_OVERRIDE, sys.executable, "-m", "generator", "check", "--content", str(content)],
        cwd=PROJECT, capture_output=True, text=True, timeout=60, check=False,
    )

    assert finished.returncode == 1, finished.stderr
    assert f"content/{PROBLEM}: error E009\n  decide does not read this: decide is not allowed to read this file" in finished.stdout
    assert "content/offerings: error E009\n  decide does not read this: decide is not allowed to read this folder" in finished.stdout
    assert "Traceback" not in finished.stdout + finished.stderr


def _fill(paragraph: str, separator: str = "\n\n") -> str:
    """``paragraph`` repeated up to the text limit."""
    unit = paragraph + separator
    return (unit * (MAX_TEXT_CHARACTERS // len(unit) + 1))[:MAX_TEXT_CHARACTERS].strip()


def _after(head: str) -> str:
    """``head`` then ordinary words, as one paragraph up to the text limit."""
    return (head + "word " * (MAX_TEXT_CHARACTERS // 5))[:MAX_TEXT_CHARACTERS]


WORST_PASSING = {
    "brackets": _after("[" * MAX_OPENERS),
    "bracket-spaces": _after("[ " * MAX_OPENERS),
    "images": _after("![" * MAX_OPENERS),
    "image-links": _after("[![" * (MAX_OPENERS // 2)),
    "open-links": _after("[a](" * MAX_OPENERS),
    "nested-brackets": _after("[" * MAX_OPENERS + "a" + "]" * MAX_OPENERS),
    "brackets-per-paragraph": _fill("[" * MAX_OPENERS),
    "tags": _after("<b " * MAX_OPENERS),
    "autolinks": _after("<https://" * MAX_OPENERS),
    "brackets-and-tags": _after("[" * MAX_OPENERS + "<b " * MAX_OPENERS),
    "escaped-brackets": "\\[" * (MAX_TEXT_CHARACTERS // 2),
    "stars": "*" * MAX_TEXT_CHARACTERS,
    "emphasis-openers": "*a" * (MAX_TEXT_CHARACTERS // 2),
    "emphasis-nested": "*_" * (MAX_TEXT_CHARACTERS // 4) + "_*" * (MAX_TEXT_CHARACTERS // 4),
    "backtick-runs": _fill("".join("`" * width + " " for width in range(1, 130)), ""),
    "backticks": "`a " * (MAX_TEXT_CHARACTERS // 3),
    "setext-headings": _fill("a\n=\n" * (MAX_PARAGRAPH_LINES // 2)),
    "rules": _fill("***\n" * MAX_PARAGRAPH_LINES),
    "quotes": _fill("\n".join([">" * MAX_NESTING + " a"] * MAX_PARAGRAPH_LINES)),
    "lists-on-a-line": _fill("\n".join(["- " * MAX_NESTING + "a"] * MAX_PARAGRAPH_LINES)),
    "indented-lists": _fill("\n".join("    " * (line % MAX_NESTING) + "- a" for line in range(MAX_PARAGRAPH_LINES))),
    "quoted-lists": _fill("\n".join(["> - " * (MAX_NESTING // 2) + "a"] * MAX_PARAGRAPH_LINES)),
    "table": _fill("|a" * 50 + "\n" + "|-" * 50 + "\n" + ("|a" * 50 + "\n") * (MAX_PARAGRAPH_LINES - 2)),
    "link-references": _fill("".join(f"[r{number}]: https://example.com/{number}\n" for number in range(MAX_OPENERS))),
    "parentheses": "(" * MAX_TEXT_CHARACTERS,
    "backslashes": "\\" * MAX_TEXT_CHARACTERS,
    "entities": "&#x" * (MAX_TEXT_CHARACTERS // 3),
    "short-paragraphs": "a\n\n" * (MAX_TEXT_CHARACTERS // 3),
}


@pytest.mark.parametrize("markdown", WORST_PASSING.values(), ids=WORST_PASSING.keys())
def test_a_markdown_field_that_passes_the_check_renders_in_well_under_a_second(markdown: str) -> None:
    assert len(markdown) <= MAX_TEXT_CHARACTERS

    started = time.perf_counter()
    passes = markdown_too_complex(markdown) is None
    removed_by_site(markdown)
    prose(markdown)

    assert passes
    assert time.perf_counter() - started < 1.0


TOO_COMPLEX = [
    pytest.param(">" * (MAX_NESTING + 1) + " a", "nested 9 levels", id="quotes-9-deep"),
    pytest.param("- " * (MAX_NESTING + 1) + "a", "nested 9 levels", id="lists-9-deep"),
    pytest.param("\n".join("    " * level + "- a" for level in range(MAX_NESTING + 1)), "nested 9 levels", id="indented-9-deep"),
    pytest.param("> - " * 300 + "a", "nested 600 levels", id="hundreds-of-levels"),
    pytest.param("a\n" * (MAX_PARAGRAPH_LINES + 1), "201 lines", id="paragraph-of-201-lines"),
    pytest.param("[" * (MAX_OPENERS + 1), "51 `[`", id="51-brackets"),
    pytest.param("[" * 9000, "9000 `[`", id="a-body-of-brackets"),
    pytest.param("![" * (MAX_OPENERS + 1), "51 `[`", id="51-images"),
    pytest.param("<b\n\n" * (MAX_OPENERS + 1), "51 `<`", id="51-tags-over-paragraphs"),
    pytest.param("**" * 2400 + "a" + "**" * 2400, "2401 levels deep", id="strong-2400-deep"),
    pytest.param("*a " * (MAX_ELEMENT_DEPTH + 1) + "a" + " a*" * (MAX_ELEMENT_DEPTH + 1), "34 levels deep", id="emphasis-33-deep"),
]


@pytest.mark.parametrize(("markdown", "words"), TOO_COMPLEX)
def test_markdown_too_complex_to_render_is_refused_by_the_check(check, content: Path, markdown: str, words: str) -> None:
    (content / PROBLEM).write_bytes(_body(markdown))

    started = time.perf_counter()
    run = check()

    assert run.status == 1
    problem = problem_at(run, f"content/{PROBLEM}", "E075")
    assert (problem["field"], words in problem["message"]) == ("body", True)
    assert time.perf_counter() - started < 10


def _billion_laughs() -> bytes:
    lines = [b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]".encode())
    return b"\n".join(lines) + b"\n"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _make_fifo(path: Path) -> None:
    os.mkfifo(path)


PROCESS_CASES = [
    pytest.param(PROBLEM, _billion_laughs(), "E070", id="billion-laughs"),
    pytest.param(PROBLEM, b"name: " + b"[" * 900 + b"]" * 900 + b"\n", "E071", id="900-brackets"),
    pytest.param(PROBLEM, b"name: x\nsummary:\n" + b"- " * 3000 + b"x\n", "E071", id="3000-block-levels"),
    pytest.param(PROBLEM, b"[" * (MAX_FILE_BYTES - 1), "E071", id="a-megabyte-of-brackets"),
    pytest.param(PROBLEM, b"".join(b" " * level + b"k:\n" for level in range(1300)), "E071", id="1300-indented-fields"),
    pytest.param(PROBLEM, _link("/dev/zero"), "E009", id="link-to-dev-zero"),
    pytest.param(PROBLEM, _make_fifo, "E009", id="fifo"),
    pytest.param("site.yml", _make_fifo, "E009", id="site-is-a-fifo"),
]


@pytest.mark.parametrize(("entry", "written", "code"), PROCESS_CASES)
def test_hostile_files_end_quickly_within_a_gigabyte(content: Path, entry: str, written, code: str) -> None:
    path = content / entry
    path.unlink()
    if isinstance(written, bytes):
        path.write_bytes(written)
    else:
        written(path)

    finished = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(content)],
        cwd=PROJECT, capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory, check=False,
    )

    assert finished.returncode == 1, finished.stderr
    assert f"content/{entry}" in finished.stdout and f"error {code}" in finished.stdout
    assert "Traceback" not in finished.stdout + finished.stderr
