"""The care team's reads of enrollments: the dashboard, the patient's timeline, whom to
refer to what. Anything about a person's health goes through `access` here. (The
person's own reads are in patient_selectors.py.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from carevillage import access
from carevillage.audit.actions import AuditAction
from carevillage.questionnaires.models import QuestionnaireResponse
from carevillage.tenants.models import CareTeam

from ..models import (
    Alert,
    AlertReason,
    Enrollment,
    EnrollmentStatus,
    EnrollmentTask,
    ExerciseAnswer,
    ExerciseKind,
    Module,
    ModuleCompletion,
    TaskKind,
    TaskStatus,
    in_language,
)

# ---------------------------------------------------------------------------------------
# Care-team dashboard

DASHBOARD_PAGE_SIZE = 50

# Statuses a professional can list. Invitations (sent, declined) are followed up with
# AuditAction.VIEW_REFERRAL, which shows that they exist but nothing the patient did.
REFERRAL_STATUSES = (EnrollmentStatus.INVITED, EnrollmentStatus.DECLINED)
DASHBOARD_STATUSES = (
    EnrollmentStatus.ACTIVE,
    EnrollmentStatus.INVITED,
    EnrollmentStatus.DECLINED,
    EnrollmentStatus.COMPLETED,
    EnrollmentStatus.DISCONTINUED,
)

# Sort key -> (ordering ascending, natural direction is descending?). "safety", the
# default, puts the most severe open alert first (a critical answer before a result
# band), the longest-waiting first among equals, then everyone else by name.
DASHBOARD_SORTS: dict[str, tuple[list[str], bool]] = {
    "safety": (["alert_severity", "oldest_open_alert_at"], True),
    "name": (["person__family_name", "person__given_name"], False),
    "activity": (["last_activity_at"], True),
    "overdue": (["overdue_count"], True),
    "alerts": (["open_alert_count"], True),
    "score": (["latest_score"], True),
}


@dataclass(frozen=True)
class DashboardFilters:
    status: str = EnrollmentStatus.ACTIVE
    program_id: int | None = None
    has_open_alerts: bool = False
    has_overdue_tasks: bool = False
    mine_only: bool = False
    sort: str = "safety"
    descending: bool = True


def care_teams_for(*, actor: Any) -> list[CareTeam]:
    """The care teams whose patients the actor follows as a professional (none for an
    org admin)."""
    return list(
        access.visible(actor, AuditAction.VIEW_ENROLLMENT, CareTeam.objects.all())
        .select_related("organization")
        .order_by("name")
    )


@dataclass(frozen=True)
class DashboardTeam:
    """A care team on the dashboard's team menu, with the programs its patients are in
    (for the program filter): (program id, title in the reader's language), by title."""

    team: CareTeam
    programs: list[tuple[int, str]]

    @property
    def pk(self) -> int:
        return self.team.pk

    @property
    def name(self) -> str:
        return self.team.name


def dashboard_teams(*, actor: Any, language: str) -> list[DashboardTeam]:
    """The actor's care teams (as `care_teams_for`) and each one's programs, in one query:
    one row per team and program it has enrollments in."""
    teams: dict[int, DashboardTeam] = {}
    for row in (
        access.visible(actor, AuditAction.VIEW_ENROLLMENT, CareTeam.objects.all())
        .select_related("organization")
        .annotate(
            program_pk=F("enrollments__program"),
            program_title=F("enrollments__program__title"),
        )
        .distinct()
        .order_by("name", "pk")
    ):
        entry = teams.setdefault(row.pk, DashboardTeam(row, []))
        if row.program_pk is not None:
            entry.programs.append((row.program_pk, in_language(row.program_title, language)))
    for entry in teams.values():
        entry.programs.sort(key=lambda program: program[1])
    return list(teams.values())


def referral_teams(*, actor: Any) -> list[CareTeam]:
    """The care teams the actor may refer people to."""
    return list(
        access.visible(actor, AuditAction.REFER_TO_PROGRAM, CareTeam.objects.all())
        .select_related("organization")
        .order_by("name")
    )


def person_to_refer(*, actor: Any, national_id: str) -> Any:
    """The person with this (valid, normalized) identity code, or None when nobody has it
    yet. Looking someone up is decided by the policy and stands in their trail."""
    from carevillage.identity.selectors import person_by_national_id

    person = person_by_national_id(national_id)
    if person is not None:
        access.require(actor, AuditAction.FIND_PERSON, person, purpose="referral")
    return person


def alert_to_acknowledge(*, pk: int) -> Alert:
    """The alert a form posts to, for the service to decide on; 404 when there is none."""
    alert = Alert.objects.filter(pk=pk).only("pk", "enrollment_id").first()
    if alert is None:
        raise Http404
    return alert


def _count(queryset: QuerySet, key: str = "enrollment") -> Coalesce:
    """A correlated COUNT(*) subquery: one number per outer row, no join fan-out."""
    counted = queryset.order_by().values(key).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


# How severe an open alert is, for the dashboard's order: a critical answer (PHQ-9
# item 9, thoughts of self-harm) before a result in an alerting band.
ALERT_SEVERITY = Case(
    When(reason=AlertReason.CRITICAL_FLAG, then=Value(2)),
    default=Value(1),
    output_field=IntegerField(),
)


def _alert_severity() -> Coalesce:
    highest = (
        _open_alerts()
        .order_by()
        .values("enrollment")
        .annotate(top=Max(ALERT_SEVERITY))
        .values("top")[:1]
    )
    return Coalesce(Subquery(highest, output_field=IntegerField()), Value(0))


def _oldest_open_alert() -> Subquery:
    return Subquery(_open_alerts().order_by("raised_at").values("raised_at")[:1])


def _row_figures(now: dt.datetime) -> dict[str, Any]:
    """Counts each dashboard row shows, as correlated subqueries (one value per row)."""
    return {
        "modules_total": _count(Module.objects.filter(program=OuterRef("program")), "program"),
        "modules_done": _count(ModuleCompletion.objects.filter(enrollment=OuterRef("pk"))),
        "overdue_count": _count(_overdue_tasks(now)),
        "open_alert_count": _count(_open_alerts()),
        "alert_severity": _alert_severity(),
        "oldest_open_alert_at": _oldest_open_alert(),
    }


def _sort_figure(name: str, now: dt.datetime) -> Any:
    return _row_figures(now)[name]


def _overdue_tasks(now: dt.datetime) -> QuerySet:
    return EnrollmentTask.objects.filter(
        enrollment=OuterRef("pk"), status=TaskStatus.OPEN, due_at__lte=now
    )


def _open_alerts() -> QuerySet:
    return Alert.objects.filter(enrollment=OuterRef("pk"), acknowledged_at__isnull=True)


SORT_FIGURES = {
    "safety": ["alert_severity", "oldest_open_alert_at"],
    "overdue": ["overdue_count"],
    "alerts": ["open_alert_count"],
}


def _matching_rows(
    *, actor: Any, care_team: CareTeam, filters: DashboardFilters, now: dt.datetime
) -> QuerySet[Enrollment]:
    """Enrollments of one care team the actor may see, filtered, in no order."""
    rows = access.visible(
        actor,
        _row_action(filters),
        Enrollment.objects.filter(care_team=care_team, status=filters.status),
    )
    if filters.program_id:
        rows = rows.filter(program_id=filters.program_id)
    if filters.mine_only:
        rows = rows.filter(responsible=actor)
    if filters.has_open_alerts:
        rows = rows.filter(Exists(_open_alerts()))
    if filters.has_overdue_tasks:
        rows = rows.filter(Exists(_overdue_tasks(now)))
    return rows


def _ordering(filters: DashboardFilters) -> list[Any]:
    """The dashboard order over the row figures (annotated under their names)."""
    ordering = []
    if filters.sort == "safety":
        # Most severe first, then the longest-waiting alert; reversed, the other way.
        severity, age = F("alert_severity"), F("oldest_open_alert_at")
        if filters.descending:
            ordering += [severity.desc(), age.asc(nulls_last=True)]
        else:
            ordering += [severity.asc(), age.desc(nulls_last=True)]
    elif filters.sort != "name":
        (name,), _natural_desc = DASHBOARD_SORTS[filters.sort]
        expression = F(name)
        ordering.append(
            expression.desc(nulls_last=True)
            if filters.descending
            else expression.asc(nulls_last=True)
        )
    names = [F("person__family_name"), F("person__given_name")]
    if filters.sort == "name" and filters.descending:
        ordering += [name.desc() for name in names]
    else:
        ordering += [name.asc() for name in names]
    return [*ordering, F("pk").asc()]


def dashboard_rows(
    *, actor: Any, care_team: CareTeam, filters: DashboardFilters, now: dt.datetime | None = None
) -> QuerySet[Enrollment]:
    """Enrollments of one care team the actor may see, filtered and in dashboard order.

    Only what the filter and the sort need is computed here, over every matching row."""
    now = now or timezone.now()
    return _in_order(
        _matching_rows(actor=actor, care_team=care_team, filters=filters, now=now), filters, now
    )


def _in_order(
    rows: QuerySet[Enrollment], filters: DashboardFilters, now: dt.datetime
) -> QuerySet[Enrollment]:
    figures = SORT_FIGURES.get(filters.sort, [])
    if figures:
        rows = rows.annotate(**{figure: _sort_figure(figure, now) for figure in figures})
    return rows.order_by(*_ordering(filters))


class _CountedPaginator(Paginator):
    """A paginator told its count (the page's own query brought it along)."""

    def __init__(self, count: int, per_page: int) -> None:
        super().__init__([], per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def _page_number(page_number: Any) -> int:
    try:
        number = int(page_number)
    except (TypeError, ValueError, OverflowError):
        return 1
    return number if number >= 1 else 1


def dashboard_page(
    *,
    actor: Any,
    care_team: CareTeam,
    filters: DashboardFilters,
    page_number: Any = 1,
    page_size: int = DASHBOARD_PAGE_SIZE,
    now: dt.datetime | None = None,
    record: bool = True,
) -> Page:
    """One page of the dashboard; every patient shown is an audited read.

    One query whatever the page size, and one insert for the audit events: the rows of
    the page (their ids chosen in dashboard order by a subquery over every matching row,
    which computes only what the filter and the sort need), each with its counts, its
    latest score (kept on the enrollment by the questionnaire submission) and the number
    of matching rows. A page past the end costs a count and a second try (the last page),
    as Paginator.get_page would show."""
    now = now or timezone.now()
    number = _page_number(page_number)
    matching = _matching_rows(actor=actor, care_team=care_team, filters=filters, now=now)
    shown = _page_rows(matching, filters, now, number, page_size)
    if shown:
        total: int = shown[0].matching_count  # type: ignore[attr-defined]  # annotated
    else:
        total = matching.count()
        last = max(1, -(-total // page_size))
        if number > last:
            number = last
            shown = _page_rows(matching, filters, now, number, page_size)
    page = Page(shown, number, _CountedPaginator(total, page_size))
    if record:
        access.record_listing(actor, _row_action(filters), shown, purpose="dashboard")
    return page


def _page_rows(
    matching: QuerySet[Enrollment],
    filters: DashboardFilters,
    now: dt.datetime,
    number: int,
    page_size: int,
) -> list[Enrollment]:
    ordered = _in_order(matching, filters, now)
    start = (number - 1) * page_size
    # The care team is fixed, so grouping by it counts every matching row in one group.
    counted = matching.order_by().values("care_team").annotate(n=Count("pk")).values("n")[:1]
    return list(
        Enrollment.objects.filter(pk__in=ordered.values("pk")[start : start + page_size])
        .annotate(
            **_row_figures(now),
            matching_count=Subquery(counted, output_field=IntegerField()),
        )
        .select_related("person", "program", "responsible__person", "latest_score_questionnaire")
        # The row shows titles: the questionnaire's draft (a whole definition) and the
        # program's summary would be read and parsed fifty times for nothing.
        .defer("latest_score_questionnaire__draft_definition", "program__summary")
        .order_by(*_ordering(filters))
    )


def _row_action(filters: DashboardFilters) -> AuditAction:
    return (
        AuditAction.VIEW_REFERRAL
        if filters.status in REFERRAL_STATUSES
        else AuditAction.VIEW_ENROLLMENT
    )


@dataclass(frozen=True)
class DashboardRow:
    """One patient of the page, with the names the table shows in the reader's language."""

    enrollment: Enrollment
    program_title: str
    score_title: str


@dataclass(frozen=True)
class Dashboard:
    page: Page
    rows: list[DashboardRow]
    # Open critical alerts on top (empty on the referral tabs, which show no clinical data).
    critical_alerts: list[CriticalAlertRow]


def dashboard(
    *,
    actor: Any,
    care_team: CareTeam,
    filters: DashboardFilters,
    language: str,
    page_number: Any = 1,
) -> Dashboard:
    """The care-team dashboard: one page of patients and the team's open critical alerts,
    every row shown audited in one insert."""
    page = dashboard_page(
        actor=actor, care_team=care_team, filters=filters, page_number=page_number, record=False
    )
    clinical = filters.status not in REFERRAL_STATUSES
    alerts = (
        _open_critical_alerts(actor=actor, care_team=care_team, language=language)
        if clinical
        else []
    )
    access.record_listings(
        actor,
        [
            (_row_action(filters), list(page.object_list)),
            (AuditAction.VIEW_ALERT, [row.alert for row in alerts]),
        ],
        purpose="dashboard",
    )
    rows = [
        DashboardRow(
            enrollment=row,
            program_title=row.program.title_in(language),
            score_title=(
                row.latest_score_questionnaire.title(language)
                if row.latest_score_questionnaire
                else ""
            ),
        )
        for row in page.object_list
    ]
    return Dashboard(page=page, rows=rows, critical_alerts=alerts)


# Staff-facing names of the critical flags the questionnaires raise (flag codes are
# internal). PHQ-9 item 9 asks about thoughts of death or of hurting oneself.
CRITICAL_FLAG_NAMES = {
    "self-harm-thoughts": _lazy("Thoughts of death or of self-harm"),
}


def critical_flag_name(code: str) -> str:
    return str(CRITICAL_FLAG_NAMES.get(code) or code.replace("-", " ").capitalize())


@dataclass(frozen=True)
class AnswerGiven:
    question: str
    answer: str


def answer_given(response: Any, link_id: str, language: str) -> AnswerGiven:
    """The question behind a flag and the answer the patient gave, in words."""
    from carevillage.questionnaires import engine

    item = engine.items_by_link_id(response.version.definition).get(link_id, {})
    labels = []
    for given in (response.answers or {}).get(link_id) or []:
        option = next(
            (o for o in item.get("answerOption", []) if engine.option_value(o) == given), None
        )
        if option is not None:
            labels.append(engine.option_label(option, language))
        else:
            labels.append(str(next(iter(given.values()), "")))
    return AnswerGiven(engine.localized(item, "text", language), ", ".join(labels))


@dataclass(frozen=True)
class CriticalAlertRow:
    alert: Alert
    enrollment: Enrollment
    what: str
    question: str
    answer: str
    questionnaire: str

    @property
    def raised_at(self) -> dt.datetime:
        return self.alert.raised_at


def open_critical_alerts(
    *, actor: Any, care_team: CareTeam, language: str
) -> list[CriticalAlertRow]:
    """The team's open critical alerts (a patient's answer about self-harm), oldest
    first: what was flagged, the answer given and when. Each one shown is audited."""
    rows = _open_critical_alerts(actor=actor, care_team=care_team, language=language)
    access.record_listing(
        actor, AuditAction.VIEW_ALERT, [row.alert for row in rows], purpose="dashboard"
    )
    return rows


def _open_critical_alerts(
    *, actor: Any, care_team: CareTeam, language: str
) -> list[CriticalAlertRow]:
    alerts = list(
        access.visible(
            actor,
            AuditAction.VIEW_ALERT,
            Alert.objects.filter(
                enrollment__care_team=care_team,
                acknowledged_at__isnull=True,
                reason=AlertReason.CRITICAL_FLAG,
            ),
        )
        .select_related(
            "enrollment__person", "enrollment__program", "response__version__questionnaire"
        )
        .order_by("raised_at", "pk")
    )
    rows = []
    for alert in alerts:
        response = alert.response
        if response is None:  # a critical flag always comes from an answer
            continue
        flags: list[dict[str, Any]] = response.flags or []
        flag = next((f for f in flags if f.get("code") == alert.code), {})
        given = answer_given(response, flag.get("linkId", ""), language)
        rows.append(
            CriticalAlertRow(
                alert=alert,
                enrollment=alert.enrollment,
                what=critical_flag_name(alert.code),
                question=given.question,
                answer=given.answer,
                questionnaire=response.version.questionnaire.title(language),
            )
        )
    return rows


def open_alert_count(*, actor: Any) -> int:
    """Open alerts in all the actor's care teams (a number, no health data)."""
    return (
        access.visible(
            actor, AuditAction.VIEW_ALERT, Alert.objects.filter(acknowledged_at__isnull=True)
        )
        .order_by()
        .count()
    )


@dataclass(frozen=True)
class ReferralChoices:
    care_teams: list[CareTeam]
    programs: list[Any]
    # (care team, [users]) for each of the actor's teams.
    professionals: list[tuple[CareTeam, list[Any]]]


def referral_choices(*, actor: Any) -> ReferralChoices:
    """What a professional may refer to: published programs of their organizations,
    their own care teams, and the professionals in those teams."""
    from carevillage.tenants.models import CareTeamMembership

    from ..models import Program

    teams = referral_teams(actor=actor)
    programs = list(
        Program.objects.filter(
            is_published=True, organization__in={team.organization_id for team in teams}
        ).order_by("slug")
    )
    members: dict[int, list[Any]] = {team.pk: [] for team in teams}
    for membership in (
        CareTeamMembership.objects.filter(care_team__in=[team.pk for team in teams])
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    ):
        members[membership.care_team_id].append(membership.user)
    return ReferralChoices(teams, programs, [(team, members[team.pk]) for team in teams])


# ---------------------------------------------------------------------------------------
# Patient detail: the enrollment's timeline


@dataclass
class TimelineEntry:
    at: dt.datetime | None  # None only for a step whose time was never recorded
    kind: str
    title: str
    by: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)


def _newest_first(timeline: list[TimelineEntry]) -> None:
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    timeline.sort(key=lambda entry: entry.at or oldest, reverse=True)


@dataclass(frozen=True)
class OpenAlert:
    """An open alert on the patient's page, with its name in the reader's language."""

    alert: Alert
    label: str

    @property
    def pk(self) -> int:
        return self.alert.pk

    @property
    def raised_at(self) -> dt.datetime:
        return self.alert.raised_at


@dataclass
class EnrollmentDetail:
    enrollment: Enrollment
    referral_only: bool
    open_alerts: list[OpenAlert]
    timeline: list[TimelineEntry]
    modules_done: int
    modules_total: int
    can_end: bool


def _measurement_alert_label(alert: Alert, language: str) -> str:
    """ "Red: weight rose by 2.3 kg in 3 days (limit 2 kg)", from the finding the alert
    copied when it was raised."""
    detail = alert.detail or {}
    names = detail.get("names") or {}
    name = in_language(names, language) or alert.code
    unit = detail.get("unit", "")
    values = {
        "name": name,
        "value": f"{_localized(detail.get('value'))} {unit}".strip(),
        "limit": f"{_localized(detail.get('limit'))} {unit}".strip(),
        "days": detail.get("days", ""),
    }
    kind = detail.get("kind")
    if kind == "rise":
        finding = _("%(name)s rose by %(value)s in %(days)s days (limit %(limit)s)") % values
    elif kind == "below":
        finding = _("%(name)s %(value)s (limit %(limit)s or lower)") % values
    elif kind == "silence":
        finding = _("no %(name)s reading for %(days)s days") % values
    else:
        finding = _("%(name)s %(value)s (limit %(limit)s or higher)") % values
    level = _("Red") if detail.get("level") == "red" else _("Orange")
    return _("Home measurement, %(level)s: %(finding)s") % {"level": level, "finding": finding}


def _localized(value: Any) -> str:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value or "")
    # "91", "2.3": no trailing zeros of the stored decimal places.
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return formats.number_format(number)


def _alert_label(alert: Alert, language: str) -> str:
    if alert.reason == AlertReason.MEASUREMENT:
        return _measurement_alert_label(alert, language)
    response = alert.response
    if response is None:
        return alert.code
    if alert.reason == "band":
        band = response.band or {}
        label = in_language(band.get("label"), language) if band.get("code") == alert.code else ""
        return _("Result in the band “%(band)s”") % {"band": label or alert.code}
    link_id = next(
        (flag.get("linkId", "") for flag in response.flags or [] if flag.get("code") == alert.code),
        "",
    )
    given = answer_given(response, link_id, language)
    return _("Critical answer: %(flag)s (“%(question)s”: %(answer)s)") % {
        "flag": critical_flag_name(alert.code),
        "question": given.question or "?",
        "answer": given.answer or "–",
    }


def enrollment_for_staff(*, actor: Any, enrollment_id: int, purpose: str) -> Enrollment:
    """One enrollment for its care team: 404 (and a denied audit event) for anyone else."""
    enrollment = (
        Enrollment.objects.select_related(
            "program", "person", "care_team__organization", "responsible", "referred_by"
        )
        .filter(pk=enrollment_id)
        .first()
    )
    if enrollment is None:
        raise access.AccessDenied
    action = (
        AuditAction.VIEW_REFERRAL
        if enrollment.status in REFERRAL_STATUSES
        else AuditAction.VIEW_ENROLLMENT
    )
    access.require(actor, action, enrollment, purpose=purpose)
    return enrollment


def enrollment_detail(*, actor: Any, enrollment_id: int, language: str) -> EnrollmentDetail:
    enrollment = enrollment_for_staff(
        actor=actor, enrollment_id=enrollment_id, purpose="patient detail"
    )
    timeline: list[TimelineEntry] = []
    if enrollment.invited_at:
        timeline.append(
            TimelineEntry(
                enrollment.invited_at,
                "invited",
                _("Invited to the program"),
                by=enrollment.referred_by.display_name() if enrollment.referred_by else "",
                lines=[(_("Message"), enrollment.referral_message)]
                if enrollment.referral_message
                else [],
            )
        )
    if enrollment.status == EnrollmentStatus.DECLINED and enrollment.responded_at:
        timeline.append(
            TimelineEntry(enrollment.responded_at, "declined", _("Declined the invitation"))
        )
    referral_only = enrollment.status in REFERRAL_STATUSES
    modules = list(enrollment.program.modules.all())
    if referral_only:
        _newest_first(timeline)
        return EnrollmentDetail(enrollment, True, [], timeline, 0, len(modules), False)

    if enrollment.source == "self":
        timeline.append(
            TimelineEntry(enrollment.started_at, "started", _("Joined the program themselves"))
        )
    else:
        timeline.append(
            TimelineEntry(
                enrollment.responded_at or enrollment.started_at,
                "accepted",
                _("Accepted the invitation"),
            )
        )
    titles = {module.pk: module.title_in(language) for module in modules}
    completions = list(enrollment.module_completions.all())
    for completion in completions:
        timeline.append(
            TimelineEntry(
                completion.completed_at,
                "module",
                _("Completed module: %(title)s") % {"title": titles.get(completion.module_id)},
            )
        )

    answers = list(
        access.visible(
            actor,
            AuditAction.VIEW_EXERCISE_ANSWER,
            ExerciseAnswer.objects.filter(enrollment=enrollment),
        ).select_related("exercise__module")
    )
    access.record_listing(
        actor, AuditAction.VIEW_EXERCISE_ANSWER, answers, purpose="patient detail"
    )
    for answer in answers:
        exercise = answer.exercise
        if exercise.kind == ExerciseKind.FREE_TEXT:
            lines = [(in_language(exercise.prompt, language), answer.answers.get("text", ""))]
        else:
            lines = [(in_language(exercise.prompt, language), "")] + [
                (in_language(spec.get("label"), language), answer.answers.get(spec["name"], ""))
                for spec in exercise.fields
            ]
        timeline.append(
            TimelineEntry(
                answer.submitted_at,
                "exercise",
                _("Answered an exercise in module: %(title)s")
                % {"title": titles.get(exercise.module_id)},
                lines=lines,
            )
        )

    tasks = list(
        access.visible(
            actor,
            AuditAction.VIEW_ENROLLMENT_TASK,
            EnrollmentTask.objects.filter(enrollment=enrollment, status=TaskStatus.COMPLETED),
        ).select_related("scheduled_questionnaire__questionnaire", "measurement_task")
    )
    access.record_listing(actor, AuditAction.VIEW_ENROLLMENT_TASK, tasks, purpose="patient detail")
    responses = {
        response.pk: response
        for response in access.visible(
            actor,
            AuditAction.VIEW_QUESTIONNAIRE_RESPONSE,
            QuestionnaireResponse.objects.filter(
                pk__in=[task.response_id for task in tasks if task.response_id]
            ),
        )
    }
    access.record_listing(
        actor,
        AuditAction.VIEW_QUESTIONNAIRE_RESPONSE,
        list(responses.values()),
        purpose="patient detail",
    )
    for task in tasks:
        measurement, rule = task.measurement_task, task.scheduled_questionnaire
        if task.kind == TaskKind.MEASUREMENT and measurement is not None:
            timeline.append(
                TimelineEntry(
                    task.completed_at,
                    "measurement",
                    _("Measurement done: %(kind)s") % {"kind": measurement.get_kind_display()},
                )
            )
            continue
        if rule is None:
            continue
        questionnaire = rule.questionnaire
        response = responses.get(task.response_id) if task.response_id else None
        lines = []
        if response is not None:
            band = response.band or {}
            if task.score is not None:
                lines.append((_("Score"), f"{task.score:g}"))
            if band:
                lines.append((_("Result band"), in_language(band.get("label"), language)))
        timeline.append(
            TimelineEntry(
                task.completed_at,
                "questionnaire",
                _("Answered %(questionnaire)s") % {"questionnaire": questionnaire.title(language)},
                lines=lines,
            )
        )

    alerts = list(
        access.visible(actor, AuditAction.VIEW_ALERT, Alert.objects.filter(enrollment=enrollment))
        .select_related("response__version", "acknowledged_by")
        .order_by("-raised_at", "-pk")
    )
    access.record_listing(actor, AuditAction.VIEW_ALERT, alerts, purpose="patient detail")
    open_alerts = []
    for alert in alerts:
        label = _alert_label(alert, language)
        if alert.is_open:
            open_alerts.append(OpenAlert(alert, label))
        timeline.append(
            TimelineEntry(alert.raised_at, "alert", _("Alert raised: %(what)s") % {"what": label})
        )
        if alert.acknowledged_at:
            timeline.append(
                TimelineEntry(
                    alert.acknowledged_at,
                    "acknowledged",
                    _("Alert acknowledged: %(what)s") % {"what": label},
                    by=alert.acknowledged_by.display_name() if alert.acknowledged_by else "",
                    lines=[(_("Note"), alert.note)],
                )
            )

    if enrollment.ended_at:
        title = (
            _("Program completed")
            if enrollment.status == EnrollmentStatus.COMPLETED
            else _("Program discontinued")
        )
        timeline.append(
            TimelineEntry(
                enrollment.ended_at,
                "ended",
                title,
                by=enrollment.ended_by.display_name() if enrollment.ended_by else "",
                lines=[(_("Reason"), enrollment.end_reason)] if enrollment.end_reason else [],
            )
        )
    _newest_first(timeline)
    return EnrollmentDetail(
        enrollment=enrollment,
        referral_only=False,
        open_alerts=open_alerts,
        timeline=timeline,
        modules_done=len(completions),
        modules_total=len(modules),
        can_end=enrollment.status == EnrollmentStatus.ACTIVE,
    )


def teams_running_active_enrollments(*, person: Any) -> QuerySet:
    """Ids of the care teams running the person's active enrollments: the person may
    write to them (messaging) as to a team they are registered with."""
    return Enrollment.objects.filter(person=person, status=EnrollmentStatus.ACTIVE).values(
        "care_team"
    )
