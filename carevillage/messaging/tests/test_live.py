"""Live updates over websockets, through the real ASGI application and channel layer."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

from asgiref.sync import async_to_sync, sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carevillage.asgi import application
from carevillage.identity.models import Person
from carevillage.identity.signals import sessions_revoked
from carevillage.messaging import live, services
from carevillage.tenants.models import CareTeamMembership
from carevillage.testing import login_citizen
from carevillage.testing.staff import log_in_staff

from .conftest import another_patient, register


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


def _socket(client: Client, thread_id: int | None, path: str = "") -> Socket:
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return Socket(
        application,
        {
            "type": "websocket",
            "path": path or f"/ws/messages/{thread_id}/",
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


async def _closed_with(socket: Socket, timeout: float = 5) -> int | None:
    """The close code the application sent, or None if the socket stayed open."""
    while True:
        try:
            answer = await socket.receive_output(timeout=timeout)
        except TimeoutError:
            return None
        if answer["type"] == "websocket.close":
            return answer.get("code")


def _session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_logging_out_closes_the_patients_socket_at_once_and_it_gets_nothing_more(
    committing_db, village, client, eid
):
    login_citizen(client, "demo-aino")
    aino = register(Person.objects.get(oidc_subject="demo-aino"), village.team)
    thread = services.start_thread(
        actor=aino.user,
        care_team=village.team,
        topic="Sleep",
        body="I cannot sleep.",
        client_key=uuid.uuid4(),
    )

    def nurse_writes(body: str) -> None:
        services.send_message(
            actor=village.nurse, thread=thread, body=body, client_key=uuid.uuid4()
        )

    async def scenario() -> None:
        socket = _socket(client, thread.pk)
        assert (await socket.connect())[0]
        await socket.send_to(text_data=json.dumps({"after": 0}))
        assert await _drain(socket) == ["I cannot sleep."]

        await sync_to_async(client.post)(reverse("identity:logout"))
        assert await _closed_with(socket) == live.CLOSE_SESSION_ENDED
        # Nothing written afterwards reaches the closed page.
        await sync_to_async(nurse_writes)("Try a regular bedtime.")
        assert await socket.receive_nothing(timeout=0.5)

    async_to_sync(scenario)()


def test_a_staff_socket_checks_the_session_before_every_catch_up_and_at_its_idle_deadline(
    committing_db, village
):
    patient = another_patient(village.team)
    thread = services.start_thread(
        actor=patient.user,
        care_team=village.team,
        topic="Knee",
        body="It hurts.",
        client_key=uuid.uuid4(),
    )
    services.send_message(
        actor=village.nurse,
        thread=thread,
        body="Internal: X-ray?",
        client_key=uuid.uuid4(),
        internal=True,
    )
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    key = _session_key(nurse)

    def expire_session(seconds: float) -> None:
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() + timedelta(seconds=seconds)
        )

    async def scenario() -> None:
        # The session ran out while the page stayed open: the next catch-up gets no
        # history (internal notes included) and the socket closes.
        socket = _socket(nurse, thread.pk)
        assert (await socket.connect())[0]
        await sync_to_async(expire_session)(-1)
        await socket.send_to(text_data=json.dumps({"after": 0}))
        assert await _closed_with(socket) == live.CLOSE_SESSION_ENDED

        # A session with a second left: the socket closes itself when it runs out,
        # with no message or request to make it look.
        await sync_to_async(expire_session)(1)
        socket = _socket(nurse, thread.pk)
        assert (await socket.connect())[0]
        assert await _closed_with(socket, timeout=4) == live.CLOSE_SESSION_ENDED

    async_to_sync(scenario)()


def test_a_revoked_login_and_a_lost_team_membership_close_the_staff_socket(committing_db, village):
    patient = another_patient(village.team)
    thread = services.start_thread(
        actor=patient.user,
        care_team=village.team,
        topic="Knee",
        body="It hurts.",
        client_key=uuid.uuid4(),
    )
    nurse, colleague = Client(), Client()
    log_in_staff(nurse, village.nurse)
    log_in_staff(colleague, village.colleague)

    def revoke() -> None:
        sessions_revoked.send(sender=None, user=village.nurse)

    def leave_team() -> None:
        CareTeamMembership.objects.filter(user=village.colleague, care_team=village.team).delete()

    async def scenario() -> None:
        socket = _socket(nurse, thread.pk)
        assert (await socket.connect())[0]
        await sync_to_async(revoke)()  # a password or authenticator reset
        assert await _closed_with(socket) == live.CLOSE_SESSION_ENDED

        socket = _socket(colleague, thread.pk)
        assert (await socket.connect())[0]
        await sync_to_async(leave_team)()
        assert await _closed_with(socket) == live.CLOSE_ACCESS_LOST
        # Connecting again is refused: the thread is no longer theirs to see.
        again = _socket(colleague, thread.pk)
        assert await again.connect() == (False, live.CLOSE_NOT_ALLOWED)

    async_to_sync(scenario)()


def test_the_nurses_chat_queue_hears_when_a_chat_arrives_and_when_a_nurse_answers_it(
    committing_db, village, client, eid
):
    from .conftest import log_in_patient

    nurse = Client()
    log_in_staff(nurse, village.nurse)
    page = nurse.get(reverse("messaging:chat_queue")).content.decode()
    assert 'data-socket-path="/ws/chat-queue/"' in page and "messaging/chat_queue.js" in page

    async def scenario() -> None:
        socket = _socket(nurse, None, path="/ws/chat-queue/")
        assert (await socket.connect())[0]
        chat, _code = await sync_to_async(services.start_anonymous_chat)(
            care_team=village.team,
            body="I feel anxious at school.",
            client_key=uuid.uuid4(),
            rate_key="192.0.2.1",
        )
        assert json.loads(await socket.receive_from()) == {"type": "queue.changed"}
        await sync_to_async(services.send_message)(
            actor=village.nurse, thread=chat, body="Hi, I am here.", client_key=uuid.uuid4()
        )
        assert json.loads(await socket.receive_from()) == {"type": "queue.changed"}
        await socket.disconnect()

        # A patient is no nurse: the queue socket does not open for them.
        await sync_to_async(log_in_patient)(client, eid, "demo-aino", village.team)
        stranger = _socket(client, None, path="/ws/chat-queue/")
        assert (await stranger.connect())[0] is False

    async_to_sync(scenario)()
