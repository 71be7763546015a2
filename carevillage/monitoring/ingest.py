"""Uploads from paired devices: a compact JSON array for simple devices, or a FHIR
Bundle of Observations (the HL7 Personal Health Device way). Both become the same
readings through `services.record_measurement`, one savepoint per item: good items are
kept, bad ones named with their reason, a resend of an identifier adds nothing
(conditional create by identifier).

Compact form, one object per reading:

    [{"id": "scale-0001", "type": "weight", "time": "2026-03-01T07:30:00+02:00",
      "values": {"weight": 82.4}, "units": {"weight": "kg"}}]

`type` is a measurement type code (or its LOINC code); `values` map component codes
(for one-value types, `"value": 82.4` will do); `units` is optional (canonical units
assumed); `patient`, when given, must be the paired patient's id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from carevillage import access

from . import selectors, services
from .devices import DeviceActor
from .errors import MonitoringError
from .models import Device, MeasurementType

MAX_ITEMS = 1000
LOINC = "http://loinc.org"


@dataclass
class Item:
    index: int
    identifier: str
    kind: MeasurementType | None = None
    values: dict[str, Any] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    effective_at: dt.datetime | None = None
    patient: str = ""
    error: str = ""


@dataclass
class ItemResult:
    index: int
    identifier: str
    status: str  # "created", "exists", "error"
    error: str = ""
    measurement_id: int | None = None


@dataclass
class Report:
    results: list[ItemResult]

    @property
    def created(self) -> int:
        return sum(r.status == "created" for r in self.results)

    @property
    def existing(self) -> int:
        return sum(r.status == "exists" for r in self.results)

    @property
    def errors(self) -> list[ItemResult]:
        return [r for r in self.results if r.status == "error"]


class BatchError(MonitoringError):
    """The whole upload is refused (not a list, too many items)."""


def _types() -> tuple[dict[str, MeasurementType], dict[str, tuple[MeasurementType, str]]]:
    kinds = selectors.measurement_types()
    by_code = {kind.code: kind for kind in kinds}
    by_loinc: dict[str, tuple[MeasurementType, str]] = {}
    for kind in kinds:
        components = list(kind.components.all())
        by_loinc.setdefault(kind.loinc_code, (kind, components[0].code))
        for component in components:
            by_loinc.setdefault(component.loinc_code, (kind, component.code))
    return by_code, by_loinc


def _time(raw: Any) -> dt.datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        parsed = parse_datetime(raw)
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        return None
    return parsed


def _check_size(payload: list[Any]) -> None:
    if len(payload) > MAX_ITEMS:
        raise BatchError(
            _("Send at most %(limit)d readings at a time; this upload had %(count)d.")
            % {"limit": MAX_ITEMS, "count": len(payload)},
            code="too-many",
        )


def compact_items(payload: Any) -> list[Item]:
    if not isinstance(payload, list):
        raise BatchError(_("Send a JSON array of readings."), code="structure")
    _check_size(payload)
    by_code, by_loinc = _types()
    items = []
    for index, raw in enumerate(payload):
        if not isinstance(raw, dict):
            items.append(Item(index, "", error=_("A reading must be a JSON object.")))
            continue
        item = Item(index, str(raw.get("id") or "")[:128], patient=str(raw.get("patient") or ""))
        code = str(raw.get("type") or "")
        item.kind = by_code.get(code) or (by_loinc.get(code) or (None, ""))[0]
        if item.kind is None:
            item.error = _("Unknown measurement type “%(type)s”.") % {"type": code[:40]}
        elif not item.identifier:
            item.error = _("Every reading needs its own “id”, so that a resend is not saved twice.")
        else:
            values = raw.get("values")
            if values is None and "value" in raw:
                values = {item.kind.components.all()[0].code: raw.get("value")}
            units = raw.get("units") or {}
            if "unit" in raw and not units:
                units = {item.kind.components.all()[0].code: raw.get("unit")}
            item.effective_at = _time(raw.get("time"))
            if not isinstance(values, dict) or not isinstance(units, dict):
                item.error = _("“values” and “units” must be JSON objects.")
            elif item.effective_at is None:
                item.error = _("Give the time of the reading with its zone, in ISO 8601.")
            else:
                item.values = {str(k)[:40]: v for k, v in values.items()}
                item.units = {str(k)[:40]: str(v)[:16] for k, v in units.items()}
        items.append(item)
    return items


def _loinc(concept: Any) -> str:
    for coding in (concept or {}).get("coding") or []:
        if isinstance(coding, dict) and coding.get("system") == LOINC and coding.get("code"):
            return str(coding["code"])
    return ""


def _quantity(quantity: Any) -> tuple[Any, str]:
    if not isinstance(quantity, dict):
        return None, ""
    return quantity.get("value"), str(quantity.get("code") or quantity.get("unit") or "")[:16]


def fhir_items(payload: Any) -> list[Item]:
    """The Observations of a FHIR Bundle (batch, transaction or collection)."""
    if not isinstance(payload, dict) or payload.get("resourceType") != "Bundle":
        raise BatchError(_("Send a FHIR Bundle of Observations."), code="structure")
    entries = payload.get("entry") or []
    if not isinstance(entries, list):
        raise BatchError(_("Send a FHIR Bundle of Observations."), code="structure")
    _check_size(entries)
    _by_code, by_loinc = _types()
    items = []
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or resource.get("resourceType") != "Observation":
            items.append(Item(index, "", error=_("Each entry must be an Observation.")))
            continue
        identifiers = [i for i in resource.get("identifier") or [] if isinstance(i, dict)]
        identifier = (
            f"{identifiers[0].get('system', '')}|{identifiers[0].get('value', '')}"[:128]
            if identifiers and identifiers[0].get("value")
            else ""
        )
        subject = str((resource.get("subject") or {}).get("reference") or "")
        item = Item(index, identifier, patient=subject.removeprefix("Patient/"))
        found = by_loinc.get(_loinc(resource.get("code")))
        if found is None:
            item.error = _("The Observation's LOINC code is not a home measurement we know.")
        elif not identifier:
            item.error = _(
                "Every Observation needs an identifier, so that a resend is not saved twice."
            )
        else:
            item.kind = found[0]
            item.effective_at = _time(resource.get("effectiveDateTime"))
            value, unit = _quantity(resource.get("valueQuantity"))
            if value is not None:
                item.values[found[1]] = value
                if unit:
                    item.units[found[1]] = unit
            for part in resource.get("component") or []:
                if not isinstance(part, dict):
                    continue
                inner = by_loinc.get(_loinc(part.get("code")))
                value, unit = _quantity(part.get("valueQuantity"))
                if inner is not None and inner[0] == item.kind and value is not None:
                    item.values[inner[1]] = value
                    if unit:
                        item.units[inner[1]] = unit
            if item.effective_at is None:
                item.error = _("Give effectiveDateTime with its time zone.")
        items.append(item)
    return items


def ingest(*, device: Device, items: list[Item], now: dt.datetime | None = None) -> Report:
    """Record each item for the device's patient; one savepoint per item."""
    actor = DeviceActor(device)
    now = now or timezone.now()
    results = []
    for item in items:
        if item.error or item.kind is None:
            results.append(ItemResult(item.index, item.identifier, "error", item.error))
            continue
        person: Any = device.person
        if item.patient and item.patient != str(device.person_id):
            # Another patient named: the policy refuses it (and audits the refusal).
            from carevillage.identity.models import Person

            # An id too long for the column is no one (and never an overflow error).
            known = item.patient.isdigit() and len(item.patient) <= 18
            person = Person.objects.filter(pk=int(item.patient)).first() if known else None
            if person is None:
                results.append(
                    ItemResult(item.index, item.identifier, "error", _("Unknown patient."))
                )
                continue
        try:
            recorded = services.record_measurement(
                actor=actor,
                person=person,
                kind=item.kind,
                values=item.values,
                units_given=item.units,
                effective_at=item.effective_at,
                identifier=item.identifier,
                device=device,
                now=now,
            )
        except MonitoringError as exc:
            results.append(ItemResult(item.index, item.identifier, "error", exc.message))
        except access.AccessDenied:
            results.append(
                ItemResult(
                    item.index,
                    item.identifier,
                    "error",
                    _("This device may send readings only for the patient it was paired to."),
                )
            )
        else:
            results.append(
                ItemResult(
                    item.index,
                    item.identifier,
                    "created" if recorded.created else "exists",
                    measurement_id=recorded.measurement.pk,
                )
            )
    if any(r.status != "error" for r in results):
        Device.objects.filter(pk=device.pk).update(last_sent_at=now)
    return Report(results)
