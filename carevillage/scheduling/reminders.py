"""Appointment reminders: an e-mail at each lead time before a booked visit (default 24
hours and 2 hours, `settings.APPOINTMENT_REMINDER_LEADS_MINUTES`), saying only that an
appointment is coming, with a link to the page behind the e-ID login.

Exactly once per appointment and lead time, as the care-path reminders: the sweep locks
the appointment's row, inserts the reminder's row (unique per appointment and lead) and
queues the notification and its send task, all in one transaction (the task table is in
the same database: an outbox). A second sweep at the same time waits for the lock and
then finds the row; a sweep whose worker dies before the commit leaves nothing, and the
next one takes the reminder up. Sending is notify's idempotent `send_notification`, whose
stalled sends the care-path sweep queues again.

When a sweep comes late (the visit was booked two hours before, or the workers were
down), only the nearest lead time that has come is sent; the earlier ones are marked
done, so nobody gets "in 24 hours" and "in 2 hours" a minute apart. A cancelled or
otherwise closed visit gets nothing.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from carevillage import access
from carevillage.audit.actions import AuditAction

from .models import Appointment, AppointmentReminder, AppointmentStatus
from .services import tell_person

DEFAULT_LEADS_MINUTES = (24 * 60, 2 * 60)
# One sweep queues at most this many; the next (a minute later) takes the rest.
SWEEP_BATCH = 500


def lead_minutes() -> tuple[int, ...]:
    """The lead times, longest first."""
    leads = getattr(settings, "APPOINTMENT_REMINDER_LEADS_MINUTES", DEFAULT_LEADS_MINUTES)
    return tuple(sorted({int(minutes) for minutes in leads if int(minutes) > 0}, reverse=True))


def due(*, now: dt.datetime) -> list[tuple[int, int]]:
    """(appointment id, lead minutes) pairs to send now: for each booked visit still
    ahead, the nearest lead time that has come and was not sent, if that lead time came
    after the visit was booked (someone who books for this afternoon is not reminded of
    it by "tomorrow" mail)."""
    leads = lead_minutes()
    if not leads:
        return []
    longest = dt.timedelta(minutes=leads[0])
    rows = (
        Appointment.objects.filter(
            status=AppointmentStatus.BOOKED, starts_at__gt=now, starts_at__lte=now + longest
        )
        .order_by("starts_at", "pk")
        .values_list("pk", "starts_at", "created_at")[:SWEEP_BATCH]
    )
    sent: dict[int, set[int]] = {}
    for appointment_id, minutes in AppointmentReminder.objects.filter(
        appointment__in=[row[0] for row in rows]
    ).values_list("appointment", "lead_minutes"):
        sent.setdefault(appointment_id, set()).add(minutes)
    found = []
    for appointment_id, starts_at, created_at in rows:
        if starts_at is None:
            continue
        come = [m for m in leads if starts_at - dt.timedelta(minutes=m) <= now]
        nearest = min(come)
        if nearest in sent.get(appointment_id, set()):
            continue
        if starts_at - dt.timedelta(minutes=nearest) < created_at:
            continue
        found.append((appointment_id, nearest))
    return found


def queue_reminder(*, appointment_id: int, lead: int, now: dt.datetime | None = None) -> bool:
    """Claim one reminder and queue its e-mail, in one transaction. False when it was
    claimed already or the visit is no longer booked."""
    now = now or timezone.now()
    with access.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("person__user", "appointment_type")
            .filter(pk=appointment_id, status=AppointmentStatus.BOOKED)
            .first()
        )
        if appointment is None:
            return False
        _reminder, created = AppointmentReminder.objects.get_or_create(
            appointment=appointment, lead_minutes=lead, defaults={"queued_at": now}
        )
        if not created:
            return False
        # The longer lead times that were not sent are done too: too late for them now.
        for longer in lead_minutes():
            if longer > lead:
                AppointmentReminder.objects.get_or_create(
                    appointment=appointment, lead_minutes=longer, defaults={"queued_at": now}
                )
        access.record(None, AuditAction.REMIND_APPOINTMENT, appointment, reason=f"{lead} min")
        # The visit's time is in the key: a moved visit is reminded of its new time.
        moment = int(appointment.starts_at.timestamp()) if appointment.starts_at else 0
        tell_person(appointment, f"appointment-reminder:{appointment.pk}:{lead}:{moment}")
    return True


def queue_due_reminders(*, now: dt.datetime | None = None) -> int:
    """What the minute sweep does: queue every reminder that is due. Returns how many."""
    now = now or timezone.now()
    return sum(queue_reminder(appointment_id=pk, lead=lead, now=now) for pk, lead in due(now=now))
