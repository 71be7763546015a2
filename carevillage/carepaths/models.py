"""Digital care paths: program templates, enrollments and their tasks, alerts.

A *program* is the template an editor builds (modules, exercises, scheduled
questionnaires and measurement tasks). An *enrollment* is one person on one program,
run by one care team. Everything the person does in it hangs off the enrollment, which
is also how a professional reaches the person: through an enrollment run by their team.

Texts an editor writes are stored per language as `{"fi": "...", "en": "..."}` and read
with `in_language()`; the program's organization decides which languages it offers.
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from carevillage.portal.languages import content_language

FALLBACK_LANGUAGES = ("en", "fi", "sv", "nb")


def in_language(texts: dict | None, language: str | None) -> str:
    """The text in `language` (nynorsk reads bokmål), else English, else any language written."""
    if not texts:
        return ""
    for code in (language or "", content_language(language), *FALLBACK_LANGUAGES):
        if texts.get(code):
            return texts[code]
    return next((value for value in texts.values() if value), "")


def _valid_time_zone(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value})


# ---------------------------------------------------------------------------------------
# Program templates (edited in the admin)


class EnrollmentMode(models.TextChoices):
    REFERRAL = "referral", _("By referral only")
    OPEN = "open", _("Open for anyone to join")


class Program(models.Model):
    organization = models.ForeignKey(
        "tenants.Organization", on_delete=models.PROTECT, related_name="programs"
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.JSONField(_("title"), default=dict)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # The house the program is listed on (houses.HousePage.theme), blank for none.
    house_theme = models.CharField(_("house theme"), max_length=40, blank=True)
    enrollment_mode = models.CharField(
        _("enrollment"), max_length=16, choices=EnrollmentMode.choices
    )
    # Open self-care programs have no professional behind them until someone refers;
    # a self-enrollment is run by this team (who sees only what the policy allows).
    default_care_team = models.ForeignKey(
        "tenants.CareTeam",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("care team for self-enrollments"),
    )
    duration_days = models.PositiveIntegerField(_("length in days"))
    # Local time of day (the patient's zone) at which a task day's reminder goes out.
    reminder_time = models.TimeField(_("reminder time"), default="09:00")
    # Offered (referrals, self-enrollment, FHIR) only when a second clinician approved the
    # program as it is now: set by `programs.services.approve_program`, cleared by any change.
    is_published = models.BooleanField(_("published"), default=False)
    # Who made the latest change (the first clinician); the approver must be someone else.
    prepared_by = models.ForeignKey(
        "identity.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    approved_by = models.ForeignKey(
        "identity.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_days__gte=1), name="program_duration_positive"
            ),
            # The second clinician is never the one who made the change they approve.
            models.CheckConstraint(
                condition=Q(prepared_by__isnull=True)
                | Q(approved_by__isnull=True)
                | ~Q(approved_by=F("prepared_by")),
                name="program_approver_not_preparer",
            ),
        ]

    def __str__(self) -> str:
        return in_language(self.title, None) or self.slug

    def title_in(self, language: str) -> str:
        return in_language(self.title, language)


class UnlockRule(models.TextChoices):
    ON_DAY = "day", _("On a day after enrollment")
    AFTER_PREVIOUS = "previous", _("When the previous module is completed")


class Module(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveIntegerField(_("position"))
    title = models.JSONField(_("title"), default=dict)
    # Rich text (HTML from the admin's editor) per language.
    reading = models.JSONField(_("reading"), default=dict, blank=True)
    unlock_rule = models.CharField(
        _("unlocks"), max_length=16, choices=UnlockRule.choices, default=UnlockRule.ON_DAY
    )
    unlock_day = models.PositiveIntegerField(_("unlock day"), default=0)

    class Meta:
        ordering = ["program", "position"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(fields=["program", "position"], name="module_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.program.slug} #{self.position}"

    def title_in(self, language: str) -> str:
        return in_language(self.title, language)


class ExerciseKind(models.TextChoices):
    FREE_TEXT = "text", _("Free text")
    FORM = "form", _("Small form")


class Exercise(models.Model):
    """Homework in a module. A form exercise lists its fields as
    `[{"name": "situation", "label": {"en": "..."}}, ...]`; a free-text one has none."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="exercises")
    position = models.PositiveIntegerField(_("position"))
    prompt = models.JSONField(_("prompt"), default=dict)
    kind = models.CharField(_("kind"), max_length=8, choices=ExerciseKind.choices)
    fields = models.JSONField(_("form fields"), default=list, blank=True)

    class Meta:
        ordering = ["module", "position"]
        constraints = [
            models.UniqueConstraint(fields=["module", "position"], name="exercise_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.module} exercise {self.position}"


class Schedule(models.Model):
    """Days after enrollment on which a task falls: `first_day`, then every
    `every_days` up to and including `last_day` (no repeat when `every_days` is empty).
    A task is open for `window_days` days before it counts as overdue."""

    first_day = models.PositiveIntegerField(_("first day"), default=0)
    every_days = models.PositiveIntegerField(_("repeat every (days)"), null=True, blank=True)
    last_day = models.PositiveIntegerField(_("last day"), null=True, blank=True)
    window_days = models.PositiveIntegerField(_("days to complete"), default=3)

    class Meta:
        abstract = True

    def days(self, duration_days: int) -> list[int]:
        if not self.every_days:
            return [self.first_day] if self.first_day <= duration_days else []
        last = min(self.last_day if self.last_day is not None else duration_days, duration_days)
        return list(range(self.first_day, last + 1, self.every_days))


class ScheduledQuestionnaire(Schedule):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="scheduled_questionnaires"
    )
    questionnaire = models.ForeignKey(
        "questionnaires.Questionnaire", on_delete=models.PROTECT, related_name="+"
    )
    # Alerts for the care team: any critical item flag (PHQ-9 item 9 above 0) and/or a
    # result in one of these interpretation bands (comma-separated band codes).
    alert_on_critical_flag = models.BooleanField(_("alert on a critical answer"), default=True)
    alert_band_codes = models.CharField(_("alert on bands"), max_length=200, blank=True)

    class Meta:
        ordering = ["program", "first_day", "pk"]
        verbose_name = _("scheduled questionnaire")
        verbose_name_plural = _("scheduled questionnaires")
        constraints = [
            models.CheckConstraint(
                condition=Q(every_days__isnull=True) | Q(every_days__gte=1),
                name="scheduled_questionnaire_every_positive",
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=F("first_day")),
                name="scheduled_questionnaire_last_after_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.slug}: {self.questionnaire.slug}"

    def alert_bands(self) -> set[str]:
        return {code.strip() for code in self.alert_band_codes.split(",") if code.strip()}


class MeasurementKind(models.TextChoices):
    # Kinds only for now: values arrive with home measurements (the monitoring issue).
    BLOOD_PRESSURE = "blood-pressure", _("Blood pressure")
    WEIGHT = "weight", _("Weight")
    HEART_RATE = "heart-rate", _("Heart rate")
    BLOOD_GLUCOSE = "blood-glucose", _("Blood glucose")
    STEPS = "steps", _("Steps")
    SLEEP = "sleep", _("Sleep duration")


class MeasurementTask(Schedule):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="measurement_tasks")
    kind = models.CharField(_("measurement"), max_length=32, choices=MeasurementKind.choices)

    class Meta:
        ordering = ["program", "first_day", "pk"]
        verbose_name = _("measurement task")
        verbose_name_plural = _("measurement tasks")
        constraints = [
            models.CheckConstraint(
                condition=Q(every_days__isnull=True) | Q(every_days__gte=1),
                name="measurement_task_every_positive",
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=F("first_day")),
                name="measurement_task_last_after_first",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.slug}: {self.kind}"


# ---------------------------------------------------------------------------------------
# Enrollments


class EnrollmentStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    DECLINED = "declined", _("Declined")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")


OPEN_STATUSES = (EnrollmentStatus.INVITED, EnrollmentStatus.ACTIVE)
# Statuses in which the care team may read the person's data through the enrollment.
CARE_STATUSES = (
    EnrollmentStatus.ACTIVE,
    EnrollmentStatus.COMPLETED,
    EnrollmentStatus.DISCONTINUED,
)


class EnrollmentSource(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    SELF = "self", _("Joined by themselves")


class Enrollment(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrollments")
    person = models.ForeignKey(
        "identity.Person", on_delete=models.PROTECT, related_name="enrollments"
    )
    care_team = models.ForeignKey(
        "tenants.CareTeam", on_delete=models.PROTECT, related_name="enrollments"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_enrollments",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
    )
    source = models.CharField(max_length=16, choices=EnrollmentSource.choices)
    referral_message = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=EnrollmentStatus.choices)
    # The zone the schedule runs in: a weekly questionnaire stays at the same local time
    # of day across daylight-saving changes.
    time_zone = models.CharField(max_length=64, validators=[_valid_time_zone])
    invited_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    end_reason = models.TextField(blank=True)
    # Updated by every service the patient acts through; the dashboard sorts on it.
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # The latest primary questionnaire score and the one before it from the same
    # questionnaire, written in the submission's transaction, so the dashboard reads
    # scores and their trend without opening tasks or responses.
    latest_score = models.FloatField(null=True, blank=True)
    previous_score = models.FloatField(null=True, blank=True)
    latest_score_questionnaire = models.ForeignKey(
        "questionnaires.Questionnaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    latest_score_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "program"],
                condition=Q(status__in=["invited", "active"]),
                name="enrollment_one_open_per_program",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(started_at__isnull=False),
                name="enrollment_active_has_start",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["completed", "discontinued"])
                | Q(ended_at__isnull=False, started_at__isnull=False),
                name="enrollment_ended_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status="discontinued") | ~Q(end_reason=""),
                name="enrollment_discontinued_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(source="referral") | Q(referred_by__isnull=False),
                name="enrollment_referral_has_referrer",
            ),
        ]
        indexes = [
            models.Index(fields=["care_team", "status"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"enrollment {self.pk} ({self.program.slug}, {self.status})"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_active(self) -> bool:
        return self.status == EnrollmentStatus.ACTIVE

    @property
    def has_ended(self) -> bool:
        return self.status in (EnrollmentStatus.COMPLETED, EnrollmentStatus.DISCONTINUED)

    @property
    def score_direction(self) -> str:
        """ "up", "down" or "same" against the previous score, "" without one."""
        if self.latest_score is None or self.previous_score is None:
            return ""
        if self.latest_score > self.previous_score:
            return "up"
        return "down" if self.latest_score < self.previous_score else "same"


class TaskKind(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    MEASUREMENT = "measurement", _("Measurement")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    COMPLETED = "completed", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class EnrollmentTask(models.Model):
    """One dated occurrence of a scheduled questionnaire or measurement, written when the
    enrollment starts. Times are UTC instants computed from local days in the
    enrollment's zone."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(max_length=16, choices=TaskKind.choices)
    scheduled_questionnaire = models.ForeignKey(
        ScheduledQuestionnaire, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    measurement_task = models.ForeignKey(
        MeasurementTask, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    day = models.PositiveIntegerField()
    # Local midnight of the task's day, the reminder moment on that day, and the local
    # midnight that ends its window.
    available_at = models.DateTimeField()
    remind_at = models.DateTimeField()
    due_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    response = models.OneToOneField(
        "questionnaires.QuestionnaireResponse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollment_task",
    )
    # Copied from the response when a questionnaire task is done, so the dashboard can
    # show latest scores and their trend without opening every response.
    score = models.FloatField(null=True, blank=True)
    band_code = models.CharField(max_length=40, blank=True)
    # Set in the transaction that queues the reminder e-mail; never set twice.
    reminder_queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "scheduled_questionnaire", "day"],
                condition=Q(scheduled_questionnaire__isnull=False),
                name="task_one_questionnaire_per_day",
            ),
            models.UniqueConstraint(
                fields=["enrollment", "measurement_task", "day"],
                condition=Q(measurement_task__isnull=False),
                name="task_one_measurement_per_day",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="questionnaire",
                        scheduled_questionnaire__isnull=False,
                        measurement_task__isnull=True,
                    )
                    | Q(
                        kind="measurement",
                        measurement_task__isnull=False,
                        scheduled_questionnaire__isnull=True,
                    )
                ),
                name="task_kind_matches_source",
            ),
            models.CheckConstraint(
                condition=Q(available_at__lte=F("remind_at"), remind_at__lt=F("due_at")),
                name="task_times_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="task_completed_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "remind_at"]),
            models.Index(fields=["enrollment", "status", "due_at"]),
        ]

    def __str__(self) -> str:
        return f"task {self.pk} ({self.kind}, day {self.day})"


class ModuleCompletion(models.Model):
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="module_completions"
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "module"], name="module_completed_once"),
        ]

    def __str__(self) -> str:
        return f"module {self.module_id} done in enrollment {self.enrollment_id}"


class ExerciseAnswer(models.Model):
    """The patient's homework: `{"text": "..."}` for free text, `{field name: text}` for
    a form. Editable while the enrollment is active."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="exercise_answers"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "exercise"], name="exercise_answered_once"
            ),
        ]

    def __str__(self) -> str:
        return f"answer to exercise {self.exercise_id} in enrollment {self.enrollment_id}"


class AlertReason(models.TextChoices):
    CRITICAL_FLAG = "critical-flag", _("Critical answer")
    BAND = "band", _("Result band")
    # A home measurement crossed a threshold, or none came for too long (monitoring).
    MEASUREMENT = "measurement", _("Home measurement")


class Alert(models.Model):
    """Raised from a submitted questionnaire or a home measurement; open until a
    professional acknowledges it with a note."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="alerts")
    response = models.ForeignKey(
        "questionnaires.QuestionnaireResponse",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(max_length=16, choices=AlertReason.choices)
    # The flag code (e.g. "self-harm-thoughts"), the band code (e.g. "severe"), or the
    # measurement rule's key (e.g. "weight.weight.rise").
    code = models.CharField(max_length=60)
    # A measurement alert's finding, copied when raised: {"level": "red", "kind":
    # "rise", "names": {language: name}, "value": "2.3", "limit": "2", "unit": "kg",
    # "days": 3}.
    detail = models.JSONField(default=dict, blank=True)
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "reason", "code"], name="alert_once_per_finding"
            ),
            # Repeated readings do not flood the team: one open alert per rule.
            models.UniqueConstraint(
                fields=["enrollment", "code"],
                condition=Q(reason="measurement", acknowledged_at__isnull=True),
                name="alert_one_open_per_measurement_rule",
            ),
            models.CheckConstraint(
                condition=Q(reason="measurement") | Q(response__isnull=False),
                name="alert_answer_has_response",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | (Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False) & ~Q(note="")),
                name="alert_acknowledged_with_note",
            ),
        ]
        indexes = [models.Index(fields=["enrollment", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"alert {self.pk} ({self.reason} {self.code})"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None
