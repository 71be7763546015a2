"""Care paths: an enrollment and everything in it belongs to the enrolled person; a
professional reaches it only through the care team that runs the enrollment.

The care team sees the invitation it sent (to follow it up) but nothing the patient did
until the patient accepts. Who may refer to a team, and who may edit a program
template, is decided here too (care teams and programs hold no one's health data, but
the decision is the policy's all the same).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet

from carevillage.access.actors import is_api_client
from carevillage.access.handlers.api_clients import client_teams
from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.carepaths.models import (
    Alert,
    Enrollment,
    EnrollmentTask,
    ExerciseAnswer,
    Program,
)
from carevillage.proxy.rules import Need
from carevillage.proxy.selectors import Authority
from carevillage.tenants.models import Organization, Role, StaffMembership

from .editorial import NO_REVIEWER_ROLE, REVIEWER_ROLES, SAME_PERSON, review_refusals
from .person import professional_team_ids
from .proxy import decide_on_behalf

# Statuses in which the care team may read what the patient did in an enrollment.
TEAM_STATUSES = ("active", "completed", "discontinued")


class TeamOwnedHandler:
    """A resource of one person, run by one care team.

    `person_path`/`team_path` lead from the resource to the person and the care team;
    `team_statuses`, when set, are the enrollment statuses in which the team may act.
    `recorded_actions` are written with `access.record()` for a change the service made
    (an alert raised by an answer): never allowed by `decide`, declared so the trail
    accepts them.
    """

    resource_type: ClassVar[str]
    self_actions: ClassVar[frozenset[A]]
    care_team_actions: ClassVar[frozenset[A]]
    recorded_actions: ClassVar[frozenset[A]] = frozenset()
    person_path: ClassVar[str]
    team_path: ClassVar[str]
    enrollment_path: ClassVar[str | None] = None
    team_statuses: ClassVar[tuple[str, ...] | None] = TEAM_STATUSES
    # What a proxy's authority must cover to do the person's own actions here.
    proxy_need: ClassVar[Need] = Need.CARE_PATHS
    actions: ClassVar[frozenset[A]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.actions = frozenset(cls.self_actions | cls.care_team_actions | cls.recorded_actions)

    @staticmethod
    def _follow(resource: Any, path: str) -> Any:
        value = resource
        for part in path.split("__"):
            value = getattr(value, part)
        return value

    def subject_person_id(self, resource: Any) -> int | None:
        return self._follow(resource, f"{self.person_path}_id")

    def _client_decision(self, actor: Any, resource: Any) -> Decision:
        """An API client reaches what its organization's teams reach (in the same
        enrollment statuses as the team)."""
        team = self._follow(resource, self.team_path)
        if not client_teams(actor).filter(pk=team.pk).exists():
            return Decision(False, "not a care team of the client's organization")
        if self.enrollment_path is not None and self.team_statuses is not None:
            enrollment = (
                self._follow(resource, self.enrollment_path) if self.enrollment_path else resource
            )
            if enrollment.status not in self.team_statuses:
                return Decision(False, f"enrollment {enrollment.status}")
        return Decision(
            True, "API client of the organization", organization=actor.organization_name
        )

    def _client_visible(self, actor: Any, queryset: QuerySet) -> QuerySet:
        condition = Q(**{f"{self.team_path}__in": client_teams(actor).values("pk")})
        if self.enrollment_path is not None and self.team_statuses is not None:
            prefix = f"{self.enrollment_path}__" if self.enrollment_path else ""
            condition &= Q(**{f"{prefix}status__in": self.team_statuses})
        return queryset.filter(condition)

    def need_for(self, resource: Any) -> Need:
        return self.proxy_need

    def visible_on_behalf(self, *, authority: Authority, action: A, queryset: QuerySet) -> QuerySet:
        """A proxy whose authority covers it does what the person does here themselves
        (a parent of a child under 12 answers the child's care path), nothing of the
        team's."""
        if action not in self.self_actions or not authority.covers(self.proxy_need):
            return queryset.none()
        return queryset.filter(**{self.person_path: authority.subject.pk})

    def decide(self, *, actor: Any, action: A, resource: Any, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            if is_api_client(actor):
                return Decision(False, "no proxy relation")
            return decide_on_behalf(
                self, actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
            )
        if is_api_client(actor):
            return self._client_decision(actor, resource)
        own = getattr(actor, "person", None)
        if own is not None and own.pk == self.subject_person_id(resource):
            if action in self.self_actions:
                return Decision(True, "self")
            return Decision(False, "action not allowed for self")
        if action not in self.care_team_actions:
            return Decision(False, "action not allowed for staff")
        team = self._follow(resource, self.team_path)
        if not professional_team_ids(actor).filter(care_team=team.pk).exists():
            return Decision(False, "not in the care team")
        if self.enrollment_path is not None and self.team_statuses is not None:
            enrollment = (
                self._follow(resource, self.enrollment_path) if self.enrollment_path else resource
            )
            if enrollment.status not in self.team_statuses:
                return Decision(False, f"enrollment {enrollment.status}")
        return Decision(True, "care team", organization=team.organization.name)

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        if is_api_client(actor):
            return self._client_visible(actor, queryset)
        conditions = Q(pk__in=[])
        own = getattr(actor, "person", None)
        if action in self.self_actions and own is not None:
            conditions |= Q(**{f"{self.person_path}": own.pk})
        if action in self.care_team_actions:
            team_condition = Q(**{f"{self.team_path}__in": professional_team_ids(actor)})
            if self.enrollment_path is not None and self.team_statuses is not None:
                prefix = f"{self.enrollment_path}__" if self.enrollment_path else ""
                team_condition &= Q(**{f"{prefix}status__in": self.team_statuses})
            conditions |= team_condition
        return queryset.filter(conditions)


@register(Enrollment)
class EnrollmentHandler(TeamOwnedHandler):
    resource_type = "enrollment"
    person_path = "person"
    team_path = "care_team"
    enrollment_path = ""
    self_actions = frozenset(
        {
            A.VIEW_ENROLLMENT,
            A.VIEW_INVITATION,
            A.ACCEPT_INVITATION,
            A.DECLINE_INVITATION,
            A.JOIN_PROGRAM,
            A.TAKE_PART_IN_PROGRAM,
            A.COMPLETE_MODULE,
        }
    )
    care_team_actions = frozenset(
        {A.VIEW_ENROLLMENT, A.MANAGE_ENROLLMENT, A.END_ENROLLMENT, A.VIEW_REFERRAL}
    )
    # The invitation a professional just sent (the decision was about the care team).
    recorded_actions = frozenset({A.REFER_TO_PROGRAM})
    # In any status: the team that referred may see that it was accepted or declined.
    referral_actions: ClassVar[frozenset[A]] = frozenset({A.VIEW_REFERRAL})
    # An EHR reads back the referrals (FHIR ServiceRequest) to its organization's teams.
    api_client_actions: ClassVar[frozenset[A]] = frozenset({A.VIEW_REFERRAL})

    def decide(self, *, actor: Any, action: A, resource: Any, on_behalf_of: Any) -> Decision:
        if is_api_client(actor):
            if on_behalf_of is not None:
                return Decision(False, "no proxy relation")
            if not client_teams(actor).filter(pk=resource.care_team_id).exists():
                return Decision(False, "not a care team of the client's organization")
            return Decision(
                True, "API client of the organization", organization=actor.organization_name
            )
        if action in self.referral_actions:
            own = getattr(actor, "person", None)
            if own is not None and own.pk == resource.person_id:
                return Decision(False, "action not allowed for self")
            if not professional_team_ids(actor).filter(care_team=resource.care_team_id).exists():
                return Decision(False, "not in the care team")
            return Decision(True, "care team", organization=resource.care_team.organization.name)
        return super().decide(
            actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
        )

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        if is_api_client(actor):
            return queryset.filter(care_team__in=client_teams(actor).values("pk"))
        if action in self.referral_actions:
            return queryset.filter(care_team__in=professional_team_ids(actor))
        return super().visible(actor=actor, action=action, queryset=queryset)


@register(EnrollmentTask)
class EnrollmentTaskHandler(TeamOwnedHandler):
    resource_type = "enrollment_task"
    person_path = "enrollment__person"
    team_path = "enrollment__care_team"
    enrollment_path = "enrollment"
    self_actions = frozenset({A.VIEW_ENROLLMENT_TASK, A.COMPLETE_TASK})
    care_team_actions = frozenset({A.VIEW_ENROLLMENT_TASK})


@register(ExerciseAnswer)
class ExerciseAnswerHandler(TeamOwnedHandler):
    resource_type = "exercise_answer"
    person_path = "enrollment__person"
    team_path = "enrollment__care_team"
    enrollment_path = "enrollment"
    self_actions = frozenset({A.VIEW_EXERCISE_ANSWER, A.ANSWER_EXERCISE})
    care_team_actions = frozenset({A.VIEW_EXERCISE_ANSWER})


@register(Alert)
class AlertHandler(TeamOwnedHandler):
    resource_type = "alert"
    person_path = "enrollment__person"
    team_path = "enrollment__care_team"
    enrollment_path = "enrollment"
    # Alerts are the care team's work list; the patient sees their answers, not alerts.
    self_actions = frozenset()
    care_team_actions = frozenset({A.VIEW_ALERT, A.ACKNOWLEDGE_ALERT})
    # Raised by the patient's answer, inside the submission's transaction.
    recorded_actions = frozenset({A.RAISE_ALERT})
    # An EHR reads its organization's open alerts (FHIR Flag).
    api_client_actions = frozenset({A.VIEW_ALERT})


# ---------------------------------------------------------------------------------------
# Care teams (whom a professional may refer to, or make a care plan in) and program
# templates (who may edit them). No person's data: `subject_person_id` is None.


def _editor_organizations(actor: Any) -> QuerySet:
    return StaffMembership.objects.filter(user=actor, role=Role.EDITOR).values("organization")


@register(Organization)
class ProgramAuthoringHandler:
    """Which organizations' programs the actor may author: those where they are an editor
    (an org admin without the editor role may not)."""

    resource_type = "organization"
    actions = frozenset({A.CREATE_CARE_PROGRAM})

    def subject_person_id(self, resource: Any) -> int | None:
        return None

    def decide(self, *, actor: Any, action: A, resource: Any, on_behalf_of: Any) -> Decision:
        if not _editor_organizations(actor).filter(organization=resource.pk).exists():
            return Decision(False, "not an editor")
        return Decision(True, "editor", organization=resource.name)

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        return queryset.filter(pk__in=_editor_organizations(actor))


def _reviewer_organizations(actor: Any) -> QuerySet:
    return StaffMembership.objects.filter(user=actor, role__in=REVIEWER_ROLES).values(
        "organization"
    )


@register(Program)
class ProgramHandler:
    """A program template: its organization's editors create and change it; a second
    clinician of the organization (an editor or a professional, never the person who made
    the latest change) approves it, which is what offers it to anyone."""

    resource_type = "care_program"
    actions = frozenset({A.CREATE_CARE_PROGRAM, A.CHANGE_CARE_PROGRAM, A.APPROVE_CARE_PROGRAM})

    def subject_person_id(self, resource: Any) -> int | None:
        return None

    def decide(self, *, actor: Any, action: A, resource: Any, on_behalf_of: Any) -> Decision:
        if action == A.APPROVE_CARE_PROGRAM:
            if on_behalf_of is not None:
                return Decision(False, "content is not approved on anyone's behalf")
            if not getattr(actor, "is_authenticated", False):
                return Decision(False, NO_REVIEWER_ROLE)
            refused = review_refusals(actor, prepared_by_id=resource.prepared_by_id)
            if SAME_PERSON in refused:
                return Decision(False, SAME_PERSON)
            if (
                not _reviewer_organizations(actor)
                .filter(organization=resource.organization_id)
                .exists()
            ):
                return Decision(False, NO_REVIEWER_ROLE)
            return Decision(True, "second clinician", organization=resource.organization.name)
        if not _editor_organizations(actor).filter(organization=resource.organization_id).exists():
            return Decision(False, "not an editor")
        return Decision(True, "editor", organization=resource.organization.name)

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        if action == A.APPROVE_CARE_PROGRAM:
            if not getattr(actor, "is_authenticated", False):
                return queryset.none()
            return queryset.filter(organization__in=_reviewer_organizations(actor)).exclude(
                prepared_by=actor.pk
            )
        return queryset.filter(organization__in=_editor_organizations(actor))
