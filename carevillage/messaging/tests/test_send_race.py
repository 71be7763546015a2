"""Two requests with the same client key at the same moment (a double click that reaches
two app servers) create one message. The database's unique constraint decides; this
matters on PostgreSQL, where both requests really run at once (SQLite takes one writer at
a time, so there the second simply finds the first)."""

from __future__ import annotations

import threading
import uuid

from django.db import connections

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.messaging import services
from carevillage.messaging.models import Message

from .conftest import another_patient

ROUNDS = 8


def test_two_sends_with_the_same_key_at_the_same_moment_create_one_message(committing_db, village):
    patient = another_patient(village.team)
    thread = services.start_thread(
        actor=patient.user,
        care_team=village.team,
        topic="Race",
        body="Opening",
        client_key=uuid.uuid4(),
    )
    for _round in range(ROUNDS):
        key = uuid.uuid4()
        start = threading.Barrier(2)
        results: list[tuple[int, bool]] = []
        errors: list[BaseException] = []

        def send(key: uuid.UUID = key, start: threading.Barrier = start) -> None:
            try:
                start.wait(timeout=10)
                message, created = services.send_message(
                    actor=patient.user, thread=thread, body="Same click", client_key=key
                )
                results.append((message.pk, created))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        senders = [threading.Thread(target=send) for _ in range(2)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(timeout=60)

        assert errors == []
        assert Message.objects.filter(thread=thread, client_key=key).count() == 1
        message_id = Message.objects.get(thread=thread, client_key=key).pk
        # Both requests answer with the same message; only one of them created it.
        assert sorted(results) == [(message_id, False), (message_id, True)]
        # One message, one "wrote a message" in the trail: the repeat left no event.
        assert (
            AuditEvent.objects.filter(
                action="send_message",
                outcome=Outcome.ALLOWED,
                resource_id=str(thread.pk),
                actor_user_id=patient.user.pk,
            ).count()
            == _round + 1
        )
    assert thread.messages.count() == ROUNDS + 1
