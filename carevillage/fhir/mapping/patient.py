"""Patient: a person CareVillage knows, as an EHR of an organization caring for them sees
them. Found by national identity number; a person the client's organization has no
relationship with (no enrollment or invitation with its teams, no registration) is not
there for it."""

from __future__ import annotations

import re
from typing import Any

from fhir.resources.R4B.patient import Patient

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.fhir.errors import FhirError, invalid
from carevillage.identity import national_id
from carevillage.identity.models import Person

from .base import (
    FINNISH_ID,
    NORWEGIAN_ID,
    Include,
    Kind,
    SearchPage,
    SearchParameter,
    audited_page,
    token_param,
)

_FINNISH = re.compile(r"^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$")
_NORWEGIAN = re.compile(r"^\d{11}$")


def identifier_system(number: str) -> str:
    return FINNISH_ID if _FINNISH.match(number) else NORWEGIAN_ID


def national_number(system: str | None, value: str, expression: str) -> str:
    """A national identity number given with its system, checked by the system's rules."""
    if system not in (FINNISH_ID, NORWEGIAN_ID):
        raise FhirError(
            400,
            "code-invalid",
            f"{expression} system must be {FINNISH_ID} (Finnish personal identity code) "
            f"or {NORWEGIAN_ID} (Norwegian national identity number)",
            expression,
        )
    candidate = value.strip().upper()
    pattern = _FINNISH if system == FINNISH_ID else _NORWEGIAN
    try:
        if not pattern.match(candidate):
            raise national_id.InvalidNationalId("wrong shape")
        return national_id.normalize(candidate)
    except national_id.InvalidNationalId:
        kind = (
            "Finnish personal identity code"
            if system == FINNISH_ID
            else ("Norwegian national identity number")
        )
        raise FhirError(
            400, "code-invalid", f"{expression} is not a valid {kind}", expression
        ) from None


def to_fhir(person: Person) -> dict[str, Any]:
    number = person.national_id
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(person.pk),
        "identifier": [{"system": identifier_system(number), "value": number}],
    }
    if person.family_name or person.given_name:
        name: dict[str, Any] = {"use": "official"}
        if person.family_name:
            name["family"] = person.family_name
        if person.given_name:
            name["given"] = person.given_name.split()
        resource["name"] = [name]
    if person.birth_date:
        resource["birthDate"] = person.birth_date.isoformat()
    return PATIENT.output(resource)


def read(client: Any, resource_id: str) -> dict[str, Any]:
    person = access.get(client, AuditAction.VIEW_PERSON, Person, pk=resource_id)
    return to_fhir(person)


def search(client: Any, params: dict[str, str], count: int, after: str | None) -> SearchPage:
    people = Person.objects.all()
    action = AuditAction.VIEW_PERSON
    if "identifier" in params:
        system, value = token_param(params["identifier"], "identifier")
        number = national_number(system, value, "identifier")
        people = people.filter(national_id_hash=national_id.lookup_hash(number))
        action = AuditAction.FIND_PERSON
    if "_id" in params:
        people = people.filter(pk__in=_ids(params["_id"]))
    return audited_page(
        client, action, access.visible(client, action, people), count, after, to_fhir
    )


def _ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",")]
    except ValueError:
        raise invalid("_id must be one or more resource ids separated by commas", "_id") from None


PATIENT = Kind(
    resource_type="Patient",
    model=Patient,
    documentation=(
        "People the client's organization cares for or has referred. Identifiers: "
        f"{FINNISH_ID} (Finnish personal identity code), {NORWEGIAN_ID} (Norwegian "
        "national identity number)."
    ),
    read=read,
    search=search,
    search_parameters=[
        SearchParameter("identifier", "token", "system|value of a national identity number"),
        SearchParameter("_id", "token", "the resource id (comma-separated for several)"),
    ],
)


def include_patients(path: str) -> Include:
    """`_include=<Type>:patient`: the Patients the matches' `path` element references,
    those the client may see, audited as one listing."""

    def fetch(client: Any, resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = {
            reference.removeprefix("Patient/")
            for resource in resources
            if isinstance(reference := (resource.get(path) or {}).get("reference"), str)
            and reference.startswith("Patient/")
        }
        people = access.visible(
            client,
            AuditAction.VIEW_PERSON,
            Person.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]),
        )
        shown = list(people.order_by("pk"))
        access.record_listing(client, AuditAction.VIEW_PERSON, shown, purpose="FHIR API")
        return [to_fhir(person) for person in shown]

    return Include("Patient", fetch)
