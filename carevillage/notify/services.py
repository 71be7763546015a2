"""Every write in notify: where a person's notifications go, and queueing them.

`notify_new_message` is the one door for notifying someone. Call it inside the transaction
of the change it announces: the task rows are written in the same database transaction
(an outbox).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.audit.actions import AuditAction

# Long enough to read the mail the next morning; short enough that an old mail is no key.
from .confirmation import CONFIRMATION_VALID_HOURS, confirmation_token  # noqa: F401
from .models import (
    Channel,
    EmailConfirmation,
    Notification,
    NotificationEmail,
    NotificationSettings,
    PushSubscription,
)
from .push_endpoints import EndpointRefused, check_endpoint
from .vapid import b64url_decode

# --- notifying ---------------------------------------------------------------------


def notify_new_message(*, recipient: Any, key: str, link_path: str) -> list[Notification]:
    """Queue "You have a new message" for the recipient, once per `key` and channel.

    E-mail goes only to a confirmed address; web push only to browsers the recipient
    turned it on in. Someone with neither gets nothing.
    """
    from .tasks import send_notification

    # Each channel speaks the language the recipient used when they turned it on (not
    # the language of whoever wrote the message).
    channels: list[tuple[str, str]] = []
    address = NotificationEmail.objects.filter(user=recipient).first()
    if address is not None:
        channels.append((Channel.EMAIL, address.language))
    browser = PushSubscription.objects.filter(user=recipient).last()
    if settings.VAPID_PRIVATE_KEY and browser is not None:
        channels.append((Channel.WEBPUSH, browser.language))
    notifications = []
    with access.atomic():
        for channel, language in channels:
            notification, created = Notification.objects.get_or_create(
                recipient=recipient,
                channel=channel,
                key=key,
                defaults={
                    "link_path": link_path,
                    "language": language or settings.LANGUAGE_CODE,
                },
            )
            if created:
                send_notification.enqueue(notification_id=notification.pk)
            notifications.append(notification)
    return notifications


def notify_task_reminder(*, recipient: Any, key: str, link_path: str) -> Notification | None:
    """Queue a care-path e-mail for the recipient, once per `key`: "care-task:<id>" says
    "You have a task waiting", "care-invitation:<id>" says "You have a new invitation"
    (the send task picks the words by the key's kind). Neither names the program.

    Goes to the same confirmed address as `notify_new_message`; without one, nothing
    is queued and None is returned. Call it inside the transaction of the change.
    """
    from .tasks import send_notification

    address = NotificationEmail.objects.filter(user=recipient).first()
    if address is None:
        return None
    with access.atomic():
        notification, created = Notification.objects.get_or_create(
            recipient=recipient,
            channel=Channel.EMAIL,
            key=key,
            defaults={
                "link_path": link_path,
                "language": address.language or settings.LANGUAGE_CODE,
            },
        )
        if created:
            send_notification.enqueue(notification_id=notification.pk)
    return notification


def notify_appointment(*, recipient: Any, key: str, link_path: str) -> Notification | None:
    """Queue an appointment e-mail, once per `key`: "appointment:<id>" says "You have a
    new appointment", "appointment-change:<id>:<n>" "Your appointment has changed",
    "appointment-reminder:<id>:<minutes>" "Reminder of your appointment". None says
    when, where, with whom or what for: the link opens the page after an e-ID login."""
    return notify_task_reminder(recipient=recipient, key=key, link_path=link_path)


def language_for(*, user: Any) -> str:
    """The language e-mails to this user are written in (the one the page was in when
    they entered their address): build a link for `notify_task_reminder` in it."""
    address = NotificationEmail.objects.filter(user=user).first()
    return (address.language if address is not None else "") or settings.LANGUAGE_CODE


# A send task RUNNING longer than this is taken to be dead: django-tasks-db leaves a task
# RUNNING forever when its worker is killed (no heartbeat). Generous, so that a slow
# SMTP server is not mistaken for a dead worker; a second send of a notification that is
# still being sent is harmless anyway (the send locks the row and checks sent_at).
STALLED_SEND_AFTER = dt.timedelta(minutes=10)
# Failed sends (SMTP down) are retried by the sweep, at most this many tries in all.
MAX_SEND_ATTEMPTS = 5
# Older unsent notifications are left alone: "you have a new message" a week late helps no one.
GIVE_UP_AFTER = dt.timedelta(days=2)


def requeue_stalled_notifications(*, now: dt.datetime | None = None) -> int:
    """Queue the send again for notifications not sent whose send task died with its
    worker (RUNNING for longer than STALLED_SEND_AFTER), failed, or is gone. Returns how
    many were queued again. Run by a periodic sweep (carepaths.tasks)."""
    from django_tasks_db.models import DBTaskResult

    from .tasks import send_notification

    now = now or timezone.now()
    unsent = list(
        Notification.objects.filter(
            sent_at__isnull=True, created_at__gte=now - GIVE_UP_AFTER
        ).values_list("pk", flat=True)
    )
    if not unsent:
        return 0
    attempts: dict[int, list[Any]] = {pk: [] for pk in unsent}
    results = DBTaskResult.objects.filter(
        task_path=send_notification.module_path,
        args_kwargs__kwargs__notification_id__in=unsent,
    ).only("status", "started_at", "args_kwargs")
    for result in results:
        attempts[result.args_kwargs["kwargs"]["notification_id"]].append(result)
    requeued = 0
    for pk, tries in attempts.items():
        alive = any(
            result.status == "READY"
            or (
                result.status == "RUNNING"
                and result.started_at is not None
                and result.started_at > now - STALLED_SEND_AFTER
            )
            for result in tries
        )
        if alive or len(tries) >= MAX_SEND_ATTEMPTS:
            continue
        send_notification.enqueue(notification_id=pk)
        requeued += 1
    return requeued


# --- the e-mail address ------------------------------------------------------------------


def _record(actor: Any, action: AuditAction) -> None:
    """Where someone's notifications go is their personal data: the change is decided for
    the account and stands in the person's trail, in the change's own transaction."""
    account = NotificationSettings.objects.select_related("person").get(pk=actor.pk)
    access.require(actor, action, account)


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


def _check_request_rate(actor: Any, now: dt.datetime) -> None:
    """A few links an hour per user: the form must not become a way to mail strangers.
    Counted from the confirmation rows themselves (they are kept, not deleted, for this)."""
    limit = int(getattr(settings, "NOTIFY_CONFIRMATIONS_PER_HOUR", 5))
    recent = EmailConfirmation.objects.filter(
        user=actor, created_at__gt=now - dt.timedelta(hours=1)
    ).count()
    if recent >= limit:
        raise ValidationError(
            _("You asked for several confirmation links in a short time. Try again in an hour."),
            code="rate_limited",
        )


def request_email_confirmation(*, actor: Any, address: str) -> EmailConfirmation:
    """Send a one-time confirmation link to `address`. Until it is followed, the address
    gets nothing (and a confirmed earlier address keeps getting the notifications)."""
    from .tasks import send_email_confirmation

    address = clean_address(address)
    now = timezone.now()
    _check_request_rate(actor, now)
    current = NotificationEmail.objects.filter(user=actor).first()
    if current is not None and current.address.lower() == address.lower():
        raise ValidationError(
            _("This address is already confirmed: notifications go to it."), code="same"
        )
    with access.atomic():
        # Only the newest link counts: an address typed wrong first cannot be confirmed
        # later. Older links are voided (expired now), not deleted: the rate limit counts them.
        _void_pending(actor, now)
        confirmation = EmailConfirmation(
            user=actor,
            address=address,
            salt=secrets.token_hex(16),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            expires_at=now + dt.timedelta(hours=CONFIRMATION_VALID_HOURS),
        )
        confirmation.token_hash = _token_hash(confirmation_token(confirmation))
        confirmation.save()
        _record(actor, AuditAction.REQUEST_NOTIFICATION_EMAIL)
        send_email_confirmation.enqueue(confirmation_id=confirmation.pk)
    return confirmation


def _void_pending(user: Any, now: dt.datetime) -> int:
    return EmailConfirmation.objects.filter(
        user=user, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)


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
    with access.atomic():
        confirmation = (
            EmailConfirmation.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=_token_hash(token))
            .first()
        )
        if confirmation is None:
            raise invalid
        if confirmation.used_at is not None:
            raise ValidationError(_("This confirmation link has already been used."), code="used")
        if EmailConfirmation.objects.filter(
            user=confirmation.user_id, pk__gt=confirmation.pk
        ).exists():
            raise ValidationError(
                _(
                    "A newer confirmation link was sent after this one. Open the link in "
                    "the newest e-mail."
                ),
                code="superseded",
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
            defaults={
                "address": confirmation.address,
                "language": confirmation.language,
                "confirmed_at": now,
            },
        )
        _record(confirmation.user, AuditAction.CONFIRM_NOTIFICATION_EMAIL)
    return address


def remove_email(*, actor: Any) -> None:
    """No more e-mail: the confirmed address and any link still waiting are removed."""
    with access.atomic():
        removed, _counts = NotificationEmail.objects.filter(user=actor).delete()
        pending = _void_pending(actor, timezone.now())
        if removed or pending:
            _record(actor, AuditAction.REMOVE_NOTIFICATION_EMAIL)


# --- web push ----------------------------------------------------------------------------


def _clean_subscription(endpoint: str, p256dh: str, auth: str) -> tuple[str, str, str]:
    invalid = ValidationError(
        _("Your browser gave an unusable push subscription. Try again, or use e-mail."),
        code="invalid_subscription",
    )
    endpoint = (endpoint or "").strip()
    if not endpoint or len(endpoint) > 2000:
        raise invalid
    try:
        public_key = b64url_decode(p256dh or "")
        secret = b64url_decode(auth or "")
    except (ValueError, TypeError):
        raise invalid from None
    # RFC 8291: an uncompressed P-256 point (65 bytes, 0x04 first) and a 16-byte secret.
    if len(public_key) != 65 or public_key[0] != 4 or len(secret) != 16:
        raise invalid
    try:
        check_endpoint(endpoint)
    except EndpointRefused:
        raise ValidationError(
            _(
                "This browser's push service is not one we can send to. Use e-mail "
                "notifications instead, or try another browser."
            ),
            code="push_service_refused",
        ) from None
    return endpoint, p256dh, auth


def session_hash(session_key: str | None) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest() if session_key else ""


def subscribe_push(
    *, actor: Any, endpoint: str, p256dh: str, auth: str, session_key: str | None = None
) -> PushSubscription:
    """Remember a browser's push subscription for the actor (a browser that someone else
    used before now notifies only the actor) until they log out of this session."""
    endpoint, p256dh, auth = _clean_subscription(endpoint, p256dh, auth)
    with access.atomic():
        subscription, _created = PushSubscription.objects.update_or_create(
            endpoint=endpoint,
            defaults={
                "user": actor,
                "p256dh": p256dh,
                "auth": auth,
                "language": translation.get_language() or settings.LANGUAGE_CODE,
                "session_hash": session_hash(session_key),
            },
        )
        _record(actor, AuditAction.SUBSCRIBE_PUSH)
    return subscription


def unsubscribe_push(*, actor: Any, endpoint: str) -> None:
    with access.atomic():
        removed, _counts = PushSubscription.objects.filter(user=actor, endpoint=endpoint).delete()
        if removed:
            _record(actor, AuditAction.UNSUBSCRIBE_PUSH)


def unsubscribe_all_push(*, actor: Any) -> int:
    """Turn push off in every browser of the actor (the settings page's form, which works
    without JavaScript; a browser's own button unsubscribes just that browser)."""
    with access.atomic():
        removed, _counts = PushSubscription.objects.filter(user=actor).delete()
        if removed:
            _record(actor, AuditAction.UNSUBSCRIBE_PUSH)
    return removed


def forget_push_of_session(*, user: Any, session_key: str | None) -> int:
    """Logging out turns push off on the browser whose session turned it on."""
    if not session_key:
        return 0
    removed, _counts = PushSubscription.objects.filter(
        user=user, session_hash=session_hash(session_key)
    ).delete()
    return removed
