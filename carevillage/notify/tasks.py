"""Sending notifications. Idempotent: a notification already sent is not sent again.

Nothing here logs an address, an endpoint or a link: the log line says which
notification row failed, nothing else.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from pywebpush import WebPushException, webpush

from carevillage import access

from . import confirmation as confirmation_link
from .models import Channel, EmailConfirmation, Notification, NotificationEmail, PushSubscription
from .push_endpoints import PUSH_TIMEOUT_SECONDS, EndpointRefused, check_endpoint, push_session

logger = logging.getLogger(__name__)

# How long a push service keeps an undelivered notification (RFC 8030 TTL): a day.
PUSH_TTL_SECONDS = 24 * 60 * 60


# What an e-mail says, by the kind of event its key names ("care-task:12" -> "care-task").
# Subjects and bodies say only that something is waiting, never what.
EMAIL_KINDS = {
    "message": (gettext_lazy("You have a new message"), "notify/new_message_email.txt"),
    "care-task": (gettext_lazy("You have a task waiting"), "notify/care_task_email.txt"),
    "care-invitation": (
        gettext_lazy("You have a new invitation"),
        "notify/care_invitation_email.txt",
    ),
    "appointment": (gettext_lazy("You have a new appointment"), "notify/appointment_email.txt"),
    "appointment-change": (
        gettext_lazy("Your appointment has changed"),
        "notify/appointment_change_email.txt",
    ),
    "appointment-reminder": (
        gettext_lazy("Reminder of your appointment"),
        "notify/appointment_reminder_email.txt",
    ),
}


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _pause_for_test(variable: str, notification_id: int) -> None:
    """Test-only (DEBUG): hold the worker here so a test can kill it (see
    carepaths/tests/test_reminder_worker_killed.py)."""
    seconds = os.environ.get(variable)
    if seconds and settings.DEBUG:
        print(f"{variable} notification {notification_id}", file=sys.stderr, flush=True)
        time.sleep(float(seconds))


@task()
def send_notification(*, notification_id: int) -> None:
    """Send one notification, once. The row is locked and `sent_at` is written in the same
    transaction as the sending, so a second run of this task (queued again by
    `services.requeue_stalled_notifications` after a worker died) finds it sent and stops.

    The one window left: the mail server has accepted the mail and the process dies
    before the commit. Then `sent_at` is rolled back and the sweep sends it again, so the
    person gets the same "something is waiting" mail twice. SMTP has no way to make
    acceptance and our commit one step; a duplicate reminder is the lesser harm than a
    lost one, and the mail carries nothing but a link.
    """
    with access.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return
        # The link opens the page in the recipient's language (/fi/..., /sv/...).
        link = _absolute(translate_url(notification.link_path, notification.language))
        _pause_for_test("CAREVILLAGE_TEST_PAUSE_BEFORE_SEND", notification_id)
        with translation.override(notification.language):
            if notification.channel == Channel.WEBPUSH:
                _send_push(notification, link)
            else:
                _send_email(notification, link)
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
    _pause_for_test("CAREVILLAGE_TEST_PAUSE_AFTER_SEND", notification_id)


def _send_email(notification: Notification, link: str) -> None:
    # Read at sending time: an address removed since the message was queued gets nothing.
    address = NotificationEmail.objects.filter(user=notification.recipient).first()
    if address is None:
        return
    subject, template = EMAIL_KINDS.get(notification.key.partition(":")[0], EMAIL_KINDS["message"])
    body = render_to_string(template, {"link": link, "village_name": settings.VILLAGE_NAME})
    send_mail(str(subject), body, None, [address.address])


def push_payload(link: str) -> str:
    """All a push carries: the words "You have a new message" and the link."""
    return json.dumps({"title": _("You have a new message"), "url": link})


def _send_push(notification: Notification, link: str) -> None:
    if not settings.VAPID_PRIVATE_KEY:
        return
    data = push_payload(link)
    session = push_session()
    for subscription in PushSubscription.objects.filter(user=notification.recipient):
        try:
            # Checked again at sending time: the allow-list or the host's DNS may have
            # changed since the browser subscribed.
            check_endpoint(subscription.endpoint)
        except EndpointRefused:
            logger.warning("web push for notification %s: endpoint refused", notification.pk)
            continue
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
                timeout=PUSH_TIMEOUT_SECONDS,
                requests_session=session,
            )
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                # RFC 8030 §7.3: the subscription has expired or was removed by the browser.
                confirmation_link.forget_push_subscription(subscription_id=subscription.pk)
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
    token = confirmation_link.confirmation_token(confirmation)
    with translation.override(confirmation.language):
        link = _absolute(reverse("notify:confirm_email", args=[token]))
        body = render_to_string(
            "notify/confirm_email.txt",
            {
                "link": link,
                "village_name": settings.VILLAGE_NAME,
                "hours": confirmation_link.CONFIRMATION_VALID_HOURS,
            },
        )
        send_mail(_("Confirm your e-mail address"), body, None, [confirmation.address])
