"""The appointment pages over the demo village: what Aino sees, books, downloads and
cancels; what the cut-off says; what the team sees of the day; the five languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from carevillage.identity.models import Person
from carevillage.scheduling.models import Appointment, AppointmentStatus
from carevillage.testing import login_citizen, login_staff
from carevillage.testing.demo import seed_demo_without_content

pytestmark = pytest.mark.django_db

LANGUAGES = {
    "fi": "Omat aikani",
    "sv": "Mina tider",
    "nb": "Timene mine",
    "nn": "Timane mine",
    "en": "My appointments",
}


@pytest.fixture
def demo(eid):
    seed_demo_without_content()


@pytest.fixture
def aino(client, demo):
    login_citizen(client, "demo-aino")
    return Person.objects.get(oidc_subject="demo-aino")


def _follow_up(aino: Person) -> Appointment:
    return Appointment.objects.get(
        person=aino, status=AppointmentStatus.BOOKED, appointment_type__code="video-follow-up"
    )


def _first_slot(page: str) -> str:
    found = re.search(r'name="slot" value="([^"]+)"', page)
    assert found, "no free time on the page"
    return found.group(1)


def test_my_page_links_to_the_list_with_upcoming_past_and_requested(client, aino):
    assert reverse("scheduling:my_appointments") in client.get("/en/my/").content.decode()
    page = client.get("/en/my/appointments/").content.decode()
    upcoming, _sep, past = page.partition("Past and cancelled")
    assert "Video follow-up" in upcoming and "Phone call with the doctor" in upcoming
    assert "Time not yet given" in upcoming
    assert "Video follow-up" in past and "Done" in past


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_list_speaks_each_language(client, demo, language):
    login_citizen(client, "demo-aino", language=language)
    page = client.get(f"/{language}/my/appointments/").content.decode()
    assert f"<h1>{LANGUAGES[language]}</h1>" in page


def test_a_person_with_no_appointments_sees_what_will_appear(client, demo):
    login_citizen(client, "demo-mikko")
    page = client.get("/en/my/appointments/").content.decode()
    assert "You have no upcoming appointments." in page


def test_aino_books_a_follow_up_and_gets_a_confirmation(client, aino):
    types = client.get("/en/my/appointments/book/").content.decode()
    kind = _follow_up(aino).appointment_type
    assert "Video follow-up" in types and "School nurse visit" in types
    assert "Vaccination" not in types  # staff book it
    times = client.get(f"/en/my/appointments/book/{kind.pk}/").content.decode()
    slot = _first_slot(times)
    summary = client.get(f"/en/my/appointments/book/{kind.pk}/confirm/", {"slot": slot})
    assert summary.status_code == 200 and "Book this time" in summary.content.decode()
    before = Appointment.objects.filter(person=aino).count()
    done = client.post(f"/en/my/appointments/book/{kind.pk}/confirm/", {"slot": slot}, follow=True)
    assert "Your appointment is booked." in done.content.decode()
    assert Appointment.objects.filter(person=aino).count() == before + 1


def test_a_time_taken_meanwhile_says_choose_another_and_books_nothing(client, aino):
    kind = _follow_up(aino).appointment_type
    slot = _first_slot(client.get(f"/en/my/appointments/book/{kind.pk}/").content.decode())
    client.post(f"/en/my/appointments/book/{kind.pk}/confirm/", {"slot": slot})
    count = Appointment.objects.count()
    again = client.post(f"/en/my/appointments/book/{kind.pk}/confirm/", {"slot": slot})
    assert again.status_code == 409
    assert "This time was just booked by someone else — choose another." in again.content.decode()
    assert Appointment.objects.count() == count


@pytest.mark.parametrize("slot", ["", "nonsense", "1:99999999999999999999", "x:1"])
def test_a_broken_time_is_a_clear_error_not_a_crash(client, aino, slot):
    kind = _follow_up(aino).appointment_type
    count = Appointment.objects.count()
    response = client.post(f"/en/my/appointments/book/{kind.pk}/confirm/", {"slot": slot})
    assert response.status_code == 400
    assert (
        "Choose a time from the list." in response.content.decode()
        or "This time is not offered" in response.content.decode()
    )
    assert Appointment.objects.count() == count


def test_a_staff_only_kind_cannot_be_booked_online(client, aino):
    vaccination = Appointment.objects.get(person__oidc_subject="demo-leo").appointment_type
    assert client.get(f"/en/my/appointments/book/{vaccination.pk}/").status_code == 404


def test_the_calendar_file_has_the_time_in_utc_and_a_stable_uid(client, aino):
    appointment = _follow_up(aino)
    response = client.get(f"/en/my/appointments/{appointment.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == appointment.starts_at
    assert str(event["uid"]).startswith(f"appointment-{appointment.pk}@")
    assert "Video follow-up" in str(event["summary"])
    assert "text/calendar" in response["Content-Type"]


def test_aino_cancels_after_confirming(client, aino):
    appointment = _follow_up(aino)
    confirm = client.get(f"/en/my/appointments/{appointment.pk}/cancel/").content.decode()
    assert "Yes, cancel the appointment" in confirm
    done = client.post(f"/en/my/appointments/{appointment.pk}/cancel/", follow=True)
    assert "Your appointment is cancelled." in done.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_after_the_cut_off_the_page_says_whom_to_call(client, aino):
    appointment = _follow_up(aino)
    soon = timezone.now() + dt.timedelta(hours=3)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=soon, ends_at=soon + dt.timedelta(minutes=30)
    )
    page = client.get(f"/en/my/appointments/{appointment.pk}/").content.decode()
    assert "can no longer be cancelled online" in page and "+358 9 310 00001" in page
    assert "Cancel this appointment" not in page
    response = client.post(f"/en/my/appointments/{appointment.pk}/cancel/")
    assert response.status_code == 400
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_the_doctor_sees_the_day_and_marks_the_visit(client, aino):
    appointment = _follow_up(aino)
    login_staff(client, "doctor.juha")
    day = timezone.localtime(appointment.starts_at).date().isoformat()
    page = client.get("/en/staff/appointments/", {"date": day}).content.decode()
    assert "Aino Virtanen" in page and "Video follow-up" in page
    early = client.post(
        f"/en/staff/appointments/{appointment.pk}/mark/", {"status": "no_show"}, follow=True
    )
    assert "only once its time has begun" in early.content.decode()
    client.post(f"/en/staff/appointments/{appointment.pk}/mark/", {"status": "arrived"})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.ARRIVED


def test_a_bad_date_in_the_day_view_is_a_clear_error(client, demo):
    login_staff(client, "doctor.juha")
    response = client.get("/en/staff/appointments/", {"date": "2026-13-45"})
    assert response.status_code == 400
    assert "year-month-day" in response.content.decode()


def test_the_nurse_does_not_see_the_depression_teams_visits(client, demo):
    aino = Person.objects.get(oidc_subject="demo-aino")
    appointment = _follow_up(aino)
    login_staff(client, "nurse.sanna")
    day = timezone.localtime(appointment.starts_at).date().isoformat()
    page = client.get("/en/staff/appointments/", {"date": day}).content.decode()
    assert "Video follow-up" not in page


def test_aino_changes_the_time_of_her_follow_up(client, aino):
    appointment = _follow_up(aino)
    page = client.get(f"/en/my/appointments/{appointment.pk}/").content.decode()
    assert "Change the time" in page
    times = client.get(f"/en/my/appointments/{appointment.pk}/change/").content.decode()
    assert "Your time now:" in times
    slot = _first_slot(times)
    done = client.post(f"/en/my/appointments/{appointment.pk}/change/", {"slot": slot}, follow=True)
    assert "Your appointment is moved." in done.content.decode()
    appointment.refresh_from_db()
    assert int(appointment.starts_at.timestamp()) == int(slot.split(":")[1])
    broken = client.post(f"/en/my/appointments/{appointment.pk}/change/", {"slot": "x"})
    assert broken.status_code == 400


def test_the_week_view_shows_seven_days_from_monday(client, demo):
    aino = Person.objects.get(oidc_subject="demo-aino")
    appointment = _follow_up(aino)
    login_staff(client, "doctor.juha")
    day = timezone.localtime(appointment.starts_at).date()
    page = client.get("/en/staff/appointments/", {"date": day.isoformat(), "view": "week"})
    text = page.content.decode()
    assert "Appointments of the week" in text and "Aino Virtanen" in text
    monday = day - dt.timedelta(days=day.weekday())
    assert text.count('<h2 id="day-') == 7
    assert f"{monday.day}.{monday.month}.{monday.year}" in text


def test_the_no_show_report_counts_per_kind_and_month_and_exports_csv(client, demo):
    login_staff(client, "doctor.juha")
    page = client.get("/en/staff/appointments/report/").content.decode()
    assert "Video follow-up" in page
    response = client.get("/en/staff/appointments/report/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("Month,Care team,Appointment,Booked,Done,Did not come")
    follow_ups = [line for line in lines[1:] if "Video follow-up" in line]
    # Aino's done follow-up three weeks ago (and her booked one) are counted.
    assert any(",1,0," in line for line in follow_ups)
    assert "Vaccination" not in response.content.decode()  # the Kallio team's, not Juha's
    bad = client.get("/en/staff/appointments/report/", {"since": "2026-99-01"})
    assert bad.status_code == 400


def test_seeding_again_books_nothing_twice(demo):
    from carevillage.scheduling.demo import seed_demo as seed_appointments
    from carevillage.scheduling.models import AvailabilityException, AvailabilityRule

    counts = (
        Appointment.objects.count(),
        AvailabilityRule.objects.count(),
        AvailabilityException.objects.count(),
    )
    seed_appointments()
    assert (
        Appointment.objects.count(),
        AvailabilityRule.objects.count(),
        AvailabilityException.objects.count(),
    ) == counts
    # Aino: one done, one booked, one requested; Leo's vaccination; Elsa's pre-operative visit.
    assert counts[0] == 5


def test_the_day_view_filters_by_team(client, demo):
    aino = Person.objects.get(oidc_subject="demo-aino")
    appointment = _follow_up(aino)
    login_staff(client, "doctor.juha")
    day = timezone.localtime(appointment.starts_at).date().isoformat()
    own = client.get("/en/staff/appointments/", {"date": day, "team": appointment.care_team_id})
    assert "Aino Virtanen" in own.content.decode()
    other = Appointment.objects.exclude(care_team=appointment.care_team_id).first()
    elsewhere = client.get("/en/staff/appointments/", {"date": day, "team": other.care_team_id})
    assert "Aino Virtanen" not in elsewhere.content.decode()
    assert client.get("/en/staff/appointments/", {"team": "x"}).status_code == 200


def test_times_are_shown_a_week_at_a_time_within_the_horizon(client, aino):
    kind = _follow_up(aino).appointment_type
    url = f"/en/my/appointments/book/{kind.pk}/"
    first = client.get(url).content.decode()
    days = re.findall(r"<legend>([^<]+)</legend>", first)
    assert 1 <= len(days) <= 7
    assert "Later week" in first and "Earlier week" not in first
    second = client.get(url, {"week": "1"}).content.decode()
    assert "Earlier week" in second
    assert set(re.findall(r"<legend>([^<]+)</legend>", second)).isdisjoint(days)
    last = client.get(url, {"week": "999"}).content.decode()  # kept inside the horizon
    assert "Later week" not in last and "Earlier week" in last
    assert client.get(url, {"week": "soon"}).status_code == 200
