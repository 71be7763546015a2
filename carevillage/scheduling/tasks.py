"""Background work of scheduling (django-tasks; the database backend is the outbox)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from . import reminders

SWEEP_INTERVAL = dt.timedelta(minutes=1)


@task()
def sweep_appointment_reminders() -> int:
    """Every minute: queue the appointment reminders that are due. The next run is
    planned first, so a sweep that fails or whose worker is killed has a successor.
    (Sends whose worker died are queued again by the care-path sweep, which does it for
    every notification.)"""
    schedule_next_appointment_reminder_sweep()
    return reminders.queue_due_reminders()


def schedule_next_appointment_reminder_sweep() -> None:
    """Enqueue the next sweep unless one is already waiting. Idempotent: called by the
    demo seed, by `start_periodic_tasks` and by each sweep."""
    from django_tasks_db.models import DBTaskResult

    path = sweep_appointment_reminders.module_path
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return
    sweep_appointment_reminders.using(run_after=timezone.now() + SWEEP_INTERVAL).enqueue()
