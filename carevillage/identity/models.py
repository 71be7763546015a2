"""Users (who can log in) and persons (whom health data is about)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import national_id


class User(AbstractUser):
    """A login. Citizens get one at their first e-ID login; staff are created by admins."""

    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def display_name(self) -> str:
        person = getattr(self, "person", None)
        if person is not None:
            return person.full_name
        return self.get_full_name() or self.username

    def primary_organization_name(self) -> str:
        return self._primary_organization_name

    # Asked once per request (request.user is one instance), however many audit events
    # and staff checks the page makes.
    @cached_property
    def _primary_organization_name(self) -> str:
        membership = self._first_staff_membership
        return membership.organization.name if membership else ""

    @cached_property
    def is_staff_member(self) -> bool:
        return self._first_staff_membership is not None

    # One query answers both (the staff check and the audit label) on a staff page.
    @cached_property
    def _first_staff_membership(self) -> Any:
        return self.staff_memberships.select_related("organization").first()

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


class Person(models.Model):
    """Someone health data can be about, identified by a national identity number."""

    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    oidc_subject = models.CharField(max_length=255, unique=True, null=True, blank=True)
    national_id_ciphertext = models.TextField(editable=False)
    national_id_hash = models.CharField(max_length=64, unique=True, editable=False)
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def set_national_id(self, raw: str) -> None:
        self.national_id_ciphertext = national_id.encrypt(raw)
        self.national_id_hash = national_id.lookup_hash(raw)

    @property
    def national_id(self) -> str:
        return national_id.decrypt(self.national_id_ciphertext)

    @property
    def masked_national_id(self) -> str:
        return national_id.masked(self.national_id)
