"""DocumentReference: a document of the patient's care (a discharge summary, a
consultation note, an imaging report), filed by `records.services.file_document`. The
patient sees it RECORDS_DOCUMENT_DELAY_HOURS after it is filed (the clinician talks with
them first), and only its latest version.

- `type`: the document type, LOINC preferred; `description` (or the attachment's
  `title`): the title the patient reads; `date`; `author[0].display`;
- `content[].attachment`: `application/pdf` with base64 `data` (the PDF the patient
  opens), and/or `text/plain` with base64 `data` (the document's text);
- `relatesTo` with code `replaces`: the earlier document (by `target.identifier`, or
  `DocumentReference/<id>`) is marked superseded;
- `status`: current, superseded or entered-in-error.
"""

from __future__ import annotations

import base64
from typing import Any

from django.http import Http404
from fhir.resources.R4B.documentreference import DocumentReference

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.fhir.errors import FhirError, invalid
from carevillage.records import services
from carevillage.records.inputs import Coding, DocumentInput
from carevillage.records.models import Document, DocumentStatus

from .base import Kind, SearchParameter, meta, reference_id
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
    organization_name,
)

LOINC = "http://loinc.org"
NAME = "DocumentReference"


def _attachment_data(row: Document) -> str | None:
    try:
        with row.attachment.open("rb") as file:
            return base64.b64encode(file.read()).decode("ascii")
    except (OSError, ValueError):
        # A file missing from storage: the entry still says there was one.
        return None


def to_fhir(row: Document) -> dict[str, Any]:
    coding: dict[str, Any] = {"code": row.type_code, "display": row.type_display}
    if row.type_system:
        coding["system"] = row.type_system
    content: list[dict[str, Any]] = []
    if row.attachment:
        attachment: dict[str, Any] = {
            "contentType": row.content_type or "application/pdf",
            "title": row.filename or row.title,
        }
        data = _attachment_data(row)
        if data is not None:
            attachment["data"] = data
        content.append({"attachment": attachment})
    if row.text:
        content.append(
            {
                "attachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "data": base64.b64encode(row.text.encode()).decode("ascii"),
                }
            }
        )
    resource: dict[str, Any] = {
        "resourceType": NAME,
        "id": str(row.pk),
        "meta": meta(row.version, row.updated_at),
        "identifier": identifier_of(row),
        "status": row.status,
        "type": {"coding": [coding], "text": row.type_display},
        "subject": {"reference": f"Patient/{row.person_id}"},
        "date": row.date.isoformat(),
        "description": row.title,
        "content": content,
    }
    if row.author:
        resource["author"] = [{"display": row.author}]
    replaced = [
        {"code": "replaces", "target": {"identifier": identifier_of(earlier)[0]}}
        for earlier in row.replaced.all()
    ]
    if replaced:
        resource["relatesTo"] = replaced
    return DOCUMENT_REFERENCE.output(resource)


def _content(reference: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"text": "", "attachment": None, "content_type": "", "filename": ""}
    for index, item in enumerate(reference.content or []):
        expression = f"{NAME}.content[{index}].attachment"
        attachment = item.attachment
        kind = (attachment.contentType or "").split(";")[0].strip().lower()
        if attachment.data is None:
            raise invalid(
                f"{expression}.data is required (base64; a url is not fetched)",
                f"{expression}.data",
            )
        if kind == "text/plain":
            try:
                found["text"] = bytes(attachment.data).decode("utf-8")
            except UnicodeDecodeError:
                raise invalid(
                    f"{expression}.data must be UTF-8 text", f"{expression}.data"
                ) from None
        elif kind == "application/pdf":
            found["attachment"] = bytes(attachment.data)
            found["content_type"] = kind
            found["filename"] = attachment.title or ""
        else:
            raise invalid(
                f"{expression}.contentType must be application/pdf or text/plain",
                f"{expression}.contentType",
            )
    if not found["text"] and found["attachment"] is None:
        raise invalid(
            f"{NAME}.content must hold the document: a PDF or a text/plain attachment",
            f"{NAME}.content",
        )
    return found


def _replaces(reference: Any, client: Any) -> str:
    for index, relation in enumerate(reference.relatesTo or []):
        if relation.code != "replaces":
            continue
        expression = f"{NAME}.relatesTo[{index}].target"
        target = relation.target
        if target.identifier is not None and target.identifier.value:
            return f"{target.identifier.system or ''}|{target.identifier.value}"
        earlier_id = reference_id(target.reference, NAME, expression)
        try:
            earlier = access.get(client, AuditAction.VIEW_RECORD_DOCUMENT, Document, pk=earlier_id)
        except Http404:
            raise FhirError(
                422,
                "not-found",
                f"{expression}: {NAME}/{earlier_id} is not a document of "
                f"{organization_name(client)}",
                expression,
            ) from None
        return earlier.source_identifier
    return ""


def parse(reference: Any, client: Any) -> tuple[DocumentInput, dict[str, Any]]:
    if reference.type is None:
        raise invalid(f"{NAME}.type is required: the document type (LOINC)", f"{NAME}.type")
    coding = first_coding(reference.type, f"{NAME}.type", LOINC)
    if reference.date is None:
        raise invalid(f"{NAME}.date is required", f"{NAME}.date")
    content = _content(reference)
    attachments = [item.attachment for item in reference.content or []]
    title = reference.description or next((a.title for a in attachments if a.title), "")
    if not title:
        raise invalid(
            f"{NAME}.description is required: the title the patient reads", f"{NAME}.description"
        )
    author = next((a.display for a in reference.author or [] if a.display), "")
    return (
        DocumentInput(
            type=Coding(str(coding.system or ""), str(coding.code), str(coding.display or "")),
            title=title,
            date=reference.date,
            author=author or "",
            status=one_of(reference.status, DocumentStatus.values, f"{NAME}.status"),
            replaces=_replaces(reference, client),
            **content,
        ),
        {},
    )


DOCUMENTS = RecordKind(
    resource_type=NAME,
    model=Document,
    patient_element="subject",
    parse=parse,
    file=services.file_document,
    to_fhir=to_fhir,
    prefetch=("replaced",),
    error_elements={
        "attachment_type": f"{NAME}.content",
        "attachment_too_large": f"{NAME}.content",
        "empty_attachment": f"{NAME}.content",
        "no_content": f"{NAME}.content",
        "replaces_itself": f"{NAME}.relatesTo",
        "replaces_unknown": f"{NAME}.relatesTo",
        "bad_identifier": f"{NAME}.relatesTo",
        "other_person": f"{NAME}.subject",
    },
)

DOCUMENT_REFERENCE: Kind = Kind(
    resource_type=NAME,
    model=DocumentReference,
    documentation=(
        "Documents of the patient's care, shown on the health record after the configured "
        "delay (RECORDS_DOCUMENT_DELAY_HOURS), latest version only. identifier (or "
        "If-None-Exist: identifier=system|value): a resend is a new version of the same "
        "document. type LOINC; description is the title; date; author[0].display; "
        "content[].attachment application/pdf or text/plain with base64 data; relatesTo "
        "replaces (target.identifier or DocumentReference/<id>) supersedes the earlier one."
    ),
    read=make_read(DOCUMENTS),
    search=make_search(
        DOCUMENTS,
        {
            **common_filters("subject"),
            "type": code_filter("type_system", "type_code", "type"),
            "code": code_filter("type_system", "type_code", "code"),
            "date": date_filter("date", "date"),
        },
    ),
    create=make_create(DOCUMENTS, lambda: DOCUMENT_REFERENCE),
    update=make_update(DOCUMENTS, lambda: DOCUMENT_REFERENCE),
    includes={"DocumentReference:patient": include_patients("subject")},
    search_parameters=[
        *common_parameters("subject"),
        SearchParameter("type", "token", "LOINC document type: http://loinc.org|18842-5"),
        SearchParameter("code", "token", "the same as type"),
        SearchParameter("date", "date", "the document's date: ge2026-01-01 (repeatable)"),
    ],
)
