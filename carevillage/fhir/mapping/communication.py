"""Communication: the secure messages of patient threads run by the client's
organization's teams, one resource per message (internal notes and consultations are
never there). Reading them is audited as reading the thread."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.communication import Communication

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.fhir.errors import not_found
from carevillage.messaging.models import Message, Thread

from .base import (
    Kind,
    SearchPage,
    SearchParameter,
    audited_page,
    base_url,
    date_filters,
    patient_param,
)
from .patient import include_patients


def to_fhir(message: Message) -> dict[str, Any]:
    thread = message.thread
    payload: list[dict[str, Any]] = [{"contentString": message.body}] if message.body else []
    payload += [
        {"contentAttachment": {"contentType": a.content_type, "title": a.original_name}}
        for a in message.attachments.all()
    ]
    patient = {"reference": f"Patient/{thread.patient_id}"}
    team = {
        "reference": f"CareTeam/{thread.care_team_id}",
        "display": thread.care_team.name if thread.care_team else "",
    }
    resource: dict[str, Any] = {
        "resourceType": "Communication",
        "id": str(message.pk),
        "status": "completed",
        "subject": patient,
        "topic": {"text": thread.topic},
        "sent": message.created_at.isoformat(),
        "sender": {"display": message.author_label, **({} if message.from_staff else patient)},
        "recipient": [patient if message.from_staff else team],
        "identifier": [{"system": f"{base_url()}/sid/thread", "value": str(thread.pk)}],
    }
    if payload:
        resource["payload"] = payload
    return COMMUNICATION.output(resource)


def _messages() -> Any:
    return (
        Message.objects.filter(internal=False)
        .select_related("thread__care_team")
        .prefetch_related("attachments")
    )


def read(client: Any, resource_id: str) -> dict[str, Any]:
    message = _messages().filter(pk=resource_id if resource_id.isdigit() else 0).first()
    if message is None:
        raise not_found("Communication", resource_id)
    access.get(client, AuditAction.VIEW_THREAD, Thread, pk=message.thread_id)
    return to_fhir(message)


def search(client: Any, params: dict[str, str], count: int, after: str | None) -> SearchPage:
    threads = access.visible(client, AuditAction.VIEW_THREAD, Thread.objects.all())
    messages = _messages().filter(thread__in=threads.values("pk"))
    if "patient" in params:
        messages = messages.filter(thread__patient_id=patient_param(params["patient"]))
    if "sent" in params:
        messages = messages.filter(**date_filters([params["sent"]], "created_at", "sent"))
    return audited_page(
        client,
        AuditAction.VIEW_THREAD,
        messages,
        count,
        after,
        to_fhir,
        # Reading messages is reading their threads: one event per thread shown.
        audited=lambda shown: list({m.thread_id: m.thread for m in shown}.values()),
    )


COMMUNICATION = Kind(
    resource_type="Communication",
    model=Communication,
    documentation=(
        "Secure messages of patient threads run by the organization's teams (no internal "
        "notes, no consultations)."
    ),
    read=read,
    search=search,
    includes={"Communication:patient": include_patients("subject")},
    search_parameters=[
        SearchParameter("patient", "reference", "Patient/<id>"),
        SearchParameter("sent", "date", "when it was sent: ge, gt, le, lt, eq"),
    ],
)
