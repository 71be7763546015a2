"""Thresholds and alerts: a reading over a rule raises an alert for the care team in the
same transaction, one open alert per patient and rule until acknowledged; the care team
sets a patient's own limits with a reason (audited); the "no reading for N days" check is
a periodic task that raises once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from carevillage.access import AccessDenied
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.carepaths.enrollments.services import acknowledge_alert
from carevillage.carepaths.models import Alert, AlertReason, Enrollment
from carevillage.identity.models import Person, User
from carevillage.monitoring.errors import MonitoringError
from carevillage.monitoring.models import Measurement, MeasurementType, Threshold
from carevillage.monitoring.services import check_silence, record_measurement, set_threshold
from carevillage.testing import login_staff
from carevillage.testing.demo import seed_demo_without_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(eid):
    seed_demo_without_content()
    elsa = Person.objects.select_related("user").get(oidc_subject="demo-elsa")
    return {
        "elsa": elsa,
        "enrollment": Enrollment.objects.get(person=elsa, program__slug="hip-replacement-prep"),
        "sanna": User.objects.get(username="nurse.sanna"),
        "juha": User.objects.get(username="doctor.juha"),
        "weight": MeasurementType.objects.prefetch_related("components").get(code="weight"),
    }


def _weigh(world, kg: str, hours_ago: float = 0) -> Measurement:
    return record_measurement(
        actor=world["elsa"].user,
        person=world["elsa"],
        kind=world["weight"],
        values={"weight": kg},
        effective_at=timezone.now() - dt.timedelta(hours=hours_ago),
    ).measurement


def _alerts(world):
    return Alert.objects.filter(enrollment=world["enrollment"], reason=AlertReason.MEASUREMENT)


def test_a_weight_rise_of_2_kg_in_3_days_raises_one_red_alert_until_acknowledged(world):
    _weigh(world, "83.0", hours_ago=48)
    _weigh(world, "84.0", hours_ago=24)
    assert not _alerts(world).exists()
    _weigh(world, "85.2")
    alert = _alerts(world).get()
    assert alert.code == "weight.weight.rise"
    assert alert.detail["level"] == "red" and Decimal(alert.detail["value"]) == Decimal("2.2")
    assert AuditEvent.objects.filter(
        action="raise_alert", resource_id=str(alert.pk), reason="red"
    ).exists()
    # More readings over the rule do not flood the team.
    _weigh(world, "85.6")
    assert _alerts(world).count() == 1
    acknowledge_alert(actor=world["sanna"], alert=alert, note="Called Elsa: ankles swollen.")
    _weigh(world, "85.9")
    assert _alerts(world).filter(acknowledged_at__isnull=True).count() == 1
    assert _alerts(world).count() == 2


def test_the_care_team_sets_her_limits_with_a_reason_and_a_reading_over_them_alerts(world):
    with pytest.raises(MonitoringError):
        set_threshold(
            actor=world["sanna"],
            enrollment=world["enrollment"],
            kind=world["weight"],
            component="weight",
            rule_kind="above",
            orange="90",
            red="100",
            reason="  ",
        )
    assert not Threshold.objects.filter(kind="above").exists()
    with pytest.raises(MonitoringError):
        set_threshold(
            actor=world["sanna"],
            enrollment=world["enrollment"],
            kind=world["weight"],
            component="weight",
            rule_kind="above",
            orange="100",
            red="90",
            reason="Weight limit before surgery",
        )
    set_threshold(
        actor=world["sanna"],
        enrollment=world["enrollment"],
        kind=world["weight"],
        component="weight",
        rule_kind="above",
        orange="90",
        red="100",
        reason="Weight limit before surgery",
    )
    assert AuditEvent.objects.filter(
        action="set_measurement_threshold",
        outcome=Outcome.ALLOWED,
        subject_person_id=world["elsa"].pk,
    ).exists()
    _weigh(world, "91")
    alert = _alerts(world).get(code="weight.weight.above")
    assert alert.detail["level"] == "orange"
    client = login_staff_client(world)
    page = client.get(f"/en/care-team/enrollments/{world['enrollment'].pk}/").content.decode()
    import html

    assert "Home measurement, Orange: Weight 91 kg (limit 90 kg or higher)" in html.unescape(
        page
    ), page[page.find("<main") :][:3000]


def login_staff_client(world):
    from django.test import Client

    client = Client()
    login_staff(client, "nurse.sanna")
    return client


def test_a_professional_outside_the_team_cannot_set_limits_and_is_audited(world):
    with pytest.raises(AccessDenied):
        set_threshold(
            actor=world["juha"],
            enrollment=world["enrollment"],
            kind=world["weight"],
            component="weight",
            rule_kind="above",
            orange="90",
            reason="Not my patient",
        )
    assert not Threshold.objects.filter(kind="above").exists()
    assert AuditEvent.objects.filter(
        action="set_measurement_threshold", outcome=Outcome.DENIED
    ).exists()


def test_no_reading_for_n_days_raises_once_per_run_and_again_only_after_acknowledgement(world):
    set_threshold(
        actor=world["sanna"],
        enrollment=world["enrollment"],
        kind=world["weight"],
        component="weight",
        rule_kind="silence",
        orange="8",
        red="14",
        days=1,
        reason="Weekly weighing before surgery",
    )
    now = timezone.now()
    # Her last weight was 10 days ago.
    assert check_silence(now=now) == 1
    assert check_silence(now=now) == 0
    alert = _alerts(world).get(code="weight.weight.silence")
    assert alert.detail["level"] == "orange" and alert.detail["days"] == 10
    acknowledge_alert(actor=world["sanna"], alert=alert, note="Reminded her by message.")
    assert check_silence(now=now + dt.timedelta(hours=1)) == 0
    assert check_silence(now=now + dt.timedelta(days=9)) == 1
    # A reading resets the count.
    _weigh(world, "83.1")
    open_alert = _alerts(world).get(acknowledged_at__isnull=True)
    acknowledge_alert(actor=world["sanna"], alert=open_alert, note="Reading came.")
    assert check_silence(now=timezone.now() + dt.timedelta(days=2)) == 0


@pytest.mark.parametrize("orange", ["1e999", "-3", "NaN", "lots"])
def test_a_limit_that_is_not_a_usable_number_is_refused_and_nothing_is_saved(world, orange):
    with pytest.raises(MonitoringError):
        set_threshold(
            actor=world["sanna"],
            enrollment=world["enrollment"],
            kind=world["weight"],
            component="weight",
            rule_kind="above",
            orange=orange,
            reason="Typo test",
        )
    assert not Threshold.objects.filter(kind="above").exists()
