"""The village's reviewed patient information: the village home, houses and articles.

All three are Wagtail pages, so editing, revisions, scheduled publishing, the moderation
workflow and localization (one page tree per locale, linked by translation_key) are
Wagtail's own. An article is public only once it is live, i.e. approved by the medical
review workflow (see services.ensure_review_workflow); the approval itself is kept as an
`ArticleReview`, which is what the public "Reviewed by … / last reviewed" shows.

The search index (`SearchEntry`, `SearchWord`) is the houses app's too: it holds the
village's pages and what the other apps offer citizens (self-tests, navigators, open
programs, chats, providers), each in the language it is written in.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from carevillage.carepaths.programs.selectors import open_programs_for_house
from carevillage.messaging.selectors import chat_services
from carevillage.navigator.selectors import published_for_house
from carevillage.questionnaires.selectors import self_tests_for_house

from .translations import language_versions


class Theme(models.TextChoices):
    MENTAL_HEALTH = "mental_health", _("Mental health")
    HEART = "heart", _("Heart")
    ALLERGY_ASTHMA = "allergy_asthma", _("Allergy and asthma")
    CHRONIC_PAIN = "chronic_pain", _("Chronic pain")
    PREGNANCY_FAMILY = "pregnancy_family", _("Pregnancy and family")
    YOUTH = "youth", _("Youth health station")
    CANCER = "cancer", _("Cancer")
    SURGERY = "surgery", _("Surgery")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    ADULTS = "adults", _("Adults")
    PARENTS = "parents", _("Parents and families")
    YOUTH = "youth", _("Young people")
    OLDER = "older", _("Older people")
    PATIENTS = "patients", _("Patients and their relatives")


class VillagePage(Page):
    """What every village page shares: links to its language versions."""

    class Meta:
        abstract = True

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        # Overrides the portal's path-based links: a translation may have another slug,
        # and a missing one leads to the "not in this language" page.
        context["language_links"] = language_versions(page=self, languages=settings.LANGUAGES)
        return context


class VillageHomePage(VillagePage):
    """The village home of one language: every house, the e-ID and staff entrances."""

    intro: models.TextField[str, str] = models.TextField(_("intro"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["houses.HousePage"]
    template = "houses/village_home_page.html"

    class Meta:
        verbose_name = _("village home")

    def live_houses(self) -> models.QuerySet[HousePage]:
        return HousePage.objects.child_of(self).live().public().order_by("path")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["houses"] = self.live_houses()
        context["chat_services"] = chat_services()
        return context


class HousePage(VillagePage):
    """A themed house: its intro, its articles, and what the other apps offer in it."""

    theme: models.CharField[str, str] = models.CharField(
        _("theme"), max_length=32, choices=Theme.choices
    )
    intro: models.TextField[str, str] = models.TextField(_("intro"))
    chat_service: models.SlugField[str, str] = models.SlugField(
        _("anonymous chat"),
        max_length=50,
        blank=True,
        help_text=_(
            "The slug of an anonymous chat service this house links to, e.g. school-nurse."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("theme"),
        FieldPanel("intro"),
        FieldPanel("chat_service"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["houses.VillageHomePage"]
    subpage_types = ["houses.ArticlePage"]
    template = "houses/house_page.html"

    class Meta:
        verbose_name = _("house")

    def live_articles(self) -> models.QuerySet[ArticlePage]:
        return ArticlePage.objects.child_of(self).live().public().order_by("title")

    def articles_in_other_languages(self) -> list[ArticlePage]:
        """The house's live articles not yet written in its language, each once, in the first
        language it exists in (the site's default language first, then LANGUAGES order), so a
        visitor sees they exist and in which language, instead of not seeing them at all."""
        order = [settings.LANGUAGE_CODE] + [code for code, _name in settings.LANGUAGES]
        rank = {code: order.index(code) for code in order}
        here = set(ArticlePage.objects.child_of(self).values_list("translation_key", flat=True))
        other_houses = HousePage.objects.filter(translation_key=self.translation_key).exclude(
            pk=self.pk
        )
        chosen: dict[object, ArticlePage] = {}
        for house_version in other_houses.select_related("locale"):
            for article in (
                ArticlePage.objects.child_of(house_version)
                .live()
                .public()
                .exclude(translation_key__in=here)
                .select_related("locale")
            ):
                current = chosen.get(article.translation_key)
                code = article.locale.language_code
                if current is None or rank.get(code, len(order)) < rank.get(
                    current.locale.language_code, len(order)
                ):
                    chosen[article.translation_key] = article
        return sorted(chosen.values(), key=lambda article: article.title)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = self.live_articles()
        context["other_language_articles"] = self.articles_in_other_languages()
        language = translation.get_language()
        context["self_tests"] = self_tests_for_house(house_theme=self.theme, language=language)
        context["navigators"] = published_for_house(house_theme=self.theme, language=language)
        context["open_programs"] = open_programs_for_house(
            house_theme=self.theme, language=language
        )
        context["chat"] = next(
            (c for c in chat_services() if self.chat_service and c["slug"] == self.chat_service),
            None,
        )
        return context


REVIEW_INTERVALS = [(6, _("6 months")), (12, _("12 months")), (24, _("24 months"))]


class ArticlePage(VillagePage):
    """Reviewed patient information: its reviews (see ArticleReview) and its sources."""

    summary: models.TextField[str, str] = models.TextField(_("summary"))
    body = RichTextField(_("body"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    audience: models.CharField[str, str] = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE
    )
    review_interval_months: models.PositiveSmallIntegerField[int, int] = (
        models.PositiveSmallIntegerField(
            _("review again after"),
            choices=REVIEW_INTERVALS,
            default=12,
            help_text=_("The next medical review falls due this long after an approval."),
        )
    )
    # Set by the overdue-review task when it has told the editors; cleared by a new review.
    overdue_flagged_at: models.DateTimeField[datetime.datetime | None, datetime.datetime | None] = (
        models.DateTimeField(null=True, blank=True, editable=False)
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("audience"),
        FieldPanel("review_interval_months"),
        InlinePanel("sources", label=_("Sources"), min_num=1),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["houses.HousePage"]
    subpage_types: list[str] = []
    template = "houses/article_page.html"

    class Meta:
        verbose_name = _("article")

    def latest_review(self) -> ArticleReview | None:
        return self.reviews.order_by("-reviewed_at", "-pk").first()

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        review = self.latest_review()
        context["review"] = review
        context["review_overdue"] = review is None or review.overdue()
        context["house"] = self.get_parent().specific
        context["sources"] = list(self.sources.all())
        return context


class ArticleReview(models.Model):
    """One medical approval of an article, recorded when the reviewer approves it.

    What the public page says ("Reviewed by …, last reviewed …") comes from here, never
    from text an editor types. The reviewer's name and organization are kept as they were
    at the approval, so the statement does not change when an account is renamed.
    """

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="article_reviews",
    )
    reviewer_name = models.CharField(_("reviewer"), max_length=200)
    reviewer_organization = models.CharField(_("reviewer's organization"), max_length=200)
    reviewed_at = models.DateTimeField(_("reviewed at"))
    next_review_due = models.DateField(_("next review due"))
    # The approval in Wagtail's workflow; empty only for reviews migrated from the old
    # free-text fields (migration 0004), which the page marks as such.
    task_state = models.OneToOneField(
        "wagtailcore.TaskState", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("medical review")
        verbose_name_plural = _("medical reviews")
        indexes = [models.Index(fields=["article", "-reviewed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reviewer_name=""), name="article_review_has_reviewer_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_name} {self.reviewed_at:%Y-%m-%d}"

    @property
    def reviewed_on(self) -> datetime.date:
        return timezone.localdate(self.reviewed_at)

    @property
    def recorded_in_workflow(self) -> bool:
        return self.task_state_id is not None

    def overdue(self, today: datetime.date | None = None) -> bool:
        return self.next_review_due < (today or timezone.localdate())


class ArticleSource(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="sources")
    title: models.CharField[str, str] = models.CharField(_("title"), max_length=300)
    publisher: models.CharField[str, str] = models.CharField(
        _("publisher"), max_length=200, blank=True
    )
    url: models.URLField[str, str] = models.URLField(_("address"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("publisher"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("source")


# --- the search index ---------------------------------------------------------------------


class EntryKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    HOUSE = "house", _("House")
    SELF_TEST = "self_test", _("Self-test")
    NAVIGATOR = "navigator", _("Symptom navigator")
    PROGRAM = "program", _("Self-care program")
    CHAT = "chat", _("Anonymous chat")
    PROVIDER = "provider", _("Care provider")


class SearchEntry(models.Model):
    """One thing a citizen can find, in one language: its words, stems and address.

    `*_stems` hold the Snowball stems of each field, space separated with a space at both
    ends (see text.stems_of); `body` holds plain paragraphs separated by newlines, from
    which the result's snippet is cut.
    """

    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    # What the entry stands for, e.g. "page:42" or "self_test:phq-9".
    key = models.CharField(max_length=200)
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Where it belongs, shown under the title: a house's name, "Self-test", a city.
    context = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=500)
    title_stems = models.TextField(blank=True)
    summary_stems = models.TextField(blank=True)
    body_stems = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="search_entry_unique")
        ]
        indexes = [models.Index(fields=["language", "kind"])]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"


class SearchWord(models.Model):
    """A word that occurs in the index of a language: what "Did you mean …?" proposes."""

    language = models.CharField(max_length=8)
    word = models.CharField(max_length=100)
    # Its Snowball stem: a query word with the same stem is a known word, not a typo.
    stem = models.CharField(max_length=100)
    length = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="search_word_unique")
        ]
        indexes = [
            models.Index(fields=["language", "length"]),
            models.Index(fields=["language", "stem"]),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.word}"
