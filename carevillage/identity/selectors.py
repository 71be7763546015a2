"""Reads of identity data other apps need."""

from __future__ import annotations

from . import national_id
from .models import Person, User


def person_by_national_id(raw_id: str) -> Person | None:
    """The person with this national identity number, found by its keyed hash.

    Raises `national_id.InvalidNationalId` for a malformed number. The caller audits
    the lookup (it knows why it looked)."""
    return Person.objects.filter(national_id_hash=national_id.lookup_hash(raw_id)).first()


def user_by_username(username: str) -> User | None:
    return User.objects.filter(**{User.USERNAME_FIELD: username}).first()


def active_user(user_id: int) -> User | None:
    return User.objects.filter(pk=user_id, is_active=True).first()
