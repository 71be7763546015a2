"""Saved symptom assessments: the patient's own, and their care team's professionals."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carevillage.access.policy import Decision, register
from carevillage.navigator.models import SavedAssessment

from .person import _professional_team_ids

SELF_ACTIONS = {"view_assessment"}
CARE_TEAM_ACTIONS = {"view_assessment"}


@register(SavedAssessment)
class SavedAssessmentHandler:
    resource_type = "saved_assessment"

    def subject_person_id(self, resource: SavedAssessment) -> int | None:
        return resource.person_id

    def decide(
        self, *, actor: Any, action: str, resource: SavedAssessment, on_behalf_of: Any
    ) -> Decision:
        if on_behalf_of is not None:
            return Decision(False, "no proxy relation")
        person = getattr(actor, "person", None)
        if person is not None and person.pk == resource.person_id:
            if action in SELF_ACTIONS:
                return Decision(True, "self")
            return Decision(False, "action not allowed for self")
        if action not in CARE_TEAM_ACTIONS:
            return Decision(False, "action not allowed for staff")
        registration = (
            resource.person.registrations.filter(care_team__in=_professional_team_ids(actor))
            .select_related("organization")
            .first()
        )
        if registration is None:
            return Decision(False, "no care relationship")
        return Decision(True, "care team", organization=registration.organization.name)

    def visible(self, *, actor: Any, action: str, queryset: QuerySet) -> QuerySet:
        conditions = Q(pk__in=[])
        if action in SELF_ACTIONS and getattr(actor, "person", None) is not None:
            conditions |= Q(person=actor.person)
        if action in CARE_TEAM_ACTIONS:
            conditions |= Q(person__registrations__care_team__in=_professional_team_ids(actor))
        return queryset.filter(conditions).distinct()
