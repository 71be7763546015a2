"""Steps of the notification stories, through the real views and the real task worker."""

from __future__ import annotations

import email
import email.header
import re
import uuid

from django.test import Client
from django.urls import reverse

from carevillage.messaging.models import Thread
from carevillage.messaging.tests.conftest import run_queued_tasks
from carevillage.testing.staff import log_in_staff

NOTIFICATION_TASK = "carevillage.notify.tasks.send_notification"
CONFIRMATION_TASK = "carevillage.notify.tasks.send_email_confirmation"
HEALTH_WORDS = ("Rash", "rash", "itches", "cream", "Aino", "Virtanen", "Harbour")


def patient_writes(client: Client, team) -> Thread:  # noqa: ANN001
    client.post(
        reverse("messaging:new_thread"),
        {
            "care_team": team.pk,
            "topic": "Rash on my arm",
            "body": "It itches.",
            "client_key": str(uuid.uuid4()),
        },
    )
    return Thread.objects.get(topic="Rash on my arm")


def staff_client(user) -> Client:  # noqa: ANN001
    """Logged in once per test: a second login in the same 30 s code step is refused."""
    client = Client()
    log_in_staff(client, user)
    return client


def nurse_answers(nurse_client: Client, thread: Thread, body: str = "Use the cream.") -> None:
    response = nurse_client.post(
        reverse("messaging:thread", args=[thread.pk]),
        {"body": body, "client_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302


def enter_address(client: Client, address: str):  # noqa: ANN201
    return client.post(reverse("notify:settings"), {"action": "set", "email": address})


def send_queued_mail() -> int:
    return run_queued_tasks(CONFIRMATION_TASK) + run_queued_tasks(NOTIFICATION_TASK)


def text_of(mail) -> str:  # noqa: ANN001
    """Subject and body of a mail the SMTP server received, decoded."""
    message = email.message_from_bytes(mail.content)
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    return subject + "\n" + message.get_payload(decode=True).decode()


def link_in(mail) -> str:  # noqa: ANN001
    """The path of the one link in a received mail."""
    text = text_of(mail)
    match = re.search(r"https?://[^/\s]+(/\S+)", text)
    assert match, text
    return match.group(1)
