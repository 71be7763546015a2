"""When an anonymous chat service is open, in words, from the service's own settings
(weekdays and hours set by the org admin; local time of the village)."""

from __future__ import annotations

from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from .models import ChatService


def _day_runs(weekdays: str) -> list[tuple[int, int]]:
    days = sorted({int(d) for d in weekdays if d.isdigit() and int(d) < 7})
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def describe(service: ChatService) -> str:
    """ "The chat is open Monday–Friday from 08:00 to 15:00." in the page's language."""
    runs = _day_runs(service.weekdays)
    if not runs:
        return _("The chat has no opening hours at the moment.")
    parts = [
        str(WEEKDAYS[first]) if first == last else f"{WEEKDAYS[first]}–{WEEKDAYS[last]}"
        for first, last in runs
    ]
    return _("The chat is open %(days)s from %(opens)s to %(closes)s.") % {
        "days": ", ".join(parts),
        "opens": time_format(service.opens_at, "H:i"),
        "closes": time_format(service.closes_at, "H:i"),
    }
