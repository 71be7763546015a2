"""Care plans: the patient's pages under my/care-plans/ and the care team's under
care-team/. Thin: parse the form, call one service or selector, render. Plain POST
forms; nothing needs JavaScript."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carevillage.audit.actions import AuditAction
from carevillage.identity.decorators import high_assurance_required, staff_required

from . import selectors, services
from .models import (
    Activity,
    ActivityStatus,
    CarePlan,
    CarePlanStatus,
    Goal,
    GoalStatus,
    Responsible,
)

GOAL_FIELDS = ("description", "target", "target_date", "status")
ACTIVITY_FIELDS = ("description", "frequency", "responsible", "goal", "status")


def _parse_date(value: str) -> tuple[dt.date | None, str]:
    value = value.strip()
    if not value:
        return None, ""
    try:
        return dt.date.fromisoformat(value), ""
    except ValueError:
        return None, _("Enter the target date as a date, for example 2027-03-31.")


def _plan_url(plan: CarePlan) -> str:
    return reverse("careplans:care_plan", args=[plan.pk])


def _one(items: Any, item_id: int) -> Any:
    """The goal or activity `item_id` of a plan whose goals and activities are loaded."""
    for item in items:
        if item.pk == item_id:
            return item
    raise Http404


# --- the patient -------------------------------------------------------------------------


@never_cache
@high_assurance_required
@require_GET
def my_care_plans(request: HttpRequest) -> HttpResponse:
    plans = selectors.care_plans_of_patient(actor=request.user)
    return render(request, "careplans/my_list.html", {"plans": plans})


def _render_my_plan(
    request: HttpRequest, plan: CarePlan, *, errors: dict[str, str] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "careplans/my_detail.html",
        {
            "plan": plan,
            "sections": selectors.plan_sections(plan),
            "activity_statuses": ActivityStatus.choices,
            "errors": errors or {},
        },
        status=status,
    )


@never_cache
@high_assurance_required
@require_GET
def my_care_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.care_plan_for(actor=request.user, plan_id=plan_id)
    return _render_my_plan(request, plan)


@never_cache
@high_assurance_required
@require_POST
def my_activity_status(request: HttpRequest, plan_id: int, activity_id: int) -> HttpResponse:
    plan = selectors.care_plan_for(actor=request.user, plan_id=plan_id)
    activity = _one(plan.activities.all(), activity_id)
    try:
        services.set_own_activity_status(
            actor=request.user, activity=activity, status=request.POST.get("status", "")
        )
    except services.CarePlanInvalid as exc:
        return _render_my_plan(
            request, plan, errors={f"status-{activity.pk}": exc.errors["status"]}, status=400
        )
    except services.CarePlanError as exc:
        return _render_my_plan(request, plan, errors={"plan": str(exc)}, status=400)
    messages.success(request, _("The status of the activity was updated."))
    return HttpResponseRedirect(reverse("careplans:my_care_plan", args=[plan.pk]))


# --- the care team -------------------------------------------------------------------------


def _render_staff_plan(
    request: HttpRequest, plan: CarePlan, *, errors: dict[str, str] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "careplans/staff_detail.html",
        {
            "plan": plan,
            "sections": selectors.plan_sections(plan),
            "plan_statuses": CarePlanStatus.choices,
            "errors": errors or {},
        },
        status=status,
    )


@never_cache
@staff_required
@require_GET
def care_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.care_plan_for(actor=request.user, plan_id=plan_id)
    return _render_staff_plan(request, plan)


@never_cache
@staff_required
@require_POST
def care_plan_status(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.care_plan_for(actor=request.user, plan_id=plan_id)
    try:
        services.set_plan_status(
            actor=request.user, plan=plan, status=request.POST.get("status", "")
        )
    except services.CarePlanInvalid as exc:
        return _render_staff_plan(request, plan, errors=exc.errors, status=400)
    messages.success(request, _("The status of the care plan was updated."))
    return HttpResponseRedirect(_plan_url(plan))


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def care_plan_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_care_plan(actor=request.user, person_id=person_id)
    teams = list(selectors.care_plan_teams(actor=request.user, person=person))
    errors: dict[str, str] = {}
    values = {
        "title": "",
        "care_team": request.GET.get("care_team", ""),
        "enrollment": request.GET.get("enrollment", ""),
    }
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in values}
    enrollment = selectors.enrollment_for_care_plan(
        actor=request.user, person=person, enrollment_id=values["enrollment"]
    )
    if request.method == "POST":
        team = next((t for t in teams if str(t.pk) == values["care_team"]), None)
        try:
            plan = services.create_care_plan(
                actor=request.user,
                person=person,
                care_team=team,
                title=values["title"],
                enrollment=enrollment,
            )
        except services.CarePlanInvalid as exc:
            errors = exc.errors
        else:
            messages.success(request, _("The care plan was created. Add its goals and activities."))
            return HttpResponseRedirect(_plan_url(plan))
    if not values["care_team"] and len(teams) == 1:
        values["care_team"] = str(teams[0].pk)
    return render(
        request,
        "careplans/plan_new.html",
        {
            "person": person,
            "teams": teams,
            "enrollment": enrollment,
            "values": values,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _plan_to_edit(request: HttpRequest, plan_id: int) -> CarePlan:
    """The care plan a professional changes: decided (and audited) as an edit, 404 if not."""
    return selectors.care_plan_for(
        actor=request.user, plan_id=plan_id, action=AuditAction.EDIT_CARE_PLAN
    )


def _goal_form(request: HttpRequest, plan: CarePlan, goal: Goal | None) -> HttpResponse:
    if goal is None:
        values = {"description": "", "target": "", "target_date": "", "status": GoalStatus.PROPOSED}
    else:
        values = {
            "description": goal.description,
            "target": goal.target,
            "target_date": goal.target_date.isoformat() if goal.target_date else "",
            "status": goal.status,
        }
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in GOAL_FIELDS}
        target_date, date_error = _parse_date(values["target_date"])
        if date_error:
            errors = {"target_date": date_error}
        else:
            fields: dict[str, Any] = {
                "description": values["description"],
                "target": values["target"],
                "target_date": target_date,
                "status": values["status"],
            }
            try:
                if goal is None:
                    services.add_goal(actor=request.user, plan=plan, **fields)
                    messages.success(request, _("The goal was added."))
                else:
                    services.update_goal(actor=request.user, goal=goal, **fields)
                    messages.success(request, _("The goal was saved."))
            except services.CarePlanInvalid as exc:
                errors = exc.errors
            except services.CarePlanError as exc:
                errors = {"plan": str(exc)}
            else:
                return HttpResponseRedirect(_plan_url(plan))
    return render(
        request,
        "careplans/goal_form.html",
        {
            "plan": plan,
            "goal": goal,
            "values": values,
            "errors": errors,
            "statuses": GoalStatus.choices,
        },
        status=400 if errors else 200,
    )


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_to_edit(request, plan_id)
    return _goal_form(request, plan, None)


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, plan_id: int, goal_id: int) -> HttpResponse:
    plan = _plan_to_edit(request, plan_id)
    return _goal_form(request, plan, _one(plan.goals.all(), goal_id))


def _activity_form(request: HttpRequest, plan: CarePlan, activity: Activity | None) -> HttpResponse:
    goals = list(plan.goals.all())
    if activity is None:
        values = {
            "description": "",
            "frequency": "",
            "responsible": "",
            "goal": request.GET.get("goal", ""),
            "status": ActivityStatus.NOT_STARTED,
        }
    else:
        values = {
            "description": activity.description,
            "frequency": activity.frequency,
            "responsible": activity.responsible,
            "goal": str(activity.goal_id or ""),
            "status": activity.status,
        }
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in ACTIVITY_FIELDS}
        goal = next((g for g in goals if str(g.pk) == values["goal"]), None)
        if values["goal"] and goal is None:
            errors = {"goal": _("Choose a goal of this care plan, or no goal.")}
        else:
            fields: dict[str, Any] = {
                "description": values["description"],
                "frequency": values["frequency"],
                "responsible": values["responsible"],
                "goal": goal,
                "status": values["status"],
            }
            try:
                if activity is None:
                    services.add_activity(actor=request.user, plan=plan, **fields)
                    messages.success(request, _("The activity was added."))
                else:
                    services.update_activity(actor=request.user, activity=activity, **fields)
                    messages.success(request, _("The activity was saved."))
            except services.CarePlanInvalid as exc:
                errors = exc.errors
            except services.CarePlanError as exc:
                errors = {"plan": str(exc)}
            else:
                return HttpResponseRedirect(_plan_url(plan))
    return render(
        request,
        "careplans/activity_form.html",
        {
            "plan": plan,
            "activity": activity,
            "goals": goals,
            "values": values,
            "errors": errors,
            "statuses": ActivityStatus.choices,
            "responsibles": Responsible.choices,
        },
        status=400 if errors else 200,
    )


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan_to_edit(request, plan_id)
    return _activity_form(request, plan, None)


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, plan_id: int, activity_id: int) -> HttpResponse:
    plan = _plan_to_edit(request, plan_id)
    return _activity_form(request, plan, _one(plan.activities.all(), activity_id))


def _confirm_removal(
    request: HttpRequest,
    plan: CarePlan,
    item: Goal | Activity,
    remove: Callable[..., None],
    done_message: str,
) -> HttpResponse:
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            remove(actor=request.user, **{"goal" if isinstance(item, Goal) else "activity": item})
        except services.CarePlanError as exc:
            errors = {"plan": str(exc)}
        else:
            messages.success(request, done_message)
            return HttpResponseRedirect(_plan_url(plan))
    return render(
        request,
        "careplans/confirm_remove.html",
        {"plan": plan, "item": item, "is_goal": isinstance(item, Goal), "errors": errors},
        status=400 if errors else 200,
    )


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def goal_remove(request: HttpRequest, plan_id: int, goal_id: int) -> HttpResponse:
    plan = _plan_to_edit(request, plan_id)
    goal = _one(plan.goals.all(), goal_id)
    return _confirm_removal(request, plan, goal, services.remove_goal, _("The goal was removed."))


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def activity_remove(request: HttpRequest, plan_id: int, activity_id: int) -> HttpResponse:
    plan = _plan_to_edit(request, plan_id)
    activity = _one(plan.activities.all(), activity_id)
    return _confirm_removal(
        request, plan, activity, services.remove_activity, _("The activity was removed.")
    )


urlpatterns = [
    path("my/care-plans/", my_care_plans, name="my_care_plans"),
    path("my/care-plans/<int:plan_id>/", my_care_plan, name="my_care_plan"),
    path(
        "my/care-plans/<int:plan_id>/activities/<int:activity_id>/status/",
        my_activity_status,
        name="my_activity_status",
    ),
    path("care-team/people/<int:person_id>/care-plans/new/", care_plan_new, name="care_plan_new"),
    path("care-team/care-plans/<int:plan_id>/", care_plan, name="care_plan"),
    path("care-team/care-plans/<int:plan_id>/status/", care_plan_status, name="care_plan_status"),
    path("care-team/care-plans/<int:plan_id>/goals/new/", goal_new, name="care_plan_goal_new"),
    path(
        "care-team/care-plans/<int:plan_id>/goals/<int:goal_id>/",
        goal_edit,
        name="care_plan_goal_edit",
    ),
    path(
        "care-team/care-plans/<int:plan_id>/goals/<int:goal_id>/remove/",
        goal_remove,
        name="care_plan_goal_remove",
    ),
    path(
        "care-team/care-plans/<int:plan_id>/activities/new/",
        activity_new,
        name="care_plan_activity_new",
    ),
    path(
        "care-team/care-plans/<int:plan_id>/activities/<int:activity_id>/",
        activity_edit,
        name="care_plan_activity_edit",
    ),
    path(
        "care-team/care-plans/<int:plan_id>/activities/<int:activity_id>/remove/",
        activity_remove,
        name="care_plan_activity_remove",
    ),
]
