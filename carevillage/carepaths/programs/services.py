"""Every change an editor makes to a program template in the admin.

Who may edit: a staff member with the editor role in the program's organization (nobody
else, not even an org admin of that organization without the editor role). Each function
checks that, writes in one transaction with its audit event, and never touches the
tasks of running enrollments: those were dated when the enrollment started, so a later
change to the template applies to new enrollments only.

A program is offered (referrals, open self-enrollment, FHIR ServiceRequests) only when a
second clinician approved it as it is now (`approve_program`), as navigators and
questionnaires require: every change records who made it and takes the program back to
"waiting for approval" until another clinician of the organization approves it again.

The admin forms (admin_forms.py) check the input first and show specific errors; the
checks here and the database constraints are the last word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.tenants.models import CareTeam, Organization

from ..errors import CarePathError
from ..models import (
    EnrollmentMode,
    EnrollmentTask,
    Exercise,
    ExerciseAnswer,
    MeasurementTask,
    Module,
    ModuleCompletion,
    Program,
    ScheduledQuestionnaire,
)

PROGRAM_FIELDS = (
    "title",
    "summary",
    "house_theme",
    "enrollment_mode",
    "default_care_team",
    "duration_days",
    "reminder_time",
)


def _locked_program(actor: Any, pk: int) -> Program:
    """Lock the program and decide (the decision is the change's audit event). The change
    the caller makes needs a second clinician's approval again before it is offered."""
    program = Program.objects.select_for_update().select_related("organization").get(pk=pk)
    access.require(actor, AuditAction.CHANGE_CARE_PROGRAM, program)
    _needs_approval_again(actor, program)
    return program


def _needs_approval_again(actor: Any, program: Program) -> None:
    program.prepared_by = actor
    program.approved_by = None
    program.approved_at = None
    program.is_published = False
    program.save(update_fields=["prepared_by", "approved_by", "approved_at", "is_published"])


def _check_care_team(organization: Organization, care_team: CareTeam | None) -> None:
    if care_team is not None and care_team.organization_id != organization.pk:
        raise CarePathError(_("Choose a care team of the program's own organization."))


def _check_program(program: Program) -> None:
    if program.enrollment_mode == EnrollmentMode.OPEN and program.default_care_team_id is None:
        raise CarePathError(_("An open program needs a care team that runs the self-enrollments."))
    _check_care_team(program.organization, program.default_care_team)
    last_needed = latest_day_used(program)
    if last_needed > program.duration_days:
        raise CarePathError(
            _(
                "The program is %(days)d days long but something in it happens on day "
                "%(day)d. Make the program longer or move that first."
            )
            % {"days": program.duration_days, "day": last_needed}
        )


def latest_day_used(program: Program) -> int:
    """The last day a module unlocks or a schedule starts or ends (0 for a new program)."""
    if program.pk is None:
        return 0
    days = [
        program.modules.aggregate(day=Max("unlock_day"))["day"] or 0,
        *[
            max(item.first_day, item.last_day or 0)
            for item in [
                *program.scheduled_questionnaires.all(),
                *program.measurement_tasks.all(),
            ]
        ],
    ]
    return max(days)


@access.atomic
def create_program(*, actor: Any, organization: Organization, slug: str, **values: Any) -> Program:
    access.require(actor, AuditAction.CREATE_CARE_PROGRAM, organization)
    if Program.objects.filter(slug=slug).exists():
        raise CarePathError(_("The short name %(slug)s is already in use.") % {"slug": slug})
    program = Program(organization=organization, slug=slug, prepared_by=actor)
    for name in PROGRAM_FIELDS:
        if name in values:
            setattr(program, name, values[name])
    _check_program(program)
    program.save()
    access.record(actor, AuditAction.CREATE_CARE_PROGRAM, program)
    return program


@access.atomic
def update_program(*, actor: Any, program: Program, **values: Any) -> Program:
    """Change the settings. Saving them unchanged changes nothing (and keeps an approval)."""
    program = Program.objects.select_related("organization").get(pk=program.pk)
    changed = {
        name: values[name]
        for name in PROGRAM_FIELDS
        if name in values and getattr(program, name) != values[name]
    }
    if not changed:
        return program
    program = _locked_program(actor, program.pk)
    for name, value in changed.items():
        setattr(program, name, value)
    _check_program(program)
    program.save()
    return program


# ---------------------------------------------------------------------------------------
# The second clinician's approval


class ApprovalRefused(CarePathError):
    """Approval was refused and nothing changed; `reasons` lists every one, translated."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def approval_problems(*, actor: Any, program: Program) -> list[str]:
    """Every reason this actor may not approve the program now; empty when they may."""
    reasons: list[str] = []
    if program.is_published:
        reasons.append(_("This program is already approved and published as it is now."))
    if not program.modules.exists():
        reasons.append(_("Add at least one module before the program is approved."))
    try:
        _check_program(program)
    except CarePathError as error:
        reasons.append(str(error))
    may_approve = access.visible(
        actor, AuditAction.APPROVE_CARE_PROGRAM, Program.objects.filter(pk=program.pk)
    ).exists()
    if not may_approve:
        if getattr(actor, "pk", None) is not None and actor.pk == program.prepared_by_id:
            reasons.append(
                _("A second clinician must approve: you made the latest change to this program.")
            )
        else:
            reasons.append(
                _(
                    "Only a clinical editor or a professional of the program's organization "
                    "can approve it."
                )
            )
    return reasons


def approve_program(*, actor: Any, program: Program) -> Program:
    """The second clinician's approval: the program as it is now is offered to everyone.

    Refused, and nothing changes, when the actor made the latest change, is not an editor
    or professional of the program's organization, or the program is not ready; a
    refused reviewer stays in the trail."""
    try:
        return _approve_program(actor=actor, program=program)
    except access.AccessDenied:
        program.refresh_from_db()
        raise ApprovalRefused(approval_problems(actor=actor, program=program)) from None


@access.atomic
def _approve_program(*, actor: Any, program: Program) -> Program:
    program = Program.objects.select_for_update().select_related("organization").get(pk=program.pk)
    access.require(actor, AuditAction.APPROVE_CARE_PROGRAM, program)
    reasons = approval_problems(actor=actor, program=program)
    if reasons:
        raise ApprovalRefused(reasons)
    program.is_published = True
    program.approved_by = actor
    program.approved_at = timezone.now()
    program.save(update_fields=["is_published", "approved_by", "approved_at"])
    return program


@access.atomic
def withdraw_program(*, actor: Any, program: Program) -> Program:
    """Stop offering the program (running enrollments go on); publishing it again needs a
    second clinician's approval."""
    return _locked_program(actor, program.pk)


# ---------------------------------------------------------------------------------------
# Modules and their exercises


@dataclass
class ExerciseRow:
    """One exercise as the editor left it: `exercise` is None for a new one."""

    exercise: Exercise | None
    prompt: dict[str, str]
    kind: str
    fields: list[dict] = field(default_factory=list)
    delete: bool = False


def _next_position(queryset: QuerySet) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def _check_unlock_day(program: Program, unlock_day: int) -> None:
    if unlock_day > program.duration_days:
        raise CarePathError(
            _("The module cannot unlock on day %(day)d: the program ends on day %(last)d.")
            % {"day": unlock_day, "last": program.duration_days}
        )


@access.atomic
def save_module(
    *,
    actor: Any,
    program: Program,
    module: Module | None,
    title: dict[str, str],
    reading: dict[str, str],
    unlock_rule: str,
    unlock_day: int,
    exercises: list[ExerciseRow],
) -> Module:
    """Create a module at the end of the program, or change one, with its exercises in the
    order given. An exercise patients have answered cannot be removed."""
    program = _locked_program(actor, program.pk)
    _check_unlock_day(program, unlock_day)
    if module is None:
        module = Module(program=program, position=_next_position(program.modules.all()))
    elif module.program_id != program.pk:
        raise PermissionDenied
    module.title = title
    module.reading = reading
    module.unlock_rule = unlock_rule
    module.unlock_day = unlock_day
    module.save()

    kept = [row for row in exercises if not row.delete]
    for row in exercises:
        if row.delete and row.exercise is not None:
            if ExerciseAnswer.objects.filter(exercise=row.exercise).exists():
                raise CarePathError(
                    _("Patients have answered the exercise “%(prompt)s”, so it cannot be removed.")
                    % {"prompt": _first_text(row.prompt)}
                )
            row.exercise.delete()
    # Renumber in two steps so the unique (module, position) never clashes midway.
    existing = [row.exercise for row in kept if row.exercise is not None]
    offset = _next_position(module.exercises.all()) + len(kept)
    for index, exercise in enumerate(existing):
        Exercise.objects.filter(pk=exercise.pk).update(position=offset + index)
    for position, row in enumerate(kept, start=1):
        exercise = row.exercise or Exercise(module=module)
        if exercise.module_id not in (None, module.pk):
            raise PermissionDenied
        exercise.module = module
        exercise.position = position
        exercise.prompt = row.prompt
        exercise.kind = row.kind
        exercise.fields = row.fields
        exercise.save()
    return module


def _first_text(texts: dict[str, str]) -> str:
    return next((value for value in texts.values() if value), "")


@access.atomic
def move_module(*, actor: Any, module: Module, direction: int) -> Module:
    """Swap the module with its neighbour above (-1) or below (+1)."""
    program = _locked_program(actor, module.program_id)
    modules = list(program.modules.order_by("position"))
    index = next(i for i, item in enumerate(modules) if item.pk == module.pk)
    other_index = index + direction
    if direction not in (-1, 1) or not 0 <= other_index < len(modules):
        return modules[index]
    first, second = modules[index], modules[other_index]
    first_position, second_position = first.position, second.position
    parking = _next_position(program.modules.all())
    Module.objects.filter(pk=first.pk).update(position=parking)
    Module.objects.filter(pk=second.pk).update(position=first_position)
    Module.objects.filter(pk=first.pk).update(position=second_position)
    first.refresh_from_db()
    return first


@access.atomic
def remove_module(*, actor: Any, module: Module) -> None:
    """Remove a module nobody has worked on; the ones after it move up."""
    program = _locked_program(actor, module.program_id)
    if (
        ModuleCompletion.objects.filter(module=module).exists()
        or ExerciseAnswer.objects.filter(exercise__module=module).exists()
    ):
        raise CarePathError(
            _("Patients have already worked on this module, so it cannot be removed.")
        )
    position = module.position
    module.delete()
    for later in program.modules.filter(position__gt=position).order_by("position"):
        Module.objects.filter(pk=later.pk).update(position=later.position - 1)


# ---------------------------------------------------------------------------------------
# Scheduled questionnaires and measurement tasks


@dataclass
class ScheduleRow:
    """One schedule as the editor left it: `item` is None for a new one; `values` are the
    model fields (questionnaire or kind, first_day, every_days, last_day, window_days, …)."""

    item: ScheduledQuestionnaire | MeasurementTask | None
    values: dict[str, Any]
    delete: bool = False


def _check_schedule(program: Program, values: dict[str, Any]) -> None:
    first, last, every = (
        values.get("first_day", 0),
        values.get("last_day"),
        values.get("every_days"),
    )
    if every is not None and every < 1:
        raise CarePathError(_("Repeat every must be at least 1 day (leave it empty for once)."))
    if last is not None and last < first:
        raise CarePathError(_("The last day cannot be before the first day."))
    if max(first, last or 0) > program.duration_days:
        raise CarePathError(
            _("A schedule cannot go past the end of the program (day %(last)d).")
            % {"last": program.duration_days}
        )


@access.atomic
def save_schedules(
    *,
    actor: Any,
    program: Program,
    questionnaires: list[ScheduleRow],
    measurements: list[ScheduleRow],
) -> Program:
    """Add, change and remove the program's scheduled questionnaires and measurements.
    A schedule that running enrollments already have tasks from cannot be removed."""
    program = _locked_program(actor, program.pk)
    for model, rows, link in (
        (ScheduledQuestionnaire, questionnaires, "scheduled_questionnaire"),
        (MeasurementTask, measurements, "measurement_task"),
    ):
        for row in rows:
            if row.item is not None and row.item.program_id != program.pk:
                raise PermissionDenied
            if row.delete:
                if row.item is None:
                    continue
                if EnrollmentTask.objects.filter(**{link: row.item}).exists():
                    raise CarePathError(
                        _(
                            "Patients already have tasks from the schedule “%(schedule)s”, "
                            "so it cannot be removed."
                        )
                        % {"schedule": row.item}
                    )
                row.item.delete()
                continue
            _check_schedule(program, row.values)
            if row.item is not None and EnrollmentTask.objects.filter(**{link: row.item}).exists():
                source = "questionnaire_id" if link == "scheduled_questionnaire" else "kind"
                new_value = row.values.get(source.removesuffix("_id"))
                if getattr(new_value, "pk", new_value) != getattr(row.item, source):
                    raise CarePathError(
                        _(
                            "Patients already have tasks from the schedule “%(schedule)s”: "
                            "add a new schedule instead of changing what it asks for."
                        )
                        % {"schedule": row.item}
                    )
            item = row.item or model(program=program)
            for name, value in row.values.items():
                setattr(item, name, value)
            item.save()
    return program
