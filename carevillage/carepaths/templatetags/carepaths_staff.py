"""The care-path hook on the staff home: a link to the dashboard and the open alerts."""

from __future__ import annotations

from typing import Any

from django import template

from carevillage.carepaths.enrollments import staff_selectors as selectors

register = template.Library()


@register.inclusion_tag("carepaths/staff/staff_home_summary.html", takes_context=True)
def care_team_summary(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    is_professional = bool(selectors.care_teams_for(actor=user))
    return {
        "is_professional": is_professional,
        "open_alerts": selectors.open_alert_count(actor=user) if is_professional else 0,
    }
