"""The care-plan demo: Aino's and Elsa's plans, made through the services as their care
teams would (so the plans stand in their "Who has viewed my data" too). Runs after the
care-path demo; does nothing without it. Idempotent. Demo content, not medical advice."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from carevillage.carepaths.models import Enrollment
from carevillage.identity.demo import DEPRESSION_TEAM, KALLIO_TEAM
from carevillage.identity.models import Person, User
from carevillage.tenants.models import CareTeam

from . import services
from .models import ActivityStatus, CarePlan, GoalStatus, Responsible


def _enrollment(person: Person, slug: str) -> Enrollment | None:
    return Enrollment.objects.filter(person=person, program__slug=slug).first()


def _care_plan(
    *,
    person: Person,
    team: CareTeam,
    enrollment: Enrollment | None,
    author: User,
    title: str,
    goals: list[tuple[str, str, int, str, list[tuple[str, str, str, str]]]],
) -> None:
    if CarePlan.objects.filter(person=person, title=title).exists():
        return
    plan = services.create_care_plan(
        actor=author, person=person, care_team=team, enrollment=enrollment, title=title
    )
    today = timezone.localdate()
    for description, target, weeks, status, activities in goals:
        goal = services.add_goal(
            actor=author,
            plan=plan,
            description=description,
            target=target,
            target_date=today + dt.timedelta(weeks=weeks),
            status=status,
        )
        for activity, frequency, responsible, activity_status in activities:
            services.add_activity(
                actor=author,
                plan=plan,
                goal=goal,
                description=activity,
                frequency=frequency,
                responsible=responsible,
                status=activity_status,
            )


def seed_care_plans(aino: Person, elsa: Person, teams: dict, juha: User, sanna: User) -> None:
    _care_plan(
        person=aino,
        team=teams[DEPRESSION_TEAM],
        enrollment=_enrollment(aino, "icbt-depression"),
        author=juha,
        title="Recovering from depression",
        goals=[
            (
                "Demo: mood lighter in everyday life",
                "PHQ-9 total below 10 on two weekly answers in a row",
                6,
                GoalStatus.IN_PROGRESS,
                [
                    (
                        "Work through one online CBT module a week",
                        "Weekly",
                        Responsible.PATIENT,
                        ActivityStatus.IN_PROGRESS,
                    ),
                    (
                        "Review the weekly mood questionnaire and give feedback",
                        "Weekly",
                        Responsible.SPECIALIST,
                        ActivityStatus.IN_PROGRESS,
                    ),
                ],
            ),
            (
                "Demo: back to part-time work",
                "Working four hours a day, three days a week",
                10,
                GoalStatus.PROPOSED,
                [
                    (
                        "Agree on a gradual return with occupational health",
                        "Once",
                        Responsible.PRIMARY_CARE,
                        ActivityStatus.NOT_STARTED,
                    ),
                ],
            ),
        ],
    )
    _care_plan(
        person=elsa,
        team=teams[KALLIO_TEAM],
        enrollment=_enrollment(elsa, "hip-replacement-prep"),
        author=sanna,
        title="Getting ready for hip surgery",
        goals=[
            (
                "Demo: strong enough to get up from a chair without using the arms",
                "Five chair rises in a row",
                4,
                GoalStatus.IN_PROGRESS,
                [
                    (
                        "Do the home exercises the physiotherapist showed",
                        "Every other day",
                        Responsible.PATIENT,
                        ActivityStatus.IN_PROGRESS,
                    ),
                    (
                        "Help with shopping for the first two weeks after the operation",
                        "Twice a week",
                        Responsible.RELATIVE,
                        ActivityStatus.NOT_STARTED,
                    ),
                ],
            ),
        ],
    )


def seed_demo() -> None:
    """Create the demo care plans once the care-path demo has run."""
    staff = {
        user.username: user
        for user in User.objects.filter(username__in=["doctor.juha", "nurse.sanna"])
    }
    persons = {
        person.oidc_subject: person
        for person in Person.objects.filter(oidc_subject__in=["demo-aino", "demo-elsa"])
    }
    teams = {
        team.name: team for team in CareTeam.objects.filter(name__in=[DEPRESSION_TEAM, KALLIO_TEAM])
    }
    if len(staff) < 2 or len(persons) < 2 or len(teams) < 2:
        return
    aino, elsa = persons["demo-aino"], persons["demo-elsa"]
    if _enrollment(aino, "icbt-depression") is None:
        return
    seed_care_plans(aino, elsa, teams, staff["doctor.juha"], staff["nurse.sanna"])
