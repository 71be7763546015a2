"""Data about one person: the person themselves, and professionals of their care team.

`PersonalDataHandler` is the rule for every resource that belongs to one person (the
person record, questionnaire responses, saved assessments, ...): the person may do
their `self_actions`; a professional in a care team the person is registered with may
do the `care_team_actions` (see `care_relationship`); nobody acts on someone's behalf until proxy rules exist.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q, QuerySet

from carevillage.access.actors import is_api_client
from carevillage.access.handlers.api_clients import client_decision, client_persons
from carevillage.access.policy import Decision, register
from carevillage.carepaths.models import CARE_STATUSES, Enrollment
from carevillage.identity.models import Person
from carevillage.tenants.models import PatientRegistration, Role, StaffMembership

from .proxy import authority_for_subject


def professional_team_ids(actor: Any) -> QuerySet:
    """Care teams the actor belongs to, in organizations where they work as a professional.

    An org admin or editor who is not also a professional sees nothing clinical.
    """
    return actor.care_team_memberships.filter(
        care_team__organization__in=StaffMembership.objects.filter(
            user=actor, role=Role.PROFESSIONAL
        ).values("organization")
    ).values("care_team")


def care_relationship(actor: Any, person_id: int | None) -> str | None:
    """The organization through which the actor cares for the person, or None.

    A professional cares for a person registered with one of their care teams, or
    enrolled in a care path their team runs (from acceptance on; an invitation alone
    opens nothing clinical).
    """
    if person_id is None:
        return None
    teams = professional_team_ids(actor)
    registration = (
        PatientRegistration.objects.filter(person_id=person_id, care_team__in=teams)
        .select_related("organization")
        .first()
    )
    if registration is not None:
        return registration.organization.name
    enrollment = (
        Enrollment.objects.filter(
            person_id=person_id, care_team__in=teams, status__in=CARE_STATUSES
        )
        .select_related("care_team__organization")
        .first()
    )
    if enrollment is not None:
        return enrollment.care_team.organization.name
    return None


class PersonalDataHandler:
    resource_type: ClassVar[str]
    self_actions: ClassVar[frozenset[str]]
    care_team_actions: ClassVar[frozenset[str]]
    # The path from the resource to its Person; empty when the resource is the Person.
    person_field: ClassVar[str] = "person"
    actions: ClassVar[frozenset[str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "self_actions" in cls.__dict__ or "care_team_actions" in cls.__dict__:
            cls.actions = frozenset(cls.self_actions | cls.care_team_actions)

    def subject_person_id(self, resource: Any) -> int | None:
        return getattr(resource, f"{self.person_field}_id") if self.person_field else resource.pk

    def decide(self, *, actor: Any, action: str, resource: Any, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            # Proxy relations (guardians, powers of attorney) arrive with the proxy app.
            return Decision(False, "no proxy relation")
        person_id = self.subject_person_id(resource)
        own = getattr(actor, "person", None)
        if own is not None and own.pk == person_id:
            if action in self.self_actions:
                return Decision(True, "self")
            return Decision(False, "action not allowed for self")
        if action not in self.care_team_actions:
            return Decision(False, "action not allowed for staff")
        organization = care_relationship(actor, person_id)
        if organization is None:
            return Decision(False, "no care relationship")
        return Decision(True, "care team", organization=organization)

    def visible(self, *, actor: Any, action: str, queryset: QuerySet) -> QuerySet:
        prefix = f"{self.person_field}__" if self.person_field else ""
        conditions = Q(pk__in=[])
        if action in self.self_actions and getattr(actor, "person", None) is not None:
            conditions |= Q(**{f"{prefix}pk": actor.person.pk})
        if action in self.care_team_actions:
            teams = professional_team_ids(actor)
            conditions |= Q(**{f"{prefix}registrations__care_team__in": teams})
            conditions |= Q(
                **{
                    f"{prefix}enrollments__care_team__in": teams,
                    f"{prefix}enrollments__status__in": CARE_STATUSES,
                }
            )
        return queryset.filter(conditions).distinct()


@register(Person)
class PersonHandler(PersonalDataHandler):
    resource_type = "person"
    person_field = ""
    # What a person may do with their own data, and a professional of their care team.
    self_actions = frozenset({"view_person", "view_record", "view_audit_trail"})
    care_team_actions = frozenset({"view_person", "view_record"})
    # Looking a person up by identity code to refer them to a care program: any
    # professional of a care team may (the person need not be in care yet); the lookup
    # stands in the person's trail.
    lookup_actions: ClassVar[frozenset[str]] = frozenset({"find_person"})
    # Making the record of someone referred before their first login: recorded after the
    # referral's decision on the care team, never decided here.
    recorded_actions: ClassVar[frozenset[str]] = frozenset({"create_person"})
    # An EHR's API client finds and reads the people its organization cares for (an
    # enrollment or invitation with its teams, or a registration with one of them).
    api_client_actions: ClassVar[frozenset[str]] = frozenset({"find_person", "view_person"})
    # Starting to act for the person (the acting-as state of a session): only with an
    # authority in force for them (handlers/proxy.py), asked with `on_behalf_of`.
    proxy_actions: ClassVar[frozenset[str]] = frozenset({"act_for"})

    def decide(self, *, actor: Any, action: str, resource: Any, on_behalf_of: Any) -> Decision:
        if is_api_client(actor):
            return client_decision(actor, resource.pk, on_behalf_of)
        if action in self.proxy_actions:
            if on_behalf_of is None or on_behalf_of.pk != resource.pk:
                return Decision(False, "acting for someone needs them as on_behalf_of")
            found = authority_for_subject(actor, on_behalf_of, None)
            if found is None:
                return Decision(False, "no proxy relation in force")
            return Decision(True, found.reason())
        if action in self.recorded_actions:
            return Decision(False, "recorded with the referral, not decided")
        if action in self.lookup_actions:
            if on_behalf_of is not None or not professional_team_ids(actor).exists():
                return Decision(False, "not a professional of a care team")
            return Decision(True, "referral")
        return super().decide(
            actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
        )

    def visible(self, *, actor: Any, action: str, queryset: QuerySet) -> QuerySet:
        if is_api_client(actor):
            return queryset.filter(client_persons(actor))
        if action in self.proxy_actions:
            # Only ever decided for one person at a time, with `on_behalf_of`.
            return queryset.none()
        if action in self.lookup_actions:
            return queryset if professional_team_ids(actor).exists() else queryset.none()
        return super().visible(actor=actor, action=action, queryset=queryset)


PersonHandler.actions = (
    PersonHandler.actions
    | PersonHandler.lookup_actions
    | PersonHandler.recorded_actions
    | PersonHandler.proxy_actions
)
