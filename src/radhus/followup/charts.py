"""An indicator's values as a chart a citizen can read: plain SVG drawn on the server (no
script, nothing from elsewhere), with a title, labelled axes, the target line, and the same
data beside it as a table. Numbers are written as the page's language writes them (Swedish:
1 234,5).

Each chart is drawn in two layouts (``WIDE`` and ``NARROW``) and the page's CSS shows one: an
SVG scales its text with its width, so one drawing made for a wide screen would write its axes
at 7 px on a 390 px phone. The narrow one is drawn at about a phone's width, with fewer ticks
and the unit above the plot, so its text stays at 12–17 px; paper gets the wide one."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from radhus.followup.selectors_goals import IndicatorView


@dataclass(frozen=True)
class Layout:
    """A chart's size and margins in SVG units (about CSS pixels where the chart is shown)."""

    name: str
    width: int
    height: int
    min_left: int
    right: int
    top: int
    bottom: int
    max_x_labels: int
    y_ticks: int
    font_px: float  # the size the CSS gives its tick labels, to make room for the longest
    rotated_y_label: bool  # the unit along the y axis (wide) or above the plot (narrow)


WIDE = Layout("wide", 640, 320, 90, 20, 20, 56, 10, 5, 13, True)
NARROW = Layout("narrow", 340, 300, 40, 14, 36, 48, 4, 4, 14, False)
LAYOUTS = (WIDE, NARROW)


def format_value(value: Decimal | float | None) -> str:
    """A value without trailing zeros, grouped and with the decimal sign of the language."""
    if value is None:
        return "–"
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    text = format(number.normalize(), "f")
    places = len(text.split(".")[1]) if "." in text else 0
    return number_format(Decimal(text), decimal_pos=places, use_l10n=True, force_grouping=True)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low–high (steps of 1, 2 or 5 times a power of ten)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def year_step(years: int, most: int) -> int:
    """Label every n-th year (1, 2, 5, 10, 20, 50, … apart) so that at most ``most`` labels fit
    ``years`` years."""
    power = 1
    while True:
        for multiple in (1, 2, 5):
            if years / (multiple * power) <= most:
                return multiple * power
        power *= 10


@dataclass
class Point:
    x: float
    y: float
    label: str

    @property
    def sx(self) -> str:
        """The coordinates as SVG wants them, whatever the page's language."""
        return f"{self.x:.1f}"

    @property
    def sy(self) -> str:
        return f"{self.y:.1f}"

    @property
    def corner_x(self) -> str:
        return f"{self.x - 4:.1f}"

    @property
    def corner_y(self) -> str:
        return f"{self.y - 4:.1f}"


@dataclass
class Tick:
    position: float
    label: str

    @property
    def at(self) -> str:
        return f"{self.position:.1f}"


@dataclass
class Chart:
    title: str
    description: str
    y_label: str
    x_label: str
    measured: list[Point]
    targets: list[Point]
    baseline: Point
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    layout: Layout = WIDE
    left: int = WIDE.min_left

    @property
    def name(self) -> str:
        return self.layout.name

    @property
    def width(self) -> int:
        return self.layout.width

    @property
    def height(self) -> int:
        return self.layout.height

    @property
    def right(self) -> int:
        return self.layout.width - self.layout.right

    @property
    def top(self) -> int:
        return self.layout.top

    @property
    def bottom(self) -> int:
        return self.layout.height - self.layout.bottom

    @property
    def rotated_y_label(self) -> bool:
        return self.layout.rotated_y_label

    @property
    def measured_path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.measured)

    @property
    def target_path(self) -> str:
        points = [self.baseline, *self.targets]
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in points)

    @property
    def x_label_y(self) -> int:
        return self.height - 12

    @property
    def y_label_x(self) -> int:
        return 16

    @property
    def y_label_top(self) -> int:
        """The baseline of the unit written above the plot (narrow layout)."""
        return self.top - 16

    @property
    def middle_y(self) -> str:
        return f"{(self.top + self.bottom) / 2:.1f}"

    @property
    def middle_x(self) -> str:
        return f"{(self.left + self.right) / 2:.1f}"

    @property
    def tick_x(self) -> int:
        return self.left - 6

    @property
    def tick_end(self) -> int:
        return self.bottom + 5

    @property
    def tick_label_y(self) -> int:
        return self.bottom + 20


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def indicator_chart(view: IndicatorView, layout: Layout = WIDE) -> Chart:
    indicator = view.indicator
    baseline_day = _year_end(indicator.baseline_year)
    days = [
        baseline_day,
        *(m.measured_on for m in view.measurements),
        *(_year_end(t.year) for t in view.targets),
    ]
    values = [
        float(indicator.baseline_value),
        *(float(m.value) for m in view.measurements),
        *(float(t.value) for t in view.targets),
    ]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    y_values = nice_ticks(low if low < 0 else min(0.0, low), high, layout.y_ticks)
    y_labels = [format_value(Decimal(str(t))) for t in y_values]
    y_min, y_max = y_values[0], y_values[-1]
    # Room for the longest tick label (digits are about 0.6 em wide), and on the wide layout
    # for the unit written along the axis.
    widest = max(len(label) for label in y_labels)
    left = max(
        layout.min_left, (28 if layout.rotated_y_label else 4) + math.ceil(widest * 0.6 * layout.font_px) + 10
    )
    right = layout.width - layout.right
    top = layout.top
    plot_w = right - left
    plot_h = layout.height - layout.bottom - top

    def x(day: dt.date) -> float:
        return left + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - y_min) / (y_max - y_min))

    unit = indicator.unit
    years = list(range(first.year, last.year + 2))
    step = year_step(len(years), layout.max_x_labels)
    x_ticks = [
        Tick(x(dt.date(year, 1, 1)), str(year))
        for year in years
        if year % step == 0 and first <= dt.date(year, 1, 1) <= last
    ]
    measured = [
        Point(
            x(m.measured_on),
            y(float(m.value)),
            f"{m.measured_on.isoformat()}: {format_value(m.value)} {unit}".strip(),
        )
        for m in view.measurements
    ]
    targets = [
        Point(
            x(_year_end(t.year)),
            y(float(t.value)),
            _("Target %(year)s: %(value)s") % {"year": t.year, "value": format_value(t.value)},
        )
        for t in view.targets
    ]
    baseline = Point(
        x(baseline_day),
        y(float(indicator.baseline_value)),
        _("Baseline %(year)s: %(value)s")
        % {"year": indicator.baseline_year, "value": format_value(indicator.baseline_value)},
    )
    latest = view.latest
    final = view.final_target
    parts = [
        _("Baseline %(year)s: %(value)s %(unit)s.")
        % {"year": indicator.baseline_year, "value": format_value(indicator.baseline_value), "unit": unit}
    ]
    if latest:
        parts.append(
            _("Latest value %(date)s: %(value)s %(unit)s.")
            % {"date": latest.measured_on.isoformat(), "value": format_value(latest.value), "unit": unit}
        )
    else:
        parts.append(_("No value measured yet."))
    if final:
        parts.append(
            _("Target %(year)s: %(value)s %(unit)s.")
            % {"year": final.year, "value": format_value(final.value), "unit": unit}
        )
    parts.append(str(indicator.get_direction_display()).capitalize() + ".")
    return Chart(
        title=indicator.name,
        description=" ".join(p.replace("  ", " ") for p in parts),
        y_label=unit or _("value"),
        x_label=_("Year"),
        measured=measured,
        targets=targets,
        baseline=baseline,
        y_ticks=[Tick(y(t), label) for t, label in zip(y_values, y_labels, strict=True)],
        x_ticks=x_ticks,
        layout=layout,
        left=left,
    )


def indicator_charts(view: IndicatorView) -> list[Chart]:
    """The indicator's chart in every layout, the wide one first."""
    return [indicator_chart(view, layout) for layout in LAYOUTS]
