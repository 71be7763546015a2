"""A care program is offered only once a second clinician approved it as it is now: the
editor who changed it cannot approve it, an unapproved program has no public page and
takes no referral, and the approval page asks for a confirmation, then says it is done."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.carepaths.enrollments import services
from carevillage.carepaths.errors import CarePathError
from carevillage.carepaths.models import EnrollmentMode, Program
from carevillage.carepaths.programs import services as authoring
from carevillage.carepaths.tests.factories import make_world
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_organization, make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(mode=EnrollmentMode.OPEN)


@pytest.fixture
def world_team(world):
    Program.objects.filter(pk=world.program.pk).update(default_care_team=world.team)
    world.program.refresh_from_db()
    return world


@pytest.fixture
def author(world_team):
    return make_staff("editor.lake", world_team.organization, role=Role.EDITOR, first_name="Eino")


@pytest.fixture
def reviewer(world_team):
    return make_staff("editor.kaisa", world_team.organization, role=Role.EDITOR, first_name="Kaisa")


@pytest.fixture
def changed(world_team, author):
    """The program after its editor changed a setting: waiting for a second clinician."""
    return authoring.update_program(
        actor=author, program=world_team.program, summary={"en": "Changed summary."}
    )


def _approve_url(program: Program) -> str:
    return reverse("carepaths_admin_approve", args=[program.pk])


def test_a_change_takes_the_program_offline_until_a_second_clinician_approves(
    client, world_team, changed, author
):
    assert not changed.is_published and changed.prepared_by == author
    page = client.get(reverse("carepaths:program", args=[changed.slug]))
    assert page.status_code == 404
    with pytest.raises(CarePathError, match="not published"):
        services.refer(
            actor=world_team.nurse,
            person=world_team.patient,
            program=changed,
            care_team=world_team.team,
            responsible=world_team.doctor,
        )


def test_saving_the_settings_unchanged_keeps_the_approval(world_team, author):
    program = world_team.program
    same = authoring.update_program(actor=author, program=program, summary=program.summary)
    assert same.is_published


def test_the_editor_who_changed_it_cannot_approve_it(client, changed, author):
    log_in_staff(client, author)
    page = client.get(_approve_url(changed)).content.decode()
    assert "you made the latest change to this program" in page
    assert 'name="confirm"' not in page

    response = client.post(_approve_url(changed), {"confirm": "on"})

    assert response.status_code == 400
    assert "Not published. See the reasons below." in response.content.decode()
    changed.refresh_from_db()
    assert not changed.is_published and changed.approved_by is None
    assert AuditEvent.objects.filter(
        action="approve_care_program", resource_id=str(changed.pk), outcome=Outcome.DENIED
    ).exists()
    with pytest.raises(authoring.ApprovalRefused) as refused:
        authoring.approve_program(actor=author, program=changed)
    assert "second clinician must approve" in " ".join(refused.value.reasons)


def test_a_second_clinician_confirms_and_the_program_is_offered_again(
    client, world_team, changed, reviewer
):
    log_in_staff(client, reviewer)
    page = client.get(_approve_url(changed)).content.decode()
    assert 'name="confirm"' in page and "Latest change by Eino" in page

    unconfirmed = client.post(_approve_url(changed), {})
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm that you reviewed the program" in unconfirmed.content.decode()
    changed.refresh_from_db()
    assert not changed.is_published

    response = client.post(_approve_url(changed), {"confirm": "on"})

    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("is approved and published" in m for m in shown)
    changed.refresh_from_db()
    assert changed.is_published and changed.approved_by == reviewer
    assert changed.approved_at is not None
    assert AuditEvent.objects.filter(
        action="approve_care_program", resource_id=str(changed.pk), outcome=Outcome.ALLOWED
    ).exists()
    assert client.get(reverse("carepaths:program", args=[changed.slug])).status_code == 200
    after = client.get(response["Location"]).content.decode()
    assert "Published: approved by Kaisa" in after


def test_a_professional_of_the_organization_may_approve_but_not_one_of_another(world_team, changed):
    elsewhere = make_staff("doctor.hill", make_organization("Hill Health"))
    with pytest.raises(authoring.ApprovalRefused) as refused:
        authoring.approve_program(actor=elsewhere, program=changed)
    assert "of the program's organization" in " ".join(refused.value.reasons)

    approved = authoring.approve_program(actor=world_team.doctor, program=changed)
    assert approved.is_published and approved.approved_by == world_team.doctor


def test_staff_of_another_organization_get_404_on_the_approval_page(client, changed):
    elsewhere = make_staff("editor.hill", make_organization("Hill Health"), role=Role.EDITOR)
    log_in_staff(client, elsewhere)
    assert client.get(_approve_url(changed)).status_code == 404


def test_an_editor_stops_offering_a_program_and_the_admin_list_says_it_waits(
    client, world_team, author
):
    log_in_staff(client, author)
    response = client.post(_approve_url(world_team.program), {"action": "withdraw"})
    assert response.status_code == 302
    world_team.program.refresh_from_db()
    assert not world_team.program.is_published
    listing = client.get(reverse("carepaths_admin_index")).content.decode()
    assert "Waiting for a second clinician" in listing
