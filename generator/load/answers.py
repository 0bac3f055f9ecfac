"""Everyone's answers about a relationship, for the account report: a CSV file or ``.xlsx`` workbook with a row per
person, or a text file of the links the assessment page emails, a link per customer-side person.

Which one a file is: an ``.xlsx`` is a workbook; any other file is read as text, and is a file of links when its
first line that is neither blank nor a ``#`` comment starts with an address (``https://``, ``http://`` or
``file://``), else CSV. A row and a link carry the same keys (``name``, ``role``, ``side``, ``today``, ``desired``,
``change``, ``moment``, a touchpoint's id with our rating and ``<id>_leader`` with the leading competitor's), matched
in any case, with spaces, hyphens and underscores alike, as the prospects' columns are.

The file is read by the rules every list decide takes (``generator.load.prospects``: size, UTF-8, quotes, a
workbook's bounds) and each text by the content's (``scalar_problem``: length, control characters; a name on one
line, as a prospect's). A row or link that cannot be used is skipped and reported at its line; a key no answer has is
listed once; the texts stay as written (plain text: the render escapes them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from generator.compute.account import Answer, Side
from generator.diagnostics import DecideError
from generator.load.models import Relationship
from generator.load.prospects import LONGEST_NAME, LONGEST_ROW, OTHER_WORKBOOKS, WORKBOOK_SUFFIXES, RowProblem, one_line, prospect_name, sheet_of
from generator.load.source import NotReadable, decode_text, read_regular_file, scalar_problem
from generator.load.spreadsheets import column_name
from generator.load.validation import did_you_mean

LARGEST_FILE = 5_000_000
"""Bytes: the most people a file takes, each with a long change and moment, is about 1 MB; five leaves room for a workbook's XML."""
MOST_PEOPLE = 1_000
"""Rows or links in one file: an account's stakeholders are a handful to a few dozen; a thousand is a mistake (a whole CRM export)."""
RATINGS = range(1, 6)
ADDRESS = re.compile(r"(?:https?|file)://", re.IGNORECASE)
ASSESSMENT_PATHS = ("/assessment/", "/assessment", "/assessment/index.html")
"""How an assessment page's address ends: served (``/assessment/``, ``/el/assessment/``) or opened from the built site's files."""
TEXTS = ("role", "change", "moment")
REQUIRED = ("name", "today", "desired")


@dataclass(frozen=True)
class AnswerFile:
    """The answers of a file that could be used, the rows or links that could not, and the keys no answer uses."""

    source: Path
    answers: list[Answer]
    skipped: list[RowProblem]
    ignored: list[str] = field(default_factory=list)
    hints: str = ""
    """Did-you-mean sentences for ignored keys close to one an answer has: a typo in a column would drop its ratings unseen."""
    in_workbook: bool = False

    def shown(self, skipped: RowProblem) -> str:
        """``answers.csv:5: …`` (a workbook's ``answers.xlsx, row 5: …``), as decide places every message."""
        return skipped.shown(str(self.source), self.in_workbook)

    def ignored_note(self) -> str | None:
        """The one line naming the keys left out, e.g. a spreadsheet's ``email`` column; None when there were none."""
        if not self.ignored:
            return None
        return f"Ignored {'a key' if len(self.ignored) == 1 else 'keys'} the answers do not have: {', '.join(f'`{name}`' for name in self.ignored)}.{self.hints}"


def read_answers(path: Path, relationship: Relationship) -> AnswerFile:
    """Everyone's answers in ``path`` (see the module's note for which kind of file it is), checked against the
    relationship's levels and touchpoints. A file none of whose rows or links can be used is a DecideError."""
    suffix = path.suffix.lower()
    if suffix in OTHER_WORKBOOKS:
        raise DecideError(f"{path}: decide reads answers from a .csv file, an .xlsx workbook, or a text file of links; save the answers as one of those.", exit_code=2)
    raw = _contents(path)
    in_workbook = suffix in WORKBOOK_SUFFIXES
    keys = _Keys(relationship)
    if not in_workbook and _is_links(path, raw):
        people = _links(path, raw, keys)
    else:
        people = _rows(path, raw, keys)
    found = _People(relationship, "row" if in_workbook else "line")
    for line, values in people:
        found.add(path, line, values)
    read = AnswerFile(path, found.answers, found.skipped, keys.ignored, keys.hints(), in_workbook)
    if not found.answers:
        said = "".join(f"\n  {read.shown(skipped)}" for skipped in found.skipped)
        raise DecideError(
            f"{path} has no answers decide can use{':' if said else '.'}{said}\nWrite a row per person (name, today, desired, …) or a link per line, as the README's account report shows."
        )
    return read


def _contents(path: Path) -> bytes:
    try:
        return read_regular_file(path, LARGEST_FILE)
    except NotReadable as why:
        raise DecideError(f"{path} cannot be read as answers: {why}", exit_code=2 if not path.exists() else 1) from None


def _is_links(path: Path, raw: bytes) -> bool:
    """Whether the file's first line that says anything is an address: then each line is a link, else a CSV row."""
    text = _text(path, raw)
    first = next((line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")), "")
    return ADDRESS.match(first.lstrip("<")) is not None


def _text(path: Path, raw: bytes) -> str:
    text, problem = decode_text(raw, str(path))
    if problem is not None:
        raise DecideError(f"{path}:{problem.line}: {problem.message}")
    return text


class _Keys:
    """The keys an answer has, by the form every header and query key is matched in, and those met that it has not."""

    def __init__(self, relationship: Relationship) -> None:
        touchpoints = [touchpoint.id for touchpoint in relationship.touchpoints]
        known = ["name", "role", "side", "today", "desired", "change", "moment", *touchpoints, *(f"{id}_leader" for id in touchpoints)]
        self.known = {column_name(key): key for key in known}
        self.ignored: list[str] = []

    def key(self, written: str) -> str | None:
        """The answer's key ``written`` stands for; None (and listed once) when it is none of them."""
        key = self.known.get(column_name(written))
        shown = one_line(written)
        if key is None and shown and shown not in self.ignored:
            self.ignored.append(shown)
        return key

    def hints(self) -> str:
        return "".join(did_you_mean(column_name(name), self.known) for name in self.ignored)


Values = dict[str, str]
"""One person's answers as written, by key; a key without a value is not in it."""


def _rows(path: Path, raw: bytes, keys: _Keys) -> Iterator[tuple[int, Values | RowProblem]]:
    """Each row after the header as its values, or as what is wrong with it (a filled cell under no column name)."""
    sheet = sheet_of(path, raw)
    header = next(sheet.rows, None)
    if header is None or not any(cell.strip() for cell in header[1]):
        raise DecideError(f"{path} is empty: its first {sheet.line} must name the columns, e.g. name,role,side,today,desired,change.")
    columns = {number: keys.key(cell) for number, cell in enumerate(header[1]) if cell.strip()}
    named = [key for key in columns.values() if key]
    repeated = sorted({key for key in named if named.count(key) > 1})
    if repeated:
        raise DecideError(f"{path} names the column {', '.join(f'`{key}`' for key in repeated)} more than once; keep one of each.")
    missing = [key for key in REQUIRED if key not in named]
    if missing:
        raise DecideError(f"{path} has no {', '.join(f'`{key}`' for key in missing)} column: its first {sheet.line} names the columns, e.g. name,role,side,today,desired,change.")
    for line, cells in sheet.rows:
        if not any(cell.strip() for cell in cells):
            continue
        stray = next((number for number, cell in enumerate(cells) if cell.strip() and number not in columns), None)
        if stray is not None:
            yield line, RowProblem(line, f"column {stray + 1}: {sheet.unnamed}")
            continue
        yield line, {key: cells[number].strip() for number, key in columns.items() if key and number < len(cells) and cells[number].strip()}


def _links(path: Path, raw: bytes, keys: _Keys) -> Iterator[tuple[int, Values | RowProblem]]:
    """Each link of the file as its answers, or as why it is not an assessment page's link; blank and ``#`` lines are skipped."""
    for line, written in enumerate(_text(path, raw).splitlines(), start=1):
        link = written.strip().removeprefix("<").removesuffix(">")
        if not link or link.startswith("#"):
            continue
        yield line, _link_values(link, keys) if len(link) <= LONGEST_ROW else RowProblem(line, f"this line is longer than {LONGEST_ROW:,} characters, far more than a link of answers")


def _link_values(link: str, keys: _Keys) -> Values | RowProblem:
    """A link's answers, from its query; a link to any other page, or whose query is not UTF-8 text, is refused."""
    try:
        address = urlsplit(link)
        if not ADDRESS.match(link) or not unquote(address.path).endswith(ASSESSMENT_PATHS):
            return RowProblem(0, f"`{one_line(link)[:80]}` is not a link to the assessment page; each line holds a link the page emails, like https://example.com/assessment/?name=Ann&today=supplier")
        pairs = parse_qsl(address.query, keep_blank_values=True, encoding="utf-8", errors="strict")
    except (ValueError, UnicodeDecodeError):
        return RowProblem(0, "this link cannot be read: part of it is not UTF-8 text, or not an address; copy the link again from the email")
    values: Values = {}
    for written, value in pairs:
        key = keys.key(written)
        if key is None or key == "side" or not value.strip():
            continue
        if key in values:
            return RowProblem(0, f"the link gives `{key}` twice; copy it again from the email")
        values[key] = value.strip()
    return values


class _People:
    """The answers made so far, and the rows skipped: one person answers once."""

    def __init__(self, relationship: Relationship, line: str) -> None:
        self.line = line
        """What the file's rows are called in a message: a workbook's rows, a CSV's or a link file's lines."""
        self.levels = [level.id for level in relationship.levels]
        self.touchpoints = [touchpoint.id for touchpoint in relationship.touchpoints]
        self.answers: list[Answer] = []
        self.skipped: list[RowProblem] = []
        self.lines: dict[tuple[str, str], int] = {}

    def add(self, path: Path, line: int, values: Values | RowProblem) -> None:
        if len(self.answers) + len(self.skipped) == MOST_PEOPLE:
            raise DecideError(f"{path}:{line}: this is one person too many; an answer file holds at most {MOST_PEOPLE:,} (an account's stakeholders), so split it.")
        if isinstance(values, RowProblem):
            self.skipped.append(RowProblem(line, values.message))
            return
        problems = self._problems(values)
        if problems:
            self.skipped.append(RowProblem(line, "; ".join(problems)))
            return
        answer = self._answer(line, values)
        person = (answer.side, answer.name.casefold())
        if person in self.lines:
            self.skipped.append(RowProblem(line, f"{answer.name} already answered at {self.line} {self.lines[person]}; keep one row per person"))
            return
        self.lines[person] = line
        self.answers.append(answer)

    def _problems(self, values: Values) -> list[str]:
        """Everything wrong with one person's answers, so that all of it is mended at once."""
        problems = [f"`{key}` is empty: write the person's {'name' if key == 'name' else key + ' level'}" for key in REQUIRED if key not in values]
        if "name" in values and prospect_name(values["name"]) is None:
            problems.append(f"the name is longer than {LONGEST_NAME} characters" if one_line(values["name"]) else "`name` is empty: write the person's name")
        problems += [
            f"`{key}` is `{one_line(values[key])[:80]}`, not a level.{did_you_mean(values[key].lower(), self.levels)} The levels are {', '.join(self.levels)}"
            for key in ("today", "desired")
            if key in values and values[key].lower() not in self.levels
        ]
        if values.get("side", "customer").lower() not in ("customer", "us"):
            problems.append(f"`side` is `{one_line(values['side'])[:80]}`: write customer or us")
        for id in self.touchpoints:
            for key in (id, f"{id}_leader"):
                if key in values and values[key] not in {str(rating) for rating in RATINGS}:
                    problems.append(f"`{key}` is `{one_line(values[key])[:80]}`: a rating is a whole number from 1 to 5")
        for key in TEXTS:
            problem = scalar_problem(values[key]) if key in values else None
            if problem:
                problems.append(f"`{key}`: {problem[1]}")
        return problems

    def _answer(self, line: int, values: Values) -> Answer:
        side: Side = "us" if values.get("side", "").lower() == "us" else "customer"
        name = prospect_name(values["name"])
        assert name is not None
        return Answer(
            name=name,
            role=one_line(values.get("role", "")),
            side=side,
            today=self.levels.index(values["today"].lower()) + 1,
            desired=self.levels.index(values["desired"].lower()) + 1,
            change=_lines(values.get("change", "")),
            ratings={id: int(values[id]) for id in self.touchpoints if id in values},
            leader={id: int(values[f"{id}_leader"]) for id in self.touchpoints if f"{id}_leader" in values},
            moment=_lines(values.get("moment", "")),
            line=line,
        )


def _lines(text: str) -> str:
    """Every line break as a newline: the page's form sent without its script writes each as CR LF (as every HTML form
    does), a CSV from Windows may too, and the same words typed on the page read back the same either way."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
