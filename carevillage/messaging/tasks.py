"""Background work of messaging: removing upload files a crash left behind.

An upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE is spooled to a temporary file in
FILE_UPLOAD_TEMP_DIR while the request runs; Django removes it when the request ends.
A process killed mid-request (kill -9, out of memory) leaves the file there: a patient's
document in plain sight of anyone who can read the folder (issue #12.8). The folder is
under the app's own storage (var/), and this task removes what is older than an hour.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

# No request takes an hour to upload ten megabytes; anything older was orphaned.
STALE_AFTER = dt.timedelta(hours=1)
CLEANUP_INTERVAL = dt.timedelta(minutes=15)


def upload_temp_dir() -> Path:
    return Path(settings.FILE_UPLOAD_TEMP_DIR or settings.VAR_DIR / "upload-tmp")


def remove_stale_upload_files(*, now: float | None = None) -> int:
    """Remove files in the upload temp folder not changed for STALE_AFTER; returns how
    many were removed."""
    directory = upload_temp_dir()
    directory.mkdir(parents=True, exist_ok=True)
    cutoff = (now if now is not None else time.time()) - STALE_AFTER.total_seconds()
    removed = 0
    for path in directory.iterdir():
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # its request finished and removed it meanwhile
    return removed


@task()
def clean_upload_temp_dir() -> int:
    """Every 15 minutes. The next run is planned first, so a run that fails still has a
    successor."""
    schedule_next_upload_cleanup()
    return remove_stale_upload_files()


def schedule_next_upload_cleanup() -> None:
    """Enqueue the next cleanup unless one is already waiting (idempotent)."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(
        task_path=clean_upload_temp_dir.module_path, status="READY"
    ).exists():
        return
    clean_upload_temp_dir.using(run_after=timezone.now() + CLEANUP_INTERVAL).enqueue()
