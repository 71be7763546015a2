"""What the live pages and the services share: channel-layer group names, the message
payload, the broadcast after a commit, and closing the sockets of a session that ended.

Every live socket joins three groups: its thread's (new messages), its session's and its
user's. Logging out, an expired session, a password or authenticator reset and a lost
care-team membership reach the socket through the last two, so a socket never outlives
the login it was opened with (issue #12.1).
"""

from __future__ import annotations

import hashlib
import os
import time
from datetime import datetime
from importlib import import_module
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.formats import date_format

from carevillage.access.handlers.anonymous_chat import ResumeCodeHolder

from .models import Message

# The session key under which an anonymous chat's browser holds its chat.
ANON_SESSION_KEY = "anonymous_chat_thread"
# ...and the hash of the resume code it was opened or resumed with: linking the chat to a
# named patient voids the code, and with it every session that held the chat by it.
ANON_CODE_SESSION_KEY = "anonymous_chat_code"

# Closes the socket with: 4401 the login ended, 4403 access was lost, 4404 never allowed.
CLOSE_SESSION_ENDED = 4401
CLOSE_ACCESS_LOST = 4403
CLOSE_NOT_ALLOWED = 4404


def thread_group(thread_id: int) -> str:
    return f"messaging.thread.{thread_id}"


def session_group(session_key: str) -> str:
    # Group names are public within the channel layer: the session key is hashed.
    return "messaging.session." + hashlib.sha256(session_key.encode()).hexdigest()


def user_group(user_id: int) -> str:
    return f"messaging.user.{user_id}"


def message_payload(message: Message) -> dict[str, Any]:
    """Plain text only: the page inserts it with textContent, so HTML stays text."""
    return {
        "id": message.pk,
        "author": message.author_label,
        "from_staff": message.from_staff,
        "internal": message.internal,
        "body": message.body,
        "created_at": message.created_at.isoformat(),
        "created_label": date_format(timezone.localtime(message.created_at), "DATETIME_FORMAT"),
        "attachments": [{"id": a.pk, "name": a.original_name} for a in message.attachments.all()],
    }


def _pause_before_broadcast() -> None:
    """Test-only: lets a test kill the server between the commit and the broadcast."""
    seconds = os.environ.get("CAREVILLAGE_TEST_PAUSE_BEFORE_BROADCAST")
    if seconds and settings.DEBUG:
        time.sleep(float(seconds))


def _send(group: str, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)


def broadcast_new_message(message_id: int, thread_id: int) -> None:
    """Tell the live pages of the thread that a message is there. Runs after the commit:
    a page that misses this (server gone, no connection) fetches it by cursor later."""
    _pause_before_broadcast()
    message = Message.objects.filter(pk=message_id).prefetch_related("attachments").first()
    if message is None:
        return
    # The payload is built once here; each live page drops internal notes if it is the
    # patient's, so a broadcast costs no database read per listener.
    _send(thread_group(thread_id), {"type": "thread.message", "message": message_payload(message)})


def chat_queue_group(care_team_id: int) -> str:
    return f"messaging.chat_queue.{care_team_id}"


def broadcast_queue_changed(care_team_id: int) -> None:
    """The nurses' anonymous chat queue of a team changed (a chat came or was answered)."""
    _send(chat_queue_group(care_team_id), {"type": "queue.changed"})


def close_session_sockets(session_key: str | None) -> None:
    """Every live socket opened with this session closes now (logout)."""
    if session_key:
        _send(session_group(session_key), {"type": "session.ended"})


def close_user_sockets(user_id: int) -> None:
    """Every live socket of this user closes now (password or authenticator reset)."""
    _send(user_group(user_id), {"type": "session.ended"})


def recheck_user_sockets(user_id: int) -> None:
    """Every live socket of this user asks the access policy again (a lost membership)."""
    _send(user_group(user_id), {"type": "access.changed"})


def _stored_session(session_key: str | None) -> tuple[dict[str, Any], datetime | None]:
    """The stored session's data and when it expires; ({}, None) for one that is gone,
    expired or flushed by a logout. The session engine's own store decides, so a socket
    agrees with what the next page load would see."""
    if not session_key:
        return {}, None
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore(session_key=session_key)
    data = store.load()
    if not data:
        return {}, None
    model = getattr(store, "model", None)
    expires = None
    if model is not None:
        expires = (
            model.objects.filter(session_key=session_key)
            .values_list("expire_date", flat=True)
            .first()
        )
    return data, expires or store.get_expiry_date()


def session_expiry(session_key: str | None, user: Any) -> datetime | None:
    """When the stored session expires, if it is still a strong login of `user` (not
    gone, not expired, not logged out, the password unchanged since); None otherwise."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    data, expires = _stored_session(session_key)
    if not data or str(data.get(SESSION_KEY)) != str(user.pk) or not session_is_strong(data):
        return None
    # A password change (or reset) changes the hash: the pages log such a session out.
    if not constant_time_compare(str(data.get(HASH_SESSION_KEY, "")), user.get_session_auth_hash()):
        return None
    return expires


def chat_holder(data: Any) -> ResumeCodeHolder | None:
    """The anonymous writer a session (or its stored data) holds a chat for, if any."""
    if data is None:
        return None
    thread_id, code_hash = data.get(ANON_SESSION_KEY), data.get(ANON_CODE_SESSION_KEY)
    if not isinstance(thread_id, int) or not isinstance(code_hash, str) or not code_hash:
        return None
    return ResumeCodeHolder(thread_id=thread_id, code_hash=code_hash)


def stored_chat_holder(session_key: str | None) -> tuple[ResumeCodeHolder | None, datetime | None]:
    """The chat holder of a stored anonymous session, and when that session expires."""
    data, expires = _stored_session(session_key)
    holder = chat_holder(data)
    return holder, (expires if holder is not None else None)


def session_is_strong(session: Any) -> bool:
    """Same bar as the pages: e-ID at a high level, or a verified staff second factor."""
    if session is None:
        return False
    return session.get("loa") == "high" or bool(session.get("otp_device_id"))
