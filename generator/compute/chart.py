"""Where the cumulative-net chart's line and break-even mark fall, for a result of the break-even engine.

The page draws the same chart again in the browser as the prospect types; it
reads the plot area from the SVG (``data-plot``) and places points with the
same rule as ``place`` here, so the chart printed without JavaScript and the
one drawn live look the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.compute.breakeven import BreakEven


@dataclass(frozen=True)
class PlotArea:
    """The chart's coordinate system: a ``width`` x ``height`` view box with the plot inside the margins."""

    width: int = 640
    height: int = 320
    left: int = 12
    top: int = 28
    right: int = 12
    bottom: int = 44

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def as_attribute(self) -> str:
        return f"{self.left} {self.top} {self.plot_width} {self.plot_height}"


PLOT = PlotArea()


@dataclass(frozen=True)
class Chart:
    area: PlotArea
    points: str
    """The line's points as the SVG ``points`` attribute: ``x,y x,y …``."""
    zero: float
    """The height of the line where the net is 0."""
    break_even: tuple[float, float] | None
    highest: float
    lowest: float


def cumulative_chart(result: BreakEven, area: PlotArea = PLOT) -> Chart:
    highest = max(0.0, *result.monthly)
    lowest = min(0.0, *result.monthly)
    if highest == lowest:
        highest = lowest + 1
    horizon = result.horizon

    def place(month: float, value: float) -> tuple[float, float]:
        x = area.left + month * area.plot_width / horizon
        y = area.top + (highest - value) * area.plot_height / (highest - lowest)
        return round(x, 1), round(y, 1)

    points = " ".join(f"{x:g},{y:g}" for x, y in (place(month, value) for month, value in enumerate(result.monthly)))
    marker = None if result.break_even_month is None else place(result.break_even_month, 0.0)
    return Chart(area, points, place(0, 0.0)[1], marker, highest, lowest)
