"""CSV and FHIR R4 imports: bad rows reported by line with the reason, good rows written whole."""

from __future__ import annotations

import json

import pytest

from carevillage.audit.models import AuditEvent
from carevillage.directory import services
from carevillage.directory.models import Provider

from .factories import make_service

pytestmark = pytest.mark.django_db

HEADER = "id,name,kind,services,street_address,postcode,city,country,latitude,longitude,phone,booking_url,languages,accessibility,hours\n"  # noqa: E501


@pytest.fixture(autouse=True)
def known_services():
    make_service("vaccinations", "Vaccinations")
    make_service("pharmacy", "Pharmacy")


def csv_bytes(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


GOOD = 'p1,Kallio station,health_station,vaccinations,Main st 1,00530,Helsinki,FI,60.18,24.95,+358 9 1,https://book.example.org/p1,fi;sv,"Step-free",mon-fri 08:00-16:00; sat 10:00-14:00'  # noqa: E501


def test_csv_imports_good_rows_and_reports_each_bad_line_with_its_reason(importer):
    report = services.import_providers_csv(
        actor=importer,
        data=csv_bytes(
            GOOD,
            "p2,Bad kind,castle,vaccinations,Main st 2,00530,Helsinki,FI,60.18,24.95,,,,,",
            "p3,Bad place,pharmacy,pharmacy,Main st 3,00530,Helsinki,FI,160,24.95,,,,,",
            "p4,Bad service,pharmacy,surgery;xray,Main st 4,00530,Helsinki,FI,60.1,24.9,,,,,",
            "p5,Bad hours,pharmacy,pharmacy,Main st 5,00530,Helsinki,FI,60.1,24.9,,,,,mon 8-16",
            "p1,Duplicate,pharmacy,pharmacy,Main st 6,00530,Helsinki,FI,60.1,24.9,,,,,",
        ),
    )
    assert report.imported == 1
    assert [(p.where, p.reason) for p in report.problems] == [
        (
            "line 3",
            "Kind “castle” is not one of: hospital_unit, health_centre, health_station, pharmacy.",
        ),
        ("line 4", "latitude must be between -90 and 90."),
        ("line 5", "Unknown service code(s): surgery, xray."),
        ("line 6", "Opening hours “mon 8-16” are not like “mon-fri 08:00-16:00”."),
        ("line 7", "The id p1 is already used on line 2."),
    ]
    provider = Provider.objects.get()
    assert provider.name == "Kallio station"
    assert provider.language_codes == ["fi", "sv"]
    assert [s.code for s in provider.services.all()] == ["vaccinations"]
    assert provider.opening_hours.count() == 6
    assert AuditEvent.objects.filter(action="directory.import", outcome="allow").count() == 1


def test_csv_import_updates_a_provider_by_id_without_duplicating_hours(importer):
    services.import_providers_csv(actor=importer, data=csv_bytes(GOOD))
    services.import_providers_csv(
        actor=importer, data=csv_bytes(GOOD.replace("Kallio station", "Kallio"))
    )
    provider = Provider.objects.get()
    assert provider.name == "Kallio"
    assert provider.opening_hours.count() == 6


def test_csv_without_required_columns_changes_nothing(importer):
    report = services.import_providers_csv(actor=importer, data=b"id,name\np1,X\n")
    assert report.imported == 0
    assert report.problems[0].reason == (
        "Missing column(s): kind, services, street_address, postcode, city, country, latitude, longitude."
    )
    assert not Provider.objects.exists()


def test_an_import_by_someone_without_the_editor_role_writes_nothing_and_is_audited():
    from carevillage import access
    from carevillage.testing.factories import make_organization, make_staff

    nurse = make_staff("nurse.nina", make_organization("Nina district"))
    with pytest.raises(access.AccessDenied):
        services.import_providers_csv(actor=nurse, data=csv_bytes(GOOD, GOOD.replace("p1,", "p9,")))
    assert not Provider.objects.exists()
    denied = AuditEvent.objects.get(action="directory.import")
    assert (denied.outcome, denied.actor_user_id) == ("deny", nurse.pk)


def bundle(*resources: dict) -> bytes:
    return json.dumps(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [{"resource": r} for r in resources],
        }
    ).encode()


ORG = {
    "resourceType": "Organization",
    "id": "org1",
    "name": "Harbour Health",
    "type": [{"coding": [{"code": "health_centre"}]}],
    "telecom": [{"system": "phone", "value": "+358 9 555"}],
}
LOCATION = {
    "resourceType": "Location",
    "id": "loc1",
    "name": "Harbour health centre",
    "managingOrganization": {"reference": "Organization/org1"},
    "address": {"line": ["Quay 1"], "postalCode": "00100", "city": "Helsinki", "country": "FI"},
    "position": {"latitude": 60.17, "longitude": 24.94},
    "hoursOfOperation": [
        {"daysOfWeek": ["mon", "tue"], "openingTime": "20:00:00", "closingTime": "02:00:00"}
    ],
}
SERVICE = {
    "resourceType": "HealthcareService",
    "id": "hs1",
    "providedBy": {"reference": "Organization/org1"},
    "location": [{"reference": "Location/loc1"}],
    "type": [{"coding": [{"code": "vaccinations"}]}],
    "communication": [{"coding": [{"code": "fi"}, {"code": "sv-FI"}]}],
    "characteristic": [{"text": "Wheelchair accessible"}],
    "telecom": [{"system": "url", "value": "https://book.example.org/harbour"}],
}


def test_fhir_bundle_location_becomes_a_provider_with_its_services_and_hours(importer):
    report = services.import_fhir_bundle(actor=importer, data=bundle(ORG, LOCATION, SERVICE))
    assert report.problems == []
    provider = Provider.objects.get(external_id="fhir-loc1")
    assert provider.kind == "health_centre"
    assert provider.phone == "+358 9 555"
    assert provider.language_codes == ["fi", "sv"]
    assert provider.accessibility_notes == "Wheelchair accessible"
    assert provider.booking_url == "https://book.example.org/harbour"
    assert [s.code for s in provider.services.all()] == ["vaccinations"]
    assert provider.opening_hours.count() == 2


def test_fhir_bundle_reports_bad_entries_and_imports_the_rest(importer):
    orphan = {**LOCATION, "id": "loc2", "managingOrganization": {"reference": "Organization/nope"}}
    nowhere = {**LOCATION, "id": "loc3", "position": {}}
    patient = {"resourceType": "Patient", "id": "p1"}
    report = services.import_fhir_bundle(
        actor=importer, data=bundle(ORG, LOCATION, SERVICE, orphan, nowhere, patient)
    )
    assert report.imported == 1
    assert [(p.where, p.reason) for p in report.problems] == [
        ("entry 6", "Only Organization, Location and HealthcareService are imported."),
        ("entry 4 (Location/loc2)", "Its managing Organization/nope is not in the bundle."),
        ("entry 5 (Location/loc3)", "position.latitude and position.longitude are required."),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{not json", "Not valid JSON (line 1)."),
        (b'{"resourceType": "Patient"}', "The file is not a FHIR Bundle."),
        (b"\xff\xfe", "The file is not UTF-8 text."),
    ],
)
def test_a_file_that_is_not_a_bundle_is_refused_whole(importer, data, reason):
    report = services.import_fhir_bundle(actor=importer, data=data)
    assert [p.reason for p in report.problems] == [reason]
    assert not Provider.objects.exists()
