"""Reads of the audit trail. The trail about a person is their health data too.

"Who has viewed my data" shows one row per meaningful access, not one per query: the
events of one actor, for one purpose, about one kind of data, within one minute collapse
into one entry, with every event behind it listed. The chain keeps every event as it was
written; this is only how they are shown. A denied attempt by another citizen never shows
that citizen's name to the person (the organization's own copy of the trail keeps it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import TruncMinute
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carevillage import access
from carevillage.access.actors import Actor

from .actions import AuditAction, label_for
from .models import AuditEvent, Outcome
from .services import DEMO_SEED


class Area:
    """What kind of data an entry is about: the "what" filter, and the denial sentence."""

    PERSONAL = "personal"
    CARE_PROGRAM = "care_program"
    CARE_PLAN = "care_plan"
    MESSAGES = "messages"
    QUESTIONNAIRES = "questionnaires"
    ASSESSMENTS = "assessments"
    OTHER = "other"

    CHOICES = [
        (PERSONAL, _("Personal details and records")),
        (CARE_PROGRAM, _("Care programs")),
        (CARE_PLAN, _("Care plans")),
        (MESSAGES, _("Messages")),
        (QUESTIONNAIRES, _("Questionnaire answers")),
        (ASSESSMENTS, _("Symptom assessments")),
        (OTHER, _("Logins and settings")),
    ]
    REFUSED = {
        PERSONAL: _("Tried to open your personal details and was refused"),
        CARE_PROGRAM: _("Tried to open your care program and was refused"),
        CARE_PLAN: _("Tried to open your care plan and was refused"),
        MESSAGES: _("Tried to open your messages and was refused"),
        QUESTIONNAIRES: _("Tried to open your questionnaire answers and was refused"),
        ASSESSMENTS: _("Tried to open your saved symptom assessment and was refused"),
        OTHER: _("Tried to open your data and was refused"),
    }
    RESOURCE_TYPES = {
        PERSONAL: ("person",),
        CARE_PROGRAM: ("enrollment", "enrollment_task", "exercise_answer", "alert"),
        CARE_PLAN: ("care_plan", "care_plan_goal", "care_plan_activity"),
        MESSAGES: ("message_thread", "message_attachment"),
        QUESTIONNAIRES: ("questionnaire_response",),
        ASSESSMENTS: ("saved_assessment",),
    }


class Scope:
    OTHERS = "others"
    MINE = "mine"


PERIODS = {"7": 7, "30": 30, "365": 365}


@dataclass(frozen=True)
class TrailFilters:
    scope: str = Scope.OTHERS
    who: int | None = None
    what: str = ""
    period: str = ""


@dataclass(frozen=True)
class TrailDetail:
    at: dt.datetime
    sentence: str
    allowed: bool


@dataclass
class TrailEntry:
    at: dt.datetime
    who: str
    is_you: bool
    organization: str
    allowed: bool
    summary: str
    details: list[TrailDetail] = field(default_factory=list)


@dataclass(frozen=True)
class TrailActor:
    """One "who" of the filter: someone the person may see by name."""

    user_id: int
    label: str


def trail_for_person(
    *, actor: Actor, person: Any, on_behalf_of: Any = None
) -> QuerySet[AuditEvent]:
    """Every event whose subject is `person`, newest first (for the organization's own
    tools: identities included)."""
    access.require(actor, AuditAction.VIEW_AUDIT_TRAIL, person, on_behalf_of)
    return AuditEvent.objects.filter(subject_person_id=person.pk).order_by("-id")


def _area_expression() -> Case:
    return Case(
        *[
            When(resource_type__in=types, then=Value(area))
            for area, types in Area.RESOURCE_TYPES.items()
        ],
        default=Value(Area.OTHER),
        output_field=CharField(),
    )


def _events(person: Any, viewer_id: Any, filters: TrailFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(subject_person_id=person.pk)
    if filters.scope == Scope.MINE:
        events = events.filter(actor_user_id=viewer_id)
    else:
        events = events.exclude(actor_user_id=viewer_id)
        if filters.who is not None:
            events = events.filter(actor_user_id=filters.who).filter(_named())
    if filters.what:
        events = (
            events.filter(resource_type__in=Area.RESOURCE_TYPES.get(filters.what, ()))
            if filters.what != Area.OTHER
            else events.exclude(
                resource_type__in=[t for types in Area.RESOURCE_TYPES.values() for t in types]
            )
        )
    if filters.period in PERIODS:
        since = timezone.now() - dt.timedelta(days=PERIODS[filters.period])
        events = events.filter(occurred_at__gte=since)
    return events.annotate(area=_area_expression())


def _named() -> Q:
    """Events whose actor the person may see by name: an allowed access, a refusal of
    someone acting for an organization, or anything the person's own proxy did or tried
    on their behalf. A refused citizen stays "another logged-in person"."""
    return (
        Q(outcome=Outcome.ALLOWED)
        | ~Q(actor_organization="")
        | Q(on_behalf_of_person_id__isnull=False)
    )


GROUP_FIELDS = (
    "actor_user_id",
    "actor_client_id",
    "actor_label",
    "actor_organization",
    "purpose",
    "outcome",
    "area",
    "minute",
    "on_behalf_of_person_id",
)


def _minute(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(second=0, microsecond=0)


def _who(row: dict[str, Any], viewer_id: Any) -> tuple[str, bool, str]:
    """(name shown, is it the person, organization shown) for a group of events."""
    if row["actor_user_id"] is not None and row["actor_user_id"] == viewer_id:
        return str(_("You")), True, ""
    if row["purpose"] == "demo" or (
        row["actor_user_id"] is None and row["actor_label"] == DEMO_SEED.label
    ):
        return str(_("CareVillage demo (seeded example)")), False, ""
    if row["actor_client_id"] is not None:
        # An EHR's system (FHIR API), named with its organization like a professional.
        return row["actor_label"], False, row["actor_organization"]
    if row["actor_user_id"] is None:
        return str(_("Someone who was not logged in")), False, ""
    if row["on_behalf_of_person_id"] is not None:
        # The person's own guardian or holder of their power of attorney: named, refusals
        # too, so the person sees exactly what was done and tried on their behalf.
        return (
            _("%(name)s, on your behalf") % {"name": row["actor_label"]},
            False,
            row["actor_organization"],
        )
    if row["outcome"] == Outcome.DENIED and not row["actor_organization"]:
        return str(_("Another logged-in person")), False, ""
    return row["actor_label"], False, row["actor_organization"]


def _entries(
    groups: list[dict[str, Any]], events: QuerySet[AuditEvent], viewer_id: Any
) -> list[TrailEntry]:
    if not groups:
        return []
    low = min(group["first_id"] for group in groups)
    high = max(group["last_id"] for group in groups)
    by_key: dict[tuple[Any, ...], list[AuditEvent]] = {}
    for event in events.filter(id__gte=low, id__lte=high).order_by("id"):
        key = tuple(
            _minute(event.occurred_at) if name == "minute" else getattr(event, name)
            for name in GROUP_FIELDS
        )
        by_key.setdefault(key, []).append(event)
    entries = []
    for group in groups:
        key = tuple(
            _minute(group["minute"]) if name == "minute" else group[name] for name in GROUP_FIELDS
        )
        members = by_key.get(key, [])
        who, is_you, organization = _who(group, viewer_id)
        allowed = group["outcome"] == Outcome.ALLOWED
        if allowed:
            summary = label_for(members[0].action) if members else ""
        else:
            summary = str(Area.REFUSED.get(group["area"], Area.REFUSED[Area.OTHER]))
        entries.append(
            TrailEntry(
                at=group["last_at"],
                who=who,
                is_you=is_you,
                organization=organization,
                allowed=allowed,
                summary=summary,
                details=[
                    TrailDetail(at=e.occurred_at, sentence=label_for(e.action), allowed=e.allowed)
                    for e in members
                ],
            )
        )
    return entries


def trail_page(
    *,
    actor: Actor,
    person: Any,
    filters: TrailFilters | None = None,
    page: Any = 1,
    per_page: int = 20,
    on_behalf_of: Any = None,
) -> Page:
    """One page of "Who has viewed my data": `TrailEntry` rows, newest first."""
    access.require(actor, AuditAction.VIEW_AUDIT_TRAIL, person, on_behalf_of)
    filters = filters or TrailFilters()
    events = _events(person, actor.pk, filters)
    groups = (
        events.annotate(minute=TruncMinute("occurred_at"))
        .values(*GROUP_FIELDS)
        .annotate(
            first_id=Min("id"), last_id=Max("id"), last_at=Max("occurred_at"), count=Count("id")
        )
        .order_by("-last_id")
    )
    result = Paginator(groups, per_page).get_page(page)
    # The page counts groups; what it shows are their entries.
    result.object_list = _entries(list(result.object_list), events, actor.pk)  # type: ignore[assignment]
    return result


def trail_actors(*, actor: Actor, person: Any) -> list[TrailActor]:
    """Whom the "who" filter offers: everyone but the person whom the trail names."""
    rows = (
        AuditEvent.objects.filter(subject_person_id=person.pk, actor_user_id__isnull=False)
        .exclude(actor_user_id=actor.pk)
        .exclude(purpose="demo")
        .filter(_named())
        .values("actor_user_id")
        .annotate(last_id=Max("id"))
        .order_by("-last_id")
    )
    labels = dict(
        AuditEvent.objects.filter(id__in=[row["last_id"] for row in rows]).values_list(
            "actor_user_id", "actor_label"
        )
    )
    return [
        TrailActor(user_id=row["actor_user_id"], label=labels[row["actor_user_id"]]) for row in rows
    ]


@dataclass(frozen=True)
class TrailOverview:
    others: list[TrailEntry]
    mine: list[TrailEntry]


def trail_overview(*, actor: Actor, person: Any, size: int = 5) -> TrailOverview:
    """The newest entries by others and by the person, for My page (one audited read)."""
    others = trail_page(actor=actor, person=person, per_page=size)
    mine = _latest(actor, person, size)
    return TrailOverview(others=list(others.object_list), mine=mine)


def _latest(actor: Actor, person: Any, size: int) -> list[TrailEntry]:
    events = _events(person, actor.pk, TrailFilters(scope=Scope.MINE))
    groups = (
        events.annotate(minute=TruncMinute("occurred_at"))
        .values(*GROUP_FIELDS)
        .annotate(first_id=Min("id"), last_id=Max("id"), last_at=Max("occurred_at"))
        .order_by("-last_id")[:size]
    )
    return _entries(list(groups), events, actor.pk)
