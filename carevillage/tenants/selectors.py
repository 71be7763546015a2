"""Reads of organizational structure. None of this is health data."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import CareTeam, Organization, Role, StaffMembership


def organizations_for_person(*, person) -> QuerySet[Organization]:  # noqa: ANN001
    """Organizations a person is registered with as a patient."""
    return Organization.objects.filter(registrations__person=person).distinct()


def memberships_for_staff(*, user) -> QuerySet[StaffMembership]:  # noqa: ANN001
    return StaffMembership.objects.filter(user=user).select_related("organization", "unit")


def care_teams_for_staff(*, user) -> QuerySet[CareTeam]:  # noqa: ANN001
    return CareTeam.objects.filter(memberships__user=user).select_related("organization", "unit")


def is_professional_in_team(*, user: Any, care_team_id: int | None) -> bool:
    if care_team_id is None:
        return False
    return StaffMembership.objects.filter(
        user=user,
        role=Role.PROFESSIONAL,
        organization__care_teams__id=care_team_id,
        organization__care_teams__memberships__user=user,
    ).exists()


def organizations_administered_by(*, user) -> QuerySet[Organization]:  # noqa: ANN001
    """Organizations whose structure and staff this user may manage in the admin."""
    if user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(
        staff_memberships__user=user, staff_memberships__role=Role.ORG_ADMIN
    ).distinct()
