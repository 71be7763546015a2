"""The demo village's relations: Mikko for Ella and Leo, Helena for her mother Elsa."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from carevillage.audit.services import demo_seeding
from carevillage.identity.demo import DEMO_PERSONS, seed_identities
from carevillage.identity.models import Person
from carevillage.proxy import demo, selectors
from carevillage.proxy.models import PowerOfAttorney, RegisteredGuardianship
from carevillage.proxy.rules import Need, Tier

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 4, 12, 0))


def seed() -> dict[str, Person]:
    with demo_seeding():
        seed_identities()
        demo.seed_demo(now=NOW)
    return {p.oidc_subject: p for p in Person.objects.filter(oidc_subject__startswith="demo-")}


def test_helena_is_a_demo_person_with_a_test_range_identity_code():
    helena = next(p for p in DEMO_PERSONS if p.sub == "demo-helena")
    assert helena.birth_date.year == 1968
    assert 900 <= int(helena.individual_number) <= 999


def test_mikko_acts_for_ella_fully_and_for_leo_within_the_limits_under_norways_rules(settings):
    settings.PROXY_RULESET = "NO"
    people = seed()
    found = selectors.authorities_for(people["demo-mikko"], NOW)
    assert [(a.subject.given_name, a.tier, a.subject_age) for a in found] == [
        ("Ella", Tier.FULL, 10),
        ("Leo", Tier.LIMITED, 15),
    ]


def test_helena_acts_for_elsa_in_appointments_and_messages_for_a_year():
    people = seed()
    found = selectors.authority(people["demo-helena"], people["demo-elsa"], NOW)
    assert found.basis == selectors.Basis.POWER_OF_ATTORNEY
    assert found.covers(Need.APPOINTMENTS) and found.covers(Need.MESSAGES)
    assert not found.covers(Need.DOCUMENTS)
    assert found.valid_until == NOW + dt.timedelta(days=365)
    assert PowerOfAttorney.objects.get().is_demo


def test_reseeding_adds_nothing_twice():
    seed()
    seed()
    assert PowerOfAttorney.objects.count() == 1
    assert RegisteredGuardianship.objects.filter(is_demo=True).count() == 2
