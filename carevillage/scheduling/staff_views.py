"""The care team's appointment pages under staff/appointments/: the day view per team
or professional (patient, type, status), marking a visit arrived, done or not attended,
cancelling by the clinic with a reason, and answering requests. Thin: parse, call one
selector or service, render or redirect. Plain links and POST forms, no JavaScript.
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carevillage.identity.decorators import staff_required
from carevillage.tenants.selectors import care_teams_for_staff

from . import selectors, services
from .views import _parse_slot, slot_value


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _day_url(day: dt.date | None, **filters: Any) -> str:
    query = {"date": day.isoformat()} if day else {}
    query |= {name: value for name, value in filters.items() if value}
    return reverse("scheduling:staff_day") + ("?" + urlencode(query) if query else "")


def _back(request: HttpRequest, appointment: Any) -> HttpResponseRedirect:
    day = timezone.localtime(appointment.starts_at).date() if appointment.starts_at else None
    return HttpResponseRedirect(_day_url(day, team=request.POST.get("team", "")))


@never_cache
@staff_required
@require_GET
def day(request: HttpRequest) -> HttpResponse:
    error = ""
    today = timezone.localdate()
    chosen = today
    if request.GET.get("date"):
        try:
            chosen = dt.date.fromisoformat(request.GET["date"])
        except ValueError:
            error = _("Give the date as year-month-day, for example 2026-03-02.")
    team_id = _int_or_none(request.GET.get("team"))
    professional_id = _int_or_none(request.GET.get("professional"))
    week = request.GET.get("view") == "week"
    if week:
        chosen -= dt.timedelta(days=chosen.weekday())  # the week from its Monday
    length = 7 if week else 1
    rows = selectors.day_of_staff(
        actor=request.user,
        day=chosen,
        zone=timezone.get_current_timezone_name(),
        care_team_id=team_id,
        professional_id=professional_id,
        days=length,
    )
    days = [
        (
            chosen + dt.timedelta(days=offset),
            [
                row
                for row in rows
                if row.starts_at
                and timezone.localtime(row.starts_at).date() == chosen + dt.timedelta(days=offset)
            ],
        )
        for offset in range(length)
    ]
    view = "week" if week else ""
    return render(
        request,
        "scheduling/staff_day.html",
        {
            "day": chosen,
            "days": days,
            "week": week,
            "error": error,
            "team": team_id or "",
            "previous": _day_url(chosen - dt.timedelta(days=length), team=team_id, view=view),
            "next": _day_url(chosen + dt.timedelta(days=length), team=team_id, view=view),
            "day_view": _day_url(chosen, team=team_id),
            "week_view": _day_url(chosen, team=team_id, view="week"),
            "teams": list(care_teams_for_staff(user=request.user)),
        },
        status=400 if error else 200,
    )


@never_cache
@staff_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """No-shows and booking lead times per type and month, as a page or a CSV file."""
    today = timezone.localdate()
    error = ""
    since, until = today.replace(day=1) - dt.timedelta(days=365), today
    try:
        if request.GET.get("since"):
            since = dt.date.fromisoformat(request.GET["since"])
        if request.GET.get("until"):
            until = dt.date.fromisoformat(request.GET["until"])
    except ValueError:
        error = _("Give the date as year-month-day, for example 2026-03-02.")
    if not error and until < since:
        error = _("The last day cannot be before the first.")
    rows = (
        []
        if error
        else selectors.no_show_report(
            actor=request.user, since=since, until=until, zone=timezone.get_current_timezone_name()
        )
    )
    if request.GET.get("format") == "csv" and not error:
        return _report_csv(rows, since, until)
    return render(
        request,
        "scheduling/staff_report.html",
        {"rows": rows, "since": since, "until": until, "error": error},
        status=400 if error else 200,
    )


def _report_csv(rows: list[selectors.ReportRow], since: dt.date, until: dt.date) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="appointments-{since.isoformat()}-{until.isoformat()}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Month"),
            _("Care team"),
            _("Appointment"),
            _("Booked"),
            _("Done"),
            _("Did not come"),
            _("Cancelled by the patient"),
            _("Cancelled by the clinic"),
            _("No-shows, per cent"),
            _("Median days booked ahead"),
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.month,
                _csv_safe(row.care_team),
                _csv_safe(row.appointment_type),
                row.booked,
                row.fulfilled,
                row.no_show,
                row.cancelled_by_patient,
                row.cancelled_by_clinic,
                "" if row.no_show_percent is None else row.no_show_percent,
                "" if row.median_lead_days is None else row.median_lead_days,
            ]
        )
    return response


def _csv_safe(text: str) -> str:
    """A name a spreadsheet would run as a formula ("=...") is written as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@never_cache
@staff_required
@require_POST
def mark(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    found = selectors.appointment(actor=request.user, pk=pk)
    try:
        services.mark(
            actor=request.user,
            appointment=found,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The visit is marked."))
    return _back(request, found)


@never_cache
@staff_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    found = selectors.appointment(actor=request.user, pk=pk)
    try:
        services.cancel(
            actor=request.user, appointment=found, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The visit is cancelled and the patient is told."))
    return _back(request, found)


@never_cache
@staff_required
@require_GET
def requests(request: HttpRequest) -> HttpResponse:
    rows = selectors.open_requests_of_staff(actor=request.user)
    offers = []
    for row in rows:
        times = selectors.free_times_of(row.appointment_type)[:12]
        offers.append(
            (row, [(free, slot_value(free.professional_id, free.starts_at)) for free in times])
        )
    return render(request, "scheduling/staff_requests.html", {"offers": offers})


@never_cache
@staff_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    found = selectors.appointment(actor=request.user, pk=pk)
    try:
        if request.POST.get("answer") == "decline":
            services.decline_request(
                actor=request.user, appointment=found, reason=request.POST.get("reason", "")
            )
            done = _("The request is declined and the patient is told.")
        else:
            professional_id, starts_at = _parse_slot(request.POST.get("slot", ""))
            services.accept_request(
                actor=request.user,
                appointment=found,
                professional_id=professional_id,
                starts_at=starts_at,
            )
            done = _("The request has a time and the patient is told.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("scheduling:staff_requests"))


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a booked visit to another free time of its type; the patient is told."""
    found = selectors.appointment(actor=request.user, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            professional_id, starts_at = _parse_slot(request.POST.get("slot", ""))
            services.move(
                actor=request.user,
                appointment=found,
                professional_id=professional_id,
                starts_at=starts_at,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The visit is moved and the patient is told."))
            return _back(request, found)
    times = selectors.free_times_of(found.appointment_type, exclude_appointment_id=found.pk)
    return render(
        request,
        "scheduling/staff_move.html",
        {
            "appointment": found,
            "times": [
                (free, slot_value(free.professional_id, free.starts_at)) for free in times[:40]
            ],
            "error": error,
        },
        status=400 if error else 200,
    )
