"""Every read of scheduling that leaves the app.

Appointment types and open times hold no one's data; appointments do, and are read
only through `access` (`visible` + `record_listing` for a list, `get` for one).
"""

from __future__ import annotations

import datetime as dt
import statistics
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from carevillage import access
from carevillage.access.handlers.appointments import offered_to
from carevillage.audit.actions import AuditAction

from .availability import Busy, FreeTime, Offer, free_times
from .models import (
    HOLDING_STATUSES,
    Appointment,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    AvailabilityRule,
    CancelledBy,
    ExceptionKind,
)

# How far around a time a booking's check looks for rules and other bookings: longer
# than any visit with its buffers.
_AROUND = dt.timedelta(days=1)


def offered_types(*, person: Any) -> QuerySet[AppointmentType]:
    """The types the person may book online or request, of the teams that care for them."""
    return (
        AppointmentType.objects.filter(offered_to(person.pk))
        .select_related("care_team")
        .order_by("care_team__name", "name_en")
    )


def offered_type(*, person: Any, pk: Any) -> AppointmentType | None:
    try:
        return offered_types(person=person).filter(pk=pk).first()
    except (ValueError, TypeError, OverflowError):
        return None


def _busy(rows: QuerySet[Appointment]) -> list[Busy]:
    return [
        Busy(
            professional_id=row.professional_id,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            appointment_type_id=row.appointment_type_id,
            buffer_before=row.appointment_type.buffer_before,
            buffer_after=row.appointment_type.buffer_after,
        )
        for row in rows.select_related("appointment_type")
        if row.starts_at is not None and row.ends_at is not None
    ]


def free_times_of(
    appointment_type: AppointmentType,
    *,
    now: dt.datetime | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    professional_id: Any = None,
    ignore_bookings: bool = False,
    exclude_appointment_id: Any = None,
) -> list[FreeTime]:
    """The free times of a type: its team's professionals' rules and exceptions, less the
    bookings that hold their time (of any team). Three queries, whatever the range;
    `ignore_bookings` gives the times offered at all (to tell "taken" from "never")."""
    now = now or timezone.now()
    rules = AvailabilityRule.objects.filter(care_team=appointment_type.care_team_id)
    exceptions = AvailabilityException.objects.filter(
        Q(kind=ExceptionKind.CLOSED) | Q(care_team=appointment_type.care_team_id)
    )
    if professional_id is not None:
        rules = rules.filter(professional=professional_id)
        exceptions = exceptions.filter(professional=professional_id)
    lower = max(now, start) if start is not None else now
    upper = (
        min(now + appointment_type.horizon, end)
        if end is not None
        else now + appointment_type.horizon
    )
    rules_list = list(rules)
    professionals = {rule.professional_id for rule in rules_list}
    exceptions_list = list(
        exceptions.filter(starts_at__lt=upper + _AROUND, ends_at__gt=lower - _AROUND)
    )
    professionals |= {
        one.professional_id for one in exceptions_list if one.kind == ExceptionKind.EXTRA
    }
    bookings = (
        []
        if ignore_bookings
        else _busy(
            Appointment.objects.filter(
                professional__in=professionals,
                status__in=HOLDING_STATUSES,
                starts_at__lt=upper + _AROUND,
                ends_at__gt=lower - _AROUND,
            ).exclude(pk=exclude_appointment_id)
        )
    )
    return free_times(
        rules_list,
        exceptions_list,
        bookings,
        Offer.of(appointment_type),
        now,
        start=start,
        end=end,
    )


def free_times_by_day(
    appointment_type: AppointmentType,
    *,
    zone: str,
    now: dt.datetime | None = None,
    week: int = 0,
) -> list[tuple[dt.date, list[FreeTime]]]:
    """The free times of one week (`week` 0 is the seven days from today, in `zone`,
    the person's), grouped by day, one time per start (the first professional free)."""
    tz = zoneinfo.ZoneInfo(zone)
    now = now or timezone.now()
    first = now.astimezone(tz).date() + dt.timedelta(weeks=week)
    start = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
    end = dt.datetime.combine(first + dt.timedelta(weeks=1), dt.time(0), tzinfo=tz)
    days: dict[dt.date, dict[dt.datetime, FreeTime]] = {}
    for free in free_times_of(appointment_type, now=now, start=start, end=end):
        if free.starts_at < end:
            days.setdefault(free.starts_at.astimezone(tz).date(), {}).setdefault(
                free.starts_at, free
            )
    return [(day, list(times.values())) for day, times in sorted(days.items())]


def weeks_ahead(appointment_type: AppointmentType) -> int:
    """How many weeks of times the type offers (its horizon, rounded up)."""
    return max(1, -(-appointment_type.horizon_days // 7))


def _for_actor(actor: Any, action: AuditAction, on_behalf_of: Any) -> QuerySet[Appointment]:
    return access.visible(
        actor,
        action,
        Appointment.objects.select_related(
            "appointment_type", "care_team__organization", "professional", "person"
        ),
        on_behalf_of=on_behalf_of,
    )


def appointments_for(*, actor: Any, person: Any, on_behalf_of: Any = None) -> list[Appointment]:
    """The person's appointments the actor may see (the person's own, or as a proxy),
    soonest first, audited as shown."""
    rows = list(
        _for_actor(actor, AuditAction.LIST_APPOINTMENTS, on_behalf_of)
        .filter(person=person.pk)
        .order_by("starts_at", "pk")
    )
    access.record_listing(actor, AuditAction.LIST_APPOINTMENTS, rows, on_behalf_of=on_behalf_of)
    return rows


def split_upcoming(
    rows: list[Appointment], now: dt.datetime | None = None
) -> tuple[list[Appointment], list[Appointment]]:
    """Upcoming (open, not yet over: requests too) and past (over, or closed), the past
    latest first."""
    now = now or timezone.now()
    upcoming = [
        row
        for row in rows
        if row.status in ("requested", "booked", "arrived")
        and (row.ends_at is None or row.ends_at > now)
    ]
    past = [row for row in rows if row not in upcoming]
    past.sort(key=lambda row: row.starts_at or row.created_at, reverse=True)
    return upcoming, past


def appointment(*, actor: Any, pk: Any, on_behalf_of: Any = None, purpose: str = "") -> Appointment:
    """One appointment, decided and audited; 404 when missing or not the actor's."""
    return access.get(
        actor,
        AuditAction.VIEW_APPOINTMENT,
        Appointment.objects.select_related(
            "appointment_type", "care_team__organization", "professional", "person"
        ),
        on_behalf_of,
        purpose=purpose,
        pk=pk,
    )


def day_of_staff(
    *,
    actor: Any,
    day: dt.date,
    zone: str,
    care_team_id: Any = None,
    professional_id: Any = None,
    days: int = 1,
) -> list[Appointment]:
    """The appointments of the actor's teams from `day` for `days` days (a day or a
    week), in the staff member's time zone, audited as shown."""
    tz = zoneinfo.ZoneInfo(zone)
    opens = dt.datetime.combine(day, dt.time(0), tzinfo=tz)
    closes = dt.datetime.combine(day + dt.timedelta(days=days), dt.time(0), tzinfo=tz)
    rows = _for_actor(actor, AuditAction.LIST_APPOINTMENTS, None).filter(
        starts_at__gte=opens, starts_at__lt=closes
    )
    if care_team_id is not None:
        rows = rows.filter(care_team=care_team_id)
    if professional_id is not None:
        rows = rows.filter(professional=professional_id)
    shown = list(rows.order_by("starts_at", "pk"))
    access.record_listing(actor, AuditAction.LIST_APPOINTMENTS, shown)
    return shown


@dataclass
class ReportRow:
    """One type's month: how many visits, how they ended, how far ahead they were booked."""

    month: str
    care_team: str
    appointment_type: str
    booked: int = 0
    fulfilled: int = 0
    no_show: int = 0
    cancelled_by_patient: int = 0
    cancelled_by_clinic: int = 0
    lead_days: list[float] = field(default_factory=list)

    @property
    def no_show_percent(self) -> float | None:
        """No-shows of the visits that were due (done or not attended)."""
        due = self.fulfilled + self.no_show
        return round(100 * self.no_show / due, 1) if due else None

    @property
    def median_lead_days(self) -> float | None:
        return round(statistics.median(self.lead_days), 1) if self.lead_days else None


def no_show_report(*, actor: Any, since: dt.date, until: dt.date, zone: str) -> list[ReportRow]:
    """Per month and type, the visits of the actor's teams that started in [since,
    until]: booked, done, not attended, cancelled by whom, and the median days between
    booking and visit. Every row read is audited (a report reads personal data too)."""
    tz = zoneinfo.ZoneInfo(zone)
    opens = dt.datetime.combine(since, dt.time(0), tzinfo=tz)
    closes = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    rows = list(
        _for_actor(actor, AuditAction.LIST_APPOINTMENTS, None)
        .filter(starts_at__gte=opens, starts_at__lt=closes)
        .order_by("starts_at", "pk")
    )
    access.record_listing(actor, AuditAction.LIST_APPOINTMENTS, rows, reason="report")
    report: dict[tuple[str, str, str], ReportRow] = {}
    for row in rows:
        assert row.starts_at is not None
        month = row.starts_at.astimezone(tz).strftime("%Y-%m")
        key = (month, row.care_team.name, row.appointment_type.name)
        line = report.setdefault(key, ReportRow(*key))
        line.booked += 1
        if row.status == AppointmentStatus.FULFILLED:
            line.fulfilled += 1
        elif row.status == AppointmentStatus.NO_SHOW:
            line.no_show += 1
        elif row.status == AppointmentStatus.CANCELLED:
            if row.cancelled_by == CancelledBy.CLINIC:
                line.cancelled_by_clinic += 1
            else:
                line.cancelled_by_patient += 1
        line.lead_days.append((row.starts_at - row.created_at).total_seconds() / 86400)
    return [report[key] for key in sorted(report)]


def open_requests_of_staff(*, actor: Any) -> list[Appointment]:
    """Requests waiting for a time in the actor's teams, oldest first, audited."""
    rows = list(
        _for_actor(actor, AuditAction.ACCEPT_APPOINTMENT_REQUEST, None).order_by("created_at", "pk")
    )
    access.record_listing(actor, AuditAction.ACCEPT_APPOINTMENT_REQUEST, rows)
    return rows
