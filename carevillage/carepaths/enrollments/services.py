"""Every change in a person's care path (an enrollment): referral, invitation answers,
taking part, alerts, ending. Program templates are changed in
`carepaths.programs.services`.

One function per state change, each one `access.atomic` block: `access.require()` inside
it is the decision and the change's audit event (named by its AuditAction), a new row
is recorded with `access.record()`, and tasks are queued in the same transaction.
Optional `now=` parameters let the demo village write history through these services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.access.actors import subject_person
from carevillage.audit.actions import AuditAction
from carevillage.tenants.models import CareTeam

from ..errors import CarePathError
from ..models import (
    Alert,
    AlertReason,
    Enrollment,
    EnrollmentMode,
    EnrollmentSource,
    EnrollmentStatus,
    EnrollmentTask,
    Exercise,
    ExerciseAnswer,
    ExerciseKind,
    Module,
    ModuleCompletion,
    Program,
    TaskKind,
    TaskStatus,
)
from . import reminders, schedule

__all__ = ["CarePathError"]

MAX_ANSWER_LENGTH = 5000
MAX_NOTE_LENGTH = 2000


def _touch(enrollment: Enrollment, now: dt.datetime) -> None:
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=now)
    enrollment.last_activity_at = now


def _locked(enrollment: Enrollment) -> Enrollment:
    return (
        Enrollment.objects.select_for_update()
        .select_related("program", "person", "care_team__organization")
        .get(pk=enrollment.pk)
    )


def _require_active(enrollment: Enrollment) -> None:
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise CarePathError(_("This program has ended; what you did stays here for you to read."))


# ---------------------------------------------------------------------------------------
# Referral and enrollment


@access.atomic
def refer(
    *,
    actor: Any,
    person: Any,
    program: Program,
    care_team: CareTeam,
    responsible: Any,
    message: str = "",
    time_zone: str | None = None,
    now: dt.datetime | None = None,
    referred_by: Any = None,
) -> Enrollment:
    """A professional invites a person to a program run by their care team. When the
    actor is an EHR's API client, `referred_by` is the professional who asked for it."""
    access.require(actor, AuditAction.REFER_TO_PROGRAM, care_team, purpose="referral")
    if not care_team.memberships.filter(user=responsible).exists():
        raise CarePathError(_("The responsible professional must be in the same care team."))
    if not program.is_published:
        raise CarePathError(_("This program is not published yet."))
    if getattr(actor, "person", None) is not None and actor.person.pk == person.pk:
        raise CarePathError(_("You cannot refer yourself."))
    now = now or timezone.now()
    try:
        with access.atomic():
            enrollment = Enrollment.objects.create(
                program=program,
                person=person,
                care_team=care_team,
                responsible=responsible,
                referred_by=referred_by or actor,
                source=EnrollmentSource.REFERRAL,
                referral_message=message.strip()[:MAX_NOTE_LENGTH],
                status=EnrollmentStatus.INVITED,
                time_zone=time_zone or settings.TIME_ZONE,
                invited_at=now,
            )
    except IntegrityError:
        raise CarePathError(
            _("This person already has an open invitation or enrollment in this program.")
        ) from None
    access.record(
        actor,
        AuditAction.REFER_TO_PROGRAM,
        enrollment,
        purpose="referral",
        organization=care_team.organization.name,
    )
    reminders.notify_invitation(enrollment)
    return enrollment


@access.atomic
def refer_by_national_id(
    *,
    actor: Any,
    national_id: str,
    program: Program,
    care_team: CareTeam,
    responsible: Any,
    message: str = "",
    referred_by: Any = None,
) -> Enrollment:
    """Refer the person with this identity code, making their record first when they
    have never logged in: both in one transaction (a refused referral makes no record)."""
    from carevillage.identity.services import person_for_referral

    person = person_for_referral(actor=actor, raw_id=national_id, care_team=care_team)
    return refer(
        actor=actor,
        person=person,
        program=program,
        care_team=care_team,
        responsible=responsible,
        message=message,
        referred_by=referred_by,
    )


def _start(enrollment: Enrollment, now: dt.datetime) -> None:
    """Make the enrollment active from `now` and write its dated tasks."""
    enrollment.status = EnrollmentStatus.ACTIVE
    enrollment.started_at = now
    enrollment.last_activity_at = now
    enrollment.save(update_fields=["status", "started_at", "last_activity_at"])
    program = enrollment.program
    start = schedule.start_date(now, enrollment.zone)
    tasks = []
    sources = [
        (TaskKind.QUESTIONNAIRE, "scheduled_questionnaire", item)
        for item in program.scheduled_questionnaires.all()
    ] + [
        (TaskKind.MEASUREMENT, "measurement_task", item) for item in program.measurement_tasks.all()
    ]
    for kind, field, item in sources:
        for day in item.days(program.duration_days):
            times = schedule.task_times(
                start=start,
                day=day,
                window_days=item.window_days,
                reminder_time=program.reminder_time,
                zone=enrollment.zone,
            )
            tasks.append(
                EnrollmentTask(
                    enrollment=enrollment,
                    kind=kind,
                    day=day,
                    available_at=times.available_at,
                    remind_at=times.remind_at,
                    due_at=times.due_at,
                    **{field: item},
                )
            )
    EnrollmentTask.objects.bulk_create(tasks)


@access.atomic
def accept_invitation(
    *, actor: Any, enrollment: Enrollment, now: dt.datetime | None = None
) -> Enrollment:
    enrollment = _locked(enrollment)
    access.require(actor, AuditAction.ACCEPT_INVITATION, enrollment)
    if enrollment.status != EnrollmentStatus.INVITED:
        raise CarePathError(_("This invitation has already been answered."))
    now = now or timezone.now()
    enrollment.responded_at = now
    enrollment.save(update_fields=["responded_at"])
    _start(enrollment, now)
    return enrollment


@access.atomic
def decline_invitation(
    *, actor: Any, enrollment: Enrollment, reason: str = "", now: dt.datetime | None = None
) -> Enrollment:
    enrollment = _locked(enrollment)
    access.require(actor, AuditAction.DECLINE_INVITATION, enrollment)
    if enrollment.status != EnrollmentStatus.INVITED:
        raise CarePathError(_("This invitation has already been answered."))
    enrollment.status = EnrollmentStatus.DECLINED
    enrollment.responded_at = now or timezone.now()
    enrollment.end_reason = reason.strip()[:MAX_NOTE_LENGTH]
    enrollment.save(update_fields=["status", "responded_at", "end_reason"])
    return enrollment


@access.atomic
def self_enroll(
    *,
    actor: Any,
    program: Program,
    time_zone: str | None = None,
    now: dt.datetime | None = None,
) -> Enrollment:
    """A logged-in citizen joins an open program; it starts at once."""
    person = subject_person(actor)
    if person is None:
        raise CarePathError(_("Log in with e-ID to join a program."))
    if (
        not program.is_published
        or program.enrollment_mode != EnrollmentMode.OPEN
        or program.default_care_team_id is None
    ):
        raise CarePathError(_("This program cannot be joined without a referral."))
    try:
        with access.atomic():
            enrollment = Enrollment.objects.create(
                program=program,
                person=person,
                care_team_id=program.default_care_team_id,
                source=EnrollmentSource.SELF,
                status=EnrollmentStatus.INVITED,
                time_zone=time_zone or settings.TIME_ZONE,
            )
    except IntegrityError:
        raise CarePathError(_("You are already taking part in this program.")) from None
    access.require(actor, AuditAction.JOIN_PROGRAM, enrollment, purpose="self-enrollment")
    _start(enrollment, now or timezone.now())
    return enrollment


@access.atomic
def end_enrollment(
    *,
    actor: Any,
    enrollment: Enrollment,
    status: str,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Enrollment:
    """The care team ends an enrollment as completed or discontinued (with a reason).
    Open tasks are cancelled; everything done stays readable for the patient."""
    enrollment = _locked(enrollment)
    access.require(actor, AuditAction.END_ENROLLMENT, enrollment)
    if status not in (EnrollmentStatus.COMPLETED, EnrollmentStatus.DISCONTINUED):
        raise CarePathError(_("Choose whether the program was completed or discontinued."))
    reason = reason.strip()[:MAX_NOTE_LENGTH]
    if status == EnrollmentStatus.DISCONTINUED and not reason:
        raise CarePathError(_("Give a reason for discontinuing."))
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise CarePathError(_("Only an active enrollment can be ended."))
    enrollment.status = status
    enrollment.ended_at = now or timezone.now()
    enrollment.ended_by = actor
    enrollment.end_reason = reason
    enrollment.save(update_fields=["status", "ended_at", "ended_by", "end_reason"])
    enrollment.tasks.filter(status=TaskStatus.OPEN).update(status=TaskStatus.CANCELLED)
    return enrollment


# ---------------------------------------------------------------------------------------
# Taking part


def _module_state(enrollment: Enrollment, module: Module, now: dt.datetime) -> schedule.ModuleState:
    modules = list(enrollment.program.modules.all())
    completions = dict(enrollment.module_completions.values_list("module_id", "completed_at"))
    for state in schedule.module_states(
        enrollment=enrollment, modules=modules, completions=completions, now=now
    ):
        if state.module.pk == module.pk:
            return state
    raise CarePathError(_("This module is not part of your program."))


def clean_exercise_answers(exercise: Exercise, data: dict[str, str]) -> dict[str, str]:
    """The answers a form posted, checked: every field filled in, none too long."""
    names = (
        ["text"]
        if exercise.kind == ExerciseKind.FREE_TEXT
        else [field["name"] for field in exercise.fields]
    )
    answers = {}
    for name in names:
        value = (data.get(name) or "").strip()
        if not value:
            raise CarePathError(_("Write something in every field before saving."))
        if len(value) > MAX_ANSWER_LENGTH:
            raise CarePathError(
                _("An answer can be at most %(limit)d characters.") % {"limit": MAX_ANSWER_LENGTH}
            )
        answers[name] = value
    return answers


@access.atomic
def answer_exercise(
    *,
    actor: Any,
    enrollment: Enrollment,
    exercise: Exercise,
    data: dict[str, str],
    now: dt.datetime | None = None,
) -> ExerciseAnswer:
    enrollment = _locked(enrollment)
    access.require(actor, AuditAction.TAKE_PART_IN_PROGRAM, enrollment)
    _require_active(enrollment)
    now = now or timezone.now()
    state = _module_state(enrollment, exercise.module, now)
    if not state.unlocked:
        raise CarePathError(_("This module is not open yet."))
    answers = clean_exercise_answers(exercise, data)
    answer, _created = ExerciseAnswer.objects.update_or_create(
        enrollment=enrollment,
        exercise=exercise,
        defaults={"answers": answers, "submitted_at": now},
    )
    access.require(actor, AuditAction.ANSWER_EXERCISE, answer)
    _touch(enrollment, now)
    return answer


@access.atomic
def complete_module(
    *, actor: Any, enrollment: Enrollment, module: Module, now: dt.datetime | None = None
) -> ModuleCompletion:
    """Mark a module done. Every exercise in it must be answered first. Idempotent."""
    enrollment = _locked(enrollment)
    access.require(actor, AuditAction.COMPLETE_MODULE, enrollment)
    _require_active(enrollment)
    now = now or timezone.now()
    state = _module_state(enrollment, module, now)
    if not state.unlocked:
        raise CarePathError(_("This module is not open yet."))
    unanswered = module.exercises.exclude(
        pk__in=enrollment.exercise_answers.values("exercise")
    ).count()
    if unanswered:
        raise CarePathError(_("Answer every exercise in this module before marking it done."))
    completion, _created = ModuleCompletion.objects.get_or_create(
        enrollment=enrollment, module=module, defaults={"completed_at": now}
    )
    _touch(enrollment, now)
    return completion


@access.atomic
def complete_measurement_task(
    *, actor: Any, task: EnrollmentTask, now: dt.datetime | None = None
) -> EnrollmentTask:
    """The patient says they took the measurement (values arrive with home measurements)."""
    task = (
        EnrollmentTask.objects.select_for_update()
        .select_related("enrollment__care_team__organization", "enrollment__person")
        .get(pk=task.pk)
    )
    access.require(actor, AuditAction.COMPLETE_TASK, task)
    _require_active(task.enrollment)
    if task.kind != TaskKind.MEASUREMENT:
        raise CarePathError(_("Answer the questionnaire to complete this task."))
    now = now or timezone.now()
    if task.available_at > now:
        raise CarePathError(_("This task is not open yet."))
    if task.status == TaskStatus.OPEN:
        task.status = TaskStatus.COMPLETED
        task.completed_at = now
        task.save(update_fields=["status", "completed_at"])
        _touch(task.enrollment, now)
    return task


@access.atomic
def record_measurement_reading(
    *, actor: Any, person: Any, kind: str, at: dt.datetime, on_behalf_of: Any = None
) -> EnrollmentTask | None:
    """A home measurement of `kind` (a `MeasurementKind` value) arrived for the person:
    complete the oldest open measurement task of that kind already open at the reading's
    time in an active enrollment. Runs inside the reading's transaction (the monitoring
    app's `record_measurement`), whose decision was about the reading; the completion is
    recorded as a change the reading made."""
    task = (
        EnrollmentTask.objects.select_for_update()
        .select_related("enrollment__care_team__organization")
        .filter(
            enrollment__person_id=person.pk,
            enrollment__status=EnrollmentStatus.ACTIVE,
            kind=TaskKind.MEASUREMENT,
            status=TaskStatus.OPEN,
            measurement_task__kind=kind,
            available_at__lte=at,
        )
        .order_by("due_at", "pk")
        .first()
    )
    if task is None:
        return None
    now = timezone.now()
    task.status = TaskStatus.COMPLETED
    task.completed_at = min(at, now)
    task.save(update_fields=["status", "completed_at"])
    _touch(task.enrollment, now)
    access.record(
        actor,
        AuditAction.COMPLETE_TASK,
        task,
        on_behalf_of=on_behalf_of,
        reason="home measurement",
        organization=task.enrollment.care_team.organization.name,
    )
    return task


@access.atomic
def raise_measurement_alert(
    *,
    recorder: Any,
    enrollment: Enrollment,
    code: str,
    detail: dict[str, Any],
    now: dt.datetime | None = None,
) -> Alert | None:
    """A home measurement crossed the rule `code` of this enrollment (or none came for
    too long): raise an alert for its care team, unless one for the same rule is still
    open (repeated readings do not flood the team). Runs inside the reading's
    transaction, or the silence check's; `recorder` is whoever sent the reading (None for
    the periodic check). Returns the new alert, or None."""
    code = code[:60]
    open_alert = Alert.objects.filter(
        enrollment=enrollment,
        reason=AlertReason.MEASUREMENT,
        code=code,
        acknowledged_at__isnull=True,
    )
    if open_alert.exists():
        return None
    try:
        with access.atomic():
            alert = Alert.objects.create(
                enrollment=enrollment,
                reason=AlertReason.MEASUREMENT,
                code=code,
                detail=detail,
                raised_at=now or timezone.now(),
            )
    except IntegrityError:  # raised by a reading at the same moment
        return None
    access.record(
        recorder,
        AuditAction.RAISE_ALERT,
        alert,
        reason=str(detail.get("level", "")),
        organization=enrollment.care_team.organization.name,
    )
    return alert


def _primary_score(response: Any) -> float | None:
    from carevillage.questionnaires.engine import scoring_of

    scores = response.scores or {}
    name = (scoring_of(response.version.definition).get("bands") or {}).get("score")
    if name in scores:
        return scores[name]
    return next(iter(scores.values()), None)


@access.atomic
def record_questionnaire_submission(*, response: Any) -> EnrollmentTask | None:
    """A patient submitted a questionnaire: complete the oldest open task it answers in an
    active enrollment and raise the alerts the program asks for. Runs inside the
    submission's transaction (see signals.py)."""
    now = response.submitted_at or timezone.now()
    task = (
        EnrollmentTask.objects.select_for_update()
        .select_related("scheduled_questionnaire", "enrollment")
        .filter(
            enrollment__person_id=response.person_id,
            enrollment__status=EnrollmentStatus.ACTIVE,
            kind=TaskKind.QUESTIONNAIRE,
            status=TaskStatus.OPEN,
            scheduled_questionnaire__questionnaire_id=response.version.questionnaire_id,
            available_at__lte=now,
        )
        .order_by("due_at", "pk")
        .first()
    )
    if task is None:
        return None
    task.status = TaskStatus.COMPLETED
    task.completed_at = now
    task.response = response
    task.score = _primary_score(response)
    task.band_code = response.band_code
    task.save(update_fields=["status", "completed_at", "response", "score", "band_code"])
    _touch(task.enrollment, now)
    if task.score is not None:
        _record_latest_score(task, now)
    rule = task.scheduled_questionnaire
    if rule is None:  # a measurement task has no questionnaire to raise alerts from
        return task
    findings: list[tuple[str, str]] = []
    if rule.alert_on_critical_flag:
        findings += [
            (AlertReason.CRITICAL_FLAG, flag.get("code", "critical"))
            for flag in response.flags
            if flag.get("severity") == "critical"
        ]
    if response.band_code and response.band_code in rule.alert_bands():
        findings.append((AlertReason.BAND, response.band_code))
    submitter = getattr(response.person, "user", None)
    for reason, code in findings:
        alert, created = Alert.objects.get_or_create(
            enrollment=task.enrollment,
            response=response,
            reason=reason,
            code=code[:60],
            defaults={"raised_at": now},
        )
        if created:
            access.record(submitter, AuditAction.RAISE_ALERT, alert, reason=reason)
    return task


def _record_latest_score(task: EnrollmentTask, now: dt.datetime) -> None:
    """Keep the enrollment's latest primary score and the one before it from the same
    questionnaire (like with like) on the enrollment, for the dashboard."""
    rule = task.scheduled_questionnaire
    if rule is None:
        return
    questionnaire_id = rule.questionnaire_id
    previous = (
        EnrollmentTask.objects.filter(
            enrollment=task.enrollment_id,
            kind=TaskKind.QUESTIONNAIRE,
            status=TaskStatus.COMPLETED,
            score__isnull=False,
            scheduled_questionnaire__questionnaire_id=questionnaire_id,
        )
        .exclude(pk=task.pk)
        .order_by("-completed_at", "-pk")
        .values_list("score", flat=True)
        .first()
    )
    Enrollment.objects.filter(pk=task.enrollment_id).update(
        latest_score=task.score,
        previous_score=previous,
        latest_score_questionnaire_id=questionnaire_id,
        latest_score_at=now,
    )


@access.atomic
def acknowledge_alert(
    *, actor: Any, alert: Alert, note: str, now: dt.datetime | None = None
) -> Alert:
    """A professional of the care team closes an alert with a note of what was done."""
    alert = (
        Alert.objects.select_for_update()
        .select_related("enrollment__care_team__organization")
        .get(pk=alert.pk)
    )
    access.require(actor, AuditAction.ACKNOWLEDGE_ALERT, alert)
    note = note.strip()
    if not note:
        raise CarePathError(_("Write a note of what you did before acknowledging the alert."))
    if len(note) > MAX_NOTE_LENGTH:
        raise CarePathError(
            _("A note can be at most %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH}
        )
    if alert.acknowledged_at is not None:
        raise CarePathError(_("This alert was already acknowledged."))
    alert.acknowledged_at = now or timezone.now()
    alert.acknowledged_by = actor
    alert.note = note
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    return alert
