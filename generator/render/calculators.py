"""A calculator as a page (its inputs, the defaults' result, the chart, its formulas as data) and as text for ``decide calc``."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute import LARGEST_AMOUNT
from generator.compute.breakeven import BreakEven, break_even, compiled, defaults, input_ids
from generator.compute.chart import cumulative_chart
from generator.formulas import as_data
from generator.load.models import Calculator, CalculatorInput, CalculatorItem
from generator.render.language import UiLanguage
from generator.render.markup import Formatter

TIMING_WORDS = {"once": "once, at the start", "monthly": "every month", "yearly": "every year"}


@dataclass(frozen=True)
class ItemLine:
    """One cost or benefit as the page lists it: what it is, when it falls, and its amount for the figures shown."""

    key: str
    label: str
    timing: str
    amount: float
    ramp_months: int | None


def page_context(calculator_id: str, calculator: Calculator, currency: str, locale: str) -> dict[str, object]:
    """What ``pages/calculator.md.j2`` shows: everything computed for the default figures, and the model the page's script runs."""
    result = break_even(calculator, defaults(calculator))
    return {
        "calculator_id": calculator_id,
        "calculator": calculator,
        "result": result,
        "chart": cumulative_chart(result),
        "costs": item_lines("costs", calculator.costs, result.cost_amounts),
        "benefits": item_lines("benefits", calculator.benefits, result.benefit_amounts),
        "model": page_model(calculator, currency, locale),
    }


def page_model(calculator: Calculator, currency: str, locale: str) -> dict[str, object]:
    """The calculator as data for ``calculator.js``: the inputs' limits, every formula compiled to a tree, and where amounts go out of range."""
    return {
        "horizon": calculator.horizon_months,
        "largest_amount": LARGEST_AMOUNT,
        "locale": locale,
        "currency": currency,
        "inputs": [{"id": field.id, "min": field.min, "max": field.max, "default": field.default} for field in calculator.inputs],
        "costs": [_item_model(item, calculator) for item in calculator.costs],
        "benefits": [_item_model(item, calculator) for item in calculator.benefits],
    }


def _item_model(item: CalculatorItem, calculator: Calculator) -> dict[str, object]:
    return {"timing": item.timing, "ramp": item.ramp_months, "formula": as_data(compiled(item.formula, input_ids(calculator)))}


def item_lines(side: str, items: list[CalculatorItem], amounts: list[float]) -> list[ItemLine]:
    return [ItemLine(f"{side}-{index}", item.label, TIMING_WORDS[item.timing], amount, item.ramp_months) for index, (item, amount) in enumerate(zip(items, amounts, strict=True))]


def range_text(field: CalculatorInput, formatter: Formatter, language: UiLanguage) -> str:
    """``From £0 to £1,000.``: the range message under an input."""
    return language.gettext("From %(low)s to %(high)s.") % {"low": formatter.figure(field.min, field.unit), "high": formatter.figure(field.max, field.unit)}


def calculation_text(calculator_id: str, calculator: Calculator, result: BreakEven, formatter: Formatter) -> str:
    """``decide calc --format text``: the figures used and the results, in words a salesperson can read out."""
    lines = [f"{calculator.title} ({calculator_id}), over {calculator.horizon_months} months", "", "Figures used:"]
    lines += [f"  {field.label}: {formatter.figure(result.inputs[field.id], field.unit)}" for field in calculator.inputs]
    lines += ["", f"Break-even: {_break_even_words(result, formatter)}"]
    lines.append(f"Net after {result.horizon} months: {formatter.money(result.net_at_horizon)}")
    roi = "none (nothing is spent)" if result.roi_percent is None else formatter.percent(result.roi_percent)
    lines.append(f"Return on what is spent: {roi}")
    return "\n".join(lines)


def _break_even_words(result: BreakEven, formatter: Formatter) -> str:
    if result.break_even_month is None:
        return f"not within {result.horizon} months"
    if result.break_even_month == 0:
        return "from the start"
    return f"after {formatter.months(result.break_even_month)} months (the money comes back in month {result.payback_month})"
