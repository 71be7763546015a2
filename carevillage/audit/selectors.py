"""Reads of the audit trail. The trail about a person is their health data too."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carevillage import access

from .models import AuditEvent


def trail_for_person(*, actor: Any, person: Any, on_behalf_of: Any = None) -> QuerySet[AuditEvent]:
    """Every event whose subject is `person`, newest first ("Who has viewed my data")."""
    access.require(actor, "view_audit_trail", person, on_behalf_of)
    return AuditEvent.objects.filter(subject_person_id=person.pk).order_by("-id")
