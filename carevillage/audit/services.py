"""The one door for writing audit events."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .actions import AuditAction
from .keys import UnknownKey, current_key, current_key_id
from .models import GENESIS_HASH, AuditEvent, HashVersion, Outcome

# Any constant works: it names the advisory lock that serializes the chain on PostgreSQL.
_CHAIN_LOCK_KEY = 0x6361726576696C6C  # "carevill"


@dataclass(frozen=True)
class Actor:
    """Who acted, as the trail shows it."""

    user_id: int | None
    label: str
    organization: str = ""
    # An API client (an EHR calling the FHIR API) acts under its own id, never a user's.
    client_id: int | None = None


# Events written while the demo village is seeded belong to nobody: the trail of a demo
# person must not show the seed as something they (or a professional) did.
DEMO_SEED = Actor(user_id=None, label="CareVillage demo")
_seeding: ContextVar[bool] = ContextVar("audit_demo_seeding", default=False)


@contextmanager
def demo_seeding() -> Iterator[None]:
    """DEMO: every event recorded inside is the seed's, not any person's."""
    token = _seeding.set(True)
    try:
        yield
    finally:
        _seeding.reset(token)


def actor_for(user: Any) -> Actor:
    """The trail's view of a User, AnonymousUser or access actor (or None)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(user_id=None, label="")
    if getattr(user, "is_api_client", False):
        return Actor(
            user_id=None,
            label=user.display_name(),
            organization=user.primary_organization_name(),
            client_id=user.pk,
        )
    return Actor(
        user_id=user.pk,
        label=user.display_name(),
        organization=user.primary_organization_name(),
    )


def _seal(event: AuditEvent, key: bytes) -> None:
    event.hash_version = HashVersion.HMAC_SHA256
    event.key_id = current_key_id()
    event.hash = event.compute_hash(key)


def _check(action: str, outcome: str) -> None:
    """Only registered actions and known outcomes enter the chain."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}: add it to audit.actions.AuditAction")
    if outcome not in Outcome.values:
        raise ValueError(f"unknown audit outcome {outcome!r}")


def _insert(events: list[AuditEvent]) -> None:
    """Insert the events in one statement however many there are.

    SQLite binds at most 999 parameters a statement, so `bulk_create` splits a long
    listing into batches of 55 events (18 columns each): the print view of a record with
    5,000 results took 92 inserts. There the rows travel as one JSON parameter that
    `json_each` unpacks (SQLite's JSON functions, sqlite.org/json1.html), each value
    prepared for the database exactly as `bulk_create` prepares it. PostgreSQL has no such
    limit in Django: `bulk_create` is one insert there."""
    fields = AuditEvent._meta.concrete_fields
    limit = connection.features.max_query_params
    if connection.vendor != "sqlite" or not limit or len(events) * len(fields) <= limit:
        AuditEvent.objects.bulk_create(events)
        return
    rows = [
        [field.get_db_prep_save(getattr(event, field.attname), connection) for field in fields]
        for event in events
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(f"json_extract(value, '$[{n}]')" for n in range(len(fields)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) "
            f"SELECT {values} FROM json_each(%s) ORDER BY key",
            [json.dumps(rows)],
        )


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def record_event(
    *,
    actor: Actor,
    action: AuditAction,
    outcome: str,
    subject_person_id: int | None = None,
    on_behalf_of_person_id: int | None = None,
    resource_type: str = "",
    resource_id: str | int = "",
    purpose: str = "",
    reason: str = "",
) -> AuditEvent:
    """Append one event to the chain.

    Runs inside the caller's transaction when there is one, so an event and the change
    it describes commit or roll back together.
    """
    _check(action, outcome)
    if _seeding.get():
        actor, purpose = DEMO_SEED, "demo"
    key = current_key()
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").only("id", "hash").first()
        event = AuditEvent(
            id=(last.id + 1) if last else 1,
            occurred_at=timezone.now(),
            actor_user_id=actor.user_id,
            actor_client_id=actor.client_id,
            actor_label=actor.label[:200],
            actor_organization=actor.organization[:200],
            on_behalf_of_person_id=on_behalf_of_person_id,
            subject_person_id=subject_person_id,
            action=action,
            resource_type=resource_type,
            resource_id=str(resource_id),
            purpose=purpose,
            outcome=outcome,
            reason=reason[:200],
            prev_hash=last.hash if last else GENESIS_HASH,
        )
        _seal(event, key)
        event.save(force_insert=True)
    return event


def record_events(
    *,
    actor: Actor,
    action: AuditAction,
    outcome: str,
    resources: list[tuple[int | None, str, str | int]],
    purpose: str = "",
    reason: str = "",
    on_behalf_of_person_id: int | None = None,
) -> int:
    """Append one event per `(subject_person_id, resource_type, resource_id)` in one
    insert: for listings, where one event per row shown must not cost a query per row.
    The events are chained exactly as `record_event` would chain them one by one."""
    return record_event_batch(
        actor=actor,
        outcome=outcome,
        entries=[(action, *resource) for resource in resources],
        purpose=purpose,
        reason=reason,
        on_behalf_of_person_id=on_behalf_of_person_id,
    )


def record_event_batch(
    *,
    actor: Actor,
    outcome: str,
    entries: list[tuple[AuditAction, int | None, str, str | int]],
    purpose: str = "",
    reason: str = "",
    on_behalf_of_person_id: int | None = None,
) -> int:
    """`record_events` for a page that shows several kinds of rows (patients and their
    alerts): one `(action, subject_person_id, resource_type, resource_id)` per event, all
    in one insert."""
    for action, *_resource in entries:
        _check(action, outcome)
    if not entries:
        return 0
    if _seeding.get():
        actor, purpose = DEMO_SEED, "demo"
    key = current_key()
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").only("id", "hash").first()
        next_id, prev_hash = ((last.id + 1), last.hash) if last else (1, GENESIS_HASH)
        now = timezone.now()
        events = []
        for action, subject_person_id, resource_type, resource_id in entries:
            event = AuditEvent(
                id=next_id,
                occurred_at=now,
                actor_user_id=actor.user_id,
                actor_client_id=actor.client_id,
                actor_label=actor.label[:200],
                actor_organization=actor.organization[:200],
                on_behalf_of_person_id=on_behalf_of_person_id,
                subject_person_id=subject_person_id,
                action=action,
                resource_type=resource_type,
                resource_id=str(resource_id),
                purpose=purpose,
                outcome=outcome,
                reason=reason[:200],
                prev_hash=prev_hash,
            )
            _seal(event, key)
            events.append(event)
            next_id, prev_hash = next_id + 1, event.hash
        _insert(events)
    return len(events)


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    problem: str


def verify_chain(*, batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the chain in id order; return how many events were checked and the first break.

    Keyed events must carry a valid HMAC of a key this installation holds; after the
    first keyed event, an unkeyed (plain SHA-256) one is a forgery by someone without
    the key."""
    checked = 0
    expected_prev = GENESIS_HASH
    expected_id = 1
    last_id = 0
    keyed = False
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return checked, None
        for event in batch:
            if event.id != expected_id:
                return checked, ChainBreak(expected_id, "event is missing (deleted)")
            if event.prev_hash != expected_prev:
                return checked, ChainBreak(event.id, "previous-hash link does not match")
            if event.hash_version == HashVersion.SHA256:
                if keyed:
                    return checked, ChainBreak(
                        event.id, "unkeyed hash after keyed hashes began (forged)"
                    )
            else:
                keyed = True
            try:
                expected_hash = event.compute_hash()
            except UnknownKey:
                return checked, ChainBreak(event.id, f"signed with unknown key {event.key_id!r}")
            if expected_hash != event.hash:
                return checked, ChainBreak(event.id, "content does not match its hash (edited)")
            expected_prev = event.hash
            expected_id += 1
            checked += 1
        last_id = batch[-1].id
