"""Org admins set the opening hours of their own organization's anonymous chats."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from carevillage.messaging.models import ChatService
from carevillage.tenants.models import Role
from carevillage.tenants.tests.factories import make_care_team, make_organization, make_staff
from carevillage.testing.staff import log_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def harbour_team():
    return make_care_team(make_organization("Harbour Health District"), "Harbour school nurses")


@pytest.fixture
def hillside_chat():
    team = make_care_team(make_organization("Hillside Municipality"), "Hillside school nurses")
    return ChatService.objects.create(
        slug="hillside-school-nurse",
        title="Hillside school nurse chat",
        care_team=team,
        weekdays="01234",
        opens_at=dt.time(9, 0),
        closes_at=dt.time(15, 0),
    )


@pytest.fixture
def admin_client(client, harbour_team):
    admin = make_staff("admin.aapo", harbour_team.organization, role=Role.ORG_ADMIN)
    log_in_staff(client, admin)
    return client


def chat_form(team, **overrides) -> dict:  # noqa: ANN001
    data = {
        "title": "Harbour school nurse chat",
        "slug": "harbour-school-nurse",
        "care_team": team.pk,
        "weekdays": ["0", "2", "4"],
        "opens_at": "08:00",
        "closes_at": "12:30",
    }
    data.update(overrides)
    return data


def test_org_admin_sets_opening_days_and_hours_of_their_chat(admin_client, harbour_team):
    response = admin_client.post(reverse("chat_services:add"), chat_form(harbour_team))

    assert response.status_code == 302
    chat = ChatService.objects.get(slug="harbour-school-nurse")
    assert chat.weekdays == "024"
    assert (chat.opens_at, chat.closes_at) == (dt.time(8, 0), dt.time(12, 30))

    edit = admin_client.get(reverse("chat_services:edit", args=[chat.pk])).content.decode()
    assert 'type="checkbox" name="weekdays" value="2"' in edit
    assert "Wednesday" in edit
    admin_client.post(
        reverse("chat_services:edit", args=[chat.pk]),
        chat_form(harbour_team, weekdays=["5", "6"], opens_at="10:00", closes_at="14:00"),
    )
    chat.refresh_from_db()
    assert (chat.weekdays, chat.opens_at) == ("56", dt.time(10, 0))


def test_closing_time_not_after_opening_time_gets_a_clear_error_and_saves_nothing(
    admin_client, harbour_team
):
    for closes in ("08:00", "07:00"):
        response = admin_client.post(
            reverse("chat_services:add"), chat_form(harbour_team, closes_at=closes)
        )
        assert response.status_code == 200
        assert (
            "The chat must close after it opens: choose a closing time later than 08:00."
            in response.content.decode()
        )
    no_days = admin_client.post(reverse("chat_services:add"), chat_form(harbour_team, weekdays=[]))
    assert "Choose at least one day when the chat is open." in no_days.content.decode()
    assert not ChatService.objects.exists()


def test_org_admin_of_another_organization_can_neither_see_nor_edit_the_chat(
    admin_client, harbour_team, hillside_chat
):
    index = admin_client.get(reverse("chat_services:index"))
    assert index.status_code == 200
    assert "Hillside school nurse chat" not in index.content.decode()

    edit_url = reverse("chat_services:edit", args=[hillside_chat.pk])
    assert admin_client.get(edit_url).status_code == 404
    response = admin_client.post(
        edit_url, chat_form(hillside_chat.care_team, slug=hillside_chat.slug, opens_at="00:00")
    )
    assert response.status_code == 404
    assert (
        admin_client.post(reverse("chat_services:delete", args=[hillside_chat.pk])).status_code
        == 404
    )
    hillside_chat.refresh_from_db()
    assert hillside_chat.opens_at == dt.time(9, 0)

    # Nor can they move a chat of their own to the other organization's team.
    response = admin_client.post(
        reverse("chat_services:add"), chat_form(harbour_team, care_team=hillside_chat.care_team.pk)
    )
    assert "Select a valid choice" in response.content.decode()
    assert ChatService.objects.count() == 1


def test_a_professional_without_the_admin_role_cannot_open_the_screen(client, harbour_team):
    nurse = make_staff("nurse.noora", harbour_team.organization, care_teams=(harbour_team,))
    log_in_staff(client, nurse)
    response = client.get(reverse("chat_services:index"))
    assert response.status_code in (302, 403)
