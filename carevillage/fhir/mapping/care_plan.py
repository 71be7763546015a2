"""CarePlan: the care plans the organization's teams made with their patients, with the
goals contained and the activities (who does what, how often) in `activity.detail`."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.careplan import CarePlan as FhirCarePlan

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.careplans.models import CarePlan

from .base import Kind, SearchPage, SearchParameter, audited_page, patient_param
from .patient import include_patients

# CareVillage goal statuses are FHIR Goal.lifecycleStatus / achievementStatus codes.
GOAL_LIFECYCLE = {
    "proposed": "proposed",
    "in-progress": "active",
    "achieved": "completed",
    "not-achieved": "completed",
}


def _goal(goal: Any, person_id: int) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Goal",
        "id": f"goal-{goal.pk}",
        "lifecycleStatus": GOAL_LIFECYCLE.get(goal.status, "active"),
        "description": {"text": goal.description},
        "subject": {"reference": f"Patient/{person_id}"},
    }
    if goal.status in ("achieved", "not-achieved"):
        resource["achievementStatus"] = {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/goal-achievement",
                    "code": goal.status,
                }
            ]
        }
    target: dict[str, Any] = {}
    if goal.target:
        target["detailString"] = goal.target
    if goal.target_date:
        target["dueDate"] = goal.target_date.isoformat()
    if target:
        resource["target"] = [target]
    return resource


def to_fhir(plan: CarePlan) -> dict[str, Any]:
    goals = list(plan.goals.all())
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": str(plan.pk),
        "status": plan.status,
        "intent": "plan",
        "title": plan.title,
        "subject": {"reference": f"Patient/{plan.person_id}"},
        "created": plan.created_at.isoformat(),
        "author": {"reference": f"CareTeam/{plan.care_team_id}", "display": plan.care_team.name},
    }
    if goals:
        resource["contained"] = [_goal(goal, plan.person_id) for goal in goals]
        resource["goal"] = [{"reference": f"#goal-{goal.pk}"} for goal in goals]
    activities = []
    for activity in plan.activities.all():
        detail: dict[str, Any] = {
            "status": activity.status,
            "description": activity.description,
            "performer": [{"display": activity.get_responsible_display()}],
            "scheduledString": activity.frequency or None,
        }
        if activity.goal_id:
            detail["goal"] = [{"reference": f"#goal-{activity.goal_id}"}]
        activities.append({"detail": {k: v for k, v in detail.items() if v}})
    if activities:
        resource["activity"] = activities
    return CARE_PLAN.output(resource)


def _plans() -> Any:
    return CarePlan.objects.select_related("care_team").prefetch_related("goals", "activities")


def read(client: Any, resource_id: str) -> dict[str, Any]:
    return to_fhir(access.get(client, AuditAction.VIEW_CARE_PLAN, _plans(), pk=resource_id))


def search(client: Any, params: dict[str, str], count: int, after: str | None) -> SearchPage:
    plans = _plans()
    if "patient" in params:
        plans = plans.filter(person_id=patient_param(params["patient"]))
    if "status" in params:
        plans = plans.filter(status=params["status"])
    shown_to = access.visible(client, AuditAction.VIEW_CARE_PLAN, plans)
    return audited_page(client, AuditAction.VIEW_CARE_PLAN, shown_to, count, after, to_fhir)


CARE_PLAN = Kind(
    resource_type="CarePlan",
    model=FhirCarePlan,
    documentation="Care plans of the organization's teams, goals contained.",
    read=read,
    search=search,
    includes={"CarePlan:patient": include_patients("subject")},
    search_parameters=[
        SearchParameter("patient", "reference", "Patient/<id>"),
        SearchParameter("status", "token", "active, completed or revoked"),
    ],
)
