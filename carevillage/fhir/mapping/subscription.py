"""Subscription (R4): a client asks to be told, by a `rest-hook` POST of the resource
(`channel.payload` application/fhir+json), when a resource matching `criteria` is
created or changed. Only the client's own subscriptions are there for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from fhir.resources.R4B.subscription import Subscription as FhirSubscription

from carevillage import access
from carevillage.fhir.errors import FhirError, invalid, not_found
from carevillage.fhir.models import Subscription, SubscriptionStatus

from .base import Created, Kind, check_version, meta
from .questionnaire_response import QUESTIONNAIRE_RESPONSE

MAX_HEADERS = 10
# What can be subscribed to: kinds that can say which of a client's resources match.
SUBSCRIBABLE: dict[str, Kind] = {QUESTIONNAIRE_RESPONSE.resource_type: QUESTIONNAIRE_RESPONSE}


def parse_criteria(criteria: str) -> tuple[str, dict[str, str]]:
    resource_type, _mark, query = criteria.strip().partition("?")
    kind = SUBSCRIBABLE.get(resource_type)
    if kind is None:
        raise invalid(
            f"criteria must start with one of: {', '.join(sorted(SUBSCRIBABLE))}",
            "Subscription.criteria",
        )
    params = dict(parse_qsl(query, keep_blank_values=True))
    supported = {p.name for p in kind.search_parameters}
    for name in params:
        if name not in supported:
            raise invalid(
                f"criteria parameter {name} is not supported for {resource_type}",
                "Subscription.criteria",
            )
    return resource_type, params


def check_endpoint(endpoint: str) -> str:
    parts = urlsplit(endpoint or "")
    allowed = ("https",) if settings.PRODUCTION else ("https", "http")
    if parts.scheme not in allowed or not parts.hostname:
        raise invalid(
            f"channel.endpoint must be an {' or '.join(allowed)} URL",
            "Subscription.channel.endpoint",
        )
    return endpoint


def to_fhir(subscription: Subscription) -> dict[str, Any]:
    channel: dict[str, Any] = {
        "type": "rest-hook",
        "endpoint": subscription.endpoint,
        "payload": "application/fhir+json",
    }
    if subscription.headers:
        # Header values may be the client's own credentials: names only.
        channel["header"] = [f"{h.partition(':')[0]}: ***" for h in subscription.headers]
    resource: dict[str, Any] = {
        "resourceType": "Subscription",
        "id": str(subscription.pk),
        "status": {"active": "active", "error": "error", "off": "off"}[subscription.status],
        "reason": subscription.reason or "CareVillage notification",
        "criteria": subscription.criteria,
        "channel": channel,
        "meta": meta(subscription.version, subscription.updated_at),
    }
    if subscription.error:
        resource["error"] = subscription.error
    return SUBSCRIPTION.output(resource)


def read(client: Any, resource_id: str) -> dict[str, Any]:
    subscription = Subscription.objects.filter(
        pk=resource_id if resource_id.isdigit() else 0, client=client
    ).first()
    if subscription is None:
        raise not_found("Subscription", resource_id)
    return to_fhir(subscription)


@dataclass(frozen=True)
class _Asked:
    criteria: str
    resource_type: str
    parameters: dict[str, str]
    endpoint: str
    headers: list[str]
    reason: str
    status: str | None


def _asked(body: dict[str, Any]) -> _Asked:
    """A posted or put Subscription, checked: what the client asks for."""
    request = SUBSCRIPTION.validated(body)
    channel = request.channel
    if channel.type != "rest-hook":
        raise FhirError(
            400,
            "not-supported",
            "only channel.type rest-hook is supported",
            "Subscription.channel.type",
        )
    if channel.payload not in (None, "application/fhir+json", "application/json"):
        raise FhirError(
            400,
            "not-supported",
            "channel.payload must be application/fhir+json",
            "Subscription.channel.payload",
        )
    resource_type, parameters = parse_criteria(request.criteria or "")
    endpoint = check_endpoint(str(channel.endpoint or ""))
    headers = [str(h) for h in (channel.header or [])]
    if len(headers) > MAX_HEADERS or any(":" not in h or "\n" in h for h in headers):
        raise invalid(
            f"channel.header holds at most {MAX_HEADERS} 'Name: value' lines",
            "Subscription.channel.header",
        )
    return _Asked(
        criteria=request.criteria or "",
        resource_type=resource_type,
        parameters=parameters,
        endpoint=endpoint,
        headers=headers,
        reason=(request.reason or "")[:500],
        status=request.status,
    )


def create(client: Any, body: dict[str, Any], _condition: str | None) -> Created:
    asked = _asked(body)
    with access.atomic():
        subscription = Subscription.objects.create(
            client=client,
            criteria=asked.criteria,
            resource_type=asked.resource_type,
            parameters=asked.parameters,
            endpoint=asked.endpoint,
            headers=asked.headers,
            reason=asked.reason,
            status=SubscriptionStatus.ACTIVE,
        )
    return Created(to_fhir(subscription), str(subscription.pk))


def _kept_headers(asked: list[str], stored: list[str]) -> list[str]:
    """Headers of an update: a value read back masked ("Name: ***") keeps the stored one."""
    stored_by_name = {h.partition(":")[0].strip().lower(): h for h in stored}
    kept = []
    for header in asked:
        name, _colon, value = header.partition(":")
        if value.strip() == "***":
            if name.strip().lower() not in stored_by_name:
                raise invalid(
                    f"channel.header {name.strip()} has no stored value to keep: send it whole",
                    "Subscription.channel.header",
                )
            header = stored_by_name[name.strip().lower()]
        kept.append(header)
    return kept


def update(client: Any, resource_id: str, body: dict[str, Any], if_match: str | None) -> dict:
    """The client changes its subscription: criteria, endpoint, headers, reason, or turns
    it off (`status: off`) and on again (`active` or `requested`), a stopped one's error
    cleared. If-Match must name the version it read."""
    asked = _asked(body)
    if asked.status not in ("requested", "active", "off"):
        raise invalid("status must be requested, active or off", "Subscription.status")
    with access.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(pk=resource_id if resource_id.isdigit() else 0, client=client)
            .first()
        )
        if subscription is None:
            raise not_found("Subscription", resource_id)
        check_version(if_match, subscription.version, f"Subscription/{resource_id}")
        subscription.criteria = asked.criteria
        subscription.resource_type = asked.resource_type
        subscription.parameters = asked.parameters
        subscription.endpoint = asked.endpoint
        subscription.headers = _kept_headers(asked.headers, subscription.headers)
        subscription.reason = asked.reason
        if asked.status == "off":
            subscription.status = SubscriptionStatus.OFF
        else:
            subscription.status, subscription.error = SubscriptionStatus.ACTIVE, ""
        subscription.version += 1
        subscription.save()
    return to_fhir(subscription)


SUBSCRIPTION = Kind(
    resource_type="Subscription",
    model=FhirSubscription,
    documentation=(
        "rest-hook subscriptions; criteria QuestionnaireResponse?<its search parameters>; "
        "each notification POSTs the resource with an Idempotency-Key header (the same key "
        "on every retry of one change)."
    ),
    read=read,
    create=create,
    update=update,
)
