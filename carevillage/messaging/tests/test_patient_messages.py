"""A patient writes to their care team; the team answers; the patient is told by e-mail."""

from __future__ import annotations

import io
import uuid

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.messaging.models import Attachment, Message, Thread
from carevillage.notify.models import Notification
from carevillage.testing.staff import log_in_staff

from .conftest import another_patient, log_in_patient, run_queued_tasks

NOTIFICATION_TASK = "carevillage.notify.tasks.send_notification"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def upload(name: str, content: bytes):  # noqa: ANN201
    file = io.BytesIO(content)
    file.name = name
    return file


def write_to_team(client, team, *, topic="Rash on my arm", body="It itches.", files=(), key=None):  # noqa: ANN001, ANN201
    data = {
        "care_team": team.pk,
        "topic": topic,
        "body": body,
        "client_key": str(key or uuid.uuid4()),
    }
    if files:
        data["files"] = list(files)
    return client.post(reverse("messaging:new_thread"), data)


def reply(client, thread, body, *, key=None, internal=False, files=()):  # noqa: ANN001, ANN201
    data = {"body": body, "client_key": str(key or uuid.uuid4())}
    if internal:
        data["internal"] = "on"
    if files:
        data["files"] = list(files)
    return client.post(reverse("messaging:thread", args=[thread.pk]), data)


def test_patient_writes_with_attachment_and_nurse_answers_and_patient_gets_one_email(
    client, eid, village, smtp_server, django_capture_on_commit_callbacks
):
    from django.test import Client

    from carevillage.notify import services as notify

    aino = log_in_patient(client, eid, "demo-aino", village.team)
    # A confirmed notification address (the confirmation journey is tested in notify).
    pending = notify.request_email_confirmation(actor=aino.user, address="aino@example.org")
    notify.confirm_email(token=notify.confirmation_token(pending))

    response = write_to_team(client, village.team, files=[upload("photo.png", PNG)])
    thread = Thread.objects.get(patient=aino)
    assert response["Location"] == reverse("messaging:thread", args=[thread.pk])
    page = client.get(response["Location"]).content.decode()
    assert "It itches." in page and "photo.png" in page

    nurse_client = Client()
    log_in_staff(nurse_client, village.nurse)
    inbox = nurse_client.get(reverse("messaging:team_inbox")).content.decode()
    assert "Rash on my arm" in inbox and "Aino Virtanen" in inbox
    with django_capture_on_commit_callbacks(execute=True):
        assert reply(nurse_client, thread, "Please send a photo tomorrow too.").status_code == 302

    my_page = client.get(reverse("portal:my_page")).content.decode()
    assert "You have 1 unread message." in my_page
    assert Notification.objects.filter(recipient=aino.user).count() == 1

    print("TASKS", list(DBTaskResult.objects.values_list("task_path", "status")))
    assert run_queued_tasks(NOTIFICATION_TASK) == 1
    assert run_queued_tasks(NOTIFICATION_TASK) == 0

    assert len(smtp_server.messages) == 1
    assert DBTaskResult.objects.get(task_path=NOTIFICATION_TASK).status == "SUCCESSFUL"
    mail = smtp_server.messages[0]
    text = mail.content.decode()
    assert mail.rcpt_tos == ["aino@example.org"]
    assert "You have a new message" in text
    assert f"/messages/{thread.pk}/" in text
    for health_content in ("Rash", "photo", "itches", "Aino"):
        assert health_content not in text

    # Reading the thread clears the unread count.
    client.get(reverse("messaging:thread", args=[thread.pk]))
    assert "You have no unread messages." in client.get(reverse("portal:my_page")).content.decode()


def test_patient_guessing_another_patients_thread_id_gets_404_and_a_denied_audit_event(
    client, eid, village
):
    other = another_patient(village.team)
    from carevillage.messaging import services

    thread = services.start_thread(
        actor=other.user,
        care_team=village.team,
        topic="Private",
        body="Secret",
        client_key=uuid.uuid4(),
    )
    aino = log_in_patient(client, eid, "demo-aino", village.team)

    for url in (
        reverse("messaging:thread", args=[thread.pk]),
        reverse("messaging:attachment", args=[thread.pk, 1]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Secret" not in response.content
    assert reply(client, thread, "let me in").status_code == 404
    denied = AuditEvent.objects.filter(
        actor_user_id=aino.user.pk, resource_type="message_thread", outcome=Outcome.DENIED
    )
    assert denied.count() == 3
    assert denied.first().subject_person_id == other.pk
    assert Message.objects.filter(thread=thread).count() == 1


def test_double_click_or_retry_with_the_same_key_creates_one_message(client, eid, village):
    log_in_patient(client, eid, "demo-aino", village.team)
    key = uuid.uuid4()
    write_to_team(client, village.team, key=key)
    write_to_team(client, village.team, key=key)
    assert Thread.objects.count() == 1
    thread = Thread.objects.get()

    again = uuid.uuid4()
    assert reply(client, thread, "Also a fever.", key=again).status_code == 302
    assert reply(client, thread, "Also a fever.", key=again).status_code == 302
    assert list(thread.messages.values_list("body", flat=True)) == ["It itches.", "Also a fever."]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("notes.pdf", b"just some text, not a PDF at all", "is not a PDF, JPEG or PNG file"),
        ("scan.pdf", EXE, "is not a PDF, JPEG or PNG file"),
        ("big.pdf", PDF + b"0" * 3 * 1024 * 1024, "is too large"),
    ],
    ids=["text-named-pdf", "renamed-executable", "too-large"],
)
def test_attachment_of_wrong_type_or_too_large_is_refused_and_nothing_is_saved(
    client, eid, village, settings, name, content, error
):
    settings.MESSAGING_ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024
    log_in_patient(client, eid, "demo-aino", village.team)
    response = write_to_team(client, village.team, files=[upload(name, content)])
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and error in page and name in page
    assert Thread.objects.count() == 0 and Attachment.objects.count() == 0
    stored = settings.MESSAGING_ATTACHMENT_DIR
    assert not stored.exists() or not any(stored.iterdir())


def test_attachment_is_served_only_through_the_checked_view_and_every_read_is_audited(
    client, eid, village, settings
):
    from django.test import Client

    aino = log_in_patient(client, eid, "demo-aino", village.team)
    write_to_team(client, village.team, files=[upload("lab.pdf", PDF)])
    thread = Thread.objects.get()
    attachment = Attachment.objects.get()
    url = reverse("messaging:attachment", args=[thread.pk, attachment.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]

    outsider = Client()
    log_in_staff(outsider, village.outsider)
    assert outsider.get(url).status_code == 404
    client.get(url)
    reads = AuditEvent.objects.filter(resource_type="message_attachment")
    assert list(reads.values_list("actor_user_id", "outcome", "subject_person_id")) == [
        (aino.user.pk, Outcome.ALLOWED, aino.pk),
        (aino.user.pk, Outcome.ALLOWED, aino.pk),
    ]
    assert AuditEvent.objects.filter(
        actor_user_id=village.outsider.pk, outcome=Outcome.DENIED, subject_person_id=aino.pk
    ).exists()
    # The stored file lives outside the web root and MEDIA is not served at all.
    assert client.get("/media/" + attachment.stored_name).status_code == 404
    assert not str(settings.MESSAGING_ATTACHMENT_DIR).startswith(str(settings.STATIC_ROOT))


def test_internal_note_is_seen_by_the_team_but_never_by_the_patient(client, eid, village):
    from django.test import Client

    log_in_patient(client, eid, "demo-aino", village.team)
    write_to_team(client, village.team)
    thread = Thread.objects.get()
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    reply(nurse, thread, "Check the allergy history first.", internal=True)

    colleague = Client()
    log_in_staff(colleague, village.colleague)
    assert (
        "Check the allergy history"
        in colleague.get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    )
    patient_page = client.get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert "Check the allergy history" not in patient_page
    assert "You have no unread messages." in client.get(reverse("portal:my_page")).content.decode()

    # A patient cannot write an internal note by adding the field by hand.
    assert reply(client, thread, "sneaky", internal=True).status_code == 404


def test_nurse_assigns_to_herself_marks_done_and_sees_response_time(client, eid, village):
    from django.test import Client

    log_in_patient(client, eid, "demo-aino", village.team)
    write_to_team(client, village.team)
    thread = Thread.objects.get()
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    manage = reverse("messaging:manage_thread", args=[thread.pk])

    nurse.post(manage, {"action": "assign", "assignee": village.nurse.pk})
    inbox = nurse.get(reverse("messaging:team_inbox")).content.decode()
    mine = inbox.split('id="mine-heading"')[1].split('id="others-heading"')[0]
    assert "Rash on my arm" in mine

    refused = nurse.post(manage, {"action": "assign", "assignee": village.outsider.pk})
    assert refused.status_code == 400
    assert "Choose a professional of this care team." in refused.content.decode()

    reply(nurse, thread, "Use the cream twice a day.")
    nurse.post(manage, {"action": "done"})
    thread.refresh_from_db()
    assert thread.status == "done" and thread.first_response_at is not None
    inbox = nurse.get(reverse("messaging:team_inbox")).content.decode()
    assert "Median time to first answer:" in inbox and "0 minutes" in inbox
    assert "100 %" in inbox

    # The patient writing again reopens it for the team.
    reply(client, thread, "It came back.")
    thread.refresh_from_db()
    assert thread.status == "open"


def test_staff_outside_the_team_cannot_see_or_manage_the_thread(client, eid, village):
    from django.test import Client

    log_in_patient(client, eid, "demo-aino", village.team)
    write_to_team(client, village.team)
    thread = Thread.objects.get()
    outsider = Client()
    log_in_staff(outsider, village.outsider)
    assert "Rash on my arm" not in outsider.get(reverse("messaging:team_inbox")).content.decode()
    assert outsider.get(reverse("messaging:thread", args=[thread.pk])).status_code == 404
    response = outsider.post(
        reverse("messaging:manage_thread", args=[thread.pk]), {"action": "done"}
    )
    assert response.status_code == 404
    thread.refresh_from_db()
    assert thread.status == "open"


def test_html_in_a_message_is_shown_as_text(client, eid, village):
    log_in_patient(client, eid, "demo-aino", village.team)
    write_to_team(client, village.team, body='<script>alert(1)</script> <a href="http://x">x</a>')
    page = client.get(reverse("messaging:thread", args=[Thread.objects.get().pk])).content
    assert b"<script>alert(1)</script>" not in page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_sending_too_fast_is_refused_with_a_clear_message(client, eid, village, settings):
    settings.MESSAGING_SEND_LIMIT_PER_MINUTE = 2
    log_in_patient(client, eid, "demo-aino", village.team)
    write_to_team(client, village.team)
    thread = Thread.objects.get()
    assert reply(client, thread, "second").status_code == 302
    refused = reply(client, thread, "third")
    assert refused.status_code == 400
    assert "You are sending messages very fast" in refused.content.decode()
    assert thread.messages.count() == 2


def test_patient_can_only_write_to_a_team_that_treats_them(client, eid, village):
    log_in_patient(client, eid, "demo-aino", village.team)
    response = write_to_team(client, village.other_team)
    assert response.status_code == 400
    assert "Choose the care team you want to write to." in response.content.decode()
    assert Thread.objects.count() == 0


def test_empty_message_gets_a_specific_error(client, eid, village):
    log_in_patient(client, eid, "demo-aino", village.team)
    response = write_to_team(client, village.team, body="   ")
    assert response.status_code == 400
    assert "Write a message before sending." in response.content.decode()


@pytest.mark.parametrize(
    "uploaded, downloaded",
    [
        ("labresults.html", "labresults.png"),  # a PNG followed by HTML: a polyglot
        ("invoice\u202egnp.exe", "invoicegnp.png"),  # right-to-left override: "invoiceexe.png"
        ("..\\..\\scan\x00.png", "scan.png"),
    ],
)
def test_an_attachment_is_named_and_served_by_its_detected_type(
    client, eid, village, uploaded, downloaded
):
    polyglot = PNG + b"<html><script>alert(document.cookie)</script></html>"
    log_in_patient(client, eid, "demo-aino", village.team)
    write_to_team(client, village.team, files=[upload(uploaded, polyglot)])
    attachment = Attachment.objects.get()
    assert attachment.original_name == downloaded

    response = client.get(
        reverse("messaging:attachment", args=[attachment.message.thread_id, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="{downloaded}"'
    page = client.get(reverse("messaging:thread", args=[attachment.message.thread_id]))
    assert "\u202e" not in page.content.decode()


def test_an_internal_notes_attachment_is_neither_listed_nor_opened_for_the_patient(
    client, eid, village
):
    from django.test import Client

    from carevillage import access
    from carevillage.audit.actions import AuditAction

    aino = log_in_patient(client, eid, "demo-aino", village.team)
    write_to_team(client, village.team)
    thread = Thread.objects.get()
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    reply(nurse, thread, "Scan of the allergy test.", internal=True, files=[upload("a.pdf", PDF)])
    note_file = Attachment.objects.get()

    # The one handler gives one answer: not visible in a list and not allowed to open.
    listed = access.visible(aino.user, AuditAction.VIEW_ATTACHMENT, Attachment.objects.all())
    assert list(listed) == []
    assert not access.decide(aino.user, AuditAction.VIEW_ATTACHMENT, note_file)
    url = reverse("messaging:attachment", args=[thread.pk, note_file.pk])
    assert client.get(url).status_code == 404
    # The team sees it in both answers.
    assert list(
        access.visible(village.nurse, AuditAction.VIEW_ATTACHMENT, Attachment.objects.all())
    ) == [note_file]
    assert nurse.get(url).status_code == 200
