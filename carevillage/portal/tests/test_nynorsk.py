"""Nynorsk (nn): the interface in nynorsk, the content in bokmål with a notice saying so."""

from __future__ import annotations

import re

import pytest

from carevillage.houses.demo import seed_demo as seed_houses
from carevillage.questionnaires.demo import seed_demo as seed_questionnaires

pytestmark = pytest.mark.django_db

NOTICE = "Dette er enno ikkje skrive på norsk (nynorsk). Det blir vist på norsk (bokmål)."


def test_nynorsk_home_page_has_nynorsk_chrome_and_the_bokmal_content_with_a_notice(client):
    seed_houses()

    response = client.get("/nn/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="nn">' in page
    # The chrome: skip link, house menu and search in nynorsk, not bokmål.
    assert "Hopp til hovudinnhaldet" in page and "Hopp til hovedinnholdet" not in page
    assert "Vel hus" in page and "Velg hus" not in page
    assert "Søk i helseinformasjon" in page
    # The content: the bokmål village home, marked as bokmål.
    assert NOTICE in page
    assert '<h1 lang="nb">Helselandsbyen</h1>' in page
    assert "Kvalitetssikret helseinformasjon i temahus." in page


def test_bokmal_home_page_has_no_notice(client):
    seed_houses()

    page = client.get("/nb/").content.decode()

    assert '<html lang="nb">' in page and "Hopp til hovedinnholdet" in page
    assert "content-language-notice" not in page


def test_language_switcher_offers_nynorsk_and_keeps_the_page(client):
    seed_houses()

    bokmal = client.get("/nb/heart/").content.decode()
    link = re.search(r'<a href="([^"]+)" hreflang="nn" lang="nn"[^>]*>Norsk nynorsk</a>', bokmal)
    assert link is not None, "no nynorsk link in the language switcher"
    assert link.group(1) == "/nn/heart/"

    nynorsk = client.get(link.group(1))
    assert nynorsk.status_code == 200
    page = nynorsk.content.decode()
    assert '<html lang="nn">' in page
    assert '<h1 lang="nb">Hjertehuset</h1>' in page and NOTICE in page
    # The nynorsk page's own links stay in nynorsk.
    assert 'href="/nn/heart/' in page and 'aria-current="true">Norsk nynorsk</a>' in page


def test_nynorsk_search_finds_bokmal_articles_with_the_norwegian_stemmer(client):
    seed_houses()

    page = client.get("/nn/search/", {"q": "astma"}).content.decode()

    assert "Astmamedisiner" in page
    assert "Søk i helseinformasjonen til landsbyen" in page


def test_nynorsk_self_test_is_shown_in_bokmal_with_the_notice(client):
    seed_questionnaires()

    page = client.get("/nn/self-tests/phq-9/").content.decode()

    assert NOTICE in page
    assert '<div lang="nb">' in page and "Lite interesse for eller glede" in page
