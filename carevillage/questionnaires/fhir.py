"""Mapping between our rows and FHIR R4 Questionnaire / QuestionnaireResponse JSON."""

from __future__ import annotations

import copy
import json
from typing import Any

from django.conf import settings

from . import engine
from .models import QuestionnaireResponse, QuestionnaireVersion


def canonical_url(slug: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/fhir/Questionnaire/{slug}"


def questionnaire_json(version: QuestionnaireVersion) -> dict[str, Any]:
    """The published definition, stamped with its identity and version."""
    resource = copy.deepcopy(version.definition)
    resource["id"] = version.questionnaire.slug
    resource["url"] = canonical_url(version.questionnaire.slug)
    resource["name"] = resource.get("name") or version.questionnaire.slug.replace("-", "_")
    resource["version"] = str(version.number)
    resource["status"] = "active"
    resource["date"] = version.published_at.isoformat()
    return resource


def response_json(response: QuestionnaireResponse) -> dict[str, Any]:
    """A QuestionnaireResponse with answers nested the way the questionnaire nests items."""
    definition = response.version.definition

    def items(defs: list[dict]) -> list[dict]:
        out = []
        for item in defs:
            node: dict[str, Any] = {"linkId": item["linkId"]}
            if item.get("text"):
                node["text"] = item["text"]
            answers = response.answers.get(item["linkId"], [])
            children = items(item.get("item", []))
            if item["type"] == "group":
                if not children:
                    continue
                node["item"] = children
            elif item["type"] == "display" or not answers:
                continue
            else:
                node["answer"] = [dict(a) for a in answers]
                if children:
                    node["answer"][0]["item"] = children
            out.append(node)
        return out

    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.pk),
        "questionnaire": (
            f"{canonical_url(response.version.questionnaire.slug)}|{response.version.number}"
        ),
        "status": response.status,
        "subject": {"display": response.person.full_name},
        "authored": (response.submitted_at or response.updated_at).isoformat(),
        "item": items(definition.get("item", [])),
    }
    if response.scores:
        resource["extension"] = [
            {
                "url": engine.SCORING_URL + "-result",
                "valueString": json.dumps(
                    {
                        "scores": response.scores,
                        "band": response.band_code,
                        "flags": [f.get("code") for f in response.flags],
                    }
                ),
            }
        ]
    return resource
