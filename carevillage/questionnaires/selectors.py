"""Reads of the questionnaires app. Responses are health data and go through `access`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.access.actors import subject_person
from carevillage.access.handlers.editorial import NO_REVIEWER_ROLE, SAME_PERSON, review_refusals
from carevillage.audit.actions import AuditAction

from . import engine
from .models import (
    AnonymousResultCount,
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireVersion,
    ResponseStatus,
)


def public_self_tests() -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(is_public=True, versions__isnull=False).distinct()


def self_tests_for_house(*, house_theme: str, language: str) -> list[dict[str, str]]:
    """The public self-tests and quizzes a house offers: slug, title in `language` (else
    English) and the language the title is in."""
    return [
        {
            "slug": q.slug,
            "title": q.title(language),
            "lang": q.title_language(language),
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
    person = subject_person(actor)
    if person is None:
        return None
    draft = (
        access.visible(
            actor,
            AuditAction.VIEW_QUESTIONNAIRE_RESPONSE,
            QuestionnaireResponse.objects.filter(
                person=person,
                version__questionnaire=questionnaire,
                status=ResponseStatus.IN_PROGRESS,
            ),
        )
        .select_related("version", "version__questionnaire")
        .order_by("-updated_at")
        .first()
    )
    if draft is not None:
        access.require(actor, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, draft)
    return draft


def response_for(*, actor: Any, pk: int) -> QuestionnaireResponse:
    """One response, if the actor may read it; otherwise 404 (audited either way)."""
    return access.get(
        actor,
        AuditAction.VIEW_QUESTIONNAIRE_RESPONSE,
        QuestionnaireResponse.objects.select_related("version", "version__questionnaire", "person"),
        pk=pk,
    )


def history(
    *, actor: Any, person: Any, questionnaire: Questionnaire
) -> list[QuestionnaireResponse]:
    """Submitted responses of `person` to `questionnaire` the actor may see, oldest first;
    every response shown is audited (one event per row, in one insert)."""
    rows = list(
        access.visible(
            actor,
            AuditAction.VIEW_QUESTIONNAIRE_RESPONSE,
            QuestionnaireResponse.objects.filter(
                person=person,
                version__questionnaire=questionnaire,
                status=ResponseStatus.COMPLETED,
            ),
        )
        .select_related("version")
        .order_by("submitted_at")
    )
    access.record_listing(actor, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, rows, purpose="history")
    return rows


def answered_questionnaires(*, actor: Any) -> set[int]:
    """Ids of the questionnaires the actor has answered or started (their own data only);
    the responses that say so are audited as shown."""
    person = subject_person(actor)
    if person is None:
        return set()
    responses = list(
        access.visible(
            actor,
            AuditAction.VIEW_QUESTIONNAIRE_RESPONSE,
            QuestionnaireResponse.objects.filter(person=person),
        ).select_related("version")
    )
    access.record_listing(
        actor, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, responses, purpose="my questionnaires"
    )
    return {response.version.questionnaire_id for response in responses}


# ---------------------------------------------------------------------------------------
# The admin


def admin_rows(*, language: str) -> list[dict[str, Any]]:
    """Every questionnaire with its title, latest version and anonymous answer count."""
    counts = dict(
        AnonymousResultCount.objects.values("questionnaire")
        .annotate(total=Sum("count"))
        .values_list("questionnaire", "total")
    )
    return [
        {
            "questionnaire": questionnaire,
            "title": questionnaire.title(language),
            "latest": questionnaire.latest_version(),
            "answered": counts.get(questionnaire.pk, 0),
        }
        for questionnaire in Questionnaire.objects.all()
    ]


def questionnaire_by_pk(*, pk: Any) -> Questionnaire | None:
    try:
        return Questionnaire.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError, OverflowError):
        return None


def draft_problems(*, questionnaire: Questionnaire) -> list[str]:
    """What keeps the draft itself from being published (not who approves it)."""
    if not questionnaire.draft_definition:
        return [_("There is no draft to publish.")]
    try:
        engine.validate(questionnaire.draft_definition)
    except engine.DefinitionError as exc:
        return [str(exc)]
    return []


def approval_problems(*, actor: Any, questionnaire: Questionnaire) -> list[str]:
    """Every reason this actor may not approve and publish the draft now; empty: may."""
    reasons = draft_problems(questionnaire=questionnaire)
    refused = review_refusals(actor, prepared_by_id=questionnaire.draft_prepared_by_id)
    if SAME_PERSON in refused:
        reasons.append(_("A second clinician must approve: you prepared this draft."))
    if NO_REVIEWER_ROLE in refused:
        reasons.append(_("Only a clinical editor or a professional can approve a questionnaire."))
    return reasons
