"""Where the cumulative-net chart's line, its scenario band and its break-even mark fall, for a result of the break-even engine.

The page draws the same chart again in the browser as the prospect types; it
reads the plot area from the SVG (``data-plot``) and places points, the band
and the break-even dot, with the same rules as ``place``, ``band_points`` and
``PlotArea.inside`` here, so the chart printed without JavaScript and the one
drawn live look the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.compute.breakeven import BreakEven

LABEL_SIZE = 18
"""The axis labels' font size, in view-box units."""

MARK_REACH = 7.5
"""How far the break-even dot reaches from its centre: its radius (6) and half its outline (3)."""

LABEL_GAP = 2
"""The least room between the dot, wherever it falls in the plot, and any label."""

COORDINATE_DECIMALS = 2
"""Decimals of every coordinate written: with the scenarios' band in the scale a month's rise can be only a few units
high, and at tenths the drawn line could cross zero a third of a unit from the dot; at hundredths it stays within a
few hundredths. calculator.js rounds alike."""


@dataclass(frozen=True)
class PlotArea:
    """The chart's coordinate system: a ``width`` x ``height`` view box with the plot inside the margins.

    The labels sit in the margins, clear of the plot by the dot's reach: the highest amount above it, the lowest
    below it, the months below that. The dot's centre is always inside the plot, so it never covers a label. A
    label's box is taken as its font size above the baseline and a quarter of it below.
    """

    width: int = 640
    height: int = 340
    left: int = 12
    top: int = 34
    right: int = 12
    bottom: int = 60

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def as_attribute(self) -> str:
        return f"{self.left} {self.top} {self.plot_width} {self.plot_height}"

    @property
    def highest_label_y(self) -> float:
        """The baseline of the highest amount's label: its descent ends the gap above the dot at the plot's top."""
        return self.top - MARK_REACH - LABEL_GAP - LABEL_SIZE / 4

    @property
    def lowest_label_y(self) -> float:
        """The baseline of the lowest amount's label: its top is the gap below the dot at the plot's bottom."""
        return self.top + self.plot_height + MARK_REACH + LABEL_GAP + LABEL_SIZE

    @property
    def month_label_y(self) -> float:
        """The baseline of the first and last month's labels, a gap below the lowest amount's."""
        return self.lowest_label_y + LABEL_SIZE / 4 + LABEL_GAP + LABEL_SIZE

    def inside(self, x: float, y: float) -> tuple[float, float]:
        """The point moved into the plot if it falls outside (rounding can put it a hundredth out): there no label is."""
        return min(max(x, self.left), self.left + self.plot_width), min(max(y, self.top), self.top + self.plot_height)


PLOT = PlotArea()


@dataclass(frozen=True)
class Chart:
    area: PlotArea
    points: str
    """The line's points as the SVG ``points`` attribute: ``x,y x,y …``."""
    zero: float
    """The height of the line where the net is 0."""
    break_even: tuple[float, float] | None
    """The dot: at the break-even month (interpolated between months), on the zero line, where the net line crosses it."""
    highest: float
    lowest: float
    band: str | None = None
    """The band between the lowest and the highest scenario, month by month, as the SVG ``points`` of one polygon: the
    highest edge from month 0 to H, then the lowest back to 0. None when the calculator has no scenarios."""

    @property
    def label_size(self) -> int:
        return LABEL_SIZE


def cumulative_chart(result: BreakEven, scenarios: list[list[float]] | None = None, area: PlotArea = PLOT) -> Chart:
    """The chart of ``result``'s cumulative net; ``scenarios`` holds each scenario's cumulative net, for the band around it.

    The scale takes in the band as well as the line, so the band never runs out of the plot.
    """
    everything = [value for series in [result.monthly, *(scenarios or [])] for value in series]
    highest = max(0.0, *everything)
    lowest = min(0.0, *everything)
    if highest == lowest:
        highest = lowest + 1
    horizon = result.horizon

    def place(month: float, value: float) -> tuple[float, float]:
        x = area.left + month * area.plot_width / horizon
        y = area.top + (highest - value) * area.plot_height / (highest - lowest)
        return _as_the_browser_writes(round(x, COORDINATE_DECIMALS)), _as_the_browser_writes(round(y, COORDINATE_DECIMALS))

    points = " ".join(f"{x:g},{y:g}" for x, y in (place(month, value) for month, value in enumerate(result.monthly)))
    marker = None if result.break_even_month is None else area.inside(*place(result.break_even_month, 0.0))
    band = band_points(scenarios, place) if scenarios else None
    return Chart(area, points, place(0, 0.0)[1], marker, highest, lowest, band)


def band_points(scenarios: list[list[float]], place: Callable[[float, float], tuple[float, float]]) -> str:
    """The band's polygon: each month's highest scenario from month 0 to H, then each month's lowest from H back to 0."""
    months = range(len(scenarios[0]))
    upper = [place(month, max(series[month] for series in scenarios)) for month in months]
    lower = [place(month, min(series[month] for series in scenarios)) for month in reversed(months)]
    return " ".join(f"{x:g},{y:g}" for x, y in upper + lower)


def _as_the_browser_writes(value: float) -> float:
    """A whole coordinate as a whole number (85, not 85.0), so an attribute the template writes reads as the page's script writes it."""
    return int(value) if value.is_integer() else value
