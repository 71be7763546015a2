"""Every write in notify: where a person's notifications go, and queueing them.

`notify_new_message` is the one door for notifying someone. Call it inside the transaction
of the change it announces: the task rows are written in the same database transaction
(an outbox).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from carevillage.audit.models import Outcome
from carevillage.audit.services import actor_for, record_event

from .models import Channel, EmailConfirmation, Notification, NotificationEmail, PushSubscription
from .vapid import b64url_decode

# Long enough to read the mail the next morning; short enough that an old mail is no key.
CONFIRMATION_VALID_HOURS = 24


# --- notifying ---------------------------------------------------------------------


def notify_new_message(*, recipient: Any, key: str, link_path: str) -> list[Notification]:
    """Queue "You have a new message" for the recipient, once per `key` and channel.

    E-mail goes only to a confirmed address; web push only to browsers the recipient
    turned it on in. Someone with neither gets nothing.
    """
    from .tasks import send_notification

    channels = []
    if NotificationEmail.objects.filter(user=recipient).exists():
        channels.append(Channel.EMAIL)
    if settings.VAPID_PRIVATE_KEY and PushSubscription.objects.filter(user=recipient).exists():
        channels.append(Channel.WEBPUSH)
    notifications = []
    with transaction.atomic():
        for channel in channels:
            notification, created = Notification.objects.get_or_create(
                recipient=recipient,
                channel=channel,
                key=key,
                defaults={
                    "link_path": link_path,
                    "language": translation.get_language() or settings.LANGUAGE_CODE,
                },
            )
            if created:
                send_notification.enqueue(notification_id=notification.pk)
            notifications.append(notification)
    return notifications


# --- the e-mail address ------------------------------------------------------------------


def _record(actor: Any, action: str) -> None:
    """Where someone's notifications go is their personal data: it shows in their trail."""
    person = getattr(actor, "person", None)
    record_event(
        actor=actor_for(actor),
        action=action,
        outcome=Outcome.ALLOWED,
        subject_person_id=person.pk if person is not None else None,
        resource_type="notification_settings",
        resource_id=actor.pk,
    )


def confirmation_token(confirmation: EmailConfirmation) -> str:
    """The token in the link: rebuilt from the salt and the secret key, never stored."""
    return hmac.new(
        settings.SECRET_KEY.encode(),
        f"notify-email-confirmation:{confirmation.salt}".encode(),
        hashlib.sha256,
    ).hexdigest()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def clean_address(address: str) -> str:
    address = (address or "").strip()
    if not address:
        raise ValidationError(_("Enter your e-mail address."), code="empty")
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("Enter the e-mail address in the form name@example.fi."), code="invalid"
        ) from None
    local, _at, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}"


def request_email_confirmation(*, actor: Any, address: str) -> EmailConfirmation:
    """Send a one-time confirmation link to `address`. Until it is followed, the address
    gets nothing (and a confirmed earlier address keeps getting the notifications)."""
    from .tasks import send_email_confirmation

    address = clean_address(address)
    current = NotificationEmail.objects.filter(user=actor).first()
    if current is not None and current.address.lower() == address.lower():
        raise ValidationError(
            _("This address is already confirmed: notifications go to it."), code="same"
        )
    with transaction.atomic():
        # Only the newest link counts: an address typed wrong first cannot be confirmed later.
        EmailConfirmation.objects.filter(user=actor, used_at__isnull=True).delete()
        now = timezone.now()
        confirmation = EmailConfirmation(
            user=actor,
            address=address,
            salt=secrets.token_hex(16),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            expires_at=now + dt.timedelta(hours=CONFIRMATION_VALID_HOURS),
        )
        confirmation.token_hash = _token_hash(confirmation_token(confirmation))
        confirmation.save()
        _record(actor, "request_notification_email")
        send_email_confirmation.enqueue(confirmation_id=confirmation.pk)
    return confirmation


def confirm_email(*, token: str) -> NotificationEmail:
    """Follow a confirmation link. The link itself is the credential (it proves the
    mailbox), so no login is needed; the actor is the user who asked for it."""
    invalid = ValidationError(
        _(
            "This confirmation link is not valid. Check that you opened the whole link, "
            "or ask for a new one on the notification settings page."
        ),
        code="invalid",
    )
    if not token or len(token) > 200:
        raise invalid
    with transaction.atomic():
        confirmation = (
            EmailConfirmation.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=_token_hash(token))
            .first()
        )
        if confirmation is None:
            raise invalid
        if confirmation.used_at is not None:
            raise ValidationError(
                _("This confirmation link has already been used."), code="used"
            )
        now = timezone.now()
        if confirmation.expires_at <= now:
            raise ValidationError(
                _(
                    "This confirmation link has expired. Enter your address again on the "
                    "notification settings page to get a new link."
                ),
                code="expired",
            )
        confirmation.used_at = now
        confirmation.save(update_fields=["used_at"])
        address, _created = NotificationEmail.objects.update_or_create(
            user=confirmation.user,
            defaults={"address": confirmation.address, "confirmed_at": now},
        )
        _record(confirmation.user, "confirm_notification_email")
    return address


def remove_email(*, actor: Any) -> None:
    """No more e-mail: the confirmed address and any link still waiting are removed."""
    with transaction.atomic():
        removed, _counts = NotificationEmail.objects.filter(user=actor).delete()
        pending, _counts = EmailConfirmation.objects.filter(
            user=actor, used_at__isnull=True
        ).delete()
        if removed or pending:
            _record(actor, "remove_notification_email")


# --- web push ----------------------------------------------------------------------------


def _clean_subscription(endpoint: str, p256dh: str, auth: str) -> tuple[str, str, str]:
    invalid = ValidationError(
        _("Your browser gave an unusable push subscription. Try again, or use e-mail."),
        code="invalid_subscription",
    )
    endpoint = (endpoint or "").strip()
    parts = urlsplit(endpoint)
    allowed_schemes = {"https"} | (
        {"http"} if getattr(settings, "WEBPUSH_ALLOW_HTTP_ENDPOINTS", False) else set()
    )
    if parts.scheme not in allowed_schemes or not parts.netloc or len(endpoint) > 2000:
        raise invalid
    try:
        public_key = b64url_decode(p256dh or "")
        secret = b64url_decode(auth or "")
    except (ValueError, TypeError):
        raise invalid from None
    # RFC 8291: an uncompressed P-256 point (65 bytes, 0x04 first) and a 16-byte secret.
    if len(public_key) != 65 or public_key[0] != 4 or len(secret) != 16:
        raise invalid
    return endpoint, p256dh, auth


def subscribe_push(*, actor: Any, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Remember a browser's push subscription for the actor (a browser that someone else
    used before now notifies only the actor)."""
    endpoint, p256dh, auth = _clean_subscription(endpoint, p256dh, auth)
    with transaction.atomic():
        subscription, _created = PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"user": actor, "p256dh": p256dh, "auth": auth}
        )
        _record(actor, "subscribe_push")
    return subscription


def unsubscribe_push(*, actor: Any, endpoint: str) -> None:
    with transaction.atomic():
        removed, _counts = PushSubscription.objects.filter(user=actor, endpoint=endpoint).delete()
        if removed:
            _record(actor, "unsubscribe_push")


def forget_push_subscription(*, subscription_id: int) -> None:
    """The push service said the subscription is gone (404/410): never send to it again."""
    PushSubscription.objects.filter(pk=subscription_id).delete()
