"""Reads of a user's own notification settings (contact details, not health data)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import EmailConfirmation, NotificationEmail, PushSubscription


def confirmed_address_for(*, user: Any) -> NotificationEmail | None:
    return NotificationEmail.objects.filter(user=user).first()


def pending_confirmation_for(*, user: Any) -> EmailConfirmation | None:
    return EmailConfirmation.objects.filter(
        user=user, used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def push_subscription_count_for(*, user: Any) -> int:
    return PushSubscription.objects.filter(user=user).count()
