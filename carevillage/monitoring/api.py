"""The device endpoints under /api/monitoring/ (no language prefix, JSON only, no
session, no CSRF: a device authenticates with its own bearer token).

- `pair`: a pairing code for the device's token;
- `readings`: a compact JSON array of readings;
- `fhir`: a FHIR Bundle of Observations, answered with a batch-response Bundle (each
  entry's status, an OperationOutcome for each refused one); every refusal of the whole
  upload is an OperationOutcome.

Uploads are limited to `MAX_BODY` bytes and `ingest.MAX_ITEMS` readings, and to
`MONITORING_UPLOADS_PER_MINUTE` requests a minute per device (default 60: a gateway
sending a backlog of 1,000-reading batches once a second stays within it)."""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from carevillage.fhir.errors import FhirError, fhir_response

from . import devices, ingest
from .errors import MonitoringError

# 1,000 FHIR Observations of blood pressure take about 900 kB; twice that is the ceiling.
MAX_BODY = 2 * 1024 * 1024


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _body(request: HttpRequest) -> Any:
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        raise Refused(413, "too-costly", _("The upload is too large: send at most 2 MB."))
    raw = request.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        raise Refused(413, "too-costly", _("The upload is too large: send at most 2 MB."))
    try:
        return json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "structure", _("The upload is not valid JSON.")) from None


def _device(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    device = devices.device_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if device is None:
        raise Refused(401, "login", _("Send the device's token: Authorization: Bearer <token>."))
    return device


def _over_limit(key: str, limit: int) -> bool:
    """Count one more in a fixed one-minute window kept in the cache; True past `limit`."""
    bucket = f"{key}:{int(time.time() // 60)}"
    cache.add(bucket, 0, timeout=61)
    try:
        count = cache.incr(bucket)
    except ValueError:
        cache.set(bucket, 1, timeout=61)
        count = 1
    return count > limit


def _check_rate(device: Any) -> None:
    """A fixed one-minute window per device."""
    limit = int(getattr(settings, "MONITORING_UPLOADS_PER_MINUTE", 60))
    if _over_limit(f"monitoring-upload:{device.pk}", limit):
        raise Refused(
            429, "throttled", _("This device is sending too often. Wait a minute and resend.")
        )


def _check_pairing_rate(request: HttpRequest) -> None:
    """Pairing attempts per client address and minute: a code cannot be guessed by trying
    (8 characters of 36, valid ten minutes, and at most this many tries a minute)."""
    limit = int(getattr(settings, "MONITORING_PAIRING_ATTEMPTS_PER_MINUTE", 10))
    address = request.META.get("REMOTE_ADDR", "")
    if _over_limit(f"monitoring-pair:{address}", limit):
        raise Refused(
            429, "throttled", _("Too many pairing attempts. Wait a minute and try again.")
        )


def _json_error(refused: Refused) -> JsonResponse:
    response = JsonResponse({"error": refused.message, "code": refused.code}, status=refused.status)
    if refused.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="monitoring"'
    if refused.status == 429:
        response["Retry-After"] = "60"
    return response


@csrf_exempt
@require_POST
def pair(request: HttpRequest) -> HttpResponse:
    try:
        _check_pairing_rate(request)
        payload = _body(request)
        if not isinstance(payload, dict):
            raise Refused(400, "structure", _("Send a JSON object with the pairing code."))
        paired = devices.redeem_pairing(code=str(payload.get("code") or ""))
    except Refused as refused:
        return _json_error(refused)
    except MonitoringError as exc:
        return JsonResponse({"error": exc.message, "code": exc.code}, status=400)
    return JsonResponse(
        {
            "token": paired.token,
            "device": {"id": paired.device.pk, "name": paired.device.name},
            "patient": str(paired.device.person_id),
        },
        status=201,
    )


@csrf_exempt
@require_POST
def readings(request: HttpRequest) -> HttpResponse:
    try:
        device = _device(request)
        _check_rate(device)
        items = ingest.compact_items(_body(request))
    except Refused as refused:
        return _json_error(refused)
    except ingest.BatchError as exc:
        status = 413 if exc.code == "too-many" else 400
        return JsonResponse({"error": exc.message, "code": exc.code}, status=status)
    report = ingest.ingest(device=device, items=items)
    return JsonResponse(
        {
            "created": report.created,
            "existing": report.existing,
            "errors": [
                {"index": r.index, "id": r.identifier, "error": r.error} for r in report.errors
            ],
        },
        status=200,
    )


STATUS = {"created": "201 Created", "exists": "200 OK", "error": "400 Bad Request"}


@csrf_exempt
@require_POST
def fhir_bundle(request: HttpRequest) -> HttpResponse:
    try:
        device = _device(request)
        _check_rate(device)
        items = ingest.fhir_items(_body(request))
    except Refused as refused:
        refusal = FhirError(refused.status, refused.code, refused.message).response()
        if refused.status == 401:
            refusal["WWW-Authenticate"] = 'Bearer realm="monitoring"'
        if refused.status == 429:
            refusal["Retry-After"] = "60"
        return refusal
    except ingest.BatchError as exc:
        status = 413 if exc.code == "too-many" else 400
        return FhirError(
            status, "too-costly" if status == 413 else "structure", exc.message
        ).response()
    report = ingest.ingest(device=device, items=items)
    entries = []
    for result in report.results:
        response: dict[str, Any] = {"status": STATUS[result.status]}
        if result.measurement_id is not None:
            response["location"] = f"Observation/{result.measurement_id}"
        if result.status == "error":
            response["outcome"] = {
                "resourceType": "OperationOutcome",
                "issue": [
                    {
                        "severity": "error",
                        "code": "invalid",
                        "diagnostics": result.error,
                        "expression": [f"Bundle.entry[{result.index}]"],
                    }
                ],
            }
        entries.append({"response": response})
    return fhir_response(
        {"resourceType": "Bundle", "type": "batch-response", "entry": entries}, 200
    )
