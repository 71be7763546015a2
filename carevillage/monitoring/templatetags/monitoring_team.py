"""`{% measurements_for_team enrollment %}`: the care path's home measurements on its
page for the care team, with the limits in effect and the form to change them."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from .. import selectors
from ..rules import RuleKind

register = template.Library()


@register.inclusion_tag("monitoring/_staff_section.html", takes_context=True)
def measurements_for_team(context: dict[str, Any], enrollment: Any) -> dict[str, Any]:
    rows = selectors.for_care_team(actor=context["request"].user, enrollment=enrollment)
    choices = []
    for row in rows:
        for component in row.kind.components.all():
            for kind, label in (
                (RuleKind.ABOVE, _("at or above")),
                (RuleKind.BELOW, _("at or below")),
                (RuleKind.RISE, _("rise within days")),
                (RuleKind.SILENCE, _("no reading for days")),
            ):
                choices.append(
                    (f"{row.kind.code}:{component.code}:{kind}", f"{component.name} – {label}")
                )
    return {
        "rows": rows,
        "choices": choices,
        "enrollment": enrollment,
        "can_change": enrollment.status == "active",
        "csrf_token": context.get("csrf_token"),
    }
