"""A professional refers a patient: finds them by identity code (never shown in full or put
in a URL), picks a program and a responsible colleague, and sends the invitation."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.http import Http404
from django.urls import reverse

from carevillage.audit.models import AuditEvent
from carevillage.carepaths.models import Enrollment, EnrollmentStatus
from carevillage.carepaths.tests.factories import make_world
from carevillage.identity import national_id
from carevillage.identity.models import Person
from carevillage.identity.services import log_in_citizen
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db

REFER = reverse("carepaths:staff_refer")
# Never-issued individual number (900-999 range), valid check character.
UNKNOWN_ID = "150385-9" + "71" + national_id.finnish_check_character("150385", "971")


@pytest.fixture
def world():
    return make_world()


def find(client, raw_id: str):  # noqa: ANN001, ANN201
    return client.post(REFER, {"step": "find", "national_id": raw_id})


def token_from(response) -> str:  # noqa: ANN001
    html = response.content.decode()
    return html.split('name="token" value="')[1].split('"')[0]


def send(client, world, token: str, **changes):  # noqa: ANN001, ANN201
    data = {
        "step": "send",
        "token": token,
        "program": world.program.pk,
        "care_team": world.team.pk,
        "responsible": world.doctor.pk,
        "message": "Welcome, the program starts when you accept.",
    }
    data.update(changes)
    return client.post(REFER, data)


def test_professional_finds_a_known_person_by_identity_code_and_refers_them(client, world):
    log_in_staff(client, world.nurse)
    response = find(client, world.patient.national_id.lower())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Paula Patient" in html
    assert world.patient.masked_national_id in html
    assert world.patient.national_id not in html
    assert world.program.title["en"] in html
    assert "Daniel" in html  # colleagues in the team are offered as responsible

    response = send(client, world, token_from(response))
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(person=world.patient)
    assert response["Location"] == reverse("carepaths:staff_enrollment", args=[enrollment.pk])
    assert world.patient.national_id not in response["Location"]
    assert enrollment.status == EnrollmentStatus.INVITED
    assert enrollment.responsible == world.doctor
    assert enrollment.referred_by == world.nurse
    assert AuditEvent.objects.filter(
        action="find_person", subject_person_id=world.patient.pk, actor_user_id=world.nurse.pk
    ).exists()
    assert AuditEvent.objects.filter(
        action="refer_to_program", subject_person_id=world.patient.pk
    ).exists()
    # The team follows the invitation up without seeing anything clinical yet.
    detail = client.get(response["Location"]).content.decode()
    assert "has not accepted the invitation" in detail
    assert "Welcome, the program starts when you accept." in detail


def test_person_who_never_logged_in_is_created_and_gets_their_name_at_first_login(client, world):
    log_in_staff(client, world.nurse)
    response = find(client, UNKNOWN_ID)
    html = response.content.decode()
    assert "Name not known yet" in html
    assert "150385-****" in html
    assert UNKNOWN_ID not in html
    # Looking does not create anyone: only sending the invitation does.
    assert not Person.objects.filter(national_id_hash=national_id.lookup_hash(UNKNOWN_ID))
    before = Person.objects.count()
    assert send(client, world, token_from(response)).status_code == 302
    assert Person.objects.count() == before + 1
    person = Person.objects.get(national_id_hash=national_id.lookup_hash(UNKNOWN_ID))
    assert person.full_name == ""
    assert Enrollment.objects.get(person=person).status == EnrollmentStatus.INVITED

    user = log_in_citizen(
        claims={
            "sub": "eid-new",
            "national_id": UNKNOWN_ID,
            "acr": settings.OIDC_ACR_HIGH[0],
            "given_name": "Veera",
            "family_name": "Virta",
        }
    )
    person.refresh_from_db()
    assert user.person == person
    assert person.full_name == "Veera Virta"


def test_malformed_identity_code_gets_a_clear_error_and_changes_nothing(client, world):
    log_in_staff(client, world.nurse)
    persons, events = Person.objects.count(), AuditEvent.objects.count()
    response = find(client, "150385-971X")  # wrong check character
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "This is not a valid personal identity code." in html
    assert 'aria-invalid="true"' in html
    assert "150385-971X" not in html  # not echoed back either
    assert Person.objects.count() == persons
    assert AuditEvent.objects.count() == events


def test_tampered_form_token_is_refused(client, world):
    log_in_staff(client, world.nurse)
    response = send(client, world, "not-a-token")
    assert response.status_code == 400
    assert "The form was out of date." in response.content.decode()
    assert not Enrollment.objects.exists()


def test_referring_to_a_team_i_do_not_work_in_is_refused(client, world):
    log_in_staff(client, world.nurse)
    token = token_from(find(client, world.patient.national_id))
    response = send(client, world, token, care_team=world.other_team.pk)
    assert response.status_code == 400
    assert "Choose one of your care teams." in response.content.decode()
    response = send(client, world, token, responsible=world.outsider.pk)
    assert response.status_code == 400
    assert "Choose a responsible professional from the chosen care team." in (
        response.content.decode()
    )
    assert not Enrollment.objects.exists()


def test_outsider_is_not_offered_other_teams_programs_colleagues(client, world):
    log_in_staff(client, world.outsider)
    html = find(client, world.patient.national_id).content.decode()
    assert "Lakeside heart team" in html
    assert "Lakeside mental health team" not in html
    assert "Daniel" not in html


def test_second_open_invitation_to_the_same_program_gets_a_clear_message(client, world):
    log_in_staff(client, world.nurse)
    token = token_from(find(client, world.patient.national_id))
    assert send(client, world, token).status_code == 302
    response = send(client, world, token)
    assert response.status_code == 400
    assert (
        "This person already has an open invitation or enrollment in this program."
        in response.content.decode()
    )
    assert Enrollment.objects.filter(person=world.patient).count() == 1


def test_identity_code_never_appears_in_a_url(client, world):
    log_in_staff(client, world.nurse)
    response = client.get(REFER, {"national_id": world.patient.national_id})
    # GET shows the empty form; the number is only accepted in a POST body.
    assert response.status_code == 200
    assert "Paula" not in response.content.decode()


def test_org_admin_cannot_look_people_up(client, world):
    from carevillage.tenants.models import Role
    from carevillage.tenants.tests.factories import make_staff

    admin = make_staff("admin.lake", world.organization, role=Role.ORG_ADMIN)
    log_in_staff(client, admin)
    events = AuditEvent.objects.count()
    html = find(client, world.patient.national_id).content.decode()
    assert "You do not work as a professional in any care team" in html
    assert "Paula" not in html
    assert not AuditEvent.objects.filter(action="find_person").exists()
    assert AuditEvent.objects.count() == events


def test_new_persons_record_is_in_their_trail_and_a_refused_one_is_not_made(world):
    """Creating the record of someone referred before their first login stands in their
    trail; an actor who may not refer to the team makes no record."""
    from carevillage.identity.services import person_for_referral
    from carevillage.tenants.models import Role
    from carevillage.tenants.tests.factories import make_staff

    admin = make_staff("admin.lake", world.organization, role=Role.ORG_ADMIN)
    with pytest.raises(Http404):
        person_for_referral(actor=admin, raw_id=UNKNOWN_ID, care_team=world.team)
    assert not Person.objects.filter(national_id_hash=national_id.lookup_hash(UNKNOWN_ID))
    assert not AuditEvent.objects.filter(action="create_person").exists()
    [refused] = AuditEvent.objects.filter(action="refer_to_program")
    # Decided on the team before anything was made: the refusal names nobody's record.
    assert (refused.outcome, refused.actor_user_id, refused.subject_person_id) == (
        "deny",
        admin.pk,
        None,
    )

    person = person_for_referral(actor=world.nurse, raw_id=UNKNOWN_ID, care_team=world.team)
    [created] = AuditEvent.objects.filter(action="create_person", outcome="allow")
    assert (created.subject_person_id, created.actor_user_id) == (person.pk, world.nurse.pk)
    assert created.purpose == "referral"
