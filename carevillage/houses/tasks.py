"""Background work of the houses app (django-tasks; the database backend is the outbox)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from . import services

CHECK_HOUR_LOCAL = 6


@task()
def flag_overdue_reviews() -> int:
    """Daily: flag articles past their review date to their editors, then plan the next run."""
    flagged = services.flag_overdue_reviews()
    schedule_next_review_check()
    return flagged


def schedule_next_review_check() -> None:
    """Enqueue the next daily check (06:00 local) unless one is already waiting. Idempotent."""
    from django_tasks_db.models import DBTaskResult

    path = f"{flag_overdue_reviews.func.__module__}.{flag_overdue_reviews.func.__qualname__}"
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return
    now = timezone.localtime()
    next_run = now.replace(hour=CHECK_HOUR_LOCAL, minute=0, second=0, microsecond=0)
    if next_run <= now:
        next_run += datetime.timedelta(days=1)
    flag_overdue_reviews.using(run_after=next_run).enqueue()
