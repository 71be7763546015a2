"""Anonymous chats: the young person who started one has no login; holding the chat's
resume code is what lets them in (their browser session keeps the chat and the code's
hash, and typing the code on another device does the same). The nurses of the care team
that offers the chat service answer it.

Linking the chat to a named patient voids the code: from then on the chat is the
patient's thread (thread.py) and the code opens nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from carevillage.access.handlers.person import professional_team_ids
from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.messaging.models import AnonymousChat


@dataclass(frozen=True)
class ResumeCodeHolder:
    """An actor without a login: whoever holds the resume code of one anonymous chat."""

    thread_id: int
    code_hash: str
    pk: None = None
    person: None = None
    is_authenticated: bool = True

    def display_name(self) -> str:
        return "anonymous chat writer"

    def primary_organization_name(self) -> str:
        return ""


@register(AnonymousChat)
class AnonymousChatHandler:
    resource_type = "message_thread"
    actions = frozenset({A.VIEW_THREAD, A.SEND_MESSAGE, A.LINK_ANONYMOUS_CHAT})

    def subject_person_id(self, resource: AnonymousChat) -> int | None:
        return resource.patient_id

    def decide(
        self, *, actor: Any, action: A, resource: AnonymousChat, on_behalf_of: Any
    ) -> Decision:
        if on_behalf_of is not None:
            return Decision(False, "no proxy relation")
        shown = self.visible(
            actor=actor, action=action, queryset=AnonymousChat.objects.filter(pk=resource.pk)
        )
        if not shown.exists():
            return Decision(False, "neither the code holder nor the service's nurse")
        if isinstance(actor, ResumeCodeHolder):
            return Decision(True, "resume code holder")
        return Decision(True, "care team")

    def visible(
        self, *, actor: Any, action: A, queryset: QuerySet[AnonymousChat]
    ) -> QuerySet[AnonymousChat]:
        if isinstance(actor, ResumeCodeHolder):
            if not actor.code_hash:
                return queryset.none()
            # A linked chat's code was voided (its hash is empty), so it matches nothing.
            return queryset.filter(pk=actor.thread_id, resume_code_hash=actor.code_hash)
        if action == A.LINK_ANONYMOUS_CHAT:
            return queryset.none()  # only the code holder links it to themselves
        return queryset.filter(Q(care_team__in=professional_team_ids(actor)))
