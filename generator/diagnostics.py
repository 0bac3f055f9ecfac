"""What every step reports to the user: one problem, where it is, and how to fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in the content, located as precisely as the step that found it can.

    ``line`` and ``column`` are 1-based; both are 0 when the problem belongs to the
    file as a whole (a missing file, an empty one). ``field`` is the path inside the
    file (``options[0].name``), empty when there is none.
    """

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    field: str
    message: str
    listed: tuple[dict[str, str], ...] = dataclass_field(default=(), compare=False)
    """The items a counting message counts (W066: each text left to translate), which the JSON report lists under ``items``."""

    def as_json(self) -> dict[str, object]:
        """The fixed shape of ``decide check --format json``; ``items`` only on a message that counts them."""
        record = asdict(self)
        record["severity"] = self.severity.value
        shaped = {key: record[key] for key in ("severity", "file", "line", "column", "field", "code", "message")}
        return shaped | ({"items": list(self.listed)} if self.listed else {})


def count_errors(diagnostics: list[Diagnostic]) -> int:
    return sum(1 for diagnostic in diagnostics if diagnostic.severity is Severity.ERROR)


class DecideError(Exception):
    """A problem the user can fix (bad content, a bad argument); printed without a traceback.

    ``diagnostics`` holds the content problems when there are any; ``exit_code`` is 1
    for content problems and 2 for usage problems, as the CLI documents.
    """

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None, exit_code: int = 1) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []
        self.exit_code = exit_code
