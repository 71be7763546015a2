"""Sending notifications. Idempotent: a notification already sent is not sent again.

Nothing here logs an address, an endpoint or a link: the log line says which
notification row failed, nothing else.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from pywebpush import WebPushException, webpush

from . import services
from .models import Channel, EmailConfirmation, Notification, NotificationEmail, PushSubscription

logger = logging.getLogger(__name__)

# How long a push service keeps an undelivered notification (RFC 8030 TTL): a day.
PUSH_TTL_SECONDS = 24 * 60 * 60


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def send_notification(*, notification_id: int) -> None:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return
        link = _absolute(notification.link_path)
        with translation.override(notification.language):
            if notification.channel == Channel.WEBPUSH:
                _send_push(notification, link)
            else:
                _send_email(notification, link)
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])


def _send_email(notification: Notification, link: str) -> None:
    # Read at sending time: an address removed since the message was queued gets nothing.
    address = NotificationEmail.objects.filter(user=notification.recipient).first()
    if address is None:
        return
    body = render_to_string(
        "notify/new_message_email.txt", {"link": link, "village_name": settings.VILLAGE_NAME}
    )
    send_mail(_("You have a new message"), body, None, [address.address])


def push_payload(link: str) -> str:
    """All a push carries: the words "You have a new message" and the link."""
    return json.dumps({"title": _("You have a new message"), "url": link})


def _send_push(notification: Notification, link: str) -> None:
    if not settings.VAPID_PRIVATE_KEY:
        return
    data = push_payload(link)
    for subscription in PushSubscription.objects.filter(user=notification.recipient):
        try:
            webpush(
                subscription_info={
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=data,
                vapid_private_key=settings.VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=PUSH_TTL_SECONDS,
                timeout=10,
            )
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                # RFC 8030 §7.3: the subscription has expired or was removed by the browser.
                services.forget_push_subscription(subscription_id=subscription.pk)
            else:
                logger.warning(
                    "web push for notification %s failed with status %s", notification.pk, status
                )
        except OSError:
            # requests' connection errors are OSErrors: one unreachable push service must
            # not keep the other browsers (or the e-mail) from getting theirs.
            logger.warning("web push for notification %s could not connect", notification.pk)


@task()
def send_email_confirmation(*, confirmation_id: int) -> None:
    """The confirmation mail: a one-time link and nothing about anyone's health."""
    confirmation = EmailConfirmation.objects.filter(
        pk=confirmation_id, used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if confirmation is None:
        return
    token = services.confirmation_token(confirmation)
    with translation.override(confirmation.language):
        link = _absolute(reverse("notify:confirm_email", args=[token]))
        body = render_to_string(
            "notify/confirm_email.txt",
            {
                "link": link,
                "village_name": settings.VILLAGE_NAME,
                "hours": services.CONFIRMATION_VALID_HOURS,
            },
        )
        send_mail(_("Confirm your e-mail address"), body, None, [confirmation.address])
