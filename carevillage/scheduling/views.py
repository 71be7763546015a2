"""The patient's appointment pages under my/appointments/: the list, booking (type,
time, confirm), one appointment with its calendar file, cancelling. Thin: each view
calls the scheduling app's selectors or services and renders; plain links and forms, no
JavaScript. Acting for someone (a guardian, a power of attorney), the pages are that
person's and every read and write goes to the policy with `on_behalf_of`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from carevillage.access.actors import acting_for, subject_person
from carevillage.identity.decorators import high_assurance_required

from . import selectors, services
from .calendar_file import appointment_calendar
from .models import OPEN_STATUSES, AppointmentStatus, AppointmentType, Booking


def _whose(request: HttpRequest) -> tuple[Any, Any]:
    """The person the pages are for, and `on_behalf_of` (None for one's own), as
    `access.actors` says for every page."""
    person = subject_person(request.user)
    if person is None:
        raise Http404
    return person, acting_for(request.user)


def _errors(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def slot_value(professional_id: Any, starts_at: dt.datetime) -> str:
    """A free time as a form value: "<professional>:<seconds since 1970, UTC>"."""
    return f"{professional_id}:{int(starts_at.timestamp())}"


def _parse_slot(value: str) -> tuple[int, dt.datetime]:
    professional, _sep, seconds = (value or "").partition(":")
    try:
        return int(professional), dt.datetime.fromtimestamp(int(seconds), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise ValidationError(_("Choose a time from the list."), code="slot") from None


def _offered(request: HttpRequest, type_id: int) -> tuple[Any, Any, AppointmentType]:
    person, on_behalf_of = _whose(request)
    kind = selectors.offered_type(person=person, pk=type_id)
    if kind is None:
        raise Http404
    return person, on_behalf_of, kind


@never_cache
@high_assurance_required
@require_GET
def my_appointments(request: HttpRequest) -> HttpResponse:
    person, on_behalf_of = _whose(request)
    rows = selectors.appointments_for(actor=request.user, person=person, on_behalf_of=on_behalf_of)
    upcoming, past = selectors.split_upcoming(rows)
    return render(
        request,
        "scheduling/my_appointments.html",
        {"person": person, "upcoming": upcoming, "past": past},
    )


@never_cache
@high_assurance_required
@require_GET
def choose_type(request: HttpRequest) -> HttpResponse:
    person, _on_behalf_of = _whose(request)
    return render(
        request,
        "scheduling/choose_type.html",
        {"person": person, "types": list(selectors.offered_types(person=person))},
    )


def _week(request: HttpRequest, kind: AppointmentType) -> int:
    """The week of times asked for (0 = from today), kept inside the type's horizon."""
    try:
        week = int(request.GET.get("week", "0"))
    except ValueError:
        week = 0
    return min(max(week, 0), selectors.weeks_ahead(kind) - 1)


def _times_page(
    request: HttpRequest,
    kind: AppointmentType,
    *,
    error: str = "",
    status: int = 200,
    moving: Any = None,
) -> HttpResponse:
    zone = timezone.get_current_timezone_name()
    week = _week(request, kind)
    days = [
        (day, [(free, slot_value(free.professional_id, free.starts_at)) for free in times])
        for day, times in selectors.free_times_by_day(kind, zone=zone, week=week)
    ]
    return render(
        request,
        "scheduling/choose_time.html",
        {
            "kind": kind,
            "days": days,
            "error": error,
            "zone": zone,
            "moving": moving,
            "earlier": week - 1 if week > 0 else None,
            "later": week + 1 if week + 1 < selectors.weeks_ahead(kind) else None,
        },
        status=status,
    )


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def choose_time(request: HttpRequest, type_id: int) -> HttpResponse:
    person, on_behalf_of, kind = _offered(request, type_id)
    if kind.booking != Booking.REQUEST_ONLY:
        return _times_page(request, kind)
    note = ""
    error = ""
    if request.method == "POST":
        note = request.POST.get("note", "")
        try:
            appointment = services.request_appointment(
                actor=request.user,
                person=person,
                appointment_type=kind,
                note=note,
                on_behalf_of=on_behalf_of,
            )
        except ValidationError as exc:
            error = _errors(exc)
        else:
            messages.success(
                request, _("Your request was sent. The team gives you a time or answers here.")
            )
            return HttpResponseRedirect(reverse("scheduling:appointment", args=[appointment.pk]))
    return render(
        request,
        "scheduling/request.html",
        {"kind": kind, "note": note, "error": error},
        status=400 if error else 200,
    )


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, type_id: int) -> HttpResponse:
    person, on_behalf_of, kind = _offered(request, type_id)
    if kind.booking != Booking.PATIENT_ONLINE:
        raise Http404
    value = request.POST.get("slot") if request.method == "POST" else request.GET.get("slot")
    try:
        professional_id, starts_at = _parse_slot(value or "")
    except ValidationError as exc:
        return _times_page(request, kind, error=_errors(exc), status=400)
    if request.method == "POST":
        try:
            appointment = services.book(
                actor=request.user,
                person=person,
                appointment_type=kind,
                professional_id=professional_id,
                starts_at=starts_at,
                on_behalf_of=on_behalf_of,
            )
        except services.SlotTaken as exc:
            return _times_page(request, kind, error=_errors(exc), status=409)
        except ValidationError as exc:
            return _times_page(request, kind, error=_errors(exc), status=400)
        messages.success(request, _("Your appointment is booked."))
        return HttpResponseRedirect(reverse("scheduling:appointment", args=[appointment.pk]))
    return render(
        request,
        "scheduling/confirm.html",
        {
            "kind": kind,
            "starts_at": starts_at,
            "ends_at": starts_at + kind.duration,
            "slot": value,
        },
    )


@never_cache
@high_assurance_required
@require_GET
def appointment(request: HttpRequest, pk: int) -> HttpResponse:
    _person, on_behalf_of = _whose(request)
    found = selectors.appointment(actor=request.user, pk=pk, on_behalf_of=on_behalf_of)
    can_cancel = found.status in OPEN_STATUSES and not services.cutoff_passed(found)
    return render(
        request,
        "scheduling/appointment.html",
        {
            "appointment": found,
            "can_cancel": can_cancel,
            "can_move": can_cancel
            and found.status == AppointmentStatus.BOOKED
            and found.appointment_type.booking == Booking.PATIENT_ONLINE,
            "whom_to_call": services.whom_to_call(found) if services.cutoff_passed(found) else "",
        },
    )


@never_cache
@high_assurance_required
@require_GET
def calendar_file(request: HttpRequest, pk: int) -> HttpResponse:
    _person, on_behalf_of = _whose(request)
    found = selectors.appointment(
        actor=request.user, pk=pk, on_behalf_of=on_behalf_of, purpose="calendar file"
    )
    link = request.build_absolute_uri(reverse("scheduling:appointment", args=[found.pk]))
    response = HttpResponse(
        appointment_calendar(found, link=link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="appointment-{found.pk}.ics"'
    return response


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _person, on_behalf_of = _whose(request)
    found = selectors.appointment(actor=request.user, pk=pk, on_behalf_of=on_behalf_of)
    error = ""
    if found.status not in OPEN_STATUSES:
        error = _("This appointment is no longer open: there is nothing to cancel.")
    elif services.cutoff_passed(found):
        error = services.whom_to_call(found)
    elif request.method == "POST":
        try:
            services.cancel(actor=request.user, appointment=found, on_behalf_of=on_behalf_of)
        except ValidationError as exc:
            error = _errors(exc)
        else:
            messages.success(request, _("Your appointment is cancelled."))
            return HttpResponseRedirect(reverse("scheduling:my_appointments"))
    return render(
        request,
        "scheduling/cancel.html",
        {"appointment": found, "error": error},
        status=400 if error and request.method == "POST" else 200,
    )


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def change(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one's own booked visit to another free time (before the cut-off)."""
    _person, on_behalf_of = _whose(request)
    found = selectors.appointment(actor=request.user, pk=pk, on_behalf_of=on_behalf_of)
    kind = found.appointment_type
    if found.status != AppointmentStatus.BOOKED or kind.booking != Booking.PATIENT_ONLINE:
        error = _("This appointment cannot be moved online: call the care team.")
        return _times_page(request, kind, error=error, status=400, moving=found)
    if services.cutoff_passed(found):
        return _times_page(
            request, kind, error=services.whom_to_call(found), status=400, moving=found
        )
    if request.method == "POST":
        try:
            professional_id, starts_at = _parse_slot(request.POST.get("slot", ""))
            services.move(
                actor=request.user,
                appointment=found,
                professional_id=professional_id,
                starts_at=starts_at,
                on_behalf_of=on_behalf_of,
            )
        except services.SlotTaken as exc:
            return _times_page(request, kind, error=_errors(exc), status=409, moving=found)
        except ValidationError as exc:
            return _times_page(request, kind, error=_errors(exc), status=400, moving=found)
        messages.success(request, _("Your appointment is moved."))
        return HttpResponseRedirect(reverse("scheduling:appointment", args=[found.pk]))
    return _times_page(request, kind, moving=found)
