"""Every write of home measurements. One function per change, each one `access.atomic`
block: the reading is written, then `access.require()` is the decision about it and its
audit event (a refusal rolls the row back and stays in the trail).

`clean_reading` is the one check of a reading, for the entry form and for device uploads
alike: every required value given, numbers, a known unit (converted to the canonical
one), within the plausible range. A reading that fails it saves nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.audit.actions import AuditAction

from . import units
from .errors import MonitoringError
from .models import Device, Measurement, MeasurementComponent, MeasurementType, Modality, Source

MAX_NOTE_LENGTH = 1000
MAX_IDENTIFIER_LENGTH = 128
# A device clock a few minutes fast is not an error; a reading from tomorrow is.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)

__all__ = ["MonitoringError", "clean_reading", "record_measurement"]


def _number(value: Decimal) -> str:
    return formats.number_format(value.normalize() if value == value.to_integral() else value)


def _parse(raw: Any, component: MeasurementComponent) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise MonitoringError(
            _("Write the %(name)s as a number.") % {"name": component.name.lower()}
        )
    if isinstance(raw, int | float | Decimal):
        text = str(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise MonitoringError(
            _("Write the %(name)s as a number, for example %(example)s.")
            % {
                "name": component.name.lower(),
                "example": _number(component.target_low or component.plausible_high / 2),
            }
        ) from None
    if not value.is_finite():
        raise MonitoringError(
            _("Write the %(name)s as a number.") % {"name": component.name.lower()}
        )
    return value


def clean_reading(
    kind: MeasurementType,
    values: Mapping[str, Any],
    units_given: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], str]:
    """The reading's values in canonical units as decimal strings, and the unit they came
    in when one was converted. Raises MonitoringError with the sentence to show."""
    components = list(kind.components.all())
    known = {component.code for component in components}
    unknown = sorted(set(values) - known)
    if unknown:
        raise MonitoringError(
            _("%(part)s is not part of a %(name)s reading.")
            % {"part": unknown[0][:40], "name": kind.name.lower()}
        )
    units_given = units_given or {}
    cleaned: dict[str, str] = {}
    original = ""
    for component in components:
        value = _parse(values.get(component.code), component)
        if value is None:
            if component.required:
                raise MonitoringError(_("Enter the %(name)s.") % {"name": component.name.lower()})
            continue
        given_unit = (units_given.get(component.code) or "").strip()
        try:
            canonical, converted_from = units.to_canonical(value, given_unit, component.unit)
        except units.UnknownUnit:
            raise MonitoringError(
                _("%(unit)s is not a unit for the %(name)s: use %(canonical)s.")
                % {
                    "unit": given_unit[:16],
                    "name": component.name.lower(),
                    "canonical": units.readable(component.unit) or component.unit,
                }
            ) from None
        if converted_from:
            original = converted_from
        step = Decimal(1).scaleb(-component.decimals)
        canonical = canonical.quantize(step, rounding=ROUND_HALF_UP)
        if not component.plausible_low <= canonical <= component.plausible_high:
            unit = units.readable(component.unit)
            shown_unit = units.readable(converted_from) if converted_from else unit
            raise MonitoringError(
                _(
                    "%(name)s %(value)s is not possible: check the number. It must be "
                    "between %(low)s and %(high)s %(unit)s. Nothing was saved."
                )
                % {
                    "name": component.name,
                    "value": f"{_number(value)} {shown_unit}".strip(),
                    "unit": unit,
                    "low": _number(component.plausible_low),
                    "high": _number(component.plausible_high),
                },
                code="implausible",
            )
        cleaned[component.code] = str(canonical)
    systolic, diastolic = cleaned.get("systolic"), cleaned.get("diastolic")
    if systolic is not None and diastolic is not None and Decimal(diastolic) >= Decimal(systolic):
        raise MonitoringError(
            _(
                "The lower pressure must be lower than the upper pressure: check the "
                "numbers. Nothing was saved."
            ),
            code="implausible",
        )
    return cleaned, original


def clean_time(effective_at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if effective_at is None:
        return now
    if timezone.is_naive(effective_at):
        effective_at = timezone.make_aware(effective_at)
    if effective_at > now + FUTURE_TOLERANCE:
        raise MonitoringError(
            _("The time of the measurement is in the future: check the date and time."),
            code="future",
        )
    return effective_at


@dataclass(frozen=True)
class Recorded:
    measurement: Measurement
    # False when the same reading (same identifier from the same source) was already kept.
    created: bool


def _existing(*, person: Any, device: Device | None, identifier: str) -> Measurement | None:
    if not identifier:
        return None
    rows = Measurement.objects.select_related("type")
    if device is not None:
        return rows.filter(device=device, identifier=identifier).first()
    return rows.filter(person=person, device__isnull=True, identifier=identifier).first()


@access.atomic
def record_measurement(
    *,
    actor: Any,
    person: Any,
    kind: MeasurementType,
    values: Mapping[str, Any],
    units_given: Mapping[str, str] | None = None,
    effective_at: dt.datetime | None = None,
    note: str = "",
    identifier: str = "",
    device: Device | None = None,
    modality: str | None = None,
    on_behalf_of: Any = None,
    now: dt.datetime | None = None,
) -> Recorded:
    """Keep one reading of `person`: entered by the actor (the person, or a proxy acting
    for them), or sent by `device`. A reading whose identifier this source already sent
    is the same reading: it is returned, nothing is added (a resend never duplicates)."""
    now = now or timezone.now()
    identifier = identifier.strip()
    if len(identifier) > MAX_IDENTIFIER_LENGTH:
        raise MonitoringError(
            _("An identifier can be at most %(limit)d characters.")
            % {"limit": MAX_IDENTIFIER_LENGTH}
        )
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise MonitoringError(
            _("A note can be at most %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH}
        )
    cleaned, original = clean_reading(kind, values, units_given)
    effective_at = clean_time(effective_at, now)
    existing = _existing(person=person, device=device, identifier=identifier)
    if existing is not None:
        access.require(actor, AuditAction.RECORD_MEASUREMENT, existing, on_behalf_of)
        return Recorded(existing, created=False)
    if modality is None:
        modality = (
            Modality.SENSED
            if device is not None and kind.sensed_by_devices
            else Modality.SELF_REPORTED
        )
    try:
        with access.atomic():
            measurement = Measurement.objects.create(
                person=person,
                type=kind,
                values=cleaned,
                original_unit=original,
                effective_at=effective_at,
                recorded_at=now,
                source=Source.DEVICE if device is not None else Source.ENTERED,
                modality=modality,
                device=device,
                identifier=identifier,
                note=note,
            )
    except IntegrityError:
        # The same reading arrived twice at once: the other request kept it.
        existing = _existing(person=person, device=device, identifier=identifier)
        if existing is None:
            raise
        access.require(actor, AuditAction.RECORD_MEASUREMENT, existing, on_behalf_of)
        return Recorded(existing, created=False)
    access.require(actor, AuditAction.RECORD_MEASUREMENT, measurement, on_behalf_of)
    _after_reading(actor=actor, measurement=measurement, on_behalf_of=on_behalf_of)
    return Recorded(measurement, created=True)


def _after_reading(*, actor: Any, measurement: Measurement, on_behalf_of: Any) -> None:
    """What a new reading changes elsewhere, in its transaction: the care path's
    measurement task of that kind is done."""
    from carevillage.carepaths.enrollments.services import record_measurement_reading

    record_measurement_reading(
        actor=actor,
        person=measurement.person,
        kind=measurement.type.code,
        at=measurement.effective_at,
        on_behalf_of=on_behalf_of,
    )
