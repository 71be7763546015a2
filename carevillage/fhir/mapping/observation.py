"""Observation: a test result the organization's laboratory or EHR sends (filed by
`records.services.file_result`), shown on the patient's health record at once.

- `code`: the test, LOINC (`http://loinc.org`) preferred;
- `valueQuantity` (`value`, UCUM `code` or `unit`), `valueString`, or
  `valueCodeableConcept` (a coded result such as SNOMED CT 10828004 "Positive": its
  `text`, else its coding's `display`, is what the patient reads);
- `referenceRange[0]` `low`/`high`/`text`, `interpretation[0]` (HL7 v3
  ObservationInterpretation: N, H, L, HH, LL, A);
- `effectiveDateTime`, or `effectivePeriod` for a sample collected over a time (its
  `start` is when the sample was taken, required; its `end` is kept), `issued`, `status`,
  `category[0]` (e.g. laboratory), `performer[0].display`, `note[0].text`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from fhir.resources.R4B.observation import Observation

from carevillage.fhir.errors import invalid
from carevillage.records import services
from carevillage.records.inputs import Coding, ResultInput
from carevillage.records.models import Interpretation, Result, ResultStatus

from .base import Kind, SearchParameter, meta
from .patient import include_patients
from .record_entries import (
    UCUM,
    RecordKind,
    code_filter,
    common_filters,
    common_parameters,
    date_filter,
    first_coding,
    identifier_of,
    make_create,
    make_read,
    make_search,
    make_update,
    number_text,
    one_of,
)

LOINC = "http://loinc.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"


def _moment(value: Any) -> dt.datetime | None:
    """A FHIR dateTime as an aware moment (a date alone is its local midnight)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time()))


def _quantity(value: Any, unit: str) -> dict[str, Any]:
    quantity: dict[str, Any] = {"value": number_text(value)}
    if unit:
        quantity.update({"unit": unit, "system": UCUM, "code": unit})
    return quantity


def to_fhir(row: Result) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(row.pk),
        "meta": meta(row.version, row.updated_at),
        "identifier": identifier_of(row),
        "status": row.status,
        "code": {
            "coding": [{"system": row.system, "code": row.code, "display": row.display}],
            "text": row.display,
        },
        "subject": {"reference": f"Patient/{row.person_id}"},
    }
    if row.effective_until is not None:
        resource["effectivePeriod"] = {
            "start": row.effective_at.isoformat(),
            "end": row.effective_until.isoformat(),
        }
    else:
        resource["effectiveDateTime"] = row.effective_at.isoformat()
    if not row.system:
        del resource["code"]["coding"][0]["system"]
    if row.category:
        resource["category"] = [{"coding": [{"system": CATEGORY, "code": row.category}]}]
    if row.issued_at:
        resource["issued"] = row.issued_at.isoformat()
    if row.value is not None:
        resource["valueQuantity"] = _quantity(row.value, row.unit)
    elif row.value_code:
        coding = {"system": row.value_system, "code": row.value_code}
        resource["valueCodeableConcept"] = {
            "coding": [{key: value for key, value in coding.items() if value}],
            "text": row.value_text,
        }
    elif row.value_text:
        resource["valueString"] = row.value_text
    if row.interpretation:
        resource["interpretation"] = [
            {"coding": [{"system": INTERPRETATION, "code": row.interpretation}]}
        ]
    reference: dict[str, Any] = {}
    if row.reference_low is not None:
        reference["low"] = _quantity(row.reference_low, row.unit)
    if row.reference_high is not None:
        reference["high"] = _quantity(row.reference_high, row.unit)
    if row.reference_text:
        reference["text"] = row.reference_text
    if reference:
        resource["referenceRange"] = [reference]
    if row.performer:
        resource["performer"] = [{"display": row.performer}]
    if row.note:
        resource["note"] = [{"text": row.note}]
    return OBSERVATION.output(resource)


def _unit(quantity: Any, expression: str) -> str:
    if quantity.code and quantity.system not in (None, UCUM):
        raise invalid(f"{expression}.system must be {UCUM} (UCUM)", f"{expression}.system")
    return str(quantity.code or quantity.unit or "")


def parse(observation: Any, client: Any) -> tuple[ResultInput, dict[str, Any]]:
    name = "Observation"
    coding = first_coding(observation.code, f"{name}.code", LOINC)
    period = observation.effectivePeriod
    if period is not None and period.start is None:
        raise invalid(
            f"{name}.effectivePeriod.start is required: when the sample was taken",
            f"{name}.effectivePeriod.start",
        )
    effective = _moment(
        observation.effectiveDateTime
        or observation.effectiveInstant
        or (period.start if period is not None else None)
    )
    if effective is None:
        raise invalid(
            f"{name}.effectiveDateTime is required: when the sample was taken",
            f"{name}.effectiveDateTime",
        )
    value = None
    unit = ""
    value_text = observation.valueString or ""
    value_coding = None
    if observation.valueQuantity is not None:
        if observation.valueQuantity.value is None:
            raise invalid(
                f"{name}.valueQuantity.value is required (a number)",
                f"{name}.valueQuantity.value",
            )
        value = observation.valueQuantity.value
        unit = _unit(observation.valueQuantity, f"{name}.valueQuantity")
    elif observation.valueCodeableConcept is not None:
        concept = observation.valueCodeableConcept
        expression = f"{name}.valueCodeableConcept"
        if not concept.coding and not concept.text:
            raise invalid(f"{expression} must give a coding or a text", expression)
        if concept.coding:
            coded = first_coding(concept, expression)
            value_coding = Coding(
                str(coded.system or ""), str(coded.code), str(coded.display or "")
            )
        value_text = concept.text or ""
    elif any(
        getattr(observation, f"value{kind}", None) is not None
        for kind in ("Boolean", "Integer", "Range", "Ratio", "Period")
    ):
        raise invalid(
            f"{name}.value[x] must be valueQuantity, valueString or valueCodeableConcept",
            f"{name}.value[x]",
        )
    low = high = None
    reference_text = ""
    if observation.referenceRange:
        reference = observation.referenceRange[0]
        low = reference.low.value if reference.low else None
        high = reference.high.value if reference.high else None
        reference_text = reference.text or ""
        for end, quantity in (("low", reference.low), ("high", reference.high)):
            if quantity is not None and not unit:
                unit = _unit(quantity, f"{name}.referenceRange[0].{end}")
    interpretation = ""
    if observation.interpretation:
        code = first_coding(
            observation.interpretation[0], f"{name}.interpretation[0]", INTERPRETATION
        )
        interpretation = one_of(
            code.code, [v for v in Interpretation.values if v], f"{name}.interpretation[0]"
        )
    category = ""
    if observation.category:
        category = first_coding(observation.category[0], f"{name}.category[0]", CATEGORY).code
    return (
        ResultInput(
            code=Coding(str(coding.system or ""), str(coding.code), str(coding.display or "")),
            effective_at=effective,
            effective_until=_moment(period.end) if period is not None else None,
            status=one_of(observation.status, ResultStatus.values, f"{name}.status"),
            category=str(category),
            issued_at=_moment(observation.issued),
            value=value,
            unit=unit,
            value_text=value_text,
            value_coding=value_coding,
            reference_low=low,
            reference_high=high,
            reference_text=reference_text,
            interpretation=interpretation,
            performer=(observation.performer[0].display or "") if observation.performer else "",
            note=(observation.note[0].text or "") if observation.note else "",
        ),
        {},
    )


RESULTS = RecordKind(
    resource_type="Observation",
    model=Result,
    patient_element="subject",
    parse=parse,
    file=services.file_result,
    to_fhir=to_fhir,
    error_elements={
        "no_value": "Observation.value[x]",
        "reference_range": "Observation.referenceRange[0]",
        "other_person": "Observation.subject",
        "naive_time": "Observation.effectiveDateTime",
        "period": "Observation.effectivePeriod",
        "two_values": "Observation.value[x]",
    },
)

OBSERVATION: Kind = Kind(
    resource_type="Observation",
    model=Observation,
    documentation=(
        "Test results (a laboratory's or the EHR's), shown on the patient's health record at "
        "once. identifier (or If-None-Exist: identifier=system|value) is the sending system's "
        "id of the result: a resend updates it. subject Patient/<id> or a national identity "
        "number; code LOINC; valueQuantity with a UCUM code, valueString, or "
        "valueCodeableConcept (its text, else its coding's display, is what the patient "
        "reads); referenceRange, interpretation, effectiveDateTime or effectivePeriod (its "
        "start required), issued, status, category."
    ),
    read=make_read(RESULTS),
    search=make_search(
        RESULTS,
        {
            **common_filters("subject"),
            "code": code_filter("system", "code", "code"),
            "date": date_filter("effective_at", "date"),
        },
    ),
    create=make_create(RESULTS, lambda: OBSERVATION),
    update=make_update(RESULTS, lambda: OBSERVATION),
    includes={"Observation:patient": include_patients("subject")},
    search_parameters=[
        *common_parameters("subject"),
        SearchParameter("code", "token", "LOINC code: http://loinc.org|3016-3, or 3016-3"),
        SearchParameter(
            "date",
            "date",
            "effectiveDateTime (or effectivePeriod.start): ge2026-01-01, le2026-02 (repeatable)",
        ),
    ],
)
