"""Care plans: the care team writes goals and activities, the patient sees the same plan
and reports progress on their own activities; nobody else sees anything."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.carepaths.enrollments import services as carepath_services
from carevillage.carepaths.tests.factories import make_world
from carevillage.careplans import services
from carevillage.careplans.models import Activity, ActivityStatus, CarePlan, Goal
from carevillage.identity.models import Person
from carevillage.tenants.models import PatientRegistration, Role
from carevillage.tenants.tests.factories import make_care_team, make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db

NEXT_MONTH = timezone.localdate() + dt.timedelta(days=30)


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def aino(client, eid, world) -> Person:
    """Aino logs in with e-ID and is in the world's program (referred and accepted)."""
    eid.log_in(client, "demo-aino")
    person = Person.objects.get(oidc_subject="demo-aino")
    enrollment = carepath_services.refer(
        actor=world.nurse,
        person=person,
        program=world.program,
        care_team=world.team,
        responsible=world.doctor,
    )
    carepath_services.accept_invitation(actor=person.user, enrollment=enrollment)
    return person


def staff_client(user) -> Client:  # noqa: ANN001
    staff = Client()
    log_in_staff(staff, user)
    return staff


def make_plan(world, person, title="Back to everyday life") -> CarePlan:  # noqa: ANN001
    return services.create_care_plan(
        actor=world.nurse, person=person, care_team=world.team, title=title
    )


def add_goal(world, plan, description="Sleep through the night", **extra) -> Goal:  # noqa: ANN001
    return services.add_goal(
        actor=world.nurse,
        plan=plan,
        description=description,
        target=extra.pop("target", "6 nights out of 7"),
        target_date=extra.pop("target_date", NEXT_MONTH),
        **extra,
    )


def add_activity(world, plan, description, responsible="patient", goal=None) -> Activity:  # noqa: ANN001
    return services.add_activity(
        actor=world.nurse,
        plan=plan,
        description=description,
        frequency="Every evening",
        responsible=responsible,
        goal=goal,
    )


def denied_events(action: str, **filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, outcome=Outcome.DENIED, **filters))


def test_team_member_makes_a_plan_with_goals_and_activities_and_the_patient_sees_the_same(
    client, world, aino
):
    nurse = staff_client(world.nurse)
    response = nurse.post(
        reverse("careplans:care_plan_new", args=[aino.pk]),
        {"title": "Recovering from low mood", "care_team": world.team.pk},
    )
    plan = CarePlan.objects.get(person=aino)
    assert response["Location"] == reverse("careplans:care_plan", args=[plan.pk])

    goal_url = reverse("careplans:care_plan_goal_new", args=[plan.pk])
    for description, target in [
        ("Sleep through the night", "6 nights out of 7"),
        ("Walk outdoors again", "30 minutes 5 days a week"),
    ]:
        response = nurse.post(
            goal_url,
            {
                "description": description,
                "target": target,
                "target_date": NEXT_MONTH.isoformat(),
                "status": "in-progress",
            },
        )
        assert response.status_code == 302
    sleep, walk = plan.goals.order_by("pk")
    activity_url = reverse("careplans:care_plan_activity_new", args=[plan.pk])
    for description, responsible, goal in [
        ("Keep a sleep diary", "patient", sleep),
        ("Walk with a friend", "relative", walk),
        ("Review sleep medication", "specialist", ""),
    ]:
        response = nurse.post(
            activity_url,
            {
                "description": description,
                "frequency": "Weekly",
                "responsible": responsible,
                "goal": getattr(goal, "pk", ""),
                "status": "not-started",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    staff_page = nurse.get(reverse("careplans:care_plan", args=[plan.pk])).content.decode()
    listing = client.get(reverse("careplans:my_care_plans")).content.decode()
    assert "Recovering from low mood" in listing and "2 goals, 3 activities" in listing
    patient_page = client.get(reverse("careplans:my_care_plan", args=[plan.pk])).content.decode()
    for text in [
        "Sleep through the night",
        "6 nights out of 7",
        "Walk outdoors again",
        "30 minutes 5 days a week",
        "Keep a sleep diary",
        "Walk with a friend",
        "Review sleep medication",
        "Relative",
        "Specialist care",
        "In progress",
        f'datetime="{NEXT_MONTH.isoformat()}"',
    ]:
        assert text in patient_page, text
        assert text in staff_page, text
    # The sleep diary is listed under its goal, the review under "without a goal".
    assert patient_page.index("Keep a sleep diary") < patient_page.index("Walk outdoors again")
    assert patient_page.index("Activities without a particular goal") < patient_page.index(
        "Review sleep medication"
    )
    # Only the patient's own activity has a status form on their page.
    assert patient_page.count('name="status"') == 1


def test_patient_updates_their_own_activity_but_not_a_specialists(client, world, aino):
    plan = make_plan(world, aino)
    diary = add_activity(world, plan, "Keep a sleep diary", "patient")
    review = add_activity(world, plan, "Review sleep medication", "specialist")

    response = client.post(
        reverse("careplans:my_activity_status", args=[plan.pk, diary.pk]),
        {"status": "in-progress"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The status of the activity was updated." in page
    diary.refresh_from_db()
    assert diary.status == ActivityStatus.IN_PROGRESS

    response = client.post(
        reverse("careplans:my_activity_status", args=[plan.pk, review.pk]),
        {"status": "completed"},
    )
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.status == ActivityStatus.NOT_STARTED
    assert denied_events("update_own_activity", resource_id=str(review.pk))


def test_patient_status_with_an_unknown_value_is_refused_and_changes_nothing(client, world, aino):
    plan = make_plan(world, aino)
    diary = add_activity(world, plan, "Keep a sleep diary", "patient")
    response = client.post(
        reverse("careplans:my_activity_status", args=[plan.pk, diary.pk]),
        {"status": "finished-ish"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "Choose the status of the activity." in page
    assert f'href="#id_status-{diary.pk}"' in page
    diary.refresh_from_db()
    assert diary.status == ActivityStatus.NOT_STARTED


def test_professional_of_another_team_gets_404_and_a_denied_audit_event(client, world, aino):
    plan = make_plan(world, aino)
    goal = add_goal(world, plan)
    outsider = staff_client(world.outsider)

    for url in [
        reverse("careplans:care_plan", args=[plan.pk]),
        reverse("careplans:care_plan_goal_edit", args=[plan.pk, goal.pk]),
        reverse("careplans:care_plan_new", args=[aino.pk]),
    ]:
        assert outsider.get(url).status_code == 404, url
    response = outsider.post(
        reverse("careplans:care_plan_goal_new", args=[plan.pk]),
        {"description": "Sneak in", "target": "x", "status": "proposed"},
    )
    assert response.status_code == 404
    assert plan.goals.count() == 1
    assert denied_events(
        "view_care_plan", actor_user_id=world.outsider.pk, subject_person_id=aino.pk
    )
    assert denied_events("edit_care_plan", actor_user_id=world.outsider.pk)
    assert denied_events("view_person", actor_user_id=world.outsider.pk, purpose="create_care_plan")
    # Directly through the service, too: refused, audited, nothing made.
    with pytest.raises(services.access.AccessDenied):
        services.create_care_plan(
            actor=world.outsider, person=aino, care_team=world.other_team, title="Mine"
        )
    assert CarePlan.objects.filter(person=aino).count() == 1


def test_org_admin_sees_no_care_plan(client, world, aino):
    plan = make_plan(world, aino)
    admin = make_staff(
        "admin.lake", world.organization, role=Role.ORG_ADMIN, care_teams=(world.team,)
    )
    admin_client = staff_client(admin)
    assert admin_client.get(reverse("careplans:care_plan", args=[plan.pk])).status_code == 404
    assert admin_client.get(reverse("careplans:care_plan_new", args=[aino.pk])).status_code == 404
    assert denied_events("view_care_plan", actor_user_id=admin.pk)

    request = RequestFactory().get("/")
    request.user = admin
    section = Template('{% include "careplans/staff_section.html" %}').render(
        Context({"request": request, "person": aino, "care_team": world.team})
    )
    assert "Back to everyday life" not in section and "Make a care plan" not in section


def test_a_patient_can_have_several_plans_from_different_teams(client, world, aino):
    first = make_plan(world, aino, "Better sleep")
    # A second team the patient is registered with makes its own plan.
    heart_team = make_care_team(world.organization, "Lakeside heart nurses")
    heart_nurse = make_staff("nurse.pulse", world.organization, care_teams=(heart_team,))
    PatientRegistration.objects.create(
        person=aino, organization=world.organization, care_team=heart_team
    )
    second = services.create_care_plan(
        actor=heart_nurse, person=aino, care_team=heart_team, title="Blood pressure in range"
    )

    listing = client.get(reverse("careplans:my_care_plans")).content.decode()
    assert "Better sleep" in listing and "Blood pressure in range" in listing
    assert "Lakeside heart nurses" in listing and "Lakeside mental health team" in listing
    # Each team sees its own plan, not the other team's.
    nurse = staff_client(world.nurse)
    assert nurse.get(reverse("careplans:care_plan", args=[first.pk])).status_code == 200
    assert nurse.get(reverse("careplans:care_plan", args=[second.pk])).status_code == 404


def test_bad_goal_and_activity_input_gets_specific_errors_and_changes_nothing(client, world, aino):
    plan = make_plan(world, aino)
    other_plan = make_plan(world, aino, "Another plan")
    foreign_goal = add_goal(world, other_plan, "A goal elsewhere")
    nurse = staff_client(world.nurse)

    response = nurse.post(
        reverse("careplans:care_plan_goal_new", args=[plan.pk]),
        {
            "description": "",
            "target": "x" * 301,
            "target_date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "status": "proposed",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and 'role="alert"' in page
    assert "Describe the goal." in page
    assert "Use at most 300 characters." in page
    assert "The target date cannot be in the past." in page
    assert 'href="#id_target_date"' in page and 'aria-invalid="true"' in page

    response = nurse.post(
        reverse("careplans:care_plan_goal_new", args=[plan.pk]),
        {"description": "Sleep", "target": "7 h", "target_date": "31.12.", "status": "proposed"},
    )
    assert "Enter the target date as a date" in response.content.decode()

    response = nurse.post(
        reverse("careplans:care_plan_activity_new", args=[plan.pk]),
        {
            "description": "Keep a diary",
            "frequency": "",
            "responsible": "neighbour",
            "goal": foreign_goal.pk,
            "status": "not-started",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose a goal of this care plan, or no goal." in page
    with pytest.raises(services.CarePlanInvalid) as invalid:
        services.add_activity(
            actor=world.nurse,
            plan=plan,
            description="Keep a diary",
            frequency="",
            responsible="neighbour",
            goal=foreign_goal,
        )
    assert set(invalid.value.errors) == {"frequency", "responsible", "goal"}

    response = nurse.post(
        reverse("careplans:care_plan_new", args=[aino.pk]),
        {"title": "  ", "care_team": world.other_team.pk},
    )
    page = response.content.decode()
    assert "Give the plan a title." in page
    assert "Choose one of your care teams that cares for this person." in page
    assert plan.goals.count() == 0 and plan.activities.count() == 0
    assert CarePlan.objects.filter(person=aino).count() == 2


def test_editing_a_goal_keeps_its_passed_date_but_refuses_a_new_past_date(world, aino):
    plan = make_plan(world, aino)
    goal = add_goal(world, plan)
    Goal.objects.filter(pk=goal.pk).update(target_date=timezone.localdate() - dt.timedelta(days=3))
    goal.refresh_from_db()
    services.update_goal(
        actor=world.nurse,
        goal=goal,
        description=goal.description,
        target=goal.target,
        target_date=goal.target_date,
        status="not-achieved",
    )
    with pytest.raises(services.CarePlanInvalid):
        services.update_goal(
            actor=world.nurse,
            goal=goal,
            description=goal.description,
            target=goal.target,
            target_date=timezone.localdate() - dt.timedelta(days=10),
            status="not-achieved",
        )
    goal.refresh_from_db()
    assert goal.status == "not-achieved"
    assert goal.target_date == timezone.localdate() - dt.timedelta(days=3)


def test_removing_a_goal_asks_first_and_keeps_its_activities(world, aino):
    plan = make_plan(world, aino)
    goal = add_goal(world, plan)
    activity = add_activity(world, plan, "Keep a sleep diary", goal=goal)
    nurse = staff_client(world.nurse)
    url = reverse("careplans:care_plan_goal_remove", args=[plan.pk, goal.pk])

    page = nurse.get(url).content.decode()
    assert "Remove the goal “Sleep through the night” from the plan?" in page
    assert Goal.objects.filter(pk=goal.pk).exists()

    assert nurse.post(url)["Location"] == reverse("careplans:care_plan", args=[plan.pk])
    assert not Goal.objects.filter(pk=goal.pk).exists()
    activity.refresh_from_db()
    assert activity.goal is None

    url = reverse("careplans:care_plan_activity_remove", args=[plan.pk, activity.pk])
    assert "Remove the activity “Keep a sleep diary”" in nurse.get(url).content.decode()
    nurse.post(url)
    assert not plan.activities.exists()


def test_a_completed_plan_is_read_only_until_made_active_again(client, world, aino):
    plan = make_plan(world, aino)
    diary = add_activity(world, plan, "Keep a sleep diary", "patient")
    nurse = staff_client(world.nurse)
    nurse.post(reverse("careplans:care_plan_status", args=[plan.pk]), {"status": "completed"})
    plan.refresh_from_db()
    assert plan.status == "completed"

    patient_page = client.get(reverse("careplans:my_care_plan", args=[plan.pk])).content.decode()
    assert "Completed" in patient_page and 'name="status"' not in patient_page
    response = client.post(
        reverse("careplans:my_activity_status", args=[plan.pk, diary.pk]), {"status": "completed"}
    )
    assert response.status_code == 400
    assert "Make it active again to change it." in response.content.decode()
    response = nurse.post(
        reverse("careplans:care_plan_goal_new", args=[plan.pk]),
        {"description": "Late goal", "target": "x", "status": "proposed"},
    )
    assert response.status_code == 400 and not plan.goals.exists()
    diary.refresh_from_db()
    assert diary.status == ActivityStatus.NOT_STARTED

    nurse.post(reverse("careplans:care_plan_status", args=[plan.pk]), {"status": "active"})
    assert (
        client.post(
            reverse("careplans:my_activity_status", args=[plan.pk, diary.pk]),
            {"status": "completed"},
        ).status_code
        == 302
    )


def test_a_plan_needs_a_care_relationship_not_just_an_invitation(world):
    from carevillage.identity.tests.factories import make_person

    invited = make_person("Ilona", "Invited")
    carepath_services.refer(
        actor=world.nurse,
        person=invited,
        program=world.program,
        care_team=world.team,
        responsible=world.doctor,
    )
    nurse = staff_client(world.nurse)
    assert nurse.get(reverse("careplans:care_plan_new", args=[invited.pk])).status_code == 404
    assert denied_events("view_person", subject_person_id=invited.pk)

    # Once registered with the team, the nurse can make the plan.
    PatientRegistration.objects.create(
        person=invited, organization=world.organization, care_team=world.team
    )
    page = nurse.get(reverse("careplans:care_plan_new", args=[invited.pk])).content.decode()
    assert "Ilona Invited" in page
    assert (
        nurse.post(
            reverse("careplans:care_plan_new", args=[invited.pk]),
            {"title": "Getting started", "care_team": world.team.pk},
        ).status_code
        == 302
    )


def test_views_of_the_plan_show_in_the_patients_who_has_viewed_my_data(client, world, aino):
    plan = make_plan(world, aino)
    staff_client(world.nurse).get(reverse("careplans:care_plan", args=[plan.pk]))
    staff_client(world.outsider).get(reverse("careplans:care_plan", args=[plan.pk]))

    my_page = client.get(reverse("portal:my_page")).content.decode()
    trail = my_page[my_page.index("Who has viewed my data") :]
    assert world.nurse.display_name() in trail
    assert world.outsider.display_name() in trail
    assert "Viewed your care plan" in trail
    assert "Denied" in trail


def test_my_page_and_staff_sections_list_the_plans(client, world, aino):
    plan = make_plan(world, aino, "Better sleep")
    add_activity(world, plan, "Keep a sleep diary", "patient")

    request = RequestFactory().get("/")
    request.user = aino.user
    mine = Template('{% include "careplans/my_page_section.html" %}').render(
        Context({"request": request})
    )
    assert "Better sleep" in mine and "1 activity for you to do" in mine
    assert reverse("careplans:my_care_plan", args=[plan.pk]) in mine

    request.user = world.nurse
    enrollment = aino.enrollments.get()
    team = Template('{% include "careplans/staff_section.html" %}').render(
        Context(
            {"request": request, "person": aino, "care_team": world.team, "enrollment": enrollment}
        )
    )
    assert "Better sleep" in team and reverse("careplans:care_plan", args=[plan.pk]) in team
    assert f"?care_team={world.team.pk}&amp;enrollment={enrollment.pk}" in team
    # Seeing the plan in the list is in the patient's trail too.
    assert AuditEvent.objects.filter(
        action="view_care_plan",
        actor_user_id=world.nurse.pk,
        subject_person_id=aino.pk,
        resource_id=str(plan.pk),
        outcome=Outcome.ALLOWED,
    ).exists()


def test_a_plan_made_from_a_care_path_belongs_to_it(client, world, aino):
    enrollment = aino.enrollments.get()
    nurse = staff_client(world.nurse)
    new_url = reverse("careplans:care_plan_new", args=[aino.pk])
    form = nurse.get(f"{new_url}?care_team={world.team.pk}&enrollment={enrollment.pk}")
    assert "The plan is part of the care path “Test program test-icbt”." in form.content.decode()
    nurse.post(
        new_url,
        {"title": "During the program", "care_team": world.team.pk, "enrollment": enrollment.pk},
    )
    plan = CarePlan.objects.get(person=aino)
    assert plan.enrollment == enrollment
    page = client.get(reverse("careplans:my_care_plan", args=[plan.pk])).content.decode()
    assert "Care path" in page and "Test program test-icbt" in page
    staff_page = nurse.get(reverse("careplans:care_plan", args=[plan.pk])).content.decode()
    assert reverse("carepaths:staff_enrollment", args=[enrollment.pk]) in staff_page

    # Another person's care path cannot be attached to the plan.
    PatientRegistration.objects.create(
        person=world.patient, organization=world.organization, care_team=world.team
    )
    with pytest.raises(services.CarePlanInvalid):
        services.create_care_plan(
            actor=world.nurse,
            person=world.patient,
            care_team=world.team,
            title="Wrong path",
            enrollment=enrollment,
        )


def test_patient_without_plans_sees_an_empty_state(client, eid):
    eid.log_in(client, "demo-elsa")
    page = client.get(reverse("careplans:my_care_plans")).content.decode()
    assert "You have no care plans yet." in page


def test_care_plan_pages_need_e_id_or_a_second_factor(client, world, aino):
    plan = make_plan(world, aino)
    anonymous = Client()
    assert (
        reverse("identity:login") in anonymous.get(reverse("careplans:my_care_plans"))["Location"]
    )
    # A patient's e-ID session is not a staff login.
    staff_page = client.get(reverse("careplans:care_plan", args=[plan.pk]))
    assert reverse("identity:staff_login") in staff_page["Location"]


def test_updating_an_activity_someone_just_removed_says_so(world, aino):
    plan = make_plan(world, aino)
    diary = add_activity(world, plan, "Keep a sleep diary", "patient")
    services.remove_activity(actor=world.nurse, activity=diary)
    with pytest.raises(services.CarePlanError, match="just removed by someone else"):
        services.set_own_activity_status(actor=aino.user, activity=diary, status="completed")
    assert not Activity.objects.filter(pk=diary.pk).exists()


def test_plan_pages_cost_the_same_queries_however_long_the_plan(client, world, aino):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = make_plan(world, aino)
    nurse = staff_client(world.nurse)
    urls = [
        (nurse, reverse("careplans:care_plan", args=[plan.pk])),
        (client, reverse("careplans:my_care_plan", args=[plan.pk])),
        (client, reverse("careplans:my_care_plans")),
    ]

    def queries() -> list[int]:
        counts = []
        for who, url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert who.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    goal = add_goal(world, plan)
    add_activity(world, plan, "Keep a sleep diary", goal=goal)
    queries()  # the first request after a login also writes the session
    short = queries()
    for number in range(10):
        goal = add_goal(world, plan, f"Goal {number}")
        add_activity(world, plan, f"Activity {number}", "specialist", goal=goal)
        add_activity(world, plan, f"Loose activity {number}", "patient")
    assert queries() == short
