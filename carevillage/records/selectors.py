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
from decimal import Decimal
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    DecimalField,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, JSONObject
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

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


def _of(organization: Any) -> Q:
    """Entries of one organization, given by its id from a link; anything else (no id,
    not a number) is no filter."""
    try:
        return Q(organization_id=int(organization)) if organization else Q()
    except (TypeError, ValueError):
        return Q()


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


def _shown(actor: Any, queryset: QuerySet[Item]) -> QuerySet[Item]:
    """The entries of `queryset` the actor may see (not audited yet: the caller audits the
    rows it shows, all of a page's lists in one insert)."""
    return access.visible(actor, VIEW_ACTIONS[queryset.model], queryset)


# A page of a long list: 50 rows keep the page quick to read (its audit events are one
# insert at any length, `audit.services._insert`).
PAGE_SIZE = 50


def _page(actor: Any, queryset: QuerySet[Item], number: Any) -> Page:
    """One page of the entries the actor may see (a count and a slice: two queries however
    long the list), its rows audited."""
    page = Paginator(_shown(actor, queryset), PAGE_SIZE).get_page(number)
    page.object_list = list(page.object_list)
    access.record_listing(actor, VIEW_ACTIONS[queryset.model], page.object_list)
    return page


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


def documents_page(
    actor: Any, person: Person, *, organization: Any = None, number: Any = 1
) -> Page:
    """One page of the documents (newest first, without their text), optionally of one
    organization (its id, as the page's link carries it)."""
    return _page(
        actor, _entries(Document, person, None).filter(_of(organization)).defer("text"), number
    )


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
    return _by_day(_listed(actor, queryset))


def _by_day(rows: list[Result]) -> list[ResultDay]:
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


def results_page(
    actor: Any,
    person: Person,
    *,
    organization: Any = None,
    code: str = "",
    number: Any = 1,
) -> Page:
    """One page of the results, newest first, optionally of one organization or one test
    (LOINC code)."""
    queryset = _entries(Result, person, None).filter(_of(organization))
    if code:
        queryset = queryset.filter(code=code)
    return _page(actor, queryset, number)


# The newest results of one test the result page charts and lists; the rest are on the
# results list of that test.
HISTORY_SIZE = 50


@dataclass
class ResultHistory:
    result: Result
    # Newest first, at most HISTORY_SIZE (and the result asked for, if older).
    rows: list[Result]
    total: int

    @property
    def oldest_first(self) -> list[Result]:
        return self.rows[::-1]

    @property
    def has_more(self) -> bool:
        return self.total > len(self.rows)


def result_with_history(actor: Any, person: Person, pk: Any) -> ResultHistory:
    """One result and the newest results of the same test, in one read and one audited
    listing. A result the actor may not see goes through `access.get` (404, audited)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    same_test = _entries(Result, person, None).filter(
        code=Subquery(Result.objects.filter(pk=pk).values("code")[:1])
    )
    newest = _shown(actor, same_test).values("pk")[:HISTORY_SIZE]
    total = (
        _shown(actor, same_test).order_by().values("code").annotate(n=Count("pk")).values("n")[:1]
    )
    rows: list[Result] = list(
        _shown(actor, same_test.filter(Q(pk=pk) | Q(pk__in=newest))).annotate(
            same_test_total=Subquery(total, output_field=IntegerField())
        )
    )
    found = next((row for row in rows if row.pk == pk), None)
    if found is None:
        found = _one(actor, Result, person, pk)  # refused: audited, 404
        rows = [found]
    asked: Result = found
    access.record_listing(actor, AuditAction.VIEW_RECORD_RESULT, rows)
    return ResultHistory(
        result=asked, rows=rows, total=getattr(rows[0], "same_test_total", None) or len(rows)
    )


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
    rows = list(_shown(actor, _entries(Medication, person, organization)))
    access.record_listings(
        actor,
        [
            (AuditAction.VIEW_RECORD_MEDICATION, rows),
            (AuditAction.VIEW_RENEWAL_REQUEST, _latest_renewals(actor, rows)),
        ],
    )
    return _medication_list(rows)


def _latest_renewals(actor: Any, rows: list[Medication]) -> list[RenewalRequest]:
    """Set each medicine's `renewal` (the latest renewal request the actor may see, or
    None) and `can_ask_renewal`; return those requests (not audited yet)."""
    renewals = access.visible(
        actor,
        AuditAction.VIEW_RENEWAL_REQUEST,
        RenewalRequest.objects.filter(medication__in=[row.pk for row in rows]),
    ).order_by("medication_id", "-created_at", "-pk")
    latest: dict[int, RenewalRequest] = {}
    if rows:
        for renewal in renewals:
            latest.setdefault(renewal.medication_id, renewal)
    for row in rows:
        found = latest.get(row.pk)
        row.renewal = found  # type: ignore[attr-defined]
        row.can_ask_renewal = (  # type: ignore[attr-defined]
            row.renewable
            and row.status == MedicationStatus.ACTIVE
            and (found is None or found.status != RenewalStatus.PENDING)
        )
    return list(latest.values())


def _medication_list(rows: list[Medication]) -> MedicationList:
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
class OrganizationSummary:
    """One organization's part of the record start page: how many entries of each kind,
    and the newest document, result and vaccination (their full lists are pages of their
    own)."""

    organization: Organization
    documents: int
    results: int
    immunizations: int
    medications_in_use: int
    medications_earlier: int
    latest_document: Document | None
    latest_result: Result | None
    latest_immunization: Immunization | None


# What the start page shows of an organization's newest entry of each kind.
_LATEST: dict[str, tuple[type[RecordItem], tuple[str, ...]]] = {
    "document": (Document, ("pk", "title", "date")),
    "result": (
        Result,
        ("pk", "display", "value", "unit", "value_text", "interpretation", "effective_at"),
    ),
    "immunization": (Immunization, ("pk", "vaccine_display", "occurred_on")),
}


def _from_json(model: type[RecordItem], values: dict[str, Any]) -> dict[str, Any]:
    """Field values read back from a JSON object of the database (decimals as numbers,
    moments as text: UTC without an offset on SQLite, with one on PostgreSQL)."""
    typed: dict[str, Any] = {}
    for name, value in values.items():
        field = None if name == "pk" else model._meta.get_field(name)
        if value is None or field is None:
            typed[name] = value
        elif isinstance(field, DateTimeField):
            moment = parse_datetime(value)
            if moment is not None and timezone.is_naive(moment):
                moment = timezone.make_aware(moment, dt.UTC)
            typed[name] = moment
        elif isinstance(field, DateField):
            typed[name] = parse_date(value)
        elif isinstance(field, DecimalField):
            typed[name] = Decimal(str(value))
        else:
            typed[name] = value
    return typed


def _count(queryset: QuerySet[Any]) -> Coalesce:
    counted = queryset.order_by().values("organization").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def record_overview(actor: Any, person: Person) -> list[OrganizationSummary]:
    """The start page in one query however long the record: the organizations that sent
    entries the actor may see, by name, each with its counts and newest entries as
    subqueries that go through `access.visible` (so the patient's own rules — withheld,
    not shown yet, superseded — apply to the counts too). The newest entries shown are
    audited, all in one insert."""

    def of_organization(model: type[RecordItem]) -> QuerySet[Any]:
        return _shown(
            actor, model._default_manager.filter(person=person, organization=OuterRef("pk"))
        )

    annotations: dict[str, Any] = {
        "n_document": _count(of_organization(Document)),
        "n_result": _count(of_organization(Result)),
        "n_immunization": _count(of_organization(Immunization)),
        "n_in_use": _count(of_organization(Medication).filter(status=MedicationStatus.ACTIVE)),
        "n_earlier": _count(of_organization(Medication).exclude(status=MedicationStatus.ACTIVE)),
    }
    for kind, (model, fields) in _LATEST.items():
        # One subquery per kind: the newest entry's fields as one JSON object (each
        # model's Meta ordering is newest first).
        newest = of_organization(model).values(newest=JSONObject(**{name: name for name in fields}))
        annotations[f"newest_{kind}"] = Subquery(newest[:1], output_field=JSONField())
    organizations = (
        Organization.objects.annotate(**annotations)
        .filter(
            Q(n_document__gt=0)
            | Q(n_result__gt=0)
            | Q(n_immunization__gt=0)
            | Q(n_in_use__gt=0)
            | Q(n_earlier__gt=0)
        )
        .order_by("name", "pk")
    )
    summaries = []
    for organization in organizations:
        latest: dict[str, Any] = {}
        for kind, (model, _fields) in _LATEST.items():
            values = getattr(organization, f"newest_{kind}")
            latest[kind] = (
                model(**_from_json(model, values), person=person, organization=organization)
                if values
                else None
            )
        summaries.append(
            OrganizationSummary(
                organization=organization,
                documents=organization.n_document,  # type: ignore[attr-defined]
                results=organization.n_result,  # type: ignore[attr-defined]
                immunizations=organization.n_immunization,  # type: ignore[attr-defined]
                medications_in_use=organization.n_in_use,  # type: ignore[attr-defined]
                medications_earlier=organization.n_earlier,  # type: ignore[attr-defined]
                latest_document=latest["document"],
                latest_result=latest["result"],
                latest_immunization=latest["immunization"],
            )
        )
    access.record_listings(
        actor,
        [
            (VIEW_ACTIONS[model], [s for s in shown if s is not None])
            for model, shown in (
                (Document, [summary.latest_document for summary in summaries]),
                (Result, [summary.latest_result for summary in summaries]),
                (Immunization, [summary.latest_immunization for summary in summaries]),
            )
        ],
    )
    return summaries


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
    view), each entry audited once, every kind in one insert."""
    documents = list(_shown(actor, _entries(Document, person, organization)))
    results = list(_shown(actor, _entries(Result, person, organization)))
    immunizations = list(_shown(actor, _entries(Immunization, person, organization)))
    medications = list(_shown(actor, _entries(Medication, person, organization)))
    renewals = _latest_renewals(actor, medications)
    access.record_listings(
        actor,
        [
            (AuditAction.VIEW_RECORD_DOCUMENT, documents),
            (AuditAction.VIEW_RECORD_RESULT, results),
            (AuditAction.VIEW_RECORD_IMMUNIZATION, immunizations),
            (AuditAction.VIEW_RECORD_MEDICATION, medications),
            (AuditAction.VIEW_RENEWAL_REQUEST, renewals),
        ],
    )
    return Record(
        documents=documents,
        results=_by_day(results),
        immunizations=immunizations,
        medications=_medication_list(medications),
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
    "OrganizationSummary",
    "Record",
    "ResultHistory",
    "ResultDay",
    "ResultKind",
    "TeamRecord",
    "document_for",
    "documents_for",
    "documents_page",
    "immunizations_for",
    "medication_for",
    "medications_for",
    "may_hide_from_guardians",
    "organizations_for",
    "patient_for_staff",
    "patient_record",
    "record_counts",
    "record_overview",
    "renewal_request_for",
    "renewal_request_for_thread",
    "renewal_requests_for",
    "result_for",
    "result_history",
    "result_with_history",
    "results_for",
    "results_page",
    "renewal_request_id_for_thread",
    "team_item_for",
    "team_renewal_requests",
    "team_record_for",
]
