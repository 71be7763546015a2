"""One handler per kind of resource. Each answers for one object and for a queryset."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carevillage.access.policy import Decision, register
from carevillage.identity.models import Person
from carevillage.tenants.models import Role, StaffMembership

# What a professional may do with a person they care for through a care team.
CARE_TEAM_ACTIONS = {"view_person", "view_record"}
# What a person may do with their own data.
SELF_ACTIONS = {"view_person", "view_record", "view_audit_trail"}


def _professional_team_ids(actor: Any) -> QuerySet:
    """Care teams the actor belongs to, in organizations where they work as a professional.

    An org admin or editor who is not also a professional sees nothing clinical.
    """
    return actor.care_team_memberships.filter(
        care_team__organization__in=StaffMembership.objects.filter(
            user=actor, role=Role.PROFESSIONAL
        ).values("organization")
    ).values("care_team")


@register(Person)
class PersonHandler:
    resource_type = "person"

    def subject_person_id(self, resource: Person) -> int | None:
        return resource.pk

    def decide(self, *, actor: Any, action: str, resource: Person, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            # Proxy relations (guardians, powers of attorney) arrive with the proxy app.
            return Decision(False, "no proxy relation")
        if getattr(actor, "person", None) is not None and actor.person.pk == resource.pk:
            if action in SELF_ACTIONS:
                return Decision(True, "self")
            return Decision(False, "action not allowed for self")
        if action not in CARE_TEAM_ACTIONS:
            return Decision(False, "action not allowed for staff")
        team = (
            resource.registrations.filter(care_team__in=_professional_team_ids(actor))
            .select_related("organization")
            .first()
        )
        if team is None:
            return Decision(False, "no care relationship")
        return Decision(True, "care team", organization=team.organization.name)

    def visible(self, *, actor: Any, action: str, queryset: QuerySet) -> QuerySet:
        conditions = Q(pk__in=[])
        if action in SELF_ACTIONS and getattr(actor, "person", None) is not None:
            conditions |= Q(pk=actor.person.pk)
        if action in CARE_TEAM_ACTIONS:
            conditions |= Q(registrations__care_team__in=_professional_team_ids(actor))
        return queryset.filter(conditions).distinct()
