"""The patient's health-record pages under my/record/. Thin: each view calls the
records app's selectors or services and renders; plain GET pages and POST forms, no
JavaScript needed."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from carevillage.access.actors import subject_person
from carevillage.identity.decorators import high_assurance_required

from .. import selectors, services
from ..models import MedicationStatus
from .charts import history_chart


def _person(request: HttpRequest) -> Any:
    person = subject_person(request.user)
    if person is None:
        raise Http404
    return person


def _query(**filters: str) -> str:
    """The list's filters for its page links ("organization=3&"), empty ones left out."""
    kept = {name: value for name, value in filters.items() if value}
    return urlencode(kept) + "&" if kept else ""


def _by_organization(record: selectors.Record) -> list[dict[str, Any]]:
    """The record's sections, one block per organization that sent entries (by name)."""
    blocks: dict[int, dict[str, Any]] = {}

    def block(item: Any) -> dict[str, Any]:
        return blocks.setdefault(
            item.organization_id,
            {
                "organization": item.organization,
                "documents": [],
                "results": [],
                "immunizations": [],
                "current": [],
                "earlier": [],
            },
        )

    for document in record.documents:
        block(document)["documents"].append(document)
    for day in record.results:
        for kind in day.kinds:
            for result in kind.results:
                block(result)["results"].append(result)
    for immunization in record.immunizations:
        block(immunization)["immunizations"].append(immunization)
    for medication in record.medications.current:
        block(medication)["current"].append(medication)
    for medication in record.medications.earlier:
        block(medication)["earlier"].append(medication)
    return sorted(blocks.values(), key=lambda b: b["organization"].name)


@never_cache
@high_assurance_required
@require_GET
def my_record(request: HttpRequest) -> HttpResponse:
    """The start page: per organization, how many entries of each kind and the newest;
    the long lists are pages of their own."""
    summaries = selectors.record_overview(request.user, _person(request))
    return render(request, "records/patient/record.html", {"organizations": summaries})


@never_cache
@high_assurance_required
@require_GET
def documents(request: HttpRequest) -> HttpResponse:
    organization = request.GET.get("organization", "")
    page = selectors.documents_page(
        request.user, _person(request), organization=organization, number=request.GET.get("page")
    )
    return render(
        request,
        "records/patient/documents.html",
        {"page": page, "query": _query(organization=organization)},
    )


@never_cache
@high_assurance_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    organization = request.GET.get("organization", "")
    code = request.GET.get("code", "")[:64]
    page = selectors.results_page(
        request.user,
        _person(request),
        organization=organization,
        code=code,
        number=request.GET.get("page"),
    )
    return render(
        request,
        "records/patient/results.html",
        {"page": page, "query": _query(organization=organization, code=code)},
    )


@never_cache
@high_assurance_required
@require_GET
def medicines(request: HttpRequest) -> HttpResponse:
    medications = selectors.medications_for(request.user, _person(request))
    blocks = _by_organization(
        selectors.Record(documents=[], results=[], immunizations=[], medications=medications)
    )
    return render(request, "records/patient/medicines.html", {"organizations": blocks})


@never_cache
@high_assurance_required
@require_GET
def print_record(request: HttpRequest) -> HttpResponse:
    """The whole record on one page to print (a read of every entry, audited like the
    lists): what the patient may not see is not there."""
    person = _person(request)
    record = selectors.patient_record(request.user, person)
    return render(
        request,
        "records/patient/print.html",
        {"organizations": _by_organization(record), "person": person},
    )


@never_cache
@high_assurance_required
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.document_for(request.user, _person(request), pk)
    return render(request, "records/patient/document.html", {"document": row})


@never_cache
@high_assurance_required
@require_GET
def document_attachment(request: HttpRequest, pk: int) -> FileResponse:
    row = selectors.document_for(request.user, _person(request), pk)
    if not row.attachment:
        raise Http404
    response = FileResponse(
        row.attachment.open("rb"),
        as_attachment=True,
        filename=row.filename or f"document-{row.pk}.pdf",
        content_type=row.content_type or "application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@high_assurance_required
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    history = selectors.result_with_history(request.user, _person(request), pk)
    return render(
        request,
        "records/patient/result.html",
        {
            "result": history.result,
            "history": history,
            "chart": history_chart(history.oldest_first),
        },
    )


@never_cache
@high_assurance_required
@require_GET
def vaccination_card(request: HttpRequest) -> HttpResponse:
    immunizations = selectors.immunizations_for(request.user, _person(request))
    return render(
        request,
        "records/patient/vaccination_card.html",
        {"immunizations": immunizations, "person": _person(request)},
    )


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def ask_renewal(request: HttpRequest, pk: int) -> HttpResponse:
    medication = selectors.medication_for(request.user, _person(request), pk)
    error = ""
    message = ""
    renewable = medication.renewable and medication.status == MedicationStatus.ACTIVE
    if not renewable:
        error = _(
            "This medicine cannot be renewed here: it is not in use or its prescription is "
            "not renewable. Ask your health station or pharmacy."
        )
    elif request.method == "POST":
        message = request.POST.get("message", "")
        try:
            services.request_renewal(request.user, medication, message)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Your request was sent. The answer comes to your messages and shows here."),
            )
            return HttpResponseRedirect(
                reverse("records:medicines") + f"#medicines-{medication.organization_id}"
            )
    return render(
        request,
        "records/patient/renewal.html",
        {"medication": medication, "error": error, "message": message, "renewable": renewable},
        status=400 if error else 200,
    )
