"""Every read of the health record, for the person it is about and for the care team.

Each list goes through `access.visible` (the decision is made in the database) and
`access.record_listing` (one audited event per entry shown); each single entry through
`access.get` (fetch, decide, 404 — a refusal is audited). What the patient may not see
(withheld, not shown yet, a superseded version) never leaves here for them: not in a
list, not by id, not in a count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from carevillage import access
from carevillage.access.handlers.records import is_youth
from carevillage.audit.actions import AuditAction
from carevillage.identity.models import Person
from carevillage.tenants.models import Organization

from .models import (
    Document,
    Immunization,
    Medication,
    MedicationStatus,
    RecordItem,
    RenewalRequest,
    RenewalStatus,
    Result,
)

Item = TypeVar("Item", bound=RecordItem)

VIEW_ACTIONS: dict[type[RecordItem], AuditAction] = {
    Document: AuditAction.VIEW_RECORD_DOCUMENT,
    Result: AuditAction.VIEW_RECORD_RESULT,
    Immunization: AuditAction.VIEW_RECORD_IMMUNIZATION,
    Medication: AuditAction.VIEW_RECORD_MEDICATION,
}
# The kinds by the name a page or the staff side uses for them.
KINDS: dict[str, type[RecordItem]] = {
    "document": Document,
    "result": Result,
    "immunization": Immunization,
    "medication": Medication,
}


def _entries(
    model: type[Item], person: Person, organization: Organization | None
) -> QuerySet[Item]:
    queryset = model._default_manager.filter(person=person).select_related("organization")
    if organization is not None:
        queryset = queryset.filter(organization=organization)
    return queryset


def _listed(actor: Any, queryset: QuerySet[Item]) -> list[Item]:
    action = VIEW_ACTIONS[queryset.model]
    rows = list(access.visible(actor, action, queryset))
    access.record_listing(actor, action, rows)
    return rows


def _one(actor: Any, model: type[Item], person: Person, pk: Any) -> Item:
    """One entry by id. The lookup is over every entry (so asking for someone else's is a
    refusal in the trail, not a silent miss), then it must be this person's."""
    row = access.get(
        actor, VIEW_ACTIONS[model], model._default_manager.select_related("organization"), pk=pk
    )
    if row.person_id != person.pk:
        raise Http404
    return row


# --- documents ------------------------------------------------------------------------


def documents_for(
    actor: Any, person: Person, *, organization: Organization | None = None
) -> list[Document]:
    """The documents the actor may see, newest first (without their text: a list)."""
    return _listed(actor, _entries(Document, person, organization).defer("text"))


def document_for(actor: Any, person: Person, pk: Any) -> Document:
    """One document with its text; its `attachment` is opened by the caller's view."""
    return _one(actor, Document, person, pk)


# --- results --------------------------------------------------------------------------


@dataclass
class ResultKind:
    category: str
    results: list[Result]


@dataclass
class ResultDay:
    date: dt.date
    kinds: list[ResultKind] = field(default_factory=list)


def results_for(
    actor: Any,
    person: Person,
    *,
    organization: Organization | None = None,
    limit: int | None = None,
) -> list[ResultDay]:
    """Results grouped by the day the sample was taken (in the current time zone), then by
    category, newest day first. `limit` caps the results read (the newest)."""
    queryset = _entries(Result, person, organization)
    if limit is not None:
        queryset = queryset.filter(
            pk__in=access.visible(actor, AuditAction.VIEW_RECORD_RESULT, queryset).values("pk")[
                :limit
            ]
        )
    rows = _listed(actor, queryset)
    days: dict[dt.date, dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        days[timezone.localtime(row.effective_at).date()][row.category].append(row)
    return [
        ResultDay(
            day, [ResultKind(category, results) for category, results in sorted(kinds.items())]
        )
        for day, kinds in sorted(days.items(), reverse=True)
    ]


def result_for(actor: Any, person: Person, pk: Any) -> Result:
    return _one(actor, Result, person, pk)


def result_history(
    actor: Any, person: Person, code: str, *, organization: Organization | None = None
) -> list[Result]:
    """Every result of one test (LOINC code), oldest first, for a chart and its table."""
    queryset = (
        _entries(Result, person, organization).filter(code=code).order_by("effective_at", "pk")
    )
    return _listed(actor, queryset)


# --- vaccinations ---------------------------------------------------------------------


def immunizations_for(
    actor: Any, person: Person, *, organization: Organization | None = None
) -> list[Immunization]:
    return _listed(actor, _entries(Immunization, person, organization))


# --- medicines and renewals -----------------------------------------------------------


@dataclass
class MedicationList:
    current: list[Medication]
    earlier: list[Medication]


def medications_for(
    actor: Any, person: Person, *, organization: Organization | None = None
) -> MedicationList:
    """Medicines in use and earlier ones. Each carries `renewal` (the latest renewal request
    the actor may see, or None) and `can_ask_renewal` (renewable, in use, nothing pending)."""
    rows = _listed(actor, _entries(Medication, person, organization))
    renewals = access.visible(
        actor,
        AuditAction.VIEW_RENEWAL_REQUEST,
        RenewalRequest.objects.filter(medication__in=[row.pk for row in rows]),
    ).order_by("medication_id", "-created_at", "-pk")
    latest: dict[int, RenewalRequest] = {}
    for renewal in renewals:
        latest.setdefault(renewal.medication_id, renewal)
    access.record_listing(actor, AuditAction.VIEW_RENEWAL_REQUEST, list(latest.values()))
    for row in rows:
        found = latest.get(row.pk)
        row.renewal = found  # type: ignore[attr-defined]
        row.can_ask_renewal = (  # type: ignore[attr-defined]
            row.renewable
            and row.status == MedicationStatus.ACTIVE
            and (found is None or found.status != RenewalStatus.PENDING)
        )
    return MedicationList(
        current=[row for row in rows if row.status == MedicationStatus.ACTIVE],
        earlier=[row for row in rows if row.status != MedicationStatus.ACTIVE],
    )


def medication_for(actor: Any, person: Person, pk: Any) -> Medication:
    return _one(actor, Medication, person, pk)


def renewal_requests_for(actor: Any, person: Person) -> list[RenewalRequest]:
    """The person's renewal requests, newest first, with their medicine."""
    queryset = RenewalRequest.objects.filter(person=person).select_related(
        "medication", "thread__care_team"
    )
    rows = list(access.visible(actor, AuditAction.VIEW_RENEWAL_REQUEST, queryset))
    access.record_listing(actor, AuditAction.VIEW_RENEWAL_REQUEST, rows)
    return rows


def renewal_request_for(actor: Any, pk: Any) -> RenewalRequest:
    return access.get(
        actor,
        AuditAction.VIEW_RENEWAL_REQUEST,
        RenewalRequest.objects.select_related("medication", "person", "thread__care_team"),
        pk=pk,
    )


def renewal_request_for_thread(actor: Any, thread: Any) -> RenewalRequest | None:
    """The renewal request a tagged thread carries, when the actor may see it (the thread
    page of the team inbox shows the answer form with it)."""
    row = (
        access.visible(
            actor,
            AuditAction.VIEW_RENEWAL_REQUEST,
            RenewalRequest.objects.filter(thread=thread).select_related("medication", "person"),
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if row is not None:
        access.record_listing(actor, AuditAction.VIEW_RENEWAL_REQUEST, [row])
    return row


# --- the whole record -----------------------------------------------------------------


def record_counts(
    actor: Any, person: Person, *, organization: Organization | None = None
) -> dict[str, int]:
    """How many entries of each kind the actor may see (for the start page's summary): the
    same filter as the lists, so what the patient may not see is not counted."""
    return {
        kind: access.visible(
            actor, VIEW_ACTIONS[model], _entries(model, person, organization)
        ).count()
        for kind, model in KINDS.items()
    }


def organizations_for(actor: Any, person: Person) -> list[Organization]:
    """The organizations that sent entries the actor may see, by name."""
    ids: set[int] = set()
    for model, action in VIEW_ACTIONS.items():
        ids |= set(
            access.visible(actor, action, model._default_manager.filter(person=person))
            .values_list("organization_id", flat=True)
            .distinct()
        )
    return list(Organization.objects.filter(pk__in=ids).order_by("name"))


@dataclass
class Record:
    documents: list[Document]
    results: list[ResultDay]
    immunizations: list[Immunization]
    medications: MedicationList


def patient_record(
    actor: Any, person: Person, *, organization: Organization | None = None
) -> Record:
    """Everything the actor may see of the person's record (the download, the print
    view), each entry audited once."""
    documents = _listed(actor, _entries(Document, person, organization))
    return Record(
        documents=documents,
        results=results_for(actor, person, organization=organization),
        immunizations=immunizations_for(actor, person, organization=organization),
        medications=medications_for(actor, person, organization=organization),
    )


# --- the care team's side -------------------------------------------------------------


@dataclass
class TeamRecord:
    """A patient's entries from the professional's organizations, withheld and not yet
    shown ones included (marked), for the staff patient page."""

    documents: list[Document]
    results: list[Result]
    immunizations: list[Immunization]
    medications: list[Medication]
    # Whether "not shown to parents" applies (a youth aged 12 to 16).
    youth: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.documents or self.results or self.immunizations or self.medications)


def team_record_for(actor: Any, person: Person, *, limit: int = 200) -> TeamRecord:
    """What a professional may see of the person's record: the entries their
    organization's teams that care for the person may reach (each kind's newest `limit`)."""
    lists: dict[str, list[Any]] = {}
    for kind, model in KINDS.items():
        queryset = _entries(model, person, None)
        if model is Document:
            queryset = queryset.defer("text")
        rows = list(access.visible(actor, VIEW_ACTIONS[model], queryset)[:limit])
        lists[kind] = rows
    access.record_listings(
        actor, [(VIEW_ACTIONS[KINDS[kind]], rows) for kind, rows in lists.items()]
    )
    return TeamRecord(
        documents=lists["document"],
        results=lists["result"],
        immunizations=lists["immunization"],
        medications=lists["medication"],
        youth=is_youth(person),
    )


def team_item_for(actor: Any, kind: str, pk: Any) -> RecordItem:
    """One entry for the staff side (to withhold, release or hide from parents)."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    return access.get(
        actor,
        VIEW_ACTIONS[model],
        model._default_manager.select_related("organization", "person", "withheld_by"),
        pk=pk,
    )


def patient_for_staff(actor: Any, person_id: Any) -> Person:
    """The patient whose record a professional opens: a person their team cares for
    (404 and an audited refusal otherwise)."""
    return access.get(actor, AuditAction.VIEW_PERSON, Person, pk=person_id)


def team_renewal_requests(actor: Any, *, pending_only: bool = True) -> list[RenewalRequest]:
    """The renewal requests sent to the actor's teams (oldest first: the first to lapse)."""
    queryset = RenewalRequest.objects.select_related(
        "medication", "person", "thread__care_team"
    ).order_by("expires_at", "pk")
    if pending_only:
        queryset = queryset.filter(status=RenewalStatus.PENDING)
    rows = list(access.visible(actor, AuditAction.ANSWER_PRESCRIPTION_RENEWAL, queryset)[:200])
    access.record_listing(actor, AuditAction.VIEW_RENEWAL_REQUEST, rows)
    return rows


def renewal_request_id_for_thread(actor: Any, thread_id: Any) -> int | None:
    """The renewal request a tagged thread carries, if the actor may see it (no read of
    its contents: the page it leads to audits that)."""
    try:
        thread_id = int(thread_id)
    except (TypeError, ValueError):
        return None
    on_thread = RenewalRequest.objects.filter(thread_id=thread_id).order_by("-created_at", "-pk")
    pk = (
        access.visible(actor, AuditAction.VIEW_RENEWAL_REQUEST, on_thread)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        access.deny_if_exists(
            actor,
            AuditAction.VIEW_RENEWAL_REQUEST,
            RenewalRequest,
            on_thread.values_list("pk", flat=True).first(),
            "not this actor's renewal request",
        )
    return pk


def may_hide_from_guardians(actor: Any, item: RecordItem) -> bool:
    """Whether the "not shown to parents" choice applies (a youth aged 12 to 16), asked of
    the policy without an audit event of its own (the page already audited the read)."""
    return access.visible(
        actor,
        AuditAction.SET_RECORD_GUARDIAN_VISIBILITY,
        type(item)._default_manager.filter(pk=item.pk),
    ).exists()


__all__ = [
    "KINDS",
    "MedicationList",
    "Record",
    "ResultDay",
    "ResultKind",
    "TeamRecord",
    "document_for",
    "documents_for",
    "immunizations_for",
    "medication_for",
    "medications_for",
    "may_hide_from_guardians",
    "organizations_for",
    "patient_for_staff",
    "patient_record",
    "record_counts",
    "renewal_request_for",
    "renewal_request_for_thread",
    "renewal_requests_for",
    "result_for",
    "result_history",
    "results_for",
    "renewal_request_id_for_thread",
    "team_item_for",
    "team_renewal_requests",
    "team_record_for",
]
