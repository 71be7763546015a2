"""Reminders for care-path tasks and invitations: e-mailed once, through the real task
worker code to a real SMTP server, saying nothing about health or the program."""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.urls import resolve
from django.utils import translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from carevillage.carepaths import tasks
from carevillage.carepaths.enrollments import reminders, services
from carevillage.carepaths.models import (
    EnrollmentTask,
    MeasurementKind,
    MeasurementTask,
    TaskKind,
)
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.messaging.tests import conftest as messaging_fixtures
from carevillage.messaging.tests.conftest import run_queued_tasks
from carevillage.notify import services as notify
from carevillage.notify.models import Notification
from carevillage.notify.tests.helpers import link_in, text_of

# A real SMTP server (aiosmtpd); `committing_db` (writes that really commit) is in the
# root conftest.
smtp_server = messaging_fixtures.smtp_server
# Each test starts with no rate-limit counters (confirmation links are rate-limited).
_fresh_rate_limits = messaging_fixtures._fresh_rate_limits

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
SEND = "carevillage.notify.tasks.send_notification"
# Monday 4 May 2026, 08:00 in Helsinki: the day-0 PHQ-9 reminder is due at 09:00.
JOINED = dt.datetime(2026, 5, 4, 8, 0, tzinfo=HELSINKI)
NINE = dt.datetime(2026, 5, 4, 9, 0, tzinfo=HELSINKI)


def give_address(user, address: str, language: str = "fi") -> None:  # noqa: ANN001
    """The patient enters an address (on a page in `language`) and follows the link."""
    with translation.override(language):
        confirmation = notify.request_email_confirmation(actor=user, address=address)
    notify.confirm_email(token=notify.confirmation_token(confirmation))


def sweep_at(instant: dt.datetime) -> int:
    with time_machine.travel(instant, tick=False):
        return reminders.queue_due_reminders()


def send_mail_now() -> int:
    return run_queued_tasks(SEND)


def phq9_task(enrollment) -> EnrollmentTask:  # noqa: ANN001
    return enrollment.tasks.get(kind=TaskKind.QUESTIONNAIRE, day=0)


@pytest.fixture
def world(db):  # noqa: ANN001, ANN201
    return make_world(duration_days=28)


def joined(world, address: str | None = "paula@example.org"):  # noqa: ANN001, ANN201
    if address:
        give_address(world.patient.user, address)
    with time_machine.travel(JOINED, tick=False):
        return refer_and_accept(world)


def care_task_notifications() -> list[Notification]:
    return list(Notification.objects.filter(key__startswith="care-task:"))


def test_due_task_is_mailed_once_with_a_link_and_nothing_about_health(world, smtp_server):
    enrollment = joined(world)
    send_mail_now()  # the invitation
    smtp_server.messages.clear()
    task = phq9_task(enrollment)

    assert sweep_at(NINE - dt.timedelta(seconds=1)) == 0
    assert sweep_at(NINE) == 1
    assert sweep_at(NINE + dt.timedelta(minutes=1)) == 0
    assert send_mail_now() == 1

    assert len(smtp_server.messages) == 1
    mail = smtp_server.messages[0]
    assert mail.rcpt_tos == ["paula@example.org"]
    text = text_of(mail)
    with translation.override("fi"):
        assert text.startswith(gettext("You have a task waiting"))
    path = link_in(mail)
    # In the language the patient used, to the enrollment page (which asks for a login).
    assert path == f"/fi/my/care-paths/{enrollment.pk}/"
    with translation.override("fi"):
        assert resolve(path).url_name == "enrollment"
    for private in ("PHQ", "Test program", "test-icbt", "Paula", "Patient", "Welcome"):
        assert private not in text
    task.refresh_from_db()
    assert task.reminder_queued_at == NINE

    # Later sweeps, and the task run again, send nothing more.
    assert sweep_at(NINE + dt.timedelta(hours=2)) == 0
    assert reminders.queue_reminder(task_id=task.pk) is False
    assert send_mail_now() == 0
    assert len(smtp_server.messages) == 1


def test_a_task_done_before_its_reminder_time_gets_no_reminder(world, smtp_server):
    MeasurementTask.objects.create(
        program=world.program, kind=MeasurementKind.WEIGHT, first_day=0, window_days=2
    )
    enrollment = joined(world)
    weight = enrollment.tasks.get(kind=TaskKind.MEASUREMENT)
    with time_machine.travel(JOINED + dt.timedelta(minutes=30), tick=False):
        services.complete_measurement_task(actor=world.patient.user, task=weight)

    assert sweep_at(NINE + dt.timedelta(minutes=5)) == 1

    assert [n.key for n in care_task_notifications()] == [f"care-task:{phq9_task(enrollment).pk}"]
    weight.refresh_from_db()
    assert weight.reminder_queued_at is None


def test_an_ended_enrollment_gets_no_reminder(world, smtp_server):
    enrollment = joined(world)
    with time_machine.travel(JOINED + dt.timedelta(minutes=20), tick=False):
        services.end_enrollment(
            actor=world.doctor, enrollment=enrollment, status="discontinued", reason="Moved away"
        )

    assert sweep_at(NINE + dt.timedelta(minutes=1)) == 0
    assert care_task_notifications() == []


def test_a_patient_without_an_address_gets_nothing_and_the_sweep_carries_on(world, smtp_server):
    enrollment = joined(world, address=None)

    with time_machine.travel(NINE, tick=False):
        assert tasks.sweep_reminders.call() == 1

    assert Notification.objects.count() == 0
    assert send_mail_now() == 0
    assert smtp_server.messages == []
    # Claimed all the same: an address added later does not bring old reminders.
    assert phq9_task(enrollment).reminder_queued_at == NINE
    give_address(world.patient.user, "paula@example.org")
    assert sweep_at(NINE + dt.timedelta(minutes=1)) == 0


def test_no_reminder_for_a_time_before_joining_nor_for_an_overdue_task(world, smtp_server):
    late = dt.datetime(2026, 5, 4, 10, 0, tzinfo=HELSINKI)  # after the 09:00 reminder time
    give_address(world.patient.user, "paula@example.org")
    with time_machine.travel(late, tick=False):
        enrollment = refer_and_accept(world)

    assert sweep_at(late + dt.timedelta(minutes=1)) == 0
    # Week 1 (Monday 11 May): due 09:00, window three days. A sweep that first runs after
    # the window (the queue was down) does not send a stale reminder.
    week1 = enrollment.tasks.get(kind=TaskKind.QUESTIONNAIRE, day=7)
    assert sweep_at(week1.due_at + dt.timedelta(minutes=1)) == 0
    assert sweep_at(week1.remind_at) == 1
    assert [n.key for n in care_task_notifications()] == [f"care-task:{week1.pk}"]


def test_referral_mails_the_patient_a_new_invitation_with_a_link_to_my_page(world, smtp_server):
    give_address(world.patient.user, "paula@example.org", language="sv")
    send_mail_now()
    smtp_server.messages.clear()

    enrollment = services.refer(
        actor=world.nurse,
        person=world.patient,
        program=world.program,
        care_team=world.team,
        responsible=world.doctor,
        message="Your PHQ-9 score worried me.",
    )
    with pytest.raises(services.CarePathError):
        services.refer(
            actor=world.nurse,
            person=world.patient,
            program=world.program,
            care_team=world.team,
            responsible=world.doctor,
        )
    assert send_mail_now() == 1

    assert Notification.objects.get().key == f"care-invitation:{enrollment.pk}"
    mail = smtp_server.messages[0]
    text = text_of(mail)
    with translation.override("sv"):
        assert text.startswith(gettext("You have a new invitation"))
    assert link_in(mail) == "/sv/my/"
    for private in ("PHQ", "worried", "Test program", "test-icbt", "Paula"):
        assert private not in text


def test_the_minute_sweep_is_waiting_once_however_often_it_is_bootstrapped(world):
    tasks.schedule_next_reminder_sweep()
    tasks.schedule_next_reminder_sweep()
    waiting = DBTaskResult.objects.filter(task_path=tasks.sweep_reminders.module_path)
    assert waiting.filter(status="READY").count() == 1
    assert waiting.get().run_after > dt.datetime.now(tz=dt.UTC)

    # A run plans the next one even when there is nothing to do.
    run_queued_tasks(tasks.sweep_reminders.module_path)  # not yet due: runs nothing
    waiting.update(run_after=dt.datetime.now(tz=dt.UTC))
    assert run_queued_tasks(tasks.sweep_reminders.module_path) == 1
    assert waiting.filter(status="SUCCESSFUL").count() == 1
    assert waiting.filter(status="READY").count() == 1


# --- sends whose worker died -----------------------------------------------------------


def _queued_invitation(world):  # noqa: ANN001, ANN201
    give_address(world.patient.user, "paula@example.org")
    enrollment = services.refer(
        actor=world.nurse,
        person=world.patient,
        program=world.program,
        care_team=world.team,
        responsible=world.doctor,
    )
    notification = Notification.objects.get(key=f"care-invitation:{enrollment.pk}")
    return notification, DBTaskResult.objects.filter(
        task_path=SEND, args_kwargs__kwargs__notification_id=notification.pk
    )


def test_a_send_running_past_the_limit_is_queued_again_and_mailed_once(world, smtp_server):
    notification, sends = _queued_invitation(world)
    first = sends.get()
    first.claim("killed-worker")  # a worker took it, then died: RUNNING forever
    smtp_server.messages.clear()

    assert notify.requeue_stalled_notifications() == 0  # may still be working
    later = first.started_at + notify.STALLED_SEND_AFTER + dt.timedelta(seconds=1)
    assert notify.requeue_stalled_notifications(now=later) == 1
    assert notify.requeue_stalled_notifications(now=later) == 0  # one new send is waiting
    assert send_mail_now() == 1

    assert len(smtp_server.messages) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notify.requeue_stalled_notifications(now=later + dt.timedelta(hours=1)) == 0


def test_a_send_whose_task_row_is_gone_is_queued_again(world, smtp_server):
    notification, sends = _queued_invitation(world)
    sends.delete()  # e.g. pruned by `prune_db_task_results` before a worker ran it

    assert notify.requeue_stalled_notifications() == 1
    assert send_mail_now() == 1

    assert len(smtp_server.messages) == 1
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_a_failed_send_is_retried_a_few_times_then_left(world, smtp_server, settings):
    notification, sends = _queued_invitation(world)
    from conftest import free_port

    settings.EMAIL_PORT = free_port()  # nothing listens there: every send fails
    for _attempt in range(notify.MAX_SEND_ATTEMPTS):
        assert send_mail_now() == 1
        notify.requeue_stalled_notifications()
    assert sends.filter(status="FAILED").count() == notify.MAX_SEND_ATTEMPTS
    assert sends.filter(status="READY").count() == 0
    notification.refresh_from_db()
    assert notification.sent_at is None


def test_two_sweeps_at_once_queue_one_reminder(committing_db, smtp_server):
    # No questionnaire here: published questionnaire versions cannot be deleted, and
    # this test's data is really committed (and flushed afterwards).
    world = make_world(duration_days=28, weekly_phq9=False)
    MeasurementTask.objects.create(program=world.program, kind=MeasurementKind.WEIGHT)
    enrollment = joined(world)
    start = threading.Barrier(2)
    counts: list[int] = []

    def sweep() -> None:
        try:
            start.wait(timeout=10)
            counts.append(reminders.queue_due_reminders(now=NINE.astimezone(dt.UTC)))
        finally:
            connection.close()

    sweepers = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in sweepers:
        thread.start()
    for thread in sweepers:
        thread.join(timeout=30)

    assert sorted(counts) == [0, 1]
    weight = enrollment.tasks.get()
    assert [n.key for n in care_task_notifications()] == [f"care-task:{weight.pk}"]
    sends = DBTaskResult.objects.filter(task_path=SEND, status="READY")
    assert sends.count() == 2  # the invitation and the one reminder
