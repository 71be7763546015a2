"""A small world for scheduling: one care team at a health station with a nurse open
every day 8–16 (Helsinki), a patient registered with it, a patient of no team, a
professional of another team, and three kinds of visit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from carevillage.identity.models import Person, User
from carevillage.identity.tests.factories import make_person
from carevillage.notify.models import NotificationEmail
from carevillage.scheduling import services
from carevillage.scheduling.models import AppointmentType, Booking, Mode
from carevillage.tenants.models import CareTeam, PatientRegistration
from carevillage.tenants.tests.factories import make_care_team, make_organization, make_staff


@dataclass
class World:
    team: CareTeam
    nurse: User
    outsider: User
    patient: Person
    stranger: Person
    visit: AppointmentType
    vaccination: AppointmentType
    call: AppointmentType


def with_address(person: Person, language: str = "en") -> Person:
    NotificationEmail.objects.create(
        user=person.user,
        address=f"{person.user.username}@example.test",
        language=language,
        confirmed_at=timezone.now(),
    )
    return person


def kind(team: CareTeam, code: str, **settings) -> AppointmentType:
    return services.define_appointment_type(
        care_team=team,
        code=code,
        names={"en": code.replace("-", " ").capitalize(), "fi": f"{code} (fi)"},
        **(
            {"duration_minutes": 30, "mode": Mode.IN_PERSON, "contact_phone": "09 123 456"}
            | settings
        ),
    )


@pytest.fixture
def world(db) -> World:
    org = make_organization()
    team = make_care_team(org, "Harbour school nurses")
    other = make_care_team(org, "Harbour doctors")
    nurse = make_staff("nurse.hanna", org, care_teams=(team,), first_name="Hanna")
    outsider = make_staff("doctor.outi", org, care_teams=(other,), first_name="Outi")
    for weekday in range(7):
        services.add_open_time(
            professional=nurse,
            care_team=team,
            weekday=weekday,
            start_time=dt.time(8),
            end_time=dt.time(16),
            time_zone="Europe/Helsinki",
            valid_from=dt.date(2020, 1, 1),
        )
    patient = make_person("Aino", "Testinen")
    PatientRegistration.objects.create(person=patient, organization=org, care_team=team)
    return World(
        team=team,
        nurse=nurse,
        outsider=outsider,
        patient=with_address(patient),
        stranger=make_person("Olli", "Muu"),
        visit=kind(team, "school-nurse-visit", booking=Booking.PATIENT_ONLINE),
        vaccination=kind(team, "vaccination", booking=Booking.STAFF_ONLY, duration_minutes=15),
        call=kind(team, "phone-call", booking=Booking.REQUEST_ONLY, mode=Mode.PHONE),
    )
