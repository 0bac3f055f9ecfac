"""``decide calc --format text`` after the break-even figures: waiting, scenarios, present value, what moves the result, evidence.

In words a salesperson can read out to a buyer, with the site's numbers and currency, in the site's language (the
formatter's); the page and the worksheet say the same things in their own layout.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.compute.outlook import EvidenceRange, Outlook
from generator.load.models import Calculator
from generator.render.markup import Formatter


def outlook_text(calculator: Calculator, outlook: Outlook, evidence: Mapping[str, EvidenceRange], formatter: Formatter) -> str:
    words = formatter.language
    lines = _waiting_lines(outlook, formatter)
    lines += _scenario_lines(outlook, formatter)
    present = words.gettext("Present value at %(rate)s a year: %(npv)s; discounted break-even %(when)s")
    lines += ["", present % {"rate": formatter.figure(outlook.discount_rate, "percent"), "npv": formatter.money(outlook.npv),
                             "when": _month_words(outlook.discounted_break_even_month, outlook.result.horizon, formatter)}]
    lines += _moving_lines(calculator, outlook, formatter)
    lines += _evidence_lines(calculator, evidence, formatter)
    return "\n".join(lines)


def _waiting_lines(outlook: Outlook, formatter: Formatter) -> list[str]:
    """Only waiting that costs something is shown: a calculator that does not pay loses nothing by waiting."""
    words = formatter.language
    lines = [""]
    if outlook.monthly_waiting is not None:
        lines.append(words.gettext("Each month you wait costs about %(amount)s.") % {"amount": formatter.money(outlook.monthly_waiting)})
    longer = [waiting for waiting in outlook.shown_waiting if waiting.months > 1]
    if longer:
        later = [words.ngettext("%(num)s month %(amount)s", "%(num)s months %(amount)s", waiting.months) % {"num": waiting.months, "amount": formatter.money(waiting.cost)} for waiting in longer]
        costs = ", ".join(later)
        lines.append(words.gettext("Starting later costs: %(costs)s.") % {"costs": costs})
    return lines if len(lines) > 1 else []


def _scenario_lines(outlook: Outlook, formatter: Formatter) -> list[str]:
    if not outlook.scenarios:
        return []
    words = formatter.language
    horizon = outlook.result.horizon
    header = (words.gettext("Scenario"), words.gettext("Break-even"), words.ngettext("Net after %(num)s month", "Net after %(num)s months", horizon) % {"num": horizon}, words.gettext("Return"))
    rows = [
        (
            formatter.scenario_label(outcome.scenario),
            _month_words(outcome.result.break_even_month, outlook.result.horizon, formatter),
            formatter.money(outcome.result.net_at_horizon),
            words.gettext("none") if outcome.result.roi_percent is None else formatter.percent(outcome.result.roi_percent),
        )
        for outcome in outlook.scenarios
    ]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    return ["", words.gettext("Scenarios:"), *("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in [header, *rows])]


def _month_words(month: float | None, horizon: int, formatter: Formatter) -> str:
    words = formatter.language
    if month is None:
        return words.ngettext("not within %(num)s month", "not within %(num)s months", horizon) % {"num": horizon}
    return words.gettext("from the start") if month == 0 else words.gettext("after %(months)s months") % {"months": formatter.months(month)}


def _moving_lines(calculator: Calculator, outlook: Outlook, formatter: Formatter) -> list[str]:
    moving = outlook.most_moving
    if not moving:
        return []
    labels = {field.id: field.label for field in calculator.inputs}
    words = formatter.language
    lines = ["", words.gettext("What moves the result most (the net after each input 10%% lower and 10%% higher):") % {}]
    lines += ["  " + words.gettext("%(input)s: %(low)s to %(high)s") % {"input": labels[entry.input], "low": formatter.money(entry.low), "high": formatter.money(entry.high)} for entry in moving]
    return lines


def _evidence_lines(calculator: Calculator, evidence: Mapping[str, EvidenceRange], formatter: Formatter) -> list[str]:
    if not evidence:
        return []
    words = formatter.language
    lines = ["", words.gettext("What customers achieved:")]
    for field in calculator.inputs:
        found = evidence.get(field.id)
        if found is None:
            continue
        achieved = words.ngettext(
            "%(input)s: %(num)s customer result, from %(lowest)s to %(highest)s (median %(median)s)",
            "%(input)s: %(num)s customer results, from %(lowest)s to %(highest)s (median %(median)s)",
            found.count,
        )
        figures = {"lowest": formatter.amount(found.lowest, found.unit), "highest": formatter.measure(found.highest, found.unit), "median": formatter.amount(found.median, found.unit)}
        lines.append("  " + achieved % {"input": field.label, "num": f"{found.count:,}", **figures})
    return lines
