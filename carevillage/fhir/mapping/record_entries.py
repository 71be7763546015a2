"""What the four health-record kinds (Observation, DocumentReference, Immunization,
MedicationStatement) share: an EHR files an entry of its patient's record, known by its own
identifier, through the records app's services (`carevillage.records.services`), and reads
its organization's entries back through `carevillage.access`.

- the entry's identifier: `If-None-Exist: identifier=system|value`, else `identifier[0]`;
  a resend of the same identifier updates the one row (200) instead of adding one (201);
- the patient: `Patient/<id>` or a national identity number (`identifier`), of a person
  the client's organization cares for; anyone else is a 422 that says so;
- `meta.versionId` is the entry's version; an update with `If-Match` naming another is a
  412.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import translation

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.fhir.errors import FhirError, invalid
from carevillage.identity import national_id
from carevillage.identity.models import Person
from carevillage.records.selectors import VIEW_ACTIONS
from carevillage.records.services import clean_source_identifier

from .base import (
    Created,
    Kind,
    SearchPage,
    SearchParameter,
    audited_page,
    check_version,
    date_filters,
    patient_param,
    reference_id,
    token_param,
)
from .patient import national_number

UCUM = "http://unitsofmeasure.org"


def organization_name(client: Any) -> str:
    return str(getattr(client, "organization_name", "") or "the client's organization")


def source_identifier(resource: Any, condition: str | None) -> str:
    """The EHR's identifier of the entry, "system|value": the one `If-None-Exist` names,
    else the resource's first identifier."""
    name = resource.get_resource_type()
    if condition:
        parameter, _eq, value = condition.partition("=")
        if parameter.strip() != "identifier" or "|" not in value:
            raise FhirError(
                400,
                "not-supported",
                "If-None-Exist supports identifier=system|value only",
                "If-None-Exist",
            )
        text, expression = value.strip(), "If-None-Exist"
    else:
        identifiers = resource.identifier or []
        if not identifiers or not identifiers[0].value:
            raise invalid(
                f"{name}.identifier is required: the sending system's identifier of the entry "
                "(system and value), so that a resend updates it",
                f"{name}.identifier",
            )
        first = identifiers[0]
        text, expression = f"{first.system or ''}|{first.value}", f"{name}.identifier[0]"
    try:
        return clean_source_identifier(text)
    except ValidationError:
        raise invalid(
            f"{expression} must be system|value (both given, at most 255 characters)", expression
        ) from None


def identifier_of(row: Any) -> list[dict[str, str]]:
    system, _bar, value = row.source_identifier.partition("|")
    return [{"system": system, "value": value}]


def subject_person(client: Any, subject: Any, expression: str) -> Person:
    """The patient an entry is about: a person the client's organization cares for. An
    unknown one and one it does not care for get the same answer (existence is secret);
    the refusal is audited like any."""
    unknown = FhirError(
        422,
        "not-found",
        f"{expression} is not a patient of {organization_name(client)}: the organization must "
        "care for the person (a registration or a care path with one of its teams)",
        expression,
    )
    if subject is None:
        raise invalid(f"{expression} is required: the patient the entry is about", expression)
    if subject.identifier is not None:
        number = national_number(
            subject.identifier.system, subject.identifier.value or "", f"{expression}.identifier"
        )
        found = (
            Person.objects.filter(national_id_hash=national_id.lookup_hash(number))
            .values_list("pk", flat=True)
            .first()
        )
        if found is None:
            raise unknown
        person_id: Any = found
    else:
        person_id = reference_id(subject.reference, "Patient", expression)
    try:
        return access.get(client, AuditAction.VIEW_PERSON, Person, pk=person_id)
    except Http404:
        raise unknown from None


def one_of(value: Any, allowed: Any, expression: str) -> str:
    text = str(value or "")
    if text not in allowed:
        raise invalid(f"{expression} must be one of: {', '.join(allowed)}", expression)
    return text


def first_coding(concept: Any, expression: str, preferred: str | None = None) -> Any:
    """The coding of a CodeableConcept to file: the one of the `preferred` system, else
    the first."""
    codings = [c for c in (getattr(concept, "coding", None) or []) if c.code]
    if not codings:
        raise invalid(f"{expression}.coding must give a code", f"{expression}.coding")
    for coding in codings:
        if preferred and coding.system == preferred:
            return coding
    return codings[0]


def number_text(value: Any) -> str:
    """A stored decimal as FHIR writes it: no trailing zeros, never an exponent."""
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class RecordKind:
    """How one kind of record entry maps: its model, what its resource's patient element
    is called, how a posted resource becomes the service's input, how a row becomes a
    resource, and which element a service's refusal is about (by the error's code)."""

    resource_type: str
    model: type[Model]
    # "subject", or "patient" (Immunization).
    patient_element: str
    # (resource, client) -> the service's input, plus keyword arguments of the service.
    parse: Callable[[Any, Any], tuple[Any, dict[str, Any]]]
    # (client, person, source identifier, input, **extra) -> (row, created)
    file: Callable[..., tuple[Any, bool]]
    to_fhir: Callable[[Any], dict[str, Any]]
    related: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    # ValidationError code -> the element it is about.
    error_elements: dict[str, str] | None = None

    @property
    def view_action(self) -> AuditAction:
        return VIEW_ACTIONS[self.model]  # type: ignore[index]

    def rows(self) -> QuerySet[Any]:
        queryset = self.model._default_manager.select_related(*self.related)
        if self.prefetch:
            queryset = queryset.prefetch_related(*self.prefetch)
        return queryset


def filed(kind: RecordKind, call: Callable[[], tuple[Any, bool]]) -> tuple[Any, bool]:
    """A records service called for the API: its refusals as OperationOutcomes (in
    English, as the API's other diagnostics), naming the element where the error says
    which."""
    with translation.override("en"):
        try:
            try:
                return call()
            except IntegrityError:
                # Two sends of one new identifier at once: the first made the row, this one
                # (its savepoint rolled back) now finds it and updates it.
                return call()
        except ValidationError as error:
            code = getattr(error, "code", None)
            element = (kind.error_elements or {}).get(str(code)) if code else None
            raise FhirError(
                422, "business-rule", " ".join(error.messages), element or kind.resource_type
            ) from None
        except Http404:
            raise FhirError(
                422,
                "forbidden",
                "the entry is not about a patient of the client's organization",
                kind.resource_type,
            ) from None


def make_create(kind: RecordKind, fhir_kind: Callable[[], Kind]) -> Callable[..., Created]:
    def create(client: Any, body: dict[str, Any], condition: str | None) -> Created:
        resource = fhir_kind().validated(body)
        identifier = source_identifier(resource, condition)
        person = subject_person(
            client,
            getattr(resource, kind.patient_element),
            f"{kind.resource_type}.{kind.patient_element}",
        )
        data, extra = kind.parse(resource, client)
        row, created = filed(
            kind,
            lambda: kind.file(
                client, person=person, source_identifier=identifier, data=data, **extra
            ),
        )
        row = kind.rows().get(pk=row.pk)
        return Created(kind.to_fhir(row), str(row.pk), created=created)

    return create


def make_read(kind: RecordKind) -> Callable[[Any, str], dict[str, Any]]:
    def read(client: Any, resource_id: str) -> dict[str, Any]:
        return kind.to_fhir(access.get(client, kind.view_action, kind.rows(), pk=resource_id))

    return read


def make_update(
    kind: RecordKind, fhir_kind: Callable[[], Kind]
) -> Callable[[Any, str, dict[str, Any], str | None], dict[str, Any]]:
    def update(
        client: Any, resource_id: str, body: dict[str, Any], if_match: str | None
    ) -> dict[str, Any]:
        resource = fhir_kind().validated(body)
        with access.atomic():
            row = access.get(
                client, kind.view_action, kind.rows().select_for_update(), pk=resource_id
            )
            check_version(if_match, row.version, f"{kind.resource_type}/{resource_id}")
            if resource.identifier:
                sent = source_identifier(resource, None)
                if sent != row.source_identifier:
                    raise invalid(
                        f"{kind.resource_type}.identifier[0] is {row.source_identifier} and "
                        "cannot change",
                        f"{kind.resource_type}.identifier[0]",
                    )
            person = subject_person(
                client,
                getattr(resource, kind.patient_element),
                f"{kind.resource_type}.{kind.patient_element}",
            )
            data, extra = kind.parse(resource, client)
            filed(
                kind,
                lambda: kind.file(
                    client,
                    person=person,
                    source_identifier=row.source_identifier,
                    data=data,
                    **extra,
                ),
            )
        return kind.to_fhir(kind.rows().get(pk=row.pk))

    return update


def make_search(
    kind: RecordKind, filters: dict[str, Callable[[QuerySet[Any], str], QuerySet[Any]]]
) -> Callable[[Any, dict[str, str], int, str | None], SearchPage]:
    def search(client: Any, params: dict[str, str], count: int, after: str | None) -> SearchPage:
        rows = kind.rows()
        for name, value in params.items():
            rows = filters[name](rows, value)
        shown_to = access.visible(client, kind.view_action, rows)
        return audited_page(client, kind.view_action, shown_to, count, after, kind.to_fhir)

    return search


def patient_filter(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    return rows.filter(person_id=patient_param(value))


def code_filter(system_field: str, code_field: str, name: str) -> Callable[..., QuerySet[Any]]:
    def apply(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
        system, code = token_param(value, name)
        rows = rows.filter(**{code_field: code})
        return rows.filter(**{system_field: system}) if system is not None else rows

    return apply


def date_filter(field: str, name: str) -> Callable[..., QuerySet[Any]]:
    def apply(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
        return rows.filter(**date_filters(value.split(","), field, name))

    return apply


def identifier_filter(rows: QuerySet[Any], value: str) -> QuerySet[Any]:
    system, code = token_param(value, "identifier")
    if system is None:
        return rows.filter(source_identifier__endswith=f"|{code}")
    return rows.filter(source_identifier=f"{system}|{code}")


def common_parameters(patient_element: str) -> list[SearchParameter]:
    parameters = [
        SearchParameter("patient", "reference", "Patient/<id>"),
        SearchParameter("identifier", "token", "the sending system's identifier, system|value"),
    ]
    if patient_element == "subject":
        parameters.insert(1, SearchParameter("subject", "reference", "Patient/<id>"))
    return parameters


def common_filters(patient_element: str) -> dict[str, Callable[..., QuerySet[Any]]]:
    filters: dict[str, Callable[..., QuerySet[Any]]] = {
        "patient": patient_filter,
        "identifier": identifier_filter,
    }
    if patient_element == "subject":
        filters["subject"] = patient_filter
    return filters
