"""Live threads over websockets.

The page opens a socket and says from which message on it needs updates
(`{"after": <id>}`): the consumer answers with everything after that cursor from the
database, then pushes each new message as the services broadcast it. Messages are always
saved before they are broadcast, so a page that reconnects after any failure asks again
with its last id and misses nothing.
"""

from __future__ import annotations

import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone
from django.utils.formats import date_format

from carevillage import access

from . import selectors
from .models import Message, Thread, ThreadKind
from .services import thread_group


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


def _session_is_strong(session: Any) -> bool:
    """Same bar as the pages: e-ID at a high level, or a verified staff second factor."""
    if session is None:
        return False
    return session.get("loa") == "high" or bool(session.get("otp_device_id"))


class ThreadConsumer(AsyncWebsocketConsumer):
    async def connect(self) -> None:
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        user = self.scope.get("user")
        self.thread = await self._allowed_thread(user)
        if self.thread is None:
            await self.close(code=4404)
            return
        self.user = user
        self.group = thread_group(self.thread_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    @database_sync_to_async
    def _allowed_thread(self, user: Any) -> Thread | None:
        if (
            user is None
            or not user.is_authenticated
            or not _session_is_strong(self.scope.get("session"))
        ):
            return None
        thread = Thread.objects.filter(pk=self.thread_id).first()
        if thread is None or not access.decide(user, "view_thread", thread, purpose="live"):
            return None
        self.patient_side = selectors.is_patient_side(actor=user, thread=thread)
        return thread

    async def disconnect(self, code: int) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            after = int(json.loads(text_data or "{}").get("after", 0))
        except (ValueError, TypeError, AttributeError):
            return
        await self._send_after(after)

    async def thread_message(self, event: dict[str, Any]) -> None:
        payload = event["message"]
        if payload["internal"] and self.patient_side:
            return  # internal notes never reach the patient's page
        await self.send(text_data=json.dumps({"type": "message", "message": payload}))

    @database_sync_to_async
    def _payloads(self, after: int) -> list[dict[str, Any]]:
        messages = selectors.messages_after(actor=self.user, thread=self.thread, after_id=after)
        return [message_payload(m) for m in messages]

    async def _send_after(self, after: int) -> None:
        for payload in await self._payloads(after):
            await self.send(text_data=json.dumps({"type": "message", "message": payload}))


class AnonymousChatConsumer(ThreadConsumer):
    """The anonymous young person: the session holds the chat, there is no user."""

    async def connect(self) -> None:
        self.thread = await self._session_thread()
        if self.thread is None:
            await self.close(code=4404)
            return
        self.thread_id = self.thread.pk
        self.patient_side = True
        self.group = thread_group(self.thread_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    @database_sync_to_async
    def _session_thread(self) -> Thread | None:
        from .views import ANON_SESSION_KEY

        session = self.scope.get("session")
        thread_id = session.get(ANON_SESSION_KEY) if session is not None else None
        if not thread_id:
            return None
        return Thread.objects.filter(pk=thread_id, kind=ThreadKind.ANONYMOUS).first()

    @database_sync_to_async
    def _payloads(self, after: int) -> list[dict[str, Any]]:
        messages = selectors.anonymous_messages_after(thread=self.thread, after_id=after)
        return [message_payload(m) for m in messages]
