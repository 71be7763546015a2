"""Immunization: a vaccination given (filed by `records.services.file_immunization`),
shown on the patient's health record and vaccination card at once.

- `vaccineCode`: ATC preferred (`http://www.whocc.no/atc`);
- `occurrenceDateTime` (a date or a moment; the day it was given);
- `protocolApplied[0]` `doseNumberPositiveInt` / `seriesDosesPositiveInt`;
- `performer[0].actor.display` (who gave it), `lotNumber`, `status`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from fhir.resources.R4B.immunization import Immunization as FhirImmunization

from carevillage.fhir.errors import invalid
from carevillage.records import services
from carevillage.records.inputs import Coding, ImmunizationInput
from carevillage.records.models import Immunization, ImmunizationStatus

from .base import Kind, SearchParameter, meta
from .patient import include_patients
from .record_entries import (
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
    one_of,
)

ATC = "http://www.whocc.no/atc"
NAME = "Immunization"


def to_fhir(row: Immunization) -> dict[str, Any]:
    coding: dict[str, Any] = {"code": row.vaccine_code, "display": row.vaccine_display}
    if row.vaccine_system:
        coding["system"] = row.vaccine_system
    resource: dict[str, Any] = {
        "resourceType": NAME,
        "id": str(row.pk),
        "meta": meta(row.version, row.updated_at),
        "identifier": identifier_of(row),
        "status": row.status,
        "vaccineCode": {"coding": [coding], "text": row.vaccine_display},
        "patient": {"reference": f"Patient/{row.person_id}"},
        "occurrenceDateTime": row.occurred_on.isoformat(),
    }
    if row.lot_number:
        resource["lotNumber"] = row.lot_number
    if row.performer:
        resource["performer"] = [{"actor": {"display": row.performer}}]
    protocol: dict[str, Any] = {}
    if row.dose_number is not None:
        protocol["doseNumberPositiveInt"] = row.dose_number
    if row.series_doses is not None:
        protocol["seriesDosesPositiveInt"] = row.series_doses
    if protocol:
        resource["protocolApplied"] = [protocol]
    return IMMUNIZATION.output(resource)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, dt.date) else None


def parse(immunization: Any, client: Any) -> tuple[ImmunizationInput, dict[str, Any]]:
    coding = first_coding(immunization.vaccineCode, f"{NAME}.vaccineCode", ATC)
    occurred = _day(immunization.occurrenceDateTime)
    if occurred is None:
        raise invalid(
            f"{NAME}.occurrenceDateTime is required: the day the vaccine was given",
            f"{NAME}.occurrenceDateTime",
        )
    dose = series = None
    if immunization.protocolApplied:
        protocol = immunization.protocolApplied[0]
        expression = f"{NAME}.protocolApplied[0]"
        if protocol.doseNumberString or protocol.seriesDosesString:
            raise invalid(
                f"{expression}: give doseNumberPositiveInt and seriesDosesPositiveInt",
                expression,
            )
        dose, series = protocol.doseNumberPositiveInt, protocol.seriesDosesPositiveInt
    performer = next(
        (p.actor.display for p in immunization.performer or [] if p.actor and p.actor.display),
        "",
    )
    return (
        ImmunizationInput(
            vaccine=Coding(str(coding.system or ""), str(coding.code), str(coding.display or "")),
            occurred_on=occurred,
            dose_number=dose,
            series_doses=series,
            performer=performer or "",
            lot_number=immunization.lotNumber or "",
            status=one_of(immunization.status, ImmunizationStatus.values, f"{NAME}.status"),
        ),
        {},
    )


VACCINATIONS = RecordKind(
    resource_type=NAME,
    model=Immunization,
    patient_element="patient",
    parse=parse,
    file=services.file_immunization,
    to_fhir=to_fhir,
    error_elements={
        "future_vaccination": f"{NAME}.occurrenceDateTime",
        "dose_number": f"{NAME}.protocolApplied[0]",
        "invalid": f"{NAME}.protocolApplied[0]",
        "other_person": f"{NAME}.patient",
    },
)

IMMUNIZATION: Kind = Kind(
    resource_type=NAME,
    model=FhirImmunization,
    documentation=(
        "Vaccinations, shown on the patient's health record and vaccination card at once. "
        "identifier (or If-None-Exist: identifier=system|value): a resend updates it. patient "
        "Patient/<id> or a national identity number; vaccineCode ATC; occurrenceDateTime; "
        "protocolApplied[0] doseNumberPositiveInt/seriesDosesPositiveInt; "
        "performer[0].actor.display; lotNumber."
    ),
    read=make_read(VACCINATIONS),
    search=make_search(
        VACCINATIONS,
        {
            **common_filters("patient"),
            "vaccine-code": code_filter("vaccine_system", "vaccine_code", "vaccine-code"),
            "code": code_filter("vaccine_system", "vaccine_code", "code"),
            "date": date_filter("occurred_on", "date"),
        },
    ),
    create=make_create(VACCINATIONS, lambda: IMMUNIZATION),
    update=make_update(VACCINATIONS, lambda: IMMUNIZATION),
    includes={"Immunization:patient": include_patients("patient")},
    search_parameters=[
        *common_parameters("patient"),
        SearchParameter("vaccine-code", "token", "ATC code: http://www.whocc.no/atc|J07BB02"),
        SearchParameter("code", "token", "the same as vaccine-code"),
        SearchParameter("date", "date", "occurrenceDateTime: ge2025-01-01 (repeatable)"),
    ],
)
