"""Who may act for whom, now: worked out from the relations and the rules on every call.

Nothing here is cached or stored: a guardianship the register ended, a birthday that
moved a child into another age band, a power of attorney that expired or was ended, a
confidential address that appeared — each changes the next answer. `now` is a parameter
so tests (and the acting-as check of each request) can say when.

Authority is never passed on: only a direct relation (this guardian, this holder) counts,
so a holder's own proxies (their guardians, their powers of attorney) get nothing of the
giver's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carevillage.identity.models import Person

from .models import PowerOfAttorney, Scope
from .rules import NEED_LABELS, Need, Ruleset, Tier, active_ruleset, age_on, needs_of
from .sources import RelationSource, relation_source


class Basis(models.TextChoices):
    GUARDIAN = "guardian", _("guardian")
    POWER_OF_ATTORNEY = "power_of_attorney", _("power of attorney")


@dataclass(frozen=True)
class Authority:
    """`actor` may act for `subject` now, for `needs`, because of `basis`."""

    actor_id: int
    subject: Person
    basis: Basis
    tier: Tier
    needs: frozenset[Need]
    # The areas a power of attorney names (empty for a guardian).
    scopes: frozenset[Scope] = frozenset()
    power_of_attorney_id: int | None = None
    valid_until: dt.datetime | None = None
    subject_age: int | None = None

    def covers(self, need: Need) -> bool:
        return need in self.needs

    @property
    def is_guardian(self) -> bool:
        return self.basis == Basis.GUARDIAN

    def area_labels(self) -> list[str]:
        return [str(NEED_LABELS[need]) for need in Need if need in self.needs]

    def reason(self) -> str:
        """What the audit event says (English, for the trail's reason column)."""
        if self.is_guardian:
            return f"guardian ({self.tier} access, child aged {self.subject_age})"
        return f"power of attorney #{self.power_of_attorney_id}"


def _day(now: dt.datetime) -> dt.date:
    return timezone.localdate(now) if timezone.is_aware(now) else now.date()


def _blocked(source: RelationSource, ruleset: Ruleset, person_id: int, now: dt.datetime) -> bool:
    return ruleset.confidential_address_blocks and source.has_confidential_address(
        person_id, now=now
    )


def _guardian_authorities(
    actor_person: Person, now: dt.datetime, source: RelationSource, ruleset: Ruleset
) -> list[Authority]:
    child_ids = [
        relation.child_id
        for relation in source.guardianships(actor_person.pk, now=now)
        if relation.guardian_id == actor_person.pk
    ]
    found = []
    for child in Person.objects.filter(pk__in=child_ids).order_by("pk"):
        if child.birth_date is None:
            continue
        age = age_on(child.birth_date, _day(now))
        band = ruleset.band_for(age)
        if band is None or band.tier == Tier.NONE:
            continue
        if band.requires_shared_address and not source.share_address(
            actor_person.pk, child.pk, now=now
        ):
            continue
        if _blocked(source, ruleset, child.pk, now):
            continue
        found.append(
            Authority(
                actor_id=actor_person.pk,
                subject=child,
                basis=Basis.GUARDIAN,
                tier=band.tier,
                needs=band.needs,
                subject_age=age,
            )
        )
    return found


def powers_in_force(*, holder: Person, now: dt.datetime) -> list[PowerOfAttorney]:
    """The holder's powers of attorney not ended and within their dates at `now`."""
    return list(
        PowerOfAttorney.objects.filter(
            holder=holder, ended_at__isnull=True, valid_from__lte=now, valid_until__gt=now
        )
        .select_related("giver")
        .order_by("pk")
    )


def _attorney_authorities(
    actor_person: Person, now: dt.datetime, source: RelationSource, ruleset: Ruleset
) -> list[Authority]:
    if actor_person.birth_date is None or (
        age_on(actor_person.birth_date, _day(now)) < ruleset.power_of_attorney_holder_min_age
    ):
        return []
    found = []
    for power in powers_in_force(holder=actor_person, now=now):
        giver = power.giver
        if giver.birth_date is None:
            continue
        age = age_on(giver.birth_date, _day(now))
        if age < ruleset.power_of_attorney_giver_min_age:
            continue
        if _blocked(source, ruleset, giver.pk, now):
            continue
        scopes = power.scope_set()
        found.append(
            Authority(
                actor_id=actor_person.pk,
                subject=giver,
                basis=Basis.POWER_OF_ATTORNEY,
                tier=Tier.FULL,
                needs=needs_of(scopes),
                scopes=scopes,
                power_of_attorney_id=power.pk,
                valid_until=power.valid_until,
                subject_age=age,
            )
        )
    return found


def authorities_for(actor_person: Person | None, now: dt.datetime) -> list[Authority]:
    """Everyone `actor_person` may act for at `now`, with what and on what basis, sorted
    by name; a power of attorney before a guardianship for the same person."""
    if actor_person is None:
        return []
    source = relation_source()
    ruleset = active_ruleset()
    if _blocked(source, ruleset, actor_person.pk, now):
        return []
    found = _attorney_authorities(actor_person, now, source, ruleset) + _guardian_authorities(
        actor_person, now, source, ruleset
    )
    return sorted(
        found,
        key=lambda a: (a.subject.family_name, a.subject.given_name, a.subject.pk, a.is_guardian),
    )


def authority(
    actor_person: Person | None,
    subject_person: Any,
    now: dt.datetime,
    *,
    need: Need | None = None,
) -> Authority | None:
    """`actor_person`'s authority to act for `subject_person` at `now` (one that covers
    `need`, when given), or None."""
    subject_id = getattr(subject_person, "pk", subject_person)
    for found in authorities_for(actor_person, now):
        if found.subject.pk == subject_id and (need is None or found.covers(need)):
            return found
    return None
