"""A task worker is killed (SIGKILL) while it sends a reminder. Real processes all the way:
`manage.py db_worker` on a SQLite file, a real SMTP server (aiosmtpd), the real sweep.

Killed before the mail went out: django-tasks-db leaves the send RUNNING forever; the
minute sweep sees it has run too long, queues the send again, a new worker sends it, and
exactly one mail arrives. Killed after the commit: the sweep sees the notification was
sent and queues nothing; still exactly one mail.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from carevillage.devserver import ROOT, _detach_and_die_with_parent
from carevillage.messaging.tests import conftest as messaging_fixtures

SEND = "carevillage.notify.tasks.send_notification"
TASK_TABLE = DBTaskResult._meta.db_table

smtp_server = messaging_fixtures.smtp_server  # a real SMTP server (aiosmtpd)

# Paula joined; her day-0 weight measurement is open and its reminder time has passed
# (the test backdates it an hour, as the demo backdates its enrollments). Her address is
# confirmed; the sweep then queues the reminder.
SETUP = """
import datetime as dt, json
from django.utils import timezone
from carevillage.carepaths.enrollments import reminders
from carevillage.carepaths.models import MeasurementKind, MeasurementTask
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.notify.models import Notification, NotificationEmail

world = make_world(duration_days=28, weekly_phq9=False)
MeasurementTask.objects.create(program=world.program, kind=MeasurementKind.WEIGHT)
enrollment = refer_and_accept(world)
now = timezone.now()
enrollment.__class__.objects.filter(pk=enrollment.pk).update(started_at=now - dt.timedelta(hours=3))
enrollment.tasks.update(
    available_at=now - dt.timedelta(hours=2),
    remind_at=now - dt.timedelta(hours=1),
    due_at=now + dt.timedelta(days=2),
)
NotificationEmail.objects.create(
    user=world.patient.user, address="paula@example.org", language="en", confirmed_at=now
)
assert reminders.queue_due_reminders() == 1
notification = Notification.objects.get()
print(json.dumps({"notification": notification.pk, "enrollment": enrollment.pk}))
"""

# The minute sweep as the worker would run it, at a moment past the stalled-send limit.
SWEEP_LATER = """
import time_machine
from django.utils import timezone
from carevillage.carepaths import tasks
from carevillage.notify.services import STALLED_SEND_AFTER
import datetime as dt

with time_machine.travel(timezone.now() + STALLED_SEND_AFTER + dt.timedelta(minutes=1)):
    tasks.sweep_reminders.call()
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """One migrated database file (and its generated keys) that each test copies."""
    folder = tmp_path_factory.mktemp("worker-killed")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=_env(folder / "template.sqlite3", folder),
        check=True,
    )
    return folder


def _env(db: Path, var: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carevillage.settings",
        "DATABASE_URL": f"sqlite:///{db}",
        "CAREVILLAGE_VAR_DIR": str(var / "var"),
        "DEBUG": "true",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    env.pop("REDIS_URL", None)
    return env


class Village:
    """The database file of one test and the processes run on it."""

    def __init__(self, migrated: Path, tmp_path: Path, smtp_port: int) -> None:
        self.db = tmp_path / "village.sqlite3"
        shutil.copy(migrated / "template.sqlite3", self.db)
        self.env = _env(
            self.db,
            migrated,
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            DEFAULT_FROM_EMAIL="village@example.org",
        )
        self.workers: list[subprocess.Popen] = []

    def shell(self, code: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def worker(self, **pause: str) -> tuple[subprocess.Popen, threading.Event]:
        """A real `db_worker`; the event is set when it reports the test pause."""
        process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            cwd=ROOT,
            env={**self.env, **pause},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_detach_and_die_with_parent,  # noqa: PLW1509
        )
        self.workers.append(process)
        paused = threading.Event()

        def read() -> None:
            for line in process.stderr:
                if line.startswith("CAREVILLAGE_TEST_PAUSE_"):
                    paused.set()

        threading.Thread(target=read, daemon=True).start()
        return process, paused

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)

    def query(self, sql: str, *params: object) -> list[tuple]:
        with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=20) as conn:
            return conn.execute(sql, params).fetchall()

    def sends(self, notification: int) -> list[str]:
        return [
            status
            for (status,) in self.query(
                f"SELECT status FROM {TASK_TABLE} WHERE task_path = ? "
                "AND json_extract(args_kwargs, '$.kwargs.notification_id') = ? "
                "ORDER BY enqueued_at",
                SEND,
                notification,
            )
        ]

    def sent_at(self, notification: int) -> str | None:
        return self.query("SELECT sent_at FROM notify_notification WHERE id = ?", notification)[0][
            0
        ]


@pytest.fixture
def village(migrated, tmp_path, smtp_server, settings):
    village = Village(migrated, tmp_path, settings.EMAIL_PORT)
    try:
        yield village
    finally:
        village.stop()


def wait_until(condition, what: str, timeout: float = 60) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def kill(process: subprocess.Popen) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_worker_killed_before_the_mail_goes_out_sends_it_once_after_the_sweep(
    village,
    smtp_server,
):
    ids = json.loads(village.shell(SETUP).strip().splitlines()[-1])
    notification = ids["notification"]

    first, paused = village.worker(CAREVILLAGE_TEST_PAUSE_BEFORE_SEND="120")
    assert paused.wait(timeout=60), "the worker never reached the send"
    kill(first)

    assert smtp_server.messages == []
    assert village.sends(notification) == ["RUNNING"]  # and so it would stay
    assert village.sent_at(notification) is None

    village.worker()
    time.sleep(1)
    assert smtp_server.messages == []  # a new worker alone does not pick up a RUNNING task
    village.shell(SWEEP_LATER)
    wait_until(lambda: len(smtp_server.messages) == 1, "the mail")
    wait_until(lambda: village.sends(notification) == ["RUNNING", "SUCCESSFUL"], "the send")
    assert village.sent_at(notification) is not None

    village.shell(SWEEP_LATER)
    time.sleep(2)
    assert len(smtp_server.messages) == 1
    assert village.sends(notification) == ["RUNNING", "SUCCESSFUL"]
    mail = smtp_server.messages[0]
    assert mail.rcpt_tos == ["paula@example.org"]
    body = mail.content.decode()
    assert "You have a task waiting" in body
    assert f"/en/my/care-paths/{ids['enrollment']}/" in body


def test_worker_killed_after_the_commit_sends_nothing_more(village, smtp_server):
    ids = json.loads(village.shell(SETUP).strip().splitlines()[-1])
    notification = ids["notification"]

    first, paused = village.worker(CAREVILLAGE_TEST_PAUSE_AFTER_SEND="120")
    assert paused.wait(timeout=60), "the worker never finished the send"
    kill(first)

    assert len(smtp_server.messages) == 1
    assert village.sends(notification) == ["RUNNING"]
    assert village.sent_at(notification) is not None

    village.worker()
    village.shell(SWEEP_LATER)
    time.sleep(2)
    assert len(smtp_server.messages) == 1
    assert village.sends(notification) == ["RUNNING"]
