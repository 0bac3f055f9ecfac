"""Calculator checks: every formula reads, names only the calculator's inputs, and gives sensible numbers for the defaults;
scenario ids are distinct, and each input's evidence is backed by reasons whose range holds its default.

A formula error points at the character where the formula goes wrong, as a
column in the file when the formula is written on one line, and always as a
character position in the message.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from generator.check.references import repeated
from generator.compute.breakeven import OutOfRange, defaults
from generator.compute.outlook import EvidenceRange, Outlook, evidence_for, outlook, reasons_of
from generator.diagnostics import Diagnostic, Severity
from generator.formulas import ALLOWED, COMPARISONS, FUNCTIONS, Call, FormulaError, Input, Negative, Node, Number, Operation, divisions_by_zero, names_in, parse
from generator.load import Content, Located
from generator.load.content import Written
from generator.load.models import DEFAULT_DISCOUNT_RATE, INPUT_ID, RESERVED_NAMES, Calculator, CalculatorItem
from generator.load.source import FieldPath, Position
from generator.load.validation import valid_items

PLAUSIBLE_RETURN = 1000
"""The return on what is spent, in percent, above which a calculator's defaults are hard to believe (W056)."""


def check_calculators(content: Content) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for calculator_id, located in content.calculators.items():
        problems += _check(located)
        problems += _evidence(content, calculator_id, located)
    for entry in content.unvalidated("calculators"):
        problems += _check_parts(entry)
    return problems


def _check(located: Located[Calculator]) -> list[Diagnostic]:
    calculator = located.model
    problems = _duplicate_inputs(located) + _duplicate_scenarios(located)
    items = [((side, index, item.timing), item) for side in ("costs", "benefits") for index, item in enumerate(getattr(calculator, side))]
    percents = {field.id for field in calculator.inputs if field.unit == "percent"}
    read, trees = _read_formulas(located, items, [field.id for field in calculator.inputs], percents)
    problems += read
    values = defaults(calculator)
    for path, formula, tree in trees:
        problems += [
            _at(located, path, formula, position, "W050", f"With the default inputs, the formula `{formula}` divides by zero at character {position + 1}; "
                "the calculator then counts that division as 0. Check the defaults, or guard it, e.g. if(hours > 0, total / hours, 0).", Severity.WARNING)
            for position in divisions_by_zero(tree, values)
        ]
    problems += _unused_inputs(located, set().union(*(names_in(tree) for _, _, tree in trees)))
    if len(trees) == len(items):
        problems += _on_the_defaults(located)
    return problems


def _check_parts(entry: Written) -> list[Diagnostic]:
    """A calculator with schema errors still has its formulas read, against the input ids as written (E051, W053)."""
    value = entry.value if isinstance(entry.value, dict) else {}
    written_inputs = value.get("inputs")
    inputs = written_inputs if isinstance(written_inputs, list) else []
    ids = [field["id"] for field in inputs if isinstance(field, dict) and isinstance(field.get("id"), str) and INPUT_ID.match(field["id"]) and field["id"] not in RESERVED_NAMES]
    percents = {field["id"] for field in inputs if isinstance(field, dict) and field.get("unit") == "percent" and field.get("id") in ids}
    items = [((side, index, item.timing), item) for side in ("costs", "benefits") for index, item in valid_items(CalculatorItem, value.get(side))]
    return _read_formulas(entry, items, ids, percents, names_known=len(ids) == len(inputs))[0]


Place = Located[Calculator] | Written
"""A calculator that validated, or one as written whose formulas are read one by one."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _read_formulas(
    entry: Place, items: Sequence[tuple[FieldPath, CalculatorItem]], ids: list[str], percents: set[str], names_known: bool = True
) -> tuple[list[Diagnostic], list[tuple[FieldPath, str, Node]]]:
    """E051 for each formula that cannot be read, W053 for percents never divided by 100; and the trees of the others.

    When an input's id is itself wrong, ``names_known`` is False: which names the formulas may use is then
    unknown, so only what is wrong whatever the inputs are called is reported."""
    problems: list[Diagnostic] = []
    trees: list[tuple[FieldPath, str, Node]] = []
    for path, item in items:
        try:
            tree = parse(item.formula, ids if names_known else [*ids, *(name for name in _NAME.findall(item.formula) if name not in FUNCTIONS)])
        except FormulaError as error:
            problems.append(_formula_error(entry, path, item.formula, error))
            continue
        trees.append((path, item.formula, tree))
        problems += [
            _at(entry, path, item.formula, 0, "W053", f"The input `{input_id}` is a percent (a prospect types 15 for 15%), but the formula `{item.formula}` "
                f"uses it without dividing it by 100, so 15 counts as 1,500%. Write `{input_id} / 100` where it is used.", Severity.WARNING)
            for input_id in sorted(unscaled_percents(tree, percents))
        ]
    return problems, trees


def unscaled_percents(node: Node, percents: set[str], scaled: bool = False) -> set[str]:
    """The percent inputs that ``node`` uses as amounts without dividing them by 100.

    The rule (W053): an input counts as divided when it is a factor of a product (a chain of ``*`` and ``/``)
    that also divides by the number 100 or multiplies by 0.01, however deep inside that factor it sits, so
    ``orders * rate / 100`` and ``rate / 100 * orders`` are both fine. Inputs compared (``rate > 5``) are
    not amounts, and are never reported.
    """
    if isinstance(node, Input):
        return {node.id} if node.id in percents and not scaled else set()
    if isinstance(node, Negative):
        return unscaled_percents(node.operand, percents, scaled)
    if isinstance(node, Operation) and node.operator in COMPARISONS:
        return set()
    if isinstance(node, Operation) and node.operator in ("*", "/"):
        factors = _factors(node)
        scaled = scaled or any(factor == (Number(0.01) if not divides else Number(100)) for factor, divides in factors)
        return set().union(*(unscaled_percents(factor, percents, scaled) for factor, _ in factors))
    if isinstance(node, Operation):
        return unscaled_percents(node.left, percents, scaled) | unscaled_percents(node.right, percents, scaled)
    if isinstance(node, Call):
        return set().union(*(unscaled_percents(argument, percents, scaled) for argument in node.arguments))
    return set()


def _factors(node: Node) -> list[tuple[Node, bool]]:
    """The factors of a product, each with whether it divides: ``a / (b / c)`` is a, divided by b, times c."""
    if not isinstance(node, Operation) or node.operator not in ("*", "/"):
        return [(node, False)]
    right = _factors(node.right)
    return _factors(node.left) + ([(factor, not divides) for factor, divides in right] if node.operator == "/" else right)


def _duplicate_inputs(located: Located[Calculator]) -> list[Diagnostic]:
    inputs = located.model.inputs
    return [
        located.diagnostic("E050", f"The input id `{inputs[index].id}` is used twice in this calculator; give each input its own id.", "inputs", index, "id")
        for index, _ in repeated(field.id for field in inputs)
    ]


def _duplicate_scenarios(located: Located[Calculator]) -> list[Diagnostic]:
    scenarios = located.model.scenarios or []
    return [
        located.diagnostic("E053", f"The scenario id `{scenarios[index].id}` is used twice in this calculator; give each scenario its own id.", "scenarios", index, "id")
        for index, _ in repeated(scenario.id for scenario in scenarios)
    ]


def _formula_error(located: Place, path: FieldPath, formula: str, error: FormulaError) -> Diagnostic:
    message = f"The formula `{formula}` cannot be used: at character {error.position + 1}, {error.message}. Formulas may use {ALLOWED}."
    return _at(located, path, formula, error.position, "E051", message)


def _at(located: Place, path: FieldPath, formula: str, position: int, code: str, message: str, severity: Severity = Severity.ERROR) -> Diagnostic:
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


def _on_the_defaults(located: Located[Calculator]) -> list[Diagnostic]:
    """E052 when the defaults are out of range in any case the page works out, since the page without JavaScript shows
    them; else W052 when they never pay back and W056 when their return is hard to believe."""
    calculator = located.model
    try:
        result = outlook(calculator, defaults(calculator), DEFAULT_DISCOUNT_RATE)
    except OutOfRange as error:
        path = ("costs",) if error.side is None or error.index is None else (error.side, error.index, getattr(calculator, error.side)[error.index].timing)
        return [located.diagnostic("E052", f"{error} These figures are the inputs' defaults, which the page shows first: choose defaults that keep every amount in range.", *path)]
    return _never_breaks_even(located, result) + _implausible(located, result)


def _never_breaks_even(located: Located[Calculator], result: Outlook) -> list[Diagnostic]:
    if result.result.break_even_month is not None:
        return []
    return [
        located.diagnostic(
            "W052",
            f"With the default inputs the benefits never catch up with the costs within {located.model.horizon_months} months. "
            "Prospects open the page on the defaults: choose typical figures, or a longer horizon_months.",
            "inputs",
            severity=Severity.WARNING,
        )
    ]


def _implausible(located: Located[Calculator], result: Outlook) -> list[Diagnostic]:
    roi = result.result.roi_percent
    if roi is None or roi <= PLAUSIBLE_RETURN:
        return []
    return [
        located.diagnostic(
            "W056",
            f"With the default inputs the return on what is spent is {roi:,.0f}%, more than {PLAUSIBLE_RETURN:,}%, which few buyers believe. "
            "The usual cause is a percent input used without dividing it by 100; check the benefits' formulas and the defaults.",
            "benefits",
            severity=Severity.WARNING,
        )
    ]


def _evidence(content: Content, calculator_id: str, located: Located[Calculator]) -> list[Diagnostic]:
    """W054 for evidence no reason of the offering backs; W055 for a default beyond what the backing reasons achieved."""
    found = evidence_for(content, calculator_id)
    problems: list[Diagnostic] = []
    for index, field in enumerate(located.model.inputs):
        if field.evidence is None:
            continue
        backed = found.get(field.id)
        if backed is None:
            problems.append(_unbacked(content, located, index, field.evidence.unit))
        elif not backed.lowest <= field.default <= backed.highest:
            problems.append(_beyond(located, index, backed))
    return problems


def _unbacked(content: Content, located: Located[Calculator], index: int, unit: str) -> Diagnostic:
    calculator = located.model
    units = sorted({entry.reason.metric.unit for entry in reasons_of(content, calculator) if entry.reason.metric is not None})
    nearest = difflib.get_close_matches(unit, units, n=1)
    instead = f"Did you mean `{nearest[0]}`? " if nearest else ""
    known = f"Its reasons' units are: {', '.join(f'`{name}`' for name in units[:12])}{', …' if len(units) > 12 else ''}." if units else "None of its reasons has a metric yet."
    return located.diagnostic(
        "W054",
        f"No reason of the offering `{calculator.offering}` has a metric with the unit `{unit}`, so this input shows no evidence. {instead}"
        f"Write the unit exactly as a reason's metric has it, or remove `evidence`. {known}",
        "inputs",
        index,
        "evidence",
        "unit",
        severity=Severity.WARNING,
    )


def _beyond(located: Located[Calculator], index: int, backed: EvidenceRange) -> Diagnostic:
    field = located.model.inputs[index]
    claims = "more" if field.default > backed.highest else "less"
    return located.diagnostic(
        "W055",
        f"The default {field.default:g} claims {claims} than any customer saw: the {backed.count:,} "
        f"{'reason' if backed.count == 1 else 'reasons'} with the unit `{backed.unit}` range from {backed.lowest:g} to {backed.highest:g}. "
        "Prospects open the page on the defaults: choose a default within what customers achieved, or point `evidence` at another unit.",
        "inputs",
        index,
        "default",
        severity=Severity.WARNING,
    )
