"""The confirmation link of a notification e-mail address: its token and how long it lives.

Shared by the services that create a confirmation and the task that mails the link."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from .models import EmailConfirmation, PushSubscription

CONFIRMATION_VALID_HOURS = 24


def confirmation_token(confirmation: EmailConfirmation) -> str:
    """The token in the link: rebuilt from the salt and the secret key, never stored."""
    return hmac.new(
        settings.SECRET_KEY.encode(),
        f"notify-email-confirmation:{confirmation.salt}".encode(),
        hashlib.sha256,
    ).hexdigest()


def forget_push_subscription(*, subscription_id: int) -> None:
    """The push service said the subscription is gone (404/410): never send to it again."""
    PushSubscription.objects.filter(pk=subscription_id).delete()
