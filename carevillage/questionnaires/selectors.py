"""Reads of the questionnaires app. Responses are health data and go through `access`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carevillage import access

from .models import Questionnaire, QuestionnaireResponse, QuestionnaireVersion, ResponseStatus


def public_self_tests() -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(is_public=True, versions__isnull=False).distinct()


def self_tests_for_house(*, house_theme: str, language: str) -> list[dict[str, str]]:
    """The public self-tests and quizzes a house offers: slug, title in `language` (else
    English) and the language the title is in."""
    return [
        {
            "slug": q.slug,
            "title": q.title(language),
            "lang": language if q.titles.get(language) else "en",
        }
        for q in public_self_tests().filter(house_theme=house_theme).order_by("slug")
    ]


def questionnaire_by_slug(*, slug: str, public_only: bool = False) -> Questionnaire | None:
    queryset = public_self_tests() if public_only else Questionnaire.objects.all()
    return queryset.filter(slug=slug).first()


def current_version(*, questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return questionnaire.latest_version()


def own_draft(*, actor: Any, questionnaire: Questionnaire) -> QuestionnaireResponse | None:
    """The actor's draft of any version of this questionnaire (newest first), audited."""
    person = getattr(actor, "person", None)
    if person is None:
        return None
    draft = (
        QuestionnaireResponse.objects.filter(
            person=person,
            version__questionnaire=questionnaire,
            status=ResponseStatus.IN_PROGRESS,
        )
        .select_related("version", "version__questionnaire")
        .order_by("-updated_at")
        .first()
    )
    if draft is not None:
        access.require(actor, "view_questionnaire_response", draft)
    return draft


def response_for(*, actor: Any, pk: int) -> QuestionnaireResponse:
    """One response, if the actor may read it; otherwise 404 (audited either way)."""
    response = (
        QuestionnaireResponse.objects.select_related("version", "version__questionnaire", "person")
        .filter(pk=pk)
        .first()
    )
    if response is None:
        raise access.AccessDenied
    access.require(actor, "view_questionnaire_response", response)
    return response


def history(
    *, actor: Any, person: Any, questionnaire: Questionnaire
) -> list[QuestionnaireResponse]:
    """Submitted responses of `person` to `questionnaire`, oldest first.

    The database filter comes from the policy; one decision (one audit event) is made for
    the view, on the newest response, so the trail shows one line per look, not per row.
    """
    candidates = access.visible(
        actor,
        "view_questionnaire_response",
        QuestionnaireResponse.objects.filter(
            person=person, version__questionnaire=questionnaire, status=ResponseStatus.COMPLETED
        ).select_related("version"),
    ).order_by("submitted_at")
    rows = list(candidates)
    if rows:
        access.require(actor, "view_questionnaire_response", rows[-1])
    return rows


def answered_questionnaires(*, actor: Any) -> QuerySet[Questionnaire]:
    """Questionnaires the actor has answered or started (their own data only)."""
    person = getattr(actor, "person", None)
    if person is None:
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(versions__responses__person=person).distinct()
