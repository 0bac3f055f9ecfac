"""What a break-even result means for a buyer deciding when and whether: the cost of waiting, scenarios, present value, sensitivity, evidence.

Pure functions over a checked calculator and the prospect's figures, built on the month model of
``breakeven`` (N(m) is its cumulative net, ``gained[m] - paid[m]`` month m's flow, H the horizon). The
page's script mirrors this file operation by operation, in this order, so both give the same numbers:

1. The expected result: ``break_even(calculator, values)``.
2. Waiting: for k in 1, 3, 6, 12 with k < H, in that order, ``cost = N(H) - N(H - k)``. Every such k is
   listed (``decide calc --format json``); surfaces show only positive costs (``shown_waiting``), and
   "each month you wait costs about …" is the k = 1 cost when it is positive (``monthly_waiting``).
3. Scenarios, in the calculator's order (``scenarios_of``): ``break_even(calculator, values, scenario)``.
4. Present value at the yearly rate r (``discount_rate_of``): x = 1 + r / 100; y, the twelfth root of x,
   by ``twelfth_root``; the monthly rate i = y - 1. Then, with d = 1 and a running total t = 0, for m = 0
   … H: when m > 0, d = d * y; t = t + (gained[m] - paid[m]) / d; the discounted cumulative net of month m
   is t. The NPV is t at H; the discounted break-even is found on that list by ``first_crossing``, as
   the plain one is on N. At r = 0, y = 1 and d = 1, so the list is N itself, number for number.
5. Sensitivity: for each input in the calculator's order, with v its value: low = v * 0.9 and high = v * 1.1,
   each clipped (``max(min, ...)`` then ``min(max, ...)``) to the input's range; the net at H of
   ``break_even`` with that one input changed. The list is sorted by ``abs(high - low)``, widest first;
   equal swings keep the calculator's order.
6. Every figure goes through ``tidy`` (no -0). Any ``OutOfRange`` in 1, 3 or 5 makes the whole outlook
   out of range, the same on every surface.

Evidence (``evidence_for``) depends on the content, not the figures: for an input with ``evidence.unit``,
the values of the metrics of the calculator's offering's reasons whose unit is exactly that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.compute.breakeven import BreakEven, InputError, OutOfRange, break_even, first_crossing, input_ids, read_figures, tidy
from generator.compute.catalog import ReasonEntry, entries_proving
from generator.load import Content
from generator.load.models import DEFAULT_DISCOUNT_RATE, DEFAULT_SCENARIOS, Calculator, CalculatorInput, Scenario, Site

WAITING_MONTHS = (1, 3, 6, 12)
"""The delays whose cost is worked out, each only when shorter than the horizon."""

LOW_SHARE = 0.9
HIGH_SHARE = 1.1
"""Sensitivity moves one input to 90 % and to 110 % of its value."""

MOST_MOVING = 3
"""How many inputs "what moves the result most" names."""

ROOT_STEPS = 8
"""Newton steps for the twelfth root. From the first guess, 1 + (x - 1) / 12, six reach the last bit for every rate
from 0 to 100; after that a step may swap between two neighbouring numbers, so the count is fixed (and the
page's script takes exactly as many) rather than "until it stops changing"."""


@dataclass(frozen=True)
class Waiting:
    """What starting ``months`` later costs within the same horizon."""

    months: int
    cost: float

    def as_json(self) -> dict[str, object]:
        return {"months": self.months, "cost": self.cost}


@dataclass(frozen=True)
class ScenarioOutcome:
    """One scenario and the whole month model worked out in it."""

    scenario: Scenario
    result: BreakEven

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.scenario.id,
            "label": self.scenario.label,
            "break_even_month": self.result.break_even_month,
            "net_at_horizon": self.result.net_at_horizon,
            "roi_percent": self.result.roi_percent,
        }


@dataclass(frozen=True)
class Sensitivity:
    """The net at the horizon with one input at 90 % (``low``) and at 110 % (``high``) of its value, within its range."""

    input: str
    low: float
    high: float

    @property
    def swing(self) -> float:
        return abs(self.high - self.low)

    def as_json(self) -> dict[str, object]:
        return {"input": self.input, "low": self.low, "high": self.high}


@dataclass(frozen=True)
class EvidenceRange:
    """What customers achieved on an input's figure: the metric values of the reasons whose unit is the input's ``evidence.unit``."""

    unit: str
    count: int
    lowest: float
    median: float
    highest: float
    reasons: tuple[ReasonEntry, ...]
    """The reasons, in the catalog's order, as the catalog knows them: a page links to each by its entry's place there."""

    def as_json(self) -> dict[str, object]:
        return {"count": self.count, "lowest": self.lowest, "median": self.median, "highest": self.highest}


@dataclass(frozen=True)
class Outlook:
    """Everything a calculator gives for one set of figures: the break-even result and what issue 20 adds to it."""

    result: BreakEven
    """The expected case."""
    discount_rate: float
    """The yearly rate used, in percent."""
    monthly_rate: float
    waiting: tuple[Waiting, ...]
    scenarios: tuple[ScenarioOutcome, ...]
    discounted: tuple[float, ...]
    """The discounted cumulative net for months 0..H."""
    npv: float
    discounted_break_even_month: float | None
    sensitivity: tuple[Sensitivity, ...]
    """Every input, widest swing first."""

    @property
    def shown_waiting(self) -> tuple[Waiting, ...]:
        """The waiting costs a page or a worksheet shows: the positive ones."""
        return tuple(waiting for waiting in self.waiting if waiting.cost > 0)

    @property
    def monthly_waiting(self) -> float | None:
        """"Each month you wait costs about …": the cost of waiting one month, when it is positive."""
        return next((waiting.cost for waiting in self.shown_waiting if waiting.months == 1), None)

    @property
    def most_moving(self) -> tuple[Sensitivity, ...]:
        """"What moves the result most": the inputs with the widest swing, those that move it at all."""
        return tuple(entry for entry in self.sensitivity[:MOST_MOVING] if entry.swing > 0)

    def as_json(self, evidence: Mapping[str, EvidenceRange] | None = None) -> dict[str, object]:
        """``decide calc --format json``: the break-even result's fields, then this model's, then the evidence per input that has some."""
        return {
            **self.result.as_json(),
            "waiting": [waiting.as_json() for waiting in self.waiting],
            "scenarios": [outcome.as_json() for outcome in self.scenarios],
            "npv": self.npv,
            "discounted_break_even_month": self.discounted_break_even_month,
            "sensitivity": [entry.as_json() for entry in self.sensitivity],
            "evidence": {input_id: found.as_json() for input_id, found in (evidence or {}).items()},
        }


def scenarios_of(calculator: Calculator) -> tuple[Scenario, ...]:
    """The calculator's scenarios: those it lists (none for ``[]``), else Conservative, Expected and Ambitious."""
    return DEFAULT_SCENARIOS if calculator.scenarios is None else tuple(calculator.scenarios)


def discount_rate_of(calculator: Calculator, site: Site | None) -> float:
    """The yearly rate present value is worked out at: the calculator's, else the site's, else ``DEFAULT_DISCOUNT_RATE``."""
    if calculator.discount_rate is not None:
        return calculator.discount_rate
    if site is not None and site.discount_rate is not None:
        return site.discount_rate
    return DEFAULT_DISCOUNT_RATE


def outlook(calculator: Calculator, values: dict[str, float], discount_rate: float) -> Outlook:
    """The whole model for one set of figures (steps 1 to 6 above); pure. Raises OutOfRange as ``break_even`` does, for any case it works out."""
    result = break_even(calculator, values)
    growth = twelfth_root(1 + discount_rate / 100)
    discounted = _discounted(result, growth)
    return Outlook(
        result=result,
        discount_rate=tidy(discount_rate),
        monthly_rate=tidy(growth - 1),
        waiting=_waiting(result),
        scenarios=tuple(ScenarioOutcome(scenario, break_even(calculator, values, scenario)) for scenario in scenarios_of(calculator)),
        discounted=discounted,
        npv=discounted[-1],
        discounted_break_even_month=first_crossing(discounted),
        sensitivity=_sensitivity(calculator, values),
    )


def figures(calculator: Calculator, given: dict[str, str]) -> dict[str, float]:
    """The defaults with the prospect's values laid over them; raises InputError naming every bad one, OutOfRange when any case of their result is."""
    ids = input_ids(calculator)
    unknown = sorted(set(given) - set(ids))
    if unknown:
        raise InputError(f"{', '.join(f'`{name}`' for name in unknown)} {'is not an input' if len(unknown) == 1 else 'are not inputs'} of this calculator; its inputs are: {', '.join(ids)}.")
    values, problems = read_figures(calculator, given)
    if problems:
        raise InputError("; ".join(f"`{name}` {problem}" for name, problem in problems.items()) + ".")
    in_range(calculator, values)
    return values


def in_range(calculator: Calculator, values: dict[str, float]) -> None:
    """Raises OutOfRange when any case a surface shows for these figures is: the expected one, a scenario or a sensitivity move.

    The rate does not matter: present value divides finite amounts by at least 1.
    """
    outlook(calculator, values, DEFAULT_DISCOUNT_RATE)


def twelfth_root(x: float) -> float:
    """x ** (1 / 12) for x from 1 to 2, by Newton's method in additions, multiplications and divisions only.

    Those are exact to the last bit alike in Python and in every browser, where ``**`` and ``Math.pow`` may
    differ in it; the result is within one unit in the last place of ``x ** (1 / 12)``. Start with
    y = 1 + (x - 1) / 12; then ``ROOT_STEPS`` times: p = y, multiplied by y ten times over (y to the 11th), and
    y = (11 * y + x / p) / 12.
    """
    root = 1 + (x - 1) / 12
    for _ in range(ROOT_STEPS):
        power = root
        for _ in range(10):
            power = power * root
        root = (11 * root + x / power) / 12
    return root


def _discounted(result: BreakEven, growth: float) -> tuple[float, ...]:
    discount = 1.0
    total = 0.0
    running: list[float] = []
    for month in range(result.horizon + 1):
        if month > 0:
            discount = discount * growth
        total = total + (result.gained[month] - result.paid[month]) / discount
        running.append(tidy(total))
    return tuple(running)


def _waiting(result: BreakEven) -> tuple[Waiting, ...]:
    horizon = result.horizon
    net = result.monthly
    return tuple(Waiting(months, tidy(net[horizon] - net[horizon - months])) for months in WAITING_MONTHS if months < horizon)


def _sensitivity(calculator: Calculator, values: dict[str, float]) -> tuple[Sensitivity, ...]:
    entries = [
        Sensitivity(field.id, _net_with(calculator, values, field, LOW_SHARE), _net_with(calculator, values, field, HIGH_SHARE)) for field in calculator.inputs
    ]
    return tuple(sorted(entries, key=lambda entry: entry.swing, reverse=True))


def _net_with(calculator: Calculator, values: dict[str, float], field: CalculatorInput, share: float) -> float:
    """The net at the horizon with one input at ``share`` of its value, clipped to its range."""
    moved = min(max(values[field.id] * share, field.min), field.max)
    try:
        return break_even(calculator, {**values, field.id: moved}).net_at_horizon
    except OutOfRange as error:
        percent = round(share * 100)
        raise OutOfRange(f"{error} (This is with `{field.id}` at {percent}% of its value, {moved:g}, as the sensitivity works it out.)", error.side, error.index) from None


def evidence_for(content: Content, calculator_id: str) -> dict[str, EvidenceRange]:
    """Per input id, what the calculator's offering's reasons with the input's ``evidence.unit`` show; inputs with none are absent."""
    calculator = content.calculators[calculator_id].model
    proving = reasons_of(content, calculator)
    found: dict[str, EvidenceRange] = {}
    for field in calculator.inputs:
        if field.evidence is None:
            continue
        measured = [(entry, entry.reason.metric.value) for entry in proving if entry.reason.metric is not None and entry.reason.metric.unit == field.evidence.unit]
        values = sorted(tidy(value) for _, value in measured)
        if values:
            found[field.id] = EvidenceRange(field.evidence.unit, len(values), values[0], median(values), values[-1], tuple(entry for entry, _ in measured))
    return found


def reasons_of(content: Content, calculator: Calculator) -> list[ReasonEntry]:
    """The reasons that back a calculator's figures: those proving its offering, in the catalog's order, with their anchors."""
    return entries_proving(content, calculator.offering)


def median(values: list[float]) -> float:
    """The middle of sorted ``values``; for an even count, the mean of the middle two, (a + b) / 2."""
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else tidy((values[middle - 1] + values[middle]) / 2)
