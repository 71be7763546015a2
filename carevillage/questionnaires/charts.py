"""The history chart: plain SVG drawn on the server, no JavaScript."""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


def history_chart(entries: list[dict[str, Any]], *, top: float) -> dict[str, Any]:
    """Points, axis ticks and labels for `history.html` to draw as inline SVG."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    count = len(entries)
    points = []
    for index, entry in enumerate(entries):
        x = LEFT + (plot_w / 2 if count == 1 else plot_w * index / (count - 1))
        y = TOP + plot_h * (1 - min(entry["value"], top) / top)
        when = timezone.localtime(entry["response"].submitted_at)
        points.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "label": formats.date_format(when, "SHORT_DATE_FORMAT"),
                "score": entry["score"],
            }
        )
    ticks = []
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        value = top * fraction
        ticks.append({"y": round(TOP + plot_h * (1 - fraction), 1), "label": f"{value:g}"})
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "label_y": HEIGHT - BOTTOM + 20,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "ticks": ticks,
    }
