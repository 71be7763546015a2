"""Background work of the houses app (django-tasks; the database backend is the outbox)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from . import services

CHECK_HOUR_LOCAL = 6
# Wagtail publishes pages whose go-live time has come only when `publish_scheduled` runs.
SCHEDULED_PUBLISHING_INTERVAL = datetime.timedelta(minutes=1)


@task()
def flag_overdue_reviews() -> int:
    """Daily: flag articles past their review date to their editors, then plan the next run."""
    flagged = services.flag_overdue_reviews()
    schedule_next_review_check()
    return flagged


@task()
def publish_scheduled_pages() -> None:
    """Every minute: publish (and unpublish) pages whose scheduled time has come."""
    call_command("publish_scheduled")
    schedule_next_publishing_run()


def _waiting(task_function: Any) -> bool:
    path = f"{task_function.func.__module__}.{task_function.func.__qualname__}"
    return DBTaskResult.objects.filter(task_path=path, status="READY").exists()


def schedule_next_publishing_run() -> None:
    """Enqueue the next scheduled-publishing run unless one is already waiting. Idempotent."""
    if _waiting(publish_scheduled_pages):
        return
    publish_scheduled_pages.using(
        run_after=timezone.now() + SCHEDULED_PUBLISHING_INTERVAL
    ).enqueue()


def schedule_next_review_check() -> None:
    """Enqueue the next daily check (06:00 local) unless one is already waiting. Idempotent."""
    path = f"{flag_overdue_reviews.func.__module__}.{flag_overdue_reviews.func.__qualname__}"
    if DBTaskResult.objects.filter(task_path=path, status="READY").exists():
        return
    now = timezone.localtime()
    next_run = now.replace(hour=CHECK_HOUR_LOCAL, minute=0, second=0, microsecond=0)
    if next_run <= now:
        next_run += datetime.timedelta(days=1)
    flag_overdue_reviews.using(run_after=next_run).enqueue()
