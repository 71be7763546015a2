"""Signals of the identity app.

`sessions_revoked(sender=User, user=user)` is sent (after the transaction commits) when a
user's credentials or clinical access shrink: their password or authenticator device is
reset or changed, or a care-team membership or staff role is removed. Receivers end what
the user still has open on the strength of the old state, e.g. the messaging app closes
every live socket of that user's sessions.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

sessions_revoked = Signal()


def revoke_sessions(user: Any) -> None:
    """Send `sessions_revoked` for `user` once the current transaction commits (at once
    outside one): a rolled-back change revokes nothing."""
    transaction.on_commit(lambda: sessions_revoked.send(sender=type(user), user=user))
