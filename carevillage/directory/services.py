"""Every write to the directory: CSV and FHIR R4 Bundle imports of providers.

An import checks every row first. Bad rows are reported by line (CSV) or entry (FHIR) with
the reason; the good rows are then written in one transaction with the audit event, so a
provider is never half-written (its services and opening hours come with it) and a crash
leaves nothing behind.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.audit.actions import AuditAction

from .models import Country, OpeningHours, Provider, ProviderKind, Service

MAX_IMPORT_BYTES = 5 * 1024 * 1024
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
HOURS_PART = re.compile(r"^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
CSV_REQUIRED = [
    "id", "name", "kind", "services", "street_address", "postcode", "city", "country",
    "latitude", "longitude",
]  # fmt: skip
CSV_OPTIONAL = ["phone", "booking_url", "languages", "accessibility", "hours"]
# The model's column sizes (models.Provider); PostgreSQL refuses anything longer.
FIELD_LIMITS = {
    "external_id": 64,
    "name": 200,
    "street_address": 200,
    "postcode": 10,
    "city": 100,
    "phone": 40,
    "booking_url": 200,
    "accessibility_notes": 5000,
}


class RowError(ValueError):
    """One row cannot be imported; the message says why (shown to the admin)."""


@dataclass
class ProviderRecord:
    external_id: str
    name: str
    kind: str
    service_codes: list[str]
    street_address: str
    postcode: str
    city: str
    country: str
    latitude: float
    longitude: float
    phone: str = ""
    booking_url: str = ""
    languages: list[str] = field(default_factory=list)
    accessibility_notes: str = ""
    hours: list[tuple[int, datetime.time, datetime.time]] = field(default_factory=list)


@dataclass(frozen=True)
class ImportProblem:
    where: str  # "line 4" or "entry 3 (Location/loc-1)"
    reason: str


@dataclass
class ImportReport:
    imported: int = 0
    problems: list[ImportProblem] = field(default_factory=list)


# --- checking one record ------------------------------------------------------------------


def _float(value: object, name: str, low: float, high: float) -> float:
    try:
        number = float(str(value).strip())
    except ValueError:
        raise RowError(
            _("%(field)s is not a number: “%(value)s”.") % {"field": name, "value": value}
        ) from None
    if not low <= number <= high:
        raise RowError(
            _("%(field)s must be between %(low)s and %(high)s.")
            % {"field": name, "low": low, "high": high}
        )
    return number


def _time(value: str) -> datetime.time:
    try:
        hour, minute = (int(part) for part in value.split(":"))
        return datetime.time(0 if hour == 24 else hour, minute)
    except ValueError:
        raise RowError(_("“%(value)s” is not a time like 08:00.") % {"value": value}) from None


def parse_hours(text: str) -> list[tuple[int, datetime.time, datetime.time]]:
    """'mon-fri 08:00-16:00; sat 10:00-14:00' to (weekday, opens, closes) triples."""
    result = []
    for part in filter(None, (p.strip().lower() for p in text.split(";"))):
        match = HOURS_PART.match(part)
        if not match or match.group(1) not in DAYS or (match.group(2) or "mon") not in DAYS:
            raise RowError(
                _("Opening hours “%(part)s” are not like “mon-fri 08:00-16:00”.") % {"part": part}
            )
        first = DAYS.index(match.group(1))
        last = DAYS.index(match.group(2)) if match.group(2) else first
        if last < first:
            raise RowError(_("Opening hours “%(part)s” run backwards.") % {"part": part})
        opens, closes = _time(match.group(3)), _time(match.group(4))
        result += [(day, opens, closes) for day in range(first, last + 1)]
    return result


def check_record(record: ProviderRecord, known_services: set[str]) -> ProviderRecord:
    for name in ("external_id", "name", "street_address", "postcode", "city"):
        if not str(getattr(record, name)).strip():
            raise RowError(_("%(field)s is missing.") % {"field": name})
    for name, limit in FIELD_LIMITS.items():
        if len(str(getattr(record, name))) > limit:
            raise RowError(
                _("%(field)s is longer than %(limit)s characters.")
                % {"field": name, "limit": limit}
            )
    if len(",".join(record.languages)) > 100:
        raise RowError(_("Too many languages: at most 100 characters of codes."))
    for name in ("external_id", "name", "street_address", "postcode", "city", "phone"):
        if any(ord(ch) < 32 for ch in str(getattr(record, name))):
            raise RowError(
                _("%(field)s contains a line break or a control character.") % {"field": name}
            )
    if record.kind not in ProviderKind.values:
        raise RowError(
            _("Kind “%(kind)s” is not one of: %(kinds)s.")
            % {"kind": record.kind, "kinds": ", ".join(ProviderKind.values)}
        )
    if record.country not in Country.values:
        raise RowError(
            _("Country “%(country)s” is not one of: %(countries)s.")
            % {"country": record.country, "countries": ", ".join(Country.values)}
        )
    unknown = sorted(set(record.service_codes) - known_services)
    if unknown:
        raise RowError(_("Unknown service code(s): %(codes)s.") % {"codes": ", ".join(unknown)})
    bad_languages = [code for code in record.languages if not LANGUAGE_CODE.match(code)]
    if bad_languages:
        raise RowError(
            _("Languages must be two-letter codes such as fi, sv: %(codes)s.")
            % {"codes": ", ".join(bad_languages)}
        )
    if record.booking_url:
        try:
            URLValidator(schemes=["https", "http"])(record.booking_url)
        except ValidationError:
            raise RowError(_("The booking link is not a web address.")) from None
    return record


# --- writing ------------------------------------------------------------------------------


@access.atomic
def _write(*, actor: Any, records: list[ProviderRecord], source: str) -> None:
    """Every provider whole, or none: one transaction, one decision and event per provider."""
    services = {s.code: s for s in Service.objects.all()}
    for record in records:
        provider, _created = Provider.objects.update_or_create(
            external_id=record.external_id,
            defaults={
                "name": record.name,
                "kind": record.kind,
                "street_address": record.street_address,
                "postcode": record.postcode,
                "city": record.city,
                "country": record.country,
                "latitude": record.latitude,
                "longitude": record.longitude,
                "phone": record.phone,
                "booking_url": record.booking_url,
                "languages": ",".join(record.languages),
                "accessibility_notes": record.accessibility_notes,
            },
        )
        access.require(actor, AuditAction.DIRECTORY_IMPORT, provider, purpose=f"{source} import")
        provider.services.set([services[c] for c in record.service_codes])
        provider.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(provider=provider, weekday=d, opens=o, closes=c)
            for d, o, c in record.hours
        )


def _finish(
    *, actor: Any, records: list[tuple[str, ProviderRecord]], report: ImportReport, source: str
) -> ImportReport:
    seen: dict[str, str] = {}
    good = []
    for where, record in records:
        if record.external_id in seen:
            report.problems.append(
                ImportProblem(
                    where,
                    _("The id %(id)s is already used on %(where)s.")
                    % {"id": record.external_id, "where": seen[record.external_id]},
                )
            )
            continue
        seen[record.external_id] = where
        good.append(record)
    if good:
        _write(actor=actor, records=good, source=source)
    report.imported = len(good)
    return report


# --- CSV ----------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise RowError(_("The file is larger than 5 MB."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RowError(_("The file is not UTF-8 text.")) from None


def import_providers_csv(*, actor: Any, data: bytes) -> ImportReport:
    """Import providers from CSV (header row; see CSV_REQUIRED and CSV_OPTIONAL)."""
    report = ImportReport()
    try:
        text = _decode(data)
    except RowError as error:
        report.problems.append(ImportProblem(_("file"), str(error)))
        return report
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error:
        report.problems.append(
            ImportProblem(_("line 1"), _("The header line cannot be read as CSV."))
        )
        return report
    missing = [c for c in CSV_REQUIRED if c not in fieldnames]
    if missing:
        report.problems.append(
            ImportProblem(
                _("line 1"), _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}
            )
        )
        return report
    known = set(Service.objects.values_list("code", flat=True))
    records = []
    rows: list[tuple[int, dict]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as error:
        # The file is refused whole, at the line where reading stopped.
        if "field larger than field limit" in str(error):
            reason = _("a field is longer than %(limit)s characters") % {
                "limit": f"{csv.field_size_limit():,}"
            }
        else:
            reason = _("a quote is not closed or the line contains a NUL character")
        report.problems.append(
            ImportProblem(
                _("line %(number)s") % {"number": reader.line_num + 1},
                _("The line cannot be read as CSV: %(reason)s. Nothing was imported.")
                % {"reason": reason},
            )
        )
        return report
    for line_number, row in rows:
        where = _("line %(number)s") % {"number": line_number}
        try:
            if None in row or any(row.get(c) is None for c in CSV_REQUIRED):
                raise RowError(_("The line has a different number of fields than the header."))
            record = ProviderRecord(
                external_id=row["id"].strip(),
                name=row["name"].strip(),
                kind=row["kind"].strip(),
                service_codes=[c.strip() for c in row["services"].split(";") if c.strip()],
                street_address=row["street_address"].strip(),
                postcode=row["postcode"].strip(),
                city=row["city"].strip(),
                country=row["country"].strip().upper(),
                latitude=_float(row["latitude"], "latitude", -90, 90),
                longitude=_float(row["longitude"], "longitude", -180, 180),
                phone=(row.get("phone") or "").strip(),
                booking_url=(row.get("booking_url") or "").strip(),
                languages=[
                    c.strip().lower() for c in (row.get("languages") or "").split(";") if c.strip()
                ],
                accessibility_notes=(row.get("accessibility") or "").strip(),
                hours=parse_hours(row.get("hours") or ""),
            )
            records.append((where, check_record(record, known)))
        except RowError as error:
            report.problems.append(ImportProblem(where, str(error)))
    return _finish(actor=actor, records=records, report=report, source="csv")


# --- FHIR R4 Bundle -----------------------------------------------------------------------

FHIR_DAYS = {d: i for i, d in enumerate(DAYS)}
# http://hl7.org/fhir/R4/datatypes.html#id
FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def _refuse_constant(name: str) -> float:
    raise RowError(
        _("The file contains %(value)s, which is not a number JSON allows.") % {"value": name}
    )


def _reference_id(reference: object, kind: str) -> str:
    value = reference.get("reference", "") if isinstance(reference, dict) else ""
    if not isinstance(value, str):
        value = ""
    prefix = f"{kind}/"
    if not value.startswith(prefix):
        raise RowError(
            _("The reference “%(ref)s” does not point to a %(kind)s.")
            % {"ref": value, "kind": kind}
        )
    return value[len(prefix) :]


def _object(value: object, name: str) -> dict:
    """An optional FHIR element that must be an object when present."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RowError(_("%(element)s must be a JSON object.") % {"element": name})
    return value


def _objects(value: object, name: str) -> list[dict]:
    """An optional FHIR element that must be a list of objects when present."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise RowError(_("%(element)s must be a list of JSON objects.") % {"element": name})
    return value


def _text(value: object, name: str) -> str:
    """An optional FHIR string (a number is taken as its text, e.g. a postal code)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise RowError(_("%(element)s must be text.") % {"element": name})
    return str(value)


def _codes(concepts: object) -> list[str]:
    codes = []
    for concept in concepts if isinstance(concepts, list) else []:
        codings = concept.get("coding") if isinstance(concept, dict) else None
        for coding in codings if isinstance(codings, list) else []:
            if isinstance(coding, dict) and coding.get("code"):
                codes.append(str(coding["code"]))
    return codes


def _location_record(location: dict, organizations: dict, services: list[dict]) -> ProviderRecord:
    org_id = _reference_id(location.get("managingOrganization"), "Organization")
    organization = organizations.get(org_id)
    if organization is None:
        raise RowError(_("Its managing Organization/%(id)s is not in the bundle.") % {"id": org_id})
    address = _object(location.get("address"), "address")
    position = _object(location.get("position"), "position")
    if "latitude" not in position or "longitude" not in position:
        raise RowError(_("position.latitude and position.longitude are required."))
    hours = []
    for entry in _objects(location.get("hoursOfOperation"), "hoursOfOperation"):
        days = entry.get("daysOfWeek") or []
        if not isinstance(days, list) or any(
            not isinstance(d, str) or d not in FHIR_DAYS for d in days
        ):
            raise RowError(
                _("daysOfWeek has an unknown day: %(days)s.")
                % {"days": ", ".join(map(str, days)) if isinstance(days, list) else str(days)}
            )
        if entry.get("allDay") is True:
            opens = closes = datetime.time(0)
        else:
            opens = _time(_text(entry.get("openingTime"), "openingTime")[:5])
            closes = _time(_text(entry.get("closingTime"), "closingTime")[:5])
        hours += [(FHIR_DAYS[d], opens, closes) for d in days]
    service_codes, languages, notes, booking = [], [], [], ""
    for service in services:
        service_codes += _codes(service.get("type"))
        languages += [c.split("-")[0].lower() for c in _codes(service.get("communication"))]
        notes += [
            _text(c.get("text"), "characteristic.text")
            for c in _objects(service.get("characteristic"), "characteristic")
        ]
        for telecom in _objects(service.get("telecom"), "telecom"):
            if telecom.get("system") == "url" and not booking:
                booking = _text(telecom.get("value"), "telecom.value")
    phone = next(
        (
            _text(t.get("value"), "telecom.value")
            for t in _objects(organization.get("telecom"), "telecom")
            if t.get("system") == "phone"
        ),
        "",
    )
    kinds = _codes(organization.get("type"))
    lines = address.get("line") or [""]
    if not isinstance(lines, list):
        raise RowError(_("%(element)s must be a list of texts.") % {"element": "address.line"})
    return ProviderRecord(
        external_id=f"fhir-{location['id']}",
        name=_text(location.get("name"), "name") or _text(organization.get("name"), "name"),
        kind=kinds[0] if kinds else "",
        service_codes=sorted(set(service_codes)),
        street_address=_text(lines[0], "address.line"),
        postcode=_text(address.get("postalCode"), "address.postalCode"),
        city=_text(address.get("city"), "address.city"),
        country=_text(address.get("country"), "address.country").upper(),
        latitude=_float(position["latitude"], "latitude", -90, 90),
        longitude=_float(position["longitude"], "longitude", -180, 180),
        phone=phone,
        booking_url=booking,
        languages=sorted(set(languages)),
        accessibility_notes=" ".join(n for n in notes if n),
        hours=hours,
    )


def import_fhir_bundle(*, actor: Any, data: bytes) -> ImportReport:
    """Import a FHIR R4 Bundle: each Location becomes a provider.

    Its Organization (managingOrganization) gives the kind (Organization.type code) and
    phone; the HealthcareServices that list the Location give the services (type codes),
    languages (communication), accessibility (characteristic text) and booking link (url).
    """
    report = ImportReport()
    try:
        bundle = json.loads(_decode(data), parse_constant=_refuse_constant)
    except RowError as error:
        report.problems.append(ImportProblem(_("file"), str(error)))
        return report
    except json.JSONDecodeError as error:
        report.problems.append(
            ImportProblem(_("file"), _("Not valid JSON (line %(line)s).") % {"line": error.lineno})
        )
        return report
    except RecursionError:
        report.problems.append(ImportProblem(_("file"), _("The JSON is nested too deeply.")))
        return report
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        report.problems.append(ImportProblem(_("file"), _("The file is not a FHIR Bundle.")))
        return report
    listed = bundle.get("entry")
    entries: list[Any] = listed if isinstance(listed, list) else []
    resources: list[tuple[str, dict]] = []
    for number, entry in enumerate(entries, start=1):
        found = entry.get("resource") if isinstance(entry, dict) else None
        resource: dict[str, Any] = found if isinstance(found, dict) else {}
        kind = resource.get("resourceType")
        where = _("entry %(number)s") % {"number": number}
        if kind not in ("Organization", "Location", "HealthcareService"):
            report.problems.append(
                ImportProblem(
                    where, _("Only Organization, Location and HealthcareService are imported.")
                )
            )
            continue
        if not resource.get("id"):
            report.problems.append(
                ImportProblem(where, _("The %(kind)s has no id.") % {"kind": kind})
            )
            continue
        if not isinstance(resource["id"], str) or not FHIR_ID.match(resource["id"]):
            report.problems.append(
                ImportProblem(
                    where,
                    _("The id of the %(kind)s must be a FHIR id (letters, digits, - and .).")
                    % {"kind": kind},
                )
            )
            continue
        resources.append((f"{where} ({kind}/{resource['id']})", resource))
    organizations = {r["id"]: r for _w, r in resources if r["resourceType"] == "Organization"}
    services_at: dict[str, list[dict]] = {}
    for where, resource in resources:
        if resource["resourceType"] != "HealthcareService":
            continue
        try:
            for reference in _objects(resource.get("location"), "location"):
                services_at.setdefault(_reference_id(reference, "Location"), []).append(resource)
        except RowError as error:
            report.problems.append(ImportProblem(where, str(error)))
    known = set(Service.objects.values_list("code", flat=True))
    records = []
    for where, resource in resources:
        if resource["resourceType"] != "Location":
            continue
        try:
            record = _location_record(resource, organizations, services_at.get(resource["id"], []))
            records.append((where, check_record(record, known)))
        except RowError as error:
            report.problems.append(ImportProblem(where, str(error)))
    return _finish(actor=actor, records=records, report=report, source="fhir")
