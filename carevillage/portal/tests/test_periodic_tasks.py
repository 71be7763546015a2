"""Production has no demo seed: one idempotent command starts the recurring jobs."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

RECURRING = {
    "carevillage.houses.tasks.publish_scheduled_pages",
    "carevillage.houses.tasks.flag_overdue_reviews",
    "carevillage.carepaths.tasks.sweep_reminders",
    "carevillage.audit.tasks.anchor_audit_chain",
    "carevillage.messaging.tasks.clean_upload_temp_dir",
    "carevillage.scheduling.tasks.sweep_appointment_reminders",
}


def test_start_periodic_tasks_queues_each_recurring_job_once_however_often_it_runs():
    call_command("start_periodic_tasks")
    call_command("start_periodic_tasks")
    waiting = list(DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True))
    assert sorted(waiting) == sorted(RECURRING)
