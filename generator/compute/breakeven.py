"""The break-even engine: a calculator and the prospect's figures, to the month their money comes back.

The model is fixed so that every surface agrees: month 0 holds ``once`` items,
months 1..H hold ``monthly`` items, ``yearly`` items fall in months 1, 13, 25, …,
and a benefit with ``ramp_months: r`` counts ``min(1, m / r)`` of its amount in
month m. A scenario multiplies each benefit's amount by its ``benefits`` factor
and each cost's by its ``costs`` factor, once, before the months are laid out
(the expected case multiplies by 1, which changes no number). The page's interpreter (``templates/assets/calculator.js``) follows
this file and ``generator/formulas.py`` operation by operation, in the same
order, so both give the same floating-point numbers; change one and change the other.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from generator.compute import LARGEST_AMOUNT, typed_number
from generator.formulas import Node, evaluate, parse
from generator.load.models import Calculator, CalculatorInput, CalculatorItem, Scenario


class InputError(ValueError):
    """A figure that is not a number, or outside the range the calculator allows."""


class OutOfRange(InputError):
    """Figures for which a cost or benefit (or the return on what is spent) comes to no number, or to more than ``LARGEST_AMOUNT``.

    ``side`` and ``index`` say which item it is (``costs``, 2), or are None for the return.
    """

    def __init__(self, message: str, side: str | None = None, index: int | None = None) -> None:
        super().__init__(message)
        self.side = side
        self.index = index


@dataclass(frozen=True)
class BreakEven:
    """What a calculator gives for one set of figures: the JSON of ``decide calc``."""

    inputs: dict[str, float]
    monthly: list[float]
    """The cumulative net N(m) for months 0..H."""
    paid: list[float]
    gained: list[float]
    """What is paid and what is gained in each month 0..H, so a worksheet can write out every step of ``monthly``."""
    break_even_month: float | None
    net_at_horizon: float
    roi_percent: float | None
    total_costs: float
    """Everything paid over months 0..H, the base of ``roi_percent``."""
    cost_amounts: list[float]
    benefit_amounts: list[float]
    """Each cost's and benefit's amount per occurrence, in the calculator's order, for the figures given."""

    @property
    def horizon(self) -> int:
        return len(self.monthly) - 1

    @property
    def outcome(self) -> str:
        """Which sentence explains the result: paid back at the start, paid back in a month, or not within the horizon."""
        if self.break_even_month is None:
            return "not-paid-back"
        return "paid-at-start" if self.break_even_month == 0 else "paid-back"

    @property
    def payback_month(self) -> int | None:
        """The month in which the money comes back, as people count it: break-even at 7.4 is "in month 8"."""
        return None if self.break_even_month is None else math.ceil(self.break_even_month)

    def as_json(self) -> dict[str, object]:
        return {
            "break_even_month": self.break_even_month,
            "net_at_horizon": self.net_at_horizon,
            "roi_percent": self.roi_percent,
            "monthly": self.monthly,
            "inputs": self.inputs,
        }


@lru_cache(maxsize=1024)
def compiled(formula: str, inputs: tuple[str, ...]) -> Node:
    """The tree of a formula that passed ``decide check``."""
    return parse(formula, inputs)


def input_ids(calculator: Calculator) -> tuple[str, ...]:
    return tuple(field.id for field in calculator.inputs)


def defaults(calculator: Calculator) -> dict[str, float]:
    return {field.id: field.default for field in calculator.inputs}


def read_figures(calculator: Calculator, given: dict[str, str]) -> tuple[dict[str, float], dict[str, str]]:
    """The defaults with each readable figure of ``given`` (all inputs of the calculator) over them, and what is wrong with each other one."""
    fields = {field.id: field for field in calculator.inputs}
    values = defaults(calculator)
    problems = {}
    for name, text in given.items():
        try:
            values[name] = figure(fields[name], text)
        except InputError as error:
            problems[name] = str(error)
    return values, problems


def figure(field: CalculatorInput, text: str) -> float:
    """One figure as typed; raises InputError saying what it must be when it is not a number in the input's range."""
    value = typed_number(text)
    if value is None or not field.min <= value <= field.max:
        comma = " written with a decimal point, not a comma," if re.fullmatch(r"\s*-?[0-9]+,[0-9]+\s*", text) else ""
        raise InputError(f"must be a number{comma} from {field.min:g} to {field.max:g} (got `{text}`)")
    return value


def break_even(calculator: Calculator, values: dict[str, float], scenario: Scenario | None = None) -> BreakEven:
    """The whole model for one set of figures, in ``scenario`` when one is given; pure.

    Raises OutOfRange when an amount (after the scenario's factor), or the return, is beyond ``LARGEST_AMOUNT``.
    """
    horizon = calculator.horizon_months
    costs = [(item, _amount(calculator, "costs", index, values, scenario)) for index, item in enumerate(calculator.costs)]
    benefits = [(item, _amount(calculator, "benefits", index, values, scenario)) for index, item in enumerate(calculator.benefits)]
    monthly: list[float] = []
    paid = [_month_total(costs, month) for month in range(horizon + 1)]
    gained = [_month_total(benefits, month) for month in range(horizon + 1)]
    net = total_costs = 0.0
    for month in range(horizon + 1):
        total_costs += paid[month]
        net += gained[month] - paid[month]
        monthly.append(net)
    roi_percent = None if total_costs == 0 else 100 * monthly[-1] / total_costs
    if roi_percent is not None and not abs(roi_percent) <= LARGEST_AMOUNT:
        raise OutOfRange(
            f"Out of range: with these figures{_in(scenario)} the return on what is spent comes to more than {LARGEST_AMOUNT:,.0f}%, too large to show: "
            "the costs are tiny beside the net; use figures that give larger costs."
        )
    return BreakEven(
        inputs={name: tidy(value) for name, value in values.items()},
        monthly=[tidy(value) for value in monthly],
        paid=[tidy(value) for value in paid],
        gained=[tidy(value) for value in gained],
        break_even_month=first_crossing(monthly),
        net_at_horizon=tidy(monthly[-1]),
        roi_percent=None if roi_percent is None else tidy(roi_percent),
        total_costs=tidy(total_costs),
        cost_amounts=[tidy(amount) for _, amount in costs],
        benefit_amounts=[tidy(amount) for _, amount in benefits],
    )


def _amount(calculator: Calculator, side: str, index: int, values: dict[str, float], scenario: Scenario | None) -> float:
    """One cost's or benefit's amount, times the scenario's factor; raises OutOfRange, naming it, when it is no number or beyond ``LARGEST_AMOUNT``."""
    item: CalculatorItem = getattr(calculator, side)[index]
    factor = 1.0 if scenario is None else getattr(scenario, side)
    amount = evaluate(compiled(item.formula, input_ids(calculator)), values) * factor
    if abs(amount) <= LARGEST_AMOUNT:
        return amount
    outcome = (
        "cannot be worked out, since a step of its formula goes beyond what a number can hold"
        if math.isnan(amount)
        else f"comes to more than {LARGEST_AMOUNT:,.0f}, beyond what the calculator works with"
    )
    raise OutOfRange(f"Out of range: with these figures{_in(scenario)} the {side[:-1]} `{item.label}` {outcome}; use smaller figures.", side, index)


def _in(scenario: Scenario | None) -> str:
    return "" if scenario is None else f", in the scenario `{scenario.label}`,"


def _month_total(items: list[tuple[CalculatorItem, float]], month: int) -> float:
    total = 0.0
    for item, amount in items:
        total += amount * _share(item, month)
    return total


def _share(item: CalculatorItem, month: int) -> float:
    """How much of the item's amount falls in ``month``: 0 or 1, or a fraction while a benefit ramps up."""
    timing = item.timing
    due = month == 0 if timing == "once" else month >= 1 and (timing == "monthly" or (month - 1) % 12 == 0)
    if not due:
        return 0.0
    return min(1.0, month / item.ramp_months) if item.ramp_months else 1.0


def first_crossing(monthly: Sequence[float]) -> float | None:
    """The break-even month on a cumulative net: 0 when it starts at or above 0, else the first month at or
    above 0, interpolated from the month before; None when it stays below 0."""
    if monthly[0] >= 0:
        return 0.0
    for month in range(1, len(monthly)):
        if monthly[month] >= 0:
            before = monthly[month - 1]
            return tidy((month - 1) + (-before) / (monthly[month] - before))
    return None


def tidy(value: float) -> float:
    """-0.0 becomes 0.0, so no surface ever shows "-0"."""
    return value + 0.0
