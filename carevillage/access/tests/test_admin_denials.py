"""An org admin or editor who opens another organization's row in the admin gets a 404,
like for a row that does not exist, and the attempt is audited as a refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from carevillage.audit.models import AuditEvent
from carevillage.audit.services import verify_chain
from carevillage.carepaths.tests.factories import make_program
from carevillage.messaging.models import ChatService
from carevillage.tenants.models import Role, StaffMembership
from carevillage.testing.factories import make_care_team, make_organization, make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def harbour():
    return make_organization("Harbour Health District")


@pytest.fixture
def hillside():
    return make_organization("Hillside Municipality")


@pytest.fixture
def org_admin(client, harbour):
    admin = make_staff("admin.aapo", harbour, role=Role.ORG_ADMIN)
    log_in_staff(client, admin)
    return admin


def refusals(actor) -> list[tuple[str, str, str]]:  # noqa: ANN001
    return list(
        AuditEvent.objects.filter(actor_user_id=actor.pk, outcome="deny")
        .order_by("id")
        .values_list("action", "resource_type", "resource_id")
    )


def test_opening_another_organizations_care_team_or_staff_is_a_refusal(client, org_admin, hillside):
    team = make_care_team(hillside, "Hillside nurses")
    make_staff("nurse.hilla", hillside, care_teams=(team,))
    membership = StaffMembership.objects.get(user__username="nurse.hilla")

    assert client.get(reverse("care_teams:edit", args=[team.pk])).status_code == 404
    assert client.post(reverse("care_teams:delete", args=[team.pk])).status_code == 404
    assert client.get(reverse("staff_memberships:edit", args=[membership.pk])).status_code == 404

    assert refusals(org_admin) == [
        ("open_admin_item", "careteam", str(team.pk)),
        ("open_admin_item", "careteam", str(team.pk)),
        ("open_admin_item", "staffmembership", str(membership.pk)),
    ]
    assert verify_chain()[1] is None


def test_an_id_that_does_not_exist_is_a_plain_404_without_an_event(client, org_admin):
    assert client.get(reverse("care_teams:edit", args=[999_999])).status_code == 404
    assert refusals(org_admin) == []


def test_own_organizations_rows_open_without_a_refusal(client, org_admin, harbour):
    team = make_care_team(harbour, "Harbour nurses")
    assert client.get(reverse("care_teams:edit", args=[team.pk])).status_code == 200
    assert refusals(org_admin) == []


def test_opening_another_organizations_chat_service_is_a_refusal(client, org_admin, hillside):
    chat = ChatService.objects.create(
        slug="hillside-chat",
        title="Hillside school nurse",
        care_team=make_care_team(hillside, "Hillside school nurses"),
        opens_at=dt.time(8),
        closes_at=dt.time(16),
    )
    assert client.get(reverse("chat_services:edit", args=[chat.pk])).status_code == 404
    assert refusals(org_admin) == [("open_admin_item", "chatservice", str(chat.pk))]


def test_an_editor_opening_another_organizations_program_is_a_refusal(client, hillside):
    program = make_program(hillside)
    editor = make_staff("editor.eeva", make_organization("Lake District"), role=Role.EDITOR)
    log_in_staff(client, editor)

    assert client.get(f"/admin/care-programs/{program.pk}/").status_code == 404
    assert client.get(f"/admin/care-programs/{program.pk}/modules/").status_code == 404
    assert refusals(editor) == [
        ("open_admin_item", "program", str(program.pk)),
        ("open_admin_item", "program", str(program.pk)),
    ]
