"""The one door for notifying someone. Call it inside the transaction of the change it
announces: the task row is written in the same database transaction (an outbox)."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from .models import Channel, Notification


def notify_new_message(*, recipient, key: str, link_path: str) -> Notification | None:  # noqa: ANN001
    """Queue "You have a new message" for the recipient, once per `key`.

    Nothing is queued for someone without an e-mail address.
    """
    from .tasks import send_notification

    if not getattr(recipient, "email", ""):
        return None
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            recipient=recipient,
            channel=Channel.EMAIL,
            key=key,
            defaults={
                "link_path": link_path,
                "language": translation.get_language() or "en",
            },
        )
        if created:
            send_notification.enqueue(notification_id=notification.pk)
    return notification
