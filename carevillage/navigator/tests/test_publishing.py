"""A version goes live only when the validator passes and a second clinician approves."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from carevillage.navigator import demo, services
from carevillage.navigator.models import NavigatorVersion, VersionStatus
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(editor):
    navigator = services.create_navigator(actor=editor, slug="low-back-pain", name="Back")
    return services.create_draft(actor=editor, navigator=navigator, graph=demo.low_back_pain())


def test_author_cannot_approve_their_own_version(draft, editor):
    with pytest.raises(services.PublishRefused) as refused:
        services.approve_and_publish(actor=editor, version=draft)

    assert "you wrote this version" in " ".join(refused.value.messages)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_staff_without_a_clinical_role_cannot_approve(draft, harbour):
    org_admin = make_staff("admin.aapo", harbour, role=Role.ORG_ADMIN)
    with pytest.raises(services.PublishRefused) as refused:
        services.approve_and_publish(actor=org_admin, version=draft)
    assert "clinical editor or a professional" in " ".join(refused.value.messages)


def test_a_professional_can_approve(draft, harbour):
    nurse = make_staff("nurse.noora", harbour, role=Role.PROFESSIONAL)
    version = services.approve_and_publish(actor=nurse, version=draft)
    assert version.status == VersionStatus.PUBLISHED and version.approved_by == nurse


def test_a_version_with_problems_is_refused_with_every_problem(draft, editor, clinician):
    graph = copy.deepcopy(draft.graph)
    del graph["nodes"]["urgent"]["text"]["fi"]
    graph["nodes"]["orphan"] = copy.deepcopy(graph["nodes"]["soon"])
    services.change_draft(actor=editor, version=draft, graph=graph)

    with pytest.raises(services.PublishRefused) as refused:
        services.approve_and_publish(actor=clinician, version=draft)

    text = " ".join(refused.value.messages)
    assert "urgent: The text is missing in language “fi”." in text
    assert "orphan: No path from the start reaches this node." in text
    assert NavigatorVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_publishing_a_new_version_retires_the_old_one_and_freezes_it(draft, editor, clinician):
    first = services.approve_and_publish(actor=clinician, version=draft)
    second = services.create_draft(actor=editor, navigator=first.navigator, graph=first.graph)
    services.approve_and_publish(actor=clinician, version=second)

    first.refresh_from_db()
    assert first.status == VersionStatus.RETIRED
    assert second.number == 2
    with pytest.raises(ValidationError):
        services.change_draft(actor=editor, version=first, graph={})
    first.graph = {}
    with pytest.raises(ValidationError):
        first.save()


def test_the_database_refuses_a_self_approved_or_second_published_version(draft, editor):
    with pytest.raises(IntegrityError), transaction.atomic():
        NavigatorVersion.objects.filter(pk=draft.pk).update(approved_by=editor)


def test_validate_navigator_command_prints_every_problem_and_fails(draft, editor, capsys):
    call_command("validate_navigator", "low-back-pain")
    assert "no problems" in capsys.readouterr().out

    graph = copy.deepcopy(draft.graph)
    graph["nodes"]["duration"]["answers"][0]["next"] = "missing"
    del graph["nodes"]["soon"]["text"]["en"]
    services.change_draft(actor=editor, version=draft, graph=graph)

    with pytest.raises(CommandError) as failed:
        call_command("validate_navigator", "low-back-pain")
    out = capsys.readouterr().out
    assert "[unhandled_answer] duration" in out
    assert "[missing_text] soon" in out
    assert failed.value.returncode == 1


# --- the admin -----------------------------------------------------------------------


def test_editor_sees_the_validators_problems_on_the_draft_page(client, draft, editor):
    graph = copy.deepcopy(draft.graph)
    graph["nodes"]["duration"]["answers"][0]["next"] = "missing"
    services.change_draft(actor=editor, version=draft, graph=graph)
    log_in_staff(client, editor)

    page = client.get(reverse("navigator_versions:edit", args=[draft.pk])).content.decode()

    assert "1 problem blocks publishing" in page
    assert "leads nowhere" in page


def test_editor_creates_a_draft_in_the_admin_and_bad_json_changes_nothing(client, editor, draft):
    log_in_staff(client, editor)
    url = reverse("navigator_versions:add")

    response = client.post(url, {"navigator": draft.navigator.pk, "graph": "{not json"})
    assert response.status_code == 200
    assert "The graph is not valid JSON" in response.content.decode()
    assert NavigatorVersion.objects.count() == 1

    response = client.post(url, {"navigator": draft.navigator.pk, "graph": '{"start": "x"}'})
    version = NavigatorVersion.objects.get(number=2)
    assert response["Location"] == reverse("navigator_versions:edit", args=[version.pk])
    assert version.author == editor and version.status == VersionStatus.DRAFT


def test_second_clinician_approves_in_the_admin_but_the_author_cannot(
    client, draft, editor, clinician
):
    url = reverse("navigator_versions:approve", args=[draft.pk])
    log_in_staff(client, editor)
    page = client.get(url).content.decode()
    assert "you wrote this version" in page
    client.post(url)
    assert NavigatorVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT

    client.logout()
    log_in_staff(client, clinician)
    response = client.post(url)
    assert response.status_code == 302
    assert NavigatorVersion.objects.get(pk=draft.pk).status == VersionStatus.PUBLISHED
    # A published version no longer opens for editing: its edit link shows it read-only.
    edit = client.get(reverse("navigator_versions:edit", args=[draft.pk]))
    assert edit.status_code == 302
    assert edit["Location"] == reverse("navigator_versions:inspect", args=[draft.pk])
    inspect = client.get(edit["Location"])
    assert inspect.status_code == 200
    assert 'name="graph"' not in inspect.content.decode()


def test_editors_see_anonymous_weekly_statistics(client, draft, editor, clinician, harbour):
    version = services.approve_and_publish(actor=clinician, version=draft)
    services.count_outcome(version=version, disposition="emergency")
    services.count_outcome(version=version, disposition="self_care")
    services.count_outcome(version=version, disposition="self_care")
    log_in_staff(client, editor)

    page = client.get(reverse("navigator_statistics")).content.decode()

    assert "Back" in page
    assert "<td>1</td><td>0</td><td>0</td><td>2</td><td>3</td>" in page

    client.logout()
    org_admin = make_staff("admin.aapo", harbour, role=Role.ORG_ADMIN)
    log_in_staff(client, org_admin)
    assert client.get(reverse("navigator_statistics")).status_code in (302, 403)


def test_editor_lists_navigators_and_versions_and_inspects_a_published_one(
    client, draft, editor, clinician
):
    services.approve_and_publish(actor=clinician, version=draft)
    log_in_staff(client, editor)

    navigators = client.get(reverse("navigators:index")).content.decode()
    versions = client.get(reverse("navigator_versions:index")).content.decode()
    inspect = client.get(reverse("navigator_versions:inspect", args=[draft.pk]))

    assert "Back" in navigators
    assert "Back v1" in versions and "Published" in versions
    assert inspect.status_code == 200
    assert "cauda_equina" in inspect.content.decode()
