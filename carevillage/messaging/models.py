"""Threads between a patient and a care team, consultations between professionals,
anonymous chats, and the messages, attachments and read marks in them.

Everything here is personal health data: read it through `selectors`, write it through
`services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ThreadKind(models.TextChoices):
    PATIENT = "patient", _("Patient and care team")
    CONSULTATION = "consultation", _("Consultation between professionals")
    ANONYMOUS = "anonymous", _("Anonymous chat")


class ThreadTag(models.TextChoices):
    """What a patient thread is for, when it is more than a message: the team inbox shows
    the tag (a prescription renewal request is handled in its thread)."""

    NONE = "", _("Message")
    RENEWAL = "renewal", _("Prescription renewal request")


class ThreadStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class Thread(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ThreadKind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    # The patient the thread is about: the writer of a patient thread, optionally the
    # subject of a consultation, or the person an anonymous chat was later linked to.
    patient = models.ForeignKey(
        "identity.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="message_threads",
        verbose_name=_("patient"),
    )
    care_team = models.ForeignKey(
        "tenants.CareTeam",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="message_threads",
        verbose_name=_("care team"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ThreadStatus.choices, default=ThreadStatus.OPEN
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_message_threads",
        verbose_name=_("assigned to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="created_message_threads",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # A youth (12–15) lets their guardians read this general thread with the health
    # station; off, it stays the youth's own (Helsenorge: not the youth's own messages
    # with the school nurse).
    shared_with_guardians = models.BooleanField(default=False)
    # When the care team first answered: the inbox's response-time figures come from it.
    first_response_at = models.DateTimeField(null=True, blank=True)
    # Anonymous chats: a pseudonym shown to the nurse and a hash of the resume code.
    pseudonym = models.CharField(max_length=64, blank=True)
    resume_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    tag = models.CharField(
        _("tag"), max_length=16, choices=ThreadTag.choices, default=ThreadTag.NONE, blank=True
    )

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="patient")
                | (Q(patient__isnull=False) & Q(care_team__isnull=False)),
                name="patient_thread_has_patient_and_team",
            ),
            models.CheckConstraint(
                condition=~Q(kind="anonymous") | (Q(care_team__isnull=False) & ~Q(pseudonym="")),
                name="anonymous_thread_has_team_and_pseudonym",
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class ConsultationMember(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultations"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="consultation_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} in consultation {self.thread_id}"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    # Null for the anonymous young person in an anonymous chat.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sent_messages",
    )
    author_label = models.CharField(max_length=200)
    # The person the author wrote for (a parent for a child, a power of attorney's
    # holder for its giver): the care team sees both names.
    on_behalf_of = models.ForeignKey(
        "identity.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    from_staff = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    # Internal notes are seen by the care team only, never by the patient.
    internal = models.BooleanField(default=False)
    # Generated by the sending page: a double click or a retry carries the same key.
    client_key = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "client_key"], name="message_client_key_unique"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="message_body_not_empty"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    # A random name under the private attachment directory, never the uploaded name.
    stored_name = models.CharField(max_length=64, unique=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=["application/pdf", "image/jpeg", "image/png"]),
                name="attachment_type_allowed",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class ReadMark(models.Model):
    """How far one user has read one thread (the anonymous writer has none)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_read_marks"
    )
    last_read_message_id = models.BigIntegerField(default=0)
    read_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="read_mark_unique")]

    def __str__(self) -> str:
        return f"{self.user} read {self.thread_id} up to {self.last_read_message_id}"


class ChatService(models.Model):
    """An anonymous chat a care team offers ("Chat with the school nurse"), with its hours.

    Opening hours are local time of the village (settings.TIME_ZONE), Monday = 0.
    """

    slug = models.SlugField(unique=True)
    title = models.CharField(_("title"), max_length=200)
    care_team = models.ForeignKey(
        "tenants.CareTeam", on_delete=models.PROTECT, related_name="chat_services"
    )
    weekdays = models.CharField(_("open on weekdays"), max_length=7, default="01234")
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("anonymous chat service")
        verbose_name_plural = _("anonymous chat services")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="chat_opens_before_close"
            )
        ]

    def __str__(self) -> str:
        return self.title


class AnonymousChatManager(models.Manager["AnonymousChat"]):
    def get_queryset(self) -> models.QuerySet[AnonymousChat]:
        return super().get_queryset().filter(kind=ThreadKind.ANONYMOUS)


class AnonymousChat(Thread):
    """An anonymous chat as its writer reaches it: by holding its resume code (the
    browser session that started or resumed it keeps the code's hash). Its own access
    handler answers for the writer, who has no login (access/handlers/anonymous_chat.py)."""

    objects = AnonymousChatManager()  # type: ignore[misc]  # a proxy narrows its manager

    class Meta:
        proxy = True
        verbose_name = _("anonymous chat")
        verbose_name_plural = _("anonymous chats")
