"""Every read in messaging. Anything that shows a thread, a message or an attachment
takes the acting user and goes through `access` (decided and audited)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from carevillage import access
from carevillage.identity.models import Person, User
from carevillage.tenants.models import CareTeam, Role

from .models import (
    Attachment,
    ChatService,
    Message,
    ReadMark,
    Thread,
    ThreadKind,
    ThreadStatus,
)


def is_patient_side(*, actor: Any, thread: Thread) -> bool:
    """The patient of a thread never sees internal notes; everyone else allowed in is staff."""
    person = getattr(actor, "person", None)
    return (
        thread.kind != ThreadKind.CONSULTATION
        and person is not None
        and thread.patient_id == person.pk
    )


def _visible_messages(*, actor: Any, thread: Thread) -> QuerySet[Message]:
    messages = thread.messages.all()
    if is_patient_side(actor=actor, thread=thread):
        messages = messages.filter(internal=False)
    return messages


def thread_for(*, actor: Any, thread_id: int) -> Thread:
    """One thread, or 404 for a missing one and for one the actor may not see (audited)."""
    thread = (
        Thread.objects.select_related("care_team__organization", "patient", "assigned_to")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        raise Http404
    access.require(actor, "view_thread", thread)
    return thread


def messages_after(*, actor: Any, thread: Thread, after_id: int = 0) -> list[Message]:
    """The messages the actor may see after a cursor. Call `thread_for` first: it decides."""
    return list(
        _visible_messages(actor=actor, thread=thread)
        .filter(pk__gt=after_id)
        .prefetch_related("attachments")
        .order_by("pk")
    )


def anonymous_messages_after(*, thread: Thread, after_id: int = 0) -> list[Message]:
    """For the anonymous writer, whose session holds the thread (no user to decide for)."""
    return list(thread.messages.filter(internal=False, pk__gt=after_id).order_by("pk"))


def attachment_for(*, actor: Any, thread: Thread, attachment_id: int) -> Attachment:
    attachment = (
        Attachment.objects.select_related("message__thread")
        .filter(pk=attachment_id, message__thread=thread)
        .first()
    )
    if attachment is None:
        raise Http404
    access.require(actor, "view_attachment", attachment)
    return attachment


def _unread_filter(actor: Any) -> Q:
    return ~Q(author=actor)


def threads_for(*, actor: Any, kinds: tuple[str, ...] | None = None) -> QuerySet[Thread]:
    """Threads the actor may see, each with `unread` (messages newer than their read mark)."""
    threads = access.visible(actor, "view_thread", Thread.objects.all())
    if kinds:
        threads = threads.filter(kind__in=kinds)
    read_up_to = ReadMark.objects.filter(thread=OuterRef("pk"), user=actor).values(
        "last_read_message_id"
    )[:1]
    person = getattr(actor, "person", None)
    unread = Q(messages__pk__gt=Coalesce(Subquery(read_up_to), Value(0))) & ~Q(
        messages__author=actor
    )
    if person is not None:
        # The patient's own threads: internal notes are not theirs to count.
        unread &= ~(Q(patient=person) & Q(messages__internal=True))
    return (
        Thread.objects.filter(pk__in=threads.values("pk"))
        .annotate(unread=Count("messages", filter=unread, distinct=True))
        .select_related("care_team", "assigned_to", "patient")
        .order_by("-last_message_at", "-pk")
    )


def patient_threads_for(*, actor: Any) -> QuerySet[Thread]:
    person = getattr(actor, "person", None)
    if person is None:
        return Thread.objects.none()
    return threads_for(actor=actor).filter(patient=person).exclude(kind=ThreadKind.CONSULTATION)


def unread_count_for_patient(*, actor: Any) -> int:
    return sum(t.unread for t in patient_threads_for(actor=actor))


def care_teams_to_write_to(*, person: Person) -> QuerySet[CareTeam]:
    """The teams the person may write to: those they are registered with, and those
    running a care path they take part in."""
    from carevillage.carepaths.selectors import teams_running_active_enrollments

    return (
        CareTeam.objects.filter(
            Q(registrations__person=person)
            | Q(pk__in=teams_running_active_enrollments(person=person))
        )
        .select_related("organization")
        .distinct()
    )


@dataclass(frozen=True)
class Inbox:
    unassigned: list[Thread]
    mine: list[Thread]
    others: list[Thread]
    done: list[Thread]
    unread_total: int
    median_first_response: timedelta | None
    answered_share: float | None


def team_inbox(*, actor: Any) -> Inbox:
    """Open threads of the actor's care teams, split by who has them, plus figures."""
    threads = list(
        threads_for(actor=actor, kinds=(ThreadKind.PATIENT, ThreadKind.ANONYMOUS)).exclude(
            patient__user=actor
        )
    )
    open_threads = [t for t in threads if t.status == ThreadStatus.OPEN]
    since = timezone.now() - timedelta(days=30)
    recent = [t for t in threads if t.created_at >= since]
    waits = [t.first_response_at - t.created_at for t in recent if t.first_response_at is not None]
    return Inbox(
        unassigned=[t for t in open_threads if t.assigned_to_id is None],
        mine=[t for t in open_threads if t.assigned_to_id == actor.pk],
        others=[t for t in open_threads if t.assigned_to_id not in (None, actor.pk)],
        done=[t for t in threads if t.status == ThreadStatus.DONE][:20],
        unread_total=sum(t.unread for t in threads),
        median_first_response=statistics.median(waits) if waits else None,
        answered_share=(len(waits) / len(recent)) if recent else None,
    )


def staff_unread_count(*, actor: Any) -> int:
    return sum(t.unread for t in threads_for(actor=actor).exclude(patient__user=actor))


def colleagues_in_team(*, thread: Thread) -> QuerySet[User]:
    """Professionals of the thread's care team: whom it can be assigned to."""
    if thread.care_team_id is None:
        return User.objects.none()
    return (
        User.objects.filter(
            care_team_memberships__care_team=thread.care_team_id,
            staff_memberships__role=Role.PROFESSIONAL,
            staff_memberships__organization=thread.care_team.organization_id,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def colleagues_for_consultation(*, actor: Any) -> QuerySet[User]:
    """Professionals in the organizations where the actor works as a professional."""
    return (
        User.objects.filter(
            staff_memberships__role=Role.PROFESSIONAL,
            staff_memberships__organization__in=actor.staff_memberships.filter(
                role=Role.PROFESSIONAL
            ).values("organization"),
        )
        .exclude(pk=actor.pk)
        .distinct()
        .order_by("last_name", "first_name")
    )


def patients_for_consultation(*, actor: Any) -> QuerySet[Person]:
    """Patients the actor cares for (filtered by the access policy in the database)."""
    return access.visible(actor, "view_person", Person.objects.all()).order_by(
        "family_name", "given_name"
    )


def consultations_for(*, actor: Any) -> QuerySet[Thread]:
    return threads_for(actor=actor, kinds=(ThreadKind.CONSULTATION,))


@dataclass(frozen=True)
class ChatQueueEntry:
    thread: Thread
    waiting: timedelta


def anonymous_queue(*, actor: Any) -> list[ChatQueueEntry]:
    """Anonymous chats of the actor's teams that nobody has answered yet, oldest first."""
    now = timezone.now()
    threads = (
        threads_for(actor=actor, kinds=(ThreadKind.ANONYMOUS,))
        .filter(status=ThreadStatus.OPEN, first_response_at__isnull=True)
        .order_by("created_at")
    )
    return [ChatQueueEntry(thread=t, waiting=now - t.created_at) for t in threads]


def anonymous_chats_in_progress(*, actor: Any) -> QuerySet[Thread]:
    return threads_for(actor=actor, kinds=(ThreadKind.ANONYMOUS,)).filter(
        status=ThreadStatus.OPEN, first_response_at__isnull=False
    )


def nurses_on_duty(*, actor: Any) -> list[User]:
    """Professionals of the actor's teams who have had the chat queue open lately."""
    from django.core.cache import cache

    colleagues = User.objects.filter(
        care_team_memberships__care_team__in=actor.care_team_memberships.values("care_team"),
        staff_memberships__role=Role.PROFESSIONAL,
    ).distinct()
    seen = cache.get_many([f"messaging-on-duty:{u.pk}" for u in colleagues])
    return [u for u in colleagues if f"messaging-on-duty:{u.pk}" in seen]


def chat_services() -> list[dict[str, str]]:
    """The anonymous chat services citizens can open (slug, title, the team's name)."""
    return [
        {"slug": s.slug, "title": s.title, "team": s.care_team.name}
        for s in ChatService.objects.select_related("care_team").order_by("title")
    ]
