"""When things happen in an enrollment: pure functions of the start, the zone and a clock.

Days count from the local date on which the enrollment started (day 0). A task's day
opens at local midnight, its reminder goes out at the program's reminder time on that
day, and it is due at the local midnight that ends its window. Arithmetic is done on
local dates and converted to UTC at the end, so a weekly task keeps its local time of
day across daylight-saving changes (a 23- or 25-hour day is still one day).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from ..models import Enrollment, Module, TaskStatus, UnlockRule


@dataclass(frozen=True)
class TaskTimes:
    available_at: dt.datetime
    remind_at: dt.datetime
    due_at: dt.datetime


def _local(day: dt.date, at: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The UTC instant of a local wall-clock time (fold=0, PEP 495: a time repeated by an
    autumn change is its first occurrence; a time skipped in spring lands after the gap).
    Nordic zones change at 03:00/04:00 local, so midnight and daytime reminders are
    never ambiguous there."""
    return dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)


def start_date(started_at: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.date:
    return started_at.astimezone(zone).date()


def day_start(start: dt.date, day: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return _local(start + dt.timedelta(days=day), dt.time(0, 0), zone)


def task_times(
    *,
    start: dt.date,
    day: int,
    window_days: int,
    reminder_time: dt.time,
    zone: zoneinfo.ZoneInfo,
) -> TaskTimes:
    available = day_start(start, day, zone)
    remind = _local(start + dt.timedelta(days=day), reminder_time, zone)
    due = day_start(start, day + max(window_days, 1), zone)
    return TaskTimes(available_at=available, remind_at=max(remind, available), due_at=due)


@dataclass(frozen=True)
class ModuleState:
    module: Module
    unlocked: bool
    completed_at: dt.datetime | None
    # For a module that unlocks on a day: when (UTC). None for "after the previous one".
    unlocks_at: dt.datetime | None

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


def module_states(
    *,
    enrollment: Enrollment,
    modules: list[Module],
    completions: dict[int, dt.datetime],
    now: dt.datetime,
) -> list[ModuleState]:
    """Each module of the program in order: unlocked?, completed when?

    A day module unlocks at local midnight of its day; an "after previous" module when
    the module before it is completed (the first module of a program is open from day 0).
    Nothing unlocks before the enrollment has started.
    """
    states: list[ModuleState] = []
    started = enrollment.started_at
    start = start_date(started, enrollment.zone) if started else None
    previous_done = True
    for module in modules:
        unlocks_at = None
        if start is None:
            unlocked = False
        elif module.unlock_rule == UnlockRule.ON_DAY:
            unlocks_at = day_start(start, module.unlock_day, enrollment.zone)
            unlocked = now >= unlocks_at
        else:
            unlocked = previous_done
        completed_at = completions.get(module.pk)
        # A completed module stays open to re-read even if rules would now say otherwise.
        states.append(
            ModuleState(module, unlocked or completed_at is not None, completed_at, unlocks_at)
        )
        previous_done = completed_at is not None
    return states


class TaskTiming:
    """Where an open task stands at a moment (what the patient's list and the dashboard
    show): not open yet, open to do, or past its window."""

    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"
    CANCELLED = "cancelled"


def task_timing(
    *, status: str, available_at: dt.datetime, due_at: dt.datetime, now: dt.datetime
) -> str:
    """A task is due from local midnight of its day (`available_at`) until the local
    midnight that ends its window (`due_at`, exclusive); an open task after that is
    overdue. A done or cancelled task stays so whatever the clock says."""
    if status == TaskStatus.COMPLETED:
        return TaskTiming.DONE
    if status == TaskStatus.CANCELLED:
        return TaskTiming.CANCELLED
    if now < available_at:
        return TaskTiming.UPCOMING
    if now < due_at:
        return TaskTiming.DUE
    return TaskTiming.OVERDUE
