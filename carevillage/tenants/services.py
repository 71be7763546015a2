"""Every write of organizational structure that has side effects: staff roles and
care-team memberships.

A staff membership decides what someone may do in the admin, and a professional role
together with a care-team membership gives clinical access to patients' data. So every
change here also updates the user's permission groups and writes its audit event, all
in one transaction, and two rules of separation of duties hold (ARCHITECTURE.md, rule 6:
nobody grants themselves access):

- nobody changes their own roles or care-team memberships (refused, audited as denied);
- clinical access granted to someone else is told by e-mail to the organization's other
  org admins, so a second person sees every grant (the mail names people and teams, never
  a patient or health data).

Losing a role or a care-team membership ends the user's live sessions' sockets:
`carevillage.identity.signals.sessions_revoked` is sent after the commit.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import connection
from django.utils.translation import gettext_lazy as _

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.audit.models import Outcome
from carevillage.audit.services import actor_for, record_event
from carevillage.identity.models import User
from carevillage.identity.signals import revoke_sessions

from .models import CareTeam, CareTeamMembership, Organization, Role, StaffMembership, Unit

# The groups are created by migration 0002_staff_groups, which holds their permissions.
ROLE_GROUPS = {Role.ORG_ADMIN: "Org admins", Role.EDITOR: "Editors"}

OWN_ROLES_REFUSED = _(
    "You cannot change your own roles or care-team memberships. Ask another organization "
    "admin to do it: a second person sees every change of access."
)


class OwnAccessChangeRefused(Exception):
    """The actor tried to change their own roles or care-team memberships.

    The denied event is written when this is raised. A caller that rolls back a
    surrounding transaction (the admin's views do) calls `record_after_rollback()` once
    it has, so the refusal stays in the trail."""

    def __init__(self, event: dict[str, Any], *, written_in_transaction: bool) -> None:
        super().__init__(str(OWN_ROLES_REFUSED))
        self.message = OWN_ROLES_REFUSED
        self.event = event
        self._rolled_back_with_caller = written_in_transaction

    def record_after_rollback(self) -> None:
        if self._rolled_back_with_caller:
            record_event(**self.event)
            self._rolled_back_with_caller = False


def sync_staff_groups(*, user: User) -> None:
    """Put the user in exactly the groups their current staff roles call for."""
    roles = set(StaffMembership.objects.filter(user=user).values_list("role", flat=True))
    for role, group_name in ROLE_GROUPS.items():
        group = Group.objects.get(name=group_name)
        if role in roles:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def _audit(
    *,
    actor: User | None,
    action: AuditAction,
    resource_type: str,
    resource_id: int | str = "",
    outcome: str = Outcome.ALLOWED,
    reason: str = "",
) -> None:
    # Organizational data, no person's health data: no access handler decides here, the
    # admin's model permissions and organization scoping do (tenants.viewsets).
    record_event(
        actor=actor_for(actor),
        action=action,
        outcome=outcome,
        resource_type=resource_type,
        resource_id=resource_id,
        reason=reason,
    )


def _refuse_own(
    *,
    actor: User | None,
    users: list[User],
    action: AuditAction,
    resource_type: str,
    resource_id: Any = "",
) -> None:
    """Raise (after writing the denied event) when the actor is one of `users`."""
    if actor is None or not any(user.pk == actor.pk for user in users):
        return
    event: dict[str, Any] = {
        "actor": actor_for(actor),
        "action": action,
        "outcome": Outcome.DENIED,
        "resource_type": resource_type,
        "resource_id": resource_id or "",
        "reason": "own roles",
    }
    record_event(**event)
    raise OwnAccessChangeRefused(event, written_in_transaction=connection.in_atomic_block)


def _tell_other_admins(
    *, actor: User | None, user: User, organization: Organization, what: str
) -> None:
    """Queue the e-mail to the organization's other org admins (same transaction). A
    change without a person behind it (the demo seed, a migration) tells nobody."""
    from .tasks import tell_admins_about_clinical_access

    if actor is None:
        return
    tell_admins_about_clinical_access.enqueue(
        organization_id=organization.pk,
        granted_user_id=user.pk,
        actor_user_id=actor.pk if actor is not None else None,
        what=what,
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
    or the user already has this role there; OwnAccessChangeRefused for one's own roles.
    """
    _refuse_own(
        actor=actor,
        users=[user],
        action=AuditAction.STAFF_MEMBERSHIP_ADD,
        resource_type="staff_membership",
    )
    with access.atomic():
        membership = StaffMembership(user=user, organization=organization, unit=unit, role=role)
        membership.full_clean()
        membership.save()
        sync_staff_groups(user=user)
        _audit(
            actor=actor,
            action=AuditAction.STAFF_MEMBERSHIP_ADD,
            resource_type="staff_membership",
            resource_id=membership.pk,
        )
        if role == Role.PROFESSIONAL:
            _tell_other_admins(
                actor=actor, user=user, organization=organization, what="professional"
            )
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
    _refuse_own(
        actor=actor,
        users=[membership.user, user],
        action=AuditAction.STAFF_MEMBERSHIP_CHANGE,
        resource_type="staff_membership",
        resource_id=membership.pk,
    )
    with access.atomic():
        membership = StaffMembership.objects.select_for_update().get(pk=membership.pk)
        previous_user, previous_role = membership.user, membership.role
        membership.user = user
        membership.organization = organization
        membership.unit = unit
        membership.role = role
        membership.full_clean()
        membership.save()
        sync_staff_groups(user=user)
        if previous_user.pk != user.pk:
            sync_staff_groups(user=previous_user)
        _audit(
            actor=actor,
            action=AuditAction.STAFF_MEMBERSHIP_CHANGE,
            resource_type="staff_membership",
            resource_id=membership.pk,
        )
        gains_clinical = role == Role.PROFESSIONAL and (
            previous_role != Role.PROFESSIONAL or previous_user.pk != user.pk
        )
        if gains_clinical:
            _tell_other_admins(
                actor=actor, user=user, organization=organization, what="professional"
            )
        if previous_user.pk != user.pk or previous_role != role:
            revoke_sessions(previous_user)
    return membership


def remove_staff_membership(*, actor: User | None, membership: StaffMembership) -> None:
    _refuse_own(
        actor=actor,
        users=[membership.user],
        action=AuditAction.STAFF_MEMBERSHIP_REMOVE,
        resource_type="staff_membership",
        resource_id=membership.pk,
    )
    with access.atomic():
        user = membership.user
        _audit(
            actor=actor,
            action=AuditAction.STAFF_MEMBERSHIP_REMOVE,
            resource_type="staff_membership",
            resource_id=membership.pk,
        )
        membership.delete()
        sync_staff_groups(user=user)
        revoke_sessions(user)


def add_care_team_membership(
    *, actor: User | None, care_team: CareTeam, user: User
) -> CareTeamMembership:
    """Put a professional in a care team: clinical access to the team's patients.

    Raises ValidationError for a duplicate or someone who is not staff of the team's
    organization; OwnAccessChangeRefused for oneself."""
    _refuse_own(
        actor=actor,
        users=[user],
        action=AuditAction.CARE_TEAM_MEMBERSHIP_ADD,
        resource_type="care_team_membership",
    )
    with access.atomic():
        membership = CareTeamMembership(care_team=care_team, user=user)
        membership.full_clean()
        membership.save()
        _audit(
            actor=actor,
            action=AuditAction.CARE_TEAM_MEMBERSHIP_ADD,
            resource_type="care_team_membership",
            resource_id=membership.pk,
        )
        _tell_other_admins(
            actor=actor, user=user, organization=care_team.organization, what=care_team.name
        )
    return membership


def change_care_team_membership(
    *, actor: User | None, membership: CareTeamMembership, care_team: CareTeam, user: User
) -> CareTeamMembership:
    """Moving a membership is removing one and adding another: same rules."""
    _refuse_own(
        actor=actor,
        users=[membership.user, user],
        action=AuditAction.CARE_TEAM_MEMBERSHIP_ADD,
        resource_type="care_team_membership",
        resource_id=membership.pk,
    )
    with access.atomic():
        remove_care_team_membership(actor=actor, membership=membership)
        return add_care_team_membership(actor=actor, care_team=care_team, user=user)


def remove_care_team_membership(*, actor: User | None, membership: CareTeamMembership) -> None:
    _refuse_own(
        actor=actor,
        users=[membership.user],
        action=AuditAction.CARE_TEAM_MEMBERSHIP_REMOVE,
        resource_type="care_team_membership",
        resource_id=membership.pk,
    )
    with access.atomic():
        user = membership.user
        _audit(
            actor=actor,
            action=AuditAction.CARE_TEAM_MEMBERSHIP_REMOVE,
            resource_type="care_team_membership",
            resource_id=membership.pk,
        )
        membership.delete()
        revoke_sessions(user)
