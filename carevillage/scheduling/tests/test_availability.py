"""Free-time computation: a pure function, tested without a database."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import pytest

from carevillage.scheduling.availability import Busy, Offer, free_times

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
UTC = dt.UTC
MIN = dt.timedelta(minutes=1)


@dataclass
class Rule:
    weekday: int
    start_time: dt.time
    end_time: dt.time
    time_zone: str = "Europe/Helsinki"
    professional_id: int = 1
    valid_from: dt.date = dt.date(2026, 1, 1)
    valid_until: dt.date | None = None


@dataclass
class Exception_:
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    professional_id: int = 1


def at(year, month, day, hour, minute=0, zone=HELSINKI) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=zone)


def local_starts(found, zone=HELSINKI) -> list[str]:
    return [free.starts_at.astimezone(zone).strftime("%a %d.%m %H:%M") for free in found]


# Monday 2 March 2026, a week far from any change of time.
MONDAY = dt.date(2026, 3, 2)
NOW = at(2026, 2, 27, 12)  # the Friday before
HALF_HOUR = Offer(duration=30 * MIN)


def test_a_weekly_rule_gives_its_hours_in_steps_of_the_visit_length():
    rules = [Rule(0, dt.time(9), dt.time(11))]
    found = free_times(rules, [], [], HALF_HOUR, NOW, end=at(2026, 3, 3, 0))
    assert local_starts(found) == [
        "Mon 02.03 09:00",
        "Mon 02.03 09:30",
        "Mon 02.03 10:00",
        "Mon 02.03 10:30",
    ]
    assert all(free.ends_at - free.starts_at == 30 * MIN for free in found)
    assert all(free.starts_at.tzinfo is not None for free in found)


def test_buffers_must_fit_in_the_open_time_and_space_the_visits():
    rules = [Rule(0, dt.time(9), dt.time(11))]
    offer = Offer(duration=30 * MIN, buffer_before=10 * MIN, buffer_after=20 * MIN)
    found = free_times(rules, [], [], offer, NOW, end=at(2026, 3, 3, 0))
    # 9:00 + 10 min before = 9:10; a visit takes 60 min with its buffers; 10:10 ends 10:40
    # and its after-buffer 11:00, the closing time.
    assert local_starts(found) == ["Mon 02.03 09:10", "Mon 02.03 10:10"]


def test_a_booking_and_its_buffers_block_what_they_overlap():
    rules = [Rule(0, dt.time(9), dt.time(12))]
    booked = Busy(
        1, at(2026, 3, 2, 10), at(2026, 3, 2, 10, 30), buffer_after=15 * MIN
    )  # 10:00–10:30, cleaning until 10:45
    found = free_times(rules, [], [booked], HALF_HOUR, NOW, end=at(2026, 3, 3, 0))
    assert local_starts(found) == [
        "Mon 02.03 09:00",
        "Mon 02.03 09:30",
        "Mon 02.03 11:00",
        "Mon 02.03 11:30",
    ]


def test_two_buffers_may_overlap_but_a_buffer_may_not_overlap_a_visit():
    rules = [Rule(0, dt.time(9), dt.time(12))]
    offer = Offer(duration=30 * MIN, buffer_before=10 * MIN)
    # Another type's visit 8:50-9:00 with 10 min after: our 9:10 visit's before-buffer
    # (9:00-9:10) overlaps that buffer only, so 9:10 is free.
    other = Busy(1, at(2026, 3, 2, 8, 30), at(2026, 3, 2, 9), buffer_after=10 * MIN)
    found = free_times(rules, [], [other], offer, NOW, end=at(2026, 3, 2, 10))
    assert local_starts(found)[0] == "Mon 02.03 09:10"
    # A visit 9:00-9:05 does block it: our before-buffer would overlap the visit itself.
    visit = Busy(1, at(2026, 3, 2, 9), at(2026, 3, 2, 9, 5))
    found = free_times(rules, [], [visit], offer, NOW, end=at(2026, 3, 2, 10))
    assert "Mon 02.03 09:10" not in local_starts(found)


def test_another_professionals_booking_blocks_nothing():
    rules = [Rule(0, dt.time(9), dt.time(10))]
    theirs = Busy(2, at(2026, 3, 2, 9), at(2026, 3, 2, 10))
    found = free_times(rules, [], [theirs], HALF_HOUR, NOW, end=at(2026, 3, 3, 0))
    assert len(found) == 2


def test_a_closed_exception_removes_times_and_an_extra_one_adds_them():
    rules = [Rule(0, dt.time(9), dt.time(11))]
    sick = Exception_("closed", at(2026, 3, 2, 9, 30), at(2026, 3, 2, 10, 30))
    extra = Exception_("extra", at(2026, 3, 3, 14), at(2026, 3, 3, 15))
    found = free_times(rules, [sick, extra], [], HALF_HOUR, NOW, end=at(2026, 3, 4, 0))
    assert local_starts(found) == [
        "Mon 02.03 09:00",
        "Mon 02.03 10:30",
        "Tue 03.03 14:00",
        "Tue 03.03 14:30",
    ]


def test_a_holiday_closes_the_whole_day():
    rules = [Rule(0, dt.time(9), dt.time(11))]
    holiday = Exception_("closed", at(2026, 3, 2, 0), at(2026, 3, 3, 0))
    found = free_times(rules, [holiday], [], HALF_HOUR, NOW, end=at(2026, 3, 10, 0))
    assert local_starts(found)[0] == "Mon 09.03 09:00"


def test_minimum_notice_hides_times_too_soon():
    rules = [Rule(0, dt.time(9), dt.time(11))]
    offer = Offer(duration=30 * MIN, minimum_notice=dt.timedelta(hours=2))
    now = at(2026, 3, 2, 7, 45)
    found = free_times(rules, [], [], offer, now, end=at(2026, 3, 3, 0))
    # 9:45 is the earliest allowed: 10:00 and 10:30 remain.
    assert local_starts(found) == ["Mon 02.03 10:00", "Mon 02.03 10:30"]


def test_the_horizon_ends_the_search():
    rules = [Rule(0, dt.time(9), dt.time(10))]
    offer = Offer(duration=60 * MIN, horizon=dt.timedelta(days=14))
    found = free_times(rules, [], [], offer, NOW)
    assert local_starts(found) == ["Mon 02.03 09:00", "Mon 09.03 09:00"]
    assert all(free.starts_at <= NOW + dt.timedelta(days=14) for free in found)


def test_rule_validity_dates_bound_the_weeks():
    rules = [Rule(0, dt.time(9), dt.time(10), valid_from=MONDAY + dt.timedelta(days=7))]
    offer = Offer(duration=60 * MIN, horizon=dt.timedelta(days=21))
    found = free_times(rules, [], [], offer, NOW)
    assert local_starts(found) == ["Mon 09.03 09:00", "Mon 16.03 09:00"]


def test_a_group_session_offers_a_time_until_it_is_full():
    rules = [Rule(0, dt.time(9), dt.time(10))]
    offer = Offer(duration=60 * MIN, capacity=3, appointment_type_id=7)
    session = [Busy(1, at(2026, 3, 2, 9), at(2026, 3, 2, 10), appointment_type_id=7)] * 2
    found = free_times(rules, [], session, offer, NOW, end=at(2026, 3, 3, 0))
    assert [free.places_left for free in found] == [1]
    full = free_times(rules, [], session * 2, offer, NOW, end=at(2026, 3, 3, 0))
    assert full == []


def test_a_different_type_at_the_same_time_fills_a_group_session():
    rules = [Rule(0, dt.time(9), dt.time(10))]
    offer = Offer(duration=60 * MIN, capacity=3, appointment_type_id=7)
    visit = [Busy(1, at(2026, 3, 2, 9), at(2026, 3, 2, 10), appointment_type_id=8)]
    assert free_times(rules, [], visit, offer, NOW, end=at(2026, 3, 3, 0)) == []


def test_several_professionals_are_merged_in_time_order():
    rules = [
        Rule(0, dt.time(9), dt.time(10), professional_id=2),
        Rule(0, dt.time(9, 30), dt.time(10)),
    ]
    found = free_times(rules, [], [], HALF_HOUR, NOW, end=at(2026, 3, 3, 0))
    assert [
        (f.professional_id, f.starts_at.astimezone(HELSINKI).strftime("%H:%M")) for f in found
    ] == [
        (2, "09:00"),
        (1, "09:30"),
        (2, "09:30"),
    ]


def test_touching_rules_join_into_one_stretch():
    rules = [Rule(0, dt.time(9), dt.time(9, 45)), Rule(0, dt.time(9, 45), dt.time(10, 30))]
    offer = Offer(duration=45 * MIN)
    found = free_times(rules, [], [], offer, NOW, end=at(2026, 3, 3, 0))
    assert local_starts(found) == ["Mon 02.03 09:00", "Mon 02.03 09:45"]


def test_now_must_be_aware():
    with pytest.raises(ValueError):
        free_times([], [], [], HALF_HOUR, dt.datetime(2026, 3, 2, 9))


# --- the change to and from summer time ---------------------------------------------
# EU: the last Sunday of March at 01:00 UTC clocks go forward; the last Sunday of
# October at 01:00 UTC back. Helsinki 03:00→04:00 and 04:00→03:00; Oslo 02:00→03:00
# and 03:00→02:00.


@pytest.mark.parametrize(
    "zone_name,zone,utc_hours",
    [("Europe/Helsinki", HELSINKI, (7, 6)), ("Europe/Oslo", OSLO, (8, 7))],
)
def test_a_nine_oclock_rule_stays_nine_oclock_across_the_spring_change(zone_name, zone, utc_hours):
    rules = [Rule(weekday, dt.time(9), dt.time(10), time_zone=zone_name) for weekday in (4, 0)]
    offer = Offer(duration=60 * MIN)
    now = at(2026, 3, 26, 12, zone=zone)
    found = free_times(rules, [], [], offer, now, end=at(2026, 3, 31, 0, zone=zone))
    # Friday 27 March in winter time, Monday 30 March in summer time.
    assert local_starts(found, zone) == ["Fri 27.03 09:00", "Mon 30.03 09:00"]
    assert [free.starts_at.astimezone(UTC).hour for free in found] == list(utc_hours)


@pytest.mark.parametrize(
    "zone_name,zone,utc_hours",
    [("Europe/Helsinki", HELSINKI, (6, 7)), ("Europe/Oslo", OSLO, (7, 8))],
)
def test_a_nine_oclock_rule_stays_nine_oclock_across_the_autumn_change(zone_name, zone, utc_hours):
    rules = [Rule(weekday, dt.time(9), dt.time(10), time_zone=zone_name) for weekday in (4, 0)]
    offer = Offer(duration=60 * MIN)
    now = at(2026, 10, 22, 12, zone=zone)
    found = free_times(rules, [], [], offer, now, end=at(2026, 10, 27, 0, zone=zone))
    assert local_starts(found, zone) == ["Fri 23.10 09:00", "Mon 26.10 09:00"]
    assert [free.starts_at.astimezone(UTC).hour for free in found] == list(utc_hours)


def test_the_night_of_the_spring_change_is_an_hour_shorter_in_helsinki():
    # Sunday 29 March 2026, 00:00–06:00 local: five real hours (03:00 does not exist).
    rules = [Rule(6, dt.time(0), dt.time(6))]
    offer = Offer(duration=60 * MIN)
    now = at(2026, 3, 27, 12)
    found = free_times(rules, [], [], offer, now, end=at(2026, 3, 30, 0))
    assert local_starts(found) == [
        "Sun 29.03 00:00",
        "Sun 29.03 01:00",
        "Sun 29.03 02:00",
        "Sun 29.03 04:00",
        "Sun 29.03 05:00",
    ]


def test_the_night_of_the_autumn_change_is_an_hour_longer_in_oslo():
    # Sunday 25 October 2026, 00:00–06:00 local in Oslo: seven real hours.
    rules = [Rule(6, dt.time(0), dt.time(6), time_zone="Europe/Oslo")]
    offer = Offer(duration=60 * MIN)
    now = at(2026, 10, 23, 12, zone=OSLO)
    found = free_times(rules, [], [], offer, now, end=at(2026, 10, 26, 0, zone=OSLO))
    assert len(found) == 7
    # 02:00 happens twice; both hours are offered, an hour apart in real time.
    twos = [free.starts_at for free in found if free.starts_at.astimezone(OSLO).hour == 2]
    assert len(twos) == 2 and twos[1] - twos[0] == dt.timedelta(hours=1)


def test_a_rule_in_oslo_and_one_in_helsinki_for_one_professional_do_not_collide():
    # The same wall-clock hour in two zones is two different hours.
    rules = [
        Rule(0, dt.time(9), dt.time(10)),
        Rule(0, dt.time(9), dt.time(10), time_zone="Europe/Oslo"),
    ]
    found = free_times(rules, [], [], Offer(duration=60 * MIN), NOW, end=at(2026, 3, 3, 0))
    assert [free.starts_at.astimezone(UTC).hour for free in found] == [7, 8]


def test_a_long_booking_blocks_every_time_it_spans_among_many_others():
    rules = [Rule(0, dt.time(8), dt.time(16))]
    long_one = Busy(1, at(2026, 3, 2, 9), at(2026, 3, 2, 12), buffer_before=15 * MIN)
    short_ones = [
        Busy(1, at(2026, 3, 2, 14, 30), at(2026, 3, 2, 15)),
        Busy(1, at(2026, 3, 2, 8), at(2026, 3, 2, 8, 30)),
    ]
    found = free_times(rules, [], [*short_ones, long_one], HALF_HOUR, NOW, end=at(2026, 3, 3, 0))
    assert local_starts(found) == [
        "Mon 02.03 12:00",
        "Mon 02.03 12:30",
        "Mon 02.03 13:00",
        "Mon 02.03 13:30",
        "Mon 02.03 14:00",
        "Mon 02.03 15:00",
        "Mon 02.03 15:30",
    ]
