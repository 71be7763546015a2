"""Every change to a power of attorney: give, change, end.

Each is one `access.atomic` block: `access.require` is both the decision (the giver
gives and changes; the giver or the holder ends) and the change's audit event, with its
own action (GRANT_, CHANGE_, END_POWER_OF_ATTORNEY). Bad input raises `ProxyInvalid`
with a translated message per form field and changes nothing.

Guardianships are not changed here: they are the population register's (`sources`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.access.actors import own_person
from carevillage.audit.actions import AuditAction
from carevillage.identity import national_id
from carevillage.identity.models import Person
from carevillage.identity.selectors import person_by_national_id

from .models import PowerOfAttorney, Scope, Source
from .rules import active_ruleset, age_on

# How long a power of attorney may run: long enough for a relative's care, short
# enough that it is looked at again (Suomi.fi e-Authorizations allow at most 25 years;
# for health matters we keep to five).
MAX_VALIDITY = dt.timedelta(days=5 * 366)


class ProxyInvalid(ValueError):
    """Input the user can correct. `errors` maps each form field to its translated
    message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(str(message) for message in errors.values()))
        self.errors = errors


def _clean_scopes(errors: dict[str, str], scopes: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(str(scope) for scope in scopes))
    if not chosen:
        errors["scopes"] = _("Choose at least one area the power of attorney covers.")
    elif any(scope not in Scope.values for scope in chosen):
        errors["scopes"] = _("Choose the areas from the list.")
    # Stored in the list's order, whatever order they were ticked in.
    return [scope for scope in Scope.values if scope in chosen]


def _clean_dates(
    errors: dict[str, str],
    *,
    valid_from: dt.datetime,
    valid_until: dt.datetime,
    now: dt.datetime,
) -> None:
    if valid_until <= valid_from:
        errors["valid_until"] = _("The end date must be after the start date.")
    elif valid_until <= now:
        errors["valid_until"] = _("The end date must be in the future.")
    elif valid_until - valid_from > MAX_VALIDITY:
        errors["valid_until"] = _("A power of attorney can be valid for at most five years.")


def _age(person: Person, now: dt.datetime) -> int | None:
    if person.birth_date is None:
        return None
    return age_on(person.birth_date, timezone.localdate(now))


def _find_holder(errors: dict[str, str], raw_id: str) -> Person | None:
    try:
        holder = person_by_national_id(raw_id)
    except national_id.InvalidNationalId:
        errors["holder"] = _("Check the identity code: it is not a valid personal identity code.")
        return None
    if holder is None:
        errors["holder"] = _(
            "Nobody with this identity code uses the service yet. They need to log in "
            "once before you can give them a power of attorney."
        )
    return holder


@access.atomic
def grant_power_of_attorney(
    *,
    actor: Any,
    holder_national_id: str,
    scopes: Iterable[str],
    valid_from: dt.datetime,
    valid_until: dt.datetime,
    now: dt.datetime | None = None,
) -> PowerOfAttorney:
    """The logged-in person lets the holder act for them in `scopes` between the dates."""
    now = now or timezone.now()
    ruleset = active_ruleset()
    errors: dict[str, str] = {}
    giver = own_person(actor)
    if giver is None:
        raise ProxyInvalid({"holder": _("Log in with your e-ID to give a power of attorney.")})
    giver_age = _age(giver, now)
    if giver_age is None or giver_age < ruleset.power_of_attorney_giver_min_age:
        errors["holder"] = _("You can give a power of attorney from the age of %(age)d.") % {
            "age": ruleset.power_of_attorney_giver_min_age
        }
    holder = _find_holder(errors, holder_national_id) if not errors else None
    if holder is not None:
        holder_age = _age(holder, now)
        if holder.pk == giver.pk:
            errors["holder"] = _("You cannot give a power of attorney to yourself.")
        elif holder_age is None or holder_age < ruleset.power_of_attorney_holder_min_age:
            errors["holder"] = _(
                "The person you give a power of attorney to must be at least %(age)d years old."
            ) % {"age": ruleset.power_of_attorney_holder_min_age}
        elif PowerOfAttorney.objects.filter(
            giver=giver, holder=holder, ended_at__isnull=True, valid_until__gt=now
        ).exists():
            errors["holder"] = _(
                "You have already given this person a power of attorney: change that one instead."
            )
    chosen = _clean_scopes(errors, scopes)
    _clean_dates(errors, valid_from=valid_from, valid_until=valid_until, now=now)
    if errors:
        raise ProxyInvalid(errors)
    assert holder is not None
    # A confidential address on either side is not checked here: saying so would tell
    # the giver about the holder's protected address. The selectors refuse such a power
    # of attorney on use.
    power = PowerOfAttorney.objects.create(
        giver=giver,
        holder=holder,
        scopes=chosen,
        valid_from=valid_from,
        valid_until=valid_until,
        source=Source.PERSON,
    )
    access.require(actor, AuditAction.GRANT_POWER_OF_ATTORNEY, power)
    return power


def _locked(power: PowerOfAttorney) -> PowerOfAttorney:
    return PowerOfAttorney.objects.select_for_update().get(pk=power.pk)


def _ended_error(power: PowerOfAttorney, now: dt.datetime) -> str | None:
    if power.ended_at is not None:
        return _("This power of attorney has already ended.")
    if power.valid_until <= now:
        return _("This power of attorney has already expired.")
    return None


@access.atomic
def change_power_of_attorney(
    *,
    actor: Any,
    power: PowerOfAttorney,
    scopes: Iterable[str],
    valid_until: dt.datetime,
    now: dt.datetime | None = None,
) -> PowerOfAttorney:
    """The giver changes the areas or the end date of a power of attorney in force."""
    now = now or timezone.now()
    power = _locked(power)
    access.require(actor, AuditAction.CHANGE_POWER_OF_ATTORNEY, power)
    errors: dict[str, str] = {}
    ended = _ended_error(power, now)
    if ended:
        raise ProxyInvalid({"valid_until": ended})
    chosen = _clean_scopes(errors, scopes)
    _clean_dates(errors, valid_from=power.valid_from, valid_until=valid_until, now=now)
    if errors:
        raise ProxyInvalid(errors)
    power.scopes = chosen
    power.valid_until = valid_until
    power.save(update_fields=["scopes", "valid_until", "updated_at"])
    return power


@access.atomic
def end_power_of_attorney(
    *, actor: Any, power: PowerOfAttorney, now: dt.datetime | None = None
) -> PowerOfAttorney:
    """The giver ends a power of attorney, or the holder gives up their side; access
    through it ends at once."""
    now = now or timezone.now()
    power = _locked(power)
    access.require(actor, AuditAction.END_POWER_OF_ATTORNEY, power)
    ended = _ended_error(power, now)
    if ended:
        raise ProxyInvalid({"power": ended})
    power.ended_at = now
    power.ended_by = actor
    power.save(update_fields=["ended_at", "ended_by", "updated_at"])
    return power
