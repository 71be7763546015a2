"""Anonymous chat with the school nurse: hours, pseudonym, resume code, queue, linking."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS

from carevillage.identity.models import Person
from carevillage.messaging.models import ChatService, Thread
from carevillage.messaging.services import hash_resume_code
from carevillage.testing.staff import log_in_staff


@pytest.fixture
def chat(village):
    # Open all day, every day, so the test does not depend on the clock.
    return ChatService.objects.create(
        slug="school-nurse",
        title="Chat with the school nurse",
        care_team=village.team,
        weekdays="0123456",
        opens_at=dt.time(0, 0),
        closes_at=dt.time(23, 59, 59),
    )


def start_chat(client, chat, body="I feel anxious at school."):  # noqa: ANN001, ANN201
    return client.post(
        reverse("messaging:chat_start", args=[chat.slug]),
        {"body": body, "client_key": str(uuid.uuid4())},
    )


def test_young_person_chats_with_a_pseudonym_and_resumes_with_the_code(client, village, chat):
    response = start_chat(client, chat)
    assert response["Location"] == reverse("messaging:chat_conversation")
    page = client.get(response["Location"]).content.decode()
    code = re.search(r'class="resume-code">([A-Z0-9-]+)<', page).group(1)
    thread = Thread.objects.get(kind="anonymous")
    assert thread.pseudonym in page and "I feel anxious" in page
    # Only a hash of the code is stored; the code is shown once.
    assert thread.resume_code_hash == hash_resume_code(code) and code not in thread.resume_code_hash
    assert code not in client.get(reverse("messaging:chat_conversation")).content.decode()

    # The nurse sees the chat waiting in the queue, with the waiting time, and answers.
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    staff_home = nurse.get(reverse("identity:staff_home")).content.decode()
    assert "1 unread message in your teams and consultations." in staff_home
    queue = nurse.get(reverse("messaging:chat_queue")).content.decode()
    assert thread.pseudonym in queue and "waiting 0 minutes" in queue
    assert "Hanna" in queue.split('id="duty-heading"')[1].split("</section>")[0]
    nurse.post(
        reverse("messaging:thread", args=[thread.pk]),
        {"body": "Hi, tell me more.", "client_key": str(uuid.uuid4())},
    )
    assert (
        thread.pseudonym
        not in nurse.get(reverse("messaging:chat_queue"))
        .content.decode()
        .split('id="progress-heading"')[0]
    )

    # Later, on another device, the code brings the same chat back.
    later = Client()
    wrong = later.post(reverse("messaging:chat_resume"), {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 400 and "No chat was found with that code" in wrong.content.decode()
    assert later.post(reverse("messaging:chat_resume"), {"code": code.lower()}).status_code == 302
    page = later.get(reverse("messaging:chat_conversation")).content.decode()
    assert "Hi, tell me more." in page


def test_outside_opening_hours_the_page_says_when_it_opens_and_where_to_get_help(client, chat):
    # Open every day but today: the page must name the service's real days and hours.
    today = timezone.localtime().weekday()
    chat.weekdays = "".join(str(day) for day in range(7) if day != today)
    chat.opens_at, chat.closes_at = dt.time(8, 0), dt.time(15, 0)
    chat.save()
    page = client.get(reverse("messaging:chat_start", args=[chat.slug])).content.decode()
    assert "The chat is closed now" in page and "112" in page
    hours = re.search(r"The chat is open (.*?) from 08:00 to 15:00\.", page).group(1)
    assert str(WEEKDAYS[(today + 1) % 7]) in hours and str(WEEKDAYS[today]) not in hours
    assert "on weekdays" not in page
    assert "Next opening: tomorrow at 08:00." in page
    start_chat(client, chat)
    assert Thread.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "opening", "line", "tel"),
    [
        ("fi", "klo 8.00–15.00", "MIELI ry:n Kriisipuhelimeen", "tel:0925250111"),
        ("sv", "kl. 08:00–15:00", "Självmordslinjen", "tel:90101"),
        ("nb", "kl. 08:00–15:00", "Hjelpetelefonen", "tel:116123"),
        ("nn", "kl. 08:00–15:00", "Hjelpetelefonen", "tel:116123"),
        ("en", "from 08:00 to 15:00", "MIELI Crisis Helpline", "tel:0925250111"),
    ],
)
def test_the_chat_page_gives_the_crisis_line_of_the_country_and_its_hours_in_the_language(
    client, chat, language, opening, line, tel
):
    today = timezone.localtime().weekday()
    chat.weekdays = "".join(str(day) for day in range(7) if day != today)
    chat.opens_at, chat.closes_at = dt.time(8, 0), dt.time(15, 0)
    chat.save()
    with translation.override(language):
        url = reverse("messaging:chat_start", args=[chat.slug])
    page = client.get(url).content.decode()
    assert opening in page
    with translation.override(language):
        assert str(WEEKDAYS[(today + 1) % 7]) in page
    crisis = page.split('id="crisis-heading"')[1].split("</section>")[0]
    assert line in crisis and f'href="{tel}"' in crisis


def test_starting_many_chats_from_one_address_is_limited(client, chat, settings):
    settings.ANONYMOUS_CHAT_STARTS_PER_HOUR = 2
    start_chat(client, chat)
    start_chat(Client(), chat)
    refused = start_chat(Client(), chat)
    assert refused.status_code == 400
    assert "Too many chats were started from here" in refused.content.decode()
    assert Thread.objects.count() == 2


def test_linking_needs_e_id_login_and_an_explicit_confirmation(client, eid, village, chat):
    start_chat(client, chat)
    page = client.get(reverse("messaging:chat_conversation")).content.decode()
    code = re.search(r'class="resume-code">([A-Z0-9-]+)<', page).group(1)
    thread = Thread.objects.get()
    link = reverse("messaging:chat_link")
    assert client.get(link)["Location"].startswith(reverse("identity:login"))

    eid.log_in(client, "demo-leo")
    # Logging in keeps the chat in the session; nothing is linked before confirming.
    not_confirmed = client.post(link, {})
    assert not_confirmed.status_code == 400
    assert "Tick the box to confirm" in not_confirmed.content.decode()
    thread.refresh_from_db()
    assert thread.patient is None

    response = client.post(link, {"confirm": "yes"})
    leo = Person.objects.get(oidc_subject="demo-leo")
    thread.refresh_from_db()
    assert thread.patient == leo
    assert response["Location"] == reverse("messaging:thread", args=[thread.pk])
    assert "I feel anxious at school." in client.get(response["Location"]).content.decode()

    # The chat is Leo's own thread now: the old code opens nothing, on any device.
    elsewhere = Client()
    resumed = elsewhere.post(reverse("messaging:chat_resume"), {"code": code})
    assert resumed.status_code == 400
    assert "No chat was found with that code" in resumed.content.decode()
    assert elsewhere.get(reverse("messaging:chat_conversation"))["Location"] == reverse(
        "messaging:chat_resume"
    )
