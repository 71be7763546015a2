"""Care-plan hooks for other pages (My page, the care team's enrollment page) and a
filter for per-field form errors."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from carevillage.careplans import selectors

register = template.Library()


@register.filter
def error_for(errors: dict[str, str] | None, field: str) -> str:
    """The error message for one form field, or ""."""
    return (errors or {}).get(str(field), "")


@register.filter
def program_title(program: Any) -> str:
    return program.title_in(translation.get_language())


@register.filter
def status_error_for(errors: dict[str, str] | None, activity_id: int) -> str:
    """The error for the status form of one activity on the patient's plan page."""
    return (errors or {}).get(f"status-{activity_id}", "")


@register.inclusion_tag("careplans/_my_page_body.html", takes_context=True)
def my_care_plans_summary(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {"plans": selectors.care_plans_of_patient(actor=user, limit=10)}


@register.inclusion_tag("careplans/_staff_section_body.html", takes_context=True)
def care_plans_for_team(context: dict[str, Any], person: Any, care_team: Any = None) -> dict:
    """The person's care plans the professional's teams share, and whether the
    professional can start one."""
    user = context["request"].user
    # On a care path's page the new plan belongs to that care path.
    enrollment = context.get("enrollment")
    if getattr(enrollment, "person_id", None) != person.pk:
        enrollment = None
    plans = selectors.care_plans_of_person(actor=user, person=person, care_team=care_team)
    can_create = selectors.can_start_care_plan(actor=user, person=person)
    return {
        "person": person,
        "care_team": care_team,
        "enrollment": enrollment,
        "plans": plans,
        "can_create": can_create,
    }
