"""Paired devices: the pairing code once, uploads as a compact array and as a FHIR
Bundle (the same batch twice adds nothing), per-item errors, size limits, a device of
one patient writing for another (refused and audited), a revoked token."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.identity.models import Person
from carevillage.monitoring import devices
from carevillage.monitoring.models import Device, Measurement
from carevillage.testing import login_citizen
from carevillage.testing.demo import seed_demo_without_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsa(eid):
    seed_demo_without_content()
    return Person.objects.select_related("user").get(oidc_subject="demo-elsa")


def _paired(person, name="Test scale") -> str:
    pairing = devices.start_pairing(actor=person.user, person=person, name=name)
    response = Client().post(
        "/api/monitoring/pair", json.dumps({"code": pairing.code}), content_type="application/json"
    )
    assert response.status_code == 201
    return response.json()["token"]


def _send(token: str, body, path="readings"):
    return Client().post(
        f"/api/monitoring/{path}",
        body if isinstance(body, str | bytes) else json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _at(hours_ago: int) -> str:
    return (timezone.now() - dt.timedelta(hours=hours_ago)).isoformat()


BATCH = [
    {"id": "w-1", "type": "weight", "time": _at(30), "values": {"weight": 82.4}},
    {"id": "w-2", "type": "29463-7", "time": _at(6), "value": 181.0, "unit": "lb"},
    {"id": "w-3", "type": "weight", "time": _at(5), "values": {"weight": 1200}},
]


def test_the_pairing_code_is_shown_once_and_works_once_within_ten_minutes(client, elsa):
    login_citizen(client, "demo-elsa")
    page = client.post("/en/my/measurements/devices/", {"action": "pair", "name": "Phone"})
    code = re.search(r'class="pairing-code"><strong>([A-Z0-9]{8})<', page.content.decode())[1]
    assert code not in client.get("/en/my/measurements/devices/").content.decode()
    first = Client().post(
        "/api/monitoring/pair", json.dumps({"code": code.lower()}), content_type="application/json"
    )
    assert first.status_code == 201 and first.json()["device"]["name"] == "Phone"
    again = Client().post(
        "/api/monitoring/pair", json.dumps({"code": code}), content_type="application/json"
    )
    assert again.status_code == 400 and "not valid or has expired" in again.json()["error"]
    late = devices.start_pairing(actor=elsa.user, person=elsa, name="Late")
    with pytest.raises(devices.MonitoringError):
        devices.redeem_pairing(code=late.code, now=timezone.now() + dt.timedelta(minutes=11))


def test_a_batch_keeps_the_good_readings_names_the_bad_and_a_resend_adds_nothing(elsa):
    token = _paired(elsa)
    before = Measurement.objects.count()
    response = _send(token, BATCH)
    assert response.status_code == 200
    report = response.json()
    assert report["created"] == 2 and report["existing"] == 0
    assert report["errors"][0]["id"] == "w-3"
    assert "1200 kg is not possible" in report["errors"][0]["error"]
    assert Measurement.objects.count() == before + 2
    pounds = Measurement.objects.get(identifier="w-2")
    assert pounds.value("weight") == 82.1 or str(pounds.value("weight")) == "82.1"
    assert pounds.modality == "sensed" and pounds.source == "device"
    again = _send(token, BATCH).json()
    assert again["created"] == 0 and again["existing"] == 2
    assert Measurement.objects.count() == before + 2
    device = Device.objects.get(name="Test scale")
    assert device.last_sent_at is not None


def _observation(identifier: str, systolic, diastolic, hours_ago: int = 2) -> dict:
    def loinc(code):
        return {"coding": [{"system": "http://loinc.org", "code": code}]}

    return {
        "resource": {
            "resourceType": "Observation",
            "status": "final",
            "identifier": [{"system": "urn:test-cuff", "value": identifier}],
            "code": loinc("85354-9"),
            "effectiveDateTime": _at(hours_ago),
            "component": [
                {"code": loinc("8480-6"), "valueQuantity": {"value": systolic, "code": "mm[Hg]"}},
                {"code": loinc("8462-4"), "valueQuantity": {"value": diastolic, "code": "mm[Hg]"}},
            ],
        },
        "request": {"method": "POST", "url": "Observation"},
    }


def test_a_fhir_bundle_is_a_conditional_create_by_identifier_with_an_outcome_per_error(elsa):
    token = _paired(elsa, "Cuff")
    bundle = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            _observation("bp-1", 128, 82),
            _observation("bp-2", 80, 120),
            {"resource": {"resourceType": "Patient"}},
        ],
    }
    answer = _send(token, bundle, "fhir")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/fhir+json")
    entries = answer.json()["entry"]
    assert entries[0]["response"]["status"] == "201 Created"
    assert entries[1]["response"]["outcome"]["resourceType"] == "OperationOutcome"
    assert "lower pressure" in entries[1]["response"]["outcome"]["issue"][0]["diagnostics"]
    assert entries[2]["response"]["status"] == "400 Bad Request"
    count = Measurement.objects.count()
    again = _send(token, bundle, "fhir").json()["entry"]
    assert again[0]["response"]["status"] == "200 OK"
    assert Measurement.objects.count() == count
    kept = Measurement.objects.get(identifier="urn:test-cuff|bp-1")
    assert kept.values == {"systolic": "128", "diastolic": "82"}
    not_a_bundle = _send(token, {"resourceType": "Observation"}, "fhir")
    assert not_a_bundle.status_code == 400
    assert not_a_bundle.json()["resourceType"] == "OperationOutcome"


def test_a_device_of_one_patient_cannot_write_for_another_and_the_refusal_is_audited(elsa):
    token = _paired(elsa)
    aino = Person.objects.get(oidc_subject="demo-aino")
    item = {"id": "x-1", "type": "weight", "time": _at(1), "values": {"weight": 60}}
    nobody = _send(token, [{**item, "patient": "9" * 40}]).json()
    assert nobody["errors"][0]["error"] == "Unknown patient."
    report = _send(token, [{**item, "patient": str(aino.pk)}]).json()
    assert "only for the patient it was paired to" in report["errors"][0]["error"]
    assert not Measurement.objects.filter(person=aino).exists()
    assert AuditEvent.objects.filter(
        action="record_measurement", outcome=Outcome.DENIED, subject_person_id=aino.pk
    ).exists()
    bundle = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [_observation("bp-x", 120, 80)],
    }
    bundle["entry"][0]["resource"]["subject"] = {"reference": f"Patient/{aino.pk}"}
    entry = _send(token, bundle, "fhir").json()["entry"][0]
    assert entry["response"]["status"] == "400 Bad Request"
    assert not Measurement.objects.filter(person=aino).exists()


def test_a_revoked_token_is_refused_and_the_refusal_is_audited(client, elsa):
    token = _paired(elsa, "Old scale")
    device = Device.objects.get(name="Old scale")
    login_citizen(client, "demo-elsa")
    page = client.get("/en/my/measurements/devices/").content.decode()
    assert "Old scale" in page and "Nothing yet" in page
    response = client.post(
        "/en/my/measurements/devices/", {"action": "revoke", "device": device.pk}
    )
    assert response.status_code == 302
    refused = _send(token, BATCH[:1])
    assert refused.status_code == 401
    assert AuditEvent.objects.filter(
        outcome=Outcome.DENIED, reason="revoked device token", subject_person_id=elsa.pk
    ).exists()
    assert _send("made-up", BATCH[:1]).status_code == 401
    assert _send("made-up", {"resourceType": "Bundle"}, "fhir").json()["resourceType"] == (
        "OperationOutcome"
    )


def test_another_patient_cannot_revoke_elsas_device(client, elsa):
    _paired(elsa, "Elsa's scale")
    device = Device.objects.get(name="Elsa's scale")
    login_citizen(client, "demo-mikko")
    response = client.post(
        "/en/my/measurements/devices/", {"action": "revoke", "device": device.pk}
    )
    assert response.status_code == 404
    device.refresh_from_db()
    assert device.revoked_at is None


def test_too_many_readings_too_large_a_body_and_bad_json_are_refused_whole(elsa):
    token = _paired(elsa)
    item = {"id": "n", "type": "steps", "time": _at(1), "values": {"steps": 10}}
    too_many = _send(token, [{**item, "id": f"n-{i}"} for i in range(1001)])
    assert too_many.status_code == 413
    assert "at most 1000 readings" in too_many.json()["error"]
    huge = _send(token, "[" + " " * (2 * 1024 * 1024 + 10) + "]")
    assert huge.status_code == 413
    assert _send(token, "{not json").status_code == 400
    assert not Measurement.objects.filter(identifier__startswith="n-").exists()


def test_a_device_sending_too_often_is_told_to_wait(elsa, settings):
    settings.MONITORING_UPLOADS_PER_MINUTE = 2
    cache.clear()  # the window counts per device id, which a rolled-back test may reuse
    token = _paired(elsa)
    item = {"id": "r-1", "type": "steps", "time": _at(1), "values": {"steps": 4000}}
    assert _send(token, [item]).status_code == 200
    assert _send(token, [item]).status_code == 200
    third = _send(token, [item])
    assert third.status_code == 429 and third["Retry-After"] == "60"
    assert "sending too often" in third.json()["error"]


def test_guessing_pairing_codes_is_stopped_after_ten_tries_a_minute(client, elsa, settings):
    settings.MONITORING_PAIRING_ATTEMPTS_PER_MINUTE = 10
    pairing = devices.start_pairing(actor=elsa.user, person=elsa, name="Phone")
    guesses = [
        client.post(
            "/api/monitoring/pair",
            json.dumps({"code": f"WRONG{n:03d}"}),
            content_type="application/json",
        )
        for n in range(10)
    ]
    assert {response.status_code for response in guesses} == {400}
    blocked = client.post(
        "/api/monitoring/pair", json.dumps({"code": pairing.code}), content_type="application/json"
    )
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "60"
    assert "Too many pairing attempts" in blocked.json()["error"]
    assert not Device.objects.filter(person=elsa, name="Phone", token_hash__isnull=False).exists()
