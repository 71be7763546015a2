"""Background work of home measurements (django-tasks; the database backend is the
outbox)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from . import services

SWEEP_INTERVAL = dt.timedelta(hours=1)


@task()
def check_silent_patients() -> int:
    """Every hour: the "no reading for N days" rules (idempotent: an open alert for a
    rule is never raised twice). The next run is planned first, so a check that fails
    still has a successor."""
    schedule_next_silence_check()
    return services.check_silence()


def schedule_next_silence_check() -> None:
    """Enqueue the next check unless one is already waiting. Idempotent: called by the
    demo seed on every start and by each check."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(
        task_path=check_silent_patients.module_path, status="READY"
    ).exists():
        return
    check_silent_patients.using(run_after=timezone.now() + SWEEP_INTERVAL).enqueue()
