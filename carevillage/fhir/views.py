"""The FHIR REST boundary: discovery, the token endpoint, and read/search/create per
resource kind. JSON only. Every refusal is an OperationOutcome (or, at the token
endpoint, an OAuth error); every answer about a person went through `access`."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from carevillage import access
from carevillage.access.scopes import Grants

from . import auth, capability
from .errors import FHIR_JSON, FhirError, fhir_response, invalid, not_found
from .mapping import KINDS
from .mapping.base import DEFAULT_COUNT, MAX_COUNT

JSON_FORMATS = {"json", "application/json", "application/fhir+json", FHIR_JSON}
# Paging and format; `_total` and `_totalMethod` (asked by some clients with _count=0) are
# accepted: the total is given for _count=0 only.
CONTROL_PARAMETERS = {"_format", "_count", "_after", "_total", "_totalMethod", "_include"}
View = Callable[..., HttpResponse]


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/fhir").rstrip("/")


def _token_endpoint(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("fhir:token"))


def _check_format(request: HttpRequest) -> None:
    wanted = request.GET.get("_format")
    if wanted is not None and wanted.split(";")[0].strip() not in JSON_FORMATS:
        raise FhirError(406, "not-supported", "only JSON is served: _format=json", "_format")


def _rate_limited(client_pk: int) -> bool:
    key = f"fhir-rate:{client_pk}"
    cache.add(key, 0, timeout=60)
    try:
        count = int(cache.incr(key))
    except ValueError:
        return False
    return count > settings.FHIR_REQUESTS_PER_MINUTE


def api(view: View) -> View:
    """Authenticated FHIR interaction: bearer token, format, size and rate checks, and
    every refusal as an OperationOutcome."""

    @csrf_exempt
    @never_cache
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            _check_format(request)
            found = auth.bearer(request.headers.get("Authorization", ""))
            if found is None:
                raise FhirError(401, "login", "a valid bearer token is required")
            if _rate_limited(found.client.pk):
                raise FhirError(429, "throttled", "too many requests: try again in a minute")
            request.api_client = found.client  # type: ignore[attr-defined]
            request.grants = found.grants  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)
        except FhirError as error:
            return error.response()
        except Http404:
            kind = kwargs.get("resource_type", "")
            return not_found(kind, kwargs.get("resource_id", "")).response()

    return wrapped


def _require_scope(request: HttpRequest, resource_type: str, interaction: str) -> None:
    grants: Grants = request.grants  # type: ignore[attr-defined]
    if not grants.allows(resource_type, interaction):
        raise FhirError(
            403,
            "forbidden",
            f"the token's scopes do not allow {interaction} of {resource_type}",
        )


def _kind(resource_type: str) -> Any:
    kind = KINDS.get(resource_type)
    if kind is None:
        raise FhirError(404, "not-supported", f"resource type {resource_type} is not supported")
    return kind


def _body(request: HttpRequest) -> Any:
    if request.content_type not in ("application/fhir+json", "application/json"):
        raise FhirError(415, "not-supported", "send application/fhir+json")
    length = int(request.headers.get("Content-Length") or 0)
    if length > settings.FHIR_MAX_BODY_BYTES or len(request.body) > settings.FHIR_MAX_BODY_BYTES:
        raise FhirError(
            413, "too-costly", f"the body is larger than {settings.FHIR_MAX_BODY_BYTES} bytes"
        )
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise invalid(f"the body is not JSON: {error}") from None


def _unsupported(kind: Any, interaction: str) -> FhirError:
    return FhirError(
        405, "not-supported", f"{interaction} of {kind.resource_type} is not supported"
    )


@api
def type_endpoint(request: HttpRequest, resource_type: str) -> HttpResponse:
    kind = _kind(resource_type)
    if request.method == "GET":
        if kind.search is None:
            raise _unsupported(kind, "search")
        _require_scope(request, resource_type, "search")
        return _search(request, kind)
    if request.method == "POST":
        if kind.create is None:
            raise _unsupported(kind, "create")
        _require_scope(request, resource_type, "create")
        created = kind.create(
            request.api_client,  # type: ignore[attr-defined]
            _body(request),
            request.headers.get("If-None-Exist"),
        )
        response = _versioned(created.resource, 201 if created.created else 200)
        response["Location"] = f"{_base(request)}/{resource_type}/{created.resource_id}"
        return response
    raise FhirError(405, "not-supported", f"{request.method} on {resource_type} is not supported")


def _versioned(resource: dict[str, Any], status: int = 200) -> HttpResponse:
    """A resource answer; a versioned resource carries its version as a weak ETag."""
    response = fhir_response(resource, status)
    version = (resource.get("meta") or {}).get("versionId")
    if version:
        response["ETag"] = f'W/"{version}"'
    return response


def _includes(request: HttpRequest, kind: Any) -> list[Any]:
    wanted = request.GET.getlist("_include")
    for name in wanted:
        if name not in kind.includes:
            offered = ", ".join(sorted(kind.includes)) or "none"
            raise FhirError(
                400,
                "not-supported",
                f"_include={name} is not supported for {kind.resource_type} (supported: {offered})",
                "_include",
            )
    chosen = [kind.includes[name] for name in dict.fromkeys(wanted)]
    for include in chosen:
        _require_scope(request, include.target, "read")
    return chosen


def _search(request: HttpRequest, kind: Any) -> HttpResponse:
    includes = _includes(request, kind)
    supported = {p.name for p in kind.search_parameters}
    # A repeated parameter (date=ge2026-01-01&date=le2026-01-31) reaches the kind as its
    # values joined by commas; each kind says what it accepts.
    params = {
        key: ",".join(request.GET.getlist(key))
        for key in request.GET
        if key not in CONTROL_PARAMETERS
    }
    for name in params:
        if name not in supported:
            raise FhirError(
                400,
                "not-supported",
                f"search parameter {name} is not supported for {kind.resource_type} "
                f"(supported: {', '.join(sorted(supported))})",
                name,
            )
    try:
        count = int(request.GET.get("_count", DEFAULT_COUNT))
    except ValueError:
        raise invalid("_count must be a whole number", "_count") from None
    if not 0 <= count <= MAX_COUNT:
        raise invalid(f"_count must be between 0 (just the total) and {MAX_COUNT}", "_count")
    after = request.GET.get("_after")
    page = kind.search(request.api_client, params, count, after)  # type: ignore[attr-defined]
    base = _base(request)
    query = [(key, item) for key, items in request.GET.lists() for item in items]
    links = [{"relation": "self", "url": f"{base}/{kind.resource_type}?{urlencode(sorted(query))}"}]
    if page.after is not None:
        following = [item for item in query if item[0] != "_after"] + [("_after", page.after)]
        links.append(
            {
                "relation": "next",
                "url": f"{base}/{kind.resource_type}?{urlencode(sorted(following))}",
            }
        )
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset", "link": links}
    if page.total is not None:
        bundle["total"] = page.total
    entries = [
        {
            "fullUrl": f"{base}/{kind.resource_type}/{resource['id']}",
            "resource": resource,
            "search": {"mode": "match"},
        }
        for resource in page.resources
    ]
    client = request.api_client  # type: ignore[attr-defined]
    seen: set[str] = set()
    for include in includes if page.resources else []:
        for resource in include.fetch(client, page.resources):
            full_url = f"{base}/{resource['resourceType']}/{resource['id']}"
            if full_url not in seen:
                seen.add(full_url)
                entries.append(
                    {"fullUrl": full_url, "resource": resource, "search": {"mode": "include"}}
                )
    if entries:  # FHIR JSON has no empty arrays
        bundle["entry"] = entries
    return fhir_response(bundle)


MAX_BUNDLE_ENTRIES = 500


@api
def system_endpoint(request: HttpRequest) -> HttpResponse:
    """`POST [base]` with a `transaction` Bundle: every entry is created, or none is (a
    failing entry rolls the whole Bundle back; the answer names the entry)."""
    if request.method != "POST":
        raise FhirError(405, "not-supported", "POST a transaction Bundle to the base URL")
    body = _body(request)
    if not isinstance(body, dict) or body.get("resourceType") != "Bundle":
        raise invalid("POST a Bundle to the base URL", "Bundle.resourceType")
    if body.get("type") != "transaction":
        raise FhirError(
            400, "not-supported", "only Bundle.type transaction is processed", "Bundle.type"
        )
    entries = body.get("entry") or []
    if not isinstance(entries, list) or not entries:
        raise invalid("the transaction has no entries", "Bundle.entry")
    if len(entries) > MAX_BUNDLE_ENTRIES:
        raise FhirError(
            413, "too-costly", f"a transaction holds at most {MAX_BUNDLE_ENTRIES} entries"
        )
    client = request.api_client  # type: ignore[attr-defined]
    results = []
    where = "Bundle.entry"
    try:
        # One transaction for the whole Bundle; a refusal inside it stays in the trail
        # (access.atomic writes it again after the rollback).
        with access.atomic():
            for index, entry in enumerate(entries):
                where = f"Bundle.entry[{index}]"
                results.append(_transaction_entry(request, client, entry))
    except FhirError as error:
        error.diagnostics = f"{where}: {error.diagnostics}"
        error.expression = error.expression and f"{where}.resource.{error.expression}"
        raise
    except Http404:
        raise FhirError(404, "not-found", f"{where}: a referenced resource is not known") from None
    base = _base(request)
    return fhir_response(
        {
            "resourceType": "Bundle",
            "type": "transaction-response",
            "entry": [
                {
                    "fullUrl": f"{base}/{kind}/{created.resource_id}",
                    "resource": created.resource,
                    "response": {
                        "status": "201 Created" if created.created else "200 OK",
                        "location": f"{kind}/{created.resource_id}",
                    },
                }
                for kind, created in results
            ],
        }
    )


def _transaction_entry(request: HttpRequest, client: Any, entry: Any) -> Any:
    if not isinstance(entry, dict) or not isinstance(entry.get("request"), dict):
        raise invalid("each entry needs a request (method and url)", "request")
    method = entry["request"].get("method")
    resource = entry.get("resource")
    if method != "POST":
        raise FhirError(
            400, "not-supported", "only POST (create) entries are processed", "request.method"
        )
    resource_type = resource.get("resourceType") if isinstance(resource, dict) else None
    url = str(entry["request"].get("url", "")).strip("/")
    if not resource_type or url != resource_type:
        raise invalid("request.url must be the resource's type", "request.url")
    kind = _kind(resource_type)
    if kind.create is None:
        raise _unsupported(kind, "create")
    _require_scope(request, resource_type, "create")
    return resource_type, kind.create(client, resource, entry["request"].get("ifNoneExist"))


@api
def instance_endpoint(request: HttpRequest, resource_type: str, resource_id: str) -> HttpResponse:
    kind = _kind(resource_type)
    client = request.api_client  # type: ignore[attr-defined]
    if request.method == "PUT":
        if kind.update is None:
            raise _unsupported(kind, "update")
        _require_scope(request, resource_type, "update")
        body = _body(request)
        if isinstance(body, dict) and body.get("id") not in (None, resource_id):
            raise invalid(f"the resource's id must be {resource_id}, as in the URL", "id")
        return _versioned(kind.update(client, resource_id, body, request.headers.get("If-Match")))
    if request.method != "GET":
        raise _unsupported(kind, (request.method or "").lower())
    if kind.read is None:
        raise _unsupported(kind, "read")
    _require_scope(request, resource_type, "read")
    return _versioned(kind.read(client, resource_id))


@never_cache
def metadata(request: HttpRequest) -> HttpResponse:
    try:
        _check_format(request)
    except FhirError as error:
        return error.response()
    return fhir_response(
        capability.capability_statement(
            _base(request), _token_endpoint(request), settings.FHIR_CAPABILITY_DATE
        )
    )


@never_cache
def smart_configuration(request: HttpRequest) -> HttpResponse:
    return JsonResponse(capability.smart_configuration(_token_endpoint(request)))


@csrf_exempt
@never_cache
def token(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return JsonResponse(
            {"error": "invalid_request", "error_description": "POST the token request"},
            status=405,
        )
    if len(request.body) > 32_000:
        return JsonResponse(
            {"error": "invalid_request", "error_description": "the request is too large"},
            status=413,
        )
    try:
        issued = auth.issue_token(form=request.POST.dict(), token_endpoint=_token_endpoint(request))
    except auth.TokenError as error:
        return JsonResponse(
            {"error": error.error, "error_description": error.description}, status=error.status
        )
    return JsonResponse(
        {
            "access_token": issued.access_token,
            "token_type": "bearer",
            "expires_in": issued.expires_in,
            "scope": issued.scope,
        },
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )
