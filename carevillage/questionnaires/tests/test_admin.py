"""Editors import, preview and publish in the admin; exports are FHIR JSON."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from carevillage.audit.models import AuditEvent
from carevillage.questionnaires.models import Questionnaire, QuestionnaireVersion
from carevillage.questionnaires.tests.helpers import publish
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_organization, make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db

SLEEP = {
    "resourceType": "Questionnaire",
    "id": "sleep-check",
    "title": "Sleep check (demo)",
    "item": [
        {
            "linkId": "hours",
            "type": "integer",
            "text": "How many hours do you sleep?",
            "required": True,
        },
        {
            "linkId": "rested",
            "type": "boolean",
            "text": "Do you wake up rested?",
            "enableWhen": [{"question": "hours", "operator": "<", "answerInteger": 7}],
        },
    ],
}


@pytest.fixture
def editor(client):
    user = make_staff("editor.test", make_organization(), role=Role.EDITOR)
    log_in_staff(client, user)
    return user


def approve(pk: int, username: str = "doctor.reviewer"):  # noqa: ANN201 - the response
    """A second clinician (another editor) approves and publishes the draft."""
    from django.test import Client

    reviewer = Client()
    log_in_staff(
        reviewer, make_staff(username, make_organization(f"{username} district"), role=Role.EDITOR)
    )
    return reviewer.post(f"/admin/questionnaires/{pk}/publish/", {"confirm": "on"})


def test_editor_imports_previews_and_publishes_a_version(client, editor):
    upload = SimpleUploadedFile(
        "sleep.json", json.dumps(SLEEP).encode(), content_type="application/json"
    )
    page = client.post(
        "/admin/questionnaires/import/",
        {"file": upload, "kind": "self_test", "is_public": "on"},
        follow=True,
    )
    assert "Imported as a draft" in page.content.decode()
    questionnaire = Questionnaire.objects.get(slug="sleep-check")
    assert questionnaire.versions.count() == 0

    preview = client.get(f"/admin/questionnaires/{questionnaire.pk}/preview/")
    text = preview.content.decode()
    assert "Preview of an unpublished draft" in text
    assert "How many hours do you sleep?" in text
    assert "Do you wake up rested?" not in text
    state = text.split('name="state" value="')[1].split('"')[0]
    opened = client.post(
        f"/admin/questionnaires/{questionnaire.pk}/preview/",
        {"state": state, "page": "0", "shown": '["hours"]', "a:hours": "5", "action": "finish"},
    )
    assert "Do you wake up rested?" in opened.content.decode()
    bad = client.post(
        f"/admin/questionnaires/{questionnaire.pk}/preview/",
        {"state": state, "page": "0", "shown": '["hours"]', "a:hours": "five", "action": "finish"},
    )
    assert "Enter a whole number, for example 12." in bad.content.decode()
    answered = client.post(
        f"/admin/questionnaires/{questionnaire.pk}/preview/",
        {
            "state": state,
            "page": "0",
            "shown": '["hours", "rested"]',
            "a:hours": "8",
            "action": "finish",
        },
        follow=True,
    )
    assert "Your result: Sleep check (demo)" in answered.content.decode()

    assert approve(questionnaire.pk).status_code == 302
    version = QuestionnaireVersion.objects.get(questionnaire=questionnaire)
    assert version.number == 1
    assert client.get("/en/self-tests/sleep-check/").status_code == 200

    export = client.get(f"/admin/questionnaires/{questionnaire.pk}/export/")
    assert export["Content-Type"] == "application/fhir+json"
    assert export.json()["item"] == SLEEP["item"]


def test_import_of_a_broken_file_names_the_problem_and_creates_nothing(client, editor):
    broken = {
        **SLEEP,
        "item": [*SLEEP["item"], {"linkId": "hours", "type": "string", "text": "Again"}],
    }
    page = client.post(
        "/admin/questionnaires/import/", {"text": json.dumps(broken), "kind": "self_test"}
    )
    assert page.status_code == 200
    assert "The linkId hours is used more than once." in page.content.decode()
    assert Questionnaire.objects.count() == 0


def test_editing_a_published_questionnaire_publishes_version_2(client, editor):
    version = publish("gad-7")
    definition = dict(version.definition, title="Anxiety self-test, edited")
    page = client.post(
        f"/admin/questionnaires/{version.questionnaire.pk}/",
        {"definition": json.dumps(definition)},
        follow=True,
    )
    assert "Draft saved" in page.content.decode()
    assert approve(version.questionnaire.pk).status_code == 302
    assert list(version.questionnaire.versions.values_list("number", flat=True)) == [1, 2]


def test_professional_without_editor_role_cannot_open_the_questionnaire_admin(client):
    nurse = make_staff("nurse.test", make_organization())
    log_in_staff(client, nurse)
    assert client.get("/admin/questionnaires/").status_code in (302, 403)


def test_only_a_second_clinician_can_publish_and_sees_a_confirmation_first(client, editor):
    client.post(
        "/admin/questionnaires/import/",
        {"text": json.dumps(SLEEP), "kind": "self_test", "is_public": "on"},
    )
    questionnaire = Questionnaire.objects.get(slug="sleep-check")
    assert questionnaire.draft_prepared_by == editor

    own = client.get(f"/admin/questionnaires/{questionnaire.pk}/publish/").content.decode()
    assert "A second clinician must approve: you prepared this draft." in own
    assert "Approve and publish</button>" not in own
    refused = client.post(f"/admin/questionnaires/{questionnaire.pk}/publish/")
    assert refused.status_code == 400
    assert not QuestionnaireVersion.objects.exists()
    assert client.get("/en/self-tests/sleep-check/").status_code == 404
    denied = AuditEvent.objects.get(action="publish_questionnaire", outcome="deny")
    assert denied.actor_user_id == editor.pk

    reviewer = Client()
    doctor = make_staff("doctor.kaisa", make_organization("Kaisa district"), role=Role.EDITOR)
    log_in_staff(reviewer, doctor)
    confirm = reviewer.get(f"/admin/questionnaires/{questionnaire.pk}/publish/").content.decode()
    assert "the draft is published at once as version 1" in confirm
    assert "Approve and publish</button>" in confirm
    assert (
        reviewer.post(
            f"/admin/questionnaires/{questionnaire.pk}/publish/", {"confirm": "on"}
        ).status_code
        == 302
    )
    version = QuestionnaireVersion.objects.get()
    assert (version.prepared_by, version.published_by) == (editor, doctor)
    assert client.get("/en/self-tests/sleep-check/").status_code == 200


def test_an_editor_without_a_staff_role_for_review_cannot_approve(client, editor):
    from carevillage.tenants.models import StaffMembership

    client.post("/admin/questionnaires/import/", {"text": json.dumps(SLEEP), "kind": "self_test"})
    questionnaire = Questionnaire.objects.get(slug="sleep-check")
    admin = make_staff("admin.olli", make_organization("Olli district"), role=Role.ORG_ADMIN)
    # An organization admin who also has the editor permission, but no clinical role.
    admin.groups.add(*editor.groups.all())
    assert not StaffMembership.objects.filter(user=admin, role=Role.EDITOR).exists()
    other = Client()
    log_in_staff(other, admin)
    page = other.get(f"/admin/questionnaires/{questionnaire.pk}/publish/").content.decode()
    assert "Only a clinical editor or a professional can approve a questionnaire." in page
    assert other.post(f"/admin/questionnaires/{questionnaire.pk}/publish/").status_code == 400
    assert not QuestionnaireVersion.objects.exists()


def test_approving_asks_for_a_confirmation_then_says_it_is_published(client, editor):
    client.post("/admin/questionnaires/import/", {"text": json.dumps(SLEEP), "kind": "self_test"})
    questionnaire = Questionnaire.objects.get(slug="sleep-check")
    url = f"/admin/questionnaires/{questionnaire.pk}/publish/"
    reviewer = Client()
    log_in_staff(
        reviewer, make_staff("doctor.kaisa", make_organization("Kaisa district"), role=Role.EDITOR)
    )
    page = reviewer.get(url).content.decode()
    assert 'name="confirm"' in page and "I have reviewed the questions" in page

    unconfirmed = reviewer.post(url, {})

    assert unconfirmed.status_code == 400
    text = unconfirmed.content.decode()
    assert "Tick the box to confirm that you reviewed the draft before approving." in text
    assert not QuestionnaireVersion.objects.exists()
    assert not AuditEvent.objects.filter(action="publish_questionnaire").exists()

    published = reviewer.post(url, {"confirm": "on"}, follow=True)

    assert "Approved and published sleep-check version 1." in published.content.decode()
    assert AuditEvent.objects.filter(
        action="publish_questionnaire", outcome="allow", resource_type="questionnaire"
    ).exists()
    listing = reviewer.get("/admin/questionnaires/").content.decode()
    assert "waiting for a second clinician" not in listing


def test_the_admin_list_links_a_waiting_draft_to_its_approval_page(client, editor):
    client.post("/admin/questionnaires/import/", {"text": json.dumps(SLEEP), "kind": "self_test"})
    questionnaire = Questionnaire.objects.get(slug="sleep-check")
    listing = client.get("/admin/questionnaires/").content.decode()
    assert "waiting for a second clinician" in listing
    assert f'href="/admin/questionnaires/{questionnaire.pk}/publish/"' in listing
