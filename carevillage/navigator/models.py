"""Symptom navigators, their immutable published versions, and assessments made with them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Navigator(models.Model):
    slug = models.SlugField(_("short name in the address"), max_length=64, unique=True)
    name = models.CharField(
        _("name in the admin"),
        max_length=200,
        help_text=_("Citizens see the title of the version."),
    )
    house_theme = models.CharField(
        _("house"),
        max_length=32,
        blank=True,
        help_text=_("The theme of the house that offers this navigator, e.g. chronic_pain."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("symptom navigator")
        verbose_name_plural = _("symptom navigators")

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class NavigatorVersion(models.Model):
    """One version of a navigator's graph. Only drafts change; published ones never do."""

    navigator = models.ForeignKey(
        Navigator, on_delete=models.PROTECT, related_name="versions", verbose_name=_("navigator")
    )
    number = models.PositiveIntegerField(_("version"))
    graph = models.JSONField(_("graph"))
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["navigator__name", "-number"]
        verbose_name = _("navigator version")
        verbose_name_plural = _("navigator versions")
        constraints = [
            models.UniqueConstraint(
                fields=["navigator", "number"], name="navigator_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["navigator"],
                condition=Q(status="published"),
                name="navigator_one_published_version",
            ),
            # The second clinician is never the author.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("author")),
                name="navigator_version_approver_not_author",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(approved_by__isnull=False) & Q(published_at__isnull=False)),
                name="navigator_version_published_is_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.navigator} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            stored = NavigatorVersion.objects.filter(pk=self.pk).values("status", "graph").first()
            if stored and stored["status"] != VersionStatus.DRAFT and stored["graph"] != self.graph:
                raise ValidationError(_("A published version cannot be changed."))
        super().save(*args, **kwargs)


class Level(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency")
    URGENT = "urgent", _("Urgent")
    SOON = "soon", _("Soon")
    SELF_CARE = "self_care", _("Self-care")


class Assessment(models.Model):
    """An anonymous count of one finished walk: which version, which disposition, which week.

    No answers, no session, no time of day: only what the weekly statistics need.
    """

    version = models.ForeignKey(
        NavigatorVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    disposition = models.CharField(max_length=64)
    level = models.CharField(max_length=16, choices=Level.choices)
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("anonymous assessment")
        verbose_name_plural = _("anonymous assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso_week__gte=1) & Q(iso_week__lte=53), name="assessment_iso_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.iso_year}-W{self.iso_week:02d} {self.level}"


class SavedAssessment(models.Model):
    """A logged-in patient's result, kept for their care team. Personal health data."""

    person = models.ForeignKey(
        "identity.Person", on_delete=models.PROTECT, related_name="saved_assessments"
    )
    version = models.ForeignKey(
        NavigatorVersion, on_delete=models.PROTECT, related_name="saved_assessments"
    )
    disposition = models.CharField(max_length=64)
    level = models.CharField(max_length=16, choices=Level.choices)
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=200)
    outcome_text = models.TextField()
    # [{"question": "...", "answer": "..."}, ...] in the language the patient used.
    answers = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("saved assessment")
        verbose_name_plural = _("saved assessments")

    def __str__(self) -> str:
        return f"{self.title} ({self.created_at:%Y-%m-%d})"
