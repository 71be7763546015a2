"""The powers-of-attorney pages: a person gives one, changes it and ends it; the holder
gives it up; a youth sees what his guardians can see. Bad input changes nothing and
says what to fix, in the page's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from carevillage.audit.actions import AuditAction
from carevillage.audit.models import AuditEvent, Outcome
from carevillage.proxy.models import PowerOfAttorney, Scope
from carevillage.proxy.tests.factories import act_for, log_in
from carevillage.records.models import Document

pytestmark = pytest.mark.django_db

POWERS = reverse("proxy:powers")
GIVE = reverse("proxy:give_power")


def next_year() -> str:
    return (timezone.localdate() + dt.timedelta(days=365)).isoformat()


def test_elsa_sees_the_power_she_gave_and_helena_the_one_she_holds(client, demo_village):
    log_in(client, demo_village["demo-elsa"])
    page = client.get(POWERS).content.decode()
    assert "Given by you" in page and "Helena Nieminen" in page
    assert "Messages, Appointments" in page
    client.logout()
    log_in(client, demo_village["demo-helena"])
    page = client.get(POWERS).content.decode()
    assert "Given to you" in page and "Elsa Nieminen" in page
    assert "You have not given anyone a power of attorney." in page


def test_a_bad_form_changes_nothing_and_says_what_to_fix_in_finnish(client, demo_village):
    log_in(client, demo_village["demo-aino"])
    response = client.post(
        GIVE.replace("/en/", "/fi/", 1),
        {"holder": "123", "valid_until": next_year()},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tarkista henkilötunnus" in page
    assert "Valitse vähintään yksi" in page
    response = client.post(
        GIVE, {"holder": demo_village["demo-mikko"].national_id, "valid_until": ""}
    )
    assert "Enter the end date." in response.content.decode()
    assert not PowerOfAttorney.objects.filter(giver=demo_village["demo-aino"]).exists()


def test_aino_gives_changes_and_ends_a_power_of_attorney(client, demo_village):
    aino, mikko = demo_village["demo-aino"], demo_village["demo-mikko"]
    log_in(client, aino)
    response = client.post(
        GIVE,
        {
            "holder": mikko.national_id,
            "scopes": [Scope.MESSAGES, Scope.APPOINTMENTS],
            "valid_until": next_year(),
        },
        follow=True,
    )
    assert "Mikko Korhonen can now act for you in the areas you chose." in (
        response.content.decode()
    )
    power = PowerOfAttorney.objects.get(giver=aino)
    assert (power.holder, power.scopes) == (mikko, ["messages", "appointments"])

    change = reverse("proxy:change_power", args=[power.pk])
    assert 'value="messages" id="scope-messages" checked' in client.get(change).content.decode()
    client.post(change, {"scopes": [Scope.RECORDS], "valid_until": next_year()})
    power.refresh_from_db()
    assert power.scopes == ["records"]

    end = reverse("proxy:end_power", args=[power.pk])
    assert "can no longer act for you once you end it" in client.get(end).content.decode()
    done = client.post(end, follow=True).content.decode()
    assert "The power of attorney has ended." in done
    power.refresh_from_db()
    assert power.ended_at is not None
    actions = list(
        AuditEvent.objects.filter(resource_type="power_of_attorney", resource_id=str(power.pk))
        .order_by("id")
        .values_list("action", "outcome")
    )
    assert actions == [
        (AuditAction.GRANT_POWER_OF_ATTORNEY, Outcome.ALLOWED),
        (AuditAction.CHANGE_POWER_OF_ATTORNEY, Outcome.ALLOWED),
        (AuditAction.END_POWER_OF_ATTORNEY, Outcome.ALLOWED),
    ]


def test_elsa_widens_helenas_power_and_helena_then_reads_her_record(client, demo_village):
    elsa, helena = demo_village["demo-elsa"], demo_village["demo-helena"]
    power = PowerOfAttorney.objects.get(giver=elsa, holder=helena)
    document = Document.objects.filter(person=elsa).first()
    assert document is not None
    url = reverse("records:document", args=[document.pk])
    act_for(client, helena, elsa)
    assert client.get(url).status_code == 404
    client.logout()

    log_in(client, elsa)
    client.post(
        reverse("proxy:change_power", args=[power.pk]),
        {
            "scopes": [Scope.APPOINTMENTS, Scope.MESSAGES, Scope.RECORDS],
            "valid_until": next_year(),
        },
    )
    client.logout()
    act_for(client, helena, elsa)
    assert client.get(url).status_code == 200


def test_helena_gives_up_her_side_and_can_no_longer_act_for_elsa(client, demo_village):
    elsa, helena = demo_village["demo-elsa"], demo_village["demo-helena"]
    power = PowerOfAttorney.objects.get(giver=elsa, holder=helena)
    log_in(client, helena)
    end = reverse("proxy:end_power", args=[power.pk])
    assert "You can no longer act for Elsa Nieminen" in client.get(end).content.decode()
    client.post(end)
    assert "Elsa Nieminen" not in client.get(reverse("proxy:act_for")).content.decode()


def test_someone_elses_power_is_404_and_the_attempt_is_in_the_givers_trail(client, demo_village):
    elsa = demo_village["demo-elsa"]
    power = PowerOfAttorney.objects.get(giver=elsa)
    log_in(client, demo_village["demo-aino"])
    assert client.get(reverse("proxy:change_power", args=[power.pk])).status_code == 404
    assert client.post(reverse("proxy:end_power", args=[power.pk])).status_code == 404
    power.refresh_from_db()
    assert power.ended_at is None
    denied = AuditEvent.objects.filter(
        resource_type="power_of_attorney",
        resource_id=str(power.pk),
        outcome=Outcome.DENIED,
        subject_person_id=elsa.pk,
    )
    assert denied.count() == 2


def test_leo_sees_what_his_father_can_see(client, demo_village):
    log_in(client, demo_village["demo-leo"])
    page = client.get(POWERS).content.decode()
    assert "What your guardians can see" in page
    assert "Mikko Korhonen" in page
    can_see = page.split("Can see:")[1].split("</p>")[0]
    cannot_see = page.split("Cannot see:")[1].split("</p>")[0]
    assert "vaccinations" in can_see and "documents of the health record" not in can_see
    assert "documents of the health record" in cannot_see


def test_while_acting_the_page_says_the_powers_are_each_persons_own(client, demo_village):
    act_for(client, demo_village["demo-mikko"], demo_village["demo-ella"])
    page = client.get(POWERS).content.decode()
    assert "Only each person can give, change or end their own powers of attorney" in page
    assert client.post(GIVE, {"holder": "x"}).status_code == 200
    assert not PowerOfAttorney.objects.filter(giver=demo_village["demo-ella"]).exists()


def test_leo_sees_which_of_his_results_his_parents_cannot_see(client, demo_village):
    leo = demo_village["demo-leo"]
    log_in(client, leo)
    results = client.get(reverse("records:results")).content.decode()
    assert "Hemoglobin [Mass/volume] in Blood" in results
    assert results.count("Not shown to your parents") == 1
    vaccinations = client.get(reverse("records:vaccination_card")).content.decode()
    assert "Papillomavirus" in vaccinations
    assert "Not shown to your parents" not in vaccinations
