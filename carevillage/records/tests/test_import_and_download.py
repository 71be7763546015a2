"""The health record in and out as FHIR: `import_records` files a Bundle as the
organization (a rerun updates, a bad entry is reported and the rest go on), and the
patient downloads her whole record as a Bundle that the R4 models accept, without what
she may not see."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from fhir.resources.R4B.bundle import Bundle

from carevillage.audit.models import AuditEvent
from carevillage.fhir.demo import seed_demo_client
from carevillage.fhir.mapping.base import FINNISH_ID
from carevillage.identity.models import Person, User
from carevillage.records import services
from carevillage.records.inputs import Coding, DocumentInput
from carevillage.records.models import Document, Immunization, Result
from carevillage.tenants.models import PatientRegistration
from carevillage.testing import login_citizen
from carevillage.testing.demo import seed_demo_without_content
from carevillage.testing.factories import make_care_team, make_organization, make_person

pytestmark = pytest.mark.django_db

LOINC = "http://loinc.org"


def observation(subject: dict, identifier: str, value: float) -> dict:
    return {
        "resourceType": "Observation",
        "identifier": [{"system": "urn:harbour:lab", "value": identifier}],
        "status": "final",
        "code": {"coding": [{"system": LOINC, "code": "3016-3", "display": "TSH"}]},
        "subject": subject,
        "effectiveDateTime": "2026-03-02T08:15:00+02:00",
        "valueQuantity": {"value": value, "system": "http://unitsofmeasure.org", "code": "m[IU]/L"},
    }


@pytest.fixture
def harbour_bundle(tmp_path):
    harbour = make_organization("Harbour Health District")
    team = make_care_team(harbour, "Harbour nurses")
    aino = make_person("Aino", "Harbour", birth_date=dt.date(1985, 3, 14))
    PatientRegistration.objects.create(person=aino, organization=harbour, care_team=team)
    by_number = {"identifier": {"system": FINNISH_ID, "value": aino.national_id}}
    stranger = make_person("Bruno", "Elsewhere")
    entries = [
        observation(by_number, "lab-1", 5.2),
        observation({"reference": f"Patient/{stranger.pk}"}, "lab-2", 1.0),
        {**observation(by_number, "lab-3", 1.0), "valueQuantity": {"value": "high"}},
        {
            "resourceType": "Immunization",
            "identifier": [{"system": "urn:harbour:vacc", "value": "v-1"}],
            "status": "completed",
            "vaccineCode": {"coding": [{"system": "http://www.whocc.no/atc", "code": "J07BB02"}]},
            "patient": {"reference": f"Patient/{aino.pk}"},
            "occurrenceDateTime": "2025-10-15",
        },
        {
            "resourceType": "DocumentReference",
            "identifier": [{"system": "urn:harbour:docs", "value": "doc-1"}],
            "status": "current",
            "type": {"coding": [{"system": LOINC, "code": "11488-4", "display": "Consult note"}]},
            "subject": by_number,
            "date": "2026-03-02T10:00:00+02:00",
            "description": "Thyroid clinic visit",
            "content": [
                {
                    "attachment": {
                        "contentType": "text/plain",
                        "data": base64.b64encode(b"Seen at the clinic.").decode(),
                    }
                }
            ],
        },
        {"resourceType": "Patient", "id": "x"},
    ]
    path = tmp_path / "records.json"
    path.write_text(
        json.dumps(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": resource} for resource in entries],
            }
        )
    )
    return path, harbour, aino


def run(path, slug: str) -> tuple[str, str]:
    out = io.StringIO()
    try:
        call_command("import_records", str(path), organization=slug, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


def test_import_files_each_entry_and_a_rerun_updates_them(harbour_bundle):
    path, harbour, aino = harbour_bundle
    output, error = run(path, harbour.slug)
    lines = output.splitlines()
    assert lines[0].startswith("entry 1: created: Observation/")
    assert "entry 2: error: Observation: Observation.subject is not a patient of" in lines[1]
    assert "(Observation.valueQuantity.value)" in lines[2]
    assert lines[3].startswith("entry 4: created: Immunization/")
    assert lines[4].startswith("entry 5: created: DocumentReference/")
    assert "Patient is not a record entry" in lines[5]
    assert error == "3 created, 0 updated, 3 error: the entries with an error were not filed"
    counts = (Result.objects.count(), Immunization.objects.count(), Document.objects.count())
    assert counts == (1, 1, 1)
    assert Result.objects.get().person == aino
    # The trail names the import and the organization.
    filed = AuditEvent.objects.filter(action="file_record_item", outcome="allow")
    assert filed.count() == 3
    assert {(e.actor_label, e.actor_organization) for e in filed} == {
        ("import_records records.json", "Harbour Health District")
    }

    output, error = run(path, harbour.slug)
    assert output.splitlines()[0].startswith("entry 1: updated: Observation/")
    assert "0 created, 3 updated, 3 error" in error
    counts = (Result.objects.count(), Immunization.objects.count(), Document.objects.count())
    assert counts == (1, 1, 1)
    assert Result.objects.get().version == 2


def test_import_refuses_an_unreadable_file_or_an_unknown_organization(harbour_bundle, tmp_path):
    path, harbour, _aino = harbour_bundle
    assert "no organization with the short name 'nowhere'" in run(path, "nowhere")[1]
    assert "cannot read" in run(tmp_path / "missing.json", harbour.slug)[1]
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert "is not JSON" in run(broken, harbour.slug)[1]
    broken.write_text(json.dumps({"resourceType": "Bundle", "type": "searchset", "entry": []}))
    assert "type must be one of: collection, transaction, batch" in run(broken, harbour.slug)[1]
    assert Result.objects.count() == 0


@pytest.fixture
def aino_with_hidden_entries(eid, client):
    """Aino of the demo village, with one result withheld by nurse Sanna and a document
    filed just now (shown only after the delay)."""
    seed_demo_without_content()
    aino = Person.objects.get(oidc_subject="demo-aino")
    withheld = Result.objects.filter(person=aino).order_by("pk").first()
    services.withhold(User.objects.get(username="nurse.sanna"), withheld, "Talk first.")
    fresh, _created = services.file_document(
        seed_demo_client(),
        person=aino,
        source_identifier="urn:demo-ehr:records|fresh-letter",
        data=DocumentInput(
            type=Coding(LOINC, "11488-4", "Consult note"),
            title="Not yet shown",
            date=dt.datetime.now(dt.UTC),
            text="Waiting for the delay.",
        ),
    )
    login_citizen(client, "demo-aino")
    return aino, withheld, fresh


def test_download_is_a_valid_bundle_of_what_aino_sees(client, aino_with_hidden_entries):
    aino, withheld, fresh = aino_with_hidden_entries
    page = client.get("/en/my/record/").content.decode()
    assert 'href="/en/my/record/download.json"' in page
    assert "Download my record (FHIR JSON)" in page

    response = client.get("/en/my/record/download.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert response["Content-Disposition"].startswith('attachment; filename="health-record-')
    bundle = Bundle.model_validate(json.loads(response.content))
    assert bundle.type == "collection"
    by_type: dict[str, list] = {}
    for entry in bundle.entry:
        by_type.setdefault(entry.resource.get_resource_type(), []).append(entry.resource)
    [patient] = by_type["Patient"]
    assert patient.identifier[0].value == aino.national_id
    results = {r.id for r in by_type["Observation"]}
    shown = Result.objects.filter(person=aino, withheld=False)
    assert results == {str(pk) for pk in shown.values_list("pk", flat=True)}
    assert str(withheld.pk) not in results
    assert str(fresh.pk) not in {d.id for d in by_type.get("DocumentReference", [])}
    assert {"Immunization", "MedicationStatement"} <= set(by_type)
    assert AuditEvent.objects.filter(
        action="view_record", outcome="allow", subject_person_id=aino.pk, purpose="record download"
    ).exists()


def test_download_link_is_translated(client, aino_with_hidden_entries):
    wording = {
        "fi": "Lataa terveystietoni (FHIR JSON)",
        "sv": "Ladda ner min journal (FHIR JSON)",
        "nb": "Last ned journalen min (FHIR JSON)",
        "nn": "Last ned journalen min (FHIR JSON)",
    }
    for language, text in wording.items():
        page = client.get(f"/{language}/my/record/").content.decode()
        assert f'href="/{language}/my/record/download.json"' in page
        assert text in page


def test_someone_else_gets_only_their_own_download(client, eid):
    seed_demo_without_content()
    login_citizen(client, "demo-mikko")
    aino = Person.objects.get(oidc_subject="demo-aino")
    response = client.get("/en/my/record/download.json")
    bundle = Bundle.model_validate(json.loads(response.content))
    assert {e.resource.get_resource_type() for e in bundle.entry} == {"Patient"}
    assert bundle.entry[0].resource.id != str(aino.pk)


def test_the_readme_example_bundle_imports_for_aino(eid):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    example = Path(settings.BASE_DIR) / "docs" / "examples" / "aino-records-bundle.json"
    output, error = run(example, "demo-hospital-district")
    assert error == "", output
    assert output.splitlines()[-1] == "4 created, 0 updated, 0 error"
    aino = Person.objects.get(oidc_subject="demo-aino")
    assert Result.objects.filter(
        person=aino, code="718-7", source_identifier__contains="hb-2026"
    ).exists()
