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

from . import rules, units
from .errors import MonitoringError
from .models import (
    Device,
    Measurement,
    MeasurementComponent,
    MeasurementType,
    Modality,
    Source,
    Threshold,
)

MAX_NOTE_LENGTH = 1000
MAX_IDENTIFIER_LENGTH = 128
# A device clock a few minutes fast is not an error; a reading from tomorrow is.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)

__all__ = [
    "MonitoringError",
    "check_silence",
    "clean_reading",
    "record_measurement",
    "set_threshold",
]


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
        # Range first: a huge number ("1e999999") cannot be rounded to the decimals.
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
        step = Decimal(1).scaleb(-component.decimals)
        cleaned[component.code] = str(canonical.quantize(step, rounding=ROUND_HALF_UP))
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
    measurement task of that kind is done, and the care team is alerted when the reading
    crosses a threshold of the care path."""
    from carevillage.carepaths.enrollments.services import record_measurement_reading

    record_measurement_reading(
        actor=actor,
        person=measurement.person,
        kind=measurement.type.code,
        at=measurement.effective_at,
        on_behalf_of=on_behalf_of,
    )
    _raise_alerts_for(actor=actor, measurement=measurement)


# ---------------------------------------------------------------------------------------
# Thresholds and alerts


def rules_for(enrollment: Any, kind: MeasurementType) -> list[rules.Rule]:
    """The rules of one type in one care path: the defaults when the program measures
    the type, each replaced by the care team's own levels for this patient where it set
    them (both levels empty: the rule is off), plus the team's rules the defaults lack."""
    measured = enrollment.program.measurement_tasks.filter(kind=kind.code).exists()
    active = {rule.key: rule for rule in rules.defaults_for(kind.code)} if measured else {}
    for threshold in Threshold.objects.filter(enrollment=enrollment, type=kind):
        rule = rules.Rule(
            kind.code,
            threshold.component,
            rules.RuleKind(threshold.kind),
            orange=threshold.orange,
            red=threshold.red,
            days=threshold.days,
        )
        if rule.orange is None and rule.red is None:
            active.pop(rule.key, None)
        else:
            active[rule.key] = rule
    return list(active.values())


def _detail(finding: rules.Finding, kind: MeasurementType, measurement: Any = None) -> dict:
    component = next((c for c in kind.components.all() if c.code == finding.rule.component), None)
    silent = finding.rule.kind == rules.RuleKind.SILENCE
    return {
        "level": str(finding.level),
        "kind": str(finding.rule.kind),
        "names": kind.names if silent or component is None else component.names,
        "value": str(finding.value),
        "limit": str(finding.limit),
        "unit": "" if silent or component is None else units.readable(component.unit),
        "days": int(finding.value) if silent else finding.rule.days,
        "measurement": getattr(measurement, "pk", None),
    }


def _decimals(measurement: Measurement) -> dict[str, Decimal]:
    return {code: Decimal(str(value)) for code, value in measurement.values.items()}


def _raise_alerts_for(*, actor: Any, measurement: Measurement) -> None:
    """The care paths that follow this type get an alert for each rule the reading
    crosses (one open alert per patient and rule)."""
    from carevillage.carepaths.enrollments.patient_selectors import active_enrollments_following
    from carevillage.carepaths.enrollments.services import raise_measurement_alert

    kind = measurement.type
    enrollments = active_enrollments_following(
        person_id=measurement.person_id,
        kind=kind.code,
        thresholds=Threshold.objects.filter(type=kind).values("enrollment"),
    )
    for enrollment in enrollments:
        active = rules_for(enrollment, kind)
        if not active:
            continue
        days = max((r.days for r in active if r.kind == rules.RuleKind.RISE), default=0)
        earlier: list[rules.Reading] = []
        if days:
            earlier = [
                (row.effective_at, _decimals(row))
                for row in Measurement.objects.filter(
                    person=measurement.person_id,
                    type=kind,
                    effective_at__gte=measurement.effective_at - dt.timedelta(days=days),
                    effective_at__lt=measurement.effective_at,
                )
            ]
        found = rules.evaluate(active, (measurement.effective_at, _decimals(measurement)), earlier)
        for finding in found:
            raise_measurement_alert(
                recorder=actor,
                enrollment=enrollment,
                code=finding.rule.key,
                detail=_detail(finding, kind, measurement),
                now=measurement.recorded_at,
            )


def _limit(raw: Any, label: str) -> Decimal | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise MonitoringError(
            _("Write the %(level)s limit as a number.") % {"level": label}
        ) from None
    # The column holds 9 digits with 2 decimals; no limit of a home reading comes close.
    if not value.is_finite() or value < 0 or value >= 10_000_000:
        raise MonitoringError(_("Write the %(level)s limit as a number.") % {"level": label})
    return value.quantize(Decimal("0.01"))


@access.atomic
def set_threshold(
    *,
    actor: Any,
    enrollment: Any,
    kind: MeasurementType,
    component: str,
    rule_kind: str,
    orange: Any = None,
    red: Any = None,
    days: int = 0,
    reason: str,
    now: dt.datetime | None = None,
) -> Threshold:
    """A professional of the care team sets this patient's alert limits of one rule
    (both empty: the rule is off for the patient), with the reason why."""
    reason = reason.strip()
    if not reason:
        raise MonitoringError(_("Give the reason for changing the limits."))
    if len(reason) > MAX_NOTE_LENGTH:
        raise MonitoringError(
            _("A reason can be at most %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH}
        )
    if component not in {c.code for c in kind.components.all()}:
        raise MonitoringError(_("Choose a value of this measurement."))
    try:
        chosen = rules.RuleKind(rule_kind)
    except ValueError:
        raise MonitoringError(_("Choose the kind of rule.")) from None
    orange_limit, red_limit = _limit(orange, _("orange")), _limit(red, _("red"))
    if chosen in (rules.RuleKind.RISE, rules.RuleKind.SILENCE) and not 1 <= days <= 90:
        raise MonitoringError(_("Give the number of days, from 1 to 90."))
    if orange_limit is not None and red_limit is not None:
        wrong_order = (
            orange_limit < red_limit if chosen == rules.RuleKind.BELOW else orange_limit > red_limit
        )
        if wrong_order:
            raise MonitoringError(
                _("The red limit must be further from normal than the orange one.")
            )
    threshold, _created = Threshold.objects.update_or_create(
        enrollment=enrollment,
        type=kind,
        component=component,
        kind=chosen.value,
        defaults={
            "orange": orange_limit,
            "red": red_limit,
            "days": days if chosen in (rules.RuleKind.RISE, rules.RuleKind.SILENCE) else 0,
            "reason": reason,
            "set_by": actor,
            "set_at": now or timezone.now(),
        },
    )
    access.require(actor, AuditAction.SET_MEASUREMENT_THRESHOLD, threshold, purpose=reason[:200])
    return threshold


def check_silence(*, now: dt.datetime | None = None) -> int:
    """The periodic check of `silence` rules: an alert for each active care path whose
    patient sent no reading of the type for the rule's days, counted from the last
    reading, the start of the path, or the last such alert acknowledged, whichever is
    latest. Idempotent: an open alert for the rule is never raised twice. Returns how
    many alerts it raised."""
    from carevillage.carepaths.enrollments.services import raise_measurement_alert

    now = now or timezone.now()
    raised = 0
    silent = Threshold.objects.filter(
        kind=rules.RuleKind.SILENCE, enrollment__status="active"
    ).select_related("enrollment__care_team__organization", "enrollment__program", "type")
    for threshold in silent:
        enrollment = threshold.enrollment
        rule = rules.Rule(
            threshold.type.code,
            threshold.component,
            rules.RuleKind.SILENCE,
            orange=threshold.orange,
            red=threshold.red,
            days=threshold.days,
        )
        last = (
            Measurement.objects.filter(person=enrollment.person_id, type=threshold.type)
            .order_by("-effective_at")
            .values_list("effective_at", flat=True)
            .first()
        )
        handled = (
            enrollment.alerts.filter(code=rule.key, acknowledged_at__isnull=False)
            .order_by("-acknowledged_at")
            .values_list("acknowledged_at", flat=True)
            .first()
        )
        since = max(m for m in (enrollment.started_at, handled) if m is not None)
        found = rules.silence(rule, max(last, since) if last else None, since, now)
        if found is None:
            continue
        with access.atomic():
            alert = raise_measurement_alert(
                recorder=None,
                enrollment=enrollment,
                code=rule.key,
                detail=_detail(found, threshold.type),
                now=now,
            )
        raised += alert is not None
    return raised
