"""Anchors: the chain head, signed and kept outside the database.

At intervals (`audit.tasks.anchor_audit_chain`, and `manage.py audit_anchor`) the newest
event's id, the number of events, its hash and the time are signed with the audit key and
appended as one JSON line to `AUDIT_ANCHOR_FILE` (open it append-only on the host, e.g.
`chattr +a`, or ship it to write-once storage), and POSTed to `AUDIT_ANCHOR_URL` when set
(an external log the database's owner cannot rewrite). `verify_anchors()` checks every
anchor against the database: cutting off the newest events, or rewriting the chain, no
longer matches a head recorded before.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.utils import timezone

from .keys import UnknownKey, current_key_id, key_for
from .models import AuditEvent

logger = logging.getLogger(__name__)

SIGNED_FIELDS = ("event_id", "count", "hash", "at", "key_id")


@dataclass(frozen=True)
class AnchorProblem:
    line: int
    problem: str


def _anchor_file() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def _signature(anchor: dict[str, Any], key: bytes) -> str:
    content = json.dumps(
        {name: anchor[name] for name in SIGNED_FIELDS}, sort_keys=True, separators=(",", ":")
    ).encode()
    return hmac.new(key, content, hashlib.sha256).hexdigest()


def read_anchors() -> list[dict[str, Any]]:
    path = _anchor_file()
    if not path.exists():
        return []
    anchors = []
    for line in path.read_text().splitlines():
        if line.strip():
            try:
                anchors.append(json.loads(line))
            except json.JSONDecodeError:
                anchors.append({})
    return anchors


def anchor_chain() -> dict[str, Any] | None:
    """Sign the current head and append it; None when there are no events yet or the head
    is the one anchored last."""
    head = AuditEvent.objects.order_by("-id").only("id", "hash").first()
    if head is None:
        return None
    previous = read_anchors()
    if previous and previous[-1].get("event_id") == head.id:
        return None
    anchor: dict[str, Any] = {
        "event_id": head.id,
        "count": AuditEvent.objects.filter(id__lte=head.id).count(),
        "hash": head.hash,
        "at": timezone.now().isoformat(),
        "key_id": current_key_id(),
    }
    anchor["hmac"] = _signature(anchor, key_for(anchor["key_id"]))
    path = _anchor_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as stream:
        stream.write(json.dumps(anchor, sort_keys=True) + "\n")
    if settings.AUDIT_ANCHOR_URL:
        _publish(anchor)
    return anchor


def _publish(anchor: dict[str, Any]) -> None:
    """Send the anchor to the external log; the file already holds it, so a failure is
    logged and the next run sends its own (newer) head."""
    try:
        response = httpx.post(settings.AUDIT_ANCHOR_URL, json=anchor, timeout=10)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        logger.warning("audit anchor not published to the external log: %s", type(exc).__name__)


def verify_anchors() -> tuple[int, AnchorProblem | None]:
    """Check every anchor's signature and that the database still holds the head it
    recorded (the same number of events up to it, the same hash)."""
    anchors = read_anchors()
    for number, anchor in enumerate(anchors, start=1):
        if not all(name in anchor for name in (*SIGNED_FIELDS, "hmac")):
            return number - 1, AnchorProblem(number, "anchor line is unreadable")
        try:
            key = key_for(str(anchor["key_id"]))
        except UnknownKey:
            return number - 1, AnchorProblem(
                number, f"anchor signed with unknown key {anchor['key_id']!r}"
            )
        if not hmac.compare_digest(_signature(anchor, key), str(anchor["hmac"])):
            return number - 1, AnchorProblem(number, "anchor signature does not match (forged)")
        event = AuditEvent.objects.filter(id=anchor["event_id"]).only("id", "hash").first()
        if event is None:
            return number - 1, AnchorProblem(
                number, f"anchored event {anchor['event_id']} is missing (truncated)"
            )
        if AuditEvent.objects.filter(id__lte=event.id).count() != anchor["count"]:
            return number - 1, AnchorProblem(
                number, f"number of events up to {event.id} differs from the anchor"
            )
        if event.hash != anchor["hash"]:
            return number - 1, AnchorProblem(
                number, f"event {event.id} differs from the anchored head (rewritten)"
            )
    return len(anchors), None
