"""Logging out turns web push off on that browser."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out, dispatch_uid="notify.forget_push_of_session")
def _forget_push_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from .services import forget_push_of_session

    if user is not None and request is not None:
        forget_push_of_session(user=user, session_key=request.session.session_key)
