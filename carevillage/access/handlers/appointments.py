"""Appointments belong to the person and to the care team that offers the visit.

- the person sees their own appointments; books a type the team offers for online
  booking, or sends a request for a request-only type, with a team that cares for them
  (registered with it, or in a care path it runs from acceptance on); cancels their own
  open appointment (the cut-off is the service's rule, with its own message, not a
  refusal of access);
- a professional of the appointment's care team sees the team's appointments, books any
  type for a person the team cares for, gives a requested visit a time or declines it,
  moves or cancels a visit, and marks arrived, done or no-show;
- a proxy whose authority covers appointments (`Need.APPOINTMENTS`) does for the person
  what the person may do (`handlers/proxy.py`);
- reminders are written by the sweep (no actor), never decided here.

`decide()` is answered from `visible()`, so the two cannot drift.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.carepaths.models import CARE_STATUSES, Enrollment
from carevillage.proxy.rules import Need
from carevillage.proxy.selectors import Authority
from carevillage.scheduling.models import (
    HOLDING_STATUSES,
    OPEN_STATUSES,
    Appointment,
    AppointmentStatus,
    Booking,
)
from carevillage.tenants.models import PatientRegistration

from .person import professional_team_ids
from .proxy import decide_on_behalf

SELF_ACTIONS = frozenset(
    {
        A.VIEW_APPOINTMENT,
        A.LIST_APPOINTMENTS,
        A.BOOK_APPOINTMENT,
        A.REQUEST_APPOINTMENT,
        A.CANCEL_APPOINTMENT,
        A.MOVE_APPOINTMENT,
    }
)
TEAM_ACTIONS = frozenset(
    {
        A.VIEW_APPOINTMENT,
        A.LIST_APPOINTMENTS,
        A.BOOK_APPOINTMENT,
        A.ACCEPT_APPOINTMENT_REQUEST,
        A.DECLINE_APPOINTMENT_REQUEST,
        A.CANCEL_APPOINTMENT,
        A.MOVE_APPOINTMENT,
        A.CHANGE_APPOINTMENT,
    }
)
RECORDED_ACTIONS = frozenset({A.REMIND_APPOINTMENT})


def team_cares_for_person(person_path: str = "person", team_path: str = "care_team") -> Q:
    """The row's care team cares for the row's person: a registration with the team, or
    a care path the team runs, from acceptance on."""
    registered = PatientRegistration.objects.filter(
        person=OuterRef(person_path), care_team=OuterRef(team_path)
    )
    enrolled = Enrollment.objects.filter(
        person=OuterRef(person_path), care_team=OuterRef(team_path), status__in=CARE_STATUSES
    )
    return Q(Exists(registered)) | Q(Exists(enrolled))


def offered_to(person_id: int) -> Q:
    """Appointment types a person may book or request themselves: active, not staff-only,
    of a care team that cares for them (a filter on `AppointmentType`)."""
    registered = PatientRegistration.objects.filter(
        person=person_id, care_team=OuterRef("care_team")
    )
    enrolled = Enrollment.objects.filter(
        person=person_id, care_team=OuterRef("care_team"), status__in=CARE_STATUSES
    )
    return (
        Q(active=True)
        & ~Q(booking=Booking.STAFF_ONLY)
        & (Q(Exists(registered)) | Q(Exists(enrolled)))
    )


def _state(action: A) -> Q:
    """What the appointment must be like for the action, whoever asks."""
    if action == A.BOOK_APPOINTMENT:
        return Q(status__in=HOLDING_STATUSES) & team_cares_for_person()
    if action == A.REQUEST_APPOINTMENT:
        return Q(appointment_type__booking=Booking.REQUEST_ONLY) & team_cares_for_person()
    if action in (A.ACCEPT_APPOINTMENT_REQUEST, A.DECLINE_APPOINTMENT_REQUEST):
        return Q(status=AppointmentStatus.REQUESTED)
    if action == A.CANCEL_APPOINTMENT:
        return Q(status__in=OPEN_STATUSES)
    if action == A.MOVE_APPOINTMENT:
        return Q(status=AppointmentStatus.BOOKED)
    if action == A.CHANGE_APPOINTMENT:
        return Q(
            status__in=(*HOLDING_STATUSES, AppointmentStatus.NO_SHOW, AppointmentStatus.FULFILLED)
        )
    return Q()


def _own(person_id: Any, action: A) -> Q:
    """The person's own appointments for a self action."""
    condition = Q(person=person_id) & _state(action)
    if action in (A.BOOK_APPOINTMENT, A.MOVE_APPOINTMENT):
        # The person books (and moves) online only types offered for it.
        condition &= Q(appointment_type__booking=Booking.PATIENT_ONLINE)
    return condition


@register(Appointment)
class AppointmentHandler:
    resource_type = "appointment"
    actions = SELF_ACTIONS | TEAM_ACTIONS | RECORDED_ACTIONS

    def subject_person_id(self, resource: Appointment) -> int | None:
        return resource.person_id

    def need_for(self, resource: Any) -> Need:
        return Need.APPOINTMENTS

    def visible_on_behalf(self, *, authority: Authority, action: A, queryset: QuerySet) -> QuerySet:
        if action not in SELF_ACTIONS or not authority.covers(Need.APPOINTMENTS):
            return queryset.none()
        return queryset.filter(_own(authority.subject.pk, action))

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        conditions = Q(pk__in=[])
        own = getattr(actor, "person", None)
        if action in SELF_ACTIONS and own is not None:
            conditions |= _own(own.pk, action)
        if action in TEAM_ACTIONS:
            team = Q(care_team__in=professional_team_ids(actor)) & _state(action)
            if own is not None:
                # A professional who is also a patient: their own visits only as a patient.
                team &= ~Q(person=own.pk)
            conditions |= team
        return queryset.filter(conditions)

    def decide(
        self, *, actor: Any, action: A, resource: Appointment, on_behalf_of: Any
    ) -> Decision:
        if on_behalf_of is not None:
            return decide_on_behalf(
                self, actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
            )
        shown = self.visible(
            actor=actor, action=action, queryset=Appointment.objects.filter(pk=resource.pk)
        )
        if not shown.exists():
            return Decision(False, "not an appointment the actor may reach for this action")
        own = getattr(actor, "person", None)
        if own is not None and own.pk == resource.person_id:
            return Decision(True, "self")
        return Decision(True, "care team", organization=resource.care_team.organization.name)
