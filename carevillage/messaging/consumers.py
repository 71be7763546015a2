"""Live threads over websockets.

The page opens a socket and says from which message on it needs updates
(`{"after": <id>}`): the consumer answers with everything after that cursor from the
database, then pushes each new message as the services broadcast it. Messages are always
saved before they are broadcast, so a page that reconnects after any failure asks again
with its last id and misses nothing.

A socket lives no longer than the login it was opened with: it is in a group of its
session and of its user (see `live`), closes when either is told the login ended, checks
the stored session and the access policy again before every catch-up, and closes itself
when the session's idle time runs out.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone

from carevillage import access
from carevillage.audit.actions import AuditAction

from . import live, selectors
from .models import AnonymousChat, Thread


class ThreadConsumer(AsyncWebsocketConsumer):
    groups_joined: list[str]

    async def connect(self) -> None:
        self.groups_joined = []
        self.expiry_watch: asyncio.Task[None] | None = None
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        self.user = self.scope.get("user")
        session = self.scope.get("session")
        self.session_key = getattr(session, "session_key", None)
        allowed = await self._check(purpose="live")
        if not allowed:
            await self.close(code=live.CLOSE_NOT_ALLOWED)
            return
        await self._join(
            live.thread_group(self.thread_id),
            live.session_group(self.session_key or ""),
            live.user_group(self.user.pk),
        )
        await self.accept()
        self.expiry_watch = asyncio.ensure_future(self._watch_expiry())

    async def _join(self, *groups: str) -> None:
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)

    @database_sync_to_async
    def _check(self, *, purpose: str) -> bool:
        """The session is still this user's strong login, and the policy still lets them
        see the thread (decided and audited). Sets the idle deadline it found."""
        self.expires_at: datetime | None = live.session_expiry(self.session_key, self.user)
        if self.expires_at is None:
            return False
        thread = Thread.objects.filter(pk=self.thread_id).first()
        if thread is None or not access.decide(
            self.user, AuditAction.VIEW_THREAD, thread, purpose=purpose
        ):
            return False
        self.thread = thread
        self.patient_side = selectors.is_patient_side(actor=self.user, thread=thread)
        return True

    @database_sync_to_async
    def _session_current(self) -> bool:
        self.expires_at = live.session_expiry(self.session_key, self.user)
        return self.expires_at is not None

    async def _watch_expiry(self) -> None:
        """Close when the session's idle time runs out; another page's request may have
        renewed it meanwhile, so the stored session is asked again at the deadline."""
        while True:
            expires_at = self.expires_at
            if expires_at is None:
                break
            await asyncio.sleep(max(0.0, (expires_at - timezone.now()).total_seconds()) + 0.05)
            if not await self._session_current():
                break
        await self._end(live.CLOSE_SESSION_ENDED)

    async def _end(self, code: int) -> None:
        await self._leave()
        await self.close(code=code)

    async def _leave(self) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = []

    async def disconnect(self, code: int) -> None:
        watch = getattr(self, "expiry_watch", None)
        if watch is not None and watch is not asyncio.current_task():
            watch.cancel()
        await self._leave()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            after = int(json.loads(text_data or "{}").get("after", 0))
        except (ValueError, TypeError, AttributeError, RecursionError):
            return
        if not -(2**63) <= after < 2**63:
            return
        if not await self._check(purpose="live catch-up"):
            await self._end(live.CLOSE_SESSION_ENDED)
            return
        for payload in await self._payloads(after):
            await self.send(text_data=json.dumps({"type": "message", "message": payload}))

    async def thread_message(self, event: dict[str, Any]) -> None:
        if self.expires_at is None or self.expires_at <= timezone.now():
            # Past the idle deadline: deliver nothing until the stored session says it
            # was renewed.
            if not await self._session_current():
                await self._end(live.CLOSE_SESSION_ENDED)
                return
        payload = event["message"]
        if payload["internal"] and self.patient_side:
            return  # internal notes never reach the patient's page
        await self.send(text_data=json.dumps({"type": "message", "message": payload}))

    async def session_ended(self, event: dict[str, Any]) -> None:
        await self._end(live.CLOSE_SESSION_ENDED)

    async def access_changed(self, event: dict[str, Any]) -> None:
        if not await self._check(purpose="live"):
            await self._end(live.CLOSE_ACCESS_LOST)

    @database_sync_to_async
    def _payloads(self, after: int) -> list[dict[str, Any]]:
        messages = selectors.messages_after(actor=self.user, thread=self.thread, after_id=after)
        return [live.message_payload(m) for m in messages]


class AnonymousChatConsumer(ThreadConsumer):
    """The anonymous young person: no user; the session holds the chat and its code."""

    async def connect(self) -> None:
        self.groups_joined = []
        self.expiry_watch = None
        self.user = None
        self.patient_side = True
        session = self.scope.get("session")
        self.session_key = getattr(session, "session_key", None)
        if not await self._check(purpose="live"):
            await self.close(code=live.CLOSE_NOT_ALLOWED)
            return
        await self._join(
            live.thread_group(self.thread_id), live.session_group(self.session_key or "")
        )
        await self.accept()
        self.expiry_watch = asyncio.ensure_future(self._watch_expiry())

    @database_sync_to_async
    def _check(self, *, purpose: str) -> bool:
        """The stored session still holds the chat by a code that still opens it."""
        holder, self.expires_at = live.stored_chat_holder(self.session_key)
        if holder is None:
            return False
        chat = AnonymousChat.objects.filter(pk=holder.thread_id).first()
        if chat is None or not access.decide(
            holder, AuditAction.VIEW_THREAD, chat, purpose=purpose
        ):
            self.expires_at = None
            return False
        self.holder, self.thread, self.thread_id = holder, chat, chat.pk
        return True

    @database_sync_to_async
    def _session_current(self) -> bool:
        holder, self.expires_at = live.stored_chat_holder(self.session_key)
        return holder is not None

    @database_sync_to_async
    def _payloads(self, after: int) -> list[dict[str, Any]]:
        messages = selectors.anonymous_messages_after(holder=self.holder, after_id=after)
        return [live.message_payload(m) for m in messages]


class ChatQueueConsumer(AsyncWebsocketConsumer):
    """The nurses' anonymous chat queue: told when a chat arrives or is answered, the
    page reloads its list (the list itself is the page's, through the access policy)."""

    groups_joined: list[str]

    async def connect(self) -> None:
        self.groups_joined = []
        self.user = self.scope.get("user")
        session = self.scope.get("session")
        self.session_key = getattr(session, "session_key", None)
        team_ids = await self._team_ids()
        if not team_ids:  # no live login, or nobody's queue to follow (not in a care team)
            await self.close(code=live.CLOSE_NOT_ALLOWED)
            return
        for group in [live.chat_queue_group(t) for t in team_ids] + [
            live.session_group(self.session_key or ""),
            live.user_group(self.user.pk),
        ]:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.accept()

    @database_sync_to_async
    def _team_ids(self) -> list[int] | None:
        if live.session_expiry(self.session_key, self.user) is None:
            return None
        return selectors.chat_queue_team_ids(actor=self.user)

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = []

    async def queue_changed(self, event: dict[str, Any]) -> None:
        if await self._team_ids() is None:
            await self.close(code=live.CLOSE_SESSION_ENDED)
            return
        await self.send(text_data=json.dumps({"type": "queue.changed"}))

    async def session_ended(self, event: dict[str, Any]) -> None:
        await self.close(code=live.CLOSE_SESSION_ENDED)

    async def access_changed(self, event: dict[str, Any]) -> None:
        await self.close(code=live.CLOSE_ACCESS_LOST)
