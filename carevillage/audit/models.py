"""Append-only, hash-chained audit events.

Each event stores a keyed hash (HMAC-SHA256, the key kept outside the database, see
`audit.keys`) of its canonical content together with the hash of the event before it, so
editing or deleting any row breaks the chain from that row on, and rewriting the chain
needs the key. The chain head is also anchored outside the database at intervals
(`audit.anchors`), so cutting off the newest events shows too. `manage.py audit_verify`
checks both. Database triggers (see the migrations) refuse UPDATE and DELETE outright.

Events written before keyed hashes (hash_version 1) keep their plain SHA-256 and stay
verifiable; once a keyed event exists, an unkeyed one after it is a forgery.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class HashVersion(models.IntegerChoices):
    SHA256 = 1, "SHA-256 (before keyed hashes)"
    HMAC_SHA256 = 2, "HMAC-SHA256"


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
    # The API client that acted (FHIR API), when it was not a user.
    actor_client_id = models.BigIntegerField(null=True, blank=True)
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
    hash_version = models.PositiveSmallIntegerField(
        choices=HashVersion.choices, default=HashVersion.HMAC_SHA256
    )
    # Which key made the HMAC (settings.AUDIT_HMAC_KEY_ID), so keys can be rotated.
    key_id = models.CharField(max_length=32, blank=True)

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
        if self.actor_client_id is not None:
            # Only in events of API clients, so every earlier event hashes as it did.
            content["actor_client_id"] = self.actor_client_id
        if self.hash_version != HashVersion.SHA256:
            content["hash_version"] = self.hash_version
            content["key_id"] = self.key_id
        return json.dumps(content, sort_keys=True, separators=(",", ":")).encode()

    def compute_hash(self, key: bytes | None = None) -> str:
        """The event's hash: HMAC-SHA256 with the key named by `key_id` (or `key`), or the
        plain SHA-256 of an event written before keyed hashes."""
        if self.hash_version == HashVersion.SHA256:
            return hashlib.sha256(self.canonical_content()).hexdigest()
        if key is None:
            from .keys import key_for

            key = key_for(self.key_id)
        return hmac.new(key, self.canonical_content(), hashlib.sha256).hexdigest()

    @property
    def action_label(self) -> str:
        """The sentence "Who has viewed my data" shows for this event (audit.actions)."""
        from .actions import label_for

        return label_for(self.action)

    @property
    def allowed(self) -> bool:
        return self.outcome == Outcome.ALLOWED
