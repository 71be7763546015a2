"""A refused change is refused *and* stays in the audit trail, though the service's
transaction rolls back (access.atomic writes the denial again)."""

from __future__ import annotations

import pytest

from carevillage import access
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.audit.services import verify_chain
from carevillage.carepaths.enrollments import services
from carevillage.carepaths.models import Alert, ModuleCompletion
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.carepaths.tests.test_dashboard import answer_phq9
from carevillage.identity.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _denials(action: str, user) -> int:  # noqa: ANN001
    return AuditEvent.objects.filter(
        action=action, outcome=Outcome.DENIED, actor_user_id=user.pk
    ).count()


def test_professional_of_another_team_acknowledging_is_refused_and_the_refusal_is_kept():
    world = make_world()
    enrollment = refer_and_accept(world)
    answer_phq9(world.patient, [0, 0, 0, 0, 0, 0, 0, 0, 1])
    alert = Alert.objects.get(enrollment=enrollment)

    with pytest.raises(access.AccessDenied):
        services.acknowledge_alert(actor=world.outsider, alert=alert, note="Called her.")

    alert.refresh_from_db()
    assert alert.is_open
    assert _denials("acknowledge_alert", world.outsider) == 1
    assert verify_chain()[1] is None


def test_another_patient_completing_a_module_is_refused_and_the_refusal_is_kept():
    world = make_world()
    enrollment = refer_and_accept(world)
    stranger = make_person("Sam", "Stranger")
    module = enrollment.program.modules.first()

    with pytest.raises(access.AccessDenied):
        services.complete_module(actor=stranger.user, enrollment=enrollment, module=module)

    assert not ModuleCompletion.objects.exists()
    denied = AuditEvent.objects.get(
        action="complete_module", outcome=Outcome.DENIED, actor_user_id=stranger.user.pk
    )
    assert denied.subject_person_id == world.patient.pk
