"""Every refusal of the FHIR API is an OperationOutcome with a specific issue code and a
diagnostic naming the field (FHIR R4 "OperationOutcome", issue-type value set)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from pydantic import ValidationError

FHIR_JSON = "application/fhir+json"


class FhirError(Exception):
    def __init__(
        self, status: int, code: str, diagnostics: str, expression: str | None = None
    ) -> None:
        super().__init__(diagnostics)
        self.status = status
        self.code = code
        self.diagnostics = diagnostics
        self.expression = expression

    def response(self) -> HttpResponse:
        issue: dict[str, Any] = {
            "severity": "error",
            "code": self.code,
            "diagnostics": self.diagnostics,
        }
        if self.expression:
            issue["expression"] = [self.expression]
        response = fhir_response(
            {"resourceType": "OperationOutcome", "issue": [issue]}, self.status
        )
        if self.status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="fhir"'
        return response


def not_found(resource_type: str, resource_id: str) -> FhirError:
    return FhirError(404, "not-found", f"{resource_type}/{resource_id} is not known")


def invalid(diagnostics: str, expression: str | None = None, status: int = 400) -> FhirError:
    return FhirError(status, "invalid", diagnostics, expression)


def from_validation(error: ValidationError, resource_type: str) -> FhirError:
    """The first problem pydantic found in a posted resource, named by its path."""
    first = error.errors()[0]
    path = ".".join(str(part) for part in first["loc"] if not str(part).startswith("function"))
    expression = f"{resource_type}.{path}" if path else resource_type
    if first["type"] == "extra_forbidden":
        message = f"unknown element {expression}"
    elif first["type"] == "missing":
        message = f"{expression} is required"
    else:
        message = f"{expression}: {first['msg']}"
    return FhirError(400, "structure", message, expression)


def fhir_response(body: dict[str, Any], status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")),
        status=status,
        content_type=f"{FHIR_JSON}; charset=utf-8",
    )
