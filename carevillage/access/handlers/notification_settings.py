"""Where someone's notifications go (their confirmed e-mail address, the browsers that
push to them) is their personal data: only the account's own user changes it, and each
change stands in the person's trail.

The resource is the account seen as its notification settings (`NotificationSettings`,
a proxy of `User`): the settings have no row of their own while nothing is set, and a
change may remove every row there is.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.notify.models import NotificationSettings

SETTINGS_CHANGES = frozenset(
    {
        A.REQUEST_NOTIFICATION_EMAIL,
        A.CONFIRM_NOTIFICATION_EMAIL,
        A.REMOVE_NOTIFICATION_EMAIL,
        A.SUBSCRIBE_PUSH,
        A.UNSUBSCRIBE_PUSH,
    }
)


@register(NotificationSettings)
class NotificationSettingsHandler:
    resource_type = "notification_settings"
    actions = SETTINGS_CHANGES

    def subject_person_id(self, resource: NotificationSettings) -> int | None:
        person = getattr(resource, "person", None)
        return person.pk if person is not None else None

    def decide(
        self, *, actor: Any, action: A, resource: NotificationSettings, on_behalf_of: Any
    ) -> Decision:
        if on_behalf_of is not None:
            # A proxy manages their own notifications, not the represented person's.
            return Decision(False, "no proxy relation")
        if actor is None or getattr(actor, "pk", None) != resource.pk:
            return Decision(False, "not the account's own user")
        return Decision(True, "self")

    def visible(
        self, *, actor: Any, action: A, queryset: QuerySet[NotificationSettings]
    ) -> QuerySet[NotificationSettings]:
        if actor is None or getattr(actor, "pk", None) is None:
            return queryset.none()
        return queryset.filter(pk=actor.pk)
