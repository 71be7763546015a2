"""Every write of organizational structure that has side effects: staff memberships.

A staff membership decides what someone may do in the admin, so adding, changing or
removing one also updates the user's permission groups and writes an audit event, all
in one transaction.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from carevillage.audit.models import Outcome
from carevillage.audit.services import actor_for, record_event
from carevillage.identity.models import User

from .models import Organization, Role, StaffMembership, Unit

# The groups are created by migration 0002_staff_groups, which holds their permissions.
ROLE_GROUPS = {Role.ORG_ADMIN: "Org admins", Role.EDITOR: "Editors"}


def sync_staff_groups(*, user: User) -> None:
    """Put the user in exactly the groups their current staff roles call for."""
    roles = set(StaffMembership.objects.filter(user=user).values_list("role", flat=True))
    for role, group_name in ROLE_GROUPS.items():
        group = Group.objects.get(name=group_name)
        if role in roles:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def _audit(*, actor: User | None, action: str, membership: StaffMembership) -> None:
    record_event(
        actor=actor_for(actor),
        action=action,
        outcome=Outcome.ALLOWED,
        resource_type="staff_membership",
        resource_id=membership.pk,
    )


def add_staff_membership(
    *,
    actor: User | None,
    user: User,
    organization: Organization,
    unit: Unit | None = None,
    role: str,
) -> StaffMembership:
    """Make the user staff of the organization in the given role.

    Raises ValidationError (and writes nothing) if the unit is in another organization
    or the user already has this role there.
    """
    with transaction.atomic():
        membership = StaffMembership(user=user, organization=organization, unit=unit, role=role)
        membership.full_clean()
        membership.save()
        sync_staff_groups(user=user)
        _audit(actor=actor, action="staff_membership_add", membership=membership)
    return membership


def change_staff_membership(
    *,
    actor: User | None,
    membership: StaffMembership,
    user: User,
    organization: Organization,
    unit: Unit | None,
    role: str,
) -> StaffMembership:
    with transaction.atomic():
        membership = StaffMembership.objects.select_for_update().get(pk=membership.pk)
        previous_user = membership.user
        membership.user = user
        membership.organization = organization
        membership.unit = unit
        membership.role = role
        membership.full_clean()
        membership.save()
        sync_staff_groups(user=user)
        if previous_user.pk != user.pk:
            sync_staff_groups(user=previous_user)
        _audit(actor=actor, action="staff_membership_change", membership=membership)
    return membership


def remove_staff_membership(*, actor: User | None, membership: StaffMembership) -> None:
    with transaction.atomic():
        user = membership.user
        _audit(actor=actor, action="staff_membership_remove", membership=membership)
        membership.delete()
        sync_staff_groups(user=user)
