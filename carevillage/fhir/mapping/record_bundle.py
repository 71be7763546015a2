"""The patient's whole health record as one FHIR Bundle (type collection): their Patient
resource and every entry of their record they may see, in the same R4 shape the API
serves. What is withheld, not shown yet or superseded is not in it: the rows come from
`records.selectors.patient_record`, the same read as the record page."""

from __future__ import annotations

from typing import Any

from django.db.models import prefetch_related_objects
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.identity.models import Person
from carevillage.records.selectors import Record, patient_record

from .base import base_url
from .document_reference import to_fhir as document_to_fhir
from .immunization import to_fhir as immunization_to_fhir
from .medication_statement import to_fhir as medication_to_fhir
from .observation import to_fhir as result_to_fhir
from .patient import to_fhir as patient_to_fhir


def record_bundle(person: Any, record: Record) -> dict[str, Any]:
    prefetch_related_objects(record.documents, "replaced")
    resources = [patient_to_fhir(person)]
    resources += [document_to_fhir(row) for row in record.documents]
    resources += [
        result_to_fhir(row) for day in record.results for kind in day.kinds for row in kind.results
    ]
    resources += [immunization_to_fhir(row) for row in record.immunizations]
    resources += [
        medication_to_fhir(row) for row in record.medications.current + record.medications.earlier
    ]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": [
            {
                "fullUrl": f"{base_url()}/{resource['resourceType']}/{resource['id']}",
                "resource": resource,
            }
            for resource in resources
        ],
    }
    return Bundle.model_validate(bundle).model_dump(mode="json", exclude_none=True, by_alias=True)


def record_download(actor: Any, person: Any) -> dict[str, Any]:
    """The person's own download: the download as such is a read of their record in their
    trail (refused, and audited, for anyone else); each entry in it is audited by the
    selector as on the record page."""
    own = access.get(
        actor, AuditAction.VIEW_RECORD, Person, pk=person.pk, purpose="record download"
    )
    return record_bundle(own, patient_record(actor, own))
