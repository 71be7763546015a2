"""Every write of identity data: citizen logins and logouts, staff login bookkeeping."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.audit.models import Outcome
from carevillage.audit.services import Actor, actor_for, record_event

from . import national_id
from .models import Person, User


class ClaimsRejected(Exception):
    def __init__(self, code: str, person: Person | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.person = person


def _birth_date(claims: dict[str, Any]) -> dt.date | None:
    value = claims.get("birthdate")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _find_person(raw_id: str) -> Person | None:
    return Person.objects.filter(national_id_hash=national_id.lookup_hash(raw_id)).first()


@access.atomic
def new_eid_user(person: Person) -> User:
    """The user an e-ID login gives a person: named from the identity hash, no password.
    The caller sets `person.user` and saves the person."""
    user = User.objects.create(username=f"eid-{person.national_id_hash[:24]}")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def log_in_citizen(*, claims: dict[str, Any]) -> User:
    """Turn verified e-ID claims into a user and person; write the login event.

    Raises ClaimsRejected (and writes a denied event) when the level of assurance is
    too low or the claims lack what we need. Nothing else is written then.
    """
    raw_id = str(claims.get(settings.OIDC_NATIONAL_ID_CLAIM) or "")
    try:
        national_id.normalize(raw_id)
    except national_id.InvalidNationalId as exc:
        raise ClaimsRejected("missing_national_id") from exc
    person = _find_person(raw_id)
    if claims.get("acr") not in settings.OIDC_ACR_HIGH:
        raise ClaimsRejected("low_assurance", person)

    given = str(claims.get("given_name") or "").strip()
    family = str(claims.get("family_name") or "").strip()
    if not (given or family):
        parts = str(claims.get("name") or "").strip().rsplit(" ", 1)
        given, family = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")
    if person is None:
        person = Person(oidc_subject=str(claims["sub"]))
        person.set_national_id(raw_id)
    person.oidc_subject = str(claims["sub"])
    person.given_name = given or person.given_name
    person.family_name = family or person.family_name
    person.birth_date = _birth_date(claims) or person.birth_date

    if person.user_id is None:
        person.user = new_eid_user(person)
    person.save()
    user = person.user
    assert user is not None
    record_event(
        actor=actor_for(user),
        action=AuditAction.LOGIN,
        outcome=Outcome.ALLOWED,
        subject_person_id=person.pk,
        resource_type="session",
        purpose="e-ID",
    )
    return user


@access.atomic
@access.atomic
def person_for_referral(*, actor: Any, raw_id: str, care_team: Any) -> Person:
    """The person a professional refers to `care_team`'s program, created from the
    national id when they have never logged in (their name arrives with their first e-ID
    login, which finds this record by the same hash). Raises
    `national_id.InvalidNationalId` for a bad number, `access.AccessDenied` when the actor
    may not refer to the team (decided before anything is made)."""
    national_id.normalize(raw_id)
    access.require(actor, AuditAction.REFER_TO_PROGRAM, care_team, purpose="referral")
    person = _find_person(raw_id)
    if person is None:
        person = Person(given_name="", family_name="")
        person.set_national_id(raw_id)
        person.save()
        access.record(actor, AuditAction.CREATE_PERSON, person, purpose="referral")
    return person


def record_failed_citizen_login(*, reason: str, person: Person | None = None) -> None:
    record_event(
        actor=Actor(user_id=None, label=""),
        action=AuditAction.LOGIN,
        outcome=Outcome.DENIED,
        subject_person_id=person.pk if person else None,
        resource_type="session",
        purpose="e-ID",
        reason=reason,
    )


def record_logout(*, user: User) -> None:
    person = getattr(user, "person", None)
    record_event(
        actor=actor_for(user),
        action=AuditAction.LOGOUT,
        outcome=Outcome.ALLOWED,
        subject_person_id=person.pk if person else None,
        resource_type="session",
    )


# --- staff ------------------------------------------------------------------


def verify_totp_code(*, user: User, code: str) -> tuple[TOTPDevice | None, bool]:
    """The device that accepts the code, and whether every device refused to try (throttled)."""
    tried = throttled = False
    with access.atomic():
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            # django-otp makes a device wait 1, 2, 4 … seconds after each wrong code.
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            tried = True
            if device.verify_token(code):
                return device, False
    return None, throttled and not tried


def record_staff_login_failure(*, user: User | None, username: str, reason: str) -> None:
    """Count a failure; lock the account after STAFF_LOGIN_MAX_FAILURES in a row."""
    with access.atomic():
        if user is not None:
            user = User.objects.select_for_update().get(pk=user.pk)
            user.failed_login_count += 1
            if user.failed_login_count >= settings.STAFF_LOGIN_MAX_FAILURES:
                user.locked_until = timezone.now() + dt.timedelta(
                    minutes=settings.STAFF_LOGIN_LOCK_MINUTES
                )
                user.failed_login_count = 0
                reason = f"{reason}; account locked"
            user.save(update_fields=["failed_login_count", "locked_until"])
        _record_denied_staff_login(user=user, username=username, reason=reason)


def record_staff_login(*, user: User) -> None:
    with access.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        record_event(
            actor=actor_for(user),
            action=AuditAction.STAFF_LOGIN,
            outcome=Outcome.ALLOWED,
            resource_type="session",
            purpose="password+totp",
        )


def record_staff_login_refusal(*, user: User | None, username: str, reason: str) -> None:
    """A denied staff login that does not count towards the lock (locked, not staff)."""
    _record_denied_staff_login(user=user, username=username, reason=reason)


def _record_denied_staff_login(*, user: User | None, username: str, reason: str) -> None:
    record_event(
        actor=Actor(user_id=user.pk if user else None, label=username[:150]),
        action=AuditAction.STAFF_LOGIN,
        outcome=Outcome.DENIED,
        resource_type="session",
        reason=reason,
    )
