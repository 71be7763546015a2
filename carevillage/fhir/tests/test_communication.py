"""Secure messages through the FHIR API: the organization's EHR reads the patient's
messages with its team; internal notes and other organizations' clients see nothing."""

from __future__ import annotations

import uuid

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.communication import Communication

from carevillage.audit.models import AuditEvent
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.messaging import services
from carevillage.testing.factories import make_organization
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db


def test_the_patients_messages_with_the_team_but_no_internal_note(client):
    world = make_world()
    refer_and_accept(world)
    thread = services.start_thread(
        actor=world.patient.user,
        care_team=world.team,
        topic="Sleep",
        body="I wake up at four every night.",
        client_key=uuid.uuid4(),
    )
    services.send_message(
        actor=world.nurse,
        thread=thread,
        body="DEMO internal: call her.",
        client_key=uuid.uuid4(),
        internal=True,
    )
    reply, _created = services.send_message(
        actor=world.nurse, thread=thread, body="Let us talk on Monday.", client_key=uuid.uuid4()
    )
    ehr = make_api_client(world.organization, "system/Communication.rs")
    headers = ehr.headers(client)
    found = client.get(f"/fhir/Communication?patient=Patient/{world.patient.pk}", **headers)
    bundle = Bundle.model_validate(found.json())
    texts = [
        Communication.model_validate(e.resource.model_dump()).payload[0].contentString
        for e in bundle.entry
    ]
    assert texts == ["I wake up at four every night.", "Let us talk on Monday."]
    assert AuditEvent.objects.filter(
        action="view_thread", actor_label="Lakeside EHR", subject_person_id=world.patient.pk
    ).exists()
    read = client.get(f"/fhir/Communication/{reply.pk}", **headers)
    assert read.json()["recipient"] == [{"reference": f"Patient/{world.patient.pk}"}]
    other = make_api_client(make_organization("Fjord Hospital"), name="Fjord EHR")
    assert client.get(f"/fhir/Communication/{reply.pk}", **other.headers(client)).status_code == 404
