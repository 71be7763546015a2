"""Small builders for a village: a home, houses and articles, live and indexed."""

from __future__ import annotations

import datetime

from django.utils import timezone
from wagtail.models import Locale, Page, Site
from wagtail.search import index

from carevillage.houses import services
from carevillage.houses.models import ArticlePage, ArticleSource, HousePage, VillageHomePage
from carevillage.identity.models import User
from carevillage.testing.staff import make_user

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


def reviewer(
    username: str = "doctor.test", *, name: tuple[str, str] = ("Test", "Reviewer")
) -> User:
    """A member of "Medical reviewers" (created once per test)."""
    from django.contrib.auth.models import Group

    user = User.objects.filter(username=username).first() or make_user(
        username, first_name=name[0], last_name=name[1]
    )
    user.groups.add(Group.objects.get(name=services.REVIEWERS_GROUP))
    return user


def editor(username: str = "editor.test") -> User:
    from django.contrib.auth.models import Group

    user = User.objects.filter(username=username).first() or make_user(username)
    user.groups.add(Group.objects.get(name=services.EDITORS_GROUP))
    return user


def approve(
    article: ArticlePage, *, by: User | None = None, at: datetime.datetime | None = None
) -> ArticlePage:
    """Through the real workflow: an editor submits, a medical reviewer approves."""
    services.submit_for_review(actor=editor(), article=article)
    services.review(actor=by or reviewer(), article=article, approve=True, reviewed_at=at)
    article.refresh_from_db()
    index.insert_or_update_object(article.specific)
    return article


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
    """An article; `translations` maps a language to (title, body) of its translation.

    A live article is approved by a medical reviewer through the workflow, on
    `last_reviewed` (30 days ago unless given).
    """
    last = last_reviewed or timezone.localdate() - datetime.timedelta(days=30)
    article = ArticlePage(
        title=title,
        slug=slug,
        summary=summary,
        body=body,
        audience="adults",
        live=False,
    )
    article.sources = [ArticleSource(title="Test guideline", publisher="Test Society")]
    house.add_child(instance=article)
    article.save_revision()
    if live:
        approve(
            article,
            at=timezone.make_aware(datetime.datetime.combine(last, datetime.time(10))),
        )
    for code, (translated_title, translated_body) in (translations or {}).items():
        house_translation = house.get_translation(locale(code))
        assert house_translation is not None
        translate(article, code, title=translated_title, body=translated_body)
    return article
