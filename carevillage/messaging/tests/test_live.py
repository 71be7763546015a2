"""Live updates over websockets, through the real ASGI application and channel layer."""

from __future__ import annotations

import json
import uuid

from asgiref.sync import async_to_sync, sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.conf import settings
from django.test import Client

from carevillage.asgi import application
from carevillage.messaging import services
from carevillage.testing.staff import log_in_staff

from .conftest import another_patient


class Socket(ApplicationCommunicator):
    """A websocket client speaking ASGI to the real application (in this process)."""

    async def connect(self) -> tuple[bool, int | None]:
        await self.send_input({"type": "websocket.connect"})
        answer = await self.receive_output(timeout=5)
        return answer["type"] == "websocket.accept", answer.get("code")

    async def send_to(self, *, text_data: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def receive_from(self) -> str:
        return (await self.receive_output(timeout=5))["text"]

    async def disconnect(self) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(timeout=5)


def _socket(client: Client, thread_id: int) -> Socket:
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return Socket(
        application,
        {
            "type": "websocket",
            "path": f"/ws/messages/{thread_id}/",
            "query_string": b"",
            "headers": [(b"cookie", cookie.encode()), (b"origin", b"http://testserver")],
            "subprotocols": [],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        },
    )


async def _drain(socket: Socket) -> list[str]:
    bodies = []
    while not await socket.receive_nothing(timeout=0.5):
        bodies.append(json.loads(await socket.receive_from())["message"]["body"])
    return bodies


def test_page_gets_new_messages_live_and_what_it_missed_after_reconnecting(committing_db, village):
    patient = another_patient(village.team)
    thread = services.start_thread(
        actor=patient.user,
        care_team=village.team,
        topic="Knee",
        body="It hurts.",
        client_key=uuid.uuid4(),
    )
    nurse = Client()
    log_in_staff(nurse, village.nurse)

    def patient_writes(body: str) -> None:
        services.send_message(actor=patient.user, thread=thread, body=body, client_key=uuid.uuid4())

    def nurse_notes(body: str) -> None:
        services.send_message(
            actor=village.nurse, thread=thread, body=body, client_key=uuid.uuid4(), internal=True
        )

    async def scenario() -> None:
        socket = _socket(nurse, thread.pk)
        connected, _ = await socket.connect()
        assert connected
        await socket.send_to(text_data=json.dumps({"after": 0}))
        assert await _drain(socket) == ["It hurts."]

        await sync_to_async(patient_writes)("Now it is swollen.")
        assert await _drain(socket) == ["Now it is swollen."]
        last_seen = await sync_to_async(lambda: thread.messages.order_by("pk").last().pk)()
        await socket.disconnect()

        # While the nurse's page is offline, two more messages arrive.
        await sync_to_async(patient_writes)("And red.")
        await sync_to_async(nurse_notes)("Consider an X-ray.")

        socket = _socket(nurse, thread.pk)
        assert (await socket.connect())[0]
        await socket.send_to(text_data=json.dumps({"after": last_seen}))
        assert await _drain(socket) == ["And red.", "Consider an X-ray."]
        await socket.disconnect()

    async_to_sync(scenario)()


def test_patient_socket_never_carries_internal_notes_and_strangers_are_refused(
    committing_db, village, client, eid
):
    from .conftest import log_in_patient

    aino = log_in_patient(client, eid, "demo-aino", village.team)
    thread = services.start_thread(
        actor=aino.user,
        care_team=village.team,
        topic="Sleep",
        body="I cannot sleep.",
        client_key=uuid.uuid4(),
    )
    services.send_message(
        actor=village.nurse,
        thread=thread,
        body="Internal: check meds",
        client_key=uuid.uuid4(),
        internal=True,
    )
    services.send_message(
        actor=village.nurse, thread=thread, body="Try a regular bedtime.", client_key=uuid.uuid4()
    )
    outsider = Client()
    log_in_staff(outsider, village.outsider)

    def nurse_writes(body: str, internal: bool) -> None:
        services.send_message(
            actor=village.nurse,
            thread=thread,
            body=body,
            client_key=uuid.uuid4(),
            internal=internal,
        )

    async def scenario() -> None:
        socket = _socket(client, thread.pk)
        assert (await socket.connect())[0]
        await socket.send_to(text_data=json.dumps({"after": 0}))
        assert await _drain(socket) == ["I cannot sleep.", "Try a regular bedtime."]
        await sync_to_async(nurse_writes)("Internal: sleep diary?", True)
        await sync_to_async(nurse_writes)("Keep a sleep diary.", False)
        assert await _drain(socket) == ["Keep a sleep diary."]
        await socket.disconnect()

        stranger = _socket(outsider, thread.pk)
        connected, code = await stranger.connect()
        assert not connected and code == 4404

    async_to_sync(scenario)()
