"""Flag: the open (and acknowledged) alerts of care paths run by the client's
organization, raised by a patient's answer — the EHR's view of the team's work list.
CareVillage answers with Flag rather than DetectedIssue: an alert is about the patient,
not about an order. `status` is active until a professional acknowledges it."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from fhir.resources.R4B.flag import Flag

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.carepaths.models import Alert, AlertReason
from carevillage.fhir.errors import invalid

from .base import (
    Kind,
    SearchPage,
    SearchParameter,
    audited_page,
    base_url,
    patient_param,
)
from .patient import include_patients

STATUSES = {"active": True, "inactive": False}


def to_fhir(alert: Alert) -> dict[str, Any]:
    with translation.override("en"):
        reason = str(AlertReason(alert.reason).label)
    period: dict[str, Any] = {"start": alert.raised_at.isoformat()}
    if alert.acknowledged_at:
        period["end"] = alert.acknowledged_at.isoformat()
    resource = {
        "resourceType": "Flag",
        "id": str(alert.pk),
        "status": "inactive" if alert.acknowledged_at else "active",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/flag-category",
                        "code": "clinical",
                    }
                ]
            }
        ],
        "code": {
            "coding": [{"system": f"{base_url()}/CodeSystem/care-path-alert", "code": alert.code}],
            "text": f"{reason}: {alert.code}",
        },
        "subject": {"reference": f"Patient/{alert.enrollment.person_id}"},
        "period": period,
        "author": {
            "reference": f"CareTeam/{alert.enrollment.care_team_id}",
            "display": alert.enrollment.care_team.name,
        },
    }
    return FLAG.output(resource)


def _alerts() -> Any:
    return Alert.objects.select_related("enrollment__care_team")


def read(client: Any, resource_id: str) -> dict[str, Any]:
    return to_fhir(access.get(client, AuditAction.VIEW_ALERT, _alerts(), pk=resource_id))


def search(client: Any, params: dict[str, str], count: int, after: str | None) -> SearchPage:
    alerts = _alerts()
    if "patient" in params:
        alerts = alerts.filter(enrollment__person_id=patient_param(params["patient"]))
    if "status" in params:
        if params["status"] not in STATUSES:
            raise invalid("status must be active or inactive", "status")
        alerts = alerts.filter(acknowledged_at__isnull=STATUSES[params["status"]])
    shown_to = access.visible(client, AuditAction.VIEW_ALERT, alerts)
    return audited_page(client, AuditAction.VIEW_ALERT, shown_to, count, after, to_fhir)


FLAG = Kind(
    resource_type="Flag",
    model=Flag,
    documentation="Care-path alerts of the organization's teams (active until acknowledged).",
    read=read,
    search=search,
    includes={"Flag:patient": include_patients("subject")},
    search_parameters=[
        SearchParameter("patient", "reference", "Patient/<id>"),
        SearchParameter("status", "token", "active (open) or inactive (acknowledged)"),
    ],
)
