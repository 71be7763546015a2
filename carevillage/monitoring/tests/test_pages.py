"""The patient's home-measurement pages: the overview from My page, a reading with an
error then a good one, the chart and table by period, another person's readings never
shown, the care path's weight task done by the reading, the care team's view."""

from __future__ import annotations

import pytest
from django.utils import timezone

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent
from carevillage.carepaths.models import EnrollmentTask, TaskKind, TaskStatus
from carevillage.identity.models import Person, User
from carevillage.monitoring.models import Measurement
from carevillage.testing import login_citizen
from carevillage.testing.demo import seed_demo_without_content

pytestmark = pytest.mark.django_db

URL = "/en/my/measurements/"


@pytest.fixture
def demo(eid):
    seed_demo_without_content()


@pytest.fixture
def elsa(client, demo):
    login_citizen(client, "demo-elsa")
    return Person.objects.get(oidc_subject="demo-elsa")


def _post(client, **fields):
    data = {"type": "weight", "date": "", "time": "", "note": "", **fields}
    return client.post(URL, data)


def test_the_overview_needs_e_id_and_my_page_links_to_it(client, elsa):
    page = client.get("/en/my/").content.decode()
    assert 'href="/en/my/measurements/"' in page
    overview = client.get(URL).content.decode()
    assert "Weight" in overview and "83.2 kg" in overview
    assert "No readings yet" in overview
    client.logout()
    assert "/en/login/" in client.get(URL)["Location"]


def test_1200_kg_is_refused_with_a_clear_error_then_a_good_reading_is_saved_and_charted(
    client, elsa
):
    before = Measurement.objects.filter(person=elsa).count()
    refused = _post(client, weight="1200")
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Weight 1200 kg is not possible" in text
    assert 'value="1200"' in text  # what was typed stays in the form
    assert Measurement.objects.filter(person=elsa).count() == before
    saved = _post(client, weight="82,9", identifier="form-test-1")
    assert saved.status_code == 302
    page = client.get(saved["Location"]).content.decode()
    assert "Your measurement was saved." in page
    assert "82.9 kg" in page
    assert "<svg" in page and "target range" not in page  # weight has no general band
    assert Measurement.objects.filter(person=elsa).count() == before + 1
    # The same form sent twice keeps one reading.
    _post(client, weight="82,9", identifier="form-test-1")
    assert Measurement.objects.filter(person=elsa).count() == before + 1


def test_the_finnish_page_speaks_finnish_and_shows_decimal_commas(client, elsa):
    page = client.get("/fi/my/measurements/?type=weight&period=all").content.decode()
    assert "Kirjaa mittaus" in page
    assert "83,2 kg" in page
    refused = client.post(
        "/fi/my/measurements/", {"type": "weight", "weight": "1200", "date": "", "time": ""}
    )
    assert "Paino 1200 kg ei ole mahdollinen" in refused.content.decode()


def test_periods_show_only_their_readings(client, elsa):
    week = client.get(URL + "?type=weight&period=week").content.decode()
    assert "No readings in this period yet" in week
    month = client.get(URL + "?type=weight&period=month").content.decode()
    assert "3 readings in this period" in month
    assert (
        "4 readings in this period" in client.get(URL + "?type=weight&period=all").content.decode()
    )
    assert "<svg" in month


def test_blood_pressure_shows_both_values_and_the_target_band(client, elsa):
    for systolic, diastolic, key in (("128", "82", "a"), ("138", "88", "b")):
        response = client.post(
            URL,
            {
                "type": "blood-pressure",
                "systolic": systolic,
                "diastolic": diastolic,
                "pulse": "70",
                "identifier": key,
            },
        )
        assert response.status_code == 302
    page = client.get(URL + "?type=blood-pressure").content.decode()
    assert "138/88 mmHg · pulse 70 /min" in page
    assert "The shaded band is the target range." in page


def test_an_unknown_type_is_a_404_and_bad_dates_get_an_error(client, elsa):
    assert client.get(URL + "?type=nonsense").status_code == 404
    response = _post(client, weight="80", date="yesterday", time="08:00")
    assert response.status_code == 400
    assert "Give the date and time of the measurement" in response.content.decode()


def test_the_reading_completes_the_overdue_weight_task_of_the_care_path(client, elsa):
    task = (
        EnrollmentTask.objects.filter(
            enrollment__person=elsa, kind=TaskKind.MEASUREMENT, status=TaskStatus.OPEN
        )
        .filter(available_at__lte=timezone.now())
        .order_by("due_at")
        .first()
    )
    assert task is not None
    _post(client, weight="83", identifier="task-test")
    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    assert AuditEvent.objects.filter(
        action="complete_task", resource_id=str(task.pk), reason="home measurement"
    ).exists()


def test_another_patient_never_sees_elsas_readings(client, demo):
    login_citizen(client, "demo-mikko")
    page = client.get(URL + "?type=weight&period=all").content.decode()
    assert "83,2" not in page and "83.2" not in page
    assert "No readings in this period yet" in page


def test_the_care_team_of_her_care_path_sees_her_readings_and_another_team_does_not(demo):
    elsa = Person.objects.get(oidc_subject="demo-elsa")
    readings = Measurement.objects.filter(person=elsa)
    sanna = User.objects.get(username="nurse.sanna")
    juha = User.objects.get(username="doctor.juha")
    assert access.visible(sanna, AuditAction.VIEW_MEASUREMENT, readings).count() == 4
    assert access.visible(juha, AuditAction.VIEW_MEASUREMENT, readings).count() == 0
    assert not access.decide(sanna, AuditAction.RECORD_MEASUREMENT, readings.first())
