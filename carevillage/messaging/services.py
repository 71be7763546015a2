"""Every write in messaging. Each function is one state change: inside `access.atomic`,
the decision (`access.require`) is its audit event, and its notification task and (after
commit) its live broadcast go with it."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.access.actors import acting_for, subject_person
from carevillage.access.handlers.anonymous_chat import ResumeCodeHolder
from carevillage.audit.actions import AuditAction
from carevillage.identity.models import User
from carevillage.notify.services import notify_new_message
from carevillage.tenants.models import CareTeam
from carevillage.tenants.selectors import is_professional_in_team

from . import live
from .attachments import clean_attachments, store
from .errors import refuse_unless
from .models import (
    AnonymousChat,
    ConsultationMember,
    Message,
    ReadMark,
    Thread,
    ThreadKind,
    ThreadStatus,
    ThreadTag,
)

MAX_BODY_CHARS = 5000


# --- rate limits -------------------------------------------------------------------


def _rate_limit(*, key: str, limit: int, window_seconds: int, message: str) -> None:
    """A fixed window counter in the cache; refuses once `limit` is reached in the window."""
    bucket = f"messaging-rate:{key}:{int(time.time() // window_seconds)}"
    cache.add(bucket, 0, timeout=window_seconds + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:
        cache.set(bucket, 1, timeout=window_seconds + 1)
        count = 1
    if count > limit:
        raise ValidationError(message, code="rate_limited")


def _check_send_rate(key: str) -> None:
    _rate_limit(
        key=f"send:{key}",
        limit=int(
            getattr(
                settings,
                "MESSAGING_SEND_LIMIT_PER_MINUTE",
                os.environ.get("MESSAGING_SEND_LIMIT_PER_MINUTE", "20"),
            )
        ),
        window_seconds=60,
        message=_("You are sending messages very fast. Wait a minute and try again."),
    )


# --- validation ------------------------------------------------------------------


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message before sending."), code="empty")
    if len(body) > MAX_BODY_CHARS:
        raise ValidationError(
            _("The message is too long: at most %(max)d characters.") % {"max": MAX_BODY_CHARS},
            code="too_long",
        )
    return body


# --- sending -----------------------------------------------------------------------


def _author_label(actor: Any) -> str:
    return str(actor.display_name())


def _save_message(
    *,
    thread: Thread,
    author: Any,
    author_label: str,
    from_staff: bool,
    body: str,
    client_key: uuid.UUID,
    internal: bool,
    attachments: list[tuple[UploadedFile, str]],
    counts_as_response: bool = True,
) -> tuple[Message, bool]:
    """Inside the caller's transaction. Returns the existing message for a repeated key."""
    existing = Message.objects.filter(thread=thread, client_key=client_key).first()
    if existing is not None:
        return existing, False
    written: list[Path] = []
    try:
        with access.atomic():
            message = Message.objects.create(
                thread=thread,
                author=author,
                author_label=author_label,
                on_behalf_of=acting_for(author),
                from_staff=from_staff,
                body=body,
                client_key=client_key,
                internal=internal,
            )
            for upload, content_type in attachments:
                store(upload, content_type, message, written)
    except IntegrityError:
        for path in written:
            path.unlink(missing_ok=True)
        # The same key won a race in another request: that message is the one.
        existing = Message.objects.filter(thread=thread, client_key=client_key).first()
        if existing is None:
            raise
        return existing, False
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    now = message.created_at
    updates: dict[str, Any] = {"last_message_at": now}
    if from_staff and not internal and counts_as_response and thread.first_response_at is None:
        updates["first_response_at"] = now
        thread.first_response_at = now
    Thread.objects.filter(pk=thread.pk).update(**updates)
    thread.last_message_at = now
    message_id, thread_id = message.pk, thread.pk
    transaction.on_commit(lambda: live.broadcast_new_message(message_id, thread_id))
    if thread.kind == ThreadKind.ANONYMOUS and thread.care_team_id is not None:
        team_id = thread.care_team_id
        transaction.on_commit(lambda: live.broadcast_queue_changed(team_id))
    return message, True


def _notify_patient(thread: Thread, message: Message) -> None:
    """The patient gets "You have a new message" when the care team answers."""
    if thread.patient_id is None or message.internal or not message.from_staff:
        return
    user = thread.patient.user if thread.patient is not None else None
    if user is None or thread.kind == ThreadKind.CONSULTATION:
        return
    notify_new_message(
        recipient=user,
        key=f"message:{message.pk}",
        link_path=reverse("messaging:thread", args=[thread.pk]),
    )


def _is_staff_writer(actor: Any, thread: Thread) -> bool:
    person = subject_person(actor)
    return (
        thread.kind == ThreadKind.CONSULTATION or person is None or (thread.patient_id != person.pk)
    )


class _AlreadySent(Exception):
    """A repeated client key: the send is undone (its audit event too) and the earlier
    message is the answer."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.pk)
        self.message = message


def send_message(
    *,
    actor: Any,
    thread: Thread,
    body: str,
    client_key: uuid.UUID,
    internal: bool = False,
    files: Sequence[UploadedFile] = (),
) -> tuple[Message, bool]:
    """Send (or, for a repeated client key, find) a message. Returns (message, created).

    A repeated key (a double click, a retry after a lost answer, two tabs racing) is one
    message and one "wrote a message" event: the repeat is decided like any send, then
    rolled back whole and answered with the message that was sent."""
    try:
        return _send_once(
            actor=actor,
            thread=thread,
            body=body,
            client_key=client_key,
            internal=internal,
            files=files,
        ), True
    except _AlreadySent as repeat:
        return repeat.message, False


@access.atomic
def _send_once(
    *,
    actor: Any,
    thread: Thread,
    body: str,
    client_key: uuid.UUID,
    internal: bool,
    files: Sequence[UploadedFile],
) -> Message:
    body = clean_body(body)
    attachments = clean_attachments(files)
    access.require(
        actor, AuditAction.WRITE_INTERNAL_NOTE if internal else AuditAction.SEND_MESSAGE, thread
    )
    existing = Message.objects.filter(thread=thread, client_key=client_key).first()
    if existing is not None:
        raise _AlreadySent(existing)
    _check_send_rate(f"user:{actor.pk}")
    if thread.status == ThreadStatus.DONE and not _is_staff_writer(actor, thread):
        # A patient writing to a closed thread reopens it for the team.
        Thread.objects.filter(pk=thread.pk).update(status=ThreadStatus.OPEN)
    message, created = _save_message(
        thread=thread,
        author=actor,
        author_label=_author_label(actor),
        from_staff=_is_staff_writer(actor, thread),
        body=body,
        client_key=client_key,
        internal=internal,
        attachments=attachments,
    )
    if not created:
        raise _AlreadySent(message)
    _notify_patient(thread, message)
    return message


@access.atomic
def start_thread(
    *,
    actor: Any,
    care_team: CareTeam,
    topic: str,
    body: str,
    client_key: uuid.UUID,
    files: Sequence[UploadedFile] = (),
    tag: str = ThreadTag.NONE,
    shared_with_guardians: bool = False,
) -> Thread:
    """A patient writes to a care team that treats them (registration or care path).
    `tag` marks what the thread is for (a renewal request opened by the records app)."""
    person = subject_person(actor)
    topic = (topic or "").strip()
    if not topic:
        raise ValidationError(_("Write a topic for your message."), code="no_topic")
    if len(topic) > 200:
        raise ValidationError(_("The topic is too long: at most 200 characters."), code="long")
    body = clean_body(body)
    attachments = clean_attachments(files)
    refuse_unless(
        access.decide(actor, AuditAction.MESSAGE_CARE_TEAM, care_team),
        _("You can only write to a care team that treats you."),
        code="no_relationship",
    )
    earlier = Message.objects.filter(
        client_key=client_key, thread__patient=person, thread__kind=ThreadKind.PATIENT
    ).first()
    if earlier is not None:
        return earlier.thread
    _check_send_rate(f"user:{actor.pk}")
    thread = Thread.objects.create(
        kind=ThreadKind.PATIENT,
        topic=topic,
        patient=person,
        care_team=care_team,
        created_by=actor,
        tag=tag,
        shared_with_guardians=shared_with_guardians,
    )
    access.record(actor, AuditAction.START_THREAD, thread)
    _save_message(
        thread=thread,
        author=actor,
        author_label=_author_label(actor),
        from_staff=False,
        body=body,
        client_key=client_key,
        internal=False,
        attachments=attachments,
    )
    return thread


def post_service_message(*, thread: Thread, body: str, client_key: uuid.UUID) -> Message:
    """A message the service itself writes into a patient thread (a renewal request that
    lapsed unanswered), inside the caller's `access.atomic` block, where the caller records
    the change it is about. The patient is notified as for a team's answer; a repeated
    key is the one message."""
    if not connection.in_atomic_block:
        raise RuntimeError("post_service_message() belongs inside access.atomic")
    message, created = _save_message(
        thread=thread,
        author=None,
        author_label="CareVillage",
        from_staff=True,
        body=clean_body(body),
        client_key=client_key,
        internal=False,
        attachments=[],
        # Not the team's answer: the inbox's response times stay the team's own.
        counts_as_response=False,
    )
    if created:
        _notify_patient(thread, message)
    return message


def mark_read(*, actor: Any, thread: Thread, up_to_message_id: int) -> None:
    """Remember how far the actor has read (never backwards). Called after the thread was
    opened through the access policy; the read mark is the reader's own, not health data."""
    mark, _created = ReadMark.objects.get_or_create(thread=thread, user=actor)
    if up_to_message_id > mark.last_read_message_id:
        ReadMark.objects.filter(pk=mark.pk, last_read_message_id__lt=up_to_message_id).update(
            last_read_message_id=up_to_message_id, read_at=timezone.now()
        )


# --- the team inbox --------------------------------------------------------------------


@access.atomic
def assign_thread(*, actor: Any, thread: Thread, assignee: Any | None) -> Thread:
    """Assign to a professional of the thread's care team, or (None) back to the team."""
    access.require(actor, AuditAction.ASSIGN_THREAD, thread)
    if assignee is not None and not is_professional_in_team(
        user=assignee, care_team_id=thread.care_team_id
    ):
        raise ValidationError(
            _("That person is not a professional in this care team."), code="not_in_team"
        )
    Thread.objects.filter(pk=thread.pk).update(assigned_to=assignee)
    thread.assigned_to = assignee
    return thread


@access.atomic
def set_thread_status(*, actor: Any, thread: Thread, status: str) -> Thread:
    if status not in ThreadStatus.values:
        raise ValidationError(_("Unknown status."), code="status")
    access.require(
        actor,
        AuditAction.MARK_THREAD_DONE if status == ThreadStatus.DONE else AuditAction.REOPEN_THREAD,
        thread,
    )
    Thread.objects.filter(pk=thread.pk).update(status=status)
    thread.status = status
    return thread


# --- consultations between professionals ----------------------------------------------


def _check_member_may_join(*, actor: Any, member: Any, patient: Any | None) -> None:
    refuse_unless(
        access.decide(actor, AuditAction.ADD_CONSULTATION_MEMBER, member),
        _("%(name)s is not a professional and cannot join a consultation.")
        % {"name": member.display_name()},
        code="not_professional",
    )
    if patient is not None:
        refuse_unless(
            access.decide(member, AuditAction.VIEW_PERSON, patient, purpose="consultation"),
            _(
                "%(name)s has no care relationship with this patient, so they cannot "
                "join a consultation about them."
            )
            % {"name": member.display_name()},
            code="no_access_to_patient",
        )


@access.atomic
def start_consultation(
    *,
    actor: Any,
    topic: str,
    members: Sequence[Any],
    body: str,
    client_key: uuid.UUID,
    patient: Any | None = None,
) -> Thread:
    """A professional asks one or more colleagues; optionally about a patient, in which
    case everyone in it must have access to that patient (decided and audited)."""
    topic = (topic or "").strip()
    if not topic:
        raise ValidationError(_("Write a topic for the consultation."), code="no_topic")
    body = clean_body(body)
    members = [m for m in members if m.pk != actor.pk]
    if not members:
        raise ValidationError(_("Choose at least one colleague."), code="no_members")
    # The decision is about the actor themselves ("is a professional"): as a model row,
    # not the request's lazy user.
    myself = User.objects.get(pk=actor.pk)
    refuse_unless(
        access.decide(actor, AuditAction.START_CONSULTATION, myself),
        _("Only professionals can start consultations."),
        code="not_pro",
    )
    earlier = Message.objects.filter(
        client_key=client_key, thread__kind=ThreadKind.CONSULTATION, author=actor
    ).first()
    if earlier is not None:
        return earlier.thread
    if patient is not None:
        refuse_unless(
            access.decide(actor, AuditAction.VIEW_PERSON, patient, purpose="consultation"),
            _("You have no care relationship with this patient."),
            code="no_access",
        )
    for member in members:
        _check_member_may_join(actor=actor, member=member, patient=patient)
    thread = Thread.objects.create(
        kind=ThreadKind.CONSULTATION, topic=topic[:200], patient=patient, created_by=actor
    )
    ConsultationMember.objects.create(thread=thread, user=actor)
    for member in members:
        ConsultationMember.objects.create(thread=thread, user=member)
    access.record(actor, AuditAction.START_CONSULTATION, thread)
    _save_message(
        thread=thread,
        author=actor,
        author_label=_author_label(actor),
        from_staff=True,
        body=body,
        client_key=client_key,
        internal=False,
        attachments=[],
    )
    return thread


@access.atomic
def add_consultation_member(*, actor: Any, thread: Thread, member: Any) -> None:
    access.require(actor, AuditAction.ADD_MEMBER, thread)
    if thread.members.filter(user=member).exists():
        raise ValidationError(
            _("%(name)s is already in this consultation.") % {"name": member.display_name()},
            code="already_member",
        )
    _check_member_may_join(actor=actor, member=member, patient=thread.patient)
    ConsultationMember.objects.create(thread=thread, user=member)
    access.record(actor, AuditAction.ADD_CONSULTATION_MEMBER, thread, reason=f"user {member.pk}")


# --- anonymous chat ----------------------------------------------------------------------

PSEUDONYM_ANIMALS = ["Otter", "Fox", "Owl", "Lynx", "Hare", "Seal", "Crane", "Moose"]
PSEUDONYM_COLOURS = ["Blue", "Green", "Silver", "Amber", "Violet", "Red", "Golden", "Grey"]


def hash_resume_code(code: str) -> str:
    normalized = "".join(ch for ch in code.upper() if ch.isalnum())
    return hmac.new(
        settings.SECRET_KEY.encode(), f"resume:{normalized}".encode(), hashlib.sha256
    ).hexdigest()


def _new_resume_code() -> str:
    # No 0/O or 1/I: the code is read from a screen and typed again later.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def start_anonymous_chat(
    *, care_team: CareTeam, body: str, client_key: uuid.UUID, rate_key: str
) -> tuple[AnonymousChat, str]:
    """Open an anonymous chat. Returns the chat and its resume code (shown once; only its
    hash is stored). Anyone may start one: there is no person's data yet to decide on."""
    body = clean_body(body)
    _rate_limit(
        key=f"anon-start:{rate_key}",
        limit=int(getattr(settings, "ANONYMOUS_CHAT_STARTS_PER_HOUR", 5)),
        window_seconds=3600,
        message=_("Too many chats were started from here. Try again in an hour."),
    )
    code = _new_resume_code()
    pseudonym = (
        f"{secrets.choice(PSEUDONYM_COLOURS)} {secrets.choice(PSEUDONYM_ANIMALS)} "
        f"{secrets.randbelow(90) + 10}"
    )
    with access.atomic():
        chat = AnonymousChat.objects.create(
            kind=ThreadKind.ANONYMOUS,
            topic="Anonymous chat",
            care_team=care_team,
            pseudonym=pseudonym,
            resume_code_hash=hash_resume_code(code),
        )
        _save_message(
            thread=chat,
            author=None,
            author_label=pseudonym,
            from_staff=False,
            body=body,
            client_key=client_key,
            internal=False,
            attachments=[],
        )
    return chat, code


def anonymous_chat_for_code(code: str) -> AnonymousChat | None:
    """The chat a resume code opens (none once the chat was linked: the code is void)."""
    code = (code or "").strip()
    if not code or len(code) > 100:
        return None
    return AnonymousChat.objects.filter(resume_code_hash=hash_resume_code(code)).first()


def _holders_chat(holder: ResumeCodeHolder, action: AuditAction) -> AnonymousChat:
    chat = AnonymousChat.objects.select_for_update().filter(pk=holder.thread_id).first()
    if chat is None:
        raise Http404
    access.require(holder, action, chat)
    return chat


@access.atomic
def send_anonymous_message(
    *, holder: ResumeCodeHolder, body: str, client_key: uuid.UUID
) -> tuple[Message, bool]:
    """The anonymous young person writes, as the holder of the chat's resume code."""
    body = clean_body(body)
    chat = _holders_chat(holder, AuditAction.SEND_MESSAGE)
    _check_send_rate(f"anon:{chat.pk}")
    if chat.status == ThreadStatus.DONE:
        AnonymousChat.objects.filter(pk=chat.pk).update(status=ThreadStatus.OPEN)
    return _save_message(
        thread=chat,
        author=None,
        author_label=chat.pseudonym,
        from_staff=False,
        body=body,
        client_key=client_key,
        internal=False,
        attachments=[],
    )


@access.atomic
def link_anonymous_chat(*, actor: Any, holder: ResumeCodeHolder, confirmed: bool) -> Thread:
    """After e-ID login and an explicit confirmation, the chat becomes the person's own
    thread, and its resume code stops working: from then on only the person's login
    opens it (issue #12.5)."""
    person = getattr(actor, "person", None)
    if person is None:
        raise ValidationError(_("Log in with e-ID to link the chat."), code="no_person")
    if not confirmed:
        raise ValidationError(
            _("Tick the box to confirm that you want to link the chat to your name."),
            code="not_confirmed",
        )
    chat = _holders_chat(holder, AuditAction.LINK_ANONYMOUS_CHAT)
    if chat.patient_id not in (None, person.pk):
        raise ValidationError(_("This chat is already linked to someone else."), code="linked")
    AnonymousChat.objects.filter(pk=chat.pk).update(patient=person, resume_code_hash="")
    chat.patient, chat.resume_code_hash = person, ""
    access.record(actor, AuditAction.LINK_ANONYMOUS_CHAT, chat)
    thread = Thread.objects.get(pk=chat.pk)
    return thread


def check_resume_rate(*, rate_key: str) -> None:
    """Resume codes are guessable only slowly: a few tries per address and hour."""
    _rate_limit(
        key=f"anon-resume:{rate_key}",
        limit=int(getattr(settings, "ANONYMOUS_CHAT_RESUMES_PER_HOUR", 10)),
        window_seconds=3600,
        message=_("Too many codes were tried from here. Try again in an hour."),
    )


ON_DUTY_SECONDS = 15 * 60


def mark_on_duty(*, actor: Any) -> None:
    """A nurse with the chat queue open counts as on duty for the next 15 minutes."""
    cache.set(f"messaging-on-duty:{actor.pk}", time.time(), timeout=ON_DUTY_SECONDS)
