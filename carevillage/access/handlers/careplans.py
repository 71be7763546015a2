"""Care plans belong to the person and to the care team that made them.

The team writes goals and activities; the patient reads the plan and reports progress
on the activities the plan puts on them. A team starts a plan only for a person it
cares for (registered with it, or in a care path it runs from acceptance on).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet

from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.carepaths.models import CARE_STATUSES, Enrollment
from carevillage.careplans.models import Activity, CarePlan, Goal
from carevillage.tenants.models import PatientRegistration

from .carepaths import TeamOwnedHandler


def team_cares_for(care_team_id: int, person_id: int) -> bool:
    return (
        PatientRegistration.objects.filter(care_team=care_team_id, person=person_id).exists()
        or Enrollment.objects.filter(
            care_team=care_team_id, person=person_id, status__in=CARE_STATUSES
        ).exists()
    )


@register(CarePlan)
class CarePlanHandler(TeamOwnedHandler):
    resource_type = "care_plan"
    person_path = "person"
    team_path = "care_team"
    enrollment_path = None
    self_actions = frozenset({A.VIEW_CARE_PLAN, A.LIST_CARE_PLANS, A.UPDATE_OWN_ACTIVITY})
    care_team_actions = frozenset(
        {A.VIEW_CARE_PLAN, A.LIST_CARE_PLANS, A.CREATE_CARE_PLAN, A.EDIT_CARE_PLAN}
    )
    # An EHR reads the plans of its organization's teams (FHIR CarePlan).
    api_client_actions = frozenset({A.VIEW_CARE_PLAN})

    def decide(self, *, actor: Any, action: A, resource: Any, on_behalf_of: Any) -> Decision:
        decision = super().decide(
            actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
        )
        if (
            decision.allowed
            and action == A.CREATE_CARE_PLAN
            and not team_cares_for(resource.care_team_id, resource.person_id)
        ):
            return Decision(False, "the care team does not care for the person")
        return decision


class _PlanPartHandler(TeamOwnedHandler):
    person_path = "plan__person"
    team_path = "plan__care_team"
    enrollment_path = None
    self_actions: ClassVar[frozenset[A]] = frozenset({A.VIEW_CARE_PLAN})
    care_team_actions: ClassVar[frozenset[A]] = frozenset({A.VIEW_CARE_PLAN, A.EDIT_CARE_PLAN})


@register(Goal)
class GoalHandler(_PlanPartHandler):
    resource_type = "care_plan_goal"
    self_actions = frozenset({A.VIEW_CARE_PLAN})
    care_team_actions = frozenset({A.VIEW_CARE_PLAN, A.EDIT_CARE_PLAN})


@register(Activity)
class ActivityHandler(_PlanPartHandler):
    resource_type = "care_plan_activity"
    self_actions = frozenset({A.VIEW_CARE_PLAN, A.UPDATE_OWN_ACTIVITY})
    care_team_actions = frozenset({A.VIEW_CARE_PLAN, A.EDIT_CARE_PLAN})

    def decide(self, *, actor: Any, action: A, resource: Any, on_behalf_of: Any) -> Decision:
        # The patient updates only activities the plan puts on them; an activity of a
        # relative or a professional is theirs to report.
        if action == A.UPDATE_OWN_ACTIVITY and resource.responsible != "patient":
            return Decision(False, "activity is not the patient's")
        return super().decide(
            actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
        )

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        queryset = super().visible(actor=actor, action=action, queryset=queryset)
        if action == A.UPDATE_OWN_ACTIVITY:
            queryset = queryset.filter(responsible="patient")
        return queryset

    def visible_on_behalf(self, *, authority: Any, action: A, queryset: QuerySet) -> QuerySet:
        queryset = super().visible_on_behalf(authority=authority, action=action, queryset=queryset)
        if action == A.UPDATE_OWN_ACTIVITY:
            queryset = queryset.filter(responsible="patient")
        return queryset
