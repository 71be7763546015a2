"""Acting for someone: a proxy reaches the person's home measurements only when the
authority covers care paths (Helena's power of attorney from her mother Elsa names
appointments and messages; with care programs added, she reads and records)."""

from __future__ import annotations

import pytest

from carevillage import access
from carevillage.audit.actions import AuditAction
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
