"""The provider finder: nearest first, open now, languages, today's hours, bad input."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from carevillage.directory import selectors
from carevillage.directory.models import OpeningException

from .factories import make_postcode, make_provider, make_service

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def names(response) -> list[str]:  # noqa: ANN001
    return re.findall(r"<h3>([^<]+)</h3>", response.content.decode())


@pytest.fixture
def places():
    vaccinations = make_service()
    make_postcode("00530", 60.1841, 24.9500)  # Kallio, Helsinki
    every_day = {d: ("00:00", "00:00") for d in range(7)}  # closes at opening time: 24 h
    make_provider(
        "Far (Tampere)", lat=61.4978, lon=23.7610, services=[vaccinations], hours=every_day
    )
    make_provider(
        "Near (Kallio)", lat=60.1845, lon=24.9510, services=[vaccinations], hours=every_day
    )
    make_provider(
        "Middle (Espoo)", lat=60.1756, lon=24.8047, services=[vaccinations], languages="sv"
    )
    make_provider("No vaccinations", lat=60.1841, lon=24.9500)
    return vaccinations


def test_results_offer_the_service_and_are_sorted_by_distance(client, places):
    response = client.get("/en/providers/", {"service": "vaccinations", "near": "00530"})
    assert names(response) == ["Near (Kallio)", "Middle (Espoo)", "Far (Tampere)"]
    assert "3 places found, nearest first" in response.content.decode()


def test_coordinates_from_the_browser_work_like_a_postcode(client, places):
    response = client.get("/en/providers/", {"service": "vaccinations", "near": "61.49,23.76"})
    assert names(response)[0] == "Far (Tampere)"


def test_open_now_and_language_filters(client, places):
    open_now = client.get(
        "/en/providers/", {"service": "vaccinations", "near": "00530", "open_now": "on"}
    )
    assert names(open_now) == ["Near (Kallio)", "Far (Tampere)"]
    swedish = client.get(
        "/en/providers/", {"service": "vaccinations", "near": "00530", "language": "sv"}
    )
    assert names(swedish) == ["Middle (Espoo)"]


@pytest.mark.parametrize(
    ("near", "message"),
    [
        ("99999", "We do not know the postcode 99999"),
        ("Kallio", "Give a postcode of 4 or 5 digits"),
        ("95.0,24.0", "outside the map"),
        ("", "Give a postcode, or use your location."),
    ],
)
def test_a_bad_place_gets_a_specific_error_and_no_results(client, places, near, message):
    response = client.get("/en/providers/", {"service": "vaccinations", "near": near})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in text
    assert message in text
    assert names(response) == []


def test_an_unknown_service_gets_a_specific_error(client, places):
    text = client.get("/en/providers/", {"service": "nope", "near": "00530"}).content.decode()
    assert "Choose a service from the list." in text


def at(day: datetime.date, clock: str) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.fromisoformat(clock), tzinfo=HELSINKI)


MONDAY = datetime.date(2026, 11, 23)


def test_overnight_hours_are_open_after_midnight_into_the_next_day():
    night_clinic = make_provider("Night clinic", lat=60.0, lon=24.0, hours={0: ("20:00", "02:00")})
    assert selectors.hours_today(night_clinic, at(MONDAY, "23:30")).open_now
    tuesday = MONDAY + datetime.timedelta(days=1)
    early_tuesday = selectors.hours_today(night_clinic, at(tuesday, "01:30"))
    assert early_tuesday.open_now
    assert early_tuesday.intervals == []  # nothing *starts* on Tuesday
    assert not selectors.hours_today(night_clinic, at(tuesday, "02:00")).open_now
    assert not selectors.hours_today(night_clinic, at(MONDAY, "19:59")).open_now


def test_a_holiday_closes_the_day_and_a_short_day_changes_its_hours():
    station = make_provider("Station", lat=60.0, lon=24.0, hours={3: ("08:00", "16:00")})
    thursday = datetime.date(2026, 12, 24)  # Christmas Eve 2026 is a Thursday
    OpeningException.objects.create(
        provider=station, date=thursday, closed=True, reason="Christmas Eve"
    )
    closed = selectors.hours_today(station, at(thursday, "10:00"))
    assert not closed.open_now and closed.intervals == []
    assert closed.exception_reason == "Christmas Eve"
    next_week = thursday + datetime.timedelta(days=7)
    OpeningException.objects.create(
        provider=station,
        date=next_week,
        opens=datetime.time(10),
        closes=datetime.time(12),
        reason="New Year's Eve",
    )
    short = selectors.hours_today(station, at(next_week, "11:00"))
    assert short.open_now
    assert [(s.hour, e.hour) for s, e in short.intervals] == [(10, 12)]
    assert not selectors.hours_today(station, at(next_week, "13:00")).open_now


def test_a_closed_yesterday_does_not_spill_overnight_hours_into_today():
    bar = make_provider("Late clinic", lat=60.0, lon=24.0, hours={4: ("18:00", "03:00")})
    friday = datetime.date(2026, 11, 27)
    OpeningException.objects.create(provider=bar, date=friday, closed=True, reason="Closed")
    saturday = friday + datetime.timedelta(days=1)
    assert not selectors.hours_today(bar, at(saturday, "01:00")).open_now


def test_each_result_shows_todays_hours(client, places):
    make_provider(
        "Weekday station",
        lat=60.1841,
        lon=24.9500,
        services=[places],
        hours={timezone.localdate().weekday(): ("08:00", "16:00")},
    )
    text = client.get(
        "/en/providers/", {"service": "vaccinations", "near": "00530"}
    ).content.decode()
    assert "08:00–16:00" in text
    assert "open 24 hours" in text
