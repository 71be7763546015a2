"""The person's own view of who may act for them and for whom they may act: the powers
of attorney they gave and hold, and what their guardians can see.

Reads go through the policy (`access.visible` with the actions the giver and the holder
may take), so nobody lists another person's powers of attorney; the guardians' reach is
the same `Authority` the policy decides with, so the page says exactly what a parent
gets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from carevillage import access
from carevillage.access.actors import own_person
from carevillage.audit.actions import AuditAction
from carevillage.identity.models import Person

from .models import PowerOfAttorney, Scope
from .rules import NEED_LABELS, Need
from .selectors import Authority, authority
from .sources import relation_source


@dataclass(frozen=True)
class PowerRow:
    power: PowerOfAttorney
    in_force: bool
    area_labels: list[str]


@dataclass(frozen=True)
class GuardianRow:
    guardian: Person
    # None: the guardian can act for the person in nothing now.
    authority: Authority | None

    def can_see(self) -> list[str]:
        return self.authority.area_labels() if self.authority else []

    def cannot_see(self) -> list[str]:
        needs = self.authority.needs if self.authority else frozenset()
        return [str(NEED_LABELS[need]) for need in Need if need not in needs]


def _row(power: PowerOfAttorney, now: dt.datetime) -> PowerRow:
    labels = dict(Scope.choices)
    return PowerRow(
        power=power,
        in_force=power.ended_at is None and power.valid_from <= now < power.valid_until,
        area_labels=[str(labels[scope]) for scope in power.scopes if scope in labels],
    )


def _rows(actor: Any, action: AuditAction, side: str, other: str, now: Any) -> list[PowerRow]:
    rows = access.visible(
        actor,
        action,
        PowerOfAttorney.objects.filter(**{side: own_person(actor)}).select_related(other),
    )
    return [_row(power, now or timezone.now()) for power in rows]


def powers_given(*, actor: Any, now: dt.datetime | None = None) -> list[PowerRow]:
    """The powers of attorney the person gave, newest first (ended ones too)."""
    return _rows(actor, AuditAction.CHANGE_POWER_OF_ATTORNEY, "giver", "holder", now)


def powers_held(*, actor: Any, now: dt.datetime | None = None) -> list[PowerRow]:
    """The powers of attorney given to the person, newest first."""
    return _rows(actor, AuditAction.END_POWER_OF_ATTORNEY, "holder", "giver", now)


def power_given(*, actor: Any, pk: Any) -> PowerOfAttorney | None:
    """One power of attorney the person gave (to change it), or None; an id of someone
    else's is a refusal in that person's trail."""
    found = access.visible(
        actor,
        AuditAction.CHANGE_POWER_OF_ATTORNEY,
        PowerOfAttorney.objects.select_related("holder"),
    ).filter(pk=_id(pk))
    power = found.first()
    if power is None:
        _refused(actor, AuditAction.CHANGE_POWER_OF_ATTORNEY, _id(pk), "not the giver")
    return power


def power_to_end(*, actor: Any, pk: Any) -> PowerOfAttorney | None:
    """One power of attorney the person gave or holds (to end it), or None."""
    found = access.visible(
        actor,
        AuditAction.END_POWER_OF_ATTORNEY,
        PowerOfAttorney.objects.select_related("giver", "holder"),
    ).filter(pk=_id(pk))
    power = found.first()
    if power is None:
        _refused(
            actor, AuditAction.END_POWER_OF_ATTORNEY, _id(pk), "neither the giver nor the holder"
        )
    return power


def _refused(actor: Any, action: AuditAction, pk: int, reason: str) -> None:
    """An id of someone else's power of attorney: the refusal stands in the giver's trail
    (an id that was never there is no one's)."""
    giver_id = PowerOfAttorney.objects.filter(pk=pk).values_list("giver_id", flat=True).first()
    if giver_id is not None:
        access.deny(actor, action, "power_of_attorney", pk, reason, subject_person_id=giver_id)


def _id(value: Any) -> int:
    """An id from the URL (a number there already); 0, which no row has, for anything
    else."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else 0


def guardians_of(*, actor: Any, now: dt.datetime | None = None) -> list[GuardianRow]:
    """The person's guardians as the register names them, and what each can see of the
    person's data now by the age rules (nothing from 16, or with a confidential address
    on either side)."""
    person = own_person(actor)
    if person is None:
        return []
    now = now or timezone.now()
    relations = [
        relation
        for relation in relation_source().guardianships(person.pk, now=now)
        if relation.child_id == person.pk
    ]
    guardians = Person.objects.in_bulk([relation.guardian_id for relation in relations])
    return [
        GuardianRow(guardian=guardian, authority=authority(guardian, person, now))
        for guardian in sorted(guardians.values(), key=lambda p: (p.family_name, p.given_name))
    ]
