"""Every write of the questionnaires app."""

from __future__ import annotations

import json
from typing import Any

from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.access.actors import subject_person
from carevillage.audit.actions import AuditAction

from . import engine, selectors, shape
from .models import (
    AnonymousResultCount,
    Kind,
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireVersion,
    ResponseStatus,
)
from .signals import response_submitted


class ResponseError(ValueError):
    """A response cannot take this change; the message says why."""


def _titles(definition: dict) -> dict[str, str]:
    titles = {"en": definition.get("title", "")}
    for ext in (definition.get("_title") or {}).get("extension", []):
        parts = {e.get("url"): e for e in ext.get("extension", [])}
        lang = parts.get("lang", {}).get("valueCode")
        if lang:
            titles[lang] = parts.get("content", {}).get("valueString", "")
    return titles


def parse_fhir_json(text: str | bytes) -> dict:
    """Parse and validate an uploaded FHIR Questionnaire; raise DefinitionError with a reason."""
    try:
        data = shape.loads(text)
    except json.JSONDecodeError as exc:
        raise engine.DefinitionError(
            _("The file is not valid JSON (line %(line)s): %(reason)s.")
            % {"line": exc.lineno, "reason": exc.msg}
        ) from None
    except UnicodeDecodeError:
        raise engine.DefinitionError(_("The file is not UTF-8 text.")) from None
    except shape.ShapeError as exc:
        raise engine.DefinitionError(str(exc)) from None
    return engine.validate(data)


def _strip_identity(definition: dict) -> dict:
    """The version number, status, date and URL belong to the version row, not the text."""
    return {
        k: v
        for k, v in definition.items()
        if k not in ("id", "url", "version", "status", "date", "meta")
    }


@access.atomic
def publish_version(
    *,
    actor: Any,
    slug: str,
    definition: dict,
    kind: str | None = None,
    is_public: bool | None = None,
) -> QuestionnaireVersion:
    """Publish `definition` as the next version of `slug` without a clinical review: only
    for the reviewed instruments the demo seed and the operator's `import_questionnaire`
    command bring (no person in the admin). Editors publish with `approve_and_publish`.

    Publishing the same text again returns the current version, so seeding and
    re-imports are idempotent."""
    definition = _strip_identity(engine.validate(definition))
    questionnaire, _created = Questionnaire.objects.select_for_update().get_or_create(
        slug=slug,
        defaults={"kind": kind or Kind.SELF_TEST, "is_public": bool(is_public)},
    )
    version, created = _new_version(
        questionnaire=questionnaire,
        definition=definition,
        kind=kind,
        is_public=is_public,
        prepared_by=None,
        published_by=None,
    )
    if created:
        access.record(
            actor, AuditAction.PUBLISH_QUESTIONNAIRE, version, reason="reviewed instrument"
        )
    return version


def _new_version(
    *,
    questionnaire: Questionnaire,
    definition: dict,
    kind: str | None,
    is_public: bool | None,
    prepared_by: Any,
    published_by: Any,
) -> tuple[QuestionnaireVersion, bool]:
    latest = questionnaire.latest_version()
    if latest is not None and latest.definition == definition:
        return latest, False
    questionnaire.titles = _titles(definition)
    if is_public is not None:
        questionnaire.is_public = is_public
    if kind:
        questionnaire.kind = kind
    questionnaire.draft_definition = None
    questionnaire.draft_prepared_by = None
    questionnaire.save()
    version = QuestionnaireVersion(
        questionnaire=questionnaire,
        number=(latest.number + 1) if latest else 1,
        definition=definition,
        published_at=timezone.now(),
        published_by=published_by,
        prepared_by=prepared_by,
    )
    version.save(force_insert=True)
    return version, True


def import_questionnaire(
    *,
    actor: Any,
    text: str | bytes,
    slug: str = "",
    kind: str | None = None,
    is_public: bool | None = None,
) -> QuestionnaireVersion:
    """The operator's command: a reviewed instrument straight to a version."""
    definition = parse_fhir_json(text)
    slug = slug or definition.get("id") or ""
    if not slug:
        raise engine.DefinitionError(_("Give the questionnaire a slug: the file has no id."))
    return publish_version(
        actor=actor, slug=slugify(slug), definition=definition, kind=kind, is_public=is_public
    )


def import_as_draft(
    *,
    actor: Any,
    text: str | bytes,
    slug: str = "",
    kind: str = Kind.SELF_TEST,
    is_public: bool = False,
) -> Questionnaire:
    """Admin import: the file becomes the editor's draft, to preview before a second
    clinician approves and publishes it."""
    return _new_draft(
        actor=actor,
        text=text,
        slug=slug,
        kind=kind,
        is_public=is_public,
        action=AuditAction.IMPORT_QUESTIONNAIRE,
    )


def create_draft(
    *,
    actor: Any,
    text: str | bytes,
    slug: str,
    kind: str = Kind.SELF_TEST,
    is_public: bool = False,
) -> Questionnaire:
    """A questionnaire built with the item builder: a draft nobody can answer until a
    second clinician approves it."""
    return _new_draft(
        actor=actor,
        text=text,
        slug=slug,
        kind=kind,
        is_public=is_public,
        action=AuditAction.CREATE_QUESTIONNAIRE,
    )


@access.atomic
def _new_draft(
    *,
    actor: Any,
    text: str | bytes,
    slug: str,
    kind: str,
    is_public: bool,
    action: AuditAction,
) -> Questionnaire:
    definition = parse_fhir_json(text)
    slug = slugify(slug or definition.get("id") or "")
    if not slug:
        raise engine.DefinitionError(_("Give the questionnaire a slug: the file has no id."))
    questionnaire, _created = Questionnaire.objects.get_or_create(
        slug=slug, defaults={"kind": kind, "is_public": is_public, "titles": _titles(definition)}
    )
    questionnaire.draft_definition = _strip_identity(definition)
    questionnaire.draft_prepared_by = actor
    questionnaire.save(update_fields=["draft_definition", "draft_prepared_by"])
    access.require(actor, action, questionnaire)
    return questionnaire


class ApprovalRefused(ValueError):
    """Publishing was refused; `reasons` lists every one, translated."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def approve_and_publish(*, actor: Any, questionnaire: Questionnaire) -> QuestionnaireVersion:
    """The second clinician's approval: the draft becomes the next public version.

    Refused, and nothing changes, unless the actor is a clinical editor or professional
    other than the person who prepared the draft (as for symptom navigators); a refused
    reviewer stays in the trail."""
    try:
        return _approve_and_publish(actor=actor, questionnaire=questionnaire)
    except access.AccessDenied:
        questionnaire.refresh_from_db()
        raise ApprovalRefused(
            selectors.approval_problems(actor=actor, questionnaire=questionnaire)
        ) from None


@access.atomic
def _approve_and_publish(*, actor: Any, questionnaire: Questionnaire) -> QuestionnaireVersion:
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    problems = selectors.draft_problems(questionnaire=questionnaire)
    if problems:
        raise ApprovalRefused(problems)
    # A refusal (the one who prepared it, or no reviewer role) raises AccessDenied and
    # stays in the trail; the admin page lists the reasons (selectors.approval_problems).
    access.require(actor, AuditAction.PUBLISH_QUESTIONNAIRE, questionnaire)
    assert questionnaire.draft_definition is not None
    version, _created = _new_version(
        questionnaire=questionnaire,
        definition=_strip_identity(questionnaire.draft_definition),
        kind=questionnaire.kind,
        is_public=None,
        prepared_by=questionnaire.draft_prepared_by,
        published_by=actor,
    )
    access.record(actor, AuditAction.PUBLISH_QUESTIONNAIRE, version)
    return version


@access.atomic
def save_draft_definition(*, actor: Any, questionnaire: Questionnaire, text: str) -> Questionnaire:
    """The editor's working copy; validated so preview and publish can trust it."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    questionnaire.draft_definition = _strip_identity(parse_fhir_json(text))
    questionnaire.draft_prepared_by = actor
    questionnaire.save(update_fields=["draft_definition", "draft_prepared_by"])
    access.require(actor, AuditAction.EDIT_QUESTIONNAIRE_DRAFT, questionnaire)
    return questionnaire


# ---------------------------------------------------------------------------------------
# Responses of logged-in persons


@access.atomic
def save_draft(
    *, actor: Any, version: QuestionnaireVersion, answers: dict, page: int
) -> QuestionnaireResponse:
    """Create or update the actor's own draft for this version."""
    person = subject_person(actor)
    if person is None:
        raise ResponseError(_("Only a person logged in with e-ID can save answers."))
    response = (
        QuestionnaireResponse.objects.select_for_update()
        .filter(person=person, version=version, status=ResponseStatus.IN_PROGRESS)
        .first()
    )
    if response is None:
        try:
            with access.atomic():
                response = QuestionnaireResponse.objects.create(
                    person=person, version=version, status=ResponseStatus.IN_PROGRESS
                )
        except IntegrityError:
            # Another device created the draft a moment ago: continue in that one.
            response = QuestionnaireResponse.objects.select_for_update().get(
                person=person, version=version, status=ResponseStatus.IN_PROGRESS
            )
    access.require(actor, AuditAction.ANSWER_QUESTIONNAIRE, response)
    response.answers = engine.prune(version.definition, answers)
    response.page = page
    response.save(update_fields=["answers", "page", "updated_at"])
    return response


@access.atomic
def submit_response(*, actor: Any, response: QuestionnaireResponse) -> QuestionnaireResponse:
    """Score the draft on the server and mark it submitted."""
    response = QuestionnaireResponse.objects.select_for_update().get(pk=response.pk)
    access.require(actor, AuditAction.ANSWER_QUESTIONNAIRE, response)
    if response.status != ResponseStatus.IN_PROGRESS:
        raise ResponseError(_("These answers were already submitted."))
    definition = response.version.definition
    answers = engine.prune(definition, response.answers)
    if engine.missing_required(definition, answers):
        raise ResponseError(_("Some required questions are not answered yet."))
    outcome = engine.score(definition, answers)
    response.answers = answers
    response.scores = outcome.scores
    response.band = outcome.band
    response.band_code = (outcome.band or {}).get("code", "")
    response.flags = outcome.flags
    response.has_critical_flag = any(f.get("severity") == "critical" for f in outcome.flags)
    response.status = ResponseStatus.COMPLETED
    response.submitted_at = timezone.now()
    response.save()
    response_submitted.send(sender=QuestionnaireResponse, response=response)
    return response


# ---------------------------------------------------------------------------------------
# Anonymous self-tests


def iso_week(moment: Any = None) -> str:
    year, week, _day = (moment or timezone.now()).isocalendar()
    return f"{year}-W{week:02d}"


@access.atomic
def count_anonymous_result(*, questionnaire: Questionnaire, band_code: str) -> None:
    """+1 for this questionnaire, band and week. The only trace an anonymous test leaves."""
    week = iso_week()
    row, _created = AnonymousResultCount.objects.get_or_create(
        questionnaire=questionnaire, band_code=band_code or "-", iso_week=week
    )
    AnonymousResultCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
