"""The care team's view of a care path's home measurements: latest readings, trend, the
limits in effect, and changing a patient's limits with a reason."""

from __future__ import annotations

import pytest
from django.test import Client

from carevillage.carepaths.models import Enrollment
from carevillage.monitoring.models import Threshold
from carevillage.testing import login_staff
from carevillage.testing.demo import seed_demo_without_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def raili(eid):
    seed_demo_without_content()
    return Enrollment.objects.get(
        program__slug="heart-failure-follow-up", person__given_name="Raili"
    )


def _staff(username: str) -> Client:
    client = Client()
    login_staff(client, username)
    return client


def test_the_team_sees_readings_trend_limits_and_the_red_alert(raili):
    page = _staff("nurse.sanna").get(f"/en/care-team/enrollments/{raili.pk}/").content.decode()
    assert "Latest readings and the alert limits for this patient" in page
    assert "73.6 kg" in page
    assert "Weight rise in 3 days: red 2" in page
    assert "Systolic (upper) ≥ orange 150 red 180" in page
    assert "Home measurement, Red: Weight rose by 2.6 kg in 3 days (limit 2 kg)" in page


def test_the_team_changes_her_limits_with_a_reason_and_a_missing_reason_saves_nothing(raili):
    sanna = _staff("nurse.sanna")
    url = "/en/care-team/measurement-limits/"
    fields = {
        "enrollment": raili.pk,
        "rule": "blood-pressure:systolic:above",
        "orange": "140",
        "red": "160",
        "reason": "",
    }
    refused = sanna.post(url, fields, follow=True).content.decode()
    assert "Give the reason for changing the limits." in refused
    assert not Threshold.objects.filter(enrollment=raili).exists()
    saved = sanna.post(url, {**fields, "reason": "Target after medicine change"}, follow=True)
    assert "The alert limits were saved." in saved.content.decode()
    assert "Systolic (upper) ≥ orange 140 red 160" in saved.content.decode()
    threshold = Threshold.objects.get(enrollment=raili)
    assert threshold.reason == "Target after medicine change"
    juha = _staff("doctor.juha")
    assert juha.post(url, {**fields, "red": "999", "reason": "x"}).status_code == 404
    threshold.refresh_from_db()
    assert threshold.red == 160
