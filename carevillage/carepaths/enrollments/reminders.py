"""E-mail reminders for care paths: a task waiting, an invitation.

The mails go through the notify app and say only that something is waiting, with a link
to a page that asks for an e-ID login: no program name, no questionnaire, no score.

Exactly once: a task's reminder is claimed by setting `reminder_queued_at` with a
conditional UPDATE in the same transaction that writes the notification and its send
task (the task table is in the same database: an outbox). Two sweeps at once claim it
once; the notification's unique key is the second guard. Sending is then notify's
`send_notification`, which is idempotent, and the sweep requeues sends whose worker died.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from carevillage import access
from carevillage.notify import services as notify

from ..models import Enrollment, EnrollmentStatus, EnrollmentTask, TaskStatus

# One sweep queues at most this many; the next sweep (a minute later) takes the rest.
SWEEP_BATCH = 500


def enrollment_path(enrollment_id: int) -> str:
    """The patient's page of the enrollment, in the active language."""
    return reverse("carepaths:enrollment", args=[enrollment_id])


def due_reminder_ids(*, now: dt.datetime) -> list[int]:
    """Open tasks of active enrollments whose reminder time has come and whose reminder
    has not been queued. Left out: a task already overdue (after an outage the patient
    is not sent a pile of stale reminders) and a task whose reminder time was before
    the enrollment started (the patient has just seen it when joining)."""
    return list(
        EnrollmentTask.objects.filter(
            status=TaskStatus.OPEN,
            enrollment__status=EnrollmentStatus.ACTIVE,
            reminder_queued_at__isnull=True,
            remind_at__lte=now,
            due_at__gt=now,
            remind_at__gte=F("enrollment__started_at"),
        )
        .order_by("remind_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def queue_reminder(*, task_id: int, now: dt.datetime | None = None) -> bool:
    """Claim one task's reminder and queue its e-mail, in one transaction. False when
    someone else claimed it first or the task is no longer open.

    A patient without a confirmed address gets nothing, and the claim still stands: the
    reminder was due now, not whenever an address turns up.
    """
    now = now or timezone.now()
    with access.atomic():
        # Conditions on the task's own columns only, so that on PostgreSQL a concurrent
        # UPDATE re-checks them after waiting for the row lock and claims nothing.
        claimed = EnrollmentTask.objects.filter(
            pk=task_id, reminder_queued_at__isnull=True, status=TaskStatus.OPEN
        ).update(reminder_queued_at=now)
        if not claimed:
            return False
        task = EnrollmentTask.objects.select_related("enrollment__person__user").get(pk=task_id)
        _notify(
            task.enrollment,
            key=f"care-task:{task.pk}",
            link=lambda: enrollment_path(task.enrollment_id),
        )
    return True


def queue_due_reminders(*, now: dt.datetime | None = None) -> int:
    """What the minute sweep does: queue every reminder that is due. Returns how many."""
    now = now or timezone.now()
    return sum(queue_reminder(task_id=pk, now=now) for pk in due_reminder_ids(now=now))


def notify_invitation(enrollment: Enrollment) -> None:
    """Tell the person they were invited to a program (by referral). Call inside the
    referral's transaction."""
    _notify(
        enrollment, key=f"care-invitation:{enrollment.pk}", link=lambda: reverse("portal:my_page")
    )


def _notify(enrollment: Enrollment, *, key: str, link: Callable[[], str]) -> None:
    """Queue the mail in the person's language; the link is built in it too."""
    user = enrollment.person.user
    if user is None:
        return  # never logged in: no account, no address
    with translation.override(notify.language_for(user=user)):
        notify.notify_task_reminder(recipient=user, key=key, link_path=link())
