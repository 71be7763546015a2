"""The care team's health-record pages: a professional withholds an entry (reason,
confirmation) and answers a renewal request; an outsider gets 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from carevillage.audit.models import AuditEvent
from carevillage.records import selectors, services
from carevillage.records.inputs import Coding, MedicationInput, ResultInput
from carevillage.records.models import RenewalStatus
from carevillage.tenants.models import PatientRegistration
from carevillage.testing import login_staff
from carevillage.testing.factories import (
    make_care_team,
    make_organization,
    make_person,
    make_staff,
)
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def harbour():
    organization = make_organization("Harbour Health District")
    team = make_care_team(organization, "Harbour nurses")
    aino = make_person("Aino", "Harbour", birth_date=dt.date(1985, 3, 14))
    PatientRegistration.objects.create(person=aino, organization=organization, care_team=team)
    ehr = make_api_client(organization).client
    result, _ = services.file_result(
        ehr,
        person=aino,
        source_identifier="urn:lab|1",
        data=ResultInput(
            code=Coding("http://loinc.org", "718-7", "Haemoglobin"),
            effective_at=timezone.now(),
            value=Decimal("112"),
            unit="g/L",
            interpretation="L",
        ),
    )
    medication, _ = services.file_medication(
        ehr,
        person=aino,
        source_identifier="urn:med|1",
        data=MedicationInput(
            code=Coding("http://www.whocc.no/atc", "H03AA01", "levothyroxine"),
            name="Levothyroxine 50 microgram",
            renewable=True,
        ),
    )
    make_staff("nurse.harbour", organization, care_teams=(team,))
    return {"aino": aino, "result": result, "medication": medication}


def test_professional_withholds_a_result_after_confirming_with_a_reason(client, harbour):
    aino, result = harbour["aino"], harbour["result"]
    login_staff(client, "nurse.harbour")
    page = client.get(f"/en/care-team/record/{aino.pk}/")
    assert page.status_code == 200
    assert "Haemoglobin" in page.content.decode()
    url = f"/en/care-team/record/result/{result.pk}/withhold/"
    missing = client.post(url, {"reason": " "})
    assert missing.status_code == 400
    assert "Write why the entry is withheld" in missing.content.decode()
    asked = client.post(url, {"reason": "Talk with the patient first."})
    assert asked.status_code == 200 and "Yes, withhold it" in asked.content.decode()
    result.refresh_from_db()
    assert not result.withheld
    done = client.post(url, {"reason": "Talk with the patient first.", "confirmed": "yes"})
    assert done.status_code == 302
    result.refresh_from_db()
    assert result.withheld and result.withheld_reason == "Talk with the patient first."
    assert selectors.results_for(aino.user, aino) == []
    page = client.get(f"/en/care-team/record/{aino.pk}/")
    assert "Withheld from the patient" in page.content.decode()


def test_professional_of_another_organization_gets_404_and_is_audited(client, harbour):
    elsewhere = make_organization("Inland")
    make_staff("nurse.inland", elsewhere, care_teams=(make_care_team(elsewhere, "Inland"),))
    login_staff(client, "nurse.inland")
    assert client.get(f"/en/care-team/record/{harbour['aino'].pk}/").status_code == 404
    url = f"/en/care-team/record/result/{harbour['result'].pk}/withhold/"
    assert client.post(url, {"reason": "x", "confirmed": "yes"}).status_code == 404
    assert AuditEvent.objects.filter(
        outcome="deny", resource_id=str(harbour["result"].pk), action="view_record_result"
    ).exists()


def test_team_answers_a_renewal_request_from_its_page(client, harbour):
    aino = harbour["aino"]
    renewal = services.request_renewal(aino.user, harbour["medication"])
    login_staff(client, "nurse.harbour")
    listed = client.get("/en/care-team/renewals/")
    assert "Levothyroxine 50 microgram" in listed.content.decode()
    thread_link = client.get(f"/en/care-team/renewals/thread/{renewal.thread_id}/")
    assert thread_link.status_code == 302
    assert thread_link["Location"] == f"/en/care-team/renewals/{renewal.pk}/"
    thread_page = client.get(f"/en/messages/{renewal.thread_id}/")
    assert "Answer the prescription renewal request" in thread_page.content.decode()
    url = f"/en/care-team/renewals/{renewal.pk}/"
    refused = client.post(url, {"outcome": "refused", "reason": ""})
    assert refused.status_code == 400
    assert "Write the reason" in refused.content.decode()
    assert client.post(url, {"outcome": "renewed"}).status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.RENEWED
    assert "Send the answer" not in client.get(url).content.decode()
