"""Professionals consult colleagues; about a patient only with those who care for them."""

from __future__ import annotations

import uuid

from django.test import Client
from django.urls import reverse

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.identity.tests.factories import make_person
from carevillage.messaging.models import Thread
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_staff
from carevillage.testing.staff import log_in_staff

from .conftest import register


def start(client, *, members, patient=None, topic="Dosage question", key=None):  # noqa: ANN001, ANN201
    return client.post(
        reverse("messaging:consultations"),
        {
            "topic": topic,
            "body": "What would you do?",
            "members": [m.pk for m in members],
            "patient": patient.pk if patient else "",
            "client_key": str(key or uuid.uuid4()),
        },
    )


def test_one_to_one_consultation_without_a_patient_reaches_the_colleague(village):
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    response = start(nurse, members=[village.outsider])
    thread = Thread.objects.get(kind="consultation")
    assert response["Location"] == reverse("messaging:thread", args=[thread.pk])

    doctor = Client()
    log_in_staff(doctor, village.outsider)
    assert "Dosage question" in doctor.get(reverse("messaging:consultations")).content.decode()
    page = doctor.get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert "What would you do?" in page
    # A colleague who is not a member does not see it.
    other = Client()
    log_in_staff(other, village.colleague)
    assert other.get(reverse("messaging:thread", args=[thread.pk])).status_code == 404


def test_consultation_about_a_patient_refuses_a_colleague_without_access_and_audits_it(
    village,
):
    patient = register(make_person("Eeva", "Esimerkki"), village.team)
    nurse = Client()
    log_in_staff(nurse, village.nurse)

    refused = start(nurse, members=[village.outsider], patient=patient)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "has no care relationship with this patient" in page and 'role="alert"' in page
    assert Thread.objects.count() == 0
    assert AuditEvent.objects.filter(
        actor_user_id=village.outsider.pk,
        subject_person_id=patient.pk,
        outcome=Outcome.DENIED,
        purpose="consultation",
    ).exists()

    allowed = start(nurse, members=[village.colleague], patient=patient)
    assert allowed.status_code == 302
    thread = Thread.objects.get(kind="consultation")
    assert thread.patient == patient
    assert set(thread.members.values_list("user", flat=True)) == {
        village.nurse.pk,
        village.colleague.pk,
    }


def test_adding_a_member_later_follows_the_same_rule(village):
    patient = register(make_person("Eeva", "Esimerkki"), village.team)
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    start(nurse, members=[village.colleague], patient=patient)
    thread = Thread.objects.get()
    manage = reverse("messaging:manage_thread", args=[thread.pk])

    refused = nurse.post(manage, {"action": "add_member", "member": village.outsider.pk})
    assert refused.status_code == 400
    assert "has no care relationship" in refused.content.decode()
    assert not thread.members.filter(user=village.outsider).exists()

    # Once the doctor joins the patient's care team, they can be added.
    from carevillage.tenants.models import CareTeamMembership

    CareTeamMembership.objects.create(care_team=village.team, user=village.outsider)
    assert (
        nurse.post(manage, {"action": "add_member", "member": village.outsider.pk}).status_code
        == 302
    )
    assert thread.members.filter(user=village.outsider).exists()


def test_the_patient_never_sees_a_consultation_about_them(client, eid, village):
    from .conftest import log_in_patient

    aino = log_in_patient(client, eid, "demo-aino", village.team)
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    start(nurse, members=[village.colleague], patient=aino)
    thread = Thread.objects.get()
    assert client.get(reverse("messaging:thread", args=[thread.pk])).status_code == 404
    assert "Dosage question" not in client.get(reverse("messaging:my_threads")).content.decode()


def test_an_editor_cannot_be_added_to_a_consultation(village):
    editor = make_staff("editor.eila", village.team.organization, role=Role.EDITOR)
    nurse = Client()
    log_in_staff(nurse, village.nurse)
    response = start(nurse, members=[editor])
    assert response.status_code == 400
    assert "is not a professional" in response.content.decode()
    assert Thread.objects.count() == 0
