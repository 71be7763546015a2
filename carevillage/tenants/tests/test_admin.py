"""Org admins manage their own organization's structure and staff in the Wagtail admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carevillage.audit.models import AuditEvent
from carevillage.identity.models import Person
from carevillage.tenants.models import CareTeam, Role, StaffMembership
from carevillage.tenants.services import remove_staff_membership
from carevillage.testing.factories import (
    make_care_team,
    make_organization,
    make_staff,
    make_unit,
    make_user,
)
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def harbour():
    return make_organization("Harbour Health District")


@pytest.fixture
def hillside():
    return make_organization("Hillside Municipality")


@pytest.fixture
def admin_client(client, harbour):
    """A client logged in (password + code) as Harbour's org admin."""
    admin = make_staff("admin.aapo", harbour, role=Role.ORG_ADMIN)
    log_in_staff(client, admin)
    client.admin_user = admin
    return client


def test_org_admin_sees_only_their_own_organizations_care_teams(admin_client, harbour, hillside):
    make_care_team(harbour, "Harbour nurses")
    make_care_team(hillside, "Hillside nurses")

    response = admin_client.get(reverse("care_teams:index"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Harbour nurses" in page
    assert "Hillside nurses" not in page


def test_org_admin_creates_a_care_team_in_their_organization(admin_client, harbour):
    unit = make_unit(harbour, "Harbour health station")

    response = admin_client.post(
        reverse("care_teams:add"),
        {"organization": harbour.pk, "unit": unit.pk, "name": "Diabetes nurses"},
    )

    assert response.status_code == 302
    team = CareTeam.objects.get(name="Diabetes nurses")
    assert team.organization == harbour and team.unit == unit
    assert "Diabetes nurses" in admin_client.get(reverse("care_teams:index")).content.decode()


def test_org_admin_cannot_create_a_care_team_in_another_organization(
    admin_client, harbour, hillside
):
    form_page = admin_client.get(reverse("care_teams:add")).content.decode()
    assert "Hillside Municipality" not in form_page

    response = admin_client.post(
        reverse("care_teams:add"), {"organization": hillside.pk, "name": "Sneaky team"}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not CareTeam.objects.filter(name="Sneaky team").exists()


def test_org_admin_cannot_use_another_organizations_unit(admin_client, harbour, hillside):
    hillside_unit = make_unit(hillside, "Hillside clinic")

    admin_client.post(
        reverse("care_teams:add"),
        {"organization": harbour.pk, "unit": hillside_unit.pk, "name": "Mixed team"},
    )

    assert not CareTeam.objects.filter(name="Mixed team").exists()


def test_org_admin_cannot_open_or_delete_another_organizations_rows(admin_client, hillside):
    team = make_care_team(hillside, "Hillside nurses")

    assert admin_client.get(reverse("care_teams:edit", args=[team.pk])).status_code == 404
    assert admin_client.post(reverse("care_teams:delete", args=[team.pk])).status_code == 404
    assert admin_client.get(reverse("organizations:edit", args=[hillside.pk])).status_code == 404
    assert CareTeam.objects.filter(pk=team.pk).exists()


def test_making_someone_an_editor_gives_them_the_admin_and_is_audited(admin_client, harbour):
    newcomer = make_user("editor.eeva")

    response = admin_client.post(
        reverse("staff_memberships:add"),
        {"user": newcomer.pk, "organization": harbour.pk, "role": Role.EDITOR},
    )

    assert response.status_code == 302
    assert StaffMembership.objects.filter(user=newcomer, role=Role.EDITOR).exists()
    assert newcomer.has_perm("wagtailadmin.access_admin")
    assert AuditEvent.objects.filter(
        action="staff_membership_add", actor_user_id=admin_client.admin_user.pk
    ).exists()


def test_changing_and_removing_a_role_in_the_admin_changes_what_the_person_may_do(
    admin_client, harbour
):
    nurse = make_staff("nurse.noora", harbour)
    membership = nurse.staff_memberships.get()

    response = admin_client.post(
        reverse("staff_memberships:edit", args=[membership.pk]),
        {"user": nurse.pk, "organization": harbour.pk, "role": Role.ORG_ADMIN},
    )
    assert response.status_code == 302
    assert type(nurse).objects.get(pk=nurse.pk).has_perm("tenants.add_careteam")

    response = admin_client.post(reverse("staff_memberships:delete", args=[membership.pk]))
    assert response.status_code == 302
    assert not StaffMembership.objects.filter(pk=membership.pk).exists()
    assert not type(nurse).objects.get(pk=nurse.pk).has_perm("wagtailadmin.access_admin")
    assert AuditEvent.objects.filter(action="staff_membership_remove").exists()


def test_a_unit_with_care_teams_cannot_be_deleted(admin_client, harbour):
    unit = make_unit(harbour, "Harbour health station")
    make_care_team(harbour, "Harbour nurses", unit=unit)

    response = admin_client.post(reverse("units:delete", args=[unit.pk]), follow=True)

    assert response.status_code == 200
    assert "is still in use by care teams" in response.content.decode()
    assert unit.__class__.objects.filter(pk=unit.pk).exists()


def test_removing_the_org_admin_role_takes_the_admin_away(harbour):
    admin = make_staff("admin.aapo", harbour, role=Role.ORG_ADMIN)
    assert admin.has_perm("tenants.add_careteam")

    remove_staff_membership(actor=None, membership=admin.staff_memberships.get())

    admin = type(admin).objects.get(pk=admin.pk)  # fresh permission cache
    assert not admin.has_perm("wagtailadmin.access_admin")
    assert not admin.has_perm("tenants.add_careteam")


def test_staff_choices_leave_out_citizens_and_other_organizations_staff(admin_client, hillside):
    make_staff("nurse.hilla", hillside)
    citizen = make_user("eid-citizen", with_authenticator=False)
    person = Person(user=citizen, given_name="Cilla", family_name="Citizen")
    person.set_national_id("131052-308T")
    person.save()

    page = admin_client.get(reverse("staff_memberships:add")).content.decode()

    assert "admin.aapo" in page
    assert "nurse.hilla" not in page
    assert "eid-citizen" not in page


def test_org_admin_sees_the_organization_menu(admin_client):
    page = admin_client.get("/admin/").content.decode()

    assert "Organization" in page
    assert reverse("care_teams:index") in page


def test_editor_gets_the_admin_but_not_the_organization_admin(client, harbour):
    editor = make_staff("editor.emmi", harbour, role=Role.EDITOR)
    log_in_staff(client, editor)

    home = client.get("/admin/")
    assert home.status_code == 200
    assert reverse("care_teams:index") not in home.content.decode()

    response = client.get(reverse("care_teams:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_professional_gets_no_admin_access(client, harbour):
    nurse = make_staff("nurse.noora", harbour)
    log_in_staff(client, nurse)

    for url in ("/admin/", reverse("care_teams:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("identity:staff_login"))
