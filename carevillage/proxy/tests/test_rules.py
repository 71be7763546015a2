"""The age rules: ages counted exactly around birthdays, the bands per country, and the
guardian's and holder's authority as the selectors work it out for a given `now`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from carevillage.proxy import selectors
from carevillage.proxy.rules import FINLAND, NORWAY, Need, Tier, age_on

from .factories import make_family

HELSINKI_NOON = dt.time(12, 0)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, HELSINKI_NOON))


@pytest.mark.parametrize(
    "birth,day,age",
    [
        (dt.date(2014, 12, 4), dt.date(2026, 12, 4), 12),
        (dt.date(2014, 12, 4), dt.date(2026, 12, 3), 11),
        (dt.date(2010, 12, 4), dt.date(2026, 12, 4), 16),
        (dt.date(2010, 12, 4), dt.date(2026, 12, 3), 15),
        (dt.date(2012, 2, 29), dt.date(2026, 2, 28), 13),
        (dt.date(2012, 2, 29), dt.date(2026, 3, 1), 14),
        (dt.date(2012, 2, 29), dt.date(2028, 2, 29), 16),
    ],
)
def test_age_is_full_years_counted_from_the_birthday(birth, day, age):
    assert age_on(birth, day) == age


@pytest.mark.parametrize(
    "ruleset,age,tier",
    [
        (NORWAY, 0, Tier.FULL),
        (NORWAY, 11, Tier.FULL),
        (NORWAY, 12, Tier.LIMITED),
        (NORWAY, 15, Tier.LIMITED),
        (NORWAY, 16, None),
        (FINLAND, 9, Tier.FULL),
        (FINLAND, 10, Tier.LIMITED),
        (FINLAND, 17, Tier.LIMITED),
        (FINLAND, 18, None),
    ],
)
def test_each_country_gives_guardians_a_tier_by_the_childs_age(ruleset, age, tier):
    band = ruleset.band_for(age)
    assert (band.tier if band else None) == tier


def test_limited_tier_keeps_vaccinations_and_health_station_messages_not_documents():
    band = NORWAY.band_for(13)
    assert band.needs == {
        Need.APPOINTMENTS,
        Need.VACCINATIONS,
        Need.HEALTH_STATION_MESSAGES,
    }


@pytest.mark.django_db
def test_guardian_loses_full_access_on_the_childs_12th_birthday(settings):
    settings.PROXY_RULESET = "NO"
    guardian, child = make_family(dt.date(2014, 12, 4))
    day_before = selectors.authority(guardian, child, at(dt.date(2026, 12, 3)))
    birthday = selectors.authority(guardian, child, at(dt.date(2026, 12, 4)))
    assert day_before.tier == Tier.FULL and day_before.covers(Need.DOCUMENTS)
    assert birthday.tier == Tier.LIMITED and not birthday.covers(Need.DOCUMENTS)
    assert birthday.covers(Need.VACCINATIONS)


@pytest.mark.django_db
def test_guardian_has_nothing_from_the_childs_16th_birthday(settings):
    settings.PROXY_RULESET = "NO"
    guardian, child = make_family(dt.date(2010, 12, 4))
    assert selectors.authority(guardian, child, at(dt.date(2026, 12, 3))) is not None
    assert selectors.authority(guardian, child, at(dt.date(2026, 12, 4))) is None
    assert selectors.authorities_for(guardian, at(dt.date(2026, 12, 4))) == []


@pytest.mark.django_db
def test_norway_needs_the_shared_address_and_finland_does_not(settings):
    guardian, child = make_family(dt.date(2018, 1, 1), same_address=False)
    now = at(dt.date(2026, 12, 4))
    settings.PROXY_RULESET = "NO"
    assert selectors.authority(guardian, child, now) is None
    settings.PROXY_RULESET = "FI"
    assert selectors.authority(guardian, child, now).tier == Tier.FULL


@pytest.mark.django_db
def test_authorities_for_names_each_child_with_the_basis_and_areas(settings):
    settings.PROXY_RULESET = "NO"
    guardian, ella = make_family(dt.date(2016, 5, 20))
    from carevillage.testing.factories import make_person

    from .factories import register_address, register_guardian

    leo = make_person("Leo", "Testinen", birth_date=dt.date(2011, 9, 1))
    register_address(leo, "home")
    register_guardian(guardian, leo)
    found = selectors.authorities_for(guardian, at(dt.date(2026, 12, 4)))
    assert [(a.subject.given_name, a.basis, a.tier, a.subject_age) for a in found] == [
        ("Ella", selectors.Basis.GUARDIAN, Tier.FULL, 10),
        ("Leo", selectors.Basis.GUARDIAN, Tier.LIMITED, 15),
    ]
    assert "vaccinations" in found[1].area_labels()
    assert "documents of the health record" not in found[1].area_labels()
