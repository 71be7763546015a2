"""The server-drawn history chart of one test (SVG, no JavaScript), like the
questionnaire score history: points, a line, the reference range as a band, whole-number
or one-decimal ticks (formatted in the template, so fi/sv/nb/nn get decimal commas)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


@dataclass
class Chart:
    width: int
    height: int
    points: list[dict[str, Any]]
    ticks: list[dict[str, Any]]
    band: dict[str, float] | None
    polyline: str
    left: int
    right: int
    bottom: int


def _nice_step(span: Decimal) -> Decimal:
    for step in (
        Decimal("0.1"),
        Decimal("0.2"),
        Decimal("0.5"),
        Decimal(1),
        Decimal(2),
        Decimal(5),
        Decimal(10),
        Decimal(20),
        Decimal(50),
        Decimal(100),
    ):
        if span / step <= 6:
            return step
    return Decimal(200)


def history_chart(results: list[Any]) -> Chart | None:
    numeric = [row for row in results if row.value is not None]
    if len(numeric) < 2:
        return None
    values = [Decimal(row.value) for row in numeric]
    low_ref = next(
        (row.reference_low for row in reversed(numeric) if row.reference_low is not None), None
    )
    high_ref = next(
        (row.reference_high for row in reversed(numeric) if row.reference_high is not None), None
    )
    bounds = values + [v for v in (low_ref, high_ref) if v is not None]
    lo, hi = min(bounds), max(bounds)
    step = _nice_step(hi - lo or Decimal(1))
    lo = (lo / step).to_integral_value(rounding="ROUND_FLOOR") * step
    hi = (hi / step).to_integral_value(rounding="ROUND_CEILING") * step
    if hi == lo:
        hi = lo + step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        return round(TOP + plot_h * float((hi - value) / (hi - lo)), 1)

    count = len(numeric)
    points = [
        {"x": round(LEFT + plot_w * index / (count - 1), 1), "y": y(value), "result": row}
        for index, (row, value) in enumerate(zip(numeric, values, strict=True))
    ]
    ticks = []
    tick = lo
    while tick <= hi:
        ticks.append({"y": y(tick), "value": tick if step < 1 else int(tick)})
        tick += step
    band = None
    if low_ref is not None and high_ref is not None:
        band = {
            "y": y(Decimal(high_ref)),
            "height": round(y(Decimal(low_ref)) - y(Decimal(high_ref)), 1),
        }
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        ticks=ticks,
        band=band,
        polyline=" ".join(f"{p['x']},{p['y']}" for p in points),
        left=LEFT,
        right=WIDTH - RIGHT,
        bottom=HEIGHT - BOTTOM,
    )
