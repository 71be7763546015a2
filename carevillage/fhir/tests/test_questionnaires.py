"""Questionnaires and what patients answered in the organization's care paths, through
the FHIR API: definitions by canonical URL and name, responses by patient, questionnaire
and date; a self-test taken on one's own is not the EHR's to read."""

from __future__ import annotations

import datetime as dt

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from carevillage.audit.models import AuditEvent
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.carepaths.tests.test_dashboard import answer_phq9
from carevillage.fhir.mapping.base import base_url
from carevillage.testing.factories import make_organization, make_person
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def entries(response):  # noqa: ANN001, ANN201
    assert response.status_code == 200, response.content
    return Bundle.model_validate(response.json()).entry or []


def test_questionnaire_read_and_search_by_url_and_name(client, world):
    ehr = make_api_client(world.organization, "system/Questionnaire.rs")
    headers = ehr.headers(client)
    read = client.get("/fhir/Questionnaire/phq-9", **headers)
    questionnaire = Questionnaire.model_validate(read.json())
    # Canonical URLs name the village's own address, whatever host was asked.
    assert questionnaire.url == f"{base_url()}/Questionnaire/phq-9"
    assert questionnaire.version == "1"
    assert questionnaire.item
    by_url = entries(client.get(f"/fhir/Questionnaire?url={questionnaire.url}|1", **headers))
    assert [e.resource.id for e in by_url] == ["phq-9"]
    by_name = entries(client.get("/fhir/Questionnaire?name=PHQ", **headers))
    assert [e.resource.id for e in by_name] == ["phq-9"]
    assert client.get("/fhir/Questionnaire/none", **headers).status_code == 404


def test_responses_of_the_organizations_care_paths_by_patient_questionnaire_and_date(client, world):
    refer_and_accept(world)
    in_path = answer_phq9(world.patient, [1, 1, 1, 1, 1, 1, 1, 1, 0])
    ehr = make_api_client(world.organization, "system/QuestionnaireResponse.rs")
    headers = ehr.headers(client)
    today = dt.date.today().isoformat()
    url = "/fhir/QuestionnaireResponse"
    canonical = f"{base_url()}/Questionnaire/phq-9"
    found = entries(
        client.get(
            f"{url}?patient=Patient/{world.patient.pk}&questionnaire={canonical}&authored=ge{today}",
            **headers,
        )
    )
    [entry] = found
    response = QuestionnaireResponse.model_validate(entry.resource.model_dump())
    assert response.id == str(in_path.pk)
    assert response.subject.reference == f"Patient/{world.patient.pk}"
    assert {item.linkId for item in response.item} >= {"phq9-1", "phq9-9"}
    assert (
        AuditEvent.objects.filter(
            action="view_questionnaire_response", actor_label="Lakeside EHR", outcome="allow"
        ).count()
        == 1
    )
    assert entries(client.get(f"{url}?authored=lt{today}", **headers)) == []
    read = client.get(f"{url}/{in_path.pk}", **headers)
    assert QuestionnaireResponse.model_validate(read.json()).status == "completed"


def test_a_self_test_taken_alone_or_another_organizations_client_sees_nothing(client, world):
    alone = make_person("Sami", "Selftest")
    own = answer_phq9(alone, [0] * 9)
    refer_and_accept(world)
    in_path = answer_phq9(world.patient, [1] * 8 + [0])
    ehr = make_api_client(world.organization, "system/QuestionnaireResponse.rs")
    stranger = make_api_client(make_organization("Fjord Hospital"), name="Fjord EHR")
    assert (
        client.get(f"/fhir/QuestionnaireResponse/{own.pk}", **ehr.headers(client)).status_code
        == 404
    )
    fjord = stranger.headers(client)
    assert client.get(f"/fhir/QuestionnaireResponse/{in_path.pk}", **fjord).status_code == 404
    assert entries(client.get("/fhir/QuestionnaireResponse?_count=10", **fjord)) == []


def test_bad_dates_are_named(client, world):
    ehr = make_api_client(world.organization, "system/QuestionnaireResponse.rs")
    response = client.get("/fhir/QuestionnaireResponse?authored=soon", **ehr.headers(client))
    assert response.status_code == 400
    assert "authored must be a date" in response.json()["issue"][0]["diagnostics"]


def test_include_patient_adds_the_patient_as_the_client_may_see_them(client, world):
    refer_and_accept(world)
    answer_phq9(world.patient, [1] * 8 + [0])
    ehr = make_api_client(world.organization, "system/QuestionnaireResponse.rs system/Patient.r")
    url = "/fhir/QuestionnaireResponse?_include=QuestionnaireResponse:patient"

    found = entries(client.get(url, **ehr.headers(client)))

    assert [(e.resource.get_resource_type(), e.search.mode) for e in found] == [
        ("QuestionnaireResponse", "match"),
        ("Patient", "include"),
    ]
    assert found[1].resource.id == str(world.patient.pk)
    assert AuditEvent.objects.filter(
        action="view_person", actor_label="Lakeside EHR", subject_person_id=world.patient.pk
    ).exists()
    # Without the Patient read scope the include is refused, not silently widened.
    narrow = make_api_client(world.organization, "system/QuestionnaireResponse.rs", name="N")
    refused = client.get(url, **narrow.headers(client))
    assert refused.status_code == 403
    unknown = client.get(
        "/fhir/QuestionnaireResponse?_include=QuestionnaireResponse:author", **ehr.headers(client)
    )
    assert unknown.status_code == 400
    assert "QuestionnaireResponse:patient" in unknown.json()["issue"][0]["diagnostics"]
