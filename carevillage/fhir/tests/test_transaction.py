"""A transaction Bundle is all or nothing: every referral in it becomes an invitation, or
one bad entry leaves nothing behind (no invitation, no e-mail queued, no allowed event)
and the answer names the entry."""

from __future__ import annotations

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from carevillage.audit.models import AuditEvent
from carevillage.carepaths.models import Enrollment
from carevillage.carepaths.tests.factories import make_world
from carevillage.fhir.tests.test_api import FHIR, referral
from carevillage.identity.models import Person
from carevillage.notify.models import Notification, NotificationEmail
from carevillage.testing.factories import make_person
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world()
    for person in (world.patient,):
        NotificationEmail.objects.create(
            user=person.user, address="paula@example.test", confirmed_at=timezone.now()
        )
    return world


def transaction(*resources: dict) -> dict:
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"resource": resource, "request": {"method": "POST", "url": resource["resourceType"]}}
            for resource in resources
        ],
    }


def of(person: Person) -> dict:
    return {"identifier": {"system": "urn:oid:1.2.246.21", "value": person.national_id}}


def test_every_entry_is_created_in_one_transaction(client, world):
    ehr = make_api_client(world.organization)
    other = make_person("Olli", "Other")
    body = transaction(referral(world), referral(world, subject=of(other)))
    response = client.post("/fhir", body, content_type=FHIR, **ehr.headers(client))
    assert response.status_code == 200, response.content
    answer = Bundle.model_validate(response.json())
    assert answer.type == "transaction-response"
    assert [e.response.status for e in answer.entry] == ["201 Created", "201 Created"]
    assert Enrollment.objects.filter(person__in=[world.patient, other]).count() == 2
    assert answer.entry[0].response.location.startswith("ServiceRequest/")


def test_one_bad_entry_leaves_nothing_behind(client, world):
    ehr = make_api_client(world.organization)
    headers = ehr.headers(client)
    allowed_before = AuditEvent.objects.filter(outcome="allow").count()
    bad = referral(world, requester={"identifier": {"system": "x", "value": "y"}})
    body = transaction(referral(world), bad)
    response = client.post("/fhir", body, content_type=FHIR, **headers)
    assert response.status_code == 400, response.content
    issue = response.json()["issue"][0]
    assert issue["diagnostics"].startswith("Bundle.entry[1]: requester.identifier")
    assert issue["expression"] == ["Bundle.entry[1].resource.ServiceRequest.requester"]
    assert not Enrollment.objects.exists()
    assert not Notification.objects.exists()
    assert AuditEvent.objects.filter(outcome="allow").count() == allowed_before


def test_a_refused_entry_rolls_back_and_its_refusal_stays_in_the_trail(client, world):
    ehr = make_api_client(world.organization)
    stranger = make_person("Saara", "Stranger")
    body = transaction(
        referral(world), referral(world, subject={"reference": f"Patient/{stranger.pk}"})
    )
    response = client.post("/fhir", body, content_type=FHIR, **ehr.headers(client))
    assert response.status_code == 404
    assert "Bundle.entry[1]" in response.json()["issue"][0]["diagnostics"]
    assert not Enrollment.objects.exists()
    assert AuditEvent.objects.filter(
        outcome="deny", subject_person_id=stranger.pk, actor_label="Lakeside EHR"
    ).exists()


@pytest.mark.parametrize(
    "body,named",
    [
        ({"resourceType": "Bundle", "type": "batch", "entry": []}, "only Bundle.type transaction"),
        ({"resourceType": "Bundle", "type": "transaction"}, "no entries"),
        ({"resourceType": "Patient"}, "POST a Bundle"),
        (
            {
                "resourceType": "Bundle",
                "type": "transaction",
                "entry": [
                    {
                        "resource": {"resourceType": "Patient"},
                        "request": {"method": "PUT", "url": "Patient/1"},
                    }
                ],
            },
            "only POST (create) entries",
        ),
    ],
)
def test_bundles_we_do_not_process_are_named(client, world, body, named):
    ehr = make_api_client(world.organization)
    response = client.post("/fhir", body, content_type=FHIR, **ehr.headers(client))
    assert response.status_code == 400
    assert named in response.json()["issue"][0]["diagnostics"]
