"""Factories for the people and teams of a test: one import for every app's tests."""

from carevillage.identity.tests.factories import make_person, make_staff_user, test_national_id
from carevillage.tenants.tests.factories import (
    make_care_team,
    make_organization,
    make_staff,
    make_unit,
)

from .staff import STAFF_PASSWORD, current_code, make_user, wrong_code

__all__ = [
    "STAFF_PASSWORD",
    "current_code",
    "make_care_team",
    "make_organization",
    "make_person",
    "make_staff",
    "make_unit",
    "make_staff_user",
    "make_user",
    "test_national_id",
    "wrong_code",
]
