"""Every change in a care path is decided and recorded in its own transaction, under the
action the person reads in "Who has viewed my data" (issue #11.1, #11.3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.carepaths.enrollments import services
from carevillage.carepaths.models import (
    Alert,
    Enrollment,
    EnrollmentMode,
    EnrollmentStatus,
    Program,
)
from carevillage.carepaths.programs import services as program_services
from carevillage.carepaths.tests.factories import make_program, make_world, refer_and_accept
from carevillage.carepaths.tests.test_dashboard import answer_phq9
from carevillage.identity.tests.factories import make_person
from carevillage.questionnaires.tests.helpers import log_in_patient
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def events(action: AuditAction, **filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, **filters))


def invite(world) -> Enrollment:  # noqa: ANN001
    return services.refer(
        actor=world.nurse,
        person=world.patient,
        program=world.program,
        care_team=world.team,
        responsible=world.doctor,
    )


def test_declining_is_recorded_as_declined_not_as_opened_or_answered(client, world):
    enrollment = invite(world)
    log_in_patient(client, world.patient)
    assert client.get(reverse("carepaths:decline", args=[enrollment.pk])).status_code == 200
    client.post(reverse("carepaths:decline", args=[enrollment.pk]), {"reason": "Not now"})

    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.DECLINED
    mine = {"subject_person_id": world.patient.pk, "actor_user_id": world.patient.user.pk}
    assert events(AuditAction.VIEW_INVITATION, **mine)
    assert len(events(AuditAction.DECLINE_INVITATION, outcome=Outcome.ALLOWED, **mine)) == 1
    assert not events(AuditAction.RESPOND_TO_INVITATION)
    assert not events(AuditAction.ACCEPT_INVITATION)

    # The person's own actions are under "You" in "Who has viewed my data".
    trail = client.get(reverse("audit:my_trail"), {"scope": "mine"}).content.decode()
    assert "Declined the invitation to a care program" in trail
    assert "Opened or answered" not in trail


def test_accepting_ending_and_completing_a_module_have_their_own_actions(world):
    enrollment = refer_and_accept(world)
    assert len(events(AuditAction.ACCEPT_INVITATION, subject_person_id=world.patient.pk)) == 1
    assert events(AuditAction.REFER_TO_PROGRAM, resource_id=str(enrollment.pk))

    module = world.program.modules.get(position=1)
    exercise = module.exercises.get()
    services.answer_exercise(
        actor=world.patient.user, enrollment=enrollment, exercise=exercise, data={"text": "Tired"}
    )
    services.complete_module(actor=world.patient.user, enrollment=enrollment, module=module)
    assert len(events(AuditAction.COMPLETE_MODULE, resource_id=str(enrollment.pk))) == 1

    services.end_enrollment(
        actor=world.doctor, enrollment=enrollment, status=EnrollmentStatus.COMPLETED
    )
    ended = events(AuditAction.END_ENROLLMENT, actor_user_id=world.doctor.pk)
    assert [event.outcome for event in ended] == [Outcome.ALLOWED]
    assert not events(AuditAction.MANAGE_ENROLLMENT)


def test_joining_an_open_program_is_recorded_as_joining(world):
    program = make_program(
        world.organization,
        slug="open-sleep",
        mode=EnrollmentMode.OPEN,
        default_care_team=world.team,
        weekly_phq9=False,
    )
    enrollment = services.self_enroll(actor=world.patient.user, program=program)
    assert events(AuditAction.JOIN_PROGRAM, resource_id=str(enrollment.pk), outcome="allow")


def test_an_alert_raised_by_an_answer_is_in_the_patients_trail(world):
    refer_and_accept(world)
    answer_phq9(world.patient, [1, 1, 1, 1, 1, 1, 1, 1, 2])
    alert = Alert.objects.get()
    raised = events(AuditAction.RAISE_ALERT, resource_id=str(alert.pk))
    assert [event.subject_person_id for event in raised] == [world.patient.pk]


def test_referring_to_a_team_one_does_not_work_in_is_refused_kept_and_changes_nothing(world):
    with pytest.raises(access.AccessDenied):
        services.refer(
            actor=world.outsider,
            person=world.patient,
            program=world.program,
            care_team=world.team,
            responsible=world.doctor,
        )
    assert not Enrollment.objects.exists()
    denied = events(AuditAction.REFER_TO_PROGRAM, actor_user_id=world.outsider.pk)
    assert [event.outcome for event in denied] == [Outcome.DENIED]


def test_looking_a_person_up_is_the_policys_decision(world):
    person = make_person("Lotta", "Lookup")
    admin = make_staff("admin.lake", world.organization, role=Role.ORG_ADMIN)
    assert access.decide(world.nurse, AuditAction.FIND_PERSON, person).allowed
    assert not access.decide(admin, AuditAction.FIND_PERSON, person).allowed
    assert events(AuditAction.FIND_PERSON, subject_person_id=person.pk, outcome="deny")
    # The care teams one may refer to come from the policy too.
    assert access.decide(world.nurse, AuditAction.REFER_TO_PROGRAM, world.team).allowed
    assert not access.decide(world.nurse, AuditAction.REFER_TO_PROGRAM, world.other_team).allowed


def test_a_professional_who_is_not_an_editor_cannot_change_a_program_and_it_is_kept(world):
    with pytest.raises(access.AccessDenied):
        program_services.update_program(actor=world.nurse, program=world.program, duration_days=9)
    assert Program.objects.get(pk=world.program.pk).duration_days == 56
    assert events(AuditAction.CHANGE_CARE_PROGRAM, actor_user_id=world.nurse.pk, outcome="deny")

    editor = make_staff("editor.lake", world.organization, role=Role.EDITOR)
    program_services.update_program(actor=editor, program=world.program, duration_days=60)
    assert Program.objects.get(pk=world.program.pk).duration_days == 60
    assert events(AuditAction.CHANGE_CARE_PROGRAM, actor_user_id=editor.pk, outcome="allow")
