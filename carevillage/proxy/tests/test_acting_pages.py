"""The patient's own pages while acting for someone else: they show the represented
person's data, only what the authority covers, and every read and write stands in that
person's trail as "Mikko, on behalf of Ella".

The demo village under Norway's rules (Helsenorge): Mikko acts fully for Ella (10) and
within the 12–15 limits for Leo (15); Helena holds Elsa's power of attorney for
appointments and messages."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.identity.models import Person
from carevillage.messaging.models import Message, Thread
from carevillage.proxy.tests.factories import act_for, log_in
from carevillage.questionnaires.models import QuestionnaireResponse, QuestionnaireVersion
from carevillage.questionnaires.tests.helpers import option_index
from carevillage.records.models import Document, Result

pytestmark = pytest.mark.django_db

VACCINATIONS = reverse("records:vaccination_card")


def write_to_team(client, team, topic: str, body: str):  # noqa: ANN001, ANN201
    return client.post(
        reverse("messaging:new_thread"),
        {"care_team": team.pk, "topic": topic, "body": body, "client_key": str(uuid.uuid4())},
    )


def events(action: AuditAction, subject: Person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, subject_person_id=subject.pk))


def test_mikko_reads_ellas_vaccinations_and_it_is_in_her_trail(client, demo_village):
    mikko, ella = demo_village["demo-mikko"], demo_village["demo-ella"]
    act_for(client, mikko, ella)
    page = client.get(VACCINATIONS).content.decode()
    assert "Ella Korhonen" in page
    assert "Measles, combinations with mumps and rubella" in page
    assert "Papillomavirus" not in page  # Leo's, not Ella's
    seen = events(AuditAction.VIEW_RECORD_IMMUNIZATION, ella)
    assert len(seen) == 2
    assert {(e.actor_user_id, e.on_behalf_of_person_id, e.outcome) for e in seen} == {
        (mikko.user_id, ella.pk, Outcome.ALLOWED)
    }


def test_mikko_answers_a_questionnaire_for_ella_and_the_answers_are_hers(client, demo_village):
    mikko, ella = demo_village["demo-mikko"], demo_village["demo-ella"]
    act_for(client, mikko, ella)
    version = QuestionnaireVersion.objects.filter(questionnaire__slug="gad-7").latest("number")
    answers = {f"a:gad7-{n}": option_index(version, f"gad7-{n}", "1") for n in range(1, 8)}
    shown = '["gad7-intro"' + "".join(f', "gad7-{n}"' for n in range(1, 8)) + "]"
    done = client.post(
        "/en/my/questionnaires/gad-7/",
        {**answers, "action": "finish", "page": "0", "shown": shown},
        follow=True,
    )
    assert "Total score: 7 out of 21" in done.content.decode()
    response = QuestionnaireResponse.objects.get(version=version)
    assert (response.person, response.status) == (ella, "completed")
    written = events(AuditAction.ANSWER_QUESTIONNAIRE, ella)
    assert written
    assert {(e.actor_user_id, e.on_behalf_of_person_id) for e in written} == {
        (mikko.user_id, ella.pk)
    }
    # Mikko's own list of answered questionnaires does not have it once he switches back.
    client.post(reverse("proxy:switch_back"))
    assert not QuestionnaireResponse.objects.filter(person=mikko).exists()


def test_acting_for_leo_shows_his_vaccinations_but_no_results_nor_documents(client, demo_village):
    mikko, leo = demo_village["demo-mikko"], demo_village["demo-leo"]
    act_for(client, mikko, leo)
    assert "Papillomavirus" in client.get(VACCINATIONS).content.decode()
    results = client.get(reverse("records:results")).content.decode()
    assert "Hemoglobin" not in results
    hidden = Result.objects.get(person=leo)
    assert client.get(reverse("records:result", args=[hidden.pk])).status_code == 404
    refused = events(AuditAction.VIEW_RECORD_RESULT, leo)
    assert [(e.outcome, e.on_behalf_of_person_id) for e in refused] == [(Outcome.DENIED, leo.pk)]


def test_my_page_while_acting_is_the_childs_without_the_parents_trail(client, demo_village):
    act_for(client, demo_village["demo-mikko"], demo_village["demo-ella"])
    page = client.get(reverse("portal:my_page")).content.decode()
    assert "This is Ella Korhonen's page" in page
    assert "Hello, Mikko" not in page
    assert 'id="trail-heading"' not in page
    trail = client.get(reverse("audit:my_trail")).content.decode()
    assert "Each person's log of who has viewed their data is theirs alone" in trail


def test_helena_writes_to_elsas_team_on_her_behalf_and_the_team_sees_both_names(
    client, demo_village
):
    helena, elsa = demo_village["demo-helena"], demo_village["demo-elsa"]
    act_for(client, helena, elsa)
    form = client.get(reverse("messaging:new_thread")).content.decode()
    assert "Kallio" in form
    team = elsa.registrations.get().care_team
    response = write_to_team(
        client,
        team,
        "Mother's hip pain at night",
        "Could the pain medicine be taken later in the evening?",
    )
    assert response.status_code == 302
    thread = Thread.objects.get(topic="Mother's hip pain at night")
    assert thread.patient == elsa
    message = Message.objects.get(thread=thread)
    assert (message.author, message.on_behalf_of) == (helena.user, elsa)
    page = client.get(reverse("messaging:thread", args=[thread.pk])).content.decode()
    assert "Helena Nieminen" in page and "on behalf of Elsa Nieminen" in page
    started = [e for e in events(AuditAction.START_THREAD, elsa) if e.resource_id == str(thread.pk)]
    assert [(e.actor_user_id, e.on_behalf_of_person_id) for e in started] == [
        (helena.user_id, elsa.pk)
    ]


def test_helena_is_refused_elsas_record_document_and_the_refusal_is_in_elsas_trail(
    client, demo_village
):
    helena, elsa = demo_village["demo-helena"], demo_village["demo-elsa"]
    act_for(client, helena, elsa)
    document = Document.objects.filter(person=elsa).first()
    assert document is not None
    assert client.get(reverse("records:document", args=[document.pk])).status_code == 404
    assert "X-ray of the right hip" not in client.get(reverse("records:documents")).content.decode()
    refused = events(AuditAction.VIEW_RECORD_DOCUMENT, elsa)
    assert [(e.outcome, e.actor_user_id, e.on_behalf_of_person_id) for e in refused] == [
        (Outcome.DENIED, helena.user_id, elsa.pk)
    ]


def test_a_guardian_of_a_15_year_old_may_not_start_a_thread_for_him(client, demo_village):
    mikko, leo = demo_village["demo-mikko"], demo_village["demo-leo"]
    act_for(client, mikko, leo)
    team = leo.registrations.get().care_team
    response = write_to_team(client, team, "Leo's knee", "He has had pain after football.")
    assert response.status_code == 400
    assert "Choose the care team you want to write to." in response.content.decode()
    assert not Thread.objects.filter(topic="Leo's knee").exists()


def test_leo_sees_in_his_trail_what_his_father_did_on_his_behalf(client, demo_village):
    mikko, leo = demo_village["demo-mikko"], demo_village["demo-leo"]
    act_for(client, mikko, leo)
    client.get(VACCINATIONS)
    client.get(reverse("records:result", args=[Result.objects.get(person=leo).pk]))
    client.logout()
    log_in(client, leo)
    trail = client.get(reverse("audit:my_trail")).content.decode()
    assert trail.count("Mikko Korhonen, on your behalf") >= 2
    assert "Another logged-in person" not in trail


def test_leo_writes_to_the_nurse_and_only_what_he_shares_reaches_his_father(client, demo_village):
    mikko, leo = demo_village["demo-mikko"], demo_village["demo-leo"]
    team = leo.registrations.get().care_team
    log_in(client, leo)
    form = client.get(reverse("messaging:new_thread")).content.decode()
    assert "My parents may read this conversation" in form
    write_to_team(client, team, "Something private", "Only for the nurse.")
    client.post(
        reverse("messaging:new_thread"),
        {
            "care_team": team.pk,
            "topic": "Vaccination time",
            "body": "Which day suits?",
            "client_key": str(uuid.uuid4()),
            "shared_with_guardians": "yes",
        },
    )
    client.logout()
    act_for(client, mikko, leo)
    threads = client.get(reverse("messaging:my_threads")).content.decode()
    assert "Vaccination time" in threads
    assert "Something private" not in threads
    private = Thread.objects.get(topic="Something private")
    assert client.get(reverse("messaging:thread", args=[private.pk])).status_code == 404
