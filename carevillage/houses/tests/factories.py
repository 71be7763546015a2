"""Small builders for a village: a home, houses and articles, live and indexed."""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail.search import index

from carevillage.houses.models import ArticlePage, ArticleSource, HousePage, VillageHomePage

LANGUAGES = ["en", "fi", "sv", "nb"]


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    index.insert_or_update_object(page.specific)
    return page


def locale(code: str) -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def translate(page: Page, code: str, *, live: bool = True, **fields) -> Page:  # noqa: ANN003
    copy = page.copy_for_translation(locale(code))
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return _publish(copy) if live else copy


def make_village(*, languages: tuple[str, ...] = ("fi", "sv", "nb")) -> VillageHomePage:
    home = Page.get_first_root_node().add_child(
        instance=VillageHomePage(title="Test village", slug="village", locale=locale("en"))
    )
    _publish(home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    for code in languages:
        translate(home, code, title=f"Test village {code}")
    return home


def make_house(
    home: VillageHomePage, *, slug: str, title: str, translations: dict[str, str] | None = None
) -> HousePage:
    house = home.add_child(instance=HousePage(title=title, slug=slug, theme="heart", intro="Intro"))
    _publish(house)
    for code, translated_title in (translations or {}).items():
        translate(house, code, title=translated_title)
    return house


def make_article(
    house: HousePage,
    *,
    slug: str,
    title: str,
    body: str = "<p>Body.</p>",
    summary: str = "Summary.",
    live: bool = True,
    last_reviewed: datetime.date | None = None,
    translations: dict[str, tuple[str, str]] | None = None,
) -> ArticlePage:
    """An article; `translations` maps a language to (title, body) of its translation."""
    last = last_reviewed or timezone.localdate() - datetime.timedelta(days=30)
    article = ArticlePage(
        title=title,
        slug=slug,
        summary=summary,
        body=body,
        audience="adults",
        medical_reviewer="Dr. Test Reviewer",
        reviewer_organization="Test Hospital",
        last_reviewed=last,
        next_review_due=last + datetime.timedelta(days=365),
        live=live,
    )
    article.sources = [ArticleSource(title="Test guideline", publisher="Test Society")]
    house.add_child(instance=article)
    if live:
        _publish(article)
    else:
        article.save_revision()
    for code, (translated_title, translated_body) in (translations or {}).items():
        house_translation = house.get_translation(locale(code))
        assert house_translation is not None
        translate(article, code, title=translated_title, body=translated_body)
    return article
