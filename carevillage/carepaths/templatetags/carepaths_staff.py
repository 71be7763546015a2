"""The care-path hooks of staff pages: on the staff home a link to the dashboard and the
open alerts; on the dashboard the rows of its table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


# One dashboard row, built here rather than in the template: the table has fifty rows of
# nine cells, and the template language spent about 0.4 ms a row resolving variables,
# translating and formatting (most of the page's rendering). Same markup, same message
# ids as the template had, so the translations are the same.
def _time(value: dt.datetime | None, style: str) -> SafeString:
    if value is None:
        return mark_safe("–")
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>', local.isoformat(), formats.date_format(local, style)
    )


def _number(value: float) -> str:
    """As floatformat:"-1" writes it (15, 7,5 in Finnish), without its Decimal detour."""
    return str(int(value)) if value == int(value) else formats.number_format(value, 1)


def _score(row: Any, score_title: str) -> SafeString:
    if row.latest_score is None:
        return mark_safe("–")
    previous = _number(row.previous_score) if row.previous_score is not None else ""
    trend = {
        "up": ("↑", _("up from %(previous)s") % {"previous": previous}),
        "down": ("↓", _("down from %(previous)s") % {"previous": previous}),
        "same": ("→", _("unchanged")),
    }.get(row.score_direction)
    marked = (
        format_html(
            ' <span aria-hidden="true">{}</span><span class="visually-hidden">{}</span>', *trend
        )
        if trend
        else ""
    )
    return format_html("{} <small>{}</small>{}", _number(row.latest_score), score_title, marked)


def _alerts(row: Any) -> SafeString:
    count = row.open_alert_count
    if row.alert_severity == 2:
        text = ngettext("%(count)s, critical", "%(count)s, critical among them", count) % {
            "count": count
        }
        cell = format_html('<strong><span aria-hidden="true">⚠</span> {}</strong>', text)
    elif count:
        cell = format_html("<strong>{}</strong>", count)
    else:
        cell = mark_safe("0")
    if row.oldest_open_alert_at:
        age = _("oldest %(age)s") % {"age": timesince(row.oldest_open_alert_at)}
        cell = format_html("{}<br><small>{}</small>", cell, age)
    return cell


@register.simple_tag
def dashboard_row(line: Any, clinical: bool) -> SafeString:
    """The table row of one patient on the care-team dashboard (`DashboardRow`)."""
    row = line.enrollment
    name = row.person.full_name or _("Name not known yet")
    cells = [
        format_html(
            '<th scope="row"><a href="{}">{}</a></th>',
            reverse("carepaths:staff_enrollment", args=[row.pk]),
            name,
        ),
        format_html("<td>{}</td>", row.person.masked_national_id),
        format_html("<td>{}</td>", line.program_title),
    ]
    if clinical:
        done = _("%(done)s of %(total)s") % {"done": row.modules_done, "total": row.modules_total}
        overdue = (
            format_html("<strong>{}</strong>", row.overdue_count) if row.overdue_count else "0"
        )
        cells += [
            format_html("<td>{}</td>", done),
            format_html("<td>{}</td>", _time(row.last_activity_at, "SHORT_DATETIME_FORMAT")),
            format_html("<td>{}</td>", overdue),
            format_html("<td>{}</td>", _score(row, line.score_title)),
            format_html("<td>{}</td>", _alerts(row)),
        ]
    else:
        invited = _time(row.invited_at, "SHORT_DATE_FORMAT") if row.invited_at else ""
        cells.append(format_html("<td>{}</td>", invited))
    responsible = row.responsible.display_name() if row.responsible else "–"
    cells.append(format_html("<td>{}</td>", responsible))
    return format_html("<tr>{}</tr>", mark_safe("".join(cells)))  # noqa: S308 - escaped above
