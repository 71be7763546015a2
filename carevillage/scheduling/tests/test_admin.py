"""Org admins set up their teams' appointment types, open times and exceptions in the
admin; nobody sees or edits another organization's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from carevillage.scheduling import services
from carevillage.scheduling.models import AppointmentType, AvailabilityRule
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_care_team, make_organization, make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def harbour_team():
    return make_care_team(make_organization("Harbour Health District"), "Harbour school nurses")


@pytest.fixture
def nurse(harbour_team):
    return make_staff("nurse.noora", harbour_team.organization, care_teams=(harbour_team,))


@pytest.fixture
def admin_client(client, harbour_team):
    admin = make_staff("admin.aapo", harbour_team.organization, role=Role.ORG_ADMIN)
    log_in_staff(client, admin)
    return client


def type_form(team, **overrides) -> dict:  # noqa: ANN001
    data = {
        "care_team": team.pk,
        "code": "vaccination",
        "name_en": "Vaccination",
        "name_fi": "Rokotus",
        "duration_minutes": "15",
        "mode": "in_person",
        "booking": "staff_only",
        "buffer_before_minutes": "0",
        "buffer_after_minutes": "5",
        "minimum_notice_minutes": "60",
        "horizon_days": "28",
        "cancellation_cutoff_hours": "24",
        "capacity": "1",
        "contact_phone": "09 100 200",
        "active": "on",
    }
    return data | overrides


def rule_form(team, nurse, **overrides) -> dict:  # noqa: ANN001
    data = {
        "professional": nurse.pk,
        "care_team": team.pk,
        "weekday": "0",
        "start_time": "08:00",
        "end_time": "12:00",
        "time_zone": "Europe/Helsinki",
        "valid_from": "2026-01-01",
    }
    return data | overrides


def test_org_admin_adds_a_kind_of_visit_and_an_open_time(admin_client, harbour_team, nurse):
    response = admin_client.post(reverse("appointment_types:add"), type_form(harbour_team))
    assert response.status_code == 302
    kind = AppointmentType.objects.get(care_team=harbour_team, code="vaccination")
    assert (kind.duration_minutes, kind.booking, kind.name_fi) == (15, "staff_only", "Rokotus")
    response = admin_client.post(reverse("availability_rules:add"), rule_form(harbour_team, nurse))
    assert response.status_code == 302
    rule = AvailabilityRule.objects.get(professional=nurse)
    assert (rule.start_time, rule.end_time) == (dt.time(8), dt.time(12))


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"end_time": "07:00"}, "The open time must end after it starts"),
        ({"time_zone": "Europe/Atlantis"}, "Not a known time zone."),
        ({"valid_until": "2025-12-31"}, "The last day cannot be before the first."),
    ],
)
def test_a_wrong_open_time_gets_a_clear_error_and_saves_nothing(
    admin_client, harbour_team, nurse, overrides, message
):
    response = admin_client.post(
        reverse("availability_rules:add"), rule_form(harbour_team, nurse, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert AvailabilityRule.objects.count() == 0


def test_a_visit_without_a_length_or_a_place_is_refused(admin_client, harbour_team):
    response = admin_client.post(
        reverse("appointment_types:add"),
        type_form(harbour_team, duration_minutes="0", capacity="0"),
    )
    page = response.content.decode()
    assert "A visit needs a length of at least a minute." in page
    assert "A visit needs at least one place." in page
    assert AppointmentType.objects.count() == 0


def test_org_admin_of_another_organization_sees_and_edits_nothing(admin_client):
    elsewhere = make_care_team(make_organization("Hillside Municipality"), "Hillside nurses")
    kind = services.define_appointment_type(
        care_team=elsewhere,
        code="visit",
        names={"en": "Visit"},
        duration_minutes=30,
        mode="in_person",
    )
    listing = admin_client.get(reverse("appointment_types:index")).content.decode()
    assert "Hillside nurses" not in listing
    assert admin_client.get(reverse("appointment_types:edit", args=[kind.pk])).status_code == 404
    response = admin_client.post(
        reverse("appointment_types:add"), type_form(elsewhere, code="sneaky")
    )
    assert response.status_code == 200  # the team is not a choice
    assert not AppointmentType.objects.filter(code="sneaky").exists()


def test_a_professional_without_the_admin_role_cannot_open_the_screens(client, nurse):
    log_in_staff(client, nurse)
    response = client.get(reverse("appointment_types:index"))
    assert response.status_code == 302
