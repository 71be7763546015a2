"""Nobody grants themselves access; clinical access granted to others is seen by a second
admin; losing access or credentials ends the user's live sessions (sessions_revoked)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.identity.signals import sessions_revoked
from carevillage.messaging.tests import conftest as messaging_fixtures
from carevillage.tenants import services
from carevillage.tenants.models import CareTeamMembership, Role, StaffMembership
from carevillage.testing.factories import make_care_team, make_organization, make_staff, make_user
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db

smtp_server = messaging_fixtures.smtp_server  # a real SMTP server (aiosmtpd)
TASK = "carevillage.tenants.tasks.tell_admins_about_clinical_access"


@pytest.fixture
def harbour():
    return make_organization("Harbour Health District")


@pytest.fixture
def admin(harbour):
    user = make_staff("admin.aapo", harbour, role=Role.ORG_ADMIN, first_name="Aapo")
    user.email = "aapo@harbour.example"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def second_admin(harbour):
    user = make_staff("admin.bea", harbour, role=Role.ORG_ADMIN, first_name="Bea")
    user.email = "bea@harbour.example"
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def admin_client(client, admin):
    log_in_staff(client, admin)
    return client


@pytest.fixture
def revoked():
    """Users for whom sessions_revoked was sent (a real receiver on the real signal)."""
    users: list = []

    def receiver(sender, user, **kwargs):  # noqa: ANN001, ANN003
        users.append(user.pk)

    sessions_revoked.connect(receiver)
    yield users
    sessions_revoked.disconnect(receiver)


def denied(action: AuditAction) -> AuditEvent | None:
    return AuditEvent.objects.filter(action=action, outcome=Outcome.DENIED).first()


def test_org_admin_cannot_make_himself_a_professional(admin_client, admin, harbour):
    response = admin_client.post(
        reverse("staff_memberships:add"),
        {"user": admin.pk, "organization": harbour.pk, "role": Role.PROFESSIONAL},
    )

    assert response.status_code == 200
    assert "You cannot change your own roles" in response.content.decode()
    assert not StaffMembership.objects.filter(user=admin, role=Role.PROFESSIONAL).exists()
    event = denied(AuditAction.STAFF_MEMBERSHIP_ADD)
    assert event is not None and event.actor_user_id == admin.pk and event.reason == "own roles"


def test_org_admin_cannot_put_himself_in_a_care_team(admin_client, admin, harbour):
    team = make_care_team(harbour, "Depression care team")

    response = admin_client.post(
        reverse("care_team_memberships:add"), {"care_team": team.pk, "user": admin.pk}
    )

    assert response.status_code == 200
    assert "You cannot change your own roles or care-team memberships" in response.content.decode()
    assert not CareTeamMembership.objects.filter(user=admin).exists()
    assert denied(AuditAction.CARE_TEAM_MEMBERSHIP_ADD).actor_user_id == admin.pk


def test_org_admin_cannot_remove_or_change_his_own_role(admin_client, admin, harbour):
    own = admin.staff_memberships.get()

    response = admin_client.post(reverse("staff_memberships:delete", args=[own.pk]), follow=True)
    assert "You cannot change your own roles" in response.content.decode()
    assert StaffMembership.objects.filter(pk=own.pk).exists()
    assert denied(AuditAction.STAFF_MEMBERSHIP_REMOVE) is not None

    response = admin_client.post(
        reverse("staff_memberships:edit", args=[own.pk]),
        {"user": admin.pk, "organization": harbour.pk, "role": Role.PROFESSIONAL},
    )
    assert response.status_code == 200
    assert StaffMembership.objects.get(pk=own.pk).role == Role.ORG_ADMIN


def test_giving_someone_else_clinical_access_is_mailed_to_the_other_admins(
    admin_client, admin, second_admin, harbour, smtp_server, django_capture_on_commit_callbacks
):
    newcomer = make_user("doctor.dani", first_name="Dani", last_name="Doctor")
    team = make_care_team(harbour, "Depression care team")

    response = admin_client.post(
        reverse("staff_memberships:add"),
        {"user": newcomer.pk, "organization": harbour.pk, "role": Role.PROFESSIONAL},
    )
    assert response.status_code == 302
    response = admin_client.post(
        reverse("care_team_memberships:add"), {"care_team": team.pk, "user": newcomer.pk}
    )
    assert response.status_code == 302
    assert CareTeamMembership.objects.filter(user=newcomer, care_team=team).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.CARE_TEAM_MEMBERSHIP_ADD, outcome=Outcome.ALLOWED, actor_user_id=admin.pk
    ).exists()

    assert messaging_fixtures.run_queued_tasks(TASK) == 2
    recipients = [rcpt for mail in smtp_server.messages for rcpt in mail.rcpt_tos]
    assert recipients == ["bea@harbour.example", "bea@harbour.example"]  # never the actor
    bodies = [mail.content.decode() for mail in smtp_server.messages]
    assert "Dani Doctor (doctor.dani)" in bodies[0] and "professional role" in bodies[0]
    assert "Depression care team" in bodies[1]


def test_losing_a_care_team_membership_or_a_role_revokes_sessions(
    admin_client, harbour, revoked, django_capture_on_commit_callbacks
):
    team = make_care_team(harbour, "Harbour nurses")
    nurse = make_staff("nurse.noora", harbour, care_teams=(team,))
    membership = CareTeamMembership.objects.get(user=nurse)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("care_team_memberships:delete", args=[membership.pk]))
    assert response.status_code == 302
    assert revoked == [nurse.pk]
    assert AuditEvent.objects.filter(action=AuditAction.CARE_TEAM_MEMBERSHIP_REMOVE).exists()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("staff_memberships:delete", args=[nurse.staff_memberships.get().pk])
        )
    assert revoked == [nurse.pk, nurse.pk]


def test_password_or_authenticator_reset_revokes_sessions_but_a_login_does_not(
    client, harbour, revoked, django_capture_on_commit_callbacks
):
    nurse = make_staff("nurse.noora", harbour)

    with django_capture_on_commit_callbacks(execute=True):
        log_in_staff(client, nurse)  # saves the device (drift, counters): no revocation
    assert revoked == []

    with django_capture_on_commit_callbacks(execute=True):
        nurse.set_password("a-new-password-for-noora")
        nurse.save()
    assert revoked == [nurse.pk]

    with django_capture_on_commit_callbacks(execute=True):
        device = TOTPDevice.objects.get(user=nurse)
        device.key = TOTPDevice().key  # a new secret: the old phone's codes stop working
        device.save()
    assert revoked == [nurse.pk, nurse.pk]

    with django_capture_on_commit_callbacks(execute=True):
        device.delete()
    assert revoked == [nurse.pk, nurse.pk, nurse.pk]


def test_a_rolled_back_change_revokes_nothing_and_the_service_refuses_self_directly(
    admin, harbour, revoked
):
    with pytest.raises(services.OwnAccessChangeRefused):
        services.add_staff_membership(
            actor=admin, user=admin, organization=harbour, role=Role.PROFESSIONAL
        )
    assert denied(AuditAction.STAFF_MEMBERSHIP_ADD) is not None
    assert revoked == []
