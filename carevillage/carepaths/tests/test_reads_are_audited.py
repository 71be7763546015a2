"""Every list of someone's health data in a care path is filtered by the policy and each
row shown is in the person's trail (issue #11.2); questionnaire answers are the care
path's team's to read, not every team the person is registered with (issue #12.11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent
from carevillage.carepaths.enrollments import services
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.carepaths.tests.test_dashboard import answer_phq9
from carevillage.questionnaires import selectors as questionnaire_selectors
from carevillage.questionnaires.models import QuestionnaireResponse
from carevillage.questionnaires.tests.helpers import log_in_patient
from carevillage.tenants.models import PatientRegistration

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def listed(action: AuditAction, **filters) -> set[str]:
    return set(
        AuditEvent.objects.filter(action=action, outcome="allow", **filters).values_list(
            "resource_id", flat=True
        )
    )


def test_the_patients_enrollment_page_audits_the_tasks_and_answers_it_lists(client, world):
    enrollment = refer_and_accept(world)
    response = answer_phq9(world.patient, [1, 1, 1, 1, 1, 1, 1, 1, 0])
    log_in_patient(client, world.patient)

    assert client.get(reverse("carepaths:enrollment", args=[enrollment.pk])).status_code == 200
    mine = {"actor_user_id": world.patient.user.pk, "subject_person_id": world.patient.pk}
    tasks = listed(AuditAction.VIEW_ENROLLMENT_TASK, **mine)
    assert str(enrollment.tasks.get(response=response).pk) in tasks
    assert listed(AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, **mine) == {str(response.pk)}


def test_the_module_page_audits_the_exercise_answers_it_shows(client, world):
    enrollment = refer_and_accept(world)
    module = world.program.modules.get(position=1)
    answer = services.answer_exercise(
        actor=world.patient.user,
        enrollment=enrollment,
        exercise=module.exercises.get(),
        data={"text": "I slept badly."},
    )
    log_in_patient(client, world.patient)
    page = client.get(reverse("carepaths:module", args=[enrollment.pk, 1]))
    assert "I slept badly." in page.content.decode()
    assert listed(AuditAction.VIEW_EXERCISE_ANSWER, actor_user_id=world.patient.user.pk) == {
        str(answer.pk)
    }


def test_a_team_the_person_is_only_registered_with_does_not_read_their_answers(world):
    refer_and_accept(world)
    in_care_path = answer_phq9(world.patient, [1, 1, 1, 1, 1, 1, 1, 1, 0])
    # A second team the person is registered with, nothing more.
    PatientRegistration.objects.create(
        person=world.patient, organization=world.organization, care_team=world.other_team
    )
    registered_only = world.outsider
    everything = QuestionnaireResponse.objects.all()

    assert not access.decide(
        registered_only, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, in_care_path
    ).allowed
    assert (
        list(access.visible(registered_only, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, everything))
        == []
    )
    with pytest.raises(access.AccessDenied):
        questionnaire_selectors.response_for(actor=registered_only, pk=in_care_path.pk)

    # The team that runs the care path reads the answer to its task; the person always
    # reads their own.
    assert access.decide(world.doctor, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, in_care_path)
    assert list(
        access.visible(world.doctor, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, everything)
    ) == [in_care_path]
    assert access.decide(
        world.patient.user, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, in_care_path
    ).allowed


def test_the_care_path_team_does_not_read_a_self_test_taken_outside_the_care_path(world):
    enrollment = refer_and_accept(world)
    services.end_enrollment(
        actor=world.doctor, enrollment=enrollment, status="completed", reason=""
    )
    # Taken after the program ended: it answers no task of the team.
    later = answer_phq9(world.patient, [0, 0, 0, 0, 0, 0, 0, 0, 0])
    assert not access.decide(world.doctor, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, later).allowed
    assert access.decide(world.patient.user, AuditAction.VIEW_QUESTIONNAIRE_RESPONSE, later)
