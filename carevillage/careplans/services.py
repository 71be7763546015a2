"""Every change to a care plan.

A care plan is shared by the patient and the care team that made it: the team writes
the goals and activities, the patient reports progress on the activities the plan puts
on them. Each change is one `access.atomic` block: the decision (`access.require`) is the
change's audit event and commits with it; a refusal rolls the change back and stays in
the trail. Bad input is reported per form field and saves nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.carepaths.models import CARE_STATUSES, Enrollment
from carevillage.tenants.models import CareTeam

from .models import (
    Activity,
    ActivityStatus,
    CarePlan,
    CarePlanStatus,
    Goal,
    GoalStatus,
    Responsible,
)

MAX_PLAN_TITLE_LENGTH = 200
MAX_GOAL_TEXT_LENGTH = 300
MAX_ACTIVITY_TEXT_LENGTH = 300
MAX_FREQUENCY_LENGTH = 120


class CarePlanError(ValueError):
    """A request the user can correct; the message is translated and shown as is."""


class CarePlanInvalid(CarePlanError):
    """Input the user can correct. `errors` maps each form field to its translated message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(str(message) for message in errors.values()))
        self.errors = errors


def _clean_text(
    errors: dict[str, str], field: str, value: str | None, *, limit: int, missing: str
) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = missing
    elif len(value) > limit:
        errors[field] = _("Use at most %(limit)d characters.") % {"limit": limit}
    return value


def _clean_goal(
    errors: dict[str, str],
    *,
    description: str,
    target: str,
    target_date: dt.date | None,
    status: str,
    previous_date: dt.date | None = None,
) -> dict[str, Any]:
    fields = {
        "description": _clean_text(
            errors,
            "description",
            description,
            limit=MAX_GOAL_TEXT_LENGTH,
            missing=_("Describe the goal."),
        ),
        "target": _clean_text(
            errors,
            "target",
            target,
            limit=MAX_GOAL_TEXT_LENGTH,
            missing=_("Give a measurable target, for example “walks 2 km without a break”."),
        ),
        "target_date": target_date,
        "status": status,
    }
    # A goal is set for the future; a date that has already passed may stay when the
    # goal is edited later, but is not chosen anew.
    if target_date is not None and target_date != previous_date:
        if target_date < timezone.localdate():
            errors["target_date"] = _("The target date cannot be in the past.")
    if status not in GoalStatus.values:
        errors["status"] = _("Choose the status of the goal.")
    return fields


def _clean_activity(
    errors: dict[str, str],
    *,
    plan: CarePlan,
    description: str,
    frequency: str,
    responsible: str,
    goal: Goal | None,
    status: str,
) -> dict[str, Any]:
    fields = {
        "description": _clean_text(
            errors,
            "description",
            description,
            limit=MAX_ACTIVITY_TEXT_LENGTH,
            missing=_("Describe the activity."),
        ),
        "frequency": _clean_text(
            errors,
            "frequency",
            frequency,
            limit=MAX_FREQUENCY_LENGTH,
            missing=_("Say how often the activity is done, for example “every morning”."),
        ),
        "responsible": responsible,
        "goal": goal,
        "status": status,
    }
    if responsible not in Responsible.values:
        errors["responsible"] = _("Choose who is responsible for the activity.")
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = _("Choose a goal of this care plan, or no goal.")
    if status not in ActivityStatus.values:
        errors["status"] = _("Choose the status of the activity.")
    return fields


def _locked_plan(plan: CarePlan) -> CarePlan:
    return (
        CarePlan.objects.select_for_update()
        .select_related("care_team__organization")
        .get(pk=plan.pk)
    )


def _require_plan_active(plan: CarePlan) -> None:
    if plan.status != CarePlanStatus.ACTIVE:
        raise CarePlanError(
            _("This care plan is completed or withdrawn. Make it active again to change it.")
        )


def _still_there(queryset: Any) -> Any:
    """The goal or activity being changed, unless someone removed it a moment ago."""
    item = queryset.select_related("plan__care_team__organization").first()
    if item is None:
        raise CarePlanError(_("This part of the plan was just removed by someone else."))
    return item


def _plan_changed(plan: CarePlan) -> None:
    plan.save(update_fields=["updated_at"])


def _editable_plan(actor: Any, plan: CarePlan, action: AuditAction, resource: Any) -> CarePlan:
    """Lock the plan, decide on `resource` (the plan, a goal or an activity) inside the
    transaction, and refuse a plan that is no longer active."""
    locked = _locked_plan(plan)
    access.require(actor, action, resource if resource is not plan else locked)
    _require_plan_active(locked)
    return locked


def _update_plan_item(actor: Any, item: Goal | Activity, fields: dict[str, Any]) -> Any:
    """Write cleaned fields to a goal or an activity of an active plan (a removed item
    gives a clear error)."""
    plan = _locked_plan(item.plan)
    item = _still_there(type(item).objects.filter(pk=item.pk, plan=plan))
    access.require(actor, AuditAction.EDIT_CARE_PLAN, item)
    _require_plan_active(plan)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=list(fields))
    _plan_changed(plan)
    return item


def care_plan_teams(*, actor: Any, person: Any) -> QuerySet[CareTeam]:
    """The actor's care teams that care for the person (registration, or an enrollment
    from acceptance on): the teams a new care plan for them can belong to."""
    teams = CareTeam.objects.filter(
        Q(registrations__person=person)
        | Q(enrollments__person=person, enrollments__status__in=CARE_STATUSES)
    )
    return (
        access.visible(actor, AuditAction.CREATE_CARE_PLAN, teams)
        .select_related("organization")
        .distinct()
        .order_by("name")
    )


@access.atomic
def create_care_plan(
    *,
    actor: Any,
    person: Any,
    care_team: CareTeam | None,
    title: str,
    enrollment: Enrollment | None = None,
) -> CarePlan:
    """A professional starts a care plan for a person their care team cares for."""
    errors: dict[str, str] = {}
    title = _clean_text(
        errors, "title", title, limit=MAX_PLAN_TITLE_LENGTH, missing=_("Give the plan a title.")
    )
    if care_team is None:
        errors["care_team"] = _("Choose one of your care teams that cares for this person.")
    elif enrollment is not None and (
        enrollment.person_id != person.pk or enrollment.care_team_id != care_team.pk
    ):
        errors["enrollment"] = _("Link the plan only to this person's care path in the same team.")
    if errors:
        raise CarePlanInvalid(errors)
    assert care_team is not None
    plan = CarePlan.objects.create(
        person=person,
        care_team=care_team,
        enrollment=enrollment,
        title=title,
        created_by=actor,
    )
    access.require(actor, AuditAction.CREATE_CARE_PLAN, plan, purpose="create_care_plan")
    return plan


@access.atomic
def set_plan_status(*, actor: Any, plan: CarePlan, status: str) -> CarePlan:
    plan = _locked_plan(plan)
    access.require(actor, AuditAction.EDIT_CARE_PLAN, plan)
    if status not in CarePlanStatus.values:
        raise CarePlanInvalid({"status": _("Choose the status of the care plan.")})
    plan.status = status
    plan.save(update_fields=["status", "updated_at"])
    return plan


@access.atomic
def add_goal(
    *,
    actor: Any,
    plan: CarePlan,
    description: str,
    target: str,
    target_date: dt.date | None = None,
    status: str = GoalStatus.PROPOSED,
) -> Goal:
    plan = _editable_plan(actor, plan, AuditAction.EDIT_CARE_PLAN, plan)
    errors: dict[str, str] = {}
    fields = _clean_goal(
        errors, description=description, target=target, target_date=target_date, status=status
    )
    if errors:
        raise CarePlanInvalid(errors)
    goal = Goal.objects.create(plan=plan, **fields)
    access.record(actor, AuditAction.EDIT_CARE_PLAN, goal, reason="goal added")
    _plan_changed(plan)
    return goal


@access.atomic
def update_goal(
    *,
    actor: Any,
    goal: Goal,
    description: str,
    target: str,
    target_date: dt.date | None,
    status: str,
) -> Goal:
    errors: dict[str, str] = {}
    fields = _clean_goal(
        errors,
        description=description,
        target=target,
        target_date=target_date,
        status=status,
        previous_date=goal.target_date,
    )
    if errors:
        # Refused before anything is read or changed; the decision is still made.
        access.require(actor, AuditAction.EDIT_CARE_PLAN, goal)
        raise CarePlanInvalid(errors)
    return _update_plan_item(actor, goal, fields)


@access.atomic
def remove_goal(*, actor: Any, goal: Goal) -> None:
    """Remove a goal; its activities stay in the plan without a goal."""
    plan = _editable_plan(actor, goal.plan, AuditAction.EDIT_CARE_PLAN, goal)
    Goal.objects.filter(pk=goal.pk, plan=plan).delete()
    _plan_changed(plan)


@access.atomic
def add_activity(
    *,
    actor: Any,
    plan: CarePlan,
    description: str,
    frequency: str,
    responsible: str,
    goal: Goal | None = None,
    status: str = ActivityStatus.NOT_STARTED,
) -> Activity:
    plan = _editable_plan(actor, plan, AuditAction.EDIT_CARE_PLAN, plan)
    errors: dict[str, str] = {}
    fields = _clean_activity(
        errors,
        plan=plan,
        description=description,
        frequency=frequency,
        responsible=responsible,
        goal=goal,
        status=status,
    )
    if errors:
        raise CarePlanInvalid(errors)
    activity = Activity.objects.create(plan=plan, **fields)
    access.record(actor, AuditAction.EDIT_CARE_PLAN, activity, reason="activity added")
    _plan_changed(plan)
    return activity


@access.atomic
def update_activity(
    *,
    actor: Any,
    activity: Activity,
    description: str,
    frequency: str,
    responsible: str,
    goal: Goal | None,
    status: str,
) -> Activity:
    errors: dict[str, str] = {}
    fields = _clean_activity(
        errors,
        plan=activity.plan,
        description=description,
        frequency=frequency,
        responsible=responsible,
        goal=goal,
        status=status,
    )
    if errors:
        access.require(actor, AuditAction.EDIT_CARE_PLAN, activity)
        raise CarePlanInvalid(errors)
    return _update_plan_item(actor, activity, fields)


@access.atomic
def remove_activity(*, actor: Any, activity: Activity) -> None:
    plan = _editable_plan(actor, activity.plan, AuditAction.EDIT_CARE_PLAN, activity)
    Activity.objects.filter(pk=activity.pk, plan=plan).delete()
    _plan_changed(plan)


@access.atomic
def set_own_activity_status(*, actor: Any, activity: Activity, status: str) -> Activity:
    """The patient reports progress on an activity the plan puts on them (the access
    policy refuses activities of a relative or a professional)."""
    plan = _locked_plan(activity.plan)
    current = _still_there(Activity.objects.filter(pk=activity.pk, plan=plan))
    access.require(actor, AuditAction.UPDATE_OWN_ACTIVITY, current)
    if status not in ActivityStatus.values:
        raise CarePlanInvalid({"status": _("Choose the status of the activity.")})
    _require_plan_active(plan)
    current.status = status
    current.save(update_fields=["status"])
    _plan_changed(plan)
    return current
