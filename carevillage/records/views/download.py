"""The patient's download of their whole health record as a FHIR R4 Bundle (JSON): the
same entries the record page shows, for another service or their own keeping."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from carevillage import access
from carevillage.access.actors import request_actor
from carevillage.audit.actions import AuditAction
from carevillage.fhir.mapping.record_bundle import record_bundle
from carevillage.identity.decorators import high_assurance_required
from carevillage.identity.models import Person

from .. import selectors


@never_cache
@high_assurance_required
@require_GET
def download_record(request: HttpRequest) -> HttpResponse:
    own = getattr(request.user, "person", None)
    if own is None:
        raise Http404
    # The download as such is a read of the record in the person's trail; each entry in it
    # is audited by the selector as on the record page.
    person = access.get(
        request_actor(request),
        AuditAction.VIEW_RECORD,
        Person,
        pk=own.pk,
        purpose="record download",
    )
    bundle = record_bundle(person, selectors.patient_record(request.user, person))
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=2),
        content_type="application/fhir+json; charset=utf-8",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="health-record-{day}.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
