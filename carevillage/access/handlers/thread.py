"""Message threads and their attachments (personal health data), the care teams a
patient may write to, and the colleagues a professional may consult.

- the patient of a patient thread (or of an anonymous chat they linked to themselves)
  reads and writes it, but never sees internal notes;
- professionals of the thread's care team read, write, add internal notes and manage it;
- the members of a consultation read and write it (a consultation is never shown to the
  patient it is about);
- a patient may start a thread with a care team they are registered with, or one that
  runs a care path they take part in;
- a professional may consult a professional of an organization they work in.

Each handler answers `decide()` from its own `visible()` (the object is among those the
actor may see for that action), so the two answers cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carevillage.access.actors import is_api_client
from carevillage.access.handlers.api_clients import client_teams
from carevillage.access.handlers.person import professional_team_ids
from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.identity.models import User
from carevillage.messaging.models import Attachment, Thread, ThreadKind, ThreadTag
from carevillage.proxy.rules import Need, Tier
from carevillage.proxy.selectors import Authority
from carevillage.tenants.models import PatientRegistration, Role, StaffMembership

from .proxy import decide_on_behalf

# Everyone allowed into a thread: its patient, its care team, a consultation's members.
READ_WRITE = frozenset({A.VIEW_THREAD, A.LIST_THREADS, A.SEND_MESSAGE, A.VIEW_ATTACHMENT})
# The care team only (never the thread's own patient, even one who also works there).
CARE_TEAM_ONLY = frozenset(
    {
        A.VIEW_INTERNAL_NOTES,
        A.WRITE_INTERNAL_NOTE,
        A.MANAGE_THREAD,
        A.ASSIGN_THREAD,
        A.MARK_THREAD_DONE,
        A.REOPEN_THREAD,
    }
)
# A consultation's members only.
CONSULTATION_ONLY = frozenset({A.ADD_MEMBER, A.ADD_CONSULTATION_MEMBER, A.START_CONSULTATION})
# The thread's patient only.
PATIENT_ONLY = frozenset({A.START_THREAD, A.LINK_ANONYMOUS_CHAT})
# What a proxy may do in the represented person's threads (never internal notes, never
# starting or linking anything yet).
ON_BEHALF = frozenset({A.VIEW_THREAD, A.LIST_THREADS, A.SEND_MESSAGE})


def _health_station_threads(person_id: int) -> Q:
    """General messages with the health station: a patient thread with a care team the
    person is registered with, not tagged (a prescription renewal is not general)."""
    return Q(
        kind=ThreadKind.PATIENT,
        tag=ThreadTag.NONE,
        care_team__in=PatientRegistration.objects.filter(person=person_id).values("care_team"),
    )


def visible_threads_on_behalf(
    *, authority: Authority, action: A, queryset: QuerySet[Thread]
) -> QuerySet[Thread]:
    """A proxy sees the person's own patient threads (an anonymous chat the person later
    linked to themselves stays theirs alone): all of them with an authority for
    messages, only the general ones with the health station that the youth shared with
    their guardians when it covers just those (a guardian of a 12–15-year-old, who reads
    them but does not write)."""
    if action not in ON_BEHALF:
        return queryset.none()
    if action == A.SEND_MESSAGE and authority.tier == Tier.LIMITED:
        # Helsenorge: from 12 a parent still reads but no longer writes for the child.
        return queryset.none()
    own = Q(patient=authority.subject.pk, kind=ThreadKind.PATIENT)
    if authority.covers(Need.MESSAGES):
        return queryset.filter(own)
    if authority.covers(Need.HEALTH_STATION_MESSAGES):
        return queryset.filter(
            own & _health_station_threads(authority.subject.pk) & Q(shared_with_guardians=True)
        )
    return queryset.none()


def is_professional(user: Any) -> bool:
    """Works as a professional somewhere (not only as an editor or org admin)."""
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and StaffMembership.objects.filter(user=user, role=Role.PROFESSIONAL).exists()
    )


# An EHR reads the patient threads of its organization's teams (FHIR Communication),
# never consultations and never internal notes.
API_CLIENT_ACTIONS = frozenset({A.VIEW_THREAD})


def _conditions(actor: Any, action: A) -> Q:
    if is_api_client(actor):
        if action not in API_CLIENT_ACTIONS:
            return Q(pk__in=[])
        return (
            ~Q(kind=ThreadKind.CONSULTATION)
            & Q(patient__isnull=False)
            & Q(care_team__in=client_teams(actor).values("pk"))
        )
    person = getattr(actor, "person", None)
    own = (Q(patient=person) & ~Q(kind=ThreadKind.CONSULTATION)) if person is not None else None
    team = ~Q(kind=ThreadKind.CONSULTATION) & Q(care_team__in=professional_team_ids(actor))
    member = Q(kind=ThreadKind.CONSULTATION, members__user=actor)
    nothing = Q(pk__in=[])
    if action in READ_WRITE:
        return (own or nothing) | team | member
    if action in CARE_TEAM_ONLY:
        return team & ~own if own is not None else team
    if action in CONSULTATION_ONLY:
        return member
    if action in PATIENT_ONLY:
        return own or nothing
    return nothing


def visible_threads(*, actor: Any, action: A, queryset: QuerySet[Thread]) -> QuerySet[Thread]:
    return queryset.filter(pk__in=Thread.objects.filter(_conditions(actor, action)).values("pk"))


def _reason(actor: Any, thread: Thread) -> tuple[str, str]:
    if is_api_client(actor):
        return "API client of the organization", actor.organization_name
    person = getattr(actor, "person", None)
    if thread.kind == ThreadKind.CONSULTATION:
        return "consultation member", ""
    if person is not None and thread.patient_id == person.pk:
        return "self", ""
    organization = thread.care_team.organization.name if thread.care_team is not None else ""
    return "care team", organization


@register(Thread)
class ThreadHandler:
    resource_type = "message_thread"
    actions = READ_WRITE | CARE_TEAM_ONLY | CONSULTATION_ONLY | PATIENT_ONLY
    api_client_actions = API_CLIENT_ACTIONS

    def subject_person_id(self, resource: Thread) -> int | None:
        return resource.patient_id

    def decide(self, *, actor: Any, action: A, resource: Thread, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            return decide_on_behalf(
                self, actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
            )
        shown = self.visible(
            actor=actor, action=action, queryset=Thread.objects.filter(pk=resource.pk)
        )
        if not shown.exists():
            return Decision(False, "no relationship to the thread for this action")
        reason, organization = _reason(actor, resource)
        return Decision(True, reason, organization=organization)

    def visible(self, *, actor: Any, action: A, queryset: QuerySet[Thread]) -> QuerySet[Thread]:
        return visible_threads(actor=actor, action=action, queryset=queryset)

    def need_for(self, resource: Thread) -> Need:
        if (
            Thread.objects.filter(pk=resource.pk)
            .filter(_health_station_threads(resource.patient_id or 0))
            .exists()
        ):
            return Need.HEALTH_STATION_MESSAGES
        return Need.MESSAGES

    def visible_on_behalf(
        self, *, authority: Authority, action: A, queryset: QuerySet[Thread]
    ) -> QuerySet[Thread]:
        return visible_threads_on_behalf(authority=authority, action=action, queryset=queryset)


@register(Attachment)
class AttachmentHandler:
    """An attachment goes with its message: an internal note's attachment is the care
    team's only, like the note."""

    resource_type = "message_attachment"
    actions = frozenset({A.VIEW_ATTACHMENT})

    def subject_person_id(self, resource: Attachment) -> int | None:
        return resource.message.thread.patient_id

    def need_for(self, resource: Attachment) -> Need:
        return ThreadHandler().need_for(resource.message.thread)

    def visible_on_behalf(
        self, *, authority: Authority, action: A, queryset: QuerySet[Attachment]
    ) -> QuerySet[Attachment]:
        """The attachments of the messages a proxy reads (never an internal note's)."""
        threads = visible_threads_on_behalf(
            authority=authority, action=A.VIEW_THREAD, queryset=Thread.objects.all()
        )
        return queryset.filter(message__thread__in=threads.values("pk"), message__internal=False)

    def decide(self, *, actor: Any, action: A, resource: Attachment, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            return decide_on_behalf(
                self, actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
            )
        shown = self.visible(
            actor=actor, action=action, queryset=Attachment.objects.filter(pk=resource.pk)
        )
        if not shown.exists():
            return Decision(False, "no relationship to the attachment's message")
        reason, organization = _reason(actor, resource.message.thread)
        return Decision(True, reason, organization=organization)

    def visible(
        self, *, actor: Any, action: A, queryset: QuerySet[Attachment]
    ) -> QuerySet[Attachment]:
        threads = Thread.objects.filter(_conditions(actor, A.VIEW_ATTACHMENT)).values("pk")
        notes = Thread.objects.filter(_conditions(actor, A.VIEW_INTERNAL_NOTES)).values("pk")
        return queryset.filter(message__thread__in=threads).filter(
            Q(message__internal=False) | Q(message__thread__in=notes)
        )


@register(User)
class ColleagueHandler:
    """Professionals consult each other: a professional starts a consultation (the
    resource is themselves), and asks professionals of an organization they work in as
    a professional."""

    resource_type = "colleague"
    actions = frozenset({A.START_CONSULTATION, A.ADD_CONSULTATION_MEMBER})

    def subject_person_id(self, resource: User) -> int | None:
        return None

    def decide(self, *, actor: Any, action: A, resource: User, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            return Decision(False, "no proxy relation")
        shown = self.visible(
            actor=actor, action=action, queryset=User.objects.filter(pk=resource.pk)
        )
        if not shown.exists():
            return Decision(False, "not a professional colleague")
        return Decision(True, "professional colleague")

    def visible(self, *, actor: Any, action: A, queryset: QuerySet[User]) -> QuerySet[User]:
        organizations = StaffMembership.objects.filter(user=actor, role=Role.PROFESSIONAL).values(
            "organization"
        )
        if action == A.START_CONSULTATION:
            professional = User.objects.filter(
                pk=actor.pk, staff_memberships__role=Role.PROFESSIONAL
            ).values("pk")
            return queryset.filter(pk__in=professional)
        colleagues = User.objects.filter(
            staff_memberships__role=Role.PROFESSIONAL,
            staff_memberships__organization__in=organizations,
        ).values("pk")
        return queryset.filter(pk__in=colleagues)
