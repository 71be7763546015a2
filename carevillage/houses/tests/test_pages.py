"""The village home, houses and articles as a citizen sees them, in four languages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from .factories import make_article, make_house, make_village

pytestmark = pytest.mark.django_db


@pytest.fixture
def village():
    home = make_village()
    heart = make_house(
        home,
        slug="heart",
        title="Heart house",
        translations={"fi": "Sydäntalo", "sv": "Hjärthuset", "nb": "Hjertehuset"},
    )
    failure = make_article(
        heart,
        slug="heart-failure",
        title="Living with heart failure",
        body="<p>Weigh yourself every morning.</p>",
        translations={"nb": ("Å leve med hjertesvikt", "<p>Vei deg hver morgen.</p>")},
    )
    return {"home": home, "heart": heart, "failure": failure}


def test_village_home_in_each_language_lists_its_houses_and_keeps_both_logins(client, village):
    for language, house in [("en", "Heart house"), ("fi", "Sydäntalo"), ("nb", "Hjertehuset")]:
        text = client.get(f"/{language}/").content.decode()
        translation.activate(language)
        assert f'<html lang="{language}">' in text
        assert house in text
        assert f'href="/{language}/heart/"' in text
        assert reverse("identity:login") in text
        assert reverse("identity:staff_login") in text
    assert "Log in with e-ID" in client.get("/en/").content.decode()


def test_choose_house_menu_is_on_pages_outside_the_houses_too(client, village):
    text = client.get("/sv/providers/").content.decode()
    assert "<summary>" in text
    assert 'href="/sv/heart/">Hjärthuset</a>' in text


def test_article_shows_reviewer_dates_sources_and_audience(client, village):
    text = client.get("/en/heart/heart-failure/").content.decode()
    assert '<h1 lang="en">Living with heart failure</h1>' in text
    assert "Weigh yourself every morning." in text
    # The reviewer who approved it in the workflow (the factory's), and when.
    assert "<dt>Reviewed by</dt><dd>Test Reviewer</dd>" in text
    review = village["failure"].reviews.get()
    assert f'datetime="{review.reviewed_on:%Y-%m-%d}"' in text
    assert f'datetime="{review.next_review_due:%Y-%m-%d}"' in text
    assert "Test guideline" in text and "Test Society" in text
    assert "Adults" in text
    assert "Review overdue" not in text


def test_language_links_and_hreflang_go_to_the_translation(client, village):
    text = client.get("/en/heart/heart-failure/").content.decode()
    assert '<link rel="alternate" hreflang="nb" href="/nb/heart/heart-failure/">' in text
    norwegian = client.get("/nb/heart/heart-failure/").content.decode()
    assert '<html lang="nb">' in norwegian
    assert '<h1 lang="nb">Å leve med hjertesvikt</h1>' in norwegian


def test_a_missing_translation_says_so_and_offers_the_languages_it_has(client, village):
    english = client.get("/en/heart/heart-failure/").content.decode()
    key = village["failure"].translation_key
    assert f'href="/fi/not-in-this-language/{key}/"' in english
    assert 'hreflang="fi" href="/fi/not-in-this-language' not in english.split("</head>")[0]
    assert client.get("/fi/heart/heart-failure/").status_code == 404
    response = client.get(f"/fi/not-in-this-language/{key}/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Living with heart failure" in text and 'href="/en/heart/heart-failure/"' in text
    assert "Å leve med hjertesvikt" in text and 'href="/nb/heart/heart-failure/"' in text


def test_an_unreviewed_draft_article_is_never_public(client, village):
    make_article(village["heart"], slug="draft", title="Unreviewed draft", live=False)
    assert client.get("/en/heart/draft/").status_code == 404
    assert "Unreviewed draft" not in client.get("/en/heart/").content.decode()


def test_an_article_past_its_review_date_is_marked(client, village):
    make_article(
        village["heart"],
        slug="old",
        title="Old advice",
        last_reviewed=timezone.localdate() - datetime.timedelta(days=400),
    )
    text = client.get("/en/heart/old/").content.decode()
    assert "Review overdue" in text


def test_anonymous_pages_are_cached_per_language_until_the_next_publish(client, village):
    assert client.get("/en/heart/heart-failure/")["X-Page-Cache"] == "miss"
    assert client.get("/en/heart/heart-failure/")["X-Page-Cache"] == "hit"
    assert client.get("/nb/heart/heart-failure/")["X-Page-Cache"] == "miss"
    failure = village["failure"]
    failure.title = "Heart failure in daily life"
    failure.save_revision().publish()
    response = client.get("/en/heart/heart-failure/")
    assert response["X-Page-Cache"] == "miss"
    assert "Heart failure in daily life" in response.content.decode()


def test_home_links_to_self_tests_the_provider_finder_and_the_chats(client, village):
    from carevillage.messaging.models import ChatService
    from carevillage.testing.factories import make_care_team, make_organization

    team = make_care_team(make_organization("Chat District"), "School nurses")
    ChatService.objects.create(
        slug="school-nurse",
        title="Chat with the school nurse",
        care_team=team,
        opens_at=datetime.time(8),
        closes_at=datetime.time(16),
    )
    text = client.get("/en/").content.decode()
    assert '<a href="/en/self-tests/">Self-tests and quizzes</a>' in text
    assert '<a href="/en/providers/">Find a care provider near you</a>' in text
    assert '<a href="/en/chat/school-nurse/">Chat with the school nurse</a>' in text


def test_a_house_links_to_its_anonymous_chat(client, village):
    from carevillage.messaging.models import ChatService
    from carevillage.testing.factories import make_care_team, make_organization

    ChatService.objects.create(
        slug="school-nurse",
        title="Chat with the school nurse",
        care_team=make_care_team(make_organization("Chat District"), "School nurses"),
        opens_at=datetime.time(8),
        closes_at=datetime.time(16),
    )
    youth = make_house(village["home"], slug="youth", title="Youth house")
    assert "/en/chat/school-nurse/" not in client.get("/en/youth/").content.decode()
    youth.chat_service = "school-nurse"
    youth.save_revision().publish()
    assert '<a href="/en/chat/school-nurse/">Chat with the school nurse</a>' in (
        client.get("/en/youth/").content.decode()
    )
