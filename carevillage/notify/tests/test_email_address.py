"""A patient enters the address notifications go to, confirms it by a one-time link, and
only then gets "You have a new message" there. Real SMTP server, real task worker."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carevillage.audit.models import AuditEvent
from carevillage.messaging.tests.conftest import log_in_patient
from carevillage.notify.models import EmailConfirmation, NotificationEmail

from .helpers import (
    HEALTH_WORDS,
    enter_address,
    link_in,
    nurse_answers,
    patient_writes,
    send_queued_mail,
    staff_client,
    text_of,
)


def test_answer_is_mailed_only_after_the_patient_confirms_the_address(
    client, eid, village, smtp_server
):
    log_in_patient(client, eid, "demo-aino", village.team)
    thread = patient_writes(client, village.team)
    nurse = staff_client(village.nurse)
    assert "Notification settings" in client.get(reverse("portal:my_page")).content.decode()

    # No address yet: an answer sends nothing.
    nurse_answers(nurse, thread)
    send_queued_mail()
    assert smtp_server.messages == []

    response = enter_address(client, "aino.virtanen@example.org")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "We sent a confirmation link to aino.virtanen@example.org" in page
    assert "Waiting for confirmation" in page

    # The confirmation mail arrives; an answer before it is followed still sends nothing.
    nurse_answers(nurse, thread, "Any better today?")
    assert send_queued_mail() == 1
    assert len(smtp_server.messages) == 1
    confirmation_mail = smtp_server.messages[0]
    assert confirmation_mail.rcpt_tos == ["aino.virtanen@example.org"]
    text = text_of(confirmation_mail)
    assert "Confirm your e-mail address" in text
    for word in HEALTH_WORDS:
        assert word not in text
    link = link_in(confirmation_mail)

    # Opened on another device, without logging in: a button, then the confirmation.
    phone = Client()
    assert "Confirm my address" in phone.get(link).content.decode()
    assert not NotificationEmail.objects.exists()
    confirmed = phone.post(link)
    assert confirmed.status_code == 200
    assert "Address confirmed" in confirmed.content.decode()

    nurse_answers(nurse, thread, "Use the cream for one more week.")
    assert send_queued_mail() == 1
    assert len(smtp_server.messages) == 2
    mail = smtp_server.messages[1]
    assert mail.rcpt_tos == ["aino.virtanen@example.org"]
    text = text_of(mail)
    assert "You have a new message" in text
    assert f"/messages/{thread.pk}/" in text
    for word in HEALTH_WORDS:
        assert word not in text

    # The link works once.
    again = phone.post(link)
    assert again.status_code == 400
    assert "This confirmation link has already been used." in again.content.decode()
    assert 'role="alert"' in again.content.decode()
    settings_page = client.get(reverse("notify:settings")).content.decode()
    assert "Notifications go to <strong>aino.virtanen@example.org</strong>" in settings_page
    actions = set(
        AuditEvent.objects.filter(resource_type="notification_settings").values_list(
            "action", flat=True
        )
    )
    assert actions == {"request_notification_email", "confirm_notification_email"}


def test_a_malformed_address_gets_a_specific_error_and_nothing_is_sent(
    client, eid, village, smtp_server
):
    log_in_patient(client, eid, "demo-aino", village.team)
    for bad in ("aino.example.org", "aino@", "aino@@example.org", "   "):
        response = enter_address(client, bad)
        assert response.status_code == 400
        page = response.content.decode()
        assert 'role="alert"' in page
        assert (
            "Enter the e-mail address in the form name@example.fi." in page
            or "Enter your e-mail address." in page
        )
    assert not EmailConfirmation.objects.exists()
    assert send_queued_mail() == 0
    assert smtp_server.messages == []


def test_an_expired_link_is_refused_and_a_new_one_can_be_asked_for(
    client, eid, village, smtp_server
):
    log_in_patient(client, eid, "demo-aino", village.team)
    enter_address(client, "aino@example.org")
    send_queued_mail()
    link = link_in(smtp_server.messages[0])
    # A day and a bit later (the link is valid for 24 hours).
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        response = Client().post(link)
    assert response.status_code == 400
    assert "This confirmation link has expired." in response.content.decode()
    assert not NotificationEmail.objects.exists()

    enter_address(client, "aino@example.org")
    send_queued_mail()
    stale = Client().post(link)
    assert "A newer confirmation link was sent after this one." in stale.content.decode()
    assert "Address confirmed" in Client().post(link_in(smtp_server.messages[1])).content.decode()
    assert NotificationEmail.objects.get().address == "aino@example.org"


def test_a_made_up_link_is_not_valid(client, village):
    response = client.post(reverse("notify:confirm_email", args=["0" * 64]))
    assert response.status_code == 400
    assert "This confirmation link is not valid." in response.content.decode()


def test_changing_the_address_keeps_the_old_one_until_the_new_one_is_confirmed_and_remove_stops_mail(
    client, eid, village, smtp_server
):
    log_in_patient(client, eid, "demo-aino", village.team)
    thread = patient_writes(client, village.team)
    nurse = staff_client(village.nurse)
    enter_address(client, "old@example.org")
    send_queued_mail()
    Client().post(link_in(smtp_server.messages[-1]))

    enter_address(client, "new@example.org")
    send_queued_mail()
    new_link = link_in(smtp_server.messages[-1])
    assert smtp_server.messages[-1].rcpt_tos == ["new@example.org"]
    nurse_answers(nurse, thread, "First answer.")
    send_queued_mail()
    assert smtp_server.messages[-1].rcpt_tos == ["old@example.org"]

    Client().post(new_link)
    nurse_answers(nurse, thread, "Second answer.")
    send_queued_mail()
    assert smtp_server.messages[-1].rcpt_tos == ["new@example.org"]

    same = enter_address(client, "new@example.org")
    assert same.status_code == 400
    assert "This address is already confirmed" in same.content.decode()

    removed = client.post(reverse("notify:settings"), {"action": "remove"})
    page = client.get(removed["Location"]).content.decode()
    assert "E-mail notifications are off." in page
    count = len(smtp_server.messages)
    nurse_answers(nurse, thread, "Third answer.")
    send_queued_mail()
    assert len(smtp_server.messages) == count


def test_settings_page_needs_an_e_id_login(client, village):
    response = client.get(reverse("notify:settings"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:login"))


def test_mail_is_in_the_language_the_patient_used_not_the_nurses(client, eid, village, smtp_server):
    log_in_patient(client, eid, "demo-aino", village.team)
    thread = patient_writes(client, village.team)
    client.post("/fi/my/notifications/", {"action": "set", "email": "aino@example.org"})
    send_queued_mail()
    Client().post(link_in(smtp_server.messages[0]))
    assert "/fi/notifications/confirm/" in text_of(smtp_server.messages[0])

    nurse_answers(staff_client(village.nurse), thread)  # the nurse's pages are in English
    send_queued_mail()
    text = text_of(smtp_server.messages[1])
    assert "Sinulle on uusi viesti" in text
    assert f"/fi/messages/{thread.pk}/" in text


def test_asking_for_many_links_in_an_hour_is_refused_so_the_form_cannot_spam_strangers(village):
    from django.core.exceptions import ValidationError

    from carevillage.identity.tests.factories import make_person
    from carevillage.notify import services

    user = make_person("Olli", "Muu").user
    for n in range(5):
        services.request_email_confirmation(actor=user, address=f"someone{n}@example.org")
    try:
        services.request_email_confirmation(actor=user, address="stranger@example.org")
    except ValidationError as refused:
        assert "Try again in an hour" in refused.messages[0]
    else:
        raise AssertionError("the sixth link in an hour was sent")
    assert EmailConfirmation.objects.count() == 5
    assert not EmailConfirmation.objects.filter(address="stranger@example.org").exists()
