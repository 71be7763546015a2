"""Uploads spooled to disk stay under the app's storage and do not outlive a crash."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from carevillage.messaging.tasks import remove_stale_upload_files


def test_a_large_upload_is_spooled_under_var_not_the_system_temp_folder():
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    assert folder.is_dir()
    assert folder.resolve().is_relative_to(Path(settings.VAR_DIR).resolve())
    upload = TemporaryUploadedFile("labresults.pdf", "application/pdf", 3 * 1024 * 1024, None)
    try:
        assert Path(upload.temporary_file_path()).parent.resolve() == folder.resolve()
    finally:
        upload.close()


def test_files_a_crash_left_behind_are_removed_after_an_hour_and_fresh_ones_kept(
    db, settings, tmp_path
):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    orphan = tmp_path / "tmpk2l4.upload.pdf"  # what a killed upload leaves
    orphan.write_bytes(b"%PDF-1.4 " + b"x" * 1024)
    two_hours_ago = time.time() - 2 * 3600
    os.utime(orphan, (two_hours_ago, two_hours_ago))
    in_flight = tmp_path / "tmp9q8w.upload.png"  # an upload still running
    in_flight.write_bytes(b"\x89PNG")

    assert remove_stale_upload_files() == 1
    assert not orphan.exists() and in_flight.exists()


def test_the_cleanup_is_one_of_the_recurring_jobs(db):
    call_command("start_periodic_tasks")
    assert (
        DBTaskResult.objects.filter(
            task_path="carevillage.messaging.tasks.clean_upload_temp_dir", status="READY"
        ).count()
        == 1
    )
