"""The patient's home measurements under my/measurements/: the overview (each type with
its latest reading), one type's history (chart, table, week/month/all) with its entry
form. Thin: parse, call one selector or service, render. Plain GET pages and a POST form,
no JavaScript needed."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from carevillage.identity.decorators import high_assurance_required

from . import devices, selectors, services, units
from .charts import measurement_chart
from .errors import MonitoringError
from .models import MeasurementType


def _person(request: HttpRequest) -> Any:
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404
    return person


def _subject(request: HttpRequest) -> tuple[Any, Any]:
    """Whose readings the page is about, and `on_behalf_of` for the selectors and the
    service: the person acted for (`request.acting_for`, checked by the proxy
    middleware), or the user's own person."""
    acting = getattr(request, "acting_for", None)
    if acting is not None:
        return acting.subject, acting.subject
    return _person(request), None


def _when(date: str, time: str) -> dt.datetime | None:
    """The local date and time the form posted, as an aware instant; None when empty."""
    date, time = date.strip(), time.strip()
    if not date and not time:
        return None
    try:
        day = dt.date.fromisoformat(date)
        clock = dt.time.fromisoformat(time) if time else dt.time(12, 0)
    except ValueError:
        raise MonitoringError(
            _("Give the date and time of the measurement, for example 2026-03-01 and 08:30.")
        ) from None
    return timezone.make_aware(dt.datetime.combine(day, clock.replace(tzinfo=None)))


def _form(kind: MeasurementType, posted: Any = None) -> dict[str, Any]:
    now = timezone.localtime()
    fields = []
    for component in kind.components.all():
        choices = units.alternatives(component.unit)
        fields.append(
            {
                "component": component,
                "unit": units.readable(component.unit),
                "units": choices if len(choices) > 1 else [],
                "value": (posted.get(component.code, "") if posted else "")[:40],
                "chosen_unit": posted.get(f"unit-{component.code}", "") if posted else "",
            }
        )
    return {
        "fields": fields,
        "date": (posted.get("date") if posted else None) or now.date().isoformat(),
        "time": (posted.get("time") if posted else None) or now.strftime("%H:%M"),
        "note": (posted.get("note", "") if posted else "")[: services.MAX_NOTE_LENGTH],
        # One key per form shown: the same form posted twice keeps one reading.
        "identifier": (posted.get("identifier") if posted else None) or f"form-{uuid.uuid4()}",
    }


def _type_page(
    request: HttpRequest, kind: MeasurementType, *, error: str = "", posted: Any = None
) -> HttpResponse:
    period = request.GET.get("period", selectors.DEFAULT_PERIOD)
    person, on_behalf_of = _subject(request)
    history = selectors.history(
        actor=request.user, person=person, kind=kind, period=period, on_behalf_of=on_behalf_of
    )
    chart = measurement_chart(kind, history.oldest_first, start=history.start, end=history.end)
    return render(
        request,
        "monitoring/type.html",
        {
            "kind": kind,
            "history": history,
            "chart": chart,
            "periods": [
                ("week", _("Last week")),
                ("month", _("Last month")),
                ("all", _("All")),
            ],
            "form": _form(kind, posted),
            "error": error,
        },
        status=400 if error else 200,
    )


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def my_measurements(request: HttpRequest) -> HttpResponse:
    code = (request.POST.get("type") if request.method == "POST" else request.GET.get("type")) or ""
    kind = selectors.measurement_type(code) if code else None
    if code and kind is None:
        raise Http404
    if kind is None:
        person, on_behalf_of = _subject(request)
        summaries = selectors.overview(actor=request.user, person=person, on_behalf_of=on_behalf_of)
        return render(request, "monitoring/overview.html", {"summaries": summaries})
    if request.method == "GET":
        return _type_page(request, kind)
    values = {c.code: request.POST.get(c.code, "") for c in kind.components.all()}
    given = {c.code: request.POST.get(f"unit-{c.code}", "") for c in kind.components.all()}
    person, on_behalf_of = _subject(request)
    try:
        recorded = services.record_measurement(
            actor=request.user,
            person=person,
            on_behalf_of=on_behalf_of,
            kind=kind,
            values=values,
            units_given=given,
            effective_at=_when(request.POST.get("date", ""), request.POST.get("time", "")),
            note=request.POST.get("note", ""),
            identifier=request.POST.get("identifier", "")[: services.MAX_IDENTIFIER_LENGTH],
        )
    except MonitoringError as exc:
        return _type_page(request, kind, error=exc.message, posted=request.POST)
    if recorded.created:
        messages.success(request, _("Your measurement was saved."))
    else:
        messages.info(request, _("This measurement was already saved."))
    query = urlencode({"type": kind.code, "period": request.GET.get("period", "")})
    return HttpResponseRedirect(f"{reverse('monitoring:my_measurements')}?{query}")


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def my_devices(request: HttpRequest) -> HttpResponse:
    """The person's paired devices: when each last sent, revoke one, pair a new one (the
    code is shown once, on the answer to the POST, never again)."""
    person = _person(request)
    pairing = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        device = devices.revoke_device(actor=request.user, pk=request.POST.get("device"))
        messages.success(
            request,
            _("%(name)s can no longer send your measurements.") % {"name": device.name},
        )
        return HttpResponseRedirect(reverse("monitoring:my_devices"))
    if request.method == "POST":
        pairing = devices.start_pairing(
            actor=request.user, person=person, name=request.POST.get("name", "")
        )
    return render(
        request,
        "monitoring/devices.html",
        {
            "devices": devices.devices_of(actor=request.user, person=person),
            "pairing": pairing,
            "valid_minutes": int(devices.PAIRING_VALID.total_seconds() // 60),
            "now": timezone.now(),
        },
    )
