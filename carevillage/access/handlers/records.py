"""The health record: entries an organization's EHR sent about a person, and the
person's prescription renewal requests.

- the person sees their own entries once they are shown to them: not withheld, past
  `visible_from` (a document waits the configured delay), the latest version of a
  document, never one entered in error;
- a professional of a care team of the sending organization, that cares for the person
  (registration, or a care path from acceptance on), sees that organization's entries
  of the person (withheld and not yet shown ones too), withholds and releases them, and
  marks a youth's (12-16) entries "not shown to parents";
- the organization's API client (its EHR) files and updates entries, and reads them,
  for the people its teams are related to;
- a renewal request: the person asks for one on their own renewable medicine in use;
  the professionals of the team the request's thread went to see and answer it.

Acting for someone else (`handlers/proxy.py`): a proxy reads what the person sees of
their own entries, of the kinds the authority covers (a guardian of a 12–15-year-old:
vaccinations only, never documents); an entry marked `hidden_from_guardians` is refused
to a guardian, like a withheld one.

Every handler answers `decide()` from its own `visible()`, so the two cannot drift.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from carevillage.access.actors import is_api_client
from carevillage.access.handlers.api_clients import client_persons
from carevillage.access.handlers.person import professional_team_ids
from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.carepaths.models import CARE_STATUSES, Enrollment
from carevillage.proxy.rules import Need
from carevillage.proxy.selectors import Authority
from carevillage.records.models import (
    Document,
    DocumentStatus,
    Immunization,
    ImmunizationStatus,
    Medication,
    MedicationStatus,
    RenewalRequest,
    RenewalStatus,
    Result,
    ResultStatus,
)
from carevillage.tenants.models import PatientRegistration

from .proxy import decide_on_behalf, guardian_may_see

# Staff rules on any entry of their organization's patients.
STAFF_ACTIONS = frozenset(
    {A.WITHHOLD_RECORD_ITEM, A.RELEASE_RECORD_ITEM, A.SET_RECORD_GUARDIAN_VISIBILITY}
)
# The EHR's own writes.
FILE_ACTIONS = frozenset({A.FILE_RECORD_ITEM, A.UPDATE_RECORD_ITEM})
# "Not shown to parents" is a choice for youth aged 12 to 16 (issue #15; the age at which
# a minor's own say on guardians' access starts in Finnish practice is about 12).
YOUTH_AGES = (12, 16)


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def youth_birth_dates(today: dt.date | None = None) -> Q:
    """Persons aged 12 to 16 today (the 17th birthday ends it)."""
    today = today or timezone.localdate()
    youngest, oldest = YOUTH_AGES
    return Q(
        person__birth_date__lte=_years_before(today, youngest),
        person__birth_date__gt=_years_before(today, oldest + 1),
    )


def is_youth(person: Any, today: dt.date | None = None) -> bool:
    """Whether "not shown to parents" applies to the person's entries today."""
    birth = getattr(person, "birth_date", None)
    if birth is None:
        return False
    today = today or timezone.localdate()
    youngest, oldest = YOUTH_AGES
    return _years_before(today, oldest + 1) < birth <= _years_before(today, youngest)


def cared_for_by(actor: Any) -> Q:
    """Entries of people a care team of the actor's cares for, sent by that team's
    organization."""
    teams = professional_team_ids(actor)
    registered = PatientRegistration.objects.filter(
        person=OuterRef("person"),
        care_team__in=teams,
        care_team__organization=OuterRef("organization"),
    )
    enrolled = Enrollment.objects.filter(
        person=OuterRef("person"),
        care_team__in=teams,
        care_team__organization=OuterRef("organization"),
        status__in=CARE_STATUSES,
    )
    return Q(Exists(registered)) | Q(Exists(enrolled))


class RecordItemHandler:
    resource_type: ClassVar[str]
    view_action: ClassVar[A]
    # What a proxy's authority must cover to read entries of this kind.
    need: ClassVar[Need]
    # What the person sees of their own entries beyond "not withheld, already shown".
    shown_to_patient: ClassVar[Q] = Q()
    actions: ClassVar[frozenset[A]]
    api_client_actions: ClassVar[frozenset[A]]
    self_actions: ClassVar[frozenset[A]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "view_action" in cls.__dict__:
            cls.self_actions = frozenset({cls.view_action}) | cls.__dict__.get(
                "extra_self_actions", frozenset()
            )
            cls.actions = cls.self_actions | STAFF_ACTIONS | FILE_ACTIONS | {cls.view_action}
            cls.api_client_actions = FILE_ACTIONS | {cls.view_action}

    def subject_person_id(self, resource: Any) -> int | None:
        return resource.person_id

    def patient_condition(self, actor: Any, action: A) -> Q:
        own = getattr(actor, "person", None)
        if own is None or action not in self.self_actions:
            return Q(pk__in=[])
        return (
            Q(person=own.pk, withheld=False, visible_from__lte=timezone.now())
            & self.shown_to_patient
            & self.self_condition(action)
        )

    def self_condition(self, action: A) -> Q:
        return Q()

    def need_for(self, resource: Any) -> Need:
        return self.need

    def visible_on_behalf(self, *, authority: Authority, action: A, queryset: QuerySet) -> QuerySet:
        """A proxy reads (never requests renewals, never a staff action) the entries the
        person sees of their own, of a kind the authority covers; a guardian not those a
        professional marked not shown to parents."""
        if action != self.view_action or not authority.covers(self.need):
            return queryset.none()
        return queryset.filter(
            Q(person=authority.subject.pk, withheld=False, visible_from__lte=timezone.now())
            & self.shown_to_patient
            & guardian_may_see(authority)
        )

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        if is_api_client(actor):
            if action not in self.api_client_actions:
                return queryset.none()
            return queryset.filter(
                Q(organization=actor.organization_id) & client_persons(actor, "person")
            )
        conditions = self.patient_condition(actor, action)
        own = getattr(actor, "person", None)
        if action == self.view_action or action in STAFF_ACTIONS:
            team = cared_for_by(actor)
            if own is not None:
                # A professional who is also a patient: their own entries only as a patient.
                team &= ~Q(person=own.pk)
            if action == A.SET_RECORD_GUARDIAN_VISIBILITY:
                team &= youth_birth_dates()
            conditions |= team
        return queryset.filter(conditions)

    def decide(self, *, actor: Any, action: A, resource: Any, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            return decide_on_behalf(
                self, actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
            )
        model = type(resource)
        shown = self.visible(
            actor=actor, action=action, queryset=model._default_manager.filter(pk=resource.pk)
        )
        if not shown.exists():
            return Decision(False, "not an entry the actor may reach for this action")
        if is_api_client(actor):
            return Decision(
                True, "API client of the organization", organization=actor.organization_name
            )
        own = getattr(actor, "person", None)
        if own is not None and own.pk == resource.person_id:
            return Decision(True, "self")
        return Decision(True, "care team", organization=resource.organization.name)


@register(Document)
class DocumentHandler(RecordItemHandler):
    resource_type = "record_document"
    view_action = A.VIEW_RECORD_DOCUMENT
    need = Need.DOCUMENTS
    # Only the latest version, never one entered in error.
    shown_to_patient = Q(status=DocumentStatus.CURRENT)


@register(Result)
class ResultHandler(RecordItemHandler):
    resource_type = "record_result"
    view_action = A.VIEW_RECORD_RESULT
    need = Need.RECORD_ENTRIES
    shown_to_patient = ~Q(status__in=[ResultStatus.ENTERED_IN_ERROR, ResultStatus.CANCELLED])


@register(Immunization)
class ImmunizationHandler(RecordItemHandler):
    resource_type = "record_immunization"
    view_action = A.VIEW_RECORD_IMMUNIZATION
    need = Need.VACCINATIONS
    shown_to_patient = ~Q(status=ImmunizationStatus.ENTERED_IN_ERROR)


@register(Medication)
class MedicationHandler(RecordItemHandler):
    resource_type = "record_medication"
    view_action = A.VIEW_RECORD_MEDICATION
    need = Need.RECORD_ENTRIES
    extra_self_actions: ClassVar[frozenset[A]] = frozenset({A.REQUEST_PRESCRIPTION_RENEWAL})
    shown_to_patient = ~Q(status=MedicationStatus.ENTERED_IN_ERROR)

    def self_condition(self, action: A) -> Q:
        if action == A.REQUEST_PRESCRIPTION_RENEWAL:
            # Only a renewable prescription in use can be renewed.
            return Q(renewable=True, status=MedicationStatus.ACTIVE)
        return Q()


@register(RenewalRequest)
class RenewalRequestHandler:
    resource_type = "renewal_request"
    self_actions: ClassVar[frozenset[A]] = frozenset({A.VIEW_RENEWAL_REQUEST})
    team_actions: ClassVar[frozenset[A]] = frozenset(
        {A.VIEW_RENEWAL_REQUEST, A.ANSWER_PRESCRIPTION_RENEWAL}
    )
    # Written by the services after the decision on the medicine, or by the expiry sweep
    # (no actor): never decided here.
    recorded_actions: ClassVar[frozenset[A]] = frozenset(
        {A.REQUEST_PRESCRIPTION_RENEWAL, A.EXPIRE_PRESCRIPTION_RENEWAL}
    )
    actions = self_actions | team_actions | recorded_actions

    def subject_person_id(self, resource: RenewalRequest) -> int | None:
        return resource.person_id

    def need_for(self, resource: RenewalRequest) -> Need:
        return Need.RECORD_ENTRIES

    def visible_on_behalf(self, *, authority: Authority, action: A, queryset: QuerySet) -> QuerySet:
        """A proxy who reads the person's medicines sees where their renewals stand (and
        asks for none: a renewal is the person's own request)."""
        if action not in self.self_actions or not authority.covers(Need.RECORD_ENTRIES):
            return queryset.none()
        return queryset.filter(person=authority.subject.pk)

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        conditions = Q(pk__in=[])
        own = getattr(actor, "person", None)
        if action in self.self_actions and own is not None:
            conditions |= Q(person=own.pk)
        if action in self.team_actions:
            team = Q(thread__care_team__in=professional_team_ids(actor))
            if own is not None:
                team &= ~Q(person=own.pk)
            if action == A.ANSWER_PRESCRIPTION_RENEWAL:
                team &= Q(status=RenewalStatus.PENDING)
            conditions |= team
        return queryset.filter(conditions)

    def decide(
        self, *, actor: Any, action: A, resource: RenewalRequest, on_behalf_of: Any
    ) -> Decision:
        if on_behalf_of is not None:
            return decide_on_behalf(
                self, actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
            )
        shown = self.visible(
            actor=actor, action=action, queryset=RenewalRequest.objects.filter(pk=resource.pk)
        )
        if not shown.exists():
            return Decision(False, "not a renewal request the actor may reach for this action")
        own = getattr(actor, "person", None)
        if own is not None and own.pk == resource.person_id:
            return Decision(True, "self")
        team = resource.thread.care_team
        return Decision(True, "care team", organization=team.organization.name if team else "")
