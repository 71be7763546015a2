"""Message threads and their attachments: personal health data.

- the patient of a patient thread (or of an anonymous chat they linked to themselves)
  reads and writes it, but never sees internal notes;
- professionals of the thread's care team read, write, add internal notes and manage it;
- the members of a consultation read and write it (a consultation is never shown to the
  patient it is about).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carevillage.access.handlers.person import professional_team_ids
from carevillage.access.policy import Decision, register
from carevillage.messaging.models import Attachment, Thread, ThreadKind

SELF_ACTIONS = {"view_thread", "send_message", "view_attachment"}
CARE_TEAM_ACTIONS = SELF_ACTIONS | {"view_internal_notes", "write_internal_note", "manage_thread"}
CONSULTATION_ACTIONS = {"view_thread", "send_message", "view_attachment", "add_member"}


def decide_thread(*, actor: Any, action: str, thread: Thread) -> Decision:
    person = getattr(actor, "person", None)
    if thread.kind == ThreadKind.CONSULTATION:
        if action in CONSULTATION_ACTIONS and thread.members.filter(user=actor).exists():
            return Decision(True, "consultation member")
        return Decision(False, "not a consultation member")
    if person is not None and thread.patient_id == person.pk:
        if action in SELF_ACTIONS:
            return Decision(True, "self")
        return Decision(False, "action not allowed for self")
    if action not in CARE_TEAM_ACTIONS:
        return Decision(False, "action not allowed for staff")
    if (
        thread.care_team_id is None
        or not professional_team_ids(actor).filter(care_team=thread.care_team_id).exists()
    ):
        return Decision(False, "not in the thread's care team")
    return Decision(True, "care team", organization=thread.care_team.organization.name)


def visible_threads(*, actor: Any, action: str, queryset: QuerySet) -> QuerySet:
    conditions = Q(pk__in=[])
    person = getattr(actor, "person", None)
    if action in SELF_ACTIONS and person is not None:
        conditions |= Q(patient=person) & ~Q(kind=ThreadKind.CONSULTATION)
    if action in CARE_TEAM_ACTIONS:
        conditions |= ~Q(kind=ThreadKind.CONSULTATION) & Q(
            care_team__in=professional_team_ids(actor)
        )
    if action in CONSULTATION_ACTIONS:
        conditions |= Q(kind=ThreadKind.CONSULTATION, members__user=actor)
    return queryset.filter(conditions).distinct()


@register(Thread)
class ThreadHandler:
    resource_type = "message_thread"
    actions = frozenset(CARE_TEAM_ACTIONS | CONSULTATION_ACTIONS)

    def subject_person_id(self, resource: Thread) -> int | None:
        return resource.patient_id

    def decide(self, *, actor: Any, action: str, resource: Thread, on_behalf_of: Any) -> Decision:
        if on_behalf_of is not None:
            return Decision(False, "no proxy relation")
        return decide_thread(actor=actor, action=action, thread=resource)

    def visible(self, *, actor: Any, action: str, queryset: QuerySet) -> QuerySet:
        return visible_threads(actor=actor, action=action, queryset=queryset)


@register(Attachment)
class AttachmentHandler:
    resource_type = "message_attachment"
    actions = frozenset({"view_attachment"})

    def subject_person_id(self, resource: Attachment) -> int | None:
        return resource.message.thread.patient_id

    def decide(
        self, *, actor: Any, action: str, resource: Attachment, on_behalf_of: Any
    ) -> Decision:
        if on_behalf_of is not None:
            return Decision(False, "no proxy relation")
        if action != "view_attachment":
            return Decision(False, "action not allowed")
        thread = resource.message.thread
        decision = decide_thread(actor=actor, action=action, thread=thread)
        if decision and resource.message.internal:
            notes = decide_thread(actor=actor, action="view_internal_notes", thread=thread)
            if not notes:
                return Decision(False, "internal note")
        return decision

    def visible(self, *, actor: Any, action: str, queryset: QuerySet) -> QuerySet:
        threads = visible_threads(actor=actor, action=action, queryset=Thread.objects.all())
        return queryset.filter(message__thread__in=threads)
