"""Questionnaires, their immutable published versions, responses and anonymous counts."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from carevillage.portal import languages


class Kind(models.TextChoices):
    SELF_TEST = "self_test", _("Self-test")
    QUIZ = "quiz", _("Health quiz")
    CLINICAL = "clinical", _("Clinical questionnaire")


class Questionnaire(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    # {language code: title}; filled from the published definition's title and translations.
    titles = models.JSONField(_("titles"), default=dict)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SELF_TEST)
    house_theme = models.CharField(
        _("house"),
        max_length=32,
        blank=True,
        help_text=_("The theme of the house that offers this self-test, e.g. mental_health."),
    )
    is_public = models.BooleanField(
        _("listed as a public self-test"),
        default=False,
        help_text=_("Anyone can take it without logging in; only anonymous counts are kept."),
    )
    # The editor's working copy (FHIR JSON) before it is published as a version.
    draft_definition = models.JSONField(_("draft definition"), null=True, blank=True)
    # Who prepared the draft: the second clinician who approves it must be someone else.
    draft_prepared_by = models.ForeignKey(
        "identity.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("draft prepared by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.title("en") or self.slug

    def title(self, language: str) -> str:
        return self.titles.get(self.title_language(language), "") or self.slug

    def title_language(self, language: str) -> str:
        """The language the title is shown in: the visitor's, the content language read in
        its place (bokmål for nynorsk), else English."""
        for candidate in (language, languages.content_language(language)):
            if self.titles.get(candidate):
                return candidate
        return "en"

    def latest_version(self) -> QuestionnaireVersion | None:
        return self.versions.order_by("-number").first()


class ImmutableVersion(Exception):
    pass


class QuestionnaireVersion(models.Model):
    """One published version. Never changes: responses point at the text they answered."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField()
    definition = models.JSONField()  # a FHIR R4 Questionnaire, validated by engine.validate
    published_at = models.DateTimeField()
    # The second clinician who approved and published it; None for the seeded instruments.
    published_by = models.ForeignKey(
        "identity.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    prepared_by = models.ForeignKey(
        "identity.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["questionnaire", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="questionnaire_version_number_positive"
            ),
            # The second clinician is never the one who prepared the version.
            models.CheckConstraint(
                condition=Q(prepared_by__isnull=True)
                | Q(published_by__isnull=True)
                | ~Q(published_by=F("prepared_by")),
                name="questionnaire_version_approver_not_preparer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire.slug} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableVersion("a published questionnaire version cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN201
        raise ImmutableVersion("a published questionnaire version cannot be deleted")


class ResponseStatus(models.TextChoices):
    # FHIR QuestionnaireResponse.status codes.
    IN_PROGRESS = "in-progress", _("Draft")
    COMPLETED = "completed", _("Submitted")


class QuestionnaireResponse(models.Model):
    """A logged-in person's answers to one version: a draft until submitted."""

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses"
    )
    person = models.ForeignKey(
        "identity.Person", on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    status = models.CharField(max_length=20, choices=ResponseStatus.choices)
    answers = models.JSONField(default=dict)  # {linkId: [{"valueX": ...}]}
    page = models.PositiveIntegerField(default=0)  # where a draft resumes
    scores = models.JSONField(default=dict)
    band_code = models.CharField(max_length=40, blank=True)
    band = models.JSONField(null=True, blank=True)
    # Item-level flags, e.g. PHQ-9 item 9 above 0. The care-team alert issue reads these.
    flags = models.JSONField(default=list)
    has_critical_flag = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "version"],
                condition=Q(status="in-progress"),
                name="questionnaire_response_one_draft_per_version",
            ),
            models.CheckConstraint(
                condition=Q(status="in-progress", submitted_at__isnull=True)
                | Q(status="completed", submitted_at__isnull=False),
                name="questionnaire_response_submitted_when_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"response {self.pk} to {self.version}"


class AnonymousResultCount(models.Model):
    """How many anonymous self-tests ended in each band per ISO week. Nothing else."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="anonymous_counts"
    )
    band_code = models.CharField(max_length=40)
    iso_week = models.CharField(max_length=8)  # e.g. "2026-W47"
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "band_code", "iso_week"],
                name="anonymous_result_count_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id} {self.band_code} {self.iso_week}: {self.count}"
