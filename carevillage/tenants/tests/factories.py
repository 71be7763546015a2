"""Small builders for organizational test data."""

from __future__ import annotations

from django.utils.text import slugify

from carevillage.identity.models import User
from carevillage.tenants.models import CareTeam, CareTeamMembership, Organization, Role, Unit
from carevillage.tenants.services import add_staff_membership
from carevillage.testing.staff import make_user


def make_organization(name: str = "Harbour Health District") -> Organization:
    return Organization.objects.create(name=name, slug=slugify(name))


def make_unit(organization: Organization, name: str = "Harbour health station") -> Unit:
    return Unit.objects.create(organization=organization, name=name)


def make_care_team(
    organization: Organization, name: str = "Harbour nurses", unit: Unit | None = None
) -> CareTeam:
    return CareTeam.objects.create(organization=organization, unit=unit, name=name)


def make_staff(
    username: str,
    organization: Organization,
    *,
    role: str = Role.PROFESSIONAL,
    unit: Unit | None = None,
    care_teams: tuple[CareTeam, ...] = (),
    first_name: str = "Test",
    last_name: str = "Person",
) -> User:
    """A staff user with a password, an authenticator app and one membership."""
    user = make_user(username, first_name=first_name, last_name=last_name)
    add_staff_membership(actor=None, user=user, organization=organization, unit=unit, role=role)
    for team in care_teams:
        CareTeamMembership.objects.create(care_team=team, user=user)
    return user
