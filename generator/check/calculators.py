"""Calculator checks: every formula reads, names only the calculator's inputs, and gives sensible numbers for the defaults.

A formula error points at the character where the formula goes wrong, as a
column in the file when the formula is written on one line, and always as a
character position in the message.
"""

from __future__ import annotations

from generator.check.references import repeated
from generator.compute.breakeven import OutOfRange, break_even, defaults
from generator.diagnostics import Diagnostic, Severity
from generator.formulas import ALLOWED, FormulaError, divisions_by_zero, names_in, parse
from generator.load import Content, Located
from generator.load.models import Calculator
from generator.load.source import FieldPath, Position


def check_calculators(content: Content) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for located in content.calculators.values():
        problems += _check(located)
    return problems


def _check(located: Located[Calculator]) -> list[Diagnostic]:
    calculator = located.model
    problems = _duplicate_inputs(located)
    ids = [field.id for field in calculator.inputs]
    values = defaults(calculator)
    used: set[str] = set()
    readable = True
    for side in ("costs", "benefits"):
        for index, item in enumerate(getattr(calculator, side)):
            path = (side, index, item.timing)
            try:
                tree = parse(item.formula, ids)
            except FormulaError as error:
                readable = False
                problems.append(_formula_error(located, path, item.formula, error))
                continue
            used |= names_in(tree)
            problems += [
                _at(located, path, item.formula, position, "W050", f"With the default inputs, the formula `{item.formula}` divides by zero at character {position + 1}; "
                    "the calculator then counts that division as 0. Check the defaults, or guard it, e.g. if(hours > 0, total / hours, 0).", Severity.WARNING)
                for position in divisions_by_zero(tree, values)
            ]
    problems += _unused_inputs(located, used)
    if readable:
        problems += _never_breaks_even(located)
    return problems


def _duplicate_inputs(located: Located[Calculator]) -> list[Diagnostic]:
    inputs = located.model.inputs
    return [
        located.diagnostic("E050", f"The input id `{inputs[index].id}` is used twice in this calculator; give each input its own id.", "inputs", index, "id")
        for index, _ in repeated(field.id for field in inputs)
    ]


def _formula_error(located: Located[Calculator], path: FieldPath, formula: str, error: FormulaError) -> Diagnostic:
    message = f"The formula `{formula}` cannot be used: at character {error.position + 1}, {error.message}. Formulas may use {ALLOWED}."
    return _at(located, path, formula, error.position, "E051", message)


def _at(located: Located[Calculator], path: FieldPath, formula: str, position: int, code: str, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    """A diagnostic on the formula's own character when the file shows the formula on one line as written, else on its value."""
    source = located.source
    full_path = located.path + path
    start = source.position(full_path)
    line = source.lines[start.line - 1] if 0 < start.line <= len(source.lines) else ""
    column = start.column - 1
    if line[column : column + 1] in ("'", '"'):
        column += 1
    at = Position(start.line, column + position + 1) if line[column : column + len(formula)] == formula else start
    return source.diagnostic(code, message, full_path, at=at, severity=severity)


def _unused_inputs(located: Located[Calculator], used: set[str]) -> list[Diagnostic]:
    return [
        located.diagnostic(
            "W051", f"No formula uses the input `{field.id}`, so changing it changes nothing; use it in a cost or benefit, or delete it.", "inputs", index, "id", severity=Severity.WARNING
        )
        for index, field in enumerate(located.model.inputs)
        if field.id not in used
    ]


def _never_breaks_even(located: Located[Calculator]) -> list[Diagnostic]:
    """W052 when the defaults never pay back; E052 when they are out of range, since the page without JavaScript shows their result."""
    calculator = located.model
    try:
        result = break_even(calculator, defaults(calculator))
    except OutOfRange as error:
        path = ("costs",) if error.side is None or error.index is None else (error.side, error.index, getattr(calculator, error.side)[error.index].timing)
        return [located.diagnostic("E052", f"{error} These figures are the inputs' defaults, which the page shows first: choose defaults that keep every amount in range.", *path)]
    if result.break_even_month is not None:
        return []
    return [
        located.diagnostic(
            "W052",
            f"With the default inputs the benefits never catch up with the costs within {calculator.horizon_months} months. "
            "Prospects open the page on the defaults: choose typical figures, or a longer horizon_months.",
            "inputs",
            severity=Severity.WARNING,
        )
    ]
