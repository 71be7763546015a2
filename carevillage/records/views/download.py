"""The patient's download of their whole health record as a FHIR R4 Bundle (JSON): the
same entries the record page shows, for another service or their own keeping."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from carevillage.access.actors import request_actor, subject_person
from carevillage.fhir.mapping.record_bundle import record_download
from carevillage.identity.decorators import high_assurance_required


@never_cache
@high_assurance_required
@require_GET
def download_record(request: HttpRequest) -> HttpResponse:
    own = subject_person(request.user)
    if own is None:
        raise Http404
    bundle = record_download(request_actor(request), own)
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=2),
        content_type="application/fhir+json; charset=utf-8",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="health-record-{day}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
