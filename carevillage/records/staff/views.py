"""The care team's side of the health record: a patient's entries from the own
organization (withhold, release, "not shown to parents") and the prescription renewal
requests sent to the team.

Thin: parse the request, call one selector or service, render. Plain GET links and POST
forms, no JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carevillage.identity.decorators import staff_required

from .. import selectors, services
from ..models import ANSWERS, RenewalStatus


def _errors(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def _record_url(person_id: int, anchor: str = "") -> str:
    url = reverse("records_staff:patient_record", args=[person_id])
    return f"{url}#{anchor}" if anchor else url


@never_cache
@staff_required
@require_GET
def patient_record(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.patient_for_staff(request.user, person_id)
    return render(
        request,
        "records/staff/patient_record.html",
        {
            "person": person,
            "record": selectors.team_record_for(request.user, person),
            "now": timezone.now(),
        },
    )


@never_cache
@staff_required
@require_http_methods(["POST"])
def withhold(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = selectors.team_item_for(request.user, kind, pk)
    reason = request.POST.get("reason", "")
    context: dict[str, Any] = {"item": item, "kind": kind, "reason": reason, "errors": []}
    if not reason.strip():
        context["errors"] = [_("Write why the entry is withheld from the patient.")]
        return render(request, "records/staff/withhold_confirm.html", context, status=400)
    if request.POST.get("confirmed") != "yes":
        return render(request, "records/staff/withhold_confirm.html", context)
    try:
        services.withhold(request.user, item, reason)
    except ValidationError as error:
        context["errors"] = _errors(error)
        return render(request, "records/staff/withhold_confirm.html", context, status=400)
    messages.success(request, _("The entry is withheld from the patient."))
    return HttpResponseRedirect(_record_url(item.person_id, f"{kind}-{item.pk}"))


@never_cache
@staff_required
@require_POST
def release(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = selectors.team_item_for(request.user, kind, pk)
    services.release(request.user, item)
    messages.success(request, _("The entry is shown to the patient again."))
    return HttpResponseRedirect(_record_url(item.person_id, f"{kind}-{item.pk}"))


@never_cache
@staff_required
@require_POST
def guardians(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = selectors.team_item_for(request.user, kind, pk)
    hidden = request.POST.get("hidden") == "yes"
    services.set_hidden_from_guardians(request.user, item, hidden)
    messages.success(
        request,
        _("The entry is not shown to the parents.")
        if hidden
        else _("The entry is shown to the parents like the rest of the record."),
    )
    return HttpResponseRedirect(_record_url(item.person_id, f"{kind}-{item.pk}"))


@never_cache
@staff_required
@require_GET
def renewals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "records/staff/renewals.html",
        {"renewals": selectors.team_renewal_requests(request.user)},
    )


def _render_renewal(
    request: HttpRequest,
    pk: int,
    *,
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    renewal = selectors.renewal_request_for(request.user, pk)
    return render(
        request,
        "records/staff/renewal.html",
        {
            "renewal": renewal,
            "pending": renewal.status == RenewalStatus.PENDING,
            "outcomes": [(value, RenewalStatus(value).label) for value in ANSWERS],
            "errors": errors or [],
            "values": values or {},
        },
        status=status,
    )


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def renewal(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method == "GET":
        return _render_renewal(request, pk)
    outcome = request.POST.get("outcome", "")
    reason = request.POST.get("reason", "")
    values = {"outcome": outcome, "reason": reason}
    renewal_request = selectors.renewal_request_for(request.user, pk)
    try:
        services.answer_renewal(request.user, renewal_request, outcome, reason)
    except ValidationError as error:
        return _render_renewal(request, pk, errors=_errors(error), values=values, status=400)
    messages.success(request, _("The answer was sent to the patient."))
    return HttpResponseRedirect(reverse("records_staff:renewal", args=[pk]))


@never_cache
@staff_required
@require_GET
def thread_renewal(request: HttpRequest, thread_id: int) -> HttpResponse:
    """From a renewal thread in the team inbox to its request."""
    pk = selectors.renewal_request_id_for_thread(request.user, thread_id)
    if pk is None:
        raise Http404
    return HttpResponseRedirect(reverse("records_staff:renewal", args=[pk]))
