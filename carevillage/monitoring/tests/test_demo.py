"""The demo village's home measurements: Elsa's weekly weights and paired scale; the
heart-failure follow-up with two patients' daily readings from their gateways, one of
whom crossed a red limit yesterday; seeding twice adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from carevillage.carepaths.models import Alert, AlertReason, Enrollment, TaskStatus
from carevillage.monitoring.models import Device, Measurement
from carevillage.testing.demo import seed_demo_without_content

pytestmark = pytest.mark.django_db


def test_the_heart_failure_demo_has_daily_readings_and_one_red_alert_from_yesterday(eid):
    seed_demo_without_content()
    enrollments = {
        e.person.given_name: e
        for e in Enrollment.objects.filter(program__slug="heart-failure-follow-up")
    }
    assert set(enrollments) == {"Pentti", "Raili"}
    for enrollment in enrollments.values():
        readings = Measurement.objects.filter(person=enrollment.person)
        assert readings.filter(type__code="weight").count() >= 7
        assert readings.filter(type__code="blood-pressure").count() == 3
        assert readings.filter(source="device", modality="sensed").count() == readings.count()
        assert enrollment.tasks.filter(status=TaskStatus.COMPLETED).exists()
    alerts = Alert.objects.filter(reason=AlertReason.MEASUREMENT)
    red = alerts.get(enrollment=enrollments["Raili"])
    assert red.code == "weight.weight.rise" and red.detail["level"] == "red"
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert timezone.localtime(red.raised_at).date() == yesterday
    assert not alerts.filter(enrollment=enrollments["Pentti"]).exists()
    assert Device.objects.filter(
        person__oidc_subject="demo-elsa", token_hash__isnull=False
    ).exists()
    counts = (Measurement.objects.count(), Alert.objects.count(), Device.objects.count())
    seed_demo_without_content()
    assert (Measurement.objects.count(), Alert.objects.count(), Device.objects.count()) == counts


def test_demo_device_pairs_and_uploads_a_week_of_readings(eid):
    seed_demo_without_content()
    before = Measurement.objects.filter(person__oidc_subject="demo-elsa").count()
    call_command("demo_device", "--patient", "demo-elsa", stdout=None)
    device = Device.objects.filter(person__oidc_subject="demo-elsa").order_by("-pk").first()
    assert device.token_hash and device.last_sent_at is not None
    assert Measurement.objects.filter(device=device).count() == 7
    assert Measurement.objects.filter(person__oidc_subject="demo-elsa").count() == before + 7
