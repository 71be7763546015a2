"""Open care-path alerts as FHIR Flags: the organization's EHR finds the alert a patient's
critical answer raised; another organization's does not."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle

from carevillage.audit.models import AuditEvent
from carevillage.carepaths.models import Alert
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.carepaths.tests.test_dashboard import answer_phq9
from carevillage.testing.factories import make_organization
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db


def test_a_critical_answer_is_an_active_flag_for_the_organizations_ehr(client):
    world = make_world()
    refer_and_accept(world)
    answer_phq9(world.patient, [2, 2, 2, 2, 2, 2, 2, 2, 1])
    alert = Alert.objects.get(reason="critical-flag")
    ehr = make_api_client(world.organization, "system/Flag.rs")
    url = f"/fhir/Flag?patient=Patient/{world.patient.pk}&status=active"
    bundle = Bundle.model_validate(client.get(url, **ehr.headers(client)).json())
    flags = {entry.resource.id: entry.resource for entry in bundle.entry}
    assert str(alert.pk) in flags
    flag = flags[str(alert.pk)]
    assert flag.status == "active"
    assert flag.code.text.startswith("Critical answer")
    assert flag.subject.reference == f"Patient/{world.patient.pk}"
    assert AuditEvent.objects.filter(action="view_alert", actor_label="Lakeside EHR").exists()
    inactive = client.get(
        f"/fhir/Flag?patient=Patient/{world.patient.pk}&status=inactive", **ehr.headers(client)
    )
    assert Bundle.model_validate(inactive.json()).entry is None

    other = make_api_client(make_organization("Fjord Hospital"), name="Fjord EHR")
    headers = other.headers(client)
    assert client.get(f"/fhir/Flag/{alert.pk}", **headers).status_code == 404
    assert Bundle.model_validate(client.get("/fhir/Flag", **headers).json()).entry is None
