"""Organizations, their units and care teams, and who works (or is cared for) where."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=64, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="units", verbose_name=_("organization")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unit_name_unique_in_org")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"


class CareTeam(models.Model):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="care_teams",
        verbose_name=_("organization"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="care_teams",
        null=True,
        blank=True,
        verbose_name=_("unit"),
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("care team")
        verbose_name_plural = _("care teams")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="care_team_name_unique_in_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"

    def clean(self) -> None:
        if self.unit is not None and self.unit.organization_id != self.organization_id:
            raise ValidationError({"unit": _("The unit belongs to another organization.")})


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    EDITOR = "editor", _("Editor")
    ORG_ADMIN = "org_admin", _("Organization admin")


class StaffMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_memberships",
        verbose_name=_("staff member"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="staff_memberships",
        verbose_name=_("organization"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["organization__name", "role"]
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_role_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organization}"

    def clean(self) -> None:
        if self.unit is not None and self.unit.organization_id != self.organization_id:
            raise ValidationError({"unit": _("The unit belongs to another organization.")})


class CareTeamMembership(models.Model):
    care_team = models.ForeignKey(
        CareTeam, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("care team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="care_team_memberships",
        verbose_name=_("staff member"),
    )

    class Meta:
        verbose_name = _("care team member")
        verbose_name_plural = _("care team members")
        constraints = [
            models.UniqueConstraint(fields=["care_team", "user"], name="care_team_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.care_team}"


class PatientRegistration(models.Model):
    """A person's connection to an organization, optionally to one of its care teams."""

    person = models.ForeignKey(
        "identity.Person",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("organization"),
    )
    care_team = models.ForeignKey(
        CareTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("care team"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("patient registration")
        verbose_name_plural = _("patient registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization"], name="registration_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.organization}"
