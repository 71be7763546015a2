"""Every write of the navigator app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.access.actors import Actor, subject_person
from carevillage.access.handlers.editorial import NO_REVIEWER_ROLE, SAME_PERSON, review_refusals
from carevillage.audit.actions import AuditAction
from carevillage.identity.models import User

from . import walk
from .models import Assessment, Navigator, NavigatorVersion, SavedAssessment, VersionStatus
from .validation import validate


class PublishRefused(ValidationError):
    """Publishing was refused; `messages` says every reason."""


@access.atomic
def create_navigator(*, actor: User | None, slug: str, name: str) -> Navigator:
    navigator = Navigator(slug=slug, name=name)
    navigator.full_clean()
    navigator.save()
    access.require(actor, AuditAction.NAVIGATOR_CREATE, navigator)
    return navigator


@access.atomic
def create_draft(
    *, actor: User, navigator: Navigator, graph: Mapping[str, Any]
) -> NavigatorVersion:
    """A new draft version, numbered after the navigator's latest one."""
    Navigator.objects.select_for_update().get(pk=navigator.pk)
    latest = navigator.versions.aggregate(latest=Max("number"))["latest"] or 0
    version = NavigatorVersion.objects.create(
        navigator=navigator, number=latest + 1, graph=graph, author=actor
    )
    access.require(actor, AuditAction.NAVIGATOR_VERSION_CREATE, version)
    return version


@access.atomic
def change_draft(
    *, actor: User, version: NavigatorVersion, graph: Mapping[str, Any]
) -> NavigatorVersion:
    version = NavigatorVersion.objects.select_for_update().get(pk=version.pk)
    access.require(actor, AuditAction.NAVIGATOR_VERSION_CHANGE, version)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Version %(number)s is published: make a new version instead.")
            % {"number": version.number}
        )
    version.graph = graph
    version.save(update_fields=["graph"])
    return version


def approval_problems(*, actor: User, version: NavigatorVersion) -> list[str]:
    """Every reason this actor may not approve this version now; empty when they may."""
    reasons = []
    if version.status != VersionStatus.DRAFT:
        reasons.append(_("Only a draft can be approved; this version is already published."))
    refused = review_refusals(actor, prepared_by_id=version.author_id)
    if SAME_PERSON in refused:
        reasons.append(_("A second clinician must approve: you wrote this version."))
    if NO_REVIEWER_ROLE in refused:
        reasons.append(_("Only a clinical editor or a professional can approve a navigator."))
    reasons.extend(str(problem) for problem in validate(version.graph))
    return reasons


def approve_and_publish(*, actor: User, version: NavigatorVersion) -> NavigatorVersion:
    """The second clinician's approval: the version goes live and the previous one retires.

    Refused (and nothing changes) unless the validator passes and the actor is a clinical
    editor or professional other than the author; a refused reviewer stays in the trail.
    """
    try:
        return _approve_and_publish(actor=actor, version=version)
    except access.AccessDenied:
        # Rolled back, and the denied decision written again after the rollback.
        version.refresh_from_db()
        raise PublishRefused(approval_problems(actor=actor, version=version)) from None


@access.atomic
def _approve_and_publish(*, actor: User, version: NavigatorVersion) -> NavigatorVersion:
    Navigator.objects.select_for_update().get(pk=version.navigator_id)
    version = NavigatorVersion.objects.select_for_update().get(pk=version.pk)
    access.require(actor, AuditAction.NAVIGATOR_VERSION_PUBLISH, version)
    reasons = approval_problems(actor=actor, version=version)
    if reasons:
        raise PublishRefused(reasons)
    NavigatorVersion.objects.filter(
        navigator_id=version.navigator_id, status=VersionStatus.PUBLISHED
    ).update(status=VersionStatus.RETIRED)
    version.status = VersionStatus.PUBLISHED
    version.approved_by = actor
    version.published_at = timezone.now()
    version.save(update_fields=["status", "approved_by", "published_at"])
    return version


def count_outcome(
    *,
    version: NavigatorVersion,
    disposition: str,
    assessment_id: int | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Count a finished walk anonymously; a walk changed after going back keeps its one row."""
    node = version.graph["nodes"][disposition]
    year, week, _weekday = (today or timezone.now().date()).isocalendar()
    with access.atomic():
        existing = (
            Assessment.objects.filter(pk=assessment_id, version=version).first()
            if assessment_id
            else None
        )
        if existing is not None:
            existing.disposition = disposition
            existing.level = node["level"]
            existing.save(update_fields=["disposition", "level"])
            return existing
        return Assessment.objects.create(
            version=version,
            disposition=disposition,
            level=node["level"],
            iso_year=year,
            iso_week=week,
        )


def save_assessment(
    *,
    actor: Actor,
    version: NavigatorVersion,
    answers: Sequence[Sequence[str]],
    language: str,
) -> tuple[SavedAssessment, Any]:
    """Keep a logged-in patient's finished walk for their care team (and their My page).
    Returns the saved assessment and the care team it was sent to (None: kept only)."""
    person = subject_person(actor)
    if person is None:
        raise ValidationError(_("Log in with e-ID to save an assessment."))
    graph = version.graph
    try:
        position = walk.replay(graph, answers)
    except walk.InvalidAnswer:
        raise ValidationError(_("The answers do not fit this navigator. Start again.")) from None
    if not position.finished:
        raise ValidationError(_("Answer every question before saving."))
    offered = graph["languages"]
    summary = []
    for step in position.steps:
        node = graph["nodes"][step.node_id]
        summary.append(
            {
                "question": walk.localized(node["text"], language, offered)[0],
                "answer": walk.localized(
                    walk.chosen_answer(node, step.value)["label"], language, offered
                )[0],
            }
        )
    with access.atomic():
        saved = SavedAssessment.objects.create(
            person=person,
            version=version,
            disposition=position.node_id,
            level=position.node["level"],
            language=language,
            title=walk.localized(graph["title"], language, offered)[0],
            outcome_text=walk.localized(position.node["text"], language, offered)[0],
            answers=summary,
        )
        access.require(actor, AuditAction.SAVE_ASSESSMENT, saved)
        team = _send_to_care_team(actor=actor, person=person, saved=saved)
    return saved, team


def _send_to_care_team(*, actor: Actor, person: Any, saved: SavedAssessment) -> Any:
    """The assessment becomes a message to the patient's care team, in the same transaction.

    A patient without a care team keeps it on My page only. The message key comes from
    the saved assessment, so a retried save never sends it twice.
    """
    import uuid

    from carevillage.messaging import selectors as messaging_selectors
    from carevillage.messaging import services as messaging_services

    team = messaging_selectors.care_teams_to_write_to(person=person).first()
    if team is None:
        return None
    lines = [saved.title, "", saved.outcome_text, ""]
    lines += [f"{step['question']} {step['answer']}" for step in saved.answers]
    messaging_services.start_thread(
        actor=actor,
        care_team=team,
        topic=_("Symptom assessment: %(title)s") % {"title": saved.title},
        body="\n".join(lines),
        client_key=uuid.uuid5(uuid.NAMESPACE_URL, f"carevillage:assessment:{saved.pk}"),
    )
    return team
