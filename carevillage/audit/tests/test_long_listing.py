"""A listing of thousands of rows is audited in one insert, one event per row, chained and
stored exactly as events written one at a time."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carevillage.audit.models import AuditEvent
from carevillage.audit.services import Actor, record_event, record_events, verify_chain

pytestmark = pytest.mark.django_db

NURSE = Actor(user_id=7, label="Sanna Mäkinen – ”DEMO”", organization="Demo Hospital District")


def _inserts(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries if q["sql"].startswith('INSERT INTO "audit_auditevent"'))


@pytest.mark.parametrize("rows", [3, 2_000])
def test_a_listing_of_any_length_is_one_insert_with_an_intact_chain(rows):
    record_event(actor=NURSE, action="view_person", outcome="allow", subject_person_id=1)
    with CaptureQueriesContext(connection) as queries:
        written = record_events(
            actor=NURSE,
            action="view_record_result",
            outcome="allow",
            resources=[(1, "record_result", n) for n in range(rows)],
            reason="listing",
        )
    assert written == rows
    assert _inserts(queries) == 1
    assert verify_chain() == (rows + 1, None)
    events = list(AuditEvent.objects.order_by("id"))
    assert [e.resource_id for e in events[1:]] == [str(n) for n in range(rows)]
    last = events[-1]
    assert (last.actor_label, last.actor_user_id, last.subject_person_id) == (NURSE.label, 7, 1)
    assert (last.action, last.outcome, last.reason) == ("view_record_result", "allow", "listing")
    assert last.occurred_at == events[1].occurred_at and last.occurred_at.tzinfo is not None
    # What the person reads in "Who has viewed my data" compares times: stored as Django
    # stores them, the listing's events sort with the one written alone.
    assert AuditEvent.objects.filter(occurred_at__gte=events[0].occurred_at).count() == rows + 1
