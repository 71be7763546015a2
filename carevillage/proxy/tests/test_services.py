"""Giving, changing and ending a power of attorney: who may, what bad input says, and the
trail each change leaves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone, translation

from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.proxy import selectors, services
from carevillage.proxy.models import PowerOfAttorney, Scope
from carevillage.proxy.rules import Need
from carevillage.testing.factories import make_person

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 4, 12, 0))
NEXT_YEAR = NOW + dt.timedelta(days=365)


@pytest.fixture
def elsa():
    return make_person("Elsa", "Testinen", birth_date=dt.date(1941, 12, 5))


@pytest.fixture
def helena():
    return make_person("Helena", "Testinen", birth_date=dt.date(1968, 4, 17))


def grant(giver, holder, scopes=(Scope.APPOINTMENTS, Scope.MESSAGES), **extra):  # noqa: ANN001, ANN201
    fields = {"valid_from": NOW, "valid_until": NEXT_YEAR, "now": NOW} | extra
    return services.grant_power_of_attorney(
        actor=giver.user, holder_national_id=holder.national_id, scopes=scopes, **fields
    )


def events(action: AuditAction):  # noqa: ANN201
    return AuditEvent.objects.filter(action=action)


def test_giver_grants_and_the_holder_may_act_within_the_areas(elsa, helena):
    power = grant(elsa, helena)
    assert power.scopes == ["messages", "appointments"]
    found = selectors.authority(helena, elsa, NOW)
    assert found.basis == selectors.Basis.POWER_OF_ATTORNEY
    assert found.covers(Need.MESSAGES) and found.covers(Need.APPOINTMENTS)
    assert not found.covers(Need.DOCUMENTS)
    event = events(AuditAction.GRANT_POWER_OF_ATTORNEY).get()
    assert (event.outcome, event.subject_person_id, event.actor_user_id) == (
        Outcome.ALLOWED,
        elsa.pk,
        elsa.user_id,
    )
    assert event.resource_id == str(power.pk)


@pytest.mark.parametrize(
    "case,field,message",
    [
        ("holder under 18", "holder", "must be at least 18 years old"),
        ("unknown identity code", "holder", "Nobody with this identity code"),
        ("malformed identity code", "holder", "not a valid personal identity code"),
        ("no area", "scopes", "Choose at least one area"),
        ("unknown area", "scopes", "Choose the areas from the list"),
        ("end before start", "valid_until", "end date must be after the start date"),
        ("to oneself", "holder", "to yourself"),
    ],
)
def test_bad_input_says_what_is_wrong_and_changes_nothing(elsa, helena, case, field, message):
    holder_id, scopes, until = helena.national_id, [Scope.MESSAGES], NEXT_YEAR
    if case == "holder under 18":
        holder_id = make_person("Teini", "Testinen", birth_date=dt.date(2009, 12, 5)).national_id
    elif case == "unknown identity code":
        holder_id = "010180-9026"  # a valid test-range code nobody in this test has
    elif case == "malformed identity code":
        holder_id = "010180-902X"
    elif case == "no area":
        scopes = []
    elif case == "unknown area":
        scopes = ["everything"]
    elif case == "end before start":
        until = NOW - dt.timedelta(days=1)
    elif case == "to oneself":
        holder_id = elsa.national_id
    with pytest.raises(services.ProxyInvalid) as raised:
        services.grant_power_of_attorney(
            actor=elsa.user,
            holder_national_id=holder_id,
            scopes=scopes,
            valid_from=NOW,
            valid_until=until,
            now=NOW,
        )
    assert message in raised.value.errors[field]
    assert not PowerOfAttorney.objects.exists()
    assert not events(AuditAction.GRANT_POWER_OF_ATTORNEY).exists()


def test_errors_read_in_the_users_language(elsa, helena):
    with translation.override("fi"), pytest.raises(services.ProxyInvalid) as raised:
        grant(elsa, helena, scopes=[])
    assert "Valitse" in raised.value.errors["scopes"]


def test_giver_under_16_cannot_give_one(helena):
    youth = make_person("Nuori", "Testinen", birth_date=dt.date(2010, 12, 5))  # 15 on NOW
    with pytest.raises(services.ProxyInvalid) as raised:
        grant(youth, helena)
    assert "from the age of 16" in raised.value.errors["holder"]
    assert not PowerOfAttorney.objects.exists()


def test_giver_changes_areas_and_end_and_the_change_is_audited(elsa, helena):
    power = grant(elsa, helena)
    services.change_power_of_attorney(
        actor=elsa.user,
        power=power,
        scopes=[Scope.RECORDS],
        valid_until=NOW + dt.timedelta(days=30),
        now=NOW,
    )
    found = selectors.authority(helena, elsa, NOW)
    assert found.covers(Need.DOCUMENTS) and not found.covers(Need.MESSAGES)
    assert selectors.authority(helena, elsa, NOW + dt.timedelta(days=31)) is None
    assert events(AuditAction.CHANGE_POWER_OF_ATTORNEY).get().outcome == Outcome.ALLOWED


def test_holder_cannot_change_it_and_the_refusal_stays_in_the_trail(elsa, helena):
    power = grant(elsa, helena)
    with pytest.raises(Http404):
        services.change_power_of_attorney(
            actor=helena.user, power=power, scopes=Scope.values, valid_until=NEXT_YEAR, now=NOW
        )
    power.refresh_from_db()
    assert power.scopes == ["messages", "appointments"]
    assert events(AuditAction.CHANGE_POWER_OF_ATTORNEY).get().outcome == Outcome.DENIED


@pytest.mark.parametrize("who", ["giver", "holder"])
def test_giver_or_holder_ends_it_and_access_ends_at_once(elsa, helena, who):
    power = grant(elsa, helena)
    actor = elsa.user if who == "giver" else helena.user
    services.end_power_of_attorney(actor=actor, power=power, now=NOW)
    power.refresh_from_db()
    assert power.ended_at == NOW and power.ended_by == actor
    assert selectors.authority(helena, elsa, NOW) is None
    assert events(AuditAction.END_POWER_OF_ATTORNEY).get().outcome == Outcome.ALLOWED


def test_a_stranger_cannot_end_it(elsa, helena):
    power = grant(elsa, helena)
    stranger = make_person("Vieras", "Testinen", birth_date=dt.date(1970, 1, 1))
    with pytest.raises(Http404):
        services.end_power_of_attorney(actor=stranger.user, power=power, now=NOW)
    power.refresh_from_db()
    assert power.ended_at is None
    assert events(AuditAction.END_POWER_OF_ATTORNEY).get().outcome == Outcome.DENIED


def test_an_ended_one_cannot_be_ended_or_changed_again(elsa, helena):
    power = grant(elsa, helena)
    services.end_power_of_attorney(actor=elsa.user, power=power, now=NOW)
    with pytest.raises(services.ProxyInvalid, match="already ended"):
        services.end_power_of_attorney(actor=elsa.user, power=power, now=NOW)
    with pytest.raises(services.ProxyInvalid, match="already ended"):
        services.change_power_of_attorney(
            actor=elsa.user, power=power, scopes=[Scope.MESSAGES], valid_until=NEXT_YEAR, now=NOW
        )


def test_a_second_one_to_the_same_holder_is_refused(elsa, helena):
    grant(elsa, helena)
    with pytest.raises(services.ProxyInvalid, match="change that one instead"):
        grant(elsa, helena, scopes=[Scope.RECORDS])
    assert PowerOfAttorney.objects.count() == 1
