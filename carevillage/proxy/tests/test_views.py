"""The acting-as state: Mikko logs in with e-ID, chooses Ella, sees the banner on every
page until he switches back or logs out, and loses it at once when the register ends
the relation."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.audit.services import demo_seeding
from carevillage.identity.demo import seed_identities
from carevillage.identity.models import Person
from carevillage.proxy import demo
from carevillage.proxy.models import RegisteredGuardianship
from carevillage.proxy.rules import age_on
from carevillage.testing.factories import make_person

pytestmark = pytest.mark.django_db

ACT_FOR = reverse("proxy:act_for")
MY_PAGE = reverse("portal:my_page")


@pytest.fixture
def village(settings):
    settings.PROXY_RULESET = "NO"
    with demo_seeding():
        seed_identities()
        demo.seed_demo()
    return {p.oidc_subject: p for p in Person.objects.filter(oidc_subject__startswith="demo-")}


@pytest.fixture
def mikko(client, eid, village):
    eid.log_in(client, "demo-mikko")
    return Person.objects.get(oidc_subject="demo-mikko")


def ella_label(village) -> str:  # noqa: ANN001
    ella = village["demo-ella"]
    return f"{ella.full_name} ({age_on(ella.birth_date, timezone.localdate())})"


def test_mikko_sees_whom_he_may_act_for_with_what(client, mikko, village):
    page = client.get(ACT_FOR).content.decode()
    assert ella_label(village) in page
    assert "Leo Korhonen" in page
    assert "as their guardian" in page
    assert "vaccinations" in page
    assert "Elsa Nieminen" not in page


def test_choosing_ella_shows_the_banner_on_every_page_and_is_in_her_trail(client, mikko, village):
    ella = village["demo-ella"]
    response = client.post(ACT_FOR, {"subject": ella.pk})
    assert response.status_code == 302
    page = client.get(MY_PAGE).content.decode()
    assert f"You are acting for {ella_label(village)}" in page
    assert 'role="status">You are acting for' in page
    assert "Switch back to yourself" in page
    event = AuditEvent.objects.filter(action=AuditAction.ACT_FOR).get()
    assert (event.outcome, event.subject_person_id, event.on_behalf_of_person_id) == (
        Outcome.ALLOWED,
        ella.pk,
        ella.pk,
    )
    assert event.actor_user_id == mikko.user_id


def test_banner_reads_in_finnish(client, mikko, village):
    client.post(ACT_FOR, {"subject": village["demo-ella"].pk})
    page = client.get(reverse("portal:my_page").replace("/en/", "/fi/", 1)).content.decode()
    assert "Asioit henkilön Ella Korhonen" in page
    assert "Palaa asioimaan omana itsenäsi" in page


def test_someone_he_has_no_relation_to_is_refused_and_the_refusal_audited(client, mikko):
    stranger = make_person("Vieras", "Lapsi")
    response = client.post(ACT_FOR, {"subject": stranger.pk})
    assert response.status_code == 400
    assert "You cannot act for this person now" in response.content.decode()
    assert "You are acting for" not in client.get(MY_PAGE).content.decode()
    event = AuditEvent.objects.filter(action=AuditAction.ACT_FOR).get()
    assert (event.outcome, event.subject_person_id) == (Outcome.DENIED, stranger.pk)


def test_switching_back_drops_the_banner(client, mikko, village):
    client.post(ACT_FOR, {"subject": village["demo-ella"].pk})
    client.post(reverse("proxy:switch_back"))
    page = client.get(MY_PAGE).content.decode()
    assert "You are acting for" not in page
    assert "You are acting as yourself again." in page


def test_an_ended_relation_drops_the_state_at_the_next_request(client, mikko, village):
    ella = village["demo-ella"]
    client.post(ACT_FOR, {"subject": ella.pk})
    RegisteredGuardianship.objects.filter(child=ella).update(ended_at=timezone.now())
    page = client.get(MY_PAGE).content.decode()
    assert "You are acting for" not in page
    assert "You can no longer act for this person" in page
    assert "You are acting for" not in client.get(MY_PAGE).content.decode()


def test_logging_out_drops_the_state(client, eid, mikko, village):
    client.post(ACT_FOR, {"subject": village["demo-ella"].pk})
    client.post(reverse("identity:logout"))
    eid.log_in(client, "demo-mikko")
    assert "You are acting for" not in client.get(MY_PAGE).content.decode()


def test_helena_acts_for_her_mother_under_the_power_of_attorney(client, eid, village):
    eid.log_in(client, "demo-helena")
    page = client.get(ACT_FOR).content.decode()
    assert "Elsa Nieminen" in page and "under a power of attorney" in page
    assert "Valid until" in page


def test_my_page_offers_each_child_as_one_button_right_after_login(client, mikko, village):
    page = client.get(MY_PAGE).content.decode()
    assert f"Act for {ella_label(village)}" in page
    assert "Act for Leo Korhonen" in page
    ella = village["demo-ella"]
    assert f'name="subject" value="{ella.pk}"' in page
    client.post(ACT_FOR, {"subject": ella.pk})
    acting = client.get(MY_PAGE).content.decode()
    assert "Act for Leo Korhonen" not in acting  # while acting, the banner says whom for
