"""DEMO: who may act for whom in the demo village.

- Mikko Korhonen has parental responsibility for Ella (10) and Leo (15), and all three
  are registered at the same address. Under Norway's rules Mikko acts fully for Ella
  (under 12) and for Leo within the limits for 12–15-year-olds; under Finland's (the
  default, `PROXY_RULESET`) both are in the limited band from 10.
- Elsa Nieminen (84) gave her daughter Helena a power of attorney for appointments and
  messages, valid for one year from the seed; given through the service, as Elsa would.

The register's answers are marked `is_demo`; the addresses are opaque invented keys,
never real addresses. Idempotent: a reseed adds nothing twice.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from carevillage.identity.models import Person
from carevillage.identity.services import new_eid_user

from . import services
from .models import PowerOfAttorney, RegisteredGuardianship, RegisteredResidence, Scope

KORHONEN_HOME = "demo-address-korhonen"
ADDRESSES = {
    "demo-mikko": KORHONEN_HOME,
    "demo-ella": KORHONEN_HOME,
    "demo-leo": KORHONEN_HOME,
    "demo-elsa": "demo-address-elsa",
    "demo-helena": "demo-address-helena",
}
GUARDIANSHIPS = [("demo-mikko", "demo-ella"), ("demo-mikko", "demo-leo")]
ELSAS_POWER_OF_ATTORNEY = [Scope.APPOINTMENTS, Scope.MESSAGES]


def _with_user(person: Person) -> Person:
    """Elsa gives the power of attorney through the service, so she needs the user an
    e-ID login would create (the username scheme of identity.services; no password)."""
    if person.user_id is None:
        person.user = new_eid_user(person)
        person.save(update_fields=["user"])
    return person


def seed_demo(now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    persons = {
        person.oidc_subject: person
        for person in Person.objects.filter(oidc_subject__in=list(ADDRESSES))
    }
    if len(persons) < len(ADDRESSES):
        return
    for sub, key in ADDRESSES.items():
        RegisteredResidence.objects.update_or_create(
            person=persons[sub], defaults={"address_key": key, "is_demo": True}
        )
    for guardian, child in GUARDIANSHIPS:
        RegisteredGuardianship.objects.get_or_create(
            guardian=persons[guardian], child=persons[child], defaults={"is_demo": True}
        )
    elsa, helena = _with_user(persons["demo-elsa"]), persons["demo-helena"]
    if PowerOfAttorney.objects.filter(giver=elsa, holder=helena, ended_at__isnull=True).exists():
        return
    power = services.grant_power_of_attorney(
        actor=elsa.user,
        holder_national_id=helena.national_id,
        scopes=ELSAS_POWER_OF_ATTORNEY,
        valid_from=now,
        valid_until=now + dt.timedelta(days=365),
        now=now,
    )
    PowerOfAttorney.objects.filter(pk=power.pk).update(is_demo=True)
