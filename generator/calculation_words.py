"""``decide calc --format text`` after the break-even figures: waiting, scenarios, present value, what moves the result, evidence.

In words a salesperson can read out to a buyer, with the site's numbers and currency; the page and the
worksheet say the same things in their own layout.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.compute.outlook import EvidenceRange, Outlook
from generator.load.models import Calculator
from generator.render.markup import Formatter
from generator.wording import counted


def outlook_text(calculator: Calculator, outlook: Outlook, evidence: Mapping[str, EvidenceRange], formatter: Formatter) -> str:
    lines = _waiting_lines(outlook, formatter)
    lines += _scenario_lines(outlook, formatter)
    lines += ["", f"Present value at {formatter.figure(outlook.discount_rate, 'percent')} a year: {formatter.money(outlook.npv)}; "
              f"discounted break-even {_month_words(outlook.discounted_break_even_month, outlook.result.horizon, formatter)}"]
    lines += _moving_lines(calculator, outlook, formatter)
    lines += _evidence_lines(calculator, evidence, formatter)
    return "\n".join(lines)


def _waiting_lines(outlook: Outlook, formatter: Formatter) -> list[str]:
    """Only waiting that costs something is shown: a calculator that does not pay loses nothing by waiting."""
    lines = [""]
    if outlook.monthly_waiting is not None:
        lines.append(f"Each month you wait costs about {formatter.money(outlook.monthly_waiting)}.")
    longer = [waiting for waiting in outlook.shown_waiting if waiting.months > 1]
    if longer:
        lines.append("Starting later costs: " + ", ".join(f"{waiting.months} months {formatter.money(waiting.cost)}" for waiting in longer) + ".")
    return lines if len(lines) > 1 else []


def _scenario_lines(outlook: Outlook, formatter: Formatter) -> list[str]:
    if not outlook.scenarios:
        return []
    header = ("Scenario", "Break-even", f"Net after {outlook.result.horizon} months", "Return")
    rows = [
        (
            outcome.scenario.label,
            _month_words(outcome.result.break_even_month, outlook.result.horizon, formatter),
            formatter.money(outcome.result.net_at_horizon),
            "none" if outcome.result.roi_percent is None else formatter.percent(outcome.result.roi_percent),
        )
        for outcome in outlook.scenarios
    ]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    return ["", "Scenarios:", *("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in [header, *rows])]


def _month_words(month: float | None, horizon: int, formatter: Formatter) -> str:
    if month is None:
        return f"not within {horizon} months"
    return "from the start" if month == 0 else f"after {formatter.months(month)} months"


def _moving_lines(calculator: Calculator, outlook: Outlook, formatter: Formatter) -> list[str]:
    moving = outlook.most_moving
    if not moving:
        return []
    labels = {field.id: field.label for field in calculator.inputs}
    lines = ["", "What moves the result most (the net after each input 10% lower and 10% higher):"]
    lines += [f"  {labels[entry.input]}: {formatter.money(entry.low)} to {formatter.money(entry.high)}" for entry in moving]
    return lines


def _evidence_lines(calculator: Calculator, evidence: Mapping[str, EvidenceRange], formatter: Formatter) -> list[str]:
    if not evidence:
        return []
    lines = ["", "What customers achieved:"]
    for field in calculator.inputs:
        found = evidence.get(field.id)
        if found is None:
            continue
        lines.append(
            f"  {field.label}: {counted(found.count, 'customer result')}, from {formatter.amount(found.lowest, found.unit)} to {formatter.measure(found.highest, found.unit)} "
            f"(median {formatter.amount(found.median, found.unit)})"
        )
    return lines
