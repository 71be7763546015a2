"""The two discovery documents: the CapabilityStatement (`/fhir/metadata`), built from the
registry of resource kinds so it lists exactly what works, and the SMART configuration
(`/fhir/.well-known/smart-configuration`)."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from carevillage.access.scopes import PERMISSIONS

from .auth import ALGORITHMS
from .mapping import KINDS

SOFTWARE = "CareVillage"
FHIR_VERSION = "4.0.1"


def capability_statement(base: str, token_endpoint: str, released: str) -> dict[str, Any]:
    resources = []
    for kind in KINDS.values():
        entry: dict[str, Any] = {
            "type": kind.resource_type,
            "documentation": kind.documentation,
            "interaction": [{"code": code} for code in kind.interactions],
        }
        if kind.update is not None:
            # Updates compare If-Match with meta.versionId (412 when it moved on).
            entry["versioning"] = "versioned-update"
        if kind.includes:
            entry["searchInclude"] = sorted(kind.includes)
        if kind.search_parameters:
            entry["searchParam"] = [
                {"name": p.name, "type": p.type, "documentation": p.documentation}
                for p in kind.search_parameters
            ] + [{"name": "_count", "type": "number", "documentation": "page size, at most 100"}]
        resources.append(entry)
    statement = {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": released,
        "kind": "instance",
        "software": {"name": SOFTWARE},
        "implementation": {"description": "CareVillage FHIR API", "url": base},
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json", "json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "SMART-on-FHIR",
                                }
                            ]
                        }
                    ],
                    "description": (
                        "SMART Backend Services: POST a client_credentials grant with a "
                        f"private_key_jwt assertion ({', '.join(ALGORITHMS)}) to "
                        f"{token_endpoint}; scopes system/<Type>.<{PERMISSIONS}>."
                    ),
                    "extension": [
                        {
                            "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                            "extension": [{"url": "token", "valueUri": token_endpoint}],
                        }
                    ],
                },
                "resource": resources,
            }
        ],
    }
    model = CapabilityStatement.model_validate(statement)
    return model.model_dump(mode="json", exclude_none=True, by_alias=True)


def smart_configuration(token_endpoint: str) -> dict[str, Any]:
    letters = {"create": "c", "read": "r", "update": "u", "search-type": "s"}
    scopes = [
        f"system/{name}."
        + "".join(p for p in PERMISSIONS if p in {letters[i] for i in kind.interactions})
        for name, kind in KINDS.items()
    ]
    return {
        "token_endpoint": token_endpoint,
        "grant_types_supported": ["client_credentials"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": list(ALGORITHMS),
        "scopes_supported": scopes,
        "capabilities": ["client-confidential-asymmetric"],
    }
