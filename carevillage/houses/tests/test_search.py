"""Search: one box on every page, the user's language, compounds, ranking, snippets, paging."""

from __future__ import annotations

import datetime
import re

import pytest

from .factories import make_article, make_house, make_village

pytestmark = pytest.mark.django_db


@pytest.fixture
def village():
    home = make_village()
    allergy = make_house(
        home, slug="allergy", title="Allergy house", translations={"nb": "Allergihuset"}
    )
    heart = make_house(home, slug="heart", title="Heart house", translations={"nb": "Hjertehuset"})
    make_article(
        allergy,
        slug="asthma-medicines",
        title="Asthma medicines",
        body="<p>Relievers and preventers for asthma.</p>",
        translations={
            "nb": (
                "Astmamedisiner",
                "<p>Astmamedisiner finnes i to slag. Bruk astmamedisiner som avtalt.</p>",
            )
        },
    )
    make_article(
        allergy,
        slug="pollen",
        title="Pollen allergy",
        body="<p>Hay fever can make asthma worse.</p>",
        translations={"nb": ("Pollenallergi", "<p>Pollen kan også forverre astma hos noen.</p>")},
    )
    make_article(
        heart,
        slug="heart-failure",
        title="Heart failure",
        body="<p>The heart pumps less well.</p>",
        translations={
            "nb": ("Å leve med hjertesvikt", "<p>Ved hjertesvikt pumper hjertet dårligere.</p>")
        },
    )
    make_article(
        heart,
        slug="blood-pressure",
        title="Blood pressure",
        body="<p>Measure at home.</p>",
        translations={"nb": ("Blodtrykk", "<p>Mål blodtrykket hjemme.</p>")},
    )
    return home


def result_titles(response) -> list[str]:  # noqa: ANN001
    return re.findall(r"<h3><a href=\"[^\"]+\">([^<]+)</a></h3>", response.content.decode())


def test_astma_finds_astmamedisiner_first(client, village):
    titles = result_titles(client.get("/nb/search/", {"q": "astma"}))
    assert titles[0] == "Astmamedisiner"
    assert "Pollenallergi" in titles
    assert "Blodtrykk" not in titles


def test_hjerte_finds_hjertesvikt_and_the_heart_house(client, village):
    titles = result_titles(client.get("/nb/search/", {"q": "hjerte"}))
    assert titles == ["Å leve med hjertesvikt", "Hjertehuset"]


def test_search_covers_only_articles_in_the_users_language(client, village):
    # "astma" is not an English word: English pages for "asthma" are offered instead.
    text = client.get("/en/search/", {"q": "astma"}).content.decode()
    assert "Astmamedisiner" not in text
    assert "Nothing was found for “astma”." in text
    assert result_titles(client.get("/en/search/", {"q": "asthma"}))[0] == "Asthma medicines"


def test_results_show_the_house_and_a_snippet_with_the_match_highlighted(client, village):
    text = client.get("/nb/search/", {"q": "hjerte"}).content.decode()
    assert "Hjertehuset" in text
    assert "Ved <mark>hjerte</mark>svikt pumper <mark>hjertet</mark> dårligere." in text
    assert "2 results for" in text or "2 resultat" in text


def test_search_escapes_the_query_and_the_text(client, village):
    text = client.get("/en/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in text


def test_no_results_suggest_houses_and_the_provider_finder(client, village):
    text = client.get("/en/search/", {"q": "zebra"}).content.decode()
    assert "0 results for" in text
    assert 'href="/en/heart/">Heart house</a>' in text
    assert 'href="/en/providers/"' in text


def test_a_too_long_query_gets_a_specific_error_and_no_search(client, village):
    response = client.get("/en/search/", {"q": "astma " * 50})
    text = response.content.decode()
    assert 'role="alert"' in text
    assert "at most 200 characters" in text
    assert result_titles(response) == []


def test_results_are_paged(client, village, monkeypatch):
    from carevillage.houses import views

    monkeypatch.setattr(views, "SEARCH_PAGE_SIZE", 1)
    first = client.get("/nb/search/", {"q": "astma"})
    second = client.get("/nb/search/", {"q": "astma", "page": 2})
    assert result_titles(first) == ["Astmamedisiner"]
    assert result_titles(second) == ["Pollenallergi"]
    assert "page=2" in first.content.decode()


def test_search_box_is_on_every_page(client, village):
    for url in ["/fi/", "/en/heart/", "/sv/providers/"]:
        text = client.get(url).content.decode()
        assert 'role="search"' in text
        assert 'name="q"' in text


def test_word_forms_and_compounds_of_each_language_are_found(client):
    home = make_village()
    house = make_house(
        home,
        slug="mind",
        title="Mind house",
        translations={"fi": "Mielitalo", "sv": "Sinnets hus", "nb": "Sinnets hus"},
    )
    make_article(
        house,
        slug="mood",
        title="Low mood",
        body="<p>If you are worried, talk to a nurse.</p>",
        translations={"fi": ("Alakulo", "<p>Masennuksen hoito auttaa.</p>")},
    )
    make_article(
        house,
        slug="asthma",
        title="Asthma at school",
        body="<p>Take the inhaler to school.</p>",
        translations={
            "fi": ("Astma koulussa", "<p>Lapsen astmalääke kulkee mukana.</p>"),
            "sv": ("Pollenallergi", "<p>Björkpollen ger besvär.</p>"),
            "nb": ("Pollenallergi", "<p>Bjørkepollen gir plager.</p>"),
        },
    )
    cases = [
        ("fi", "masennus", "Alakulo"),
        ("fi", "lapsi", "Astma koulussa"),
        ("en", "inhalers", "Asthma at school"),
        ("en", "worry", "Low mood"),
        ("sv", "allergi", "Pollenallergi"),
        ("nb", "allergi", "Pollenallergi"),
    ]
    found = {
        (language, query): result_titles(client.get(f"/{language}/search/", {"q": query}))[:1]
        for language, query, _title in cases
    }
    assert found == {(language, query): [title] for language, query, title in cases}


def test_a_typo_gets_did_you_mean_with_a_link_to_the_right_word(client, village):
    text = client.get("/en/search/", {"q": "asthmaa"}).content.decode()
    assert 'Did you mean <a href="?q=asthma">asthma</a>?' in text
    correct = client.get("/en/search/", {"q": "asthma"}).content.decode()
    assert "Did you mean" not in correct


def test_a_typo_that_finds_nothing_shows_the_suggestions_results(client, village):
    response = client.get("/en/search/", {"q": "presure"})
    text = response.content.decode()
    assert "Nothing was found for “presure”." in text
    assert "1 result for “pressure”" in text
    assert result_titles(response) == ["Blood pressure"]


def test_snippets_skip_boilerplate_and_keep_whole_words(client):
    house = make_house(make_village(), slug="heart", title="Heart house")
    filler = " ".join(["Everyday life with a long-term illness takes planning."] * 6)
    make_article(
        house,
        slug="palpitations",
        title="When the heart races",
        summary="A racing heart is usually harmless.",
        body=(
            "<p><em>Demo content written for the CareVillage demo. It is not medical "
            "advice.</em></p>"
            f"<p>{filler} Palpitations after coffee or exercise pass by themselves. {filler}</p>"
        ),
    )
    text = client.get("/en/search/", {"q": "palpitations"}).content.decode()
    snippet = re.search(r"</h3>\s*<p class=\"muted\">[^<]*</p>\s*<p>(.*?)</p>", text, re.S)
    assert snippet is not None
    shown = snippet.group(1)
    assert "Demo content" not in shown
    assert "<mark>Palpitations</mark> after coffee" in shown
    plain = re.sub(r"</?mark>", "", shown).strip("… ").strip()
    words = set(
        re.findall(r"\w+", filler + " Palpitations after coffee or exercise pass by themselves")
    )
    assert set(re.findall(r"\w+", plain)) <= words
    assert plain.split()[0] in words and plain.split()[-1].strip(".") in words


def test_an_unpublished_article_leaves_the_search(client, village):
    from carevillage.houses.models import ArticlePage

    ArticlePage.objects.get(title="Blodtrykk").unpublish()
    assert result_titles(client.get("/nb/search/", {"q": "blodtrykk"})) == []


def test_offers_of_other_apps_are_found_once_their_change_commits(
    client, village, django_capture_on_commit_callbacks
):
    from carevillage.messaging.models import ChatService
    from carevillage.testing.factories import make_care_team, make_organization

    team = make_care_team(make_organization("Chat District"), "Youth nurses")
    assert result_titles(client.get("/en/search/", {"q": "chat"})) == []
    with django_capture_on_commit_callbacks(execute=True):
        ChatService.objects.create(
            slug="youth-chat",
            title="Chat with a youth nurse",
            care_team=team,
            opens_at=datetime.time(8),
            closes_at=datetime.time(16),
        )
    response = client.get("/en/search/", {"q": "chat"})
    assert result_titles(response) == ["Chat with a youth nurse"]
    assert 'href="/en/chat/youth-chat/"' in response.content.decode()
