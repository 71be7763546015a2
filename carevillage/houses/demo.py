"""DEMO: the village home, eight houses and their articles, each in fi, sv, nb and en. Idempotent."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Locale, Page, Site
from wagtail.search import index

from .demo_content import ARTICLES, HOME, HOUSES
from .models import ArticlePage, ArticleSource, HousePage, VillageHomePage
from .services import REVIEWERS_GROUP
from .tasks import schedule_next_publishing_run, schedule_next_review_check

LANGUAGES = ["en", "fi", "sv", "nb"]
DEMO_NOTICE = {
    "en": "Demo content written for the CareVillage demo. It is not medical advice.",
    "fi": "Terveyskylä-demon esimerkkisisältöä. Tämä ei ole lääketieteellinen neuvo.",
    "sv": "Exempelinnehåll för demon av Hälsobyn. Det är inte medicinska råd.",
    "nb": "Eksempelinnhold for demoen av Helselandsbyen. Det er ikke medisinske råd.",
}
REVIEWER = ("Dr. Demo Reviewer (invented)", "Demo Hospital District")
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


def _translate(page: Page, locale: Locale, **fields) -> Page:  # noqa: ANN003
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
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


def _demo_reviewer() -> None:
    """DEMO: Dr. Juha (doctor.juha) is the village's medical reviewer."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    juha = get_user_model().objects.filter(username="doctor.juha").first()
    if juha is not None:
        juha.groups.add(Group.objects.get(name=REVIEWERS_GROUP))


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
        from carevillage.directory.demo import seed_demo as seed_directory

        result = {**_seed(), **seed_directory()}
        _demo_reviewer()
        schedule_next_review_check()
        schedule_next_publishing_run()
        return result
    finally:
        wagtail_log.setLevel(level)


def _seed() -> dict[str, int]:
    with transaction.atomic():
        locales = _locales()
        home = _home(locales)
        created = 0
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
                if article is None:
                    article = _new_article(house, index, article_slug, audience, versions["en"])
                    created += 1
                # A language version added to the demo later reaches an existing village too;
                # an existing version (perhaps edited since) is left alone.
                for code, (title, summary, paragraphs) in versions.items():
                    if code == "en" or article.get_translation_or_none(locales[code]):
                        continue
                    _translate(
                        article,
                        locales[code],
                        title=title,
                        summary=summary,
                        body=_paragraphs(code, paragraphs),
                    )
                    created += 1
        return {"articles_created": created}


def _new_article(
    house: HousePage,
    index: int,
    slug: str,
    audience: str,
    english: tuple[str, str, list[str]],
) -> ArticlePage:
    title, summary, paragraphs = english
    today = timezone.localdate()
    # DEMO: one article per house is overdue, so the "review overdue" mark shows.
    last = today - datetime.timedelta(days=400 if index == 2 else 60 + 30 * index)
    article = ArticlePage(
        title=title,
        slug=slug,
        summary=summary,
        body=_paragraphs("en", paragraphs),
        audience=audience,
        medical_reviewer=REVIEWER[0],
        reviewer_organization=REVIEWER[1],
        last_reviewed=last,
        next_review_due=last + datetime.timedelta(days=365),
    )
    article.sources = [
        ArticleSource(title=t, publisher=p, url=u, sort_order=i)
        for i, (t, p, u) in enumerate(SOURCES)
    ]
    house.add_child(instance=article)
    _publish(article)
    return article
