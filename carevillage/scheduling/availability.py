"""Free times: a pure function of the weekly rules, the one-off exceptions, the bookings
and now. Nothing here reads the database or the clock, so every case is a unit test.

- A rule is wall-clock hours on a weekday in its own time zone: Mondays 9–12 in
  Europe/Helsinki is 07–10 UTC in summer and 08–11 UTC in winter, and a night that
  loses or gains an hour at the change to or from summer time is that much shorter or
  longer (`zoneinfo` does the arithmetic; times are compared in UTC).
- An exception closes a stretch (a holiday, a sick day) or opens an extra one.
- A visit takes its length plus the type's buffers before and after; the buffers must
  fit in the open time, and a visit may not overlap another booking or that booking's
  buffers (two buffers may overlap each other: both are the professional's own time).
- A group type (capacity N) offers a time until N people have booked that same time.
- Only times at least the minimum notice from now and within the horizon are offered.
"""

from __future__ import annotations

import bisect
import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

UTC = dt.UTC


class RuleLike(Protocol):
    professional_id: Any
    weekday: int
    start_time: dt.time
    end_time: dt.time
    time_zone: str
    valid_from: dt.date
    valid_until: dt.date | None


class ExceptionLike(Protocol):
    professional_id: Any
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass(frozen=True)
class Busy:
    """A booking holding a professional's time (with its own type's buffers)."""

    professional_id: Any
    starts_at: dt.datetime
    ends_at: dt.datetime
    appointment_type_id: Any = None
    buffer_before: dt.timedelta = dt.timedelta(0)
    buffer_after: dt.timedelta = dt.timedelta(0)


@dataclass(frozen=True)
class Offer:
    """What the computation needs of an appointment type."""

    duration: dt.timedelta
    buffer_before: dt.timedelta = dt.timedelta(0)
    buffer_after: dt.timedelta = dt.timedelta(0)
    minimum_notice: dt.timedelta = dt.timedelta(0)
    horizon: dt.timedelta = dt.timedelta(days=56)
    capacity: int = 1
    appointment_type_id: Any = None

    @classmethod
    def of(cls, appointment_type: Any) -> Offer:
        return cls(
            duration=appointment_type.duration,
            buffer_before=appointment_type.buffer_before,
            buffer_after=appointment_type.buffer_after,
            minimum_notice=appointment_type.minimum_notice,
            horizon=appointment_type.horizon,
            capacity=appointment_type.capacity,
            appointment_type_id=appointment_type.pk,
        )


@dataclass(frozen=True)
class FreeTime:
    professional_id: Any
    starts_at: dt.datetime
    ends_at: dt.datetime
    places_left: int = 1


Interval = tuple[dt.datetime, dt.datetime]


def _local(day: dt.date, time: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A wall-clock time of a day in a zone, in UTC. A time that does not exist (the hour
    skipped in spring) is read with the offset before the change, as zoneinfo does."""
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(UTC)


def rule_intervals(rule: RuleLike, start: dt.datetime, end: dt.datetime) -> list[Interval]:
    """The rule's open stretches (UTC) that touch [start, end)."""
    zone = zoneinfo.ZoneInfo(rule.time_zone)
    first = start.astimezone(zone).date() - dt.timedelta(days=1)
    last = end.astimezone(zone).date() + dt.timedelta(days=1)
    found: list[Interval] = []
    day = first
    while day <= last:
        if (
            day.weekday() == rule.weekday
            and day >= rule.valid_from
            and (rule.valid_until is None or day <= rule.valid_until)
        ):
            opens, closes = _local(day, rule.start_time, zone), _local(day, rule.end_time, zone)
            if opens < end and closes > start and closes > opens:
                found.append((opens, closes))
        day += dt.timedelta(days=1)
    return found


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching stretches as one."""
    merged: list[Interval] = []
    for opens, closes in sorted(intervals):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def subtract(intervals: Sequence[Interval], holes: Sequence[Interval]) -> list[Interval]:
    """`intervals` without the stretches in `holes`."""
    result: list[Interval] = []
    for opens, closes in intervals:
        pieces = [(opens, closes)]
        for hole_start, hole_end in holes:
            next_pieces: list[Interval] = []
            for a, b in pieces:
                if hole_end <= a or hole_start >= b:
                    next_pieces.append((a, b))
                    continue
                if hole_start > a:
                    next_pieces.append((a, hole_start))
                if hole_end < b:
                    next_pieces.append((hole_end, b))
            pieces = next_pieces
        result.extend(pieces)
    return result


def _overlaps(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def free_times(
    rules: Iterable[RuleLike],
    exceptions: Iterable[ExceptionLike],
    bookings: Iterable[Busy],
    offer: Offer,
    now: dt.datetime,
    *,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> list[FreeTime]:
    """Every free time of the offer, earliest first (then by professional).

    `rules` and `exceptions` are those of the professionals (and team) in question;
    `start`/`end` narrow the search (a week's page), never beyond notice and horizon.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    earliest = now + offer.minimum_notice
    latest = now + offer.horizon
    if start is not None:
        earliest = max(earliest, start)
    if end is not None:
        latest = min(latest, end)
    if latest < earliest:
        return []
    # Open stretches may begin a buffer earlier than the first visit they hold.
    search = (earliest - offer.buffer_before, latest + offer.duration + offer.buffer_after)

    opened: dict[Any, list[Interval]] = {}
    for rule in rules:
        opened.setdefault(rule.professional_id, []).extend(rule_intervals(rule, *search))
    closed: dict[Any, list[Interval]] = {}
    for exception in exceptions:
        stretch = (exception.starts_at.astimezone(UTC), exception.ends_at.astimezone(UTC))
        target = closed if exception.kind == "closed" else opened
        target.setdefault(exception.professional_id, []).append(stretch)
    busy: dict[Any, list[Busy]] = {}
    for booking in bookings:
        busy.setdefault(booking.professional_id, []).append(booking)

    step = offer.buffer_before + offer.duration + offer.buffer_after
    found: list[FreeTime] = []
    for professional_id, stretches in opened.items():
        open_times = subtract(merge(stretches), merge(closed.get(professional_id, [])))
        held = _Held(busy.get(professional_id, []))
        for opens, closes in open_times:
            visit_start = opens + offer.buffer_before
            while visit_start + offer.duration + offer.buffer_after <= closes:
                if earliest <= visit_start <= latest:
                    places = _places_left(offer, visit_start, held.near(offer, visit_start))
                    if places > 0:
                        found.append(
                            FreeTime(
                                professional_id, visit_start, visit_start + offer.duration, places
                            )
                        )
                visit_start += step
    found.sort(key=lambda free: (free.starts_at, str(free.professional_id)))
    return found


class _Held:
    """A professional's bookings in start order, to find the few near a time by bisection
    (a team's eight weeks hold thousands of bookings; each time meets only a handful)."""

    def __init__(self, bookings: Sequence[Busy]) -> None:
        self.bookings = sorted(bookings, key=lambda booking: booking.starts_at)
        self.starts = [booking.starts_at for booking in self.bookings]
        # The longest a booking reaches after its start (length plus buffer after) and
        # before it (buffer before): what bounds the search.
        self.reach_after = max(
            (b.ends_at - b.starts_at + b.buffer_after for b in self.bookings),
            default=dt.timedelta(0),
        )
        self.reach_before = max((b.buffer_before for b in self.bookings), default=dt.timedelta(0))

    def near(self, offer: Offer, visit_start: dt.datetime) -> Sequence[Busy]:
        if not self.bookings:
            return ()
        lowest = visit_start - offer.buffer_before - self.reach_after
        highest = visit_start + offer.duration + offer.buffer_after + self.reach_before
        return self.bookings[
            bisect.bisect_left(self.starts, lowest) : bisect.bisect_right(self.starts, highest)
        ]


def _places_left(offer: Offer, visit_start: dt.datetime, held: Sequence[Busy]) -> int:
    visit = (visit_start, visit_start + offer.duration)
    with_buffers = (visit[0] - offer.buffer_before, visit[1] + offer.buffer_after)
    taken = 0
    for booking in held:
        booked = (booking.starts_at, booking.ends_at)
        booked_with_buffers = (
            booking.starts_at - booking.buffer_before,
            booking.ends_at + booking.buffer_after,
        )
        if not (_overlaps(with_buffers, booked) or _overlaps(visit, booked_with_buffers)):
            continue
        same_session = (
            offer.capacity > 1
            and booking.appointment_type_id == offer.appointment_type_id
            and booking.starts_at == visit_start
        )
        if not same_session:
            return 0
        taken += 1
    return max(offer.capacity - taken, 0)
