"""The audit trail is append-only and tamper-evident."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from carevillage.audit.models import GENESIS_HASH, AuditEvent
from carevillage.audit.services import Actor, record_event, verify_chain

pytestmark = pytest.mark.django_db

NURSE = Actor(user_id=7, label="Sanna Mäkinen", organization="Demo Hospital District")


def three_events() -> list[AuditEvent]:
    return [
        record_event(actor=NURSE, action="view_person", outcome="allow", subject_person_id=1),
        record_event(actor=NURSE, action="view_record", outcome="deny", subject_person_id=2),
        record_event(actor=NURSE, action="view_person", outcome="allow", subject_person_id=1),
    ]


def test_each_event_links_to_the_previous_one():
    first, second, third = three_events()
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    assert verify_chain() == (3, None)


def test_database_refuses_update():
    event = three_events()[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(outcome="deny")
    event.refresh_from_db()
    assert event.outcome == "allow"


def test_database_refuses_delete():
    three_events()
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() == 3


def _drop_triggers() -> None:
    """What someone with database access would do before editing the table by hand."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")


def test_audit_verify_reports_the_first_event_edited_by_hand(capsys):
    events = three_events()
    call_command("audit_verify")
    assert "intact: 3 events" in capsys.readouterr().out

    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET outcome = 'allow' WHERE id = %s", [events[1].pk]
        )

    with pytest.raises(CommandError) as error:
        call_command("audit_verify")
    assert f"broken at event {events[1].pk}" in str(error.value)
    assert "edited" in str(error.value)


def test_audit_verify_reports_a_deleted_event():
    events = three_events()
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])

    with pytest.raises(CommandError) as error:
        call_command("audit_verify")
    assert f"broken at event {events[1].pk}" in str(error.value)
    assert "missing" in str(error.value)


def test_audit_verify_reports_a_rewritten_hash_chain_link():
    events = three_events()
    _drop_triggers()
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.reason = "covered up"
    forged.hash = forged.compute_hash()  # recomputed, but the next link still points at the old one
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET reason = %s, hash = %s WHERE id = %s",
            [forged.reason, forged.hash, forged.pk],
        )

    checked, broken = verify_chain()
    assert checked == 2
    assert broken.event_id == events[2].pk


def test_event_rolls_back_with_the_change_it_describes():
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(actor=NURSE, action="view_person", outcome="allow", subject_person_id=1)
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == 0
    assert verify_chain() == (0, None)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain():
    """Events written at the same time from several connections still form one chain."""
    import threading

    from django.db import connections

    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                record_event(
                    actor=Actor(user_id=n, label=f"writer {n}"),
                    action="view_person",
                    outcome="allow",
                    subject_person_id=i,
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    try:
        assert errors == []
        assert verify_chain() == (60, None)
    finally:
        _empty_audit_table_for_the_next_test()


def _empty_audit_table_for_the_next_test() -> None:
    """Tests that commit must leave an empty table; Django's flush cannot delete audit rows."""
    if connection.vendor != "sqlite":
        return  # PostgreSQL's flush uses TRUNCATE, which the row triggers do not stop
    import importlib

    triggers = importlib.import_module("carevillage.audit.migrations.0002_append_only_triggers")

    with connection.cursor() as cursor:
        for sql in triggers.SQLITE_BACKWARD:
            cursor.execute(sql)
        cursor.execute("DELETE FROM audit_auditevent")
        for sql in triggers.SQLITE_FORWARD:
            cursor.execute(sql)
