"""DEMO DATA for messaging: the school nurse's anonymous chat and one answered thread.

The texts are invented for the demo; they are not medical advice.
"""

from __future__ import annotations

import datetime as dt
import uuid

from carevillage.identity.demo import KALLIO_TEAM
from carevillage.identity.models import Person, User
from carevillage.tenants.models import CareTeam

from .models import ChatService, Message, Thread, ThreadKind
from .tasks import schedule_next_upload_cleanup

DEMO_TOPIC = "Demo: question about a vaccination"

# Fixed keys keep the seed idempotent: a second run finds the same messages.
_FIRST_KEY = uuid.UUID("00000000-0000-4000-8000-000000000701")
_ANSWER_KEY = uuid.UUID("00000000-0000-4000-8000-000000000702")


def seed_demo() -> None:
    # `make run` starts the recurring jobs through the demo seed.
    schedule_next_upload_cleanup()
    team = CareTeam.objects.filter(name=KALLIO_TEAM).first()
    if team is None:
        return
    ChatService.objects.get_or_create(
        slug="school-nurse",
        defaults={
            "title": "Chat with the school nurse",
            "care_team": team,
            "weekdays": "01234",
            "opens_at": dt.time(8, 0),
            "closes_at": dt.time(16, 0),
        },
    )
    aino = Person.objects.filter(oidc_subject="demo-aino").first()
    nurse = User.objects.filter(username="nurse.sanna").first()
    if aino is None or nurse is None:
        return
    if Thread.objects.filter(patient=aino, topic=DEMO_TOPIC).exists():
        return
    # Seeded directly (demo only): Aino has no login before her first e-ID visit, and a
    # seeded answer should not appear in her "Who has viewed my data" as a real access.
    thread = Thread.objects.create(
        kind=ThreadKind.PATIENT, topic=DEMO_TOPIC, patient=aino, care_team=team
    )
    Message.objects.create(
        thread=thread,
        author=None,
        author_label=aino.full_name,
        body="DEMO MESSAGE. Can I book my booster vaccination for next week?",
        client_key=_FIRST_KEY,
    )
    answer = Message.objects.create(
        thread=thread,
        author=nurse,
        author_label=nurse.display_name(),
        from_staff=True,
        body="DEMO MESSAGE. Yes, please book a time through the appointments page.",
        client_key=_ANSWER_KEY,
    )
    Thread.objects.filter(pk=thread.pk).update(
        last_message_at=answer.created_at, first_response_at=answer.created_at
    )
