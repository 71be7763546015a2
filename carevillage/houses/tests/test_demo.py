"""The demo village: eight houses, three articles each in en and a Nordic language, ~50 places."""

from __future__ import annotations

import pytest

from carevillage.directory.models import Provider
from carevillage.houses.demo import seed_demo
from carevillage.houses.models import ArticlePage, HousePage

pytestmark = pytest.mark.django_db


def test_demo_village_is_complete_and_seeding_twice_changes_nothing(client):
    seed_demo()
    counts = (HousePage.objects.count(), ArticlePage.objects.count(), Provider.objects.count())
    assert seed_demo() == {"articles_created": 0, "providers_created": 0}
    assert (
        HousePage.objects.count(),
        ArticlePage.objects.count(),
        Provider.objects.count(),
    ) == counts

    english_houses = HousePage.objects.filter(locale__language_code="en")
    assert english_houses.count() >= 8
    for house in english_houses:
        articles = ArticlePage.objects.child_of(house).live()
        assert articles.count() >= 3
        for article in articles:
            assert "Demo content" in article.body
            nordic = article.get_translations().filter(locale__language_code__in=["fi", "sv", "nb"])
            assert nordic.live().exists(), article.title
    assert 40 <= Provider.objects.count() <= 70
    text = client.get("/nb/search/", {"q": "astma"}).content.decode()
    assert "Astmamedisiner" in text
