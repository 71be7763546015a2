"""Booking, requests, cancelling and marking: what the patient and the team notice, and
what the trail says."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from carevillage import access
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.identity.tests.factories import make_person
from carevillage.notify.models import Notification
from carevillage.proxy import services as proxy_services
from carevillage.proxy.models import Scope
from carevillage.scheduling import selectors, services
from carevillage.scheduling.models import Appointment, AppointmentStatus, ExceptionKind
from carevillage.tenants.models import PatientRegistration

from .conftest import kind

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def upcoming_monday(hour: int, minute: int = 0) -> dt.datetime:
    """Next week's Monday at a wall-clock time in Helsinki (always in the future)."""
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    return dt.datetime.combine(monday, dt.time(hour, minute), tzinfo=HELSINKI)


def book(world, when, *, person=None, actor=None, appointment_type=None, now=None):
    person = person or world.patient
    return services.book(
        actor=actor or person.user,
        person=person,
        appointment_type=appointment_type or world.visit,
        professional_id=world.nurse.pk,
        starts_at=when,
        now=now,
    )


def events(action: str, outcome: str = Outcome.ALLOWED, **filters) -> int:
    return AuditEvent.objects.filter(action=action, outcome=outcome, **filters).count()


def test_a_patient_books_a_free_time_and_is_told_without_any_detail(world):
    when = upcoming_monday(9)
    appointment = book(world, when)
    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(minutes=30)
    assert appointment.professional == world.nurse
    assert events("book_appointment", resource_id=str(appointment.pk)) == 1
    mail = Notification.objects.get(recipient=world.patient.user)
    assert mail.key == f"appointment:{appointment.pk}"
    assert mail.link_path.endswith(f"/my/appointments/{appointment.pk}/")
    # The time is no longer offered to anyone.
    free = selectors.free_times_of(world.visit, start=when, end=when)
    assert free == []


def test_a_time_just_taken_gets_choose_another_and_nothing_is_saved(world):
    when = upcoming_monday(9)
    book(world, when)
    other = make_person("Olga", "Toinen")
    PatientRegistration.objects.create(
        person=other, organization=world.team.organization, care_team=world.team
    )
    with pytest.raises(services.SlotTaken) as taken:
        book(world, when, person=other)
    assert "just booked by someone else" in " ".join(taken.value.messages)
    assert Appointment.objects.filter(person=other).count() == 0


def test_a_time_outside_the_open_hours_is_not_offered(world):
    with pytest.raises(ValidationError) as refused:
        book(world, upcoming_monday(17))
    assert refused.value.code == "not_offered"
    with pytest.raises(ValidationError):
        book(world, upcoming_monday(9, 10))  # not on the visit grid
    assert Appointment.objects.count() == 0


def test_an_overlapping_visit_of_another_kind_is_refused(world):
    book(world, upcoming_monday(9))
    with pytest.raises(services.SlotTaken):
        services.book(
            actor=world.nurse,
            person=world.patient,
            appointment_type=world.vaccination,
            professional_id=world.nurse.pk,
            starts_at=upcoming_monday(9, 15),
        )


def test_a_closed_day_offers_nothing(world):
    services.add_exception(
        professional=world.nurse,
        kind=ExceptionKind.CLOSED,
        starts_at=upcoming_monday(0),
        ends_at=upcoming_monday(23),
        care_team=world.team,
        note="Holiday",
    )
    with pytest.raises(ValidationError) as refused:
        book(world, upcoming_monday(9))
    assert refused.value.code == "not_offered"


def test_minimum_notice_refuses_a_time_too_soon(world):
    when = upcoming_monday(9)
    with pytest.raises(ValidationError) as refused:
        book(world, when, now=when - dt.timedelta(minutes=30))
    assert refused.value.code == "not_offered"


def test_a_patient_cannot_book_a_staff_only_kind_and_the_refusal_is_in_the_trail(world):
    with pytest.raises(Http404):
        book(world, upcoming_monday(9), appointment_type=world.vaccination)
    assert Appointment.objects.count() == 0
    assert events("book_appointment", Outcome.DENIED, subject_person_id=world.patient.pk) == 1


def test_staff_book_a_staff_only_kind_for_a_patient_of_the_team(world):
    appointment = book(
        world, upcoming_monday(9), actor=world.nurse, appointment_type=world.vaccination
    )
    assert appointment.created_by == world.nurse
    assert [
        row.pk for row in selectors.appointments_for(actor=world.patient.user, person=world.patient)
    ] == [appointment.pk]


def test_nobody_books_for_a_person_the_team_does_not_care_for(world):
    with pytest.raises(Http404):
        book(world, upcoming_monday(9), person=world.stranger)
    with pytest.raises(Http404):
        book(world, upcoming_monday(9), person=world.stranger, actor=world.nurse)
    assert Appointment.objects.count() == 0


def test_a_group_session_takes_its_capacity_and_no_more(world):
    group = kind(world.team, "group", capacity=2, duration_minutes=60)
    people = []
    for name in ("Eeva", "Fanni", "Greta"):
        person = make_person(name, "Ryhmä")
        PatientRegistration.objects.create(
            person=person, organization=world.team.organization, care_team=world.team
        )
        people.append(person)
    when = upcoming_monday(10)
    for person in people[:2]:
        book(world, when, person=person, appointment_type=group)
    with pytest.raises(services.SlotTaken):
        book(world, when, person=people[2], appointment_type=group)
    assert Appointment.objects.filter(appointment_type=group).count() == 2


# --- cancelling -----------------------------------------------------------------------


def test_the_patient_cancels_before_the_cut_off_and_the_time_is_free_again(world):
    when = upcoming_monday(9)
    appointment = book(world, when)
    services.cancel(
        actor=world.patient.user, appointment=appointment, now=when - dt.timedelta(days=2)
    )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert appointment.cancelled_by == "patient"
    assert appointment.status_changed_by == world.patient.user
    assert events("cancel_appointment", resource_id=str(appointment.pk)) == 1
    assert [
        free.starts_at for free in selectors.free_times_of(world.visit, start=when, end=when)
    ] == [when]


def test_after_the_cut_off_the_patient_is_told_whom_to_call_and_nothing_changes(world):
    when = upcoming_monday(9)
    appointment = book(world, when)
    with pytest.raises(ValidationError) as late:
        services.cancel(
            actor=world.patient.user, appointment=appointment, now=when - dt.timedelta(hours=23)
        )
    message = " ".join(late.value.messages)
    assert "24 hours" in message and "09 123 456" in message and world.team.name in message
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_the_clinic_cancels_with_a_reason_and_the_patient_is_told(world):
    appointment = book(world, upcoming_monday(9))
    with pytest.raises(ValidationError) as no_reason:
        services.cancel(actor=world.nurse, appointment=appointment)
    assert no_reason.value.code == "no_reason"
    services.cancel(actor=world.nurse, appointment=appointment, reason="The nurse is ill.")
    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancelled_by, appointment.status_reason) == (
        AppointmentStatus.CANCELLED,
        "clinic",
        "The nurse is ill.",
    )
    assert Notification.objects.filter(
        recipient=world.patient.user, key=f"appointment-change:{appointment.pk}:cancelled"
    ).exists()


def test_another_patient_can_neither_see_nor_cancel_and_both_tries_are_audited(world):
    appointment = book(world, upcoming_monday(9))
    with pytest.raises(Http404):
        selectors.appointment(actor=world.stranger.user, pk=appointment.pk)
    with pytest.raises(Http404):
        services.cancel(actor=world.stranger.user, appointment=appointment)
    assert selectors.appointments_for(actor=world.stranger.user, person=world.patient) == []
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED
    assert events("view_appointment", Outcome.DENIED, subject_person_id=world.patient.pk) == 1
    assert events("cancel_appointment", Outcome.DENIED, subject_person_id=world.patient.pk) == 1


def test_a_professional_of_another_team_sees_nothing(world):
    appointment = book(world, upcoming_monday(9))
    with pytest.raises(Http404):
        selectors.appointment(actor=world.outsider, pk=appointment.pk)
    day = upcoming_monday(9).date()
    assert selectors.day_of_staff(actor=world.outsider, day=day, zone="Europe/Helsinki") == []
    assert [
        row.pk for row in selectors.day_of_staff(actor=world.nurse, day=day, zone="Europe/Helsinki")
    ] == [appointment.pk]


# --- moving -------------------------------------------------------------------------


def test_the_patient_moves_a_visit_before_the_cut_off_and_the_old_time_is_free(world):
    first = upcoming_monday(9)
    appointment = book(world, first)
    services.move(
        actor=world.patient.user,
        appointment=appointment,
        professional_id=world.nurse.pk,
        starts_at=first + dt.timedelta(hours=1),
        now=first - dt.timedelta(days=2),
    )
    appointment.refresh_from_db()
    assert appointment.starts_at == first + dt.timedelta(hours=1)
    assert events("move_appointment", resource_id=str(appointment.pk)) == 1
    assert [
        free.starts_at for free in selectors.free_times_of(world.visit, start=first, end=first)
    ] == [first]
    # Moving it half an hour later overlaps only itself: allowed.
    services.move(
        actor=world.patient.user,
        appointment=appointment,
        professional_id=world.nurse.pk,
        starts_at=first + dt.timedelta(minutes=90),
        now=first - dt.timedelta(days=2),
    )


def test_a_move_after_the_cut_off_or_onto_a_taken_time_changes_nothing(world):
    first = upcoming_monday(9)
    appointment = book(world, first)
    other = make_person("Olga", "Toinen")
    PatientRegistration.objects.create(
        person=other, organization=world.team.organization, care_team=world.team
    )
    book(world, first + dt.timedelta(hours=1), person=other)
    with pytest.raises(services.SlotTaken):
        services.move(
            actor=world.patient.user,
            appointment=appointment,
            professional_id=world.nurse.pk,
            starts_at=first + dt.timedelta(hours=1),
            now=first - dt.timedelta(days=2),
        )
    with pytest.raises(ValidationError) as late:
        services.move(
            actor=world.patient.user,
            appointment=appointment,
            professional_id=world.nurse.pk,
            starts_at=first + dt.timedelta(hours=2),
            now=first - dt.timedelta(hours=3),
        )
    assert late.value.code == "cutoff"
    appointment.refresh_from_db()
    assert appointment.starts_at == first


def test_the_clinic_moves_a_staff_booked_visit_and_the_patient_is_told(world):
    first = upcoming_monday(9)
    appointment = book(world, first, actor=world.nurse, appointment_type=world.vaccination)
    with pytest.raises(Http404):
        services.move(
            actor=world.patient.user,
            appointment=appointment,
            professional_id=world.nurse.pk,
            starts_at=first + dt.timedelta(hours=1),
        )
    services.move(
        actor=world.nurse,
        appointment=appointment,
        professional_id=world.nurse.pk,
        starts_at=first + dt.timedelta(hours=1),
    )
    assert Notification.objects.filter(
        recipient=world.patient.user, key__startswith=f"appointment-change:{appointment.pk}:moved:"
    ).exists()


# --- requests -------------------------------------------------------------------------


def test_a_request_is_given_a_time_by_the_team(world):
    request = services.request_appointment(
        actor=world.patient.user, person=world.patient, appointment_type=world.call, note="Mornings"
    )
    assert request.status == AppointmentStatus.REQUESTED and request.starts_at is None
    assert [row.pk for row in selectors.open_requests_of_staff(actor=world.nurse)] == [request.pk]
    assert selectors.open_requests_of_staff(actor=world.outsider) == []
    when = upcoming_monday(8)
    services.accept_request(
        actor=world.nurse, appointment=request, professional_id=world.nurse.pk, starts_at=when
    )
    request.refresh_from_db()
    assert (request.status, request.starts_at) == (AppointmentStatus.BOOKED, when)
    assert Notification.objects.filter(key=f"appointment:{request.pk}").exists()
    # Answered once: a second answer is refused.
    with pytest.raises(Http404):
        services.decline_request(actor=world.nurse, appointment=request, reason="No")


def test_a_request_is_declined_only_with_a_reason(world):
    request = services.request_appointment(
        actor=world.patient.user, person=world.patient, appointment_type=world.call
    )
    with pytest.raises(ValidationError):
        services.decline_request(actor=world.nurse, appointment=request, reason=" ")
    services.decline_request(actor=world.nurse, appointment=request, reason="Book a visit instead.")
    request.refresh_from_db()
    assert (request.status, request.status_reason) == (
        AppointmentStatus.DECLINED,
        "Book a visit instead.",
    )


def test_a_bookable_kind_is_not_requested_and_a_long_note_is_refused(world):
    with pytest.raises(ValidationError) as bookable:
        services.request_appointment(
            actor=world.patient.user, person=world.patient, appointment_type=world.visit
        )
    assert bookable.value.code == "not_request_only"
    with pytest.raises(ValidationError):
        services.request_appointment(
            actor=world.patient.user,
            person=world.patient,
            appointment_type=world.call,
            note="x" * 2001,
        )
    assert Appointment.objects.count() == 0


# --- marking --------------------------------------------------------------------------


def test_staff_mark_arrived_and_done_and_no_show_only_once_begun(world):
    when = upcoming_monday(9)
    appointment = book(world, when)
    with pytest.raises(ValidationError) as early:
        services.mark(
            actor=world.nurse,
            appointment=appointment,
            status="no_show",
            now=when - dt.timedelta(hours=1),
        )
    assert early.value.code == "too_early"
    services.mark(actor=world.nurse, appointment=appointment, status="arrived", now=when)
    services.mark(actor=world.nurse, appointment=appointment, status="fulfilled", now=when)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.FULFILLED
    assert events("change_appointment", resource_id=str(appointment.pk)) == 2
    with pytest.raises(ValidationError):
        services.mark(actor=world.nurse, appointment=appointment, status="cancelled")


def test_the_patient_cannot_mark_their_own_visit(world):
    appointment = book(world, upcoming_monday(9))
    with pytest.raises(Http404):
        services.mark(actor=world.patient.user, appointment=appointment, status="arrived")


# --- a proxy ------------------------------------------------------------------------


def elsa_and_helena(world, scope: str):
    """Elsa, registered with the team, gives her daughter Helena a power of attorney."""
    elsa = make_person("Elsa", "Testinen", birth_date=dt.date(1941, 12, 5))
    helena = make_person("Helena", "Testinen", birth_date=dt.date(1968, 4, 17))
    PatientRegistration.objects.create(
        person=elsa, organization=world.team.organization, care_team=world.team
    )
    now = timezone.now()
    proxy_services.grant_power_of_attorney(
        actor=elsa.user,
        holder_national_id=helena.national_id,
        scopes=[scope],
        valid_from=now,
        valid_until=now + dt.timedelta(days=30),
    )
    return elsa, helena


def test_a_proxy_with_appointments_books_and_cancels_for_the_person(world):
    elsa, helena = elsa_and_helena(world, Scope.APPOINTMENTS)
    appointment = services.book(
        actor=helena.user,
        person=elsa,
        appointment_type=world.visit,
        professional_id=world.nurse.pk,
        starts_at=upcoming_monday(9),
        on_behalf_of=elsa,
    )
    assert (
        AuditEvent.objects.get(
            action="book_appointment", resource_id=str(appointment.pk)
        ).on_behalf_of_person_id
        == elsa.pk
    )
    shown = selectors.appointments_for(actor=helena.user, person=elsa, on_behalf_of=elsa)
    assert [row.pk for row in shown] == [appointment.pk]
    # Not without acting for her, and never as her own.
    assert selectors.appointments_for(actor=helena.user, person=elsa) == []
    services.cancel(
        actor=helena.user,
        appointment=appointment,
        on_behalf_of=elsa,
        now=upcoming_monday(9) - dt.timedelta(days=2),
    )
    appointment.refresh_from_db()
    assert appointment.cancelled_by == "patient"


def test_a_proxy_without_appointments_in_the_power_gets_nothing(world):
    elsa, helena = elsa_and_helena(world, Scope.MESSAGES)
    appointment = book(world, upcoming_monday(9), person=elsa)
    assert selectors.appointments_for(actor=helena.user, person=elsa, on_behalf_of=elsa) == []
    assert not access.decide(helena.user, "view_appointment", appointment, on_behalf_of=elsa)
