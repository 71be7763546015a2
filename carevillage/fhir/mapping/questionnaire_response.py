"""QuestionnaireResponse: what a patient answered in a care path of the client's
organization (a self-test taken on one's own stays the person's own, as for the care
team). Searchable by patient, questionnaire (canonical URL, optionally |version) and
authored date."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse as FhirQuestionnaireResponse,
)

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.fhir.errors import invalid
from carevillage.questionnaires.models import QuestionnaireResponse, ResponseStatus

from .base import (
    Kind,
    SearchPage,
    SearchParameter,
    audited_page,
    base_url,
    date_filters,
    patient_param,
)
from .patient import include_patients

_PARAMETERS = [
    SearchParameter("patient", "reference", "Patient/<id> (or the id)"),
    SearchParameter("questionnaire", "reference", "the canonical URL, optionally |version"),
    SearchParameter("authored", "date", "when it was submitted: ge, gt, le, lt, eq"),
    SearchParameter("_id", "token", "the resource id"),
]


def to_fhir(response: QuestionnaireResponse) -> dict[str, Any]:
    version = response.version
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.pk),
        "questionnaire": f"{base_url()}/Questionnaire/{version.questionnaire.slug}|{version.number}",
        "status": "completed",
        "subject": {"reference": f"Patient/{response.person_id}"},
    }
    if response.submitted_at:
        resource["authored"] = response.submitted_at.isoformat()
    items = [
        {"linkId": link_id, "answer": answers}
        for link_id, answers in response.answers.items()
        if answers
    ]
    if items:
        resource["item"] = items
    return QUESTIONNAIRE_RESPONSE.output(resource)


def _responses() -> Any:
    return QuestionnaireResponse.objects.filter(status=ResponseStatus.COMPLETED).select_related(
        "version__questionnaire"
    )


def read(client: Any, resource_id: str) -> dict[str, Any]:
    response = access.get(
        client, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, _responses(), pk=resource_id
    )
    return to_fhir(response)


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise invalid(f"{name} must name a resource id", name) from None


def matching(client: Any, params: dict[str, str]) -> Any:
    """The responses the client may see that match the search parameters (no audit: the
    caller records what it shows)."""
    responses = _responses()
    if "patient" in params:
        responses = responses.filter(person_id=patient_param(params["patient"]))
    if "questionnaire" in params:
        url, _bar, version = params["questionnaire"].partition("|")
        slug = url.rstrip("/").rpartition("/Questionnaire/")[2] if "/Questionnaire/" in url else url
        responses = responses.filter(version__questionnaire__slug=slug)
        if version:
            responses = responses.filter(version__number=_int(version, "questionnaire"))
    if "authored" in params:
        responses = responses.filter(
            **date_filters([params["authored"]], "submitted_at", "authored")
        )
    if "_id" in params:
        responses = responses.filter(pk=_int(params["_id"], "_id"))
    return access.visible(client, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, responses)


def search(client: Any, params: dict[str, str], count: int, after: str | None) -> SearchPage:
    return audited_page(
        client,
        AuditAction.VIEW_QUESTIONNAIRE_RESPONSE,
        matching(client, params),
        count,
        after,
        to_fhir,
    )


QUESTIONNAIRE_RESPONSE = Kind(
    resource_type="QuestionnaireResponse",
    model=FhirQuestionnaireResponse,
    documentation=(
        "Answers given in care paths run by the client's organization (submitted ones)."
    ),
    read=read,
    search=search,
    includes={"QuestionnaireResponse:patient": include_patients("subject")},
    search_parameters=_PARAMETERS,
    matching=matching,
)
