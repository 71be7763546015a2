"""Reads of care plans. Opening a plan is decided and audited by the access policy; lists
are filtered in the database to the plans the actor may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from carevillage import access
from carevillage.access.actors import subject_person
from carevillage.audit.actions import AuditAction
from carevillage.carepaths.models import Enrollment
from carevillage.identity.models import Person
from carevillage.tenants.models import CareTeam

from .models import Activity, CarePlan, Goal
from .services import care_plan_teams

__all__ = [
    "PlanSection",
    "care_plan_for",
    "care_plan_teams",
    "care_plans_of_patient",
    "care_plans_of_person",
    "enrollment_for_care_plan",
    "person_for_care_plan",
    "plan_sections",
]


def _with_counts(queryset: QuerySet[CarePlan]) -> QuerySet[CarePlan]:
    return queryset.select_related("care_team__organization").annotate(
        goal_count=Count("goals", distinct=True),
        activity_count=Count("activities", distinct=True),
        patient_activities_open=Count(
            "activities",
            filter=Q(
                activities__responsible="patient",
                activities__status__in=["not-started", "in-progress"],
            ),
            distinct=True,
        ),
    )


def care_plans_of_patient(*, actor: Any, limit: int | None = None) -> list[CarePlan]:
    """The logged-in person's own plans, newest first (at most `limit`); the listing is
    audited."""
    person = subject_person(actor)
    if person is None:
        return []
    plans = access.visible(
        actor, AuditAction.VIEW_CARE_PLAN, CarePlan.objects.filter(person=person)
    )
    ordered = _with_counts(plans).order_by("-created_at", "-pk")
    listed = list(ordered[:limit] if limit is not None else ordered)
    access.record_listing(actor, AuditAction.VIEW_CARE_PLAN, listed, purpose="my care plans")
    return listed


def care_plans_of_person(
    *, actor: Any, person: Person, care_team: CareTeam | None = None
) -> list[CarePlan]:
    """A person's plans that the professional's care teams share (optionally one team).
    Each plan listed is audited as seen."""
    plans = CarePlan.objects.filter(person=person)
    if care_team is not None:
        plans = plans.filter(care_team=care_team)
    plans = access.visible(actor, AuditAction.VIEW_CARE_PLAN, plans)
    listed = list(_with_counts(plans).order_by("-created_at", "-pk"))
    access.record_listing(actor, AuditAction.VIEW_CARE_PLAN, listed, purpose="care team")
    return listed


def care_plan_for(
    *, actor: Any, plan_id: int, action: AuditAction = AuditAction.VIEW_CARE_PLAN
) -> CarePlan:
    """One plan with its goals and activities; 404 when missing or not the actor's to see
    (the decision is audited either way)."""
    plan = (
        CarePlan.objects.select_related(
            "person", "care_team__organization", "created_by", "enrollment__program"
        )
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("pk")),
            Prefetch("activities", queryset=Activity.objects.order_by("pk")),
        )
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    access.require(actor, action, plan)
    return plan


def person_for_care_plan(*, actor: Any, person_id: int) -> Person:
    """The person a professional is about to make a plan for; 404 without a care
    relationship (audited)."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    access.require(actor, AuditAction.VIEW_PERSON, person, purpose="create_care_plan")
    return person


def enrollment_for_care_plan(
    *, actor: Any, person: Person, enrollment_id: str
) -> Enrollment | None:
    """The person's care path a new plan belongs to, when the professional's team runs it."""
    if not enrollment_id.isdigit():
        return None
    enrollments = Enrollment.objects.filter(pk=int(enrollment_id), person=person)
    return (
        access.visible(actor, AuditAction.VIEW_ENROLLMENT, enrollments)
        .select_related("program")
        .first()
    )


@dataclass(frozen=True)
class PlanSection:
    """A goal with the activities that serve it; `goal` is None for activities that
    serve no particular goal."""

    goal: Goal | None
    activities: list[Activity]


def plan_sections(plan: CarePlan) -> list[PlanSection]:
    """The plan as the patient and the team read it: each goal, then its activities.
    Uses the goals and activities `care_plan_for` prefetched."""
    activities = list(plan.activities.all())
    sections = [
        PlanSection(goal, [a for a in activities if a.goal_id == goal.pk])
        for goal in plan.goals.all()
    ]
    loose = [a for a in activities if a.goal_id is None]
    if loose:
        sections.append(PlanSection(None, loose))
    return sections


def can_start_care_plan(*, actor: Any, person: Person) -> bool:
    """Whether the professional has a care team that could start a plan for the person."""
    return care_plan_teams(actor=actor, person=person).exists()
