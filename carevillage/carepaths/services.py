"""Every change in a care path. One function per state change; each checks access,
writes its audit event and queues its tasks in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.access.handlers.person import professional_team_ids
from carevillage.audit.models import Outcome
from carevillage.audit.services import actor_for, record_event
from carevillage.tenants.models import CareTeam

from . import reminders, schedule
from .models import (
    CARE_STATUSES,
    Activity,
    ActivityStatus,
    Alert,
    AlertReason,
    CarePlan,
    CarePlanStatus,
    Enrollment,
    EnrollmentMode,
    EnrollmentSource,
    EnrollmentStatus,
    EnrollmentTask,
    Exercise,
    ExerciseAnswer,
    ExerciseKind,
    Goal,
    GoalStatus,
    Module,
    ModuleCompletion,
    Program,
    Responsible,
    TaskKind,
    TaskStatus,
)

MAX_ANSWER_LENGTH = 5000
MAX_NOTE_LENGTH = 2000


class CarePathError(ValueError):
    """A request the user can correct; the message is translated and shown as is."""


def _record(actor: Any, action: str, enrollment: Enrollment, *, reason: str = "") -> None:
    record_event(
        actor=actor_for(actor),
        action=action,
        outcome=Outcome.ALLOWED,
        subject_person_id=enrollment.person_id,
        resource_type="enrollment",
        resource_id=enrollment.pk,
        reason=reason,
    )


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


@transaction.atomic
def refer(
    *,
    actor: Any,
    person: Any,
    program: Program,
    care_team: CareTeam,
    responsible: Any,
    message: str = "",
    time_zone: str | None = None,
) -> Enrollment:
    """A professional invites a person to a program run by their care team."""
    if not professional_team_ids(actor).filter(care_team=care_team.pk).exists():
        raise CarePathError(_("You can only refer patients to a care team you work in."))
    if not care_team.memberships.filter(user=responsible).exists():
        raise CarePathError(_("The responsible professional must be in the same care team."))
    if not program.is_published:
        raise CarePathError(_("This program is not published yet."))
    if getattr(actor, "person", None) is not None and actor.person.pk == person.pk:
        raise CarePathError(_("You cannot refer yourself."))
    now = timezone.now()
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                program=program,
                person=person,
                care_team=care_team,
                responsible=responsible,
                referred_by=actor,
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
    _record(actor, "refer_to_program", enrollment)
    reminders.notify_invitation(enrollment)
    return enrollment


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
def accept_invitation(*, actor: Any, enrollment: Enrollment) -> Enrollment:
    enrollment = _locked(enrollment)
    access.require(actor, "respond_to_invitation", enrollment)
    if enrollment.status != EnrollmentStatus.INVITED:
        raise CarePathError(_("This invitation has already been answered."))
    now = timezone.now()
    enrollment.responded_at = now
    enrollment.save(update_fields=["responded_at"])
    _start(enrollment, now)
    return enrollment


@access.atomic
def decline_invitation(*, actor: Any, enrollment: Enrollment, reason: str = "") -> Enrollment:
    enrollment = _locked(enrollment)
    access.require(actor, "respond_to_invitation", enrollment)
    if enrollment.status != EnrollmentStatus.INVITED:
        raise CarePathError(_("This invitation has already been answered."))
    enrollment.status = EnrollmentStatus.DECLINED
    enrollment.responded_at = timezone.now()
    enrollment.end_reason = reason.strip()[:MAX_NOTE_LENGTH]
    enrollment.save(update_fields=["status", "responded_at", "end_reason"])
    return enrollment


@access.atomic
def self_enroll(*, actor: Any, program: Program, time_zone: str | None = None) -> Enrollment:
    """A logged-in citizen joins an open program; it starts at once."""
    person = getattr(actor, "person", None)
    if person is None:
        raise CarePathError(_("Log in with e-ID to join a program."))
    if (
        not program.is_published
        or program.enrollment_mode != EnrollmentMode.OPEN
        or program.default_care_team_id is None
    ):
        raise CarePathError(_("This program cannot be joined without a referral."))
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                program=program,
                person=person,
                care_team=program.default_care_team,
                source=EnrollmentSource.SELF,
                status=EnrollmentStatus.INVITED,
                time_zone=time_zone or settings.TIME_ZONE,
            )
    except IntegrityError:
        raise CarePathError(_("You are already taking part in this program.")) from None
    access.require(actor, "respond_to_invitation", enrollment, purpose="self-enrollment")
    _start(enrollment, timezone.now())
    return enrollment


@access.atomic
def end_enrollment(
    *, actor: Any, enrollment: Enrollment, status: str, reason: str = ""
) -> Enrollment:
    """The care team ends an enrollment as completed or discontinued (with a reason).
    Open tasks are cancelled; everything done stays readable for the patient."""
    enrollment = _locked(enrollment)
    access.require(actor, "manage_enrollment", enrollment)
    if status not in (EnrollmentStatus.COMPLETED, EnrollmentStatus.DISCONTINUED):
        raise CarePathError(_("Choose whether the program was completed or discontinued."))
    reason = reason.strip()[:MAX_NOTE_LENGTH]
    if status == EnrollmentStatus.DISCONTINUED and not reason:
        raise CarePathError(_("Give a reason for discontinuing."))
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise CarePathError(_("Only an active enrollment can be ended."))
    now = timezone.now()
    enrollment.status = status
    enrollment.ended_at = now
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
    *, actor: Any, enrollment: Enrollment, exercise: Exercise, data: dict[str, str]
) -> ExerciseAnswer:
    enrollment = _locked(enrollment)
    access.require(actor, "take_part_in_program", enrollment)
    _require_active(enrollment)
    now = timezone.now()
    state = _module_state(enrollment, exercise.module, now)
    if not state.unlocked:
        raise CarePathError(_("This module is not open yet."))
    answers = clean_exercise_answers(exercise, data)
    answer, _created = ExerciseAnswer.objects.update_or_create(
        enrollment=enrollment,
        exercise=exercise,
        defaults={"answers": answers, "submitted_at": now},
    )
    access.require(actor, "answer_exercise", answer)
    _touch(enrollment, now)
    return answer


@access.atomic
def complete_module(*, actor: Any, enrollment: Enrollment, module: Module) -> ModuleCompletion:
    """Mark a module done. Every exercise in it must be answered first. Idempotent."""
    enrollment = _locked(enrollment)
    access.require(actor, "take_part_in_program", enrollment)
    _require_active(enrollment)
    now = timezone.now()
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
def complete_measurement_task(*, actor: Any, task: EnrollmentTask) -> EnrollmentTask:
    """The patient says they took the measurement (values arrive with home measurements)."""
    task = (
        EnrollmentTask.objects.select_for_update()
        .select_related("enrollment__care_team__organization", "enrollment__person")
        .get(pk=task.pk)
    )
    access.require(actor, "complete_task", task)
    _require_active(task.enrollment)
    if task.kind != TaskKind.MEASUREMENT:
        raise CarePathError(_("Answer the questionnaire to complete this task."))
    now = timezone.now()
    if task.available_at > now:
        raise CarePathError(_("This task is not open yet."))
    if task.status == TaskStatus.OPEN:
        task.status = TaskStatus.COMPLETED
        task.completed_at = now
        task.save(update_fields=["status", "completed_at"])
        _touch(task.enrollment, now)
    return task


def _primary_score(response: Any) -> float | None:
    from carevillage.questionnaires.engine import scoring_of

    scores = response.scores or {}
    name = (scoring_of(response.version.definition).get("bands") or {}).get("score")
    if name in scores:
        return scores[name]
    return next(iter(scores.values()), None)


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
    rule = task.scheduled_questionnaire
    findings: list[tuple[str, str]] = []
    if rule.alert_on_critical_flag:
        findings += [
            (AlertReason.CRITICAL_FLAG, flag.get("code", "critical"))
            for flag in response.flags
            if flag.get("severity") == "critical"
        ]
    if response.band_code and response.band_code in rule.alert_bands():
        findings.append((AlertReason.BAND, response.band_code))
    for reason, code in findings:
        Alert.objects.get_or_create(
            enrollment=task.enrollment,
            response=response,
            reason=reason,
            code=code[:60],
            defaults={"raised_at": now},
        )
    return task


@access.atomic
def acknowledge_alert(*, actor: Any, alert: Alert, note: str) -> Alert:
    """A professional of the care team closes an alert with a note of what was done."""
    alert = (
        Alert.objects.select_for_update()
        .select_related("enrollment__care_team__organization")
        .get(pk=alert.pk)
    )
    access.require(actor, "acknowledge_alert", alert)
    note = note.strip()
    if not note:
        raise CarePathError(_("Write a note of what you did before acknowledging the alert."))
    if len(note) > MAX_NOTE_LENGTH:
        raise CarePathError(
            _("A note can be at most %(limit)d characters.") % {"limit": MAX_NOTE_LENGTH}
        )
    if alert.acknowledged_at is not None:
        raise CarePathError(_("This alert was already acknowledged."))
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor
    alert.note = note
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
    return alert


# ---------------------------------------------------------------------------------------
# Care plans
#
# A care plan is shared by the patient and the care team that made it: the team writes
# the goals and activities, the patient reports progress on the activities the plan puts
# on them. Access is decided (and audited) before the transaction opens, so a denial
# stays in the trail; bad input is reported per form field and saves nothing.

MAX_PLAN_TITLE_LENGTH = 200
MAX_GOAL_TEXT_LENGTH = 300
MAX_ACTIVITY_TEXT_LENGTH = 300
MAX_FREQUENCY_LENGTH = 120


class CarePlanInvalid(CarePathError):
    """Input the user can correct. `errors` maps each form field to its translated message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(str(message) for message in errors.values()))
        self.errors = errors


def _decided(actor: Any, action: str, resource: Any, *, purpose: str = "") -> None:
    """Decide (and audit) outside any transaction, so a denial is never rolled back."""
    if not access.decide(actor, action, resource, purpose=purpose):
        raise access.AccessDenied


def _clean_text(
    errors: dict[str, str], field: str, value: str | None, *, limit: int, missing: str
) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = missing
    elif len(value) > limit:
        errors[field] = _("Use at most %(limit)d characters.") % {"limit": limit}
    return value


def _clean_goal(
    errors: dict[str, str],
    *,
    description: str,
    target: str,
    target_date: dt.date | None,
    status: str,
    previous_date: dt.date | None = None,
) -> dict[str, Any]:
    fields = {
        "description": _clean_text(
            errors,
            "description",
            description,
            limit=MAX_GOAL_TEXT_LENGTH,
            missing=_("Describe the goal."),
        ),
        "target": _clean_text(
            errors,
            "target",
            target,
            limit=MAX_GOAL_TEXT_LENGTH,
            missing=_("Give a measurable target, for example “walks 2 km without a break”."),
        ),
        "target_date": target_date,
        "status": status,
    }
    # A goal is set for the future; a date that has already passed may stay when the
    # goal is edited later, but is not chosen anew.
    if target_date is not None and target_date != previous_date:
        if target_date < timezone.localdate():
            errors["target_date"] = _("The target date cannot be in the past.")
    if status not in GoalStatus.values:
        errors["status"] = _("Choose the status of the goal.")
    return fields


def _clean_activity(
    errors: dict[str, str],
    *,
    plan: CarePlan,
    description: str,
    frequency: str,
    responsible: str,
    goal: Goal | None,
    status: str,
) -> dict[str, Any]:
    fields = {
        "description": _clean_text(
            errors,
            "description",
            description,
            limit=MAX_ACTIVITY_TEXT_LENGTH,
            missing=_("Describe the activity."),
        ),
        "frequency": _clean_text(
            errors,
            "frequency",
            frequency,
            limit=MAX_FREQUENCY_LENGTH,
            missing=_("Say how often the activity is done, for example “every morning”."),
        ),
        "responsible": responsible,
        "goal": goal,
        "status": status,
    }
    if responsible not in Responsible.values:
        errors["responsible"] = _("Choose who is responsible for the activity.")
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = _("Choose a goal of this care plan, or no goal.")
    if status not in ActivityStatus.values:
        errors["status"] = _("Choose the status of the activity.")
    return fields


def _locked_plan(plan: CarePlan) -> CarePlan:
    return CarePlan.objects.select_for_update().get(pk=plan.pk)


def _require_plan_active(plan: CarePlan) -> None:
    if plan.status != CarePlanStatus.ACTIVE:
        raise CarePathError(
            _("This care plan is completed or withdrawn. Make it active again to change it.")
        )


def _still_there(queryset: Any) -> Any:
    """The goal or activity being changed, unless someone removed it a moment ago."""
    item = queryset.first()
    if item is None:
        raise CarePathError(_("This part of the plan was just removed by someone else."))
    return item


def _plan_changed(plan: CarePlan) -> None:
    plan.save(update_fields=["updated_at"])


def _update_plan_item(item: Goal | Activity, fields: dict[str, Any]) -> Any:
    """Write cleaned fields to a goal or an activity of an active plan, in one
    transaction with the plan locked (a removed item gives a clear error)."""
    model = type(item)
    with transaction.atomic():
        plan = _locked_plan(item.plan)
        _require_plan_active(plan)
        item = _still_there(model.objects.filter(pk=item.pk, plan=plan))
        for name, value in fields.items():
            setattr(item, name, value)
        item.save(update_fields=list(fields))
        _plan_changed(plan)
    return item


def _remove_plan_item(item: Goal | Activity) -> None:
    with transaction.atomic():
        plan = _locked_plan(item.plan)
        _require_plan_active(plan)
        type(item).objects.filter(pk=item.pk, plan=plan).delete()
        _plan_changed(plan)


def care_plan_teams(*, actor: Any, person: Any) -> Any:
    """The actor's care teams that care for the person (registration, or an enrollment
    from acceptance on): the teams a new care plan for them can belong to."""
    return (
        CareTeam.objects.filter(pk__in=professional_team_ids(actor))
        .filter(
            Q(registrations__person=person)
            | Q(enrollments__person=person, enrollments__status__in=CARE_STATUSES)
        )
        .select_related("organization")
        .distinct()
        .order_by("name")
    )


def create_care_plan(
    *,
    actor: Any,
    person: Any,
    care_team: CareTeam | None,
    title: str,
    enrollment: Enrollment | None = None,
) -> CarePlan:
    """A professional starts a care plan for a person their care team cares for."""
    _decided(actor, "view_person", person, purpose="create_care_plan")
    errors: dict[str, str] = {}
    title = _clean_text(
        errors, "title", title, limit=MAX_PLAN_TITLE_LENGTH, missing=_("Give the plan a title.")
    )
    if (
        care_team is None
        or not care_plan_teams(actor=actor, person=person).filter(pk=care_team.pk).exists()
    ):
        errors["care_team"] = _("Choose one of your care teams that cares for this person.")
    elif enrollment is not None and (
        enrollment.person_id != person.pk or enrollment.care_team_id != care_team.pk
    ):
        errors["enrollment"] = _("Link the plan only to this person's care path in the same team.")
    if errors:
        raise CarePlanInvalid(errors)
    with transaction.atomic():
        plan = CarePlan.objects.create(
            person=person,
            care_team=care_team,
            enrollment=enrollment,
            title=title,
            created_by=actor,
        )
        access.require(actor, "edit_care_plan", plan, purpose="create_care_plan")
    return plan


def set_plan_status(*, actor: Any, plan: CarePlan, status: str) -> CarePlan:
    _decided(actor, "edit_care_plan", plan)
    if status not in CarePlanStatus.values:
        raise CarePlanInvalid({"status": _("Choose the status of the care plan.")})
    with transaction.atomic():
        plan = _locked_plan(plan)
        plan.status = status
        plan.save(update_fields=["status", "updated_at"])
    return plan


def add_goal(
    *,
    actor: Any,
    plan: CarePlan,
    description: str,
    target: str,
    target_date: dt.date | None = None,
    status: str = GoalStatus.PROPOSED,
) -> Goal:
    _decided(actor, "edit_care_plan", plan)
    errors: dict[str, str] = {}
    fields = _clean_goal(
        errors, description=description, target=target, target_date=target_date, status=status
    )
    if errors:
        raise CarePlanInvalid(errors)
    with transaction.atomic():
        plan = _locked_plan(plan)
        _require_plan_active(plan)
        goal = Goal.objects.create(plan=plan, **fields)
        _plan_changed(plan)
    return goal


def update_goal(
    *,
    actor: Any,
    goal: Goal,
    description: str,
    target: str,
    target_date: dt.date | None,
    status: str,
) -> Goal:
    _decided(actor, "edit_care_plan", goal)
    errors: dict[str, str] = {}
    fields = _clean_goal(
        errors,
        description=description,
        target=target,
        target_date=target_date,
        status=status,
        previous_date=goal.target_date,
    )
    if errors:
        raise CarePlanInvalid(errors)
    return _update_plan_item(goal, fields)


def remove_goal(*, actor: Any, goal: Goal) -> None:
    """Remove a goal; its activities stay in the plan without a goal."""
    _decided(actor, "edit_care_plan", goal)
    _remove_plan_item(goal)


def add_activity(
    *,
    actor: Any,
    plan: CarePlan,
    description: str,
    frequency: str,
    responsible: str,
    goal: Goal | None = None,
    status: str = ActivityStatus.NOT_STARTED,
) -> Activity:
    _decided(actor, "edit_care_plan", plan)
    errors: dict[str, str] = {}
    fields = _clean_activity(
        errors,
        plan=plan,
        description=description,
        frequency=frequency,
        responsible=responsible,
        goal=goal,
        status=status,
    )
    if errors:
        raise CarePlanInvalid(errors)
    with transaction.atomic():
        plan = _locked_plan(plan)
        _require_plan_active(plan)
        activity = Activity.objects.create(plan=plan, **fields)
        _plan_changed(plan)
    return activity


def update_activity(
    *,
    actor: Any,
    activity: Activity,
    description: str,
    frequency: str,
    responsible: str,
    goal: Goal | None,
    status: str,
) -> Activity:
    _decided(actor, "edit_care_plan", activity)
    errors: dict[str, str] = {}
    fields = _clean_activity(
        errors,
        plan=activity.plan,
        description=description,
        frequency=frequency,
        responsible=responsible,
        goal=goal,
        status=status,
    )
    if errors:
        raise CarePlanInvalid(errors)
    return _update_plan_item(activity, fields)


def remove_activity(*, actor: Any, activity: Activity) -> None:
    _decided(actor, "edit_care_plan", activity)
    _remove_plan_item(activity)


def set_own_activity_status(*, actor: Any, activity: Activity, status: str) -> Activity:
    """The patient reports progress on an activity the plan puts on them (the access
    policy refuses activities of a relative or a professional)."""
    _decided(actor, "update_own_activity", activity)
    if status not in ActivityStatus.values:
        raise CarePlanInvalid({"status": _("Choose the status of the activity.")})
    with transaction.atomic():
        plan = _locked_plan(activity.plan)
        _require_plan_active(plan)
        activity = _still_there(Activity.objects.filter(pk=activity.pk, plan=plan))
        activity.status = status
        activity.save(update_fields=["status"])
        _plan_changed(plan)
    return activity
