""" "Who has viewed my data", as the person reads it: one row per visit, the events behind
it, others first, own actions apart, refused citizens unnamed, the demo seed as the demo."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from carevillage.audit.models import AuditEvent
from carevillage.audit.services import Actor, demo_seeding, record_event
from carevillage.identity.models import Person
from carevillage.testing import login_citizen

pytestmark = pytest.mark.django_db

TRAIL = reverse("audit:my_trail")
JUHA = Actor(user_id=9001, label="Juha Laine", organization="Demo Hospital District")


@pytest.fixture
def aino(client, eid):
    login_citizen(client, "demo-aino")
    return Person.objects.get(oidc_subject="demo-aino")


def _same_minute() -> None:
    """Events of one visit share a minute; start well inside one."""
    if timezone.localtime().second >= 55:
        time.sleep(61 - timezone.localtime().second)


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in html else ""
    return re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)


def _juha_opens_the_program_page(aino: Person) -> None:
    record_event(
        actor=JUHA,
        action="view_enrollment",
        outcome="allow",
        subject_person_id=aino.pk,
        resource_type="enrollment",
        resource_id=1,
    )
    for task in (1, 2):
        record_event(
            actor=JUHA,
            action="view_enrollment_task",
            outcome="allow",
            subject_person_id=aino.pk,
            resource_type="enrollment_task",
            resource_id=task,
        )


def test_a_professional_opening_the_program_page_is_one_row_with_the_events_behind_it(client, aino):
    _same_minute()
    _juha_opens_the_program_page(aino)
    page = client.get(TRAIL)
    assert page.status_code == 200
    rows = [row for row in _rows(page.content.decode()) if "Juha Laine" in row]
    assert len(rows) == 1
    row = rows[0]
    assert "Demo Hospital District" in row
    assert "Viewed your care program" in row
    assert "<details>" in row and "3 recorded events" in row
    assert row.count("Viewed your care program tasks") == 2
    assert AuditEvent.objects.filter(actor_user_id=JUHA.user_id).count() == 3  # all kept


def test_others_are_shown_first_and_own_actions_in_their_own_tab(client, aino):
    _juha_opens_the_program_page(aino)
    others = client.get(TRAIL).content.decode()
    assert "Juha Laine" in others
    assert "Logged in with e-ID" not in others  # her own login is not someone else's access

    mine = client.get(TRAIL, {"scope": "mine"}).content.decode()
    assert "Logged in with e-ID" in mine
    assert "Juha Laine" not in "".join(_rows(mine))


def test_a_refused_citizen_is_not_named_but_a_refused_professional_is(client, aino):
    record_event(
        actor=Actor(user_id=9002, label="Olli Naapuri"),
        action="view_enrollment",
        outcome="deny",
        subject_person_id=aino.pk,
        resource_type="enrollment",
        resource_id=1,
    )
    record_event(
        actor=Actor(user_id=9003, label="Outi Outside", organization="Other District"),
        action="view_care_plan",
        outcome="deny",
        subject_person_id=aino.pk,
        resource_type="care_plan",
        resource_id=1,
    )
    page = client.get(TRAIL).content.decode()
    assert "Olli Naapuri" not in page
    citizen = next(row for row in _rows(page) if "Another logged-in person" in row)
    assert "Tried to open your care program and was refused" in citizen
    assert "Denied" in citizen
    professional = next(row for row in _rows(page) if "Outi Outside" in row)
    assert "Tried to open your care plan and was refused" in professional
    # The citizen cannot be picked by id in the "who" filter either.
    filtered = client.get(TRAIL, {"who": "9002"})
    assert filtered.status_code == 200
    assert "Olli Naapuri" not in filtered.content.decode()
    assert "Some filters could not be used" in filtered.content.decode()
    # The organization's copy keeps who it was.
    assert AuditEvent.objects.get(actor_user_id=9002).actor_label == "Olli Naapuri"


def test_the_demo_seed_is_never_shown_as_the_persons_own_doing(client, aino):
    with demo_seeding():
        record_event(
            actor=Actor(user_id=aino.user.pk, label=aino.full_name),
            action="accept_invitation",
            outcome="allow",
            subject_person_id=aino.pk,
            resource_type="enrollment",
            resource_id=1,
        )
    seeded = AuditEvent.objects.get(action="accept_invitation")
    assert seeded.actor_user_id is None and seeded.purpose == "demo"
    others = client.get(TRAIL).content.decode()
    row = next(row for row in _rows(others) if "Accepted the invitation" in row)
    assert "CareVillage demo" in row
    mine = client.get(TRAIL, {"scope": "mine"}).content.decode()
    assert "Accepted the invitation" not in mine


def test_filters_by_who_and_what(client, aino):
    _juha_opens_the_program_page(aino)
    record_event(
        actor=Actor(user_id=9004, label="Sanna Mäkinen", organization="Demo Hospital District"),
        action="view_thread",
        outcome="allow",
        subject_person_id=aino.pk,
        resource_type="message_thread",
        resource_id=1,
    )
    messages = client.get(TRAIL, {"what": "messages"}).content.decode()
    assert "Sanna Mäkinen" in "".join(_rows(messages))
    assert "Juha Laine" not in "".join(_rows(messages))

    juha = client.get(TRAIL, {"who": str(JUHA.user_id)}).content.decode()
    assert "Juha Laine" in "".join(_rows(juha))
    assert "Sanna Mäkinen" not in "".join(_rows(juha))

    recent = client.get(TRAIL, {"period": "7"}).content.decode()
    assert "Juha Laine" in "".join(_rows(recent)) and "Sanna Mäkinen" in "".join(_rows(recent))

    nonsense = client.get(TRAIL, {"period": "forever", "what": "everything"})
    assert nonsense.status_code == 200
    assert "Some filters could not be used" in nonsense.content.decode()


def test_the_trail_pages(client, aino):
    for visit in range(23):
        record_event(
            actor=JUHA,
            action="view_person",
            outcome="allow",
            subject_person_id=aino.pk,
            resource_type="person",
            resource_id=aino.pk,
            purpose=f"visit {visit}",
        )
    first = client.get(TRAIL).content.decode()
    assert len(_rows(first)) == 20
    assert "Page 1 of 2" in first
    second = client.get(TRAIL, {"page": "2"}).content.decode()
    assert len(_rows(second)) == 3


def test_my_page_shows_the_newest_entries_and_links_to_the_whole_trail(client, aino):
    _juha_opens_the_program_page(aino)
    page = client.get(reverse("portal:my_page")).content.decode()
    section = page.split('id="trail-heading"')[1]
    assert "Juha Laine" in section
    assert "Logged in with e-ID" in section  # under "Your own latest actions"
    assert TRAIL in section


def test_the_trail_reads_in_finnish(client, aino):
    record_event(
        actor=Actor(user_id=9002, label="Olli Naapuri"),
        action="view_enrollment",
        outcome="deny",
        subject_person_id=aino.pk,
        resource_type="enrollment",
        resource_id=1,
    )
    page = client.get(TRAIL.replace("/en/", "/fi/")).content.decode()
    assert "Kuka on katsonut tietojani" in page
    assert "Toinen kirjautunut henkilö" in page
    assert "Yritti avata hoito-ohjelmasi, mutta pääsy estettiin" in page
