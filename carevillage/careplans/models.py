"""Care plans: goals and activities a patient and their care team share.

A plan belongs to one person and the care team that made it, optionally to one of the
person's care paths (enrollments). The tables keep the names they had when care plans
lived in the carepaths app (`carepaths_careplan`, ...), so existing databases carry over.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CarePlanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Withdrawn")


class CarePlan(models.Model):
    """A plan the patient and the care team share. A person may have several."""

    person = models.ForeignKey(
        "identity.Person", on_delete=models.PROTECT, related_name="care_plans"
    )
    care_team = models.ForeignKey(
        "tenants.CareTeam", on_delete=models.PROTECT, related_name="care_plans"
    )
    enrollment = models.ForeignKey(
        "carepaths.Enrollment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=CarePlanStatus.choices, default=CarePlanStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")
        db_table = "carepaths_careplan"

    def __str__(self) -> str:
        return self.title


class GoalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    IN_PROGRESS = "in-progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not-achieved", _("Not achieved")


class Goal(models.Model):
    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(_("goal"), max_length=300)
    target = models.CharField(_("measurable target"), max_length=300)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.PROPOSED
    )

    class Meta:
        ordering = ["plan", "pk"]
        db_table = "carepaths_goal"

    def __str__(self) -> str:
        return self.description


class Responsible(models.TextChoices):
    PATIENT = "patient", _("Patient")
    RELATIVE = "relative", _("Relative")
    SPECIALIST = "specialist", _("Specialist care")
    PRIMARY_CARE = "primary-care", _("Primary care")


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not-started", _("Not started")
    IN_PROGRESS = "in-progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="activities")
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    description = models.CharField(_("activity"), max_length=300)
    frequency = models.CharField(_("how often"), max_length=120)
    responsible = models.CharField(
        _("who is responsible"), max_length=16, choices=Responsible.choices
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ActivityStatus.choices,
        default=ActivityStatus.NOT_STARTED,
    )

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name_plural = _("activities")
        db_table = "carepaths_activity"

    def __str__(self) -> str:
        return self.description
