"""A patient in a care path can write to the team that runs it, though not registered
with it; once the care path has ended, that team is no longer offered."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from carevillage.carepaths.enrollments import services
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.messaging.models import Thread
from carevillage.questionnaires.tests.helpers import log_in_patient
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db


def _write(client, team, topic: str):  # noqa: ANN001, ANN202
    return client.post(
        reverse("messaging:new_thread"),
        {
            "care_team": str(team.pk),
            "topic": topic,
            "body": "Module 2 homework was hard this week.",
            "client_key": str(uuid.uuid4()),
        },
    )


def test_patient_writes_to_the_team_running_their_care_path_and_the_team_reads_it(client):
    world = make_world()
    enrollment = refer_and_accept(world)
    log_in_patient(client, world.patient)

    form = client.get(reverse("messaging:new_thread"))
    assert world.team.name in form.content.decode()
    response = _write(client, world.team, "Homework question")

    assert response.status_code == 302
    thread = Thread.objects.get(topic="Homework question")
    assert thread.care_team == world.team and thread.patient == world.patient

    services.end_enrollment(
        actor=world.doctor, enrollment=enrollment, status="completed", reason=""
    )
    assert world.team.name not in client.get(reverse("messaging:new_thread")).content.decode()
    refused = _write(client, world.team, "After the end")
    assert refused.status_code == 400
    assert not Thread.objects.filter(topic="After the end").exists()

    staff = Client()
    log_in_staff(staff, world.nurse)
    inbox = staff.get(reverse("messaging:team_inbox")).content.decode()
    assert "Homework question" in inbox
