"""The care team's side: the dashboard of patients across programs, the patient detail
with its timeline, the alert lifecycle and ending an enrollment."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from carevillage import access
from carevillage.audit.models import AuditEvent
from carevillage.audit.services import verify_chain
from carevillage.carepaths.enrollments import services
from carevillage.carepaths.models import (
    Alert,
    EnrollmentStatus,
    EnrollmentTask,
    TaskStatus,
)
from carevillage.carepaths.tests.factories import make_program, make_world, refer_and_accept
from carevillage.identity.tests.factories import make_person
from carevillage.identity.tests.factories import test_national_id as national_id_for_tests
from carevillage.questionnaires import engine
from carevillage.questionnaires import services as questionnaire_services
from carevillage.questionnaires.models import Questionnaire
from carevillage.questionnaires.tests.helpers import log_in_patient
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_staff
from carevillage.testing.queries import audit_chain_lock_queries
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("carepaths:staff_dashboard")
# Issue 13: the dashboard page makes at most 15 queries, whatever the page size. At 50
# rows: session, user, second factor, the staff membership (staff check and the audit
# label), the actor's teams with their programs (the filter), the actor's person (the
# policy asks), the page (rows, counts, latest scores and the number of matches in one),
# the team's critical alerts, the audit events of the page and its alerts (one insert in
# a transaction: four), the session's idle-expiry save (three): 15. A new process reads
# the Wagtail site, locale and content types once more on its first page (cached after).
# On PostgreSQL the audit insert first takes the chain's lock: one query more.
DASHBOARD_QUERY_BOUND = 15 + audit_chain_lock_queries()


def answer_phq9(person, items: list[int]):  # noqa: ANN001, ANN201 - a QuestionnaireResponse
    """The patient answers PHQ-9 (item values 0-3, in order) through the real services."""
    version = Questionnaire.objects.get(slug="phq-9").latest_version()
    items_by_id = engine.items_by_link_id(version.definition)
    answers = {}
    for number, value in enumerate(items, start=1):
        options = items_by_id[f"phq9-{number}"]["answerOption"]
        option = next(o for o in options if engine.option_ordinal(o) == value)
        answers[f"phq9-{number}"] = [engine.option_value(option)]
    draft = questionnaire_services.save_draft(
        actor=person.user, version=version, answers=answers, page=0
    )
    return questionnaire_services.submit_response(actor=person.user, response=draft)


_birthdays = itertools.count()


def new_person(given: str, family: str):  # noqa: ANN201 - a Person
    """A person with a never-issued identity code unique in this run (many per test)."""
    person = make_person(given, family)
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=next(_birthdays))
    person.set_national_id(national_id_for_tests(birth))
    person.save()
    return person


def enroll(world, given: str, family: str, *, responsible=None):  # noqa: ANN001, ANN201
    """Another patient referred by the nurse and accepted."""
    person = new_person(given, family)
    enrollment = services.refer(
        actor=world.nurse,
        person=person,
        program=world.program,
        care_team=world.team,
        responsible=responsible or world.doctor,
    )
    return services.accept_invitation(actor=person.user, enrollment=enrollment)


def make_overdue(enrollment) -> None:  # noqa: ANN001
    """Move the enrollment's first task into the past, still open."""
    task = enrollment.tasks.order_by("due_at").first()
    past = timezone.now() - dt.timedelta(days=5)
    EnrollmentTask.objects.filter(pk=task.pk).update(
        available_at=past - dt.timedelta(days=3), remind_at=past - dt.timedelta(days=2), due_at=past
    )


def rows(response) -> list[str]:  # noqa: ANN001
    """Patient names in the dashboard table, in order."""
    html = response.content.decode()
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html)


@pytest.fixture
def world():
    return make_world()


def test_dashboard_shows_each_patient_with_progress_overdue_score_trend_and_alerts(client, world):
    paula = refer_and_accept(world)
    answer_phq9(world.patient, [2, 2, 2, 2, 2, 2, 1, 1, 1])  # 15, item 9 above 0
    # A second result a week later, lower: the trend arrow points down.
    EnrollmentTask.objects.filter(enrollment=paula, day=7).update(
        available_at=timezone.now() - dt.timedelta(hours=1)
    )
    answer_phq9(world.patient, [1, 1, 1, 1, 1, 1, 1, 1, 0])  # 8
    other = enroll(world, "Olavi", "Other")
    make_overdue(other)

    log_in_staff(client, world.doctor)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    # Safety first: Paula has an open critical alert.
    assert rows(response) == ["Paula Patient", "Olavi Other"]
    assert world.patient.masked_national_id in html
    assert world.patient.national_id not in html
    paula_row = html.split(">Paula Patient</a></th>")[1].split("</tr>")[0]
    assert "0 of 3" in paula_row
    assert "8" in paula_row and "PHQ-9" in paula_row
    assert "↓" in paula_row and "down from 15" in paula_row
    assert "1, critical" in paula_row  # one open alert, a critical one
    # The critical alert is on top, in words, with the answer given and its age.
    top = html.split('id="critical-heading"')[1].split("</section>")[0]
    assert "Critical" in top and "Thoughts of death or of self-harm" in top
    assert "ago" in top and "phq9-9" not in html
    olavi_row = html.split(">Olavi Other</a></th>")[1].split("</tr>")[0]
    assert "<strong>1</strong>" in olavi_row  # one overdue task


def test_every_patient_shown_is_an_audited_read(client, world):
    refer_and_accept(world)
    other = enroll(world, "Olavi", "Other")
    log_in_staff(client, world.doctor)
    client.get(DASHBOARD)
    events = AuditEvent.objects.filter(purpose="dashboard", action="view_enrollment")
    assert sorted(e.subject_person_id for e in events) == sorted(
        [world.patient.pk, other.person_id]
    )
    assert {e.actor_user_id for e in events} == {world.doctor.pk}
    assert verify_chain()[1] is None
    # ... and the patient sees it in "Who has viewed my data".
    client.logout()
    log_in_patient(client, world.patient)
    trail = client.get(reverse("portal:my_page")).content.decode().split('id="trail-heading"')[1]
    assert "Viewed your care program" in trail
    assert "Daniel Person" in trail


def test_filters_by_open_alerts_overdue_tasks_program_status_and_my_patients(client, world):
    refer_and_accept(world)
    answer_phq9(world.patient, [0, 0, 0, 0, 0, 0, 0, 0, 1])  # item 9 above 0: alert
    late = enroll(world, "Lauri", "Late", responsible=world.nurse)
    make_overdue(late)
    enroll(world, "Quinn", "Quiet")
    other_program = make_program(world.organization, slug="sleep-test", weekly_phq9=False)
    sleeper = new_person("Siiri", "Sleeper")
    services.accept_invitation(
        actor=sleeper.user,
        enrollment=services.refer(
            actor=world.nurse,
            person=sleeper,
            program=other_program,
            care_team=world.team,
            responsible=world.doctor,
        ),
    )
    invited = new_person("Ilona", "Invited")
    services.refer(
        actor=world.nurse,
        person=invited,
        program=world.program,
        care_team=world.team,
        responsible=world.doctor,
    )

    log_in_staff(client, world.doctor)
    assert rows(client.get(DASHBOARD, {"alerts": "1"})) == ["Paula Patient"]
    assert rows(client.get(DASHBOARD, {"overdue": "1"})) == ["Lauri Late"]
    assert rows(client.get(DASHBOARD, {"program": other_program.pk})) == ["Siiri Sleeper"]
    mine = rows(client.get(DASHBOARD, {"mine": "1"}))
    assert mine == ["Paula Patient", "Quinn Quiet", "Siiri Sleeper"]
    # Invitations are listed with who was invited, nothing clinical.
    invitations = client.get(DASHBOARD, {"status": "invited"})
    assert rows(invitations) == ["Ilona Invited"]
    assert "Latest score" not in invitations.content.decode()


def test_sorting_by_alerts_and_by_latest_score_marks_the_sorted_column(client, world):
    refer_and_accept(world)
    answer_phq9(world.patient, [3, 3, 3, 3, 3, 3, 2, 0, 0])  # 20, severe: band alert
    mild = enroll(world, "Mild", "Mood")
    answer_phq9(mild.person, [1, 1, 1, 1, 1, 0, 0, 0, 0])  # 5
    enroll(world, "Aaro", "Answerless")

    log_in_staff(client, world.doctor)
    # Safety first by default: the open critical alert, then everyone else by name.
    assert rows(client.get(DASHBOARD)) == ["Paula Patient", "Aaro Answerless", "Mild Mood"]
    by_score = client.get(DASHBOARD, {"sort": "score", "dir": "desc"})
    assert rows(by_score) == ["Paula Patient", "Mild Mood", "Aaro Answerless"]
    assert re.search(
        r'<th scope="col" aria-sort="descending"><a [^>]+>Latest score', by_score.content.decode()
    )
    ascending = client.get(DASHBOARD, {"sort": "score", "dir": "asc"})
    # Patients without a score stay last whichever way the column is sorted.
    assert rows(ascending) == ["Mild Mood", "Paula Patient", "Aaro Answerless"]
    # The "Open alerts" column sorts safety first: most severe, longest waiting on top.
    by_alerts = client.get(DASHBOARD, {"sort": "safety"})
    assert rows(by_alerts)[0] == "Paula Patient"
    assert 'aria-sort="descending"' in by_alerts.content.decode()


def test_pages_hold_fifty_patients(client, world):
    for number in range(52):
        enroll(world, f"Patient{number:02d}", "Many")
    log_in_staff(client, world.doctor)
    first = client.get(DASHBOARD)
    assert len(rows(first)) == 50
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(DASHBOARD, {"page": 2})
    assert rows(second) == ["Patient50 Many", "Patient51 Many"]


def test_a_page_of_fifty_patients_takes_at_most_fifteen_queries_as_ten_do(
    client, world, django_assert_max_num_queries
):
    patients = [enroll(world, f"P{number:02d}", "Bound") for number in range(52)]
    for enrollment in patients[:3]:
        answer_phq9(enrollment.person, [1, 1, 1, 1, 1, 1, 1, 1, 1])
        make_overdue(enrollment)
    answer_phq9(patients[3].person, [0, 0, 0, 0, 0, 0, 0, 0, 2])  # a critical alert on top
    # Ten of them have the nurse as the responsible professional: "my patients" shows ten.
    for enrollment in patients[:10]:
        type(enrollment).objects.filter(pk=enrollment.pk).update(responsible=world.nurse)
    log_in_staff(client, world.nurse)
    client.get(DASHBOARD)  # the process's first page reads the site and locale once
    with django_assert_max_num_queries(DASHBOARD_QUERY_BOUND) as ten:
        response = client.get(DASHBOARD, {"mine": "1", "sort": "score"})
    assert len(rows(response)) == 10
    for sort in ("safety", "score", "overdue", "name"):
        with django_assert_max_num_queries(DASHBOARD_QUERY_BOUND) as fifty:
            response = client.get(DASHBOARD, {"sort": sort})
        assert len(rows(response)) == 50
        assert len(fifty) == len(ten)
    html = response.content.decode()
    assert "52 enrollments." in html and "Page 1 of 2" in html
    # The last page, and a page past the end (which shows the last page).
    assert len(rows(client.get(DASHBOARD, {"page": 2}))) == 2
    assert len(rows(client.get(DASHBOARD, {"page": 9}))) == 2
    assert len(rows(client.get(DASHBOARD, {"page": "x"}))) == 50


def test_latest_score_and_trend_follow_each_answer_and_the_backfill_agrees(world):
    from django.apps import apps

    from carevillage.carepaths.models import Enrollment

    migration = __import__(
        "carevillage.carepaths.migrations.0003_enrollment_latest_score",
        fromlist=["fill_latest_scores"],
    )
    enrollment = refer_and_accept(world)
    assert enrollment.latest_score is None and enrollment.score_direction == ""
    answer_phq9(world.patient, [2, 2, 2, 2, 2, 2, 1, 1, 0])  # 14
    enrollment.refresh_from_db()
    assert (enrollment.latest_score, enrollment.previous_score) == (14, None)
    assert enrollment.latest_score_questionnaire.slug == "phq-9"
    EnrollmentTask.objects.filter(enrollment=enrollment, day=7).update(
        available_at=timezone.now() - dt.timedelta(hours=1)
    )
    answer_phq9(world.patient, [3, 3, 3, 3, 3, 3, 2, 2, 0])  # 22: worse
    enrollment.refresh_from_db()
    assert (enrollment.latest_score, enrollment.previous_score) == (22, 14)
    assert enrollment.score_direction == "up"
    kept = (enrollment.latest_score_at, enrollment.latest_score_questionnaire_id)

    # Rows from before the fields existed: the data migration fills them in the same.
    Enrollment.objects.filter(pk=enrollment.pk).update(
        latest_score=None, previous_score=None, latest_score_questionnaire=None,
        latest_score_at=None,
    )  # fmt: skip
    migration.fill_latest_scores(apps, None)
    enrollment.refresh_from_db()
    assert (enrollment.latest_score, enrollment.previous_score) == (22, 14)
    assert (enrollment.latest_score_at, enrollment.latest_score_questionnaire_id) == kept


def test_professional_of_another_team_sees_no_patients_and_gets_404_on_the_detail(client, world):
    enrollment = refer_and_accept(world)
    log_in_staff(client, world.outsider)
    assert rows(client.get(DASHBOARD)) == []
    response = client.get(reverse("carepaths:staff_enrollment", args=[enrollment.pk]))
    assert response.status_code == 404
    denied = AuditEvent.objects.filter(
        actor_user_id=world.outsider.pk, subject_person_id=world.patient.pk, outcome="deny"
    )
    assert denied.filter(action="view_enrollment", resource_id=str(enrollment.pk)).exists()


def test_org_admin_sees_nothing_clinical(client, world):
    enrollment = refer_and_accept(world)
    admin = make_staff(
        "admin.lake", world.organization, role=Role.ORG_ADMIN, care_teams=(world.team,)
    )
    log_in_staff(client, admin)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "You do not work as a professional in any care team" in response.content.decode()
    assert "Paula" not in response.content.decode()
    assert (
        client.get(reverse("carepaths:staff_enrollment", args=[enrollment.pk])).status_code == 404
    )


def test_dashboard_needs_a_verified_second_factor(client, world):
    client.force_login(world.doctor)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


def test_empty_dashboard_says_so(client, world):
    log_in_staff(client, world.doctor)
    assert "No patients match these filters." in client.get(DASHBOARD).content.decode()


# ---------------------------------------------------------------------------------------
# Patient detail and the alert lifecycle


def test_timeline_shows_everything_in_the_enrollment_newest_first(client, world):
    enrollment = refer_and_accept(world)
    module = world.program.modules.get(position=1)
    exercise = module.exercises.get()
    services.answer_exercise(
        actor=world.patient.user,
        enrollment=enrollment,
        exercise=exercise,
        data={"text": "I noticed I sleep better after a walk."},
    )
    services.complete_module(actor=world.patient.user, enrollment=enrollment, module=module)
    answer_phq9(world.patient, [1, 1, 1, 1, 1, 1, 1, 1, 0])

    log_in_staff(client, world.doctor)
    html = client.get(reverse("carepaths:staff_enrollment", args=[enrollment.pk])).content.decode()
    timeline = html.split("Timeline, newest first")[1]
    for text in (
        "Answered Mood self-test (PHQ-9)",
        "Score",
        "Completed module: Module 1",
        "Answered an exercise in module: Module 1",
        "I noticed I sleep better after a walk.",
        "Accepted the invitation",
        "Invited to the program",
        "Welcome to the program.",
    ):
        assert text in timeline, text
    order = [
        timeline.index(t) for t in ("Answered Mood", "Completed module", "Accepted", "Invited")
    ]
    assert order == sorted(order)
    for action in ("view_enrollment", "view_exercise_answer", "view_questionnaire_response"):
        assert AuditEvent.objects.filter(
            actor_user_id=world.doctor.pk, action=action, subject_person_id=world.patient.pk
        ).exists(), action


def test_item_9_above_zero_and_the_severe_band_raise_alerts_that_stay_open(world):
    enrollment = refer_and_accept(world)
    answer_phq9(world.patient, [3, 3, 3, 3, 3, 3, 2, 0, 1])  # 21: severe, and item 9 above 0
    alerts = Alert.objects.filter(enrollment=enrollment)
    assert sorted((a.reason, a.code) for a in alerts) == [
        ("band", "severe"),
        ("critical-flag", "self-harm-thoughts"),
    ]
    assert all(alert.is_open for alert in alerts)


def test_acknowledging_an_alert_needs_a_note_and_then_shows_who_when_and_what(client, world):
    enrollment = refer_and_accept(world)
    answer_phq9(world.patient, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    alert = Alert.objects.get(enrollment=enrollment)
    detail = reverse("carepaths:staff_enrollment", args=[enrollment.pk])
    acknowledge = reverse("carepaths:staff_acknowledge_alert", args=[alert.pk])
    log_in_staff(client, world.doctor)
    assert (
        "Critical answer: Thoughts of death or of self-harm" in client.get(detail).content.decode()
    )

    response = client.post(acknowledge, {"note": "   "})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert "Write a note of what you did" in response.content.decode()
    alert.refresh_from_db()
    assert alert.is_open

    response = client.post(acknowledge, {"note": "Called Paula; safety plan agreed."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.doctor and alert.note.startswith("Called Paula")
    html = client.get(detail).content.decode()
    assert "No open alerts." in html
    acknowledged = html.split("Alert acknowledged")[1].split("</li>")[0]
    assert "Daniel" in acknowledged and "Called Paula; safety plan agreed." in acknowledged

    response = client.post(acknowledge, {"note": "Once more."})
    assert response.status_code == 400
    assert "This alert was already acknowledged." in response.content.decode()
    alert.refresh_from_db()
    assert alert.note == "Called Paula; safety plan agreed."


def test_professional_of_another_team_cannot_acknowledge(client, world):
    enrollment = refer_and_accept(world)
    answer_phq9(world.patient, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    alert = Alert.objects.get(enrollment=enrollment)
    log_in_staff(client, world.outsider)
    response = client.post(
        reverse("carepaths:staff_acknowledge_alert", args=[alert.pk]), {"note": "Hi"}
    )
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.is_open


def test_ending_an_enrollment_asks_for_confirmation_cancels_open_tasks_and_the_patient_still_reads(
    client, world
):
    enrollment = refer_and_accept(world)
    answer_phq9(world.patient, [1, 1, 1, 1, 1, 1, 1, 1, 0])
    end = reverse("carepaths:staff_end_enrollment", args=[enrollment.pk])
    log_in_staff(client, world.doctor)

    response = client.post(end, {"status": "discontinued", "reason": ""})
    assert response.status_code == 400
    assert "Give a reason for discontinuing." in response.content.decode()

    response = client.post(end, {"status": "discontinued", "reason": "Moved abroad."})
    assert response.status_code == 200
    assert "Yes, end the enrollment" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE

    response = client.post(
        end, {"status": "discontinued", "reason": "Moved abroad.", "confirmed": "yes"}
    )
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.DISCONTINUED
    assert enrollment.end_reason == "Moved abroad."
    assert not enrollment.tasks.filter(status=TaskStatus.OPEN).exists()
    assert enrollment.tasks.filter(status=TaskStatus.COMPLETED).count() == 1
    html = client.get(reverse("carepaths:staff_enrollment", args=[enrollment.pk])).content.decode()
    assert "Program discontinued" in html and "Moved abroad." in html
    assert "End enrollment" not in html.split("Timeline")[1]
    # The patient keeps read access to what they did.
    assert access.decide(world.patient.user, "view_enrollment", enrollment).allowed
    task = enrollment.tasks.get(status=TaskStatus.COMPLETED)
    assert access.decide(world.patient.user, "view_enrollment_task", task).allowed
    assert access.decide(world.patient.user, "view_questionnaire_response", task.response).allowed


def test_staff_home_links_to_the_dashboard_with_the_open_alert_count(client, world):
    refer_and_accept(world)
    answer_phq9(world.patient, [3, 3, 3, 3, 3, 3, 2, 0, 1])  # two alerts
    log_in_staff(client, world.doctor)
    html = client.get(reverse("identity:staff_home")).content.decode()
    assert "2 open alerts in your care teams." in html
    assert f'href="{DASHBOARD}"' in html


def test_the_patient_detail_links_to_the_patients_health_record_from_the_organization(
    client, world
):
    enrollment = refer_and_accept(world)
    log_in_staff(client, world.nurse)
    detail = client.get(reverse("carepaths:staff_enrollment", args=[enrollment.pk]))
    link = reverse("records_staff:patient_record", args=[world.patient.pk])
    assert f'href="{link}"' in detail.content.decode()
    record = client.get(link)
    assert record.status_code == 200
    assert "Paula Patient – Health record" in record.content.decode()
