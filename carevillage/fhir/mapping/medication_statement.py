"""MedicationStatement: a medicine on the patient's list (filed by
`records.services.file_medication`), shown on the health record at once; a renewable
prescription in use gets the "Ask for a renewal" button there.

- `medicationCodeableConcept`: ATC preferred (`http://www.whocc.no/atc`), its `text` the
  medicine's name (else the coding's display);
- `dosage[0].text`; `status` active, completed, stopped or entered-in-error;
- `effectivePeriod` start/end (or `effectiveDateTime`, the start);
- `informationSource.display`: the prescriber;
- the extension RENEWABLE (`valueBoolean`): whether the patient may ask for a renewal
  here (CareVillage's own, there is no R4 element for it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from fhir.resources.R4B.medicationstatement import MedicationStatement

from carevillage.fhir.errors import invalid
from carevillage.records import services
from carevillage.records.inputs import Coding, MedicationInput
from carevillage.records.models import Medication, MedicationStatus

from .base import Kind, SearchParameter, meta
from .patient import include_patients
from .record_entries import (
    RecordKind,
    code_filter,
    common_filters,
    common_parameters,
    first_coding,
    identifier_of,
    make_create,
    make_read,
    make_search,
    make_update,
    one_of,
)

ATC = "http://www.whocc.no/atc"
NAME = "MedicationStatement"
RENEWABLE = "https://carevillage.org/fhir/StructureDefinition/renewable-prescription"


def to_fhir(row: Medication) -> dict[str, Any]:
    coding: dict[str, Any] = {"code": row.code, "display": row.display}
    if row.system:
        coding["system"] = row.system
    resource: dict[str, Any] = {
        "resourceType": NAME,
        "id": str(row.pk),
        "meta": meta(row.version, row.updated_at),
        "extension": [{"url": RENEWABLE, "valueBoolean": row.renewable}],
        "identifier": identifier_of(row),
        "status": row.status,
        "medicationCodeableConcept": {"coding": [coding], "text": row.name},
        "subject": {"reference": f"Patient/{row.person_id}"},
    }
    period = {
        key: day.isoformat()
        for key, day in (("start", row.start_date), ("end", row.end_date))
        if day is not None
    }
    if period:
        resource["effectivePeriod"] = period
    if row.prescriber:
        resource["informationSource"] = {"display": row.prescriber}
    if row.dosage_text:
        resource["dosage"] = [{"text": row.dosage_text}]
    return MEDICATION_STATEMENT.output(resource)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, dt.date) else None


def _renewable(statement: Any) -> bool:
    for index, extension in enumerate(statement.extension or []):
        if extension.url == RENEWABLE:
            if extension.valueBoolean is None:
                expression = f"{NAME}.extension[{index}].valueBoolean"
                raise invalid(f"{expression} is required (true or false)", expression)
            return bool(extension.valueBoolean)
    return False


def parse(statement: Any, client: Any) -> tuple[MedicationInput, dict[str, Any]]:
    if statement.medicationCodeableConcept is None:
        raise invalid(
            f"{NAME}.medicationCodeableConcept is required (medicationReference is not supported)",
            f"{NAME}.medicationCodeableConcept",
        )
    concept = statement.medicationCodeableConcept
    coding = first_coding(concept, f"{NAME}.medicationCodeableConcept", ATC)
    start = end = None
    if statement.effectivePeriod is not None:
        start = _day(statement.effectivePeriod.start)
        end = _day(statement.effectivePeriod.end)
    elif statement.effectiveDateTime is not None:
        start = _day(statement.effectiveDateTime)
    dosage = next((d.text for d in statement.dosage or [] if d.text), "")
    source = statement.informationSource
    return (
        MedicationInput(
            code=Coding(str(coding.system or ""), str(coding.code), str(coding.display or "")),
            name=concept.text or coding.display or "",
            dosage_text=dosage or "",
            prescriber=(source.display or "") if source else "",
            status=one_of(statement.status, MedicationStatus.values, f"{NAME}.status"),
            start_date=start,
            end_date=end,
            renewable=_renewable(statement),
        ),
        {},
    )


MEDICINES = RecordKind(
    resource_type=NAME,
    model=Medication,
    patient_element="subject",
    parse=parse,
    file=services.file_medication,
    to_fhir=to_fhir,
    error_elements={
        "dates": f"{NAME}.effectivePeriod",
        "other_person": f"{NAME}.subject",
    },
)

MEDICATION_STATEMENT: Kind = Kind(
    resource_type=NAME,
    model=MedicationStatement,
    documentation=(
        "Medicines on the patient's list, shown on the health record at once. identifier "
        "(or If-None-Exist: identifier=system|value): a resend updates it. subject "
        "Patient/<id> or a national identity number; medicationCodeableConcept ATC, its text "
        "the medicine's name; dosage[0].text; status active, completed, stopped or "
        "entered-in-error; effectivePeriod; informationSource.display (the prescriber). "
        f"Extension {RENEWABLE} (valueBoolean): the prescription is renewable, so the "
        "patient can ask for a renewal on the health record."
    ),
    read=make_read(MEDICINES),
    search=make_search(
        MEDICINES,
        {
            **common_filters("subject"),
            "code": code_filter("system", "code", "code"),
            "status": lambda rows, value: rows.filter(
                status=one_of(value, MedicationStatus.values, "status")
            ),
        },
    ),
    create=make_create(MEDICINES, lambda: MEDICATION_STATEMENT),
    update=make_update(MEDICINES, lambda: MEDICATION_STATEMENT),
    includes={"MedicationStatement:patient": include_patients("subject")},
    search_parameters=[
        *common_parameters("subject"),
        SearchParameter("code", "token", "ATC code: http://www.whocc.no/atc|C09AA05"),
        SearchParameter("status", "token", "active, completed, stopped or entered-in-error"),
    ],
)
