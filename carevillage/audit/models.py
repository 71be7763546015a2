"""Append-only, hash-chained audit events.

Each event stores the SHA-256 of its canonical content together with the hash of the
event before it, so editing or deleting any row breaks the chain from that row on
(`manage.py audit_verify` finds the first broken link). Database triggers (see the
migrations) refuse UPDATE and DELETE on the table outright.
"""

from __future__ import annotations

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Outcome(models.TextChoices):
    ALLOWED = "allow", _("Allowed")
    DENIED = "deny", _("Denied")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(db_index=True)
    # Actors and subjects are kept as plain ids plus a display label captured at the
    # time: the trail must outlive renamed or removed users and must not cascade.
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=200, blank=True)
    actor_organization = models.CharField(max_length=200, blank=True)
    on_behalf_of_person_id = models.BigIntegerField(null=True, blank=True)
    subject_person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=64)
    resource_type = models.CharField(max_length=64, blank=True)
    resource_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=5, choices=Outcome.choices)
    reason = models.CharField(max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["subject_person_id", "-id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.outcome}"

    def canonical_content(self) -> bytes:
        """The bytes the hash covers: every field but the hash itself, in a fixed order."""
        content = {
            "id": self.pk,
            "occurred_at": self.occurred_at.isoformat(),
            "actor_user_id": self.actor_user_id,
            "actor_label": self.actor_label,
            "actor_organization": self.actor_organization,
            "on_behalf_of_person_id": self.on_behalf_of_person_id,
            "subject_person_id": self.subject_person_id,
            "action": self.action,
            "resource_type": self.resource_type,
            "resource_id": self.resource_id,
            "purpose": self.purpose,
            "outcome": self.outcome,
            "reason": self.reason,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(content, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical_content()).hexdigest()

    @property
    def action_label(self) -> str:
        """The sentence "Who has viewed my data" shows for this event (audit.actions)."""
        from .actions import label_for

        return label_for(self.action)

    @property
    def allowed(self) -> bool:
        return self.outcome == Outcome.ALLOWED
