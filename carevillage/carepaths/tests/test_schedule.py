"""Schedules run on the patient's local calendar: across daylight-saving changes and time
zones, a task day starts at local midnight and a weekly reminder keeps its local hour.

The clock is frozen with time-machine. Daylight-saving dates: the EU changes on the last
Sunday of March and of October at 01:00 UTC (Directive 2000/84/EC), in 2026 on 29 March
and 25 October; Helsinki is UTC+2 in winter and UTC+3 in summer. The US changes on the
second Sunday of March and the first Sunday of November (Energy Policy Act of 2005).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from carevillage.carepaths.enrollments import schedule, services
from carevillage.carepaths.enrollments.schedule import TaskTiming, task_timing
from carevillage.carepaths.models import (
    EnrollmentTask,
    MeasurementKind,
    MeasurementTask,
    Module,
    ScheduledQuestionnaire,
    TaskKind,
    TaskStatus,
    UnlockRule,
)
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.identity.tests.factories import make_person

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
UTC = dt.UTC


def at(zone: zoneinfo.ZoneInfo, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=zone)


def questionnaire_tasks(enrollment) -> list[EnrollmentTask]:  # noqa: ANN001
    return list(enrollment.tasks.filter(kind=TaskKind.QUESTIONNAIRE).order_by("day"))


def accept_at(world, instant: dt.datetime, time_zone: str = "Europe/Helsinki"):  # noqa: ANN001, ANN201
    with time_machine.travel(instant, tick=False):
        return refer_and_accept(world, time_zone=time_zone)


# --- weekly reminders across daylight-saving changes ----------------------------------


@pytest.mark.parametrize(
    ("start", "utc_hours"),
    [
        # Spring: 09:00 EET is 07:00 UTC, 09:00 EEST (from 29 March) is 06:00 UTC.
        (at(HELSINKI, 2026, 3, 16, 8, 0), [7, 7, 6, 6]),
        # Autumn: 09:00 EEST is 06:00 UTC, 09:00 EET (from 25 October) is 07:00 UTC.
        (at(HELSINKI, 2026, 10, 12, 8, 0), [6, 6, 7, 7]),
    ],
    ids=["last-sunday-of-march", "last-sunday-of-october"],
)
def test_weekly_phq9_reminder_stays_at_nine_in_helsinki_across_the_change(start, utc_hours):
    world = make_world(duration_days=21)
    enrollment = accept_at(world, start)

    tasks = questionnaire_tasks(enrollment)

    assert [task.day for task in tasks] == [0, 7, 14, 21]
    assert [task.remind_at.astimezone(HELSINKI).time() for task in tasks] == [dt.time(9, 0)] * 4
    assert [task.remind_at.astimezone(UTC).hour for task in tasks] == utc_hours
    # Each week is 7 calendar days apart locally, whatever the number of hours.
    local_days = [task.remind_at.astimezone(HELSINKI).date() for task in tasks]
    assert [(b - a).days for a, b in zip(local_days, local_days[1:], strict=False)] == [7, 7, 7]


def test_a_week_across_the_spring_change_is_one_hour_shorter_in_utc():
    world = make_world(duration_days=14)
    enrollment = accept_at(world, at(HELSINKI, 2026, 3, 23, 8, 0))

    first, second, _third = questionnaire_tasks(enrollment)

    assert second.remind_at - first.remind_at == dt.timedelta(days=7, hours=-1)
    assert second.remind_at == dt.datetime(2026, 3, 30, 6, 0, tzinfo=UTC)


# --- the same instant in two zones -----------------------------------------------------


def test_enrollments_started_at_the_same_instant_in_new_york_and_oslo_start_on_different_days():
    world = make_world(duration_days=14)
    # 02:30 UTC on 10 June: 04:30 on 10 June in Oslo (UTC+2), 22:30 on 9 June in New York
    # (UTC-4).
    instant = dt.datetime(2026, 6, 10, 2, 30, tzinfo=UTC)
    oslo = accept_at(world, instant, time_zone="Europe/Oslo")
    world.patient = make_person("Nora", "Newyork")
    new_york = accept_at(world, instant, time_zone="America/New_York")

    oslo_day0 = questionnaire_tasks(oslo)[0]
    new_york_day0 = questionnaire_tasks(new_york)[0]

    assert oslo_day0.available_at.astimezone(oslo.zone).date() == dt.date(2026, 6, 10)
    assert new_york_day0.available_at.astimezone(new_york.zone).date() == dt.date(2026, 6, 9)
    assert oslo_day0.available_at == dt.datetime(2026, 6, 9, 22, 0, tzinfo=UTC)
    assert new_york_day0.available_at == dt.datetime(2026, 6, 9, 4, 0, tzinfo=UTC)
    # Module 2 (day 7) opens at each one's own local midnight: 18 hours apart.
    opens = {
        name: schedule.day_start(
            schedule.start_date(enrollment.started_at, enrollment.zone), 7, enrollment.zone
        )
        for name, enrollment in (("oslo", oslo), ("new_york", new_york))
    }
    assert opens["oslo"] == dt.datetime(2026, 6, 16, 22, 0, tzinfo=UTC)
    assert opens["new_york"] == dt.datetime(2026, 6, 16, 4, 0, tzinfo=UTC)


# --- windows across a change -----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "due", "hours"),
    [
        # Saturday 28 March: the window holds the 23-hour Sunday.
        (at(HELSINKI, 2026, 3, 28, 10, 0), dt.datetime(2026, 3, 30, 21, 0, tzinfo=UTC), 71),
        # Saturday 24 October: the window holds the 25-hour Sunday.
        (at(HELSINKI, 2026, 10, 24, 10, 0), dt.datetime(2026, 10, 26, 22, 0, tzinfo=UTC), 73),
    ],
    ids=["spring", "autumn"],
)
def test_a_three_day_window_across_a_change_still_ends_at_local_midnight(start, due, hours):
    world = make_world(duration_days=6)
    enrollment = accept_at(world, start)

    day0 = questionnaire_tasks(enrollment)[0]

    assert day0.due_at == due
    local_due = day0.due_at.astimezone(HELSINKI)
    assert (local_due.date(), local_due.time()) == (start.date() + dt.timedelta(days=3), dt.time(0))
    assert day0.available_at.astimezone(HELSINKI).time() == dt.time(0)
    assert day0.due_at - day0.available_at == dt.timedelta(hours=hours)


# --- unlocking modules -----------------------------------------------------------------


def test_a_day_seven_module_opens_at_local_midnight_and_not_a_second_earlier():
    world = make_world(duration_days=28)
    # Wednesday 25 March, before the change; day 7 is Wednesday 1 April, after it, so
    # local midnight is 21:00 UTC (UTC+3), not 22:00.
    enrollment = accept_at(world, at(HELSINKI, 2026, 3, 25, 12, 0))
    module = Module.objects.get(program=world.program, position=2)
    assert module.unlock_day == 7
    exercise = module.exercises.get()
    midnight = dt.datetime(2026, 3, 31, 21, 0, tzinfo=UTC)

    with time_machine.travel(midnight - dt.timedelta(seconds=1), tick=False):
        with pytest.raises(services.CarePathError, match="not open yet"):
            services.answer_exercise(
                actor=world.patient.user,
                enrollment=enrollment,
                exercise=exercise,
                data={"text": "Too early"},
            )
    assert not enrollment.exercise_answers.exists()

    with time_machine.travel(midnight, tick=False):
        services.answer_exercise(
            actor=world.patient.user,
            enrollment=enrollment,
            exercise=exercise,
            data={"text": "Right on time"},
        )
        services.complete_module(actor=world.patient.user, enrollment=enrollment, module=module)

    assert enrollment.module_completions.filter(module=module).exists()
    assert midnight.astimezone(HELSINKI) == at(HELSINKI, 2026, 4, 1, 0, 0)


def test_after_previous_modules_open_only_when_the_one_before_is_completed():
    world = make_world(duration_days=28)
    Module.objects.filter(program=world.program).update(
        unlock_rule=UnlockRule.AFTER_PREVIOUS, unlock_day=0
    )
    enrollment = accept_at(world, at(HELSINKI, 2026, 5, 4, 12, 0))
    first, second, third = Module.objects.filter(program=world.program).order_by("position")
    patient = world.patient.user

    def opened(now: dt.datetime) -> list[bool]:
        completions = dict(enrollment.module_completions.values_list("module_id", "completed_at"))
        return [
            state.unlocked
            for state in schedule.module_states(
                enrollment=enrollment,
                modules=[first, second, third],
                completions=completions,
                now=now,
            )
        ]

    # Weeks pass: time alone opens nothing after the first.
    later = at(HELSINKI, 2026, 5, 30, 12, 0)
    assert opened(later) == [True, False, False]
    with time_machine.travel(later, tick=False):
        with pytest.raises(services.CarePathError, match="not open yet"):
            services.answer_exercise(
                actor=patient,
                enrollment=enrollment,
                exercise=second.exercises.get(),
                data={"text": "Skipping ahead"},
            )
        services.answer_exercise(
            actor=patient, enrollment=enrollment, exercise=first.exercises.get(), data={"text": "x"}
        )
        assert opened(later) == [True, False, False]  # answered, not yet marked done
        services.complete_module(actor=patient, enrollment=enrollment, module=first)

    assert opened(later) == [True, True, False]


# --- which tasks exist -----------------------------------------------------------------


def test_no_task_is_created_after_last_day_or_after_the_program_ends():
    world = make_world(duration_days=20)
    ScheduledQuestionnaire.objects.filter(program=world.program).update(last_day=10)
    MeasurementTask.objects.create(
        program=world.program, kind=MeasurementKind.WEIGHT, first_day=0, every_days=7
    )
    MeasurementTask.objects.create(
        program=world.program, kind=MeasurementKind.SLEEP, first_day=21, every_days=None
    )
    MeasurementTask.objects.create(
        program=world.program, kind=MeasurementKind.STEPS, first_day=20, every_days=None
    )
    enrollment = accept_at(world, at(HELSINKI, 2026, 2, 2, 9, 30))

    days = {
        kind: sorted(
            enrollment.tasks.filter(measurement_task__kind=kind).values_list("day", flat=True)
        )
        for kind in (MeasurementKind.WEIGHT, MeasurementKind.SLEEP, MeasurementKind.STEPS)
    }
    assert [task.day for task in questionnaire_tasks(enrollment)] == [0, 7]  # last_day 10
    assert days[MeasurementKind.WEIGHT] == [0, 7, 14]  # 21 is after the 20 days
    assert days[MeasurementKind.SLEEP] == []  # a one-off on day 21 of 20
    assert days[MeasurementKind.STEPS] == [20]  # "at the end" is the last day itself
    last = enrollment.tasks.order_by("-due_at").first()
    assert last.available_at.astimezone(HELSINKI).date() == dt.date(2026, 2, 22)


# --- due and overdue -------------------------------------------------------------------


def test_a_task_is_upcoming_then_due_then_overdue_at_local_midnights():
    world = make_world(duration_days=14)
    enrollment = accept_at(world, at(HELSINKI, 2026, 3, 23, 8, 0))
    week1 = questionnaire_tasks(enrollment)[1]  # Monday 30 March, after the change

    def timing(now: dt.datetime, task: EnrollmentTask = week1) -> str:
        return task_timing(
            status=task.status, available_at=task.available_at, due_at=task.due_at, now=now
        )

    assert timing(at(HELSINKI, 2026, 3, 29, 23, 59, 59)) == TaskTiming.UPCOMING
    assert timing(at(HELSINKI, 2026, 3, 30, 0, 0)) == TaskTiming.DUE
    assert timing(at(HELSINKI, 2026, 4, 1, 23, 59, 59)) == TaskTiming.DUE
    assert timing(at(HELSINKI, 2026, 4, 2, 0, 0)) == TaskTiming.OVERDUE

    services.end_enrollment(
        actor=world.doctor, enrollment=enrollment, status="discontinued", reason="Moved away"
    )
    week1.refresh_from_db()
    assert week1.status == TaskStatus.CANCELLED
    assert timing(at(HELSINKI, 2026, 4, 5, 12, 0)) == TaskTiming.CANCELLED


def test_a_day_that_has_no_midnight_opens_at_its_first_instant():
    # Chile moves its clocks from 24:00 to 01:00 on the first Sunday of September (2026:
    # 6 September, per the IANA time zone database): that day has no 00:00.
    santiago = zoneinfo.ZoneInfo("America/Santiago")
    times = schedule.task_times(
        start=dt.date(2026, 9, 5), day=1, window_days=1, reminder_time=dt.time(0, 0), zone=santiago
    )

    assert times.available_at == dt.datetime(2026, 9, 6, 4, 0, tzinfo=UTC)
    assert times.available_at.astimezone(santiago).time() == dt.time(1, 0)
    assert (times.available_at - dt.timedelta(seconds=1)).astimezone(santiago).date() == dt.date(
        2026, 9, 5
    )
    assert times.remind_at == times.available_at
    assert times.due_at.astimezone(santiago) == at(santiago, 2026, 9, 7, 0, 0)


def test_a_reminder_time_skipped_by_the_spring_change_goes_out_after_the_gap():
    # 03:30 does not exist in Helsinki on 29 March 2026 (03:00 -> 04:00): the reminder
    # goes at 04:30 summer time, an hour later by the clock, not on another day.
    times = schedule.task_times(
        start=dt.date(2026, 3, 29),
        day=0,
        window_days=1,
        reminder_time=dt.time(3, 30),
        zone=HELSINKI,
    )

    assert times.remind_at.astimezone(HELSINKI) == at(HELSINKI, 2026, 3, 29, 4, 30)
    assert times.available_at < times.remind_at < times.due_at
