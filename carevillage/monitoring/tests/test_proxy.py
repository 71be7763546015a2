"""Acting for someone: a proxy reaches the person's home measurements only when the
authority covers care paths (Helena's power of attorney from her mother Elsa names
appointments and messages; with care programs added, she reads and records, on the
pages too, acting for Elsa)."""

from __future__ import annotations

import pytest

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent
from carevillage.identity.models import Person
from carevillage.identity.services import new_eid_user
from carevillage.monitoring.models import Measurement, MeasurementType
from carevillage.monitoring.services import record_measurement
from carevillage.proxy.models import PowerOfAttorney, Scope
from carevillage.testing.demo import seed_demo_without_content

pytestmark = pytest.mark.django_db


def test_a_proxy_needs_an_authority_over_care_paths(eid):
    seed_demo_without_content()
    elsa = Person.objects.get(oidc_subject="demo-elsa")
    helena = Person.objects.select_related("user").get(oidc_subject="demo-helena")
    if helena.user is None:  # she has not logged in yet in the demo
        helena.user = new_eid_user(helena)
        helena.save(update_fields=["user"])
    readings = Measurement.objects.filter(person=elsa)
    reading = readings.first()
    assert not access.decide(helena.user, AuditAction.VIEW_MEASUREMENT, reading, elsa)
    assert not access.visible(helena.user, AuditAction.VIEW_MEASUREMENT, readings, elsa).exists()
    weight = MeasurementType.objects.prefetch_related("components").get(code="weight")
    with pytest.raises(access.AccessDenied):
        record_measurement(
            actor=helena.user, person=elsa, kind=weight, values={"weight": 82}, on_behalf_of=elsa
        )
    power = PowerOfAttorney.objects.get(giver=elsa, holder=helena)
    power.scopes = [*power.scopes, Scope.CARE_PATHS.value]
    power.save(update_fields=["scopes"])
    assert access.decide(helena.user, AuditAction.VIEW_MEASUREMENT, reading, elsa)
    assert (
        access.visible(helena.user, AuditAction.VIEW_MEASUREMENT, readings, elsa).count()
        == readings.count()
    )
    kept = record_measurement(
        actor=helena.user, person=elsa, kind=weight, values={"weight": 82}, on_behalf_of=elsa
    ).measurement
    assert kept.person == elsa
    # Never someone else's readings, whatever the authority.
    aino = Person.objects.get(oidc_subject="demo-aino")
    with pytest.raises(access.AccessDenied):
        record_measurement(
            actor=helena.user, person=aino, kind=weight, values={"weight": 60}, on_behalf_of=elsa
        )


def test_acting_for_elsa_her_daughter_sees_and_enters_elsas_readings(client, eid):
    from carevillage.proxy.acting import SESSION_KEY
    from carevillage.testing import login_citizen

    seed_demo_without_content()
    elsa = Person.objects.get(oidc_subject="demo-elsa")
    login_citizen(client, "demo-helena")
    power = PowerOfAttorney.objects.get(giver=elsa, holder__oidc_subject="demo-helena")
    session = client.session
    session[SESSION_KEY] = elsa.pk
    session.save()
    # Appointments and messages only: nothing of Elsa's readings shows.
    page = client.get("/en/my/measurements/?type=weight&period=all").content.decode()
    assert "83.2 kg" not in page
    power.scopes = [*power.scopes, Scope.CARE_PATHS.value]
    power.save(update_fields=["scopes"])
    page = client.get("/en/my/measurements/?type=weight&period=all").content.decode()
    assert "83.2 kg" in page
    response = client.post(
        "/en/my/measurements/", {"type": "weight", "weight": "82,7", "identifier": "helena-1"}
    )
    assert response.status_code == 302
    kept = Measurement.objects.get(identifier="helena-1")
    assert kept.person == elsa
    assert AuditEvent.objects.filter(
        action="record_measurement", resource_id=str(kept.pk), on_behalf_of_person_id=elsa.pk
    ).exists()
