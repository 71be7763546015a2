"""The one policy point: who may see a person's data, and every answer is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from carevillage import access
from carevillage.audit.models import AuditEvent
from carevillage.identity.models import Person
from carevillage.identity.tests.factories import make_person, make_staff_user
from carevillage.tenants.models import (
    CareTeam,
    CareTeamMembership,
    Organization,
    PatientRegistration,
    Role,
    StaffMembership,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def village():
    org = Organization.objects.create(name="Harbour Health", slug="harbour")
    other_org = Organization.objects.create(name="Hill Health", slug="hill")
    team = CareTeam.objects.create(organization=org, name="Heart team")
    other_team = CareTeam.objects.create(organization=org, name="Lung team")
    patient = make_person("Aino", "Virtanen")
    PatientRegistration.objects.create(person=patient, organization=org, care_team=team)

    def staff(role: str, teams: tuple = (), organization=org):
        user = make_staff_user()
        StaffMembership.objects.create(user=user, organization=organization, role=role)
        for t in teams:
            CareTeamMembership.objects.create(care_team=t, user=user)
        return user

    return {
        "org": org,
        "patient": patient,
        "nurse": staff(Role.PROFESSIONAL, (team,)),
        "other_team_nurse": staff(Role.PROFESSIONAL, (other_team,)),
        "other_org_nurse": staff(Role.PROFESSIONAL, (), other_org),
        "org_admin": staff(Role.ORG_ADMIN, (team,)),
    }


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()


def test_person_may_see_own_trail_and_it_is_audited(village):
    patient = village["patient"]
    decision = access.decide(patient.user, "view_audit_trail", patient)
    assert decision.allowed
    event = last_event()
    assert (event.actor_user_id, event.subject_person_id, event.outcome, event.reason) == (
        patient.user.pk,
        patient.pk,
        "allow",
        "self",
    )


def test_care_team_professional_may_view_and_the_trail_names_the_organization(village):
    decision = access.decide(village["nurse"], "view_person", village["patient"])
    assert decision.allowed
    event = last_event()
    assert event.actor_organization == "Harbour Health"
    assert event.subject_person_id == village["patient"].pk


@pytest.mark.parametrize("who", ["other_team_nurse", "other_org_nurse", "org_admin"])
def test_staff_without_a_care_relationship_are_denied_and_audited(village, who):
    decision = access.decide(village[who], "view_person", village["patient"])
    assert not decision.allowed
    event = last_event()
    assert (event.actor_user_id, event.outcome) == (village[who].pk, "deny")
    assert event.subject_person_id == village["patient"].pk


def test_another_patient_is_denied(village):
    stranger = make_person("Eero", "Ulkopuolinen")
    assert not access.decide(stranger.user, "view_audit_trail", village["patient"])
    assert last_event().outcome == "deny"


def test_anonymous_is_denied_and_audited(village):
    assert not access.decide(AnonymousUser(), "view_person", village["patient"])
    assert (last_event().outcome, last_event().reason) == ("deny", "not logged in")


def test_acting_on_behalf_is_denied_by_a_handler_without_proxy_rules(village):
    parent = make_person("Mikko", "Korhonen")
    decision = access.decide(parent.user, "view_person", village["patient"], on_behalf_of=parent)
    assert not decision.allowed
    assert last_event().on_behalf_of_person_id == parent.pk


def test_require_raises_not_found_so_existence_stays_secret(village):
    with pytest.raises(access.AccessDenied) as denied:
        access.require(village["other_team_nurse"], "view_person", village["patient"])
    from django.http import Http404

    assert isinstance(denied.value, Http404)


def test_visible_filters_in_the_database(village):
    make_person("Eero", "Ulkopuolinen")
    everyone = Person.objects.all()
    assert list(access.visible(village["nurse"], "view_person", everyone)) == [village["patient"]]
    assert list(access.visible(village["other_team_nurse"], "view_person", everyone)) == []
    assert list(access.visible(village["org_admin"], "view_person", everyone)) == []
    assert list(access.visible(village["patient"].user, "view_person", everyone)) == [
        village["patient"]
    ]
    assert list(access.visible(AnonymousUser(), "view_person", everyone)) == []


def test_trail_page_of_another_person_cannot_be_reached(client, village):
    """My page only ever shows the logged-in person's own trail."""
    from carevillage.audit.selectors import trail_for_person

    with pytest.raises(access.AccessDenied):
        trail_for_person(actor=village["nurse"], person=village["patient"])
    assert (last_event().action, last_event().outcome) == ("view_audit_trail", "deny")
