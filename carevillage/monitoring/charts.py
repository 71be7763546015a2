"""The server-drawn chart of one measurement type (SVG, no JavaScript), like the record's
result history: one line per value (systolic and diastolic for blood pressure), the
target band of each, time along the bottom so gaps between readings show. Numbers are
formatted in the template (decimal commas in fi/sv/nb/nn)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .models import Measurement, MeasurementType

WIDTH, HEIGHT = 600, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
COLOURS = ("#1a4f8b", "#8b3a1a", "#3a6b1a")
STEPS = tuple(
    Decimal(step) for step in ("0.1", "0.2", "0.5", "1", "2", "5", "10", "20", "50", "100", "200")
)


@dataclass
class Series:
    name: str
    colour: str
    polyline: str
    points: list[dict[str, Any]]


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: int
    bottom: int
    series: list[Series]
    bands: list[dict[str, Any]]
    ticks: list[dict[str, Any]]
    start: dt.datetime
    end: dt.datetime


def _step(span: Decimal) -> Decimal:
    for step in STEPS:
        if span / step <= 6:
            return step
    return Decimal(1000) if span <= 6000 else Decimal(10000) * (span / 60000).to_integral_value()


def measurement_chart(
    kind: MeasurementType,
    readings: list[Measurement],
    *,
    start: dt.datetime | None,
    end: dt.datetime,
) -> Chart | None:
    """None with fewer than two readings (the table says it all)."""
    if len(readings) < 2:
        return None
    components = [c for c in kind.components.all() if c.required]
    values = {c.code: [(r, r.value(c.code)) for r in readings] for c in components}
    bounds = [v for pairs in values.values() for _r, v in pairs if v is not None]
    for component in components:
        bounds += [b for b in (component.target_low, component.target_high) if b is not None]
    lo, hi = min(bounds), max(bounds)
    step = _step(hi - lo or Decimal(1))
    lo = (lo / step).to_integral_value(rounding="ROUND_FLOOR") * step
    hi = (hi / step).to_integral_value(rounding="ROUND_CEILING") * step
    if hi == lo:
        hi = lo + step
    first = start or readings[0].effective_at
    span = (end - first).total_seconds() or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(at: dt.datetime) -> float:
        return round(LEFT + plot_w * max(0.0, (at - first).total_seconds()) / span, 1)

    def y(value: Decimal) -> float:
        return round(TOP + plot_h * float((hi - value) / (hi - lo)), 1)

    series = []
    bands = []
    for index, component in enumerate(components):
        colour = COLOURS[index % len(COLOURS)]
        points = [
            {"x": x(r.effective_at), "y": y(v), "reading": r, "value": v}
            for r, v in values[component.code]
            if v is not None
        ]
        series.append(
            Series(
                name=component.name,
                colour=colour,
                polyline=" ".join(f"{p['x']},{p['y']}" for p in points),
                points=points,
            )
        )
        if component.target_low is not None and component.target_high is not None:
            top = y(min(component.target_high, hi))
            bands.append(
                {
                    "y": top,
                    "height": round(y(max(component.target_low, lo)) - top, 1),
                    "name": component.name,
                }
            )
    ticks = []
    tick = lo
    while tick <= hi:
        ticks.append({"y": y(tick), "value": tick if step < 1 else int(tick)})
        tick += step
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        bottom=HEIGHT - BOTTOM,
        series=series,
        bands=bands,
        ticks=ticks,
        start=first,
        end=end,
    )
