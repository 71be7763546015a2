"""Every read in messaging. Anything that shows a thread, a message or an attachment
takes the acting user and goes through `access` (decided and audited); every list of
threads is filtered by `access.visible` and audited with `access.record_listing`."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from carevillage import access
from carevillage.access.actors import subject_person
from carevillage.access.handlers.anonymous_chat import ResumeCodeHolder
from carevillage.audit.actions import AuditAction
from carevillage.identity.models import Person, User
from carevillage.tenants.models import CareTeam, Role

from .models import (
    AnonymousChat,
    Attachment,
    ChatService,
    ConsultationMember,
    Message,
    ReadMark,
    Thread,
    ThreadKind,
    ThreadStatus,
)

# The largest id a database column holds; anything larger names nothing.
MAX_ID = 2**63 - 1


def parse_id(value: Any) -> int | None:
    """An id typed into a form or a URL: a positive integer the database can hold."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def is_patient_side(*, actor: Any, thread: Thread) -> bool:
    """The patient of a thread never sees internal notes; everyone else allowed in is staff."""
    person = subject_person(actor)
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


def thread_for(
    *, actor: Any, thread_id: int, action: AuditAction = AuditAction.VIEW_THREAD
) -> Thread:
    """One thread, or 404 for a missing one and for one the actor may not see (audited)."""
    return access.get(
        actor,
        action,
        Thread.objects.select_related("care_team__organization", "patient", "assigned_to"),
        pk=thread_id,
    )


def messages_after(*, actor: Any, thread: Thread, after_id: int = 0) -> list[Message]:
    """The messages the actor may see after a cursor. Call `thread_for` first: it decides."""
    return list(
        _visible_messages(actor=actor, thread=thread)
        .filter(pk__gt=after_id)
        .select_related("on_behalf_of")
        .prefetch_related("attachments")
        .order_by("pk")
    )


def attachment_for(*, actor: Any, thread: Thread, attachment_id: int) -> Attachment:
    return access.get(
        actor,
        AuditAction.VIEW_ATTACHMENT,
        Attachment.objects.select_related("message__thread").filter(message__thread=thread),
        pk=attachment_id,
    )


def _threads(actor: Any, kinds: tuple[str, ...] | None = None) -> QuerySet[Thread]:
    """Threads the actor may see, each with `unread` (messages newer than their read mark)."""
    threads = access.visible(actor, AuditAction.LIST_THREADS, Thread.objects.all())
    if kinds:
        threads = threads.filter(kind__in=kinds)
    read_up_to = ReadMark.objects.filter(thread=OuterRef("pk"), user=actor).values(
        "last_read_message_id"
    )[:1]
    person = subject_person(actor)
    unread = Q(messages__pk__gt=Coalesce(Subquery(read_up_to), Value(0))) & ~Q(
        messages__author=actor
    )
    if person is not None:
        # The patient's own threads: internal notes are not theirs to count.
        unread &= ~(Q(patient=person) & Q(messages__internal=True))
    return (
        threads.annotate(unread=Count("messages", filter=unread, distinct=True))
        .select_related("care_team", "assigned_to", "patient")
        .order_by("-last_message_at", "-pk")
    )


def _listed(actor: Any, threads: Iterable[Thread], *, purpose: str) -> list[Thread]:
    """The threads as shown, each audited as seen in a list (one insert)."""
    shown = list(threads)
    access.record_listing(actor, AuditAction.LIST_THREADS, shown, purpose=purpose)
    return shown


def _own_threads(actor: Any) -> QuerySet[Thread]:
    person = subject_person(actor)
    if person is None:
        return Thread.objects.none()
    return _threads(actor).filter(patient=person).exclude(kind=ThreadKind.CONSULTATION)


def patient_threads_for(*, actor: Any) -> list[Thread]:
    """The patient's own threads, as their message list shows them."""
    return _listed(actor, _own_threads(actor), purpose="my messages")


def _unread(thread: Thread) -> int:
    """The unread count the thread querysets here annotate."""
    return int(thread.unread)  # type: ignore[attr-defined]  # set by .annotate(unread=...)


def unread_count_for_patient(*, actor: Any) -> int:
    """A number on My page (no thread is shown, so nothing to audit)."""
    return sum(_unread(t) for t in _own_threads(actor))


def care_teams_to_write_to(
    *, actor: Any = None, person: Person | None = None
) -> QuerySet[CareTeam]:
    """The teams the actor (or the person's own login) may write to: those they are
    registered with, and those running a care path they take part in."""
    if actor is None:
        actor = person.user if person is not None else None
    return access.visible(
        actor, AuditAction.MESSAGE_CARE_TEAM, CareTeam.objects.select_related("organization")
    ).order_by("name")


def care_team_to_write_to(*, actor: Any, care_team_id: Any) -> CareTeam | None:
    team_id = parse_id(care_team_id)
    if team_id is None:
        return None
    return care_teams_to_write_to(actor=actor).filter(pk=team_id).first()


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
        _threads(actor, kinds=(ThreadKind.PATIENT, ThreadKind.ANONYMOUS)).exclude(
            patient__user=actor
        )
    )
    open_threads = [t for t in threads if t.status == ThreadStatus.OPEN]
    done = [t for t in threads if t.status == ThreadStatus.DONE][:20]
    _listed(actor, open_threads + done, purpose="team inbox")
    since = timezone.now() - timedelta(days=30)
    recent = [t for t in threads if t.created_at >= since]
    waits = [t.first_response_at - t.created_at for t in recent if t.first_response_at is not None]
    return Inbox(
        unassigned=[t for t in open_threads if t.assigned_to_id is None],
        mine=[t for t in open_threads if t.assigned_to_id == actor.pk],
        others=[t for t in open_threads if t.assigned_to_id not in (None, actor.pk)],
        done=done,
        unread_total=sum(_unread(t) for t in threads),
        median_first_response=(
            dt.timedelta(seconds=statistics.median(w.total_seconds() for w in waits))
            if waits
            else None
        ),
        answered_share=(len(waits) / len(recent)) if recent else None,
    )


def staff_unread_count(*, actor: Any) -> int:
    return sum(_unread(t) for t in _threads(actor).exclude(patient__user=actor))


def colleagues_in_team(*, thread: Thread) -> QuerySet[User]:
    """Professionals of the thread's care team: whom it can be assigned to."""
    if thread.care_team_id is None or thread.care_team is None:
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


def colleague_in_team(*, thread: Thread, user_id: Any) -> User | None:
    pk = parse_id(user_id)
    return None if pk is None else colleagues_in_team(thread=thread).filter(pk=pk).first()


def colleagues_for_consultation(*, actor: Any) -> QuerySet[User]:
    """Professionals in the organizations where the actor works as a professional."""
    return access.visible(
        actor, AuditAction.ADD_CONSULTATION_MEMBER, User.objects.exclude(pk=actor.pk)
    ).order_by("last_name", "first_name")


def colleague_for_consultation(*, actor: Any, user_id: Any) -> User | None:
    pk = parse_id(user_id)
    return None if pk is None else colleagues_for_consultation(actor=actor).filter(pk=pk).first()


def users_by_ids(ids: Iterable[int]) -> list[User]:
    """The users a consultation form named (each is decided on by the service)."""
    return list(User.objects.filter(pk__in=list(ids)))


def patients_for_consultation(*, actor: Any) -> list[Person]:
    """Patients the actor cares for (filtered by the access policy in the database), each
    audited as seen in the consultation form's patient list."""
    patients = list(
        access.visible(actor, AuditAction.VIEW_PERSON, Person.objects.all()).order_by(
            "family_name", "given_name"
        )
    )
    access.record_listing(
        actor, AuditAction.VIEW_PERSON, patients, purpose="consultation patient list"
    )
    return patients


def person_by_id(person_id: int) -> Person | None:
    """The patient a consultation form named (decided on by the service)."""
    return Person.objects.filter(pk=person_id).first()


def consultations_for(*, actor: Any) -> list[Thread]:
    return _listed(
        actor, _threads(actor, kinds=(ThreadKind.CONSULTATION,)), purpose="consultations"
    )


def consultation_members(*, thread: Thread) -> list[ConsultationMember]:
    if thread.kind != ThreadKind.CONSULTATION:
        return []
    return list(thread.members.select_related("user"))


# --- anonymous chat ----------------------------------------------------------------------


def chat_service(*, slug: str) -> ChatService:
    service = ChatService.objects.select_related("care_team").filter(slug=slug).first()
    if service is None:
        raise Http404
    return service


def chat_is_open(service: ChatService, now: datetime | None = None) -> bool:
    local = (now or timezone.now()).astimezone(ZoneInfo(settings.TIME_ZONE))
    return (
        str(local.weekday()) in service.weekdays
        and service.opens_at <= local.time() < service.closes_at
    )


def anonymous_chat_for(*, holder: ResumeCodeHolder | None) -> AnonymousChat | None:
    """The chat the holder's code opens (decided and audited), or None."""
    if holder is None:
        return None
    try:
        return access.get(holder, AuditAction.VIEW_THREAD, AnonymousChat, pk=holder.thread_id)
    except Http404:
        return None


def anonymous_messages_after(*, holder: ResumeCodeHolder, after_id: int = 0) -> list[Message]:
    """For the anonymous writer (call `anonymous_chat_for` first: it decides)."""
    return list(
        Message.objects.filter(
            thread_id=holder.thread_id,
            thread__resume_code_hash=holder.code_hash,
            internal=False,
            pk__gt=after_id,
        ).order_by("pk")
    )


@dataclass(frozen=True)
class ChatQueueEntry:
    thread: Thread
    waiting: timedelta


def anonymous_queue(*, actor: Any) -> list[ChatQueueEntry]:
    """Anonymous chats of the actor's teams that nobody has answered yet, oldest first."""
    now = timezone.now()
    threads = _listed(
        actor,
        _threads(actor, kinds=(ThreadKind.ANONYMOUS,))
        .filter(status=ThreadStatus.OPEN, first_response_at__isnull=True)
        .order_by("created_at"),
        purpose="chat queue",
    )
    return [ChatQueueEntry(thread=t, waiting=now - t.created_at) for t in threads]


def anonymous_chats_in_progress(*, actor: Any) -> list[Thread]:
    return _listed(
        actor,
        _threads(actor, kinds=(ThreadKind.ANONYMOUS,)).filter(
            status=ThreadStatus.OPEN, first_response_at__isnull=False
        ),
        purpose="chat queue",
    )


def chat_queue_team_ids(*, actor: Any) -> list[int]:
    """The care teams whose anonymous chat queue the actor's page follows. The socket
    carries only "the queue changed"; the page then reloads the queue through the
    access policy."""
    return list(
        CareTeam.objects.filter(memberships__user=actor).values_list("pk", flat=True).distinct()
    )


def nurses_on_duty(*, actor: Any) -> list[User]:
    """Professionals of the actor's teams who have had the chat queue open lately."""
    colleagues = list(
        User.objects.filter(
            care_team_memberships__care_team__in=actor.care_team_memberships.values("care_team"),
            staff_memberships__role=Role.PROFESSIONAL,
        ).distinct()
    )
    seen = cache.get_many([f"messaging-on-duty:{u.pk}" for u in colleagues])
    return [u for u in colleagues if f"messaging-on-duty:{u.pk}" in seen]


def chat_services() -> list[dict[str, str]]:
    """The anonymous chat services citizens can open (slug, title, the team's name)."""
    return [
        {"slug": s.slug, "title": s.title, "team": s.care_team.name}
        for s in ChatService.objects.select_related("care_team").order_by("title")
    ]
