"""The messaging hooks on My page and the staff home, and a duration filter."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.utils.translation import ngettext

from carevillage.messaging import selectors

register = template.Library()


@register.filter
def human_duration(value: timedelta | None) -> str:
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    days = hours // 24
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}


@register.inclusion_tag("messaging/hooks/my_page.html", takes_context=True)
def my_messages_summary(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {"unread": selectors.unread_count_for_patient(actor=user)}


@register.inclusion_tag("messaging/hooks/staff_home.html", takes_context=True)
def staff_messages_summary(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {"unread": selectors.staff_unread_count(actor=user)}
