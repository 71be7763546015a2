"""Notifications sent to people. They never carry health data: only that something new
is waiting, and a link to the page (which asks for a login)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "e-mail"


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
