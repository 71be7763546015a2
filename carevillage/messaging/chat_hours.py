"""When an anonymous chat service is open, in words, from the service's own settings
(weekdays and hours set by the org admin; local time of the village)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import time_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import ChatService


def _time(value: dt.time) -> str:
    """A time as the reader writes it: Finnish 8.00, Swedish and Norwegian 08:00. English
    keeps 08:00 (Django's English format, "8 a.m.", is the American one)."""
    if (get_language() or "en").split("-")[0] == "en":
        return time_format(value, "H:i")
    return time_format(value, "TIME_FORMAT")


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
        "opens": _time(service.opens_at),
        "closes": _time(service.closes_at),
    }


def next_opening(service: ChatService, now: dt.datetime | None = None) -> str:
    """ "Next opening: today at 08:00." (or the weekday), "" when it never opens."""
    days = {int(d) for d in service.weekdays if d.isdigit() and int(d) < 7}
    if not days:
        return ""
    local = (now or timezone.now()).astimezone(ZoneInfo(settings.TIME_ZONE))
    for ahead in range(8):
        day = (local.weekday() + ahead) % 7
        if day not in days or (ahead == 0 and local.time() >= service.opens_at):
            continue
        when = _("today") if ahead == 0 else _("tomorrow") if ahead == 1 else WEEKDAYS[day]
        return _("Next opening: %(day)s at %(time)s.") % {
            "day": when,
            "time": _time(service.opens_at),
        }
    return ""
