"""`make bench`: free-time search of a team of 20 professionals over 8 weeks with 5,000
booked appointments (issue 17's goal: p95 under 100 ms).

`carevillage.scheduling.availability.free_times` is a pure function of the rules, the
exceptions, the bookings and now, so the bench calls it directly with the load in
memory: what it measures is the computation the booking page waits for, not the
database. Two searches are timed: the whole 8-week horizon, and one week (what the
booking page asks for at a time). Reports p50 and p95 over repeated runs.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from carevillage.scheduling.availability import Busy, Offer, free_times  # noqa: E402

PROFESSIONALS = int(os.environ.get("BENCH_PROFESSIONALS", "20"))
BOOKINGS = int(os.environ.get("BENCH_BOOKINGS", "5000"))
WEEKS = 8
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
ZONE = "Europe/Helsinki"


@dataclass
class Rule:
    professional_id: int
    weekday: int
    start_time: dt.time
    end_time: dt.time
    time_zone: str
    valid_from: dt.date
    valid_until: dt.date | None = None


@dataclass
class Closed:
    professional_id: int
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def load(now: dt.datetime) -> tuple[list[Rule], list[Closed], list[Busy]]:
    """Weekday open times 8–16 for each professional, one day off each, and 5,000
    30-minute bookings on the half hours of those open times."""
    rng = random.Random(17)
    rules = [
        Rule(pro, weekday, dt.time(8), dt.time(16), ZONE, now.date() - dt.timedelta(days=7))
        for pro in range(PROFESSIONALS)
        for weekday in range(5)
    ]
    closed = [
        Closed(
            pro,
            "closed",
            now + dt.timedelta(days=rng.randrange(1, 7 * WEEKS)),
            now + dt.timedelta(days=rng.randrange(1, 7 * WEEKS), hours=8),
        )
        for pro in range(PROFESSIONALS)
    ]
    closed = [c for c in closed if c.ends_at > c.starts_at]
    taken: set[tuple[int, dt.datetime]] = set()
    start_day = (now + dt.timedelta(days=1)).date()
    while len(taken) < BOOKINGS:
        day = start_day + dt.timedelta(days=rng.randrange(7 * WEEKS))
        if day.weekday() >= 5:
            continue
        at = dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC) + dt.timedelta(
            minutes=30 * rng.randrange(16)
        )
        taken.add((rng.randrange(PROFESSIONALS), at))
    bookings = [Busy(pro, at, at + dt.timedelta(minutes=30)) for pro, at in taken]
    return rules, closed, bookings


def timed(search) -> tuple[float, float, int]:  # noqa: ANN001
    times, found = [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        found = len(search())
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], found


def main() -> None:
    now = dt.datetime(2026, 12, 4, 7, 0, tzinfo=dt.UTC)
    rules, closed, bookings = load(now)
    offer = Offer(
        duration=dt.timedelta(minutes=30),
        buffer_after=dt.timedelta(minutes=5),
        minimum_notice=dt.timedelta(hours=2),
        horizon=dt.timedelta(weeks=WEEKS),
    )
    print(
        f"free times: {PROFESSIONALS} professionals, {WEEKS} weeks, "
        f"{len(bookings)} bookings, {RUNS} runs each"
    )
    for label, start, end in (
        ("whole horizon (8 weeks)", None, None),
        ("one week (the booking page)", now + dt.timedelta(weeks=3), now + dt.timedelta(weeks=4)),
    ):
        p50, p95, found = timed(
            lambda start=start, end=end: free_times(
                rules, closed, bookings, offer, now, start=start, end=end
            )
        )
        goal = "goal p95 < 100 ms: " + ("met" if p95 < 100 else "NOT met")
        print(f"  {label}: {found} free times, p50 {p50:.1f} ms, p95 {p95:.1f} ms ({goal})")


if __name__ == "__main__":
    main()
