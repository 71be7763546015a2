"""The care-path demo village: what `make run` seeds, and that seeding again changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from carevillage.carepaths import demo
from carevillage.carepaths.enrollments.staff_selectors import (
    DashboardFilters,
    dashboard_page,
    dashboard_rows,
)
from carevillage.carepaths.models import (
    Alert,
    Enrollment,
    EnrollmentStatus,
    EnrollmentTask,
    ExerciseAnswer,
    Module,
    ModuleCompletion,
    Program,
)
from carevillage.careplans import demo as care_plan_demo
from carevillage.careplans.models import Activity, CarePlan, Goal
from carevillage.identity.demo import DEPRESSION_TEAM, seed_identities
from carevillage.questionnaires.demo import seed_demo as seed_questionnaires
from carevillage.questionnaires.models import QuestionnaireResponse
from carevillage.tenants.demo import seed_organization
from carevillage.tenants.models import CareTeam

pytestmark = pytest.mark.django_db

COUNTED = [
    Program,
    Module,
    Enrollment,
    EnrollmentTask,
    ModuleCompletion,
    ExerciseAnswer,
    Alert,
    CarePlan,
    Goal,
    Activity,
    QuestionnaireResponse,
]


def seed_village() -> dict:
    people = seed_identities()
    seed_organization(persons=people["persons"], staff=people["staff"])
    seed_questionnaires()
    demo.seed_demo()
    care_plan_demo.seed_demo()
    return people


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_seeding_twice_gives_the_same_village():
    seed_village()
    first = counts()
    seed_village()
    assert counts() == first
    assert first["Program"] == 4  # with the heart-failure follow-up (monitoring)
    assert first["Enrollment"] >= 11


def test_aino_is_active_in_icbt_with_one_open_alert_and_scores_going_down():
    people = seed_village()
    aino = people["persons"]["demo-aino"]
    enrollment = Enrollment.objects.get(person=aino, program__slug="icbt-depression")
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert enrollment.module_completions.count() == 3
    scores = list(
        enrollment.tasks.exclude(score=None).order_by("day").values_list("score", flat=True)
    )
    assert len(scores) == 4
    assert scores == sorted(scores, reverse=True)
    open_alerts = enrollment.alerts.filter(acknowledged_at=None)
    assert [alert.code for alert in open_alerts] == ["self-harm-thoughts"]
    assert CarePlan.objects.get(person=aino).title == "Recovering from depression"


def test_mikko_has_an_invitation_from_nurse_sanna_and_elsa_an_overdue_task():
    people = seed_village()
    invitation = Enrollment.objects.get(
        person=people["persons"]["demo-mikko"], program__slug="hip-replacement-prep"
    )
    assert invitation.status == EnrollmentStatus.INVITED
    assert invitation.referred_by == people["staff"]["nurse.sanna"]
    assert invitation.responsible == people["staff"]["nurse.sanna"]
    assert invitation.referral_message
    elsa = Enrollment.objects.get(
        person=people["persons"]["demo-elsa"], program__slug="hip-replacement-prep"
    )
    assert elsa.status == EnrollmentStatus.ACTIVE
    overdue = elsa.tasks.filter(status="open", due_at__lte=timezone.now())
    assert overdue.count() == 1


def test_depression_team_dashboard_shows_at_least_eight_active_patients_with_alerts():
    people = seed_village()
    team = CareTeam.objects.get(name=DEPRESSION_TEAM)
    page = dashboard_page(
        actor=people["staff"]["doctor.juha"],
        care_team=team,
        filters=DashboardFilters(),
        page_size=50,
    )
    rows = list(page.object_list)
    assert len({row.person_id for row in rows}) >= 8
    assert sum(row.open_alert_count for row in rows) == 2  # Aino's flag and a severe band
    ended = list(Enrollment.objects.filter(care_team=team).values_list("status", "end_reason"))
    assert (EnrollmentStatus.COMPLETED, "") in ended
    assert any(status == EnrollmentStatus.DISCONTINUED and reason for status, reason in ended)
    acknowledged = Alert.objects.filter(enrollment__care_team=team).exclude(acknowledged_at=None)
    assert acknowledged.count() == 1 and acknowledged.get().note


def test_a_professional_of_another_team_sees_none_of_the_demo_patients():
    people = seed_village()
    team = CareTeam.objects.get(name=DEPRESSION_TEAM)
    rows = dashboard_rows(
        actor=people["staff"]["nurse.sanna"], care_team=team, filters=DashboardFilters()
    )
    assert rows.count() == 0


def test_every_demo_program_says_it_is_demo_content():
    seed_village()
    for program in Program.objects.all():
        assert "Demo content" in program.summary["en"]
        assert set(program.title) >= {"en", "fi", "sv", "nb"}
        for module in program.modules.all():
            assert "Demo content" in module.reading["en"]


def test_seeding_again_keeps_what_an_editor_changed_in_a_demo_program():
    seed_village()
    Program.objects.filter(slug="better-sleep").update(is_published=False, duration_days=35)
    seed_village()
    program = Program.objects.get(slug="better-sleep")
    assert (program.is_published, program.duration_days) == (False, 35)


def test_moving_the_demo_into_the_past_sets_timestamps_only():
    with pytest.raises(ValueError, match="timestamps only"):
        demo._move_into_past(Enrollment.objects.all(), status=timezone.now())
