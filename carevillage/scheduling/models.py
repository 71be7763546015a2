"""Appointments: the kinds of visit a care team offers, when its professionals are free,
and the visits booked.

Free times are not stored: they are computed from the weekly rules, the one-off
exceptions and the bookings (`availability.free_times`). Every time is stored in UTC; a
rule's wall-clock hours are read in its own time zone (`zoneinfo`), so a rule "Mondays
8–12 in Europe/Helsinki" stays 8–12 across the change to and from summer time.

An appointment is personal data (who sees whom, when, for what kind of visit): read it
through `selectors`, write it through `services`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# The same weekdays as a provider's opening hours (Monday 0, as `date.weekday()`).
from carevillage.directory.models import Weekday

# The Norwegian and NHS norm: a visit can be cancelled online until 24 hours before it.
DEFAULT_CANCELLATION_CUTOFF_HOURS = 24
DEFAULT_TIME_ZONE = "Europe/Helsinki"


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Not a known time zone."), code="time_zone") from None


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class Booking(models.TextChoices):
    PATIENT_ONLINE = "patient_online", _("The patient books online")
    REQUEST_ONLY = "request_only", _("The patient sends a request")
    STAFF_ONLY = "staff_only", _("Only staff book")


class LanguageNames(models.Model):
    """A text per interface language, English as the fallback."""

    class Meta:
        abstract = True

    def _in_language(self, field: str) -> str:
        language = (translation.get_language() or "en")[:2]
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_en")


class AppointmentType(LanguageNames):
    care_team = models.ForeignKey(
        "tenants.CareTeam",
        on_delete=models.PROTECT,
        related_name="appointment_types",
        verbose_name=_("care team"),
    )
    code = models.SlugField(_("code"), max_length=64)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_fi = models.CharField(_("name in Finnish"), max_length=200, blank=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_nb = models.CharField(_("name in Norwegian Bokmål"), max_length=200, blank=True)
    name_nn = models.CharField(_("name in Norwegian Nynorsk"), max_length=200, blank=True)
    # What to bring and how to prepare, shown with the appointment (no one's health data).
    preparation_en = models.TextField(_("preparation in English"), blank=True)
    preparation_fi = models.TextField(_("preparation in Finnish"), blank=True)
    preparation_sv = models.TextField(_("preparation in Swedish"), blank=True)
    preparation_nb = models.TextField(_("preparation in Norwegian Bokmål"), blank=True)
    preparation_nn = models.TextField(_("preparation in Norwegian Nynorsk"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    booking = models.CharField(
        _("who books"), max_length=16, choices=Booking.choices, default=Booking.PATIENT_ONLINE
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(
        _("buffer before (minutes)"), default=0
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(_("buffer after (minutes)"), default=0)
    minimum_notice_minutes = models.PositiveIntegerField(_("minimum notice (minutes)"), default=120)
    horizon_days = models.PositiveSmallIntegerField(_("booking horizon (days)"), default=56)
    cancellation_cutoff_hours = models.PositiveSmallIntegerField(
        _("cancellation cut-off (hours)"), default=DEFAULT_CANCELLATION_CUTOFF_HOURS
    )
    # 1 for a visit, more for a group session.
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=1)
    # Whom to call after the cut-off (a phone number of the unit, no one's data).
    contact_phone = models.CharField(_("phone for changes"), max_length=40, blank=True)
    active = models.BooleanField(_("offered"), default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["care_team__name", "name_en"]
        verbose_name = _("appointment type")
        verbose_name_plural = _("appointment types")
        constraints = [
            models.UniqueConstraint(
                fields=["care_team", "code"], name="appointment_type_code_unique_in_team"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="appointment_type_has_a_length"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="appointment_type_has_a_place"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self._in_language("name")

    @property
    def preparation(self) -> str:
        return self._in_language("preparation")

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)

    @property
    def buffer_before(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.buffer_before_minutes)

    @property
    def buffer_after(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.buffer_after_minutes)

    @property
    def minimum_notice(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.minimum_notice_minutes)

    @property
    def horizon(self) -> dt.timedelta:
        return dt.timedelta(days=self.horizon_days)

    @property
    def cancellation_cutoff(self) -> dt.timedelta:
        return dt.timedelta(hours=self.cancellation_cutoff_hours)


class AvailabilityRule(models.Model):
    """A professional's weekly open hours for a care team, in wall-clock time of a zone."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="availability_rules",
        verbose_name=_("professional"),
    )
    care_team = models.ForeignKey(
        "tenants.CareTeam",
        on_delete=models.CASCADE,
        related_name="availability_rules",
        verbose_name=_("care team"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["professional", "weekday", "start_time"]
        verbose_name = _("weekly open time")
        verbose_name_plural = _("weekly open times")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="availability_rule_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="availability_rule_weekday"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.professional} {self.get_weekday_display()} {self.start_time}–{self.end_time}"


class ExceptionKind(models.TextChoices):
    CLOSED = "closed", _("Closed (holiday, sick day)")
    EXTRA = "extra", _("Extra open time")


class AvailabilityException(models.Model):
    """A one-off change to a professional's open times: closed, or open for a team."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="availability_exceptions",
        verbose_name=_("professional"),
    )
    # The team an extra time is for, or the team that recorded a closed time (which
    # closes the professional's times in every team).
    care_team = models.ForeignKey(
        "tenants.CareTeam",
        on_delete=models.CASCADE,
        related_name="availability_exceptions",
        verbose_name=_("care team"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ExceptionKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("open time exception")
        verbose_name_plural = _("open time exceptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="availability_exception_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.professional} {self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class AppointmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    BOOKED = "booked", _("Booked")
    ARRIVED = "arrived", _("Arrived")
    FULFILLED = "fulfilled", _("Done")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Request declined")


# States in which an appointment holds its professional's time.
HOLDING_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED)
OPEN_STATUSES = (AppointmentStatus.REQUESTED, AppointmentStatus.BOOKED)


class CancelledBy(models.TextChoices):
    PATIENT = "patient", _("the patient")
    CLINIC = "clinic", _("the clinic")


class Appointment(models.Model):
    person = models.ForeignKey(
        "identity.Person",
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("person"),
    )
    appointment_type = models.ForeignKey(
        AppointmentType,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("appointment type"),
    )
    # The type's team, kept on the row so the policy filters on one column.
    care_team = models.ForeignKey(
        "tenants.CareTeam",
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("care team"),
    )
    # None only for a request not yet given a time.
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments_as_professional",
        verbose_name=_("professional"),
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=AppointmentStatus.choices)
    # The patient's words with a request (what suits them); may hold health data.
    request_note = models.TextField(_("request"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("booked by"),
    )
    # Who made the last change of status, when and why (a cancellation's reason).
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    cancelled_by = models.CharField(max_length=8, choices=CancelledBy.choices, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="requested")
                | Q(status="declined")
                | Q(starts_at__isnull=False, ends_at__isnull=False, professional__isnull=False),
                name="appointment_with_a_time_has_a_professional",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="appointment_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["professional", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.appointment_type} {self.starts_at:%Y-%m-%d %H:%M}" if self.starts_at else ""


class AppointmentReminder(models.Model):
    """One reminder of one appointment at one lead time, claimed once (its unique key).

    A row is written when the sweep queues the reminder, in the same transaction as the
    notification and its send task: two sweeps at once insert it once."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="reminders")
    lead_minutes = models.PositiveIntegerField()
    queued_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "lead_minutes"], name="one_reminder_per_lead_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id} −{self.lead_minutes} min"
