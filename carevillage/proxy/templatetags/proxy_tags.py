"""My page's "Act for someone else": whom the person may act for now, one button each,
so a parent picks a child straight after logging in."""

from __future__ import annotations

from typing import Any

from django import template

from carevillage.proxy import acting

register = template.Library()


@register.inclusion_tag("proxy/my_page_hook.html", takes_context=True)
def act_for_section(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    acting_now = getattr(request, "acting_for", None)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "authorities": [] if acting_now else acting.choices(request),
    }
