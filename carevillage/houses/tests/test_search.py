"""Search: one box on every page, the user's language, compounds, ranking, snippets, paging."""

from __future__ import annotations

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


def test_hjerte_finds_hjertesvikt(client, village):
    titles = result_titles(client.get("/nb/search/", {"q": "hjerte"}))
    assert titles == ["Å leve med hjertesvikt"]


def test_search_covers_only_articles_in_the_users_language(client, village):
    assert result_titles(client.get("/en/search/", {"q": "astma"})) == []
    assert result_titles(client.get("/en/search/", {"q": "asthma"}))[0] == "Asthma medicines"


def test_results_show_the_house_and_a_snippet_with_the_match_highlighted(client, village):
    text = client.get("/nb/search/", {"q": "hjerte"}).content.decode()
    assert "Hjertehuset" in text
    assert "<mark>hjerte</mark>svikt" in text
    assert "1 result for" in text or "1 resultat" in text


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
