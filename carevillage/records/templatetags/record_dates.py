"""`{{ value|record_date }}`: a record's date in the reader's language and time zone.

Each language's own short date (Django's locale formats: fi "25.8.2026", sv
"2026-08-25", nb and nn "25.08.2026"), except English, whose short format (08/25/2026)
reads as another day outside the United States: it gets the day, the month's name and
the year, "25 Aug 2026". A moment (a datetime) is shown on the day it was in the current
time zone.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language

register = template.Library()

# Languages whose SHORT_DATE_FORMAT is ambiguous across the village's readers.
UNAMBIGUOUS = {"en": "j M Y"}


def record_date_format(language: str | None = None) -> str:
    code = (language or get_language() or "en").split("-")[0]
    return UNAMBIGUOUS.get(code) or str(formats.get_format("SHORT_DATE_FORMAT", lang=code))


@register.filter
def record_date(value: dt.date | dt.datetime | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, record_date_format())
