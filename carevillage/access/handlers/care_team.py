"""Care teams: what an actor may do with a team as a whole (no person's data).

- a professional of the team refers people to its programs, follows its enrollments and
  starts care plans in it;
- a patient writes to the teams they are registered with and to those running a care
  path they take part in (carepaths: "a patient in a care path can write to the team that
  runs it");
- a proxy writes to the same teams of the person they act for, when their authority
  covers the person's messages and lets them write (not a guardian of a 12–15-year-old).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carevillage.access.actors import is_api_client
from carevillage.access.handlers.api_clients import client_teams
from carevillage.access.handlers.person import professional_team_ids
from carevillage.access.handlers.proxy import authorities_for_subject
from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.carepaths.models import Enrollment, EnrollmentStatus
from carevillage.proxy.rules import Need, Tier
from carevillage.proxy.selectors import Authority
from carevillage.tenants.models import CareTeam

TEAM_WORK = frozenset({A.REFER_TO_PROGRAM, A.VIEW_ENROLLMENT, A.CREATE_CARE_PLAN})
WRITE_TO_TEAM = frozenset({A.MESSAGE_CARE_TEAM})


def _teams_to_write_to(actor: Any) -> Q:
    return _teams_of(getattr(actor, "person", None))


def _teams_of(person: Any) -> Q:
    """The teams `person` is registered with or in an active care path of."""
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
            return self._decide_on_behalf(actor, action, resource, on_behalf_of)
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

    def _decide_on_behalf(
        self, actor: Any, action: A, resource: CareTeam, on_behalf_of: Any
    ) -> Decision:
        if action not in WRITE_TO_TEAM:
            return Decision(False, "team work is not done on anyone's behalf")
        found = authorities_for_subject(actor, on_behalf_of)
        if not found:
            return Decision(False, "no proxy relation in force")
        for authority in found:
            shown = self.visible_on_behalf(
                authority=authority,
                action=action,
                queryset=CareTeam.objects.filter(pk=resource.pk),
            )
            if shown.exists():
                return Decision(True, authority.reason())
        return Decision(False, f"{found[0].reason()}: may not write to this team for the person")

    def visible_on_behalf(
        self, *, authority: Authority, action: A, queryset: QuerySet[CareTeam]
    ) -> QuerySet[CareTeam]:
        """The person's teams, when the authority covers all their messages and lets the
        proxy write (Helsenorge: from 12 a parent reads but no longer writes)."""
        if action not in WRITE_TO_TEAM or not authority.covers(Need.MESSAGES):
            return queryset.none()
        if authority.tier == Tier.LIMITED:
            return queryset.none()
        return queryset.filter(
            pk__in=CareTeam.objects.filter(_teams_of(authority.subject)).values("pk")
        )

    def visible(self, *, actor: Any, action: A, queryset: QuerySet[CareTeam]) -> QuerySet[CareTeam]:
        if is_api_client(actor):
            return queryset.filter(pk__in=client_teams(actor).values("pk"))
        if action in WRITE_TO_TEAM:
            return queryset.filter(
                pk__in=CareTeam.objects.filter(_teams_to_write_to(actor)).values("pk")
            )
        return queryset.filter(pk__in=professional_team_ids(actor))
