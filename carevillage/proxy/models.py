"""Relations that let one person act for another: a guardian for a child, a holder
under a power of attorney.

Guardianships and registered addresses are the population register's answers as this
installation keeps them (`RegisteredGuardianship`, `RegisteredResidence`), read through
the relation source chosen in settings (`proxy.sources`); the demo seeds them. A power
of attorney is given by the person in the portal (or copied from a register) and is
this app's own row. Whether a relation gives access *now* is never stored: the rules
(`proxy.rules`) and the selectors work it out on every call.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """The areas a proxy may act in. A power of attorney names one to all of them."""

    MESSAGES = "messages", _("Messages")
    APPOINTMENTS = "appointments", _("Appointments")
    RECORDS = "records", _("Health record")
    CARE_PATHS = "care_paths", _("Care programs and questionnaires")


class Source(models.TextChoices):
    REGISTER = "register", _("Population register")
    PERSON = "person", _("Given by the person in the service")


class RegisteredGuardianship(models.Model):
    """The register says: `guardian` has parental responsibility for `child`."""

    guardian = models.ForeignKey(
        "identity.Person",
        on_delete=models.CASCADE,
        related_name="registered_wards",
        verbose_name=_("guardian"),
    )
    child = models.ForeignKey(
        "identity.Person",
        on_delete=models.CASCADE,
        related_name="registered_guardians",
        verbose_name=_("child"),
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.REGISTER
    )
    # When the register ended the responsibility (a court decision, adoption): access
    # ends at once, the row stays for the trail.
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("registered guardianship")
        verbose_name_plural = _("registered guardianships")
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "child"], name="proxy_one_guardianship_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(guardian=F("child")), name="proxy_guardian_is_not_the_child"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.child}"


class RegisteredResidence(models.Model):
    """The register's answer about a person's address, without the address itself.

    `address_key` is the register's opaque identifier of the dwelling (in Finland the
    building and apartment code, in Norway the matrikkel address id): equal keys mean a
    shared registered address. `confidential_address` is the Finnish turvakielto or
    the Norwegian strengt fortrolig / fortrolig adresse (codes 6 and 7).
    """

    person = models.OneToOneField(
        "identity.Person",
        on_delete=models.CASCADE,
        related_name="registered_residence",
        verbose_name=_("person"),
    )
    address_key = models.CharField(_("address key"), max_length=128, blank=True)
    confidential_address = models.BooleanField(_("confidential address"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("registered residence")
        verbose_name_plural = _("registered residences")

    def __str__(self) -> str:
        return str(self.person)


class PowerOfAttorney(models.Model):
    """`giver` lets `holder` act for them in `scopes` from `valid_from` until
    `valid_until`, unless it is ended first (by the giver, or by the holder for their
    side)."""

    giver = models.ForeignKey(
        "identity.Person",
        on_delete=models.PROTECT,
        related_name="powers_of_attorney_given",
        verbose_name=_("giver"),
    )
    holder = models.ForeignKey(
        "identity.Person",
        on_delete=models.PROTECT,
        related_name="powers_of_attorney_held",
        verbose_name=_("holder"),
    )
    # A list of `Scope` values, one to all of them (checked by the services).
    scopes = models.JSONField(_("areas"), default=list)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.PERSON
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("power of attorney")
        verbose_name_plural = _("powers of attorney")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("valid_from")),
                name="proxy_power_of_attorney_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(giver=F("holder")), name="proxy_power_of_attorney_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.holder}"

    def scope_set(self) -> frozenset[Scope]:
        return frozenset(Scope(value) for value in self.scopes if value in Scope.values)
