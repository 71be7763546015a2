"""Every write in messaging. Each function is one state change with its audit event,
its notification task and (after commit) its live broadcast."""

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

import filetype
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from carevillage import access
from carevillage.audit.models import Outcome
from carevillage.audit.services import actor_for, record_event
from carevillage.notify.services import notify_new_message
from carevillage.tenants.models import CareTeam, Role, StaffMembership
from carevillage.tenants.selectors import is_professional_in_team

from . import selectors
from .models import (
    Attachment,
    ConsultationMember,
    Message,
    ReadMark,
    Thread,
    ThreadKind,
    ThreadStatus,
)

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
MAX_BODY_CHARS = 5000
MAX_FILES_PER_MESSAGE = 5


def attachment_dir() -> Path:
    """Outside the web root and outside MEDIA_ROOT: nothing serves this directory."""
    return Path(getattr(settings, "MESSAGING_ATTACHMENT_DIR", settings.VAR_DIR / "attachments"))


def max_attachment_bytes() -> int:
    return int(getattr(settings, "MESSAGING_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def thread_group(thread_id: int) -> str:
    return f"messaging.thread.{thread_id}"


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


def clean_attachment(upload: UploadedFile) -> str:
    """The content type detected from the file's first bytes, or a specific error."""
    name = upload.name or ""
    limit = max_attachment_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file %(name)s is too large. The limit is %(limit)d MB.")
            % {"name": name, "limit": max(1, limit // (1024 * 1024))},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        # The name is not trusted: a program renamed to .pdf is refused here.
        raise ValidationError(
            _("The file %(name)s is not a PDF, JPEG or PNG file. Only those can be attached.")
            % {"name": name},
            code="wrong_type",
        )
    return kind.mime


def clean_attachments(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    if len(files) > MAX_FILES_PER_MESSAGE:
        raise ValidationError(
            ngettext(
                "You can attach at most %(max)d file to one message.",
                "You can attach at most %(max)d files to one message.",
                MAX_FILES_PER_MESSAGE,
            )
            % {"max": MAX_FILES_PER_MESSAGE},
            code="too_many",
        )
    return [(upload, clean_attachment(upload)) for upload in files]


def _store(upload: UploadedFile, content_type: str, message: Message, written: list[Path]) -> None:
    directory = attachment_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{ALLOWED_TYPES[content_type]}"
    path = directory / stored_name
    with open(path, "xb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    written.append(path)
    Attachment.objects.create(
        message=message,
        stored_name=stored_name,
        original_name=os.path.basename(upload.name or "file")[:200],
        content_type=content_type,
        size=upload.size or 0,
    )


# --- broadcasting ------------------------------------------------------------------


def _pause_before_broadcast() -> None:
    """Test-only: lets a test kill the server between the commit and the broadcast."""
    seconds = os.environ.get("CAREVILLAGE_TEST_PAUSE_BEFORE_BROADCAST")
    if seconds and settings.DEBUG:
        time.sleep(float(seconds))


def broadcast_new_message(message_id: int, thread_id: int) -> None:
    """Tell the live pages of the thread that a message is there. Runs after the commit:
    a page that misses this (server gone, no connection) fetches it by cursor later."""
    from .consumers import message_payload

    _pause_before_broadcast()
    layer = get_channel_layer()
    message = Message.objects.filter(pk=message_id).prefetch_related("attachments").first()
    if layer is None or message is None:
        return
    # The payload is built once here; each live page drops internal notes if it is the
    # patient's, so a broadcast costs no database read per listener.
    async_to_sync(layer.group_send)(
        thread_group(thread_id), {"type": "thread.message", "message": message_payload(message)}
    )


def _require(actor: Any, action: str, thread: Thread) -> None:
    """Decide (and audit) outside any transaction, so a denial is never rolled back."""
    if not access.decide(actor, action, thread):
        raise access.AccessDenied


def _record(actor: Any, action: str, thread: Thread, *, outcome_note: str = "") -> None:
    record_event(
        actor=actor_for(actor),
        action=action,
        outcome=Outcome.ALLOWED,
        subject_person_id=thread.patient_id,
        resource_type="message_thread",
        resource_id=thread.pk,
        reason=outcome_note,
    )


# --- sending -----------------------------------------------------------------------


def _author_label(actor: Any) -> str:
    return actor.display_name()


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
) -> tuple[Message, bool]:
    """Inside the caller's transaction. Returns the existing message for a repeated key."""
    existing = Message.objects.filter(thread=thread, client_key=client_key).first()
    if existing is not None:
        return existing, False
    written: list[Path] = []
    try:
        with transaction.atomic():
            message = Message.objects.create(
                thread=thread,
                author=author,
                author_label=author_label,
                from_staff=from_staff,
                body=body,
                client_key=client_key,
                internal=internal,
            )
            for upload, content_type in attachments:
                _store(upload, content_type, message, written)
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
    if from_staff and not internal and thread.first_response_at is None:
        updates["first_response_at"] = now
        thread.first_response_at = now
    Thread.objects.filter(pk=thread.pk).update(**updates)
    thread.last_message_at = now
    transaction.on_commit(lambda: broadcast_new_message(message.pk, thread.pk))
    return message, True


def _notify_patient(thread: Thread, message: Message) -> None:
    """The patient gets "You have a new message" when the care team answers."""
    if thread.patient_id is None or message.internal or not message.from_staff:
        return
    user = thread.patient.user
    if user is None or thread.kind == ThreadKind.CONSULTATION:
        return
    notify_new_message(
        recipient=user,
        key=f"message:{message.pk}",
        link_path=reverse("messaging:thread", args=[thread.pk]),
    )


def _is_staff_writer(actor: Any, thread: Thread) -> bool:
    person = getattr(actor, "person", None)
    return (
        thread.kind == ThreadKind.CONSULTATION or person is None or (thread.patient_id != person.pk)
    )


def send_message(
    *,
    actor: Any,
    thread: Thread,
    body: str,
    client_key: uuid.UUID,
    internal: bool = False,
    files: Sequence[UploadedFile] = (),
) -> tuple[Message, bool]:
    """Send (or, for a repeated client key, find) a message. Returns (message, created)."""
    body = clean_body(body)
    attachments = clean_attachments(files)
    # Decided outside the transaction so that a denial stays in the audit trail.
    _require(actor, "write_internal_note" if internal else "send_message", thread)
    with transaction.atomic():
        existing = Message.objects.filter(thread=thread, client_key=client_key).first()
        if existing is not None:
            return existing, False
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
        if created:
            _record(actor, "send_message", thread, outcome_note=f"message {message.pk}")
            _notify_patient(thread, message)
    return message, created


def start_thread(
    *,
    actor: Any,
    care_team: CareTeam,
    topic: str,
    body: str,
    client_key: uuid.UUID,
    files: Sequence[UploadedFile] = (),
) -> Thread:
    """A patient writes to a care team that treats them (registration or care path)."""
    person = getattr(actor, "person", None)
    topic = (topic or "").strip()
    if not topic:
        raise ValidationError(_("Write a topic for your message."), code="no_topic")
    if len(topic) > 200:
        raise ValidationError(_("The topic is too long: at most 200 characters."), code="long")
    body = clean_body(body)
    attachments = clean_attachments(files)
    if (
        person is None
        or not selectors.care_teams_to_write_to(person=person).filter(pk=care_team.pk).exists()
    ):
        raise ValidationError(
            _("You can only write to a care team that treats you."), code="no_relationship"
        )
    with transaction.atomic():
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
        )
        _record(actor, "start_thread", thread)
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


def mark_read(*, actor: Any, thread: Thread, up_to_message_id: int) -> None:
    """Remember how far the actor has read (never backwards)."""
    mark, _created = ReadMark.objects.get_or_create(thread=thread, user=actor)
    if up_to_message_id > mark.last_read_message_id:
        ReadMark.objects.filter(pk=mark.pk, last_read_message_id__lt=up_to_message_id).update(
            last_read_message_id=up_to_message_id, read_at=timezone.now()
        )


# --- the team inbox --------------------------------------------------------------------


def assign_thread(*, actor: Any, thread: Thread, assignee: Any | None) -> Thread:
    """Assign to a professional of the thread's care team, or (None) back to the team."""
    _require(actor, "manage_thread", thread)
    with transaction.atomic():
        if assignee is not None and not is_professional_in_team(
            user=assignee, care_team_id=thread.care_team_id
        ):
            raise ValidationError(
                _("That person is not a professional in this care team."), code="not_in_team"
            )
        Thread.objects.filter(pk=thread.pk).update(assigned_to=assignee)
        thread.assigned_to = assignee
        _record(actor, "assign_thread", thread)
    return thread


def set_thread_status(*, actor: Any, thread: Thread, status: str) -> Thread:
    if status not in ThreadStatus.values:
        raise ValidationError(_("Unknown status."), code="status")
    _require(actor, "manage_thread", thread)
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(status=status)
        thread.status = status
        _record(
            actor, "mark_thread_done" if status == ThreadStatus.DONE else "reopen_thread", thread
        )
    return thread


# --- consultations between professionals ----------------------------------------------


def _is_professional(user: Any) -> bool:
    return StaffMembership.objects.filter(user=user, role=Role.PROFESSIONAL).exists()


def _check_member_may_join(*, member: Any, patient: Any | None) -> None:
    if not _is_professional(member):
        raise ValidationError(
            _("%(name)s is not a professional and cannot join a consultation.")
            % {"name": member.display_name()},
            code="not_professional",
        )
    if patient is not None and not access.decide(
        member, "view_person", patient, purpose="consultation"
    ):
        raise ValidationError(
            _(
                "%(name)s has no care relationship with this patient, so they cannot "
                "join a consultation about them."
            )
            % {"name": member.display_name()},
            code="no_access_to_patient",
        )


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
    if not _is_professional(actor):
        raise ValidationError(_("Only professionals can start consultations."), code="not_pro")
    earlier = Message.objects.filter(
        client_key=client_key, thread__kind=ThreadKind.CONSULTATION, author=actor
    ).first()
    if earlier is not None:
        return earlier.thread
    # Decided (and audited) before the transaction: a refusal must stay in the trail.
    if patient is not None and not access.decide(
        actor, "view_person", patient, purpose="consultation"
    ):
        raise ValidationError(
            _("You have no care relationship with this patient."), code="no_access"
        )
    for member in members:
        _check_member_may_join(member=member, patient=patient)
    with transaction.atomic():
        thread = Thread.objects.create(
            kind=ThreadKind.CONSULTATION, topic=topic[:200], patient=patient, created_by=actor
        )
        ConsultationMember.objects.create(thread=thread, user=actor)
        for member in members:
            ConsultationMember.objects.create(thread=thread, user=member)
        _record(actor, "start_consultation", thread)
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


def add_consultation_member(*, actor: Any, thread: Thread, member: Any) -> None:
    _require(actor, "add_member", thread)
    if thread.members.filter(user=member).exists():
        raise ValidationError(
            _("%(name)s is already in this consultation.") % {"name": member.display_name()},
            code="already_member",
        )
    _check_member_may_join(member=member, patient=thread.patient)
    with transaction.atomic():
        ConsultationMember.objects.create(thread=thread, user=member)
        _record(actor, "add_consultation_member", thread, outcome_note=f"user {member.pk}")


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
) -> tuple[Thread, str]:
    """Open an anonymous chat. Returns the thread and its resume code (shown once; only
    its hash is stored)."""
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
    with transaction.atomic():
        thread = Thread.objects.create(
            kind=ThreadKind.ANONYMOUS,
            topic="Anonymous chat",
            care_team=care_team,
            pseudonym=pseudonym,
            resume_code_hash=hash_resume_code(code),
        )
        _save_message(
            thread=thread,
            author=None,
            author_label=pseudonym,
            from_staff=False,
            body=body,
            client_key=client_key,
            internal=False,
            attachments=[],
        )
    return thread, code


def anonymous_thread_for_code(code: str) -> Thread | None:
    if not code.strip():
        return None
    return Thread.objects.filter(
        kind=ThreadKind.ANONYMOUS, resume_code_hash=hash_resume_code(code)
    ).first()


def send_anonymous_message(
    *, thread: Thread, body: str, client_key: uuid.UUID
) -> tuple[Message, bool]:
    """The anonymous young person writes; the session that holds the thread is the key."""
    body = clean_body(body)
    if thread.kind != ThreadKind.ANONYMOUS:
        raise ValidationError(_("This chat is not available."), code="not_anonymous")
    with transaction.atomic():
        _check_send_rate(f"anon:{thread.pk}")
        if thread.status == ThreadStatus.DONE:
            Thread.objects.filter(pk=thread.pk).update(status=ThreadStatus.OPEN)
        return _save_message(
            thread=thread,
            author=None,
            author_label=thread.pseudonym,
            from_staff=False,
            body=body,
            client_key=client_key,
            internal=False,
            attachments=[],
        )


def link_anonymous_chat(*, actor: Any, thread: Thread, confirmed: bool) -> Thread:
    """After e-ID login and an explicit confirmation, the chat becomes the person's own."""
    person = getattr(actor, "person", None)
    if person is None:
        raise ValidationError(_("Log in with e-ID to link the chat."), code="no_person")
    if not confirmed:
        raise ValidationError(
            _("Tick the box to confirm that you want to link the chat to your name."),
            code="not_confirmed",
        )
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.patient_id not in (None, person.pk):
            raise ValidationError(_("This chat is already linked to someone else."), code="linked")
        Thread.objects.filter(pk=thread.pk).update(patient=person)
        thread.patient = person
        _record(actor, "link_anonymous_chat", thread)
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
