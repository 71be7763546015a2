"""A logged-in patient sends a result to their care team; it shows on My page, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carevillage import access
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.identity.models import Person
from carevillage.navigator.models import SavedAssessment
from carevillage.navigator.selectors import saved_assessments_for
from carevillage.tenants.models import PatientRegistration, Role
from carevillage.tenants.tests.factories import make_care_team, make_staff

pytestmark = pytest.mark.django_db

QUESTION = reverse("navigator:question", args=["low-back-pain"])
RESULT = reverse("navigator:result", args=["low-back-pain"])


def walk_to_urgent(client) -> None:
    client.post(reverse("navigator:start", args=["low-back-pain"]))
    for node, value in (("cauda_equina", "no"), ("injury", "no"), ("serious_cause", "yes")):
        client.post(QUESTION, {"node": node, "answer": value, "action": "next"})


def test_anonymous_visitor_is_offered_login_and_cannot_save(client, low_back):
    walk_to_urgent(client)
    page = client.get(RESULT).content.decode()
    assert "Log in with e-ID to send this to your care team" in page

    response = client.post(RESULT, follow=True)
    assert "Log in with e-ID to send this to your care team." in response.content.decode()
    assert not SavedAssessment.objects.exists()


def test_patient_saves_the_result_and_sees_it_on_my_page(client, eid, low_back):
    eid.log_in(client, "demo-aino")
    walk_to_urgent(client)
    response = client.post(RESULT, follow=True)
    assert "Saved. Your care team can see it" in response.content.decode()

    saved = SavedAssessment.objects.get()
    aino = Person.objects.get(oidc_subject="demo-aino")
    assert saved.person == aino and saved.level == "urgent" and saved.version == low_back
    assert saved.answers[-1] == {
        "question": "Have you had cancer, lost weight without trying, or do you have a fever "
        "with the back pain?",
        "answer": "Yes",
    }
    assert AuditEvent.objects.filter(
        action="save_assessment", subject_person_id=aino.pk, outcome=Outcome.ALLOWED
    ).exists()

    my_page = client.get("/en/my/").content.decode()
    assert "My saved symptom assessments" in my_page
    assert "Low back pain" in my_page
    assert "Back pain with these signs should be assessed today" in my_page
    # Reading it is audited, and the patient sees that in their own trail.
    assert AuditEvent.objects.filter(
        action="view_assessment", subject_person_id=aino.pk, resource_id=str(saved.pk)
    ).exists()
    assert "Viewed your saved symptom assessment" in my_page


def test_only_the_patients_care_team_sees_a_saved_assessment(client, eid, low_back, harbour):
    eid.log_in(client, "demo-aino")
    walk_to_urgent(client)
    client.post(RESULT)
    aino = Person.objects.get(oidc_subject="demo-aino")
    team = make_care_team(harbour, "Harbour nurses")
    PatientRegistration.objects.create(person=aino, organization=harbour, care_team=team)
    nurse = make_staff("nurse.noora", harbour, care_teams=(team,))
    outsider = make_staff("doctor.olli", harbour, role=Role.PROFESSIONAL)

    assert len(saved_assessments_for(actor=nurse, person=aino)) == 1
    assert saved_assessments_for(actor=outsider, person=aino) == []
    saved = SavedAssessment.objects.get()
    assert not access.decide(outsider, "view_assessment", saved)
    assert AuditEvent.objects.filter(
        action="view_assessment", actor_user_id=outsider.pk, outcome=Outcome.DENIED
    ).exists()


def test_visitor_who_logs_in_from_the_result_keeps_the_walk_and_can_save(client, eid, low_back):
    walk_to_urgent(client)
    page = client.get(RESULT).content.decode()
    assert f"?next={RESULT}" in page

    callback = eid.authorize(eid.start(client, next_url=RESULT), sub="demo-aino")
    response = client.get(callback.url)
    assert response["Location"] == RESULT

    assert "Send this to my care team" in client.get(RESULT).content.decode()
    client.post(RESULT)
    assert SavedAssessment.objects.get().level == "urgent"


def test_result_sent_to_the_care_team_arrives_as_one_message_in_their_inbox(client, eid, low_back):
    from carevillage.identity.demo import seed_identities
    from carevillage.messaging.models import Message, Thread
    from carevillage.tenants.demo import seed_organization

    people = seed_identities()
    seed_organization(persons=people["persons"], staff=people["staff"])
    eid.log_in(client, "demo-aino")
    walk_to_urgent(client)

    response = client.post(RESULT, follow=True)

    assert "Sent to Kallio health station nurses." in response.content.decode()
    thread = Thread.objects.get()
    assert thread.care_team.name == "Kallio health station nurses"
    assert thread.patient.oidc_subject == "demo-aino"
    body = Message.objects.get(thread=thread).body
    assert "Low back pain" in body
    assert "Back pain with these signs should be assessed today" in body
    assert "fever with the back pain? Yes" in body
