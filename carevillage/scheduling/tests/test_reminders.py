"""Reminders before a booked visit: 24 hours and 2 hours ahead, exactly once each, none
for a cancelled visit, none that came too late, and nothing lost when a sweep dies."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections

from carevillage.audit.models import AuditEvent
from carevillage.notify.models import Notification
from carevillage.scheduling import reminders, services
from carevillage.scheduling.models import Appointment, AppointmentReminder

from .test_services import book, upcoming_monday

HOUR = dt.timedelta(hours=1)


def reminder_keys(person) -> list[str]:
    """The reminders' keys without the visit's time ("appointment-reminder:<id>:<lead>")."""
    return sorted(
        key.rsplit(":", 1)[0]
        for key in Notification.objects.filter(
            recipient=person.user, key__startswith="appointment-reminder:"
        ).values_list("key", flat=True)
    )


@pytest.fixture
def visit(world) -> Appointment:
    when = upcoming_monday(10)
    return book(world, when, now=when - 72 * HOUR)


def test_the_day_before_and_two_hours_before_each_once(world, visit):
    starts = visit.starts_at
    assert reminders.queue_due_reminders(now=starts - 25 * HOUR) == 0
    assert reminders.queue_due_reminders(now=starts - 23 * HOUR) == 1
    assert reminders.queue_due_reminders(now=starts - 22 * HOUR) == 0
    assert reminder_keys(world.patient) == [f"appointment-reminder:{visit.pk}:1440"]
    assert reminders.queue_due_reminders(now=starts - 90 * dt.timedelta(minutes=1)) == 1
    assert reminders.queue_due_reminders(now=starts - 30 * dt.timedelta(minutes=1)) == 0
    assert reminder_keys(world.patient) == [
        f"appointment-reminder:{visit.pk}:120",
        f"appointment-reminder:{visit.pk}:1440",
    ]
    # The mail says nothing of the visit: its link opens the page after login.
    mail = Notification.objects.get(key__startswith=f"appointment-reminder:{visit.pk}:120:")
    assert mail.link_path.endswith(f"/my/appointments/{visit.pk}/")
    assert (
        AuditEvent.objects.filter(action="remind_appointment", resource_id=str(visit.pk)).count()
        == 2
    )


def test_a_late_sweep_sends_only_the_nearest_reminder(world, visit):
    assert reminders.queue_due_reminders(now=visit.starts_at - HOUR) == 1
    assert reminders.queue_due_reminders(now=visit.starts_at - HOUR / 2) == 0
    assert reminder_keys(world.patient) == [f"appointment-reminder:{visit.pk}:120"]


def test_a_cancelled_visit_is_not_reminded(world, visit):
    services.cancel(actor=world.patient.user, appointment=visit, now=visit.starts_at - 48 * HOUR)
    assert reminders.queue_due_reminders(now=visit.starts_at - 23 * HOUR) == 0
    assert reminders.queue_reminder(appointment_id=visit.pk, lead=1440) is False
    assert reminder_keys(world.patient) == []


def test_a_visit_booked_for_this_afternoon_gets_no_day_before_mail(world):
    when = upcoming_monday(14)
    visit = book(world, when, now=when - 3 * HOUR)
    Appointment.objects.filter(pk=visit.pk).update(created_at=when - 3 * HOUR)
    assert reminders.queue_due_reminders(now=when - 150 * dt.timedelta(minutes=1)) == 0
    assert reminders.queue_due_reminders(now=when - 110 * dt.timedelta(minutes=1)) == 1
    assert reminder_keys(world.patient) == [f"appointment-reminder:{visit.pk}:120"]


def test_a_sweep_that_dies_before_its_commit_leaves_the_reminder_for_the_next(
    world, visit, monkeypatch
):
    def dies(*args, **kwargs):
        raise SystemExit("worker killed")

    monkeypatch.setattr(reminders, "tell_person", dies)
    with pytest.raises(SystemExit):
        reminders.queue_due_reminders(now=visit.starts_at - 23 * HOUR)
    assert AppointmentReminder.objects.count() == 0
    monkeypatch.undo()
    assert reminders.queue_due_reminders(now=visit.starts_at - 22 * HOUR) == 1
    assert reminder_keys(world.patient) == [f"appointment-reminder:{visit.pk}:1440"]


def test_two_sweeps_at_once_send_one_reminder(committing_db, world):
    when = upcoming_monday(11)
    visit = book(world, when, now=when - 72 * HOUR)
    for lead in (1440, 120):
        start = threading.Barrier(2)
        results: list[bool] = []
        errors: list[BaseException] = []

        def sweep(lead=lead, start=start) -> None:  # noqa: ANN001
            try:
                start.wait(timeout=10)
                results.append(reminders.queue_reminder(appointment_id=visit.pk, lead=lead))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert sorted(results) == [False, True]
    assert len(reminder_keys(world.patient)) == 2


def test_a_moved_visit_is_reminded_of_its_new_time(world, visit):
    assert reminders.queue_due_reminders(now=visit.starts_at - 23 * HOUR) == 1
    later = visit.starts_at + 2 * HOUR
    services.move(
        actor=world.nurse,
        appointment=visit,
        professional_id=world.nurse.pk,
        starts_at=later,
        now=visit.starts_at - 23 * HOUR,
    )
    assert reminders.queue_due_reminders(now=later - 23 * HOUR) == 1
    keys = Notification.objects.filter(key__startswith=f"appointment-reminder:{visit.pk}:1440:")
    assert keys.count() == 2
