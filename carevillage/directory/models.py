"""Care providers, the services they offer, where they are and when they are open."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from carevillage.portal import languages

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

    # django-stubs knows models.Model; ClusterableModel (untyped) is one at run time.
    _ProviderBase = models.Model
else:
    _ProviderBase = ClusterableModel


class Service(models.Model):
    """A kind of care a citizen looks for ("vaccinations", "maternity clinic")."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_fi = models.CharField(_("name in Finnish"), max_length=200, blank=True)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_nb = models.CharField(_("name in Norwegian"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = languages.content_language(translation.get_language() or "en")[:2]
        return getattr(self, f"name_{language}", "") or self.name_en


class ProviderKind(models.TextChoices):
    HOSPITAL_UNIT = "hospital_unit", _("Hospital unit")
    HEALTH_CENTRE = "health_centre", _("Health centre")
    HEALTH_STATION = "health_station", _("Health station")
    PHARMACY = "pharmacy", _("Pharmacy")


class Country(models.TextChoices):
    FI = "FI", _("Finland")
    SE = "SE", _("Sweden")
    NO = "NO", _("Norway")


class Provider(_ProviderBase):
    """One place of care: a hospital unit, health centre, health station or pharmacy."""

    external_id = models.CharField(
        _("external id"), max_length=64, unique=True, help_text=_("The id used by imports.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProviderKind.choices)
    services: models.ManyToManyField[Service, Any] = models.ManyToManyField(
        Service, related_name="providers", blank=True
    )
    street_address = models.CharField(_("street address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    booking_url = models.URLField(_("booking link"), blank=True)
    # ISO 639-1 codes separated by commas, e.g. "fi,sv,en".
    languages = models.CharField(_("languages spoken"), max_length=100, blank=True)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)

    objects: ClassVar[models.Manager[Provider]] = models.Manager()
    if TYPE_CHECKING:
        opening_hours: RelatedManager[OpeningHours]
        exceptions: RelatedManager[OpeningException]

        def get_kind_display(self) -> str: ...

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="provider_coordinates_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return [c.strip() for c in self.languages.split(",") if c.strip()]

    @property
    def language_names(self) -> str:
        from django.conf import settings

        names = dict(settings.LANGUAGES)
        return ", ".join(names.get(code, code) for code in self.language_codes)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """Regular hours. `closes` at or before `opens` means the place closes the next day."""

    provider = ParentalKey(Provider, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="opening_hours_weekday")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A day with other hours than usual: a public holiday (closed) or shorter hours."""

    provider = ParentalKey(Provider, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=False)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("opening exception")
        constraints = [
            models.UniqueConstraint(fields=["provider", "date"], name="one_exception_per_day"),
            models.CheckConstraint(
                condition=Q(closed=True, opens__isnull=True, closes__isnull=True)
                | Q(closed=False, opens__isnull=False, closes__isnull=False),
                name="exception_closed_or_has_hours",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.reason}"


class Postcode(models.Model):
    """Where a postcode is (its centre), so "near 00530" can be measured."""

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    code = models.CharField(_("postcode"), max_length=10)
    name = models.CharField(_("area"), max_length=100)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["country", "code"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="unique_postcode_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
