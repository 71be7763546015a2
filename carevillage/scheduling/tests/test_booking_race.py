"""Two patients confirm the last place at the same moment: exactly one gets it, the other
is told "This time was just booked by someone else — choose another".

The booking locks the professional's row before it checks the time (services.py), so
on PostgreSQL the second transaction waits for the first and then sees its booking; on
SQLite the second waits for the one writer (transactions begin IMMEDIATE). The test runs
on both: many rounds, two threads released together by a barrier.
"""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

from django.db import connections
from django.utils import timezone

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.identity.tests.factories import make_person
from carevillage.scheduling import services
from carevillage.scheduling.models import Appointment, AppointmentStatus
from carevillage.tenants.models import PatientRegistration

from .conftest import World

ROUNDS = 6
HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def _registered(world: World, name: str):
    person = make_person(name, "Kilpa")
    PatientRegistration.objects.create(
        person=person, organization=world.team.organization, care_team=world.team
    )
    return person


def test_two_patients_confirming_the_same_last_time_get_one_booking(committing_db, world):
    rivals = [_registered(world, "Anni"), _registered(world, "Bea")]
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    for round_ in range(ROUNDS):
        when = dt.datetime.combine(monday, dt.time(8), tzinfo=HELSINKI) + dt.timedelta(
            minutes=30 * round_
        )
        start = threading.Barrier(2)
        booked: list[int] = []
        taken: list[str] = []
        errors: list[BaseException] = []

        def confirm(person, when=when, start=start) -> None:  # noqa: ANN001
            try:
                start.wait(timeout=10)
                appointment = services.book(
                    actor=person.user,
                    person=person,
                    appointment_type=world.visit,
                    professional_id=world.nurse.pk,
                    starts_at=when,
                )
                booked.append(appointment.pk)
            except services.SlotTaken as exc:
                taken.append(" ".join(exc.messages))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=confirm, args=(person,)) for person in rivals]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert errors == []
        assert len(booked) == 1
        assert taken == ["This time was just booked by someone else — choose another."]
        assert (
            Appointment.objects.filter(starts_at=when, status=AppointmentStatus.BOOKED).count() == 1
        )
    # One booking per round, and one "booked" event each: the loser left none.
    assert Appointment.objects.count() == ROUNDS
    assert (
        AuditEvent.objects.filter(action="book_appointment", outcome=Outcome.ALLOWED).count()
        == ROUNDS
    )
