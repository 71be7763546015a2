"""DEMO: the village home, eight houses and their articles, each in fi, sv, nb and en. Idempotent."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Page, Site
from wagtail.search import index

from carevillage import access
from carevillage.directory.demo import seed_demo as seed_directory

from . import services
from .demo_content import ARTICLES, HOME, HOUSES
from .models import ArticlePage, ArticleSource, HousePage, VillageHomePage
from .services import EDITORS_GROUP, REVIEWERS_GROUP
from .tasks import schedule_next_publishing_run, schedule_next_review_check

LANGUAGES = ["en", "fi", "sv", "nb"]
DEMO_NOTICE = {
    "en": "Demo content written for the CareVillage demo. It is not medical advice.",
    "fi": "Terveyskylä-demon esimerkkisisältöä. Tämä ei ole lääketieteellinen neuvo.",
    "sv": "Exempelinnehåll för demon av Hälsobyn. Det är inte medicinska råd.",
    "nb": "Eksempelinnhold for demoen av Helselandsbyen. Det er ikke medisinske råd.",
}
SOURCES = [
    (
        "Current Care Guidelines (Käypä hoito)",
        "Finnish Medical Society Duodecim",
        "https://www.kaypahoito.fi/",
    ),
    (
        "Health information for the public",
        "Norwegian Directorate of Health",
        "https://www.helsedirektoratet.no/",
    ),
]


def _publish(page: Page) -> None:
    page.save_revision().publish()
    # Index now, so search works at once; the worker will also run the queued index task.
    index.insert_or_update_object(page.specific)


def _locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}


def _translate(page: Page, locale: Locale, *, publish: bool = True, **fields: Any) -> Any:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    if publish:
        _publish(copy)
    return copy


def _home(locales: dict[str, Locale]) -> VillageHomePage:
    home = VillageHomePage.objects.filter(locale=locales["en"], depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        title, intro = HOME["en"]
        home = root.add_child(
            instance=VillageHomePage(title=title, slug="village", intro=intro, locale=locales["en"])
        )
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        old = site.root_page.specific
        site.root_page = home
        site.save()
        # Wagtail's "Welcome to your new Wagtail site!" placeholder goes.
        if type(old) is Page and not old.get_children().exists():
            old.delete()
    for code in LANGUAGES[1:]:
        title, intro = HOME[code]
        _translate(home, locales[code], title=title, intro=intro)
    return home


def _demo_people() -> tuple[Any, Any]:
    """DEMO: editor Emma writes the articles, Dr. Juha approves them as medical reviewer.

    Seeded on their own (without the demo identities), the houses bring an invented
    editor and reviewer without passwords, so the articles still go through the workflow.
    """
    users = get_user_model().objects
    editor = (
        users.filter(username="editor.emma").first()
        or users.get_or_create(
            username="demo.editor", defaults={"first_name": "Demo", "last_name": "Editor"}
        )[0]
    )
    reviewer = (
        users.filter(username="doctor.juha").first()
        or users.get_or_create(
            username="demo.reviewer", defaults={"first_name": "Demo", "last_name": "Reviewer"}
        )[0]
    )
    editor.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
    reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    return editor, reviewer


def _approve(article: ArticlePage, *, people: tuple[Any, Any], on: datetime.date) -> None:
    """DEMO: the article goes through the medical review workflow, approved on `on`."""
    editor, reviewer = people
    services.submit_for_review(actor=editor, article=article)
    reviewed_at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10)))
    services.review(actor=reviewer, article=article, approve=True, reviewed_at=reviewed_at)


def _paragraphs(language: str, paragraphs: list[str]) -> str:
    notice = f"<p><em>{escape(DEMO_NOTICE[language])}</em></p>"
    return notice + "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def seed_demo() -> dict[str, int]:
    """Create whatever is missing; leave editors' later changes alone."""
    # Wagtail logs every page action at INFO; the seed would print hundreds of lines.
    wagtail_log = logging.getLogger("wagtail")
    level = wagtail_log.level
    wagtail_log.setLevel(logging.WARNING)
    try:
        # The provider finder's demo directory comes with the village (one seed entry point).
        result = {**_seed(_demo_people()), **seed_directory()}
        _link_youth_chat()
        # Pages published before the search index existed get into it too.
        services.rebuild_search_index()
        schedule_next_review_check()
        schedule_next_publishing_run()
        return result
    finally:
        wagtail_log.setLevel(level)


YOUTH_CHAT = "school-nurse"  # messaging.demo's anonymous school-nurse chat


def _link_youth_chat() -> None:
    """DEMO: the youth house (every language) links to the school nurse's anonymous chat."""
    for house in HousePage.objects.filter(theme="youth", chat_service=""):
        house.chat_service = YOUTH_CHAT
        revision = house.save_revision()
        if house.live:
            revision.publish()


def _seed(people: tuple[Any, Any]) -> dict[str, int]:
    with access.atomic():
        locales = _locales()
        home = _home(locales)
        created = 0
        today = timezone.localdate()
        for slug, (theme, texts) in HOUSES.items():
            house = HousePage.objects.child_of(home).filter(slug=slug).first()
            if house is None:
                title, intro = texts["en"]
                house = home.add_child(
                    instance=HousePage(title=title, slug=slug, theme=theme, intro=intro)
                )
                _publish(house)
            for code in LANGUAGES[1:]:
                title, intro = texts[code]
                _translate(house, locales[code], title=title, intro=intro)
            for index, (article_slug, audience, versions) in enumerate(ARTICLES[slug]):
                article = ArticlePage.objects.child_of(house).filter(slug=article_slug).first()
                # DEMO: one article per house is overdue, so the "review overdue" mark shows.
                last = today - datetime.timedelta(days=400 if index == 2 else 60 + 30 * index)
                if article is None:
                    article = _new_article(
                        house, article_slug, audience, versions["en"], people=people, last=last
                    )
                    created += 1
                # A language version added to the demo later reaches an existing village too;
                # an existing version (perhaps edited since) is left alone.
                for code, (title, summary, paragraphs) in versions.items():
                    if code == "en" or article.get_translation_or_none(locales[code]):
                        continue
                    translated = _translate(
                        article,
                        locales[code],
                        publish=False,
                        title=title,
                        summary=summary,
                        body=_paragraphs(code, paragraphs),
                    )
                    _approve(translated, people=people, on=last)
                    created += 1
        return {"articles_created": created}


def _new_article(
    house: HousePage,
    slug: str,
    audience: str,
    english: tuple[str, str, list[str]],
    *,
    people: tuple[Any, Any],
    last: datetime.date,
) -> ArticlePage:
    title, summary, paragraphs = english
    article = ArticlePage(
        title=title,
        slug=slug,
        summary=summary,
        body=_paragraphs("en", paragraphs),
        audience=audience,
        live=False,
    )
    article.sources = [
        ArticleSource(title=t, publisher=p, url=u, sort_order=i)
        for i, (t, p, u) in enumerate(SOURCES)
    ]
    house.add_child(instance=article)
    _approve(article, people=people, on=last)
    return article
