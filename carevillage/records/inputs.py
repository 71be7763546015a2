"""What an EHR sends for one record entry, already parsed (by the FHIR mapping or the
`import_records` command) into plain values. The person, the sending organization and
the EHR's identifier of the entry are the service's own arguments, not part of these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Coding:
    system: str
    code: str
    display: str = ""


@dataclass(frozen=True)
class ResultInput:
    code: Coding
    effective_at: dt.datetime
    status: str = "final"
    # The end of a sampling period (effective_at is its start).
    effective_until: dt.datetime | None = None
    category: str = ""
    issued_at: dt.datetime | None = None
    value: Decimal | None = None
    # UCUM code (ucum.org), e.g. "g/L", "10*9/L", "mU/L".
    unit: str = ""
    value_text: str = ""
    # A coded value (e.g. SNOMED CT "Positive"); `value_text`, when given, is what the
    # patient reads, else the coding's display.
    value_coding: Coding | None = None
    reference_low: Decimal | None = None
    reference_high: Decimal | None = None
    reference_text: str = ""
    # HL7 v3 ObservationInterpretation: "", N, H, L, HH, LL, A.
    interpretation: str = ""
    performer: str = ""
    note: str = ""


@dataclass(frozen=True)
class DocumentInput:
    type: Coding
    title: str
    date: dt.datetime
    author: str = ""
    text: str = ""
    attachment: bytes | None = None
    content_type: str = ""
    filename: str = ""
    status: str = "current"
    # The source identifier ("system|value") of an earlier document of the same
    # organization this one replaces (DocumentReference.relatesTo "replaces").
    replaces: str = ""


@dataclass(frozen=True)
class ImmunizationInput:
    vaccine: Coding
    occurred_on: dt.date
    dose_number: int | None = None
    series_doses: int | None = None
    performer: str = ""
    lot_number: str = ""
    status: str = "completed"


@dataclass(frozen=True)
class MedicationInput:
    # ATC code (atcddd.fhi.no).
    code: Coding
    name: str
    dosage_text: str = ""
    prescriber: str = ""
    status: str = "active"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    renewable: bool = False
