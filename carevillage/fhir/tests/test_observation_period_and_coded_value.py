"""An Observation of a sample collected over a time (effectivePeriod) with a coded result
(valueCodeableConcept): the EHR files it, reads it back as it sent it, and the patient
reads the coded result's text on her results list."""

from __future__ import annotations

import datetime as dt

import pytest
from fhir.resources.R4B.observation import Observation

from carevillage.fhir.tests.test_records_api import outcome, post, tsh, world  # noqa: F401
from carevillage.identity.demo import DEMO_ORGANIZATION
from carevillage.identity.models import Person
from carevillage.records.models import Result
from carevillage.tenants.models import Organization
from carevillage.testing import login_citizen
from carevillage.testing.demo import seed_demo_without_content
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db

SNOMED = "http://snomed.info/sct"
PERIOD = {"start": "2026-03-01T08:00:00+02:00", "end": "2026-03-02T08:00:00+02:00"}


def chlamydia(patient: str, **changes):  # noqa: ANN201
    """A urine sample collected over a day, its result a code (DEMO)."""
    body = tsh(
        patient,
        identifier="lab-pcr-1",
        code={
            "coding": [
                {"system": "http://loinc.org", "code": "21613-5", "display": "Chlamydia PCR"}
            ]
        },
        effectivePeriod=PERIOD,
        valueCodeableConcept={
            "coding": [{"system": SNOMED, "code": "260385009", "display": "Negative"}],
            "text": "Not found (DEMO)",
        },
    )
    for element in ("effectiveDateTime", "valueQuantity", "referenceRange", "interpretation"):
        del body[element]
    body.update(changes)
    return body


def test_period_and_coded_value_are_filed_read_back_and_shown_to_the_patient(client, eid):
    seed_demo_without_content()
    ehr = make_api_client(Organization.objects.get(name=DEMO_ORGANIZATION), name="Kallio lab")
    aino = Person.objects.get(oidc_subject="demo-aino")
    response = post(
        client, "/fhir/Observation", chlamydia(f"Patient/{aino.pk}"), ehr.headers(client)
    )
    assert response.status_code == 201, response.content

    row = Result.objects.get(pk=response.json()["id"])
    assert row.effective_at == dt.datetime(2026, 3, 1, 6, tzinfo=dt.UTC)
    assert row.effective_until == dt.datetime(2026, 3, 2, 6, tzinfo=dt.UTC)
    assert (row.value_system, row.value_code, row.value_text) == (
        SNOMED,
        "260385009",
        "Not found (DEMO)",
    )
    read = Observation.model_validate(
        client.get(f"/fhir/Observation/{row.pk}", **ehr.headers(client)).json()
    )
    assert read.effectiveDateTime is None
    assert read.effectivePeriod.start == dt.datetime(2026, 3, 1, 6, tzinfo=dt.UTC)
    assert read.effectivePeriod.end == dt.datetime(2026, 3, 2, 6, tzinfo=dt.UTC)
    assert read.valueCodeableConcept.coding[0].code == "260385009"
    assert read.valueCodeableConcept.text == "Not found (DEMO)"
    # Searched by date, the period's start is when the sample was taken.
    found = client.get(
        f"/fhir/Observation?patient={aino.pk}&date=ge2026-03-01&date=le2026-03-01",
        **ehr.headers(client),
    ).json()
    assert [entry["resource"]["id"] for entry in found.get("entry", [])] == [str(row.pk)]

    login_citizen(client, "demo-aino")
    results = client.get("/en/my/record/results/").content.decode()
    assert "Chlamydia PCR" in results and "Not found (DEMO)" in results
    page = client.get(f"/en/my/record/results/{row.pk}/").content.decode()
    assert "The sample was collected from 1 Mar 2026 to 2 Mar 2026." in page
    assert "Not found (DEMO)" in page


def test_a_coded_value_without_text_shows_its_display(client, world):  # noqa: F811
    body = chlamydia(
        f"Patient/{world.aino.pk}",
        valueCodeableConcept={
            "coding": [{"system": SNOMED, "code": "10828004", "display": "Positive"}]
        },
    )
    del body["effectivePeriod"]
    body["effectiveDateTime"] = "2026-03-02T08:15:00+02:00"
    response = post(client, "/fhir/Observation", body, world.ehr.headers(client))
    assert response.status_code == 201, response.content
    row = Result.objects.get(pk=response.json()["id"])
    assert (row.value_code, row.value_text, row.effective_until) == ("10828004", "Positive", None)
    assert "effectivePeriod" not in response.json()


def test_bad_periods_and_coded_values_are_refused_naming_the_element(client, world):  # noqa: F811
    headers = world.ehr.headers(client)
    patient = f"Patient/{world.aino.pk}"
    no_start = chlamydia(patient, effectivePeriod={"end": PERIOD["end"]})
    problem = outcome(post(client, "/fhir/Observation", no_start, headers), 400)
    assert problem.issue[0].expression == ["Observation.effectivePeriod.start"]
    backwards = chlamydia(patient, effectivePeriod={"start": PERIOD["end"], "end": PERIOD["start"]})
    problem = outcome(post(client, "/fhir/Observation", backwards, headers), 422)
    assert "The sampling period ends before it starts." in problem.issue[0].diagnostics
    assert problem.issue[0].expression == ["Observation.effectivePeriod"]
    empty = chlamydia(patient, valueCodeableConcept={"coding": [{"system": SNOMED}]})
    problem = outcome(post(client, "/fhir/Observation", empty, headers), 400)
    assert problem.issue[0].expression == ["Observation.valueCodeableConcept.coding"]
    yes_no = chlamydia(patient, valueBoolean=True)
    del yes_no["valueCodeableConcept"]
    problem = outcome(post(client, "/fhir/Observation", yes_no, headers), 400)
    assert "valueQuantity, valueString or valueCodeableConcept" in problem.issue[0].diagnostics
    assert Result.objects.count() == 0
