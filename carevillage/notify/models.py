"""Notifications sent to people, and where they go. Notifications never carry health
data: only that something new is waiting, and a link to the page (which asks for a login).

e-ID gives no e-mail address, so a patient enters one and confirms it through a one-time
link before anything is sent there. Web push goes to the browsers a patient turned it on in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from carevillage.identity.models import User


class Channel(models.TextChoices):
    EMAIL = "email", "e-mail"
    WEBPUSH = "webpush", "web push"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    # Names the event the notification is about ("message:42"), so one event notifies once.
    key = models.CharField(max_length=100)
    # A path on this site; the task prefixes the site's base URL.
    link_path = models.CharField(max_length=300)
    language = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "channel", "key"], name="notification_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient} about {self.key}"


class NotificationEmail(models.Model):
    """The confirmed address a user's e-mail notifications go to. Only confirmed
    addresses are stored here; one still waiting for its link is an EmailConfirmation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_email"
    )
    address = models.EmailField(_("e-mail address"), max_length=254)
    # The language the page was in when the address was entered: the mails use it.
    language = models.CharField(max_length=8)
    confirmed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("notification e-mail address")
        verbose_name_plural = _("notification e-mail addresses")

    def __str__(self) -> str:
        return f"notification address of user {self.user_id}"


class EmailConfirmation(models.Model):
    """A one-time link sent to an address the user entered.

    The link's token is never stored: it is an HMAC of `salt` under the site's secret key
    (so the mail task can rebuild it), and only its SHA-256 is kept for the lookup.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_confirmations"
    )
    address = models.EmailField(max_length=254)
    salt = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="email_confirmation_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return f"confirmation {self.pk} for user {self.user_id}"


class PushSubscription(models.Model):
    """One browser's Web Push subscription (the PushSubscription the browser gave us)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    # The push service's URL for this browser; unique: one browser, one row.
    endpoint = models.URLField(max_length=2000, unique=True)
    # The browser's P-256 public key and auth secret (base64url), for RFC 8291 encryption.
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    # The language the page was in when push was turned on: the notifications use it.
    language = models.CharField(max_length=8)
    # SHA-256 of the login session that turned push on: logging out of that session
    # turns push off on that browser (a shared computer stops notifying the last user).
    session_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"push subscription {self.pk} of user {self.user_id}"


class NotificationSettings(User):
    """An account seen as where its notifications go: the resource the access policy
    decides on when someone changes their address or push (the account's own user only).
    A proxy: no table of its own."""

    class Meta:
        proxy = True
