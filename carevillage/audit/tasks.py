"""Background work of the audit trail (django-tasks; the database backend)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import anchors


@task()
def anchor_audit_chain() -> int | None:
    """At intervals: sign the chain head and append it outside the database. The next run
    is planned first, so a run that fails still has a successor."""
    schedule_next_anchor()
    anchor = anchors.anchor_chain()
    return anchor["event_id"] if anchor else None


def schedule_next_anchor() -> None:
    """Enqueue the next anchoring unless one is already waiting (idempotent)."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=anchor_audit_chain.module_path, status="READY"
    ).exists()
    if waiting:
        return
    interval = dt.timedelta(minutes=settings.AUDIT_ANCHOR_INTERVAL_MINUTES)
    anchor_audit_chain.using(run_after=timezone.now() + interval).enqueue()
