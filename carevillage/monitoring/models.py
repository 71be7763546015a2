"""Home measurements: what a patient measures at home (blood pressure, weight, glucose,
...), entered by hand or sent by a paired device.

A `MeasurementType` is reference data (seeded by a data migration, one row per kind,
with its LOINC code and canonical UCUM unit); its `components` are the values one reading
holds (blood pressure: systolic, diastolic, pulse). A `Measurement` is personal health
data: read it through `selectors`, write it through `services`. A reading with an
`identifier` is kept once per source (a device's identifier, or the patient's entry
form's key), so a resend never makes a second row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_language(names: dict[str, str]) -> str:
    language = (get_language() or "en").split("-")[0]
    return names.get(language) or names.get("en") or next(iter(names.values()), "")


class MeasurementType(models.Model):
    code = models.SlugField(max_length=32, unique=True)
    # LOINC code of the reading as a whole (a panel for several components).
    loinc_code = models.CharField(max_length=16)
    # {"fi": ..., "sv": ..., "nb": ..., "nn": ..., "en": ...}
    names = models.JSONField(default=dict)
    # Whether a device reading of this kind is measured by the device (sensed) or only
    # passed on from what the patient typed (self-reported): the default for uploads.
    sensed_by_devices = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return _in_language(self.names)


class MeasurementComponent(models.Model):
    """One value of a reading, in its canonical UCUM unit, with the range a real reading
    can have (`plausible_*`: outside it is a typo, refused) and the band shown on the
    chart (`target_*`, optional)."""

    type = models.ForeignKey(MeasurementType, on_delete=models.CASCADE, related_name="components")
    code = models.SlugField(max_length=32)
    loinc_code = models.CharField(max_length=16)
    unit = models.CharField(max_length=16)
    names = models.JSONField(default=dict)
    decimals = models.PositiveSmallIntegerField(default=0)
    plausible_low = models.DecimalField(max_digits=9, decimal_places=2)
    plausible_high = models.DecimalField(max_digits=9, decimal_places=2)
    target_low = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    target_high = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["type", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["type", "code"], name="component_code_once_per_type"),
            models.CheckConstraint(
                condition=Q(plausible_low__lt=models.F("plausible_high")),
                name="component_plausible_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type.code}.{self.code}"

    @property
    def name(self) -> str:
        return _in_language(self.names)


class Source(models.TextChoices):
    ENTERED = "entered", _("Entered by you")
    DEVICE = "device", _("Sent by a device")


class Modality(models.TextChoices):
    # FHIR's observation category for home readings: self-reported vs measured by a
    # device (HL7 Personal Health Device Implementation Guide).
    SELF_REPORTED = "self-reported", _("Self-reported")
    SENSED = "sensed", _("Measured by a device")


class Device(models.Model):
    """A device or phone app a patient paired: it sends readings for that patient only,
    with a token of its own. Made when the patient asks for a pairing code (shown once,
    valid ten minutes); the device trades the code for its token. Only hashes of the code
    and the token are kept."""

    person = models.ForeignKey("identity.Person", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=80)
    pairing_code_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    paired_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-created_at", "pk"]

    def __str__(self) -> str:
        return f"device {self.pk} ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.token_hash is not None


class Measurement(models.Model):
    person = models.ForeignKey(
        "identity.Person", on_delete=models.CASCADE, related_name="measurements"
    )
    type = models.ForeignKey(MeasurementType, on_delete=models.PROTECT, related_name="+")
    # {component code: value as a decimal string, in the component's canonical unit}
    values = models.JSONField(default=dict)
    # The unit the value came in, when it was converted ("[lb_av]", "mg/dL").
    original_unit = models.CharField(max_length=16, blank=True)
    effective_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    source = models.CharField(max_length=8, choices=Source.choices)
    modality = models.CharField(max_length=16, choices=Modality.choices)
    device = models.ForeignKey(
        Device, on_delete=models.PROTECT, null=True, blank=True, related_name="measurements"
    )
    # The sender's own id of the reading: a resend with the same id is the same reading.
    identifier = models.CharField(max_length=128, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-effective_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "identifier"],
                condition=Q(device__isnull=False) & ~Q(identifier=""),
                name="measurement_once_per_device_identifier",
            ),
            models.UniqueConstraint(
                fields=["person", "identifier"],
                condition=Q(device__isnull=True) & ~Q(identifier=""),
                name="measurement_once_per_entry_identifier",
            ),
            models.CheckConstraint(
                condition=Q(source="entered", device__isnull=True)
                | Q(source="device", device__isnull=False),
                name="measurement_source_matches_device",
            ),
        ]
        indexes = [models.Index(fields=["person", "type", "effective_at"])]

    def __str__(self) -> str:
        return f"measurement {self.pk} ({self.type_id})"

    def value(self, component: str) -> Decimal | None:
        raw: Any = self.values.get(component)
        return None if raw is None else Decimal(str(raw))


class Threshold(models.Model):
    """A care team's own levels for one rule of one patient's care path, replacing the
    default (`rules.DEFAULT_RULES`) or adding one (a `silence` rule). Both levels empty
    turns the rule off for this patient."""

    enrollment = models.ForeignKey(
        "carepaths.Enrollment", on_delete=models.CASCADE, related_name="measurement_thresholds"
    )
    type = models.ForeignKey(MeasurementType, on_delete=models.PROTECT, related_name="+")
    component = models.SlugField(max_length=32)
    kind = models.CharField(
        max_length=8,
        choices=[
            ("above", _("At or above")),
            ("below", _("At or below")),
            ("rise", _("Rise within days")),
            ("silence", _("No reading for days")),
        ],
    )
    orange = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    red = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    days = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField()
    set_by = models.ForeignKey(
        "identity.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField()

    class Meta:
        ordering = ["enrollment", "type", "component", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "type", "component", "kind"],
                name="threshold_once_per_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"threshold {self.type_id}.{self.component}.{self.kind} of {self.enrollment_id}"
