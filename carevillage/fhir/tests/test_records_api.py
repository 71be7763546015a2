"""The health record through the FHIR API, as an EHR files it: Observation,
DocumentReference, Immunization and MedicationStatement. What the EHR posts is what the
patient sees on her record page (documents after the delay); a resend updates the one
entry; another organization's client gets nothing, audited; bad input is named."""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.immunization import Immunization as FhirImmunization
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.operationoutcome import OperationOutcome

from carevillage.audit.models import AuditEvent
from carevillage.fhir.mapping.base import FINNISH_ID
from carevillage.fhir.mapping.medication_statement import RENEWABLE
from carevillage.identity.demo import DEMO_ORGANIZATION
from carevillage.identity.models import Person
from carevillage.records import selectors
from carevillage.records.models import Document, Immunization, Medication, Result
from carevillage.tenants.models import Organization, PatientRegistration
from carevillage.testing import login_citizen
from carevillage.testing.demo import seed_demo_without_content
from carevillage.testing.factories import make_care_team, make_organization, make_person
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db

FHIR = "application/fhir+json"
LOINC = "http://loinc.org"
PDF = b"%PDF-1.4\n% a test document\n"


@pytest.fixture
def world():
    harbour = make_organization("Harbour Health District")
    team = make_care_team(harbour, "Harbour nurses")
    aino = make_person("Aino", "Harbour", birth_date=dt.date(1985, 3, 14))
    PatientRegistration.objects.create(person=aino, organization=harbour, care_team=team)
    return SimpleNamespace(
        harbour=harbour,
        aino=aino,
        ehr=make_api_client(harbour, name="Harbour EHR"),
        other=make_api_client(make_organization("Inland Health District"), name="Inland EHR"),
    )


def tsh(patient: str, value: float = 5.2, identifier: str = "lab-1", **changes):  # noqa: ANN201
    body = {
        "resourceType": "Observation",
        "identifier": [{"system": "urn:harbour:lab", "value": identifier}],
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "laboratory",
                    }
                ]
            }
        ],
        "code": {"coding": [{"system": LOINC, "code": "3016-3", "display": "TSH"}]},
        "subject": {"reference": patient},
        "effectiveDateTime": "2026-03-02T08:15:00+02:00",
        "issued": "2026-03-02T12:00:00+02:00",
        "valueQuantity": {
            "value": value,
            "unit": "mU/L",
            "system": "http://unitsofmeasure.org",
            "code": "m[IU]/L",
        },
        "referenceRange": [{"low": {"value": 0.4}, "high": {"value": 4.0}}],
        "interpretation": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                        "code": "H",
                    }
                ]
            }
        ],
    }
    body.update(changes)
    return body


def letter(patient: str, identifier: str = "doc-1", **changes):  # noqa: ANN201
    body = {
        "resourceType": "DocumentReference",
        "identifier": [{"system": "urn:harbour:docs", "value": identifier}],
        "status": "current",
        "type": {"coding": [{"system": LOINC, "code": "11488-4", "display": "Consult note"}]},
        "subject": {"reference": patient},
        "date": "2026-03-02T10:00:00+02:00",
        "description": "Thyroid clinic visit",
        "author": [{"display": "Dr Example"}],
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain",
                    "data": base64.b64encode(b"Your TSH is a little high.").decode(),
                }
            }
        ],
    }
    body.update(changes)
    return body


def post(http, path, body, headers, **extra):  # noqa: ANN001, ANN003, ANN201
    return http.post(path, body, content_type=FHIR, **headers, **extra)


def put(http, path, body, headers, **extra):  # noqa: ANN001, ANN003, ANN201
    return http.put(path, body, content_type=FHIR, **headers, **extra)


def outcome(response, status: int) -> OperationOutcome:  # noqa: ANN001
    assert response.status_code == status, response.content
    return OperationOutcome.model_validate(response.json())


def test_capability_statement_lists_the_record_kinds_and_the_renewable_extension(client):
    statement = CapabilityStatement.model_validate(client.get("/fhir/metadata").json())
    resources = {r.type: r for r in statement.rest[0].resource}
    for kind in ("Observation", "DocumentReference", "Immunization", "MedicationStatement"):
        assert {i.code for i in resources[kind].interaction} == {
            "read",
            "search-type",
            "create",
            "update",
        }
        assert resources[kind].versioning == "versioned-update"
    assert RENEWABLE in resources["MedicationStatement"].documentation
    assert {p.name for p in resources["Observation"].searchParam} >= {
        "patient",
        "subject",
        "code",
        "date",
    }


def test_observation_posted_for_aino_shows_on_her_record_page_at_once(client, eid):
    seed_demo_without_content()
    ehr = make_api_client(Organization.objects.get(name=DEMO_ORGANIZATION), name="Kallio lab")
    aino = Person.objects.get(oidc_subject="demo-aino")
    subject = {"identifier": {"system": FINNISH_ID, "value": aino.national_id}}
    body = tsh("", value=7.9, subject=subject)
    body["code"]["coding"][0]["display"] = "TSH from the EHR"
    response = post(client, "/fhir/Observation", body, ehr.headers(client))
    assert response.status_code == 201, response.content
    posted = Observation.model_validate(response.json())
    assert posted.subject.reference == f"Patient/{aino.pk}"
    assert response["Location"].endswith(f"/fhir/Observation/{posted.id}")

    login_citizen(client, "demo-aino")
    page = client.get("/en/my/record/results/").content.decode()
    assert "TSH from the EHR" in page
    result = client.get(f"/en/my/record/results/{posted.id}/").content.decode()
    assert "7.9" in result


def test_resend_with_the_same_identifier_updates_the_one_result(client, world):
    headers = world.ehr.headers(client)
    patient = f"Patient/{world.aino.pk}"
    first = post(client, "/fhir/Observation", tsh(patient, 5.2), headers)
    assert first.status_code == 201, first.content
    assert first.json()["meta"]["versionId"] == "1"
    again = post(client, "/fhir/Observation", tsh(patient, 3.1), headers)
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["meta"]["versionId"] == "2"
    assert again["ETag"] == 'W/"2"'
    # The conditional create names the same entry in the header.
    conditional = post(
        client,
        "/fhir/Observation",
        tsh(patient, 2.2, identifier="something-else"),
        headers,
        HTTP_IF_NONE_EXIST="identifier=urn:harbour:lab|lab-1",
    )
    assert conditional.status_code == 200, conditional.content
    assert Result.objects.filter(person=world.aino).count() == 1
    stored = Observation.model_validate(
        client.get(f"/fhir/Observation/{first.json()['id']}", **headers).json()
    )
    assert stored.valueQuantity.value == Decimal("2.2")
    assert stored.valueQuantity.code == "m[IU]/L"
    assert stored.referenceRange[0].high.value == 4
    assert stored.interpretation[0].coding[0].code == "H"
    shown = selectors.result_history(world.aino.user, world.aino, "3016-3")
    assert [str(row.value.normalize()) for row in shown] == ["2.2"]


def test_unknown_patient_is_422_and_nothing_is_filed(client, world):
    headers = world.ehr.headers(client)
    stranger = make_person("Bruno", "Elsewhere")
    for subject in (
        {"reference": "Patient/999999"},
        {"reference": f"Patient/{stranger.pk}"},
        {"identifier": {"system": FINNISH_ID, "value": stranger.national_id}},
    ):
        body = tsh("", subject=subject)
        problem = outcome(post(client, "/fhir/Observation", body, headers), 422)
        assert "is not a patient of Harbour Health District" in problem.issue[0].diagnostics
        assert problem.issue[0].expression == ["Observation.subject"]
    assert Result.objects.count() == 0
    assert AuditEvent.objects.filter(
        action="view_person", outcome="deny", subject_person_id=stranger.pk
    ).exists()


def test_bad_resources_are_refused_naming_the_field(client, world):
    headers = world.ehr.headers(client)
    patient = f"Patient/{world.aino.pk}"
    malformed = tsh(patient, valueQuantity={"value": "a lot", "unit": "mU/L"})
    problem = outcome(post(client, "/fhir/Observation", malformed, headers), 400)
    assert problem.issue[0].expression == ["Observation.valueQuantity.value"]
    no_value = tsh(patient, valueQuantity={"unit": "mU/L"})
    problem = outcome(post(client, "/fhir/Observation", no_value, headers), 400)
    assert "valueQuantity.value is required" in problem.issue[0].diagnostics
    no_identifier = tsh(patient)
    del no_identifier["identifier"]
    problem = outcome(post(client, "/fhir/Observation", no_identifier, headers), 400)
    assert problem.issue[0].expression == ["Observation.identifier"]
    bad_range = tsh(patient, referenceRange=[{"low": {"value": 9}, "high": {"value": 1}}])
    problem = outcome(post(client, "/fhir/Observation", bad_range, headers), 422)
    assert "lower reference limit is above the upper one" in problem.issue[0].diagnostics
    assert problem.issue[0].expression == ["Observation.referenceRange[0]"]
    picture = letter(
        patient,
        content=[{"attachment": {"contentType": "image/png", "data": "aGVsbG8="}}],
    )
    problem = outcome(post(client, "/fhir/DocumentReference", picture, headers), 400)
    assert problem.issue[0].expression == ["DocumentReference.content[0].attachment.contentType"]
    assert Result.objects.count() == 0 and Document.objects.count() == 0


def test_another_organizations_client_cannot_read_search_or_update(client, world):
    headers = world.ehr.headers(client)
    patient = f"Patient/{world.aino.pk}"
    created = post(client, "/fhir/Observation", tsh(patient), headers).json()
    path = f"/fhir/Observation/{created['id']}"
    theirs = world.other.headers(client)
    outcome(client.get(path, **theirs), 404)
    search = Bundle.model_validate(
        client.get(f"/fhir/Observation?patient={patient}", **theirs).json()
    )
    assert search.entry is None
    outcome(put(client, path, tsh(patient, 9.9), theirs), 404)
    denied = AuditEvent.objects.filter(
        actor_label="Inland EHR", outcome="deny", resource_id=created["id"]
    )
    assert denied.count() == 2
    # Posting the same identifier from their side is about a patient they do not care for.
    outcome(post(client, "/fhir/Observation", tsh(patient, 9.9), theirs), 422)
    assert Result.objects.get().value == Decimal("5.2")


def test_update_with_a_stale_if_match_is_412_and_changes_nothing(client, world):
    headers = world.ehr.headers(client)
    patient = f"Patient/{world.aino.pk}"
    created = post(client, "/fhir/Observation", tsh(patient), headers).json()
    path = f"/fhir/Observation/{created['id']}"
    changed = tsh(patient, 6.0, id=created["id"])
    outcome(put(client, path, changed, headers, HTTP_IF_MATCH='W/"7"'), 412)
    assert Result.objects.get().value == Decimal("5.2")
    updated = put(client, path, changed, headers, HTTP_IF_MATCH='W/"1"')
    assert updated.status_code == 200, updated.content
    assert updated.json()["meta"]["versionId"] == "2"
    assert Result.objects.get().value == 6
    outcome(put(client, path, changed, headers, HTTP_IF_MATCH='W/"1"'), 412)
    moved = tsh(patient, 6.0, id=created["id"], identifier="another-id")
    problem = outcome(put(client, path, moved, headers), 400)
    assert "cannot change" in problem.issue[0].diagnostics


def test_search_by_patient_code_and_date_pages_like_the_other_kinds(client, world):
    headers = world.ehr.headers(client)
    patient = f"Patient/{world.aino.pk}"
    for index, day in enumerate(("2026-01-10", "2026-02-10", "2026-03-10")):
        body = tsh(patient, identifier=f"lab-{index}", effectiveDateTime=f"{day}T08:00:00Z")
        assert post(client, "/fhir/Observation", body, headers).status_code == 201
    other = tsh(patient, identifier="hb", effectiveDateTime="2026-02-11T08:00:00Z")
    other["code"]["coding"][0].update(code="718-7", display="Haemoglobin")
    assert post(client, "/fhir/Observation", other, headers).status_code == 201

    def ids(query: str) -> list[str]:
        found = Bundle.model_validate(client.get(f"/fhir/Observation?{query}", **headers).json())
        return [e.resource.identifier[0].value for e in found.entry or []]

    assert ids(f"patient={patient}&code={LOINC}|3016-3") == ["lab-0", "lab-1", "lab-2"]
    assert ids(f"subject={patient}&code=718-7") == ["hb"]
    assert ids("code=3016-3&date=ge2026-02-01&date=le2026-02-28") == ["lab-1"]
    assert ids("date=lt2026-02-01") == ["lab-0"]
    first = Bundle.model_validate(
        client.get(f"/fhir/Observation?patient={patient}&_count=2", **headers).json()
    )
    assert len(first.entry) == 2
    [following] = [link.url for link in first.link if link.relation == "next"]
    rest = Bundle.model_validate(
        client.get(following.replace("http://testserver", ""), **headers).json()
    )
    assert len(rest.entry) == 2
    assert not [link for link in rest.link if link.relation == "next"]
    outcome(client.get("/fhir/Observation?date=soon", **headers), 400)


def test_document_reference_is_hidden_from_the_patient_until_the_delay_passes(
    client, world, settings
):
    settings.RECORDS_DOCUMENT_DELAY_HOURS = 24
    headers = world.ehr.headers(client)
    patient = f"Patient/{world.aino.pk}"
    filed_at = timezone.now()
    with time_machine.travel(filed_at, tick=False):
        response = post(client, "/fhir/DocumentReference", letter(patient), headers)
    assert response.status_code == 201, response.content
    posted = DocumentReference.model_validate(response.json())
    assert posted.content[0].attachment.data == b"Your TSH is a little high."
    aino = world.aino.user
    with time_machine.travel(filed_at + dt.timedelta(hours=23), tick=False):
        assert selectors.documents_for(aino, world.aino) == []
        # The EHR reads it back at once.
        read = client.get(f"/fhir/DocumentReference/{posted.id}", **world.ehr.headers(client))
        assert read.status_code == 200
    with time_machine.travel(filed_at + dt.timedelta(hours=25), tick=False):
        [shown] = selectors.documents_for(aino, world.aino)
        assert shown.title == "Thyroid clinic visit"


def test_a_pdf_document_that_replaces_an_earlier_one(client, world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.RECORDS_DOCUMENT_DELAY_HOURS = 0
    headers = world.ehr.headers(client)
    patient = f"Patient/{world.aino.pk}"
    first = post(client, "/fhir/DocumentReference", letter(patient), headers).json()
    pdf = letter(
        patient,
        identifier="doc-2",
        content=[
            {
                "attachment": {
                    "contentType": "application/pdf",
                    "title": "visit.pdf",
                    "data": base64.b64encode(PDF).decode(),
                }
            }
        ],
        relatesTo=[
            {"code": "replaces", "target": {"reference": f"DocumentReference/{first['id']}"}}
        ],
    )
    response = post(client, "/fhir/DocumentReference", pdf, headers)
    assert response.status_code == 201, response.content
    second = DocumentReference.model_validate(response.json())
    assert second.content[0].attachment.data == PDF
    assert second.relatesTo[0].target.identifier.value == "doc-1"
    earlier = DocumentReference.model_validate(
        client.get(f"/fhir/DocumentReference/{first['id']}", **headers).json()
    )
    assert earlier.status == "superseded"
    assert [d.title for d in selectors.documents_for(world.aino.user, world.aino)] == [
        "Thyroid clinic visit"
    ]
    assert [d.pk for d in selectors.documents_for(world.aino.user, world.aino)] == [int(second.id)]


def test_immunization_and_medication_statement_round_trip(client, world):
    headers = world.ehr.headers(client)
    patient = f"Patient/{world.aino.pk}"
    vaccination = {
        "resourceType": "Immunization",
        "identifier": [{"system": "urn:harbour:vacc", "value": "v-1"}],
        "status": "completed",
        "vaccineCode": {
            "coding": [
                {"system": "http://www.whocc.no/atc", "code": "J07BB02", "display": "Influenza"}
            ]
        },
        "patient": {"reference": patient},
        "occurrenceDateTime": "2025-10-15",
        "protocolApplied": [{"doseNumberPositiveInt": 1, "seriesDosesPositiveInt": 1}],
        "performer": [{"actor": {"display": "Nurse Example"}}],
        "lotNumber": "AB123",
    }
    response = post(client, "/fhir/Immunization", vaccination, headers)
    assert response.status_code == 201, response.content
    stored = FhirImmunization.model_validate(response.json())
    assert stored.protocolApplied[0].doseNumberPositiveInt == 1
    assert stored.performer[0].actor.display == "Nurse Example"
    found = Bundle.model_validate(
        client.get(
            "/fhir/Immunization?patient=" + patient + "&date=ge2025-10-01&date=le2025-10-31",
            **headers,
        ).json()
    )
    assert [e.resource.id for e in found.entry] == [stored.id]
    too_many = {
        **vaccination,
        "protocolApplied": [{"doseNumberPositiveInt": 3, "seriesDosesPositiveInt": 2}],
    }
    problem = outcome(post(client, "/fhir/Immunization", too_many, headers), 422)
    assert problem.issue[0].expression == ["Immunization.protocolApplied[0]"]
    assert Immunization.objects.get().dose_number == 1

    medicine = {
        "resourceType": "MedicationStatement",
        "identifier": [{"system": "urn:harbour:rx", "value": "rx-1"}],
        "extension": [{"url": RENEWABLE, "valueBoolean": True}],
        "status": "active",
        "medicationCodeableConcept": {
            "coding": [{"system": "http://www.whocc.no/atc", "code": "H03AA01"}],
            "text": "Thyroxin 50 mikrog",
        },
        "subject": {"reference": patient},
        "effectivePeriod": {"start": "2026-03-05"},
        "informationSource": {"display": "Dr Example"},
        "dosage": [{"text": "1 tablet in the morning"}],
    }
    response = post(client, "/fhir/MedicationStatement", medicine, headers)
    assert response.status_code == 201, response.content
    statement = MedicationStatement.model_validate(response.json())
    assert statement.extension[0].valueBoolean is True
    assert statement.dosage[0].text == "1 tablet in the morning"
    [row] = selectors.medications_for(world.aino.user, world.aino).current
    assert row.name == "Thyroxin 50 mikrog" and row.can_ask_renewal
    medicine["status"] = "completed"
    assert post(client, "/fhir/MedicationStatement", medicine, headers).status_code == 200
    assert Medication.objects.get().status == "completed"
