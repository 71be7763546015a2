"""Someone with write access to the database but without the audit key cannot rewrite the
trail unnoticed: keyed hashes, and chain heads anchored outside the database."""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from carevillage.audit.anchors import read_anchors, verify_anchors
from carevillage.audit.models import AuditEvent, HashVersion
from carevillage.audit.services import Actor, record_event, verify_chain

pytestmark = pytest.mark.django_db

NURSE = Actor(user_id=7, label="Sanna Mäkinen", organization="Demo Hospital District")
STRANGER = Actor(user_id=9, label="Outside Doctor", organization="Other District")


def _drop_triggers() -> None:
    """What someone with database access would do before editing the table by hand."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")


def five_events() -> list[AuditEvent]:
    events = [record_event(actor=NURSE, action="view_person", outcome="allow", subject_person_id=1)]
    events.append(
        record_event(actor=STRANGER, action="view_record", outcome="deny", subject_person_id=1)
    )
    events += [
        record_event(actor=NURSE, action="view_record", outcome="allow", subject_person_id=1)
        for _ in range(3)
    ]
    return events


def audit_verify_error() -> str:
    with pytest.raises(CommandError) as error:
        call_command("audit_verify")
    return str(error.value)


def _rehash_from(first_id: int, *, key: bytes | None, unkeyed: bool = False) -> None:
    """Recompute every hash from `first_id` on, as a forger would, and write them back."""
    previous = AuditEvent.objects.filter(id__lt=first_id).order_by("-id").first()
    prev_hash = previous.hash if previous else "0" * 64
    for event in AuditEvent.objects.filter(id__gte=first_id).order_by("id"):
        event.prev_hash = prev_hash
        if unkeyed:
            event.hash_version = HashVersion.SHA256
            event.key_id = ""
        event.hash = event.compute_hash(key)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET outcome = %s, prev_hash = %s, hash = %s, "
                "hash_version = %s, key_id = %s WHERE id = %s",
                [
                    event.outcome,
                    event.prev_hash,
                    event.hash,
                    event.hash_version,
                    event.key_id,
                    event.pk,
                ],
            )
        prev_hash = event.hash


def test_new_events_carry_a_keyed_hash_and_the_key_id(settings):
    event = five_events()[0]
    assert event.hash_version == HashVersion.HMAC_SHA256
    assert event.key_id == settings.AUDIT_HMAC_KEY_ID
    expected = hmac.new(
        settings.AUDIT_HMAC_KEY.encode(), event.canonical_content(), hashlib.sha256
    ).hexdigest()
    assert event.hash == expected
    assert hashlib.sha256(event.canonical_content()).hexdigest() != event.hash


def test_audit_anchor_appends_a_signed_head_and_audit_verify_checks_it(capsys):
    events = five_events()
    call_command("audit_anchor")
    call_command("audit_anchor")  # nothing new: no second line
    anchors = read_anchors()
    assert len(anchors) == 1
    assert anchors[0]["event_id"] == events[-1].pk
    assert anchors[0]["count"] == 5
    assert anchors[0]["hash"] == events[-1].hash
    call_command("audit_verify")
    assert "intact: 5 events verified, 1 anchors match" in capsys.readouterr().out


def test_deleting_the_newest_events_fails_against_the_anchor():
    five_events()
    call_command("audit_anchor")
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id > 3")
    assert verify_chain() == (3, None)  # the chain alone cannot see a cut-off tail
    assert "missing (truncated)" in audit_verify_error()


def test_flipping_a_denial_and_rehashing_without_the_key_fails(settings):
    events = five_events()
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET outcome = 'allow' WHERE id = %s", [events[1].pk]
        )
    _rehash_from(events[1].pk, key=b"a guessed key")

    message = audit_verify_error()
    assert f"broken at event {events[1].pk}" in message
    assert "edited" in message


def test_rehashing_with_plain_sha256_is_a_forgery():
    events = five_events()
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET outcome = 'allow' WHERE id = %s", [events[1].pk]
        )
    _rehash_from(events[1].pk, key=None, unkeyed=True)

    message = audit_verify_error()
    assert f"broken at event {events[1].pk}" in message
    assert "forged" in message


def test_rewriting_the_whole_chain_unkeyed_fails_against_the_anchor():
    """The forger turns every event into a plain SHA-256 one: the chain is consistent,
    but the anchored head is not there any more."""
    events = five_events()
    call_command("audit_anchor")
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET outcome = 'allow' WHERE id = %s", [events[1].pk]
        )
    _rehash_from(1, key=None, unkeyed=True)
    assert verify_chain() == (5, None)
    assert "rewritten" in audit_verify_error()


def test_appending_a_forged_event_without_the_key_fails():
    events = five_events()
    _drop_triggers()
    forged = AuditEvent(
        id=events[-1].pk + 1,
        occurred_at=events[-1].occurred_at,
        actor_label="Nobody",
        action="view_person",
        outcome="allow",
        subject_person_id=1,
        prev_hash=events[-1].hash,
        hash_version=HashVersion.HMAC_SHA256,
        key_id=events[-1].key_id,
    )
    forged.hash = forged.compute_hash(b"not the key")
    forged.save(force_insert=True)

    message = audit_verify_error()
    assert f"broken at event {forged.pk}" in message


def test_a_forged_anchor_fails(settings):
    five_events()
    call_command("audit_anchor")
    lines = settings.AUDIT_ANCHOR_FILE.read_text().splitlines()
    anchor = json.loads(lines[0])
    anchor["count"] = 4
    settings.AUDIT_ANCHOR_FILE.write_text(json.dumps(anchor) + "\n")
    assert "forged" in audit_verify_error()


def test_rotated_keys_keep_old_events_and_anchors_verifiable(settings):
    five_events()
    call_command("audit_anchor")
    old_id, old_key = settings.AUDIT_HMAC_KEY_ID, settings.AUDIT_HMAC_KEY
    with override_settings(
        AUDIT_HMAC_KEY_ID="k2",
        AUDIT_HMAC_KEY="the new key",
        AUDIT_HMAC_OLD_KEYS=f"{old_id}:{old_key}",
    ):
        newer = record_event(actor=NURSE, action="view_person", outcome="allow")
        assert newer.key_id == "k2"
        call_command("audit_anchor")
        call_command("audit_verify")
    # Without the new key, its events cannot be checked: that is reported, not passed.
    assert "unknown key 'k2'" in audit_verify_error()


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers["Content-Length"])
        self.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_anchors_are_also_posted_to_the_external_log(settings):
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.AUDIT_ANCHOR_URL = f"http://127.0.0.1:{server.server_port}/anchors"
        events = five_events()
        call_command("audit_anchor")
    finally:
        server.shutdown()
        server.server_close()
    assert [a["event_id"] for a in _Receiver.received] == [events[-1].pk]
    assert _Receiver.received[0] == read_anchors()[0]


def test_the_periodic_task_anchors_the_head():
    from carevillage.audit.tasks import anchor_audit_chain

    events = five_events()
    assert anchor_audit_chain.call() == events[-1].pk
    assert verify_anchors() == (1, None)


@pytest.mark.django_db(transaction=True)
def test_events_written_before_keyed_hashes_stay_verifiable_after_the_migration():
    triggers = importlib.import_module("carevillage.audit.migrations.0002_append_only_triggers")
    try:
        call_command("migrate", "audit", "0002", verbosity=0)
        prev = "0" * 64
        for event_id in (1, 2):
            legacy = AuditEvent(
                id=event_id,
                occurred_at=timezone.now(),
                actor_label="Legacy",
                action="view_person",
                outcome="allow",
                prev_hash=prev,
                hash_version=HashVersion.SHA256,
            )
            legacy.hash = legacy.compute_hash()
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO audit_auditevent (id, occurred_at, actor_label, "
                    "actor_organization, action, resource_type, resource_id, purpose, "
                    "outcome, reason, prev_hash, hash) VALUES "
                    "(%s, %s, %s, '', %s, '', '', '', %s, '', %s, %s)",
                    [
                        legacy.id,
                        legacy.occurred_at,
                        legacy.actor_label,
                        legacy.action,
                        legacy.outcome,
                        legacy.prev_hash,
                        legacy.hash,
                    ],
                )
            prev = legacy.hash
        call_command("migrate", "audit", verbosity=0)
        assert list(AuditEvent.objects.values_list("hash_version", flat=True)) == [1, 1]
        newer = record_event(actor=NURSE, action="view_person", outcome="allow")
        assert newer.prev_hash == prev and newer.hash_version == HashVersion.HMAC_SHA256
        assert verify_chain() == (3, None)
        # The table still refuses DELETE after the migration rebuilt it.
        with pytest.raises(DatabaseError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM audit_auditevent")
    finally:
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for sql in triggers.SQLITE_BACKWARD:
                    cursor.execute(sql)
                cursor.execute("DELETE FROM audit_auditevent")
                for sql in triggers.SQLITE_FORWARD:
                    cursor.execute(sql)


def test_production_refuses_to_start_without_the_audit_key(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "AUDIT_HMAC_KEY"}
    env.update(
        {
            "CAREVILLAGE_ENV": "production",
            "CAREVILLAGE_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "s" * 50,
            "NATIONAL_ID_ENCRYPTION_KEY": "k" * 40,
            "NATIONAL_ID_HASH_KEY": "h" * 40,
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY must be set" in result.stderr
