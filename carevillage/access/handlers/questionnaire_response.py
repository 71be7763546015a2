"""Questionnaire responses are personal health data: the person's own, and — for a
response given in a care path — the care team that runs that care path.

Being registered with a team does not open every answer the person ever gave (a PHQ-9
taken as an anonymous-style self-test stays the person's own): a professional reads a
response only when it answered a task of an enrollment their team runs, from the
patient's acceptance on (`EnrollmentTask.response`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet

from carevillage.access.actors import is_api_client
from carevillage.access.handlers.api_clients import client_teams
from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.carepaths.models import CARE_STATUSES, EnrollmentTask
from carevillage.proxy.rules import Need
from carevillage.proxy.selectors import Authority
from carevillage.questionnaires.models import QuestionnaireResponse

from .person import professional_team_ids
from .proxy import decide_on_behalf


@register(QuestionnaireResponse)
class QuestionnaireResponseHandler:
    resource_type = "questionnaire_response"
    # A person answers and reads their own; the care team of the care path reads.
    self_actions: ClassVar[frozenset[A]] = frozenset(
        {A.VIEW_QUESTIONNAIRE_RESPONSE, A.ANSWER_QUESTIONNAIRE}
    )
    care_team_actions: ClassVar[frozenset[A]] = frozenset({A.VIEW_QUESTIONNAIRE_RESPONSE})
    actions: ClassVar[frozenset[A]] = self_actions | care_team_actions
    # An EHR reads what its organization's care paths asked for, like their care teams.
    api_client_actions: ClassVar[frozenset[A]] = frozenset({A.VIEW_QUESTIONNAIRE_RESPONSE})

    def subject_person_id(self, resource: Any) -> int | None:
        return resource.person_id

    def decide(self, *, actor: Any, action: A, resource: Any, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            return decide_on_behalf(
                self, actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
            )
        if is_api_client(actor):
            task = (
                EnrollmentTask.objects.filter(
                    response=resource.pk,
                    enrollment__care_team__in=client_teams(actor).values("pk"),
                    enrollment__status__in=CARE_STATUSES,
                )
                .select_related("enrollment__care_team__organization")
                .first()
            )
            if task is None:
                return Decision(False, "not a response in a care path of the client's teams")
            return Decision(
                True, "API client of the organization", organization=actor.organization_name
            )
        own = getattr(actor, "person", None)
        if own is not None and own.pk == resource.person_id:
            if action in self.self_actions:
                return Decision(True, "self")
            return Decision(False, "action not allowed for self")
        if action not in self.care_team_actions:
            return Decision(False, "action not allowed for staff")
        task = (
            EnrollmentTask.objects.filter(
                response=resource.pk,
                enrollment__care_team__in=professional_team_ids(actor),
                enrollment__status__in=CARE_STATUSES,
            )
            .select_related("enrollment__care_team__organization")
            .first()
        )
        if task is None:
            return Decision(False, "not a response in a care path of the team")
        return Decision(True, "care team", organization=task.enrollment.care_team.organization.name)

    def need_for(self, resource: Any) -> Need:
        return Need.CARE_PATHS

    def visible_on_behalf(self, *, authority: Authority, action: A, queryset: QuerySet) -> QuerySet:
        """A proxy answers and reads what the person would, when the authority covers
        care programs and questionnaires (a guardian of a child under 12, a power of
        attorney naming care programs)."""
        if action not in self.self_actions or not authority.covers(Need.CARE_PATHS):
            return queryset.none()
        return queryset.filter(person=authority.subject.pk)

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        if is_api_client(actor):
            return queryset.filter(
                enrollment_task__enrollment__care_team__in=client_teams(actor).values("pk"),
                enrollment_task__enrollment__status__in=CARE_STATUSES,
            )
        conditions = Q(pk__in=[])
        own = getattr(actor, "person", None)
        if action in self.self_actions and own is not None:
            conditions |= Q(person=own.pk)
        if action in self.care_team_actions:
            conditions |= Q(
                enrollment_task__enrollment__care_team__in=professional_team_ids(actor),
                enrollment_task__enrollment__status__in=CARE_STATUSES,
            )
        return queryset.filter(conditions)
