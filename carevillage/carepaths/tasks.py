"""Background work of care paths (django-tasks; the database backend is the outbox)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from carevillage.notify import services as notify

from .enrollments import reminders

SWEEP_INTERVAL = dt.timedelta(minutes=1)


@task()
def sweep_reminders() -> int:
    """Every minute: queue the task reminders that are due, and queue again the sends
    whose worker died. The next run is planned first, so a sweep that fails or whose
    worker is killed midway still has a successor."""
    schedule_next_reminder_sweep()
    queued = reminders.queue_due_reminders()
    notify.requeue_stalled_notifications()
    return queued


def schedule_next_reminder_sweep() -> None:
    """Enqueue the next sweep unless one is already waiting. Idempotent: called by the
    demo seed on every start and by each sweep."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=sweep_reminders.module_path, status="READY").exists():
        return
    sweep_reminders.using(run_after=timezone.now() + SWEEP_INTERVAL).enqueue()
