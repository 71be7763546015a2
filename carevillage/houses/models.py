"""The village's reviewed patient information: the village home, houses and articles.

All three are Wagtail pages, so editing, revisions, scheduled publishing, the moderation
workflow and localization (one page tree per locale, linked by translation_key) are
Wagtail's own. An article is public only once it is live, i.e. approved by the medical
review workflow (see services.ensure_review_workflow).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index


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

    def get_context(self, request, *args, **kwargs):  # noqa: ANN001, ANN201
        from django.conf import settings

        from .selectors import language_versions

        context = super().get_context(request, *args, **kwargs)
        # Overrides the portal's path-based links: a translation may have another slug,
        # and a missing one leads to the "not in this language" page.
        context["language_links"] = language_versions(page=self, languages=settings.LANGUAGES)
        return context


class VillageHomePage(VillagePage):
    """The village home of one language: every house, the e-ID and staff entrances."""

    intro = models.TextField(_("intro"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["houses.HousePage"]
    template = "houses/village_home_page.html"

    class Meta:
        verbose_name = _("village home")

    def get_context(self, request, *args, **kwargs):  # noqa: ANN001, ANN201
        from .selectors import houses_of

        context = super().get_context(request, *args, **kwargs)
        context["houses"] = houses_of(home=self)
        return context


class HousePage(VillagePage):
    """A themed house: its intro and its articles (self-tests, navigators come later)."""

    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    intro = models.TextField(_("intro"))

    content_panels = [*Page.content_panels, FieldPanel("theme"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["houses.VillageHomePage"]
    subpage_types = ["houses.ArticlePage"]
    template = "houses/house_page.html"

    class Meta:
        verbose_name = _("house")

    def get_context(self, request, *args, **kwargs):  # noqa: ANN001, ANN201
        from django.utils import translation

        from carevillage.carepaths.patient_selectors import open_programs_for_house
        from carevillage.navigator.selectors import published_for_house
        from carevillage.questionnaires.selectors import self_tests_for_house

        from .selectors import articles_in_other_languages, articles_of

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = articles_of(house=self)
        context["other_language_articles"] = articles_in_other_languages(house=self)
        language = translation.get_language()
        context["self_tests"] = self_tests_for_house(house_theme=self.theme, language=language)
        context["navigators"] = published_for_house(house_theme=self.theme, language=language)
        context["open_programs"] = open_programs_for_house(
            house_theme=self.theme, language=language
        )
        return context


class ArticlePage(VillagePage):
    """Reviewed patient information: who reviewed it, when, when next, and on what sources."""

    summary = models.TextField(_("summary"))
    body = RichTextField(_("body"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE
    )
    medical_reviewer = models.CharField(_("medical reviewer"), max_length=200)
    reviewer_organization = models.CharField(_("reviewer's organization"), max_length=200)
    last_reviewed = models.DateField(_("last reviewed"))
    next_review_due = models.DateField(_("next review due"))
    # Set by the overdue-review task when it has told the editors; cleared by a new review.
    overdue_flagged_at = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("audience"),
        MultiFieldPanel(
            [
                FieldPanel("medical_reviewer"),
                FieldPanel("reviewer_organization"),
                FieldPanel("last_reviewed"),
                FieldPanel("next_review_due"),
            ],
            heading=_("Medical review"),
        ),
        InlinePanel("sources", label=_("Sources"), min_num=1),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        # Partial (prefix) matching, so a word finds its Nordic compounds:
        # "astma" finds "astmamedisiner", "hjerte" finds "hjertesvikt".
        index.AutocompleteField("summary"),
        index.AutocompleteField("body"),
    ]
    parent_page_types = ["houses.HousePage"]
    subpage_types: list[str] = []
    template = "houses/article_page.html"

    class Meta:
        verbose_name = _("article")
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__gt=F("last_reviewed")),
                name="article_next_review_after_last_review",
            )
        ]

    def review_overdue(self, today: datetime.date | None = None) -> bool:
        return self.next_review_due < (today or timezone.localdate())

    def get_context(self, request, *args, **kwargs):  # noqa: ANN001, ANN201
        context = super().get_context(request, *args, **kwargs)
        context["review_overdue"] = self.review_overdue()
        return context


class ArticleSource(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("address"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("publisher"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("source")
