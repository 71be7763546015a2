"""Care paths: an enrollment and everything in it belongs to the enrolled person; a
professional reaches it only through the care team that runs the enrollment.

The care team sees the invitation it sent (to follow it up) but nothing the patient did
until the patient accepts. Care plans belong to the person and to the team that made them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet

from carevillage.access.policy import Decision, register
from carevillage.carepaths.models import (
    Activity,
    Alert,
    CarePlan,
    Enrollment,
    EnrollmentTask,
    ExerciseAnswer,
    Goal,
)

from .person import professional_team_ids


class TeamOwnedHandler:
    """A resource of one person, run by one care team.

    `person_path`/`team_path` lead from the resource to the person and the care team;
    `team_statuses`, when set, are the enrollment statuses in which the team may act.
    """

    resource_type: ClassVar[str]
    self_actions: ClassVar[frozenset[str]]
    care_team_actions: ClassVar[frozenset[str]]
    person_path: ClassVar[str]
    team_path: ClassVar[str]
    enrollment_path: ClassVar[str | None] = None
    team_statuses: ClassVar[tuple[str, ...] | None] = ("active", "completed", "discontinued")
    actions: ClassVar[frozenset[str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "self_actions" in cls.__dict__ or "care_team_actions" in cls.__dict__:
            cls.actions = frozenset(cls.self_actions | cls.care_team_actions)

    @staticmethod
    def _follow(resource: Any, path: str) -> Any:
        value = resource
        for part in path.split("__"):
            value = getattr(value, part)
        return value

    def subject_person_id(self, resource: Any) -> int | None:
        return self._follow(resource, f"{self.person_path}_id")

    def decide(self, *, actor: Any, action: str, resource: Any, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            return Decision(False, "no proxy relation")
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

    def visible(self, *, actor: Any, action: str, queryset: QuerySet) -> QuerySet:
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
    self_actions = frozenset({"view_enrollment", "respond_to_invitation", "take_part_in_program"})
    # view_referral: the team follows up an invitation it sent (status, not content).
    care_team_actions = frozenset({"view_enrollment", "manage_enrollment", "view_referral"})

    def decide(self, *, actor: Any, action: str, resource: Any, on_behalf_of: Any) -> Decision:
        if action == "view_referral":
            # Any status: the team that referred may see that it was accepted or declined.
            own = getattr(actor, "person", None)
            if own is not None and own.pk == resource.person_id:
                return Decision(False, "action not allowed for self")
            if not professional_team_ids(actor).filter(care_team=resource.care_team_id).exists():
                return Decision(False, "not in the care team")
            return Decision(True, "care team", organization=resource.care_team.organization.name)
        return super().decide(
            actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
        )

    def visible(self, *, actor: Any, action: str, queryset: QuerySet) -> QuerySet:
        if action == "view_referral":
            return queryset.filter(care_team__in=professional_team_ids(actor))
        return super().visible(actor=actor, action=action, queryset=queryset)


@register(EnrollmentTask)
class EnrollmentTaskHandler(TeamOwnedHandler):
    resource_type = "enrollment_task"
    person_path = "enrollment__person"
    team_path = "enrollment__care_team"
    enrollment_path = "enrollment"
    self_actions = frozenset({"view_enrollment_task", "complete_task"})
    care_team_actions = frozenset({"view_enrollment_task"})


@register(ExerciseAnswer)
class ExerciseAnswerHandler(TeamOwnedHandler):
    resource_type = "exercise_answer"
    person_path = "enrollment__person"
    team_path = "enrollment__care_team"
    enrollment_path = "enrollment"
    self_actions = frozenset({"view_exercise_answer", "answer_exercise"})
    care_team_actions = frozenset({"view_exercise_answer"})


@register(Alert)
class AlertHandler(TeamOwnedHandler):
    resource_type = "alert"
    person_path = "enrollment__person"
    team_path = "enrollment__care_team"
    enrollment_path = "enrollment"
    # Alerts are the care team's work list; the patient sees their answers, not alerts.
    self_actions = frozenset()
    care_team_actions = frozenset({"view_alert", "acknowledge_alert"})


@register(CarePlan)
class CarePlanHandler(TeamOwnedHandler):
    resource_type = "care_plan"
    person_path = "person"
    team_path = "care_team"
    enrollment_path = None
    self_actions = frozenset({"view_care_plan", "update_own_activity"})
    care_team_actions = frozenset({"view_care_plan", "edit_care_plan"})


@register(Goal)
class GoalHandler(TeamOwnedHandler):
    resource_type = "care_plan_goal"
    person_path = "plan__person"
    team_path = "plan__care_team"
    enrollment_path = None
    self_actions = frozenset({"view_care_plan"})
    care_team_actions = frozenset({"view_care_plan", "edit_care_plan"})


@register(Activity)
class ActivityHandler(TeamOwnedHandler):
    resource_type = "care_plan_activity"
    person_path = "plan__person"
    team_path = "plan__care_team"
    enrollment_path = None
    self_actions = frozenset({"view_care_plan", "update_own_activity"})
    care_team_actions = frozenset({"view_care_plan", "edit_care_plan"})

    def decide(self, *, actor: Any, action: str, resource: Any, on_behalf_of: Any) -> Decision:
        # The patient updates only activities the plan puts on them; an activity of a
        # relative or a professional is theirs to report.
        if action == "update_own_activity" and resource.responsible != "patient":
            return Decision(False, "activity is not the patient's")
        return super().decide(
            actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
        )

    def visible(self, *, actor: Any, action: str, queryset: QuerySet) -> QuerySet:
        queryset = super().visible(actor=actor, action=action, queryset=queryset)
        if action == "update_own_activity":
            queryset = queryset.filter(responsible="patient")
        return queryset
