"""A calculator as a page (its inputs, the defaults' result and outlook, the chart, the evidence, its formulas as data) and as text for ``decide calc``."""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute import LARGEST_AMOUNT, outlook
from generator.compute.breakeven import BreakEven, compiled, defaults, input_ids
from generator.compute.chart import Chart, cumulative_chart
from generator.compute.outlook import EvidenceRange, Outlook, discount_rate_of, scenarios_of
from generator.formulas import as_data
from generator.load import Content
from generator.load.models import Calculator, CalculatorInput, CalculatorItem
from generator.render.language import UiLanguage
from generator.render.markup import Formatter
from generator.wording import N_

TIMING_WORDS = {"once": N_("once, at the start"), "monthly": N_("every month"), "yearly": N_("every year")}
"""When an item falls, in English; the templates show it in the page's language."""


@dataclass(frozen=True)
class ItemLine:
    """One cost or benefit as the page lists it: what it is, when it falls, and its amount for the figures shown."""

    key: str
    label: str
    timing: str
    amount: float
    ramp_months: int | None


def page_context(content: Content, calculator_id: str, evidence: dict[str, EvidenceRange]) -> dict[str, object]:
    """What ``pages/calculator.md.j2`` shows: everything computed for the default figures, the evidence (worked out
    by the page step, which also links it), and the model the page's script runs."""
    assert content.site is not None, "pages are rendered only from checked content"
    site = content.site.model
    calculator = content.calculators[calculator_id].model
    rate = discount_rate_of(calculator, site)
    found = outlook.outlook(calculator, defaults(calculator), rate)
    result = found.result
    return {
        "calculator_id": calculator_id,
        "calculator": calculator,
        "result": result,
        "outlook": found,
        "chart": outlook_chart(found),
        "costs": item_lines("costs", calculator.costs, result.cost_amounts),
        "benefits": item_lines("benefits", calculator.benefits, result.benefit_amounts),
        "labels": {field.id: field.label for field in calculator.inputs},
        "evidence": evidence,
        "model": page_model(calculator, site.currency, site.locale, rate),
    }


def outlook_chart(found: Outlook) -> Chart:
    """The expected case's cumulative net, in the band its scenarios span; the page and the worksheet draw the same one."""
    return cumulative_chart(found.result, [outcome.result.monthly for outcome in found.scenarios])


def page_model(calculator: Calculator, currency: str, locale: str, discount_rate: float) -> dict[str, object]:
    """The calculator as data for ``calculator.js``: the inputs' limits, every formula compiled to a tree, where amounts go
    out of range, and what the outlook needs (its scenarios, its rate, and the engine's constants, so both read them from one place)."""
    return {
        "horizon": calculator.horizon_months,
        "largest_amount": LARGEST_AMOUNT,
        "locale": locale,
        "currency": currency,
        "inputs": [{"id": field.id, "min": field.min, "max": field.max, "default": field.default} for field in calculator.inputs],
        "costs": [_item_model(item, calculator) for item in calculator.costs],
        "benefits": [_item_model(item, calculator) for item in calculator.benefits],
        "outlook": {
            "scenarios": [{"id": scenario.id, "benefits": scenario.benefits, "costs": scenario.costs} for scenario in scenarios_of(calculator)],
            "discount_rate": discount_rate,
            "waiting_months": list(outlook.WAITING_MONTHS),
            "low_share": outlook.LOW_SHARE,
            "high_share": outlook.HIGH_SHARE,
            "most_moving": outlook.MOST_MOVING,
            "root_steps": outlook.ROOT_STEPS,
        },
    }


def _item_model(item: CalculatorItem, calculator: Calculator) -> dict[str, object]:
    return {"timing": item.timing, "ramp": item.ramp_months, "formula": as_data(compiled(item.formula, input_ids(calculator)))}


def item_lines(side: str, items: list[CalculatorItem], amounts: list[float]) -> list[ItemLine]:
    return [ItemLine(f"{side}-{index}", item.label, TIMING_WORDS[item.timing], amount, item.ramp_months) for index, (item, amount) in enumerate(zip(items, amounts, strict=True))]


def range_text(field: CalculatorInput, formatter: Formatter, language: UiLanguage) -> str:
    """``From £0 to £1,000.``: the range message under an input."""
    return language.gettext("From %(low)s to %(high)s.") % {"low": formatter.figure(field.min, field.unit), "high": formatter.figure(field.max, field.unit)}


def calculation_text(calculator_id: str, calculator: Calculator, result: BreakEven, formatter: Formatter) -> str:
    """``decide calc --format text``: the figures used and the results, in words a salesperson can read out, in the
    site's language (the formatter's)."""
    words = formatter.language
    over = words.ngettext("%(title)s (%(id)s), over %(num)s month", "%(title)s (%(id)s), over %(num)s months", calculator.horizon_months)
    lines = [over % {"title": calculator.title, "id": calculator_id, "num": calculator.horizon_months}, "", words.gettext("Figures used:")]
    lines += [f"  {field.label}: {formatter.figure(result.inputs[field.id], field.unit)}" for field in calculator.inputs]
    lines += ["", words.gettext("Break-even: %(when)s") % {"when": _break_even_words(result, formatter)}]
    net = words.ngettext("Net after %(num)s month: %(amount)s", "Net after %(num)s months: %(amount)s", result.horizon)
    lines.append(net % {"num": result.horizon, "amount": formatter.money(result.net_at_horizon)})
    roi = words.gettext("none (nothing is spent)") if result.roi_percent is None else formatter.percent(result.roi_percent)
    lines.append(words.gettext("Return on what is spent: %(roi)s") % {"roi": roi})
    return "\n".join(lines)


def _break_even_words(result: BreakEven, formatter: Formatter) -> str:
    words = formatter.language
    if result.break_even_month is None:
        return words.ngettext("not within %(num)s month", "not within %(num)s months", result.horizon) % {"num": result.horizon}
    if result.break_even_month == 0:
        return words.gettext("from the start")
    return words.gettext("after %(months)s months (the money comes back in month %(month)s)") % {"months": formatter.months(result.break_even_month), "month": result.payback_month}
