"""Background work of the health record (django-tasks; the database backend is the
outbox)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from . import services

SWEEP_INTERVAL = dt.timedelta(hours=1)


@task()
def sweep_renewals() -> int:
    """Every hour: renewal requests unanswered for eight days lapse and the patient is
    told. The next run is planned first, so a sweep that fails still has a successor."""
    schedule_next_renewal_sweep()
    return services.expire_renewals()


def schedule_next_renewal_sweep() -> None:
    """Enqueue the next sweep unless one is already waiting. Idempotent: called by the
    demo seed on every start and by each sweep."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=sweep_renewals.module_path, status="READY").exists():
        return
    sweep_renewals.using(run_after=timezone.now() + SWEEP_INTERVAL).enqueue()
