"""Demo organization, units, care teams and memberships. DEMO DATA."""

from __future__ import annotations

from django.utils.text import slugify

from carevillage.identity.demo import DEMO_ORGANIZATION, DEMO_PERSONS, DEMO_STAFF, DEMO_UNITS

from .models import (
    CareTeam,
    CareTeamMembership,
    Organization,
    PatientRegistration,
    StaffMembership,
    Unit,
)
from .services import add_staff_membership, sync_staff_groups


def seed_organization(*, persons: dict, staff: dict) -> Organization:
    org, _ = Organization.objects.get_or_create(
        slug=slugify(DEMO_ORGANIZATION), defaults={"name": DEMO_ORGANIZATION}
    )
    teams = {}
    units = {}
    for unit_name, team_name in DEMO_UNITS.items():
        unit, _ = Unit.objects.get_or_create(organization=org, name=unit_name)
        units[unit_name] = unit
        team, _ = CareTeam.objects.get_or_create(
            organization=org, name=team_name, defaults={"unit": unit}
        )
        teams[team_name] = team
    for demo in DEMO_STAFF:
        user = staff[demo.username]
        if not StaffMembership.objects.filter(user=user, organization=org, role=demo.role).exists():
            add_staff_membership(
                actor=None,
                user=user,
                organization=org,
                unit=units.get(demo.unit) if demo.unit else None,
                role=demo.role,
            )
        sync_staff_groups(user=user)
        for team_name in demo.care_teams:
            CareTeamMembership.objects.get_or_create(care_team=teams[team_name], user=user)
    for person_demo in DEMO_PERSONS:
        if person_demo.registered_with_team:
            PatientRegistration.objects.get_or_create(
                person=persons[person_demo.sub],
                organization=org,
                defaults={"care_team": teams[person_demo.registered_with_team]},
            )
    return org
