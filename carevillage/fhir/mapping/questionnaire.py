"""Questionnaire: the published versions of CareVillage's questionnaires (self-tests and
care-path questionnaires), as the engine stores them. Definitions hold nobody's data;
reading them still needs the client's Questionnaire scope. The canonical URL is
`[base]/Questionnaire/<slug>` with the version number as `version`."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire

from carevillage.fhir.errors import not_found
from carevillage.questionnaires.models import Questionnaire, QuestionnaireVersion

from .base import Kind, SearchPage, SearchParameter, base_url


def canonical(questionnaire: Questionnaire) -> str:
    return f"{base_url()}/Questionnaire/{questionnaire.slug}"


def to_fhir(version: QuestionnaireVersion) -> dict[str, Any]:
    questionnaire = version.questionnaire
    resource = dict(version.definition)
    resource.update(
        {
            "resourceType": "Questionnaire",
            "id": questionnaire.slug,
            "url": canonical(questionnaire),
            "version": str(version.number),
            "name": questionnaire.slug.replace("-", "_").upper(),
            "status": "active",
            "date": version.published_at.isoformat(),
        }
    )
    return QUESTIONNAIRE.output(resource)


def _current() -> Any:
    """The newest version of each questionnaire."""
    from django.db.models import Max

    latest = Questionnaire.objects.annotate(newest=Max("versions__number")).filter(
        newest__isnull=False
    )
    return latest


def _latest_version(questionnaire: Questionnaire) -> QuestionnaireVersion:
    version = questionnaire.latest_version()
    if version is None:
        raise not_found("Questionnaire", questionnaire.slug)
    return version


def read(_client: Any, resource_id: str) -> dict[str, Any]:
    questionnaire = Questionnaire.objects.filter(slug=resource_id).first()
    if questionnaire is None:
        raise not_found("Questionnaire", resource_id)
    return to_fhir(_latest_version(questionnaire))


def search(_client: Any, params: dict[str, str], count: int, after: str | None) -> SearchPage:
    questionnaires = _current().order_by("slug")
    if "url" in params:
        url = params["url"].split("|")[0].rstrip("/")
        slug = url.rpartition("/Questionnaire/")[2] if "/Questionnaire/" in url else ""
        questionnaires = questionnaires.filter(slug=slug)
    if "name" in params:
        # FHIR string search: starts with, case-insensitive; the name is the slug's form.
        questionnaires = questionnaires.filter(slug__istartswith=params["name"].replace("_", "-"))
    if after is not None:
        questionnaires = questionnaires.filter(slug__gt=after)
    if count == 0:
        return SearchPage([], None, questionnaires.count())
    rows = list(questionnaires[: count + 1])
    shown = rows[:count]
    return SearchPage(
        [to_fhir(_latest_version(q)) for q in shown],
        shown[-1].slug if len(rows) > count else None,
    )


QUESTIONNAIRE = Kind(
    resource_type="Questionnaire",
    model=FhirQuestionnaire,
    documentation="Published questionnaires (newest version); canonical [base]/Questionnaire/<id>.",
    read=read,
    search=search,
    search_parameters=[
        SearchParameter("url", "uri", "the canonical URL (a |version suffix is ignored)"),
        SearchParameter("name", "string", "the computer-friendly name, starts with"),
    ],
)
