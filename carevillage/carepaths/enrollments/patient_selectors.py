"""Reads for the patient's side of care paths: their own enrollments, modules, tasks and
scores. (What anyone may read about a published program is in `carepaths.programs.selectors`.)

Anything from someone's enrollment takes the acting user (`actor=`) and goes through the
access policy, which audits every decision. (The care team's reads are in
staff_selectors.py, care plans' in the careplans app.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import Http404

from carevillage import access
from carevillage.access.actors import subject_person
from carevillage.audit.actions import AuditAction

from ..models import (
    Enrollment,
    EnrollmentStatus,
    EnrollmentTask,
    Exercise,
    ExerciseAnswer,
    ExerciseKind,
    Module,
    Program,
    TaskKind,
    TaskStatus,
    in_language,
)
from . import schedule

UPCOMING_TASKS = 3


@dataclass
class TaskRow:
    task: EnrollmentTask
    title: str
    overdue: bool
    questionnaire_slug: str = ""

    @property
    def is_questionnaire(self) -> bool:
        return self.task.kind == TaskKind.QUESTIONNAIRE


@dataclass
class ScoreSeries:
    """One scheduled questionnaire's results in an enrollment, oldest first."""

    title: str
    slug: str
    score_label: str
    top: float
    entries: list[dict[str, Any]]


@dataclass
class EnrollmentView:
    enrollment: Enrollment
    title: str
    modules: list[schedule.ModuleState]
    due_now: list[TaskRow] = field(default_factory=list)
    upcoming: list[TaskRow] = field(default_factory=list)
    scores: list[ScoreSeries] = field(default_factory=list)

    @property
    def modules_done(self) -> int:
        return sum(1 for state in self.modules if state.completed)

    @property
    def modules_total(self) -> int:
        return len(self.modules)

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.due_now if row.overdue)


@dataclass
class ExerciseView:
    exercise: Exercise
    prompt: str
    # [(name, label)]: ("text", "") for a free-text exercise.
    fields: list[tuple[str, str]]
    answer: ExerciseAnswer | None


@dataclass
class ModuleView:
    enrollment: Enrollment
    state: schedule.ModuleState
    title: str
    reading: str
    exercises: list[ExerciseView]
    previous: schedule.ModuleState | None
    following: schedule.ModuleState | None
    modules_done: int
    modules_total: int


def _own(queryset: Any, actor: Any) -> Any:
    person = subject_person(actor)
    return queryset.filter(person=person) if person is not None else queryset.none()


def own_enrollments(*, actor: Any) -> list[Enrollment]:
    """The actor's own enrollments (invitations, active and ended), newest first; the
    listing is audited. Declined invitations are left out: nothing in them to return to."""
    queryset = access.visible(
        actor,
        AuditAction.VIEW_ENROLLMENT,
        _own(Enrollment.objects.all(), actor).exclude(status=EnrollmentStatus.DECLINED),
    )
    enrollments = list(
        queryset.select_related(
            "program", "care_team__organization", "responsible", "referred_by"
        ).order_by("-created_at")
    )
    access.record_listing(actor, AuditAction.VIEW_ENROLLMENT, enrollments, purpose="my page")
    return enrollments


def enrollment_for(
    *, actor: Any, pk: int, action: AuditAction = AuditAction.VIEW_ENROLLMENT
) -> Enrollment:
    """One enrollment the actor may see; 404 (and a denied audit event) otherwise."""
    enrollment = (
        Enrollment.objects.select_related(
            "program", "care_team__organization", "responsible", "referred_by", "person"
        )
        .filter(pk=pk)
        .first()
    )
    if enrollment is None:
        raise Http404
    access.require(actor, action, enrollment)
    return enrollment


def enrollment_to_change(*, pk: int) -> Enrollment:
    """The enrollment a form posts to, for the service to decide on (it locks the row and
    calls `access.require` in its transaction); 404 when there is none. Shows nothing."""
    enrollment = Enrollment.objects.filter(pk=pk).select_related("program").first()
    if enrollment is None:
        raise Http404
    return enrollment


def _task_title(task: EnrollmentTask, language: str) -> str:
    rule, measurement = task.scheduled_questionnaire, task.measurement_task
    if task.kind == TaskKind.QUESTIONNAIRE and rule is not None:
        return rule.questionnaire.title(language)
    return str(measurement.get_kind_display()) if measurement is not None else ""


def _task_row(task: EnrollmentTask, language: str, now: dt.datetime) -> TaskRow:
    rule = task.scheduled_questionnaire
    slug = rule.questionnaire.slug if rule is not None else ""
    return TaskRow(task, _task_title(task, language), task.due_at <= now, slug)


def _module_states(enrollment: Enrollment, now: dt.datetime) -> list[schedule.ModuleState]:
    modules = list(enrollment.program.modules.all())
    if enrollment.started_at is None:
        return [schedule.ModuleState(module, False, None, None) for module in modules]
    completions = dict(enrollment.module_completions.values_list("module_id", "completed_at"))
    return schedule.module_states(
        enrollment=enrollment, modules=modules, completions=completions, now=now
    )


def _visible_tasks(actor: Any, enrollment: Enrollment) -> Any:
    return access.visible(
        actor,
        AuditAction.VIEW_ENROLLMENT_TASK,
        EnrollmentTask.objects.filter(enrollment=enrollment),
    ).select_related(
        "scheduled_questionnaire__questionnaire",
        "measurement_task",
        "response__version",
    )


def _score_series(tasks: list[EnrollmentTask], language: str) -> list[ScoreSeries]:
    from carevillage.questionnaires import engine

    # Answered questionnaire tasks with a score, per schedule rule: (task, its response).
    by_rule: dict[int, list[tuple[EnrollmentTask, Any]]] = {}
    rules: dict[int, Any] = {}
    for task in tasks:
        rule, response = task.scheduled_questionnaire, task.response
        if rule is not None and response is not None and task.score is not None:
            by_rule.setdefault(rule.pk, []).append((task, response))
            rules[rule.pk] = rule
    series = []
    for rule_id, done in by_rule.items():
        done.sort(key=lambda pair: pair[1].submitted_at)
        questionnaire = rules[rule_id].questionnaire
        definition = done[-1][1].version.definition
        spec = (engine.scoring_of(definition).get("scores") or [{"name": "total"}])[0]
        top = float(engine.max_score(definition, spec)) or 1.0
        entries = [
            {
                "response": response,
                "value": task.score,
                "score": f"{task.score:g}",
                "band": engine.pick((response.band or {}).get("label", ""), language),
            }
            for task, response in done
        ]
        series.append(
            ScoreSeries(
                title=questionnaire.title(language),
                slug=questionnaire.slug,
                score_label=engine.pick(spec.get("label", spec["name"]), language),
                top=top,
                entries=entries,
            )
        )
    return series


def enrollment_view(
    *, actor: Any, enrollment: Enrollment, language: str, now: dt.datetime, scores: bool = True
) -> EnrollmentView:
    """What the patient sees of one enrollment already checked by `enrollment_for` or
    listed by `own_enrollments`: modules, tasks to do and coming, scores over time."""
    tasks = list(_visible_tasks(actor, enrollment))
    view = EnrollmentView(
        enrollment=enrollment,
        title=enrollment.program.title_in(language),
        modules=_module_states(enrollment, now),
    )
    open_tasks = [task for task in tasks if task.status == TaskStatus.OPEN]
    due = [t for t in open_tasks if t.available_at <= now]
    later = [t for t in open_tasks if t.available_at > now][:UPCOMING_TASKS]
    view.due_now = [_task_row(t, language, now) for t in due]
    view.upcoming = [_task_row(t, language, now) for t in later]
    shown = due + later
    if scores:
        answered = _visible_responses(actor, tasks)
        scored = [t for t in tasks if t.response_id in answered]
        view.scores = _score_series(scored, language)
        shown += scored
        access.record_listing(
            actor,
            AuditAction.VIEW_QUESTIONNAIRE_RESPONSE,
            list(answered.values()),
            purpose="care path",
        )
    access.record_listing(actor, AuditAction.VIEW_ENROLLMENT_TASK, shown, purpose="care path")
    return view


def _visible_responses(actor: Any, tasks: list[EnrollmentTask]) -> dict[int, Any]:
    """The responses behind the completed questionnaire tasks that the actor may read."""
    from carevillage.questionnaires.models import QuestionnaireResponse

    ids = [task.response_id for task in tasks if task.response_id and task.score is not None]
    if not ids:
        return {}
    return {
        response.pk: response
        for response in access.visible(
            actor,
            AuditAction.VIEW_QUESTIONNAIRE_RESPONSE,
            QuestionnaireResponse.objects.filter(pk__in=ids),
        ).only("pk", "person_id")
    }


def module_view(
    *, actor: Any, enrollment: Enrollment, position: int, language: str, now: dt.datetime
) -> ModuleView:
    """One module of an enrollment already checked by `enrollment_for`; 404 while locked."""
    states = _module_states(enrollment, now)
    index = next((i for i, s in enumerate(states) if s.module.position == position), None)
    if index is None or not states[index].unlocked:
        raise Http404
    state = states[index]
    module = state.module
    answers = {
        answer.exercise_id: answer
        for answer in access.visible(
            actor,
            AuditAction.VIEW_EXERCISE_ANSWER,
            ExerciseAnswer.objects.filter(enrollment=enrollment, exercise__module=module),
        )
    }
    access.record_listing(
        actor, AuditAction.VIEW_EXERCISE_ANSWER, list(answers.values()), purpose="care path"
    )
    exercises = []
    for exercise in Exercise.objects.filter(module=module).order_by("position"):
        fields = (
            [(f["name"], in_language(f.get("label"), language)) for f in exercise.fields]
            if exercise.kind == ExerciseKind.FORM
            else [("text", "")]
        )
        exercises.append(
            ExerciseView(
                exercise=exercise,
                prompt=in_language(exercise.prompt, language),
                fields=fields,
                answer=answers.get(exercise.pk),
            )
        )
    return ModuleView(
        enrollment=enrollment,
        state=state,
        title=module.title_in(language),
        reading=in_language(module.reading, language),
        exercises=exercises,
        previous=states[index - 1] if index > 0 else None,
        following=states[index + 1] if index + 1 < len(states) else None,
        modules_done=sum(1 for s in states if s.completed),
        modules_total=len(states),
    )


def module_at(*, enrollment: Enrollment, position: int) -> Module:
    module = Module.objects.filter(program=enrollment.program_id, position=position).first()
    if module is None:
        raise Http404
    return module


def exercise_in(*, module: Module, pk: int) -> Exercise:
    exercise = Exercise.objects.filter(module=module, pk=pk).first()
    if exercise is None:
        raise Http404
    return exercise


def task_in(*, enrollment: Enrollment, pk: int) -> EnrollmentTask:
    task = EnrollmentTask.objects.filter(enrollment=enrollment, pk=pk).first()
    if task is None:
        raise Http404
    return task


def own_open_enrollment(*, actor: Any, program: Program) -> Enrollment | None:
    """The actor's invitation or active enrollment in this program, if any (audited)."""
    enrollment = (
        _own(Enrollment.objects.filter(program=program), actor)
        .filter(status__in=(EnrollmentStatus.INVITED, EnrollmentStatus.ACTIVE))
        .first()
    )
    if enrollment is None or not access.decide(actor, AuditAction.VIEW_ENROLLMENT, enrollment):
        return None
    return enrollment


def active_enrollments_following(*, person_id: int, kind: str, thresholds: Any) -> list[Enrollment]:
    """The person's active enrollments that follow home measurements of `kind` (a
    `MeasurementKind` value): their program schedules that measurement, or their care
    team set limits for it (`thresholds`: a queryset of enrollment ids). For the
    monitoring app's alerts, inside the reading's transaction, whose decision was about
    the reading: no actor here, nothing is shown to anyone."""
    return list(
        Enrollment.objects.filter(person_id=person_id, status=EnrollmentStatus.ACTIVE)
        .filter(Q(program__measurement_tasks__kind=kind) | Q(pk__in=thresholds))
        .distinct()
        .select_related("program", "care_team__organization")
    )
