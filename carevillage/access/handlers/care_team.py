"""Care teams: what an actor may do with a team as a whole (no person's data).

- a professional of the team refers people to its programs, follows its enrollments and
  starts care plans in it;
- a patient writes to the teams they are registered with and to those running a care
  path they take part in (carepaths: "a patient in a care path can write to the team that
  runs it").
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carevillage.access.actors import is_api_client
from carevillage.access.handlers.api_clients import client_teams
from carevillage.access.handlers.person import professional_team_ids
from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.carepaths.models import Enrollment, EnrollmentStatus
from carevillage.tenants.models import CareTeam

TEAM_WORK = frozenset({A.REFER_TO_PROGRAM, A.VIEW_ENROLLMENT, A.CREATE_CARE_PLAN})
WRITE_TO_TEAM = frozenset({A.MESSAGE_CARE_TEAM})


def _teams_to_write_to(actor: Any) -> Q:
    person = getattr(actor, "person", None)
    if person is None:
        return Q(pk__in=[])
    running = Enrollment.objects.filter(person=person, status=EnrollmentStatus.ACTIVE).values(
        "care_team"
    )
    return Q(registrations__person=person) | Q(pk__in=running)


@register(CareTeam)
class CareTeamHandler:
    resource_type = "care_team"
    actions = TEAM_WORK | WRITE_TO_TEAM
    # An EHR refers its patients to the programs of its organization's teams
    # (FHIR ServiceRequest).
    api_client_actions = frozenset({A.REFER_TO_PROGRAM})

    def subject_person_id(self, resource: CareTeam) -> int | None:
        return None

    def decide(self, *, actor: Any, action: A, resource: CareTeam, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            return Decision(False, "no proxy relation")
        if is_api_client(actor):
            if not client_teams(actor).filter(pk=resource.pk).exists():
                return Decision(False, "not a care team of the client's organization")
            return Decision(True, "API client of the organization")
        shown = self.visible(
            actor=actor, action=action, queryset=CareTeam.objects.filter(pk=resource.pk)
        )
        if not shown.exists():
            if action in WRITE_TO_TEAM:
                return Decision(False, "not registered with the team nor in a care path it runs")
            return Decision(False, "not in the care team")
        if action in WRITE_TO_TEAM:
            return Decision(True, "registered or in a care path")
        return Decision(True, "care team", organization=resource.organization.name)

    def visible(self, *, actor: Any, action: A, queryset: QuerySet[CareTeam]) -> QuerySet[CareTeam]:
        if is_api_client(actor):
            return queryset.filter(pk__in=client_teams(actor).values("pk"))
        if action in WRITE_TO_TEAM:
            return queryset.filter(
                pk__in=CareTeam.objects.filter(_teams_to_write_to(actor)).values("pk")
            )
        return queryset.filter(pk__in=professional_team_ids(actor))
