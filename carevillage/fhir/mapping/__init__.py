"""One module per FHIR resource kind: what it supports, and how domain objects and FHIR
resources map to each other. `KINDS` is the registry the views and the
CapabilityStatement read, so what is listed there is exactly what works."""

from __future__ import annotations

from .base import Kind, SearchPage
from .care_plan import CARE_PLAN
from .communication import COMMUNICATION
from .document_reference import DOCUMENT_REFERENCE
from .flag import FLAG
from .immunization import IMMUNIZATION
from .medication_statement import MEDICATION_STATEMENT
from .observation import OBSERVATION
from .patient import PATIENT
from .questionnaire import QUESTIONNAIRE
from .questionnaire_response import QUESTIONNAIRE_RESPONSE
from .service_request import SERVICE_REQUEST
from .subscription import SUBSCRIPTION

KINDS: dict[str, Kind] = {
    kind.resource_type: kind
    for kind in (
        CARE_PLAN,
        COMMUNICATION,
        DOCUMENT_REFERENCE,
        FLAG,
        IMMUNIZATION,
        MEDICATION_STATEMENT,
        OBSERVATION,
        PATIENT,
        QUESTIONNAIRE,
        QUESTIONNAIRE_RESPONSE,
        SERVICE_REQUEST,
        SUBSCRIPTION,
    )
}

__all__ = ["KINDS", "Kind", "SearchPage"]
