"""Live sockets end with the login they were opened with (issue #12.1).

- logging out closes every socket of that session;
- `identity.signals.sessions_revoked` (a password or authenticator reset, every session
  of the user ended) closes every socket of the user;
- a care-team or staff membership removed or changed makes every socket of that user
  ask the access policy again, and close if it says no.

Session expiry needs no signal: each socket closes itself at its session's deadline
(consumers.ThreadConsumer._watch_expiry).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from carevillage.identity.signals import sessions_revoked
from carevillage.tenants.models import CareTeamMembership, StaffMembership

from . import live


@receiver(user_logged_out, dispatch_uid="messaging.close_sockets_on_logout")
def _close_sockets_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    live.close_session_sockets(getattr(session, "session_key", None))


@receiver(sessions_revoked, dispatch_uid="messaging.close_sockets_on_revocation")
def _close_sockets_on_revocation(sender: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and user.pk is not None:
        user_id = user.pk
        transaction.on_commit(lambda: live.close_user_sockets(user_id))


@receiver(post_delete, sender=CareTeamMembership, dispatch_uid="messaging.recheck_team_left")
@receiver(post_delete, sender=StaffMembership, dispatch_uid="messaging.recheck_role_removed")
@receiver(post_save, sender=StaffMembership, dispatch_uid="messaging.recheck_role_changed")
def _recheck_sockets_on_membership_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    user_id = instance.user_id
    transaction.on_commit(lambda: live.recheck_user_sockets(user_id))
