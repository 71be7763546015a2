"""An appointment as an iCalendar file (RFC 5545), built with the `icalendar` library.

The file carries what the person's own calendar needs: when, the kind of visit, the care
team and how to prepare, and a link back; times in UTC, so every calendar shows them in
its own zone. The UID is stable per appointment, so a second download updates the entry
instead of adding another; a cancelled visit is sent as STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Appointment, AppointmentStatus


def appointment_calendar(appointment: Appointment, *, link: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//CareVillage//Appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = settings.WAGTAILADMIN_BASE_URL.split("://")[-1].split("/")[0] or "carevillage"
    event.add("uid", f"appointment-{appointment.pk}@{host}")
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    if appointment.starts_at is not None and appointment.ends_at is not None:
        event.add("dtstart", appointment.starts_at.astimezone(dt.UTC))
        event.add("dtend", appointment.ends_at.astimezone(dt.UTC))
    kind = appointment.appointment_type
    event.add("summary", f"{kind.name} – {appointment.care_team.name}")
    description = "\n\n".join(part for part in (kind.preparation, link) if part)
    event.add("description", description)
    event.add("url", link)
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
