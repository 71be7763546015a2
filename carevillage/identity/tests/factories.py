"""Small factories for persons and users."""

from __future__ import annotations

import datetime as dt
import itertools

from carevillage.identity.models import Person, User
from carevillage.identity.national_id import finnish_check_character

_sequence = itertools.count(100)


def test_national_id(birth: dt.date = dt.date(1980, 1, 1)) -> str:
    """A unique Finnish identity code in the never-issued 900–999 range."""
    individual = f"9{next(_sequence) % 100:02d}"
    date_part = birth.strftime("%d%m%y")
    sign = "-" if birth.year < 2000 else "A"
    return f"{date_part}{sign}{individual}{finnish_check_character(date_part, individual)}"


def make_person(
    given_name: str = "Testi", family_name: str = "Henkilö", *, with_user: bool = True, **extra
) -> Person:
    person = Person(given_name=given_name, family_name=family_name, **extra)
    person.set_national_id(test_national_id())
    if with_user:
        person.user = User.objects.create(username=f"person-{next(_sequence)}")
    person.save()
    return person


def make_staff_user(username: str | None = None, **extra) -> User:
    return User.objects.create(username=username or f"staff-{next(_sequence)}", **extra)
