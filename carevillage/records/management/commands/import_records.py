"""`manage.py import_records FILE.json --organization SLUG`: file a FHIR Bundle
(collection, transaction or batch) of Observation, DocumentReference, Immunization and
MedicationStatement resources into the organization's patients' health records, through
the same mapping and services as the FHIR API. Each entry is its own filing: one that is
refused is reported and the others go on. Rerunning the same file updates the entries
(each is known by its identifier), it does not add them twice."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from carevillage.fhir.errors import FhirError
from carevillage.fhir.mapping import KINDS
from carevillage.tenants.models import Organization

RECORD_KINDS = ("Observation", "DocumentReference", "Immunization", "MedicationStatement")
BUNDLE_TYPES = ("collection", "transaction", "batch")


@dataclass
class OrganizationImport:
    """The organization's own system, for the length of one import: an actor of the API
    client kind (`access.actors.ApiClientActor`) for all of the organization's teams, so
    the policy answers it exactly as it answers the organization's EHR, and the trail
    names the import and the organization."""

    organization: Organization
    source: str
    is_api_client: bool = True
    is_authenticated: bool = True
    pk: None = None
    _teams: list[int] = field(default_factory=list)

    @property
    def organization_id(self) -> int:
        return int(self.organization.pk)

    @property
    def organization_name(self) -> str:
        return str(self.organization.name)

    def display_name(self) -> str:
        return f"import_records {self.source}"[:200]

    def primary_organization_name(self) -> str:
        return self.organization_name

    def care_team_ids(self) -> list[int]:
        return self._teams


class Command(BaseCommand):
    help = (
        "File a FHIR Bundle of Observation, DocumentReference, Immunization and "
        "MedicationStatement resources as the organization (a resend updates)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a FHIR Bundle in JSON")
        parser.add_argument("--organization", required=True, help="the organization's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"no organization with the short name {options['organization']!r}")
        entries = _entries(Path(options["file"]))
        actor = OrganizationImport(organization, Path(options["file"]).name)
        counts = {"created": 0, "updated": 0, "error": 0}
        for index, entry in enumerate(entries, start=1):
            outcome, text = _file_entry(actor, entry)
            counts[outcome] += 1
            line = f"entry {index}: {outcome}: {text}"
            self.stdout.write(self.style.ERROR(line) if outcome == "error" else line)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        if counts["error"]:
            raise CommandError(f"{summary}: the entries with an error were not filed")
        self.stdout.write(self.style.SUCCESS(summary))


def _entries(path: Path) -> list[Any]:
    try:
        bundle = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror or error}") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise CommandError(f"{path} is not JSON: {error}") from None
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise CommandError(f"{path} is not a FHIR Bundle (resourceType must be Bundle)")
    if bundle.get("type") not in BUNDLE_TYPES:
        raise CommandError(f"the Bundle's type must be one of: {', '.join(BUNDLE_TYPES)}")
    entries = bundle.get("entry") or []
    if not isinstance(entries, list) or not entries:
        raise CommandError("the Bundle has no entries")
    return entries


def _file_entry(actor: OrganizationImport, entry: Any) -> tuple[str, str]:
    resource = entry.get("resource") if isinstance(entry, dict) else None
    resource_type = resource.get("resourceType") if isinstance(resource, dict) else None
    if not isinstance(resource, dict) or resource_type not in RECORD_KINDS:
        return "error", (
            f"{resource_type or 'an entry without a resource'} is not a record entry "
            f"({', '.join(RECORD_KINDS)})"
        )
    request = entry.get("request") if isinstance(entry.get("request"), dict) else {}
    condition = request.get("ifNoneExist") if request else None
    create = KINDS[resource_type].create
    assert create is not None
    try:
        created = create(actor, resource, condition)
    except FhirError as error:
        where = f" ({error.expression})" if error.expression else ""
        return "error", f"{resource_type}: {error.diagnostics}{where}"
    except Http404:
        return "error", f"{resource_type}: a referenced resource is not known"
    identifier = (created.resource.get("identifier") or [{}])[0].get("value", "")
    outcome = "created" if created.created else "updated"
    return outcome, f"{resource_type}/{created.resource_id} ({identifier})"
