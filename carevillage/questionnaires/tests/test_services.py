"""Versions, drafts, submissions and who may read a response."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from carevillage import access
from carevillage.audit.models import AuditEvent
from carevillage.identity.tests.factories import make_person
from carevillage.questionnaires import engine, selectors, services
from carevillage.questionnaires.instruments import INSTRUMENTS
from carevillage.questionnaires.models import (
    ImmutableVersion,
    QuestionnaireResponse,
    QuestionnaireVersion,
)
from carevillage.questionnaires.tests.helpers import publish
from carevillage.tenants.models import PatientRegistration
from carevillage.tenants.tests.factories import make_care_team, make_organization, make_staff

pytestmark = pytest.mark.django_db


def gad7_answers(version, value: int) -> dict:
    items = engine.items_by_link_id(version.definition)
    return {
        f"gad7-{n}": [engine.option_value(items[f"gad7-{n}"]["answerOption"][value])]
        for n in range(1, 8)
    }


def test_seeding_twice_publishes_each_instrument_once():
    from carevillage.questionnaires.demo import seed_demo

    seed_demo()
    seed_demo()
    assert QuestionnaireVersion.objects.count() == len(INSTRUMENTS)


def test_published_version_cannot_be_changed_by_the_model_or_the_database():
    version = publish("gad-7")
    version.definition["title"] = "Changed"
    with pytest.raises(ImmutableVersion):
        version.save()
    with pytest.raises(ImmutableVersion):
        version.delete()
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        QuestionnaireVersion.objects.filter(pk=version.pk).update(definition={})
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        QuestionnaireVersion.objects.filter(pk=version.pk).delete()
    version.refresh_from_db()
    assert version.definition["title"] == "Anxiety self-test (GAD-7)"


def test_a_changed_definition_becomes_version_2_and_old_responses_keep_version_1():
    person = make_person()
    v1 = publish("gad-7")
    draft = services.save_draft(actor=person.user, version=v1, answers=gad7_answers(v1, 1), page=0)
    response = services.submit_response(actor=person.user, response=draft)
    changed = INSTRUMENTS["gad-7"][0]()
    changed["title"] = "Anxiety self-test, revised"
    v2 = services.publish_version(actor=None, slug="gad-7", definition=changed)
    assert (v1.number, v2.number) == (1, 2)
    response.refresh_from_db()
    assert response.version == v1
    assert response.version.definition["title"] == "Anxiety self-test (GAD-7)"
    assert v2.questionnaire.title("en") == "Anxiety self-test, revised"


def test_draft_is_one_per_person_and_submission_scores_on_the_server():
    person = make_person()
    version = publish("gad-7")
    first = services.save_draft(actor=person.user, version=version, answers={}, page=0)
    second = services.save_draft(
        actor=person.user, version=version, answers=gad7_answers(version, 2), page=0
    )
    assert first.pk == second.pk
    response = services.submit_response(actor=person.user, response=second)
    assert response.status == "completed"
    assert response.scores == {"total": 14.0}
    assert response.band_code == "moderate"
    with pytest.raises(services.ResponseError, match="already submitted"):
        services.submit_response(actor=person.user, response=response)


def test_incomplete_draft_cannot_be_submitted():
    person = make_person()
    version = publish("gad-7")
    answers = gad7_answers(version, 1)
    del answers["gad7-7"]
    draft = services.save_draft(actor=person.user, version=version, answers=answers, page=0)
    with pytest.raises(services.ResponseError, match="required questions"):
        services.submit_response(actor=person.user, response=draft)
    draft.refresh_from_db()
    assert draft.status == "in-progress"


def test_phq9_critical_flag_is_stored_on_the_response():
    person = make_person()
    version = publish("phq-9")
    items = engine.items_by_link_id(version.definition)
    answers = {
        f"phq9-{n}": [engine.option_value(items[f"phq9-{n}"]["answerOption"][0])]
        for n in range(1, 10)
    }
    answers["phq9-9"] = [engine.option_value(items["phq9-9"]["answerOption"][1])]
    draft = services.save_draft(actor=person.user, version=version, answers=answers, page=0)
    response = services.submit_response(actor=person.user, response=draft)
    stored = QuestionnaireResponse.objects.get(pk=response.pk)
    assert stored.has_critical_flag is True
    assert [f["code"] for f in stored.flags] == ["self-harm-thoughts"]


def test_a_self_test_is_read_by_its_author_and_refused_to_professionals_and_audited():
    # Being registered with a team does not open a person's self-tests to it: a team reads
    # only answers to tasks of a care path it runs (carepaths/tests/test_reads_are_audited.py).
    organization = make_organization()
    team = make_care_team(organization)
    nurse = make_staff("nurse.test", organization, care_teams=(team,))
    patient = make_person()
    PatientRegistration.objects.create(person=patient, organization=organization, care_team=team)
    version = publish("gad-7")
    draft = services.save_draft(
        actor=patient.user, version=version, answers=gad7_answers(version, 0), page=0
    )
    response = services.submit_response(actor=patient.user, response=draft)

    assert selectors.response_for(actor=patient.user, pk=response.pk) == response
    with pytest.raises(access.AccessDenied):
        selectors.response_for(actor=nurse, pk=response.pk)
    with pytest.raises(access.AccessDenied):
        selectors.response_for(actor=make_person().user, pk=response.pk)
    events = AuditEvent.objects.filter(
        resource_type="questionnaire_response", resource_id=str(response.pk)
    )
    assert events.filter(actor_user_id=patient.user.pk, outcome="allow").exists()
    assert events.filter(
        actor_user_id=nurse.pk, outcome="deny", subject_person_id=patient.pk
    ).exists()
    # A professional never answers for the patient.
    assert not access.decide(nurse, "answer_questionnaire", response)
    everything = QuestionnaireResponse.objects.all()
    assert list(access.visible(nurse, "view_questionnaire_response", everything)) == []
    assert list(access.visible(patient.user, "view_questionnaire_response", everything)) == [
        response
    ]


def test_history_lists_only_own_submitted_responses_oldest_first():
    person = make_person()
    other = make_person()
    version = publish("gad-7")
    for value in (3, 1):
        draft = services.save_draft(
            actor=person.user, version=version, answers=gad7_answers(version, value), page=0
        )
        services.submit_response(actor=person.user, response=draft)
    draft = services.save_draft(
        actor=other.user, version=version, answers=gad7_answers(version, 2), page=0
    )
    services.submit_response(actor=other.user, response=draft)
    services.save_draft(actor=person.user, version=version, answers={}, page=0)  # an open draft
    rows = selectors.history(actor=person.user, person=person, questionnaire=version.questionnaire)
    assert [r.scores["total"] for r in rows] == [21.0, 7.0]
    assert (
        selectors.history(actor=other.user, person=person, questionnaire=version.questionnaire)
        == []
    )
