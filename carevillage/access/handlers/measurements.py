"""Home measurements (the `monitoring` app): a reading belongs to the person measured.

- the person reads and records their own readings;
- acting for someone else, a proxy whose authority covers care paths (a guardian of a
  child, a power of attorney for care programs) reads and records the person's readings
  as the person would (home measurements are part of following a care path);
- a professional of a care team that runs an enrollment of the person (active,
  completed or discontinued, as for the rest of a care path) reads them; never their
  own readings as staff;
- a paired device (its token) records readings of the patient it was paired to, and
  nobody else's; it reads nothing;
- the alert limits of a patient's care path (`Threshold`) are the care team's: its
  professionals change them while the enrollment is active.

`decide()` is answered from `visible()`, so the two cannot drift.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Exists, OuterRef, Q, QuerySet

from carevillage.access.actors import is_api_client, is_device, own_person
from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.carepaths.models import Enrollment
from carevillage.monitoring.models import Device, Measurement, Threshold
from carevillage.proxy.rules import Need
from carevillage.proxy.selectors import Authority

from .carepaths import TEAM_STATUSES, TeamOwnedHandler
from .person import professional_team_ids
from .proxy import decide_on_behalf


def followed_by_team_of(actor: Any, person_field: str = "person") -> Q:
    """Rows of people a care team of the actor follows in a care path."""
    enrolled = Enrollment.objects.filter(
        person=OuterRef(person_field),
        care_team__in=professional_team_ids(actor),
        status__in=TEAM_STATUSES,
    )
    return Q(Exists(enrolled))


@register(Measurement)
class MeasurementHandler:
    resource_type = "measurement"
    self_actions: ClassVar[frozenset[A]] = frozenset({A.VIEW_MEASUREMENT, A.RECORD_MEASUREMENT})
    care_team_actions: ClassVar[frozenset[A]] = frozenset({A.VIEW_MEASUREMENT})
    device_actions: ClassVar[frozenset[A]] = frozenset({A.RECORD_MEASUREMENT})
    actions = self_actions | care_team_actions
    need: ClassVar[Need] = Need.CARE_PATHS

    def subject_person_id(self, resource: Measurement) -> int | None:
        return resource.person_id

    def need_for(self, resource: Any) -> Need:
        return self.need

    def visible_on_behalf(self, *, authority: Authority, action: A, queryset: QuerySet) -> QuerySet:
        if action not in self.self_actions or not authority.covers(self.need):
            return queryset.none()
        return queryset.filter(person=authority.subject.pk)

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        if is_api_client(actor):
            return queryset.none()
        if is_device(actor):
            if action not in self.device_actions:
                return queryset.none()
            return queryset.filter(person=actor.device_person_id, device=actor.device_id)
        conditions = Q(pk__in=[])
        own = own_person(actor)
        if own is not None and action in self.self_actions:
            conditions |= Q(person=own.pk)
        if action in self.care_team_actions:
            team = followed_by_team_of(actor)
            if own is not None:
                team &= ~Q(person=own.pk)
            conditions |= team
        return queryset.filter(conditions)

    def decide(
        self, *, actor: Any, action: A, resource: Measurement, on_behalf_of: Any
    ) -> Decision:
        if on_behalf_of is not None:
            return decide_on_behalf(
                self, actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
            )
        shown = self.visible(
            actor=actor, action=action, queryset=Measurement.objects.filter(pk=resource.pk)
        )
        if not shown.exists():
            return Decision(False, "not a reading the actor may reach for this action")
        if is_device(actor):
            return Decision(True, "device paired by the person")
        own = own_person(actor)
        if own is not None and own.pk == resource.person_id:
            return Decision(True, "self")
        return Decision(True, "care team of a care path")


@register(Threshold)
class ThresholdHandler(TeamOwnedHandler):
    resource_type = "measurement_threshold"
    person_path = "enrollment__person"
    team_path = "enrollment__care_team"
    enrollment_path = "enrollment"
    team_statuses = ("active",)
    self_actions = frozenset()
    care_team_actions = frozenset({A.SET_MEASUREMENT_THRESHOLD})


@register(Device)
class DeviceHandler:
    """A device the person paired: only the person pairs and unpairs their devices
    (nobody for someone else). The device itself records that it was paired."""

    resource_type = "measurement_device"
    self_actions: ClassVar[frozenset[A]] = frozenset({A.PAIR_DEVICE, A.REVOKE_DEVICE})
    # Written by the pairing itself (the device trading its code), never decided.
    recorded_actions: ClassVar[frozenset[A]] = frozenset({A.PAIR_DEVICE})
    actions = self_actions | recorded_actions

    def subject_person_id(self, resource: Device) -> int | None:
        return resource.person_id

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        own = own_person(actor)
        if own is None or is_api_client(actor) or action not in self.self_actions:
            return queryset.none()
        return queryset.filter(person=own.pk)

    def decide(self, *, actor: Any, action: A, resource: Device, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            return Decision(False, "devices are paired by the person themselves")
        shown = self.visible(
            actor=actor, action=action, queryset=Device.objects.filter(pk=resource.pk)
        )
        if not shown.exists():
            return Decision(False, "not the person's device")
        return Decision(True, "self")
