"""Sending notifications. Idempotent: a notification already sent is not sent again."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Notification


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
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + notification.link_path
        with translation.override(notification.language):
            subject = _("You have a new message")
            body = render_to_string(
                "notify/new_message_email.txt",
                {"link": link, "village_name": settings.VILLAGE_NAME},
            )
        send_mail(subject, body, None, [notification.recipient.email])
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])
