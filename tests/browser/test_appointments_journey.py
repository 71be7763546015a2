"""Aino books a video follow-up with the depression care team, adds it to her calendar
with the .ics file, and cancels another one, booked before. Every page passes axe-core
and fits 320 px.

The journey leaves Aino with one upcoming follow-up, as the demo seeds her: the one it
books replaces the one it cancels."""

from __future__ import annotations

import re

from icalendar import Calendar
from playwright.sync_api import expect

from carevillage.testing import login_staff
from tests.browser.conftest import check_accessibility, visit


def _fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    visit(page, page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})


def test_aino_books_a_follow_up_downloads_it_and_cancels_it(village, page):
    page.goto(village.base_url + "/en/my/appointments/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-aino").click()
    expect(page).to_have_url(re.compile(r"/en/my/appointments/$"))
    expect(page.get_by_role("heading", name="My appointments", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Upcoming")).to_contain_text("Video follow-up")
    check_accessibility(page)
    _fits_a_phone(page)

    # Book: the kind of visit, a free time (in her time zone), confirm.
    page.get_by_role("link", name="Book an appointment").click()
    check_accessibility(page)
    _fits_a_phone(page)
    page.get_by_role("link", name="Video follow-up").click()
    expect(page.get_by_role("heading", name="Choose a time", level=1)).to_be_visible()
    expect(page.get_by_text("Times are shown in the time zone Europe/Helsinki.")).to_be_visible()
    check_accessibility(page)
    _fits_a_phone(page)
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Confirm the appointment", level=1)).to_be_visible()
    check_accessibility(page)
    _fits_a_phone(page)
    page.get_by_role("button", name="Book this time").click()
    expect(page.get_by_text("Your appointment is booked.")).to_be_visible()
    expect(page.get_by_role("heading", name="Video follow-up", level=1)).to_be_visible()
    check_accessibility(page)
    _fits_a_phone(page)
    booked_url = page.url

    # The calendar file: one event, its time in UTC.
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics file)").click()
    assert download.value.suggested_filename.endswith(".ics")
    with open(download.value.path(), "rb") as ics:
        event = Calendar.from_ical(ics.read()).walk("VEVENT")[0]
    assert "Video follow-up" in str(event["summary"])
    assert event.decoded("dtstart").utcoffset().total_seconds() == 0

    # She cancels another one: the follow-up booked earlier, after a confirmation page.
    visit(page, village.base_url + "/en/my/appointments/")
    booked_path = booked_url.removeprefix(village.base_url)
    upcoming = page.get_by_role("region", name="Upcoming")
    other = [
        link
        for link in upcoming.get_by_role("link").filter(has_text="Video follow-up").all()
        if link.get_attribute("href") != booked_path
    ]
    assert other, "the follow-up booked before this journey is listed"
    other[0].click()
    page.get_by_role("link", name="Cancel this appointment").click()
    expect(page.get_by_role("heading", name="Cancel the appointment", level=1)).to_be_visible()
    check_accessibility(page)
    _fits_a_phone(page)
    page.get_by_role("button", name="Yes, cancel the appointment").click()
    expect(page).to_have_url(re.compile(r"/en/my/appointments/$"))
    expect(page.get_by_text("Your appointment is cancelled.")).to_be_visible()
    expect(page.get_by_role("region", name="Past and cancelled")).to_contain_text("Cancelled")
    # The one she just booked stays.
    expect(
        page.get_by_role("region", name="Upcoming").locator(f'a[href="{booked_path}"]')
    ).to_have_count(1)
    check_accessibility(page)


def test_leo_fifteen_books_the_school_nurse_himself_in_finnish(village, page):
    page.goto(village.base_url + "/fi/my/appointments/book/")
    page.get_by_role("button", name=re.compile("Jatka tunnistautumiseen|Continue")).click()
    page.get_by_role("button", name="demo-leo").click()
    expect(page).to_have_url(re.compile(r"/fi/my/appointments/book/$"))
    expect(page.get_by_role("heading", name="Varaa aika", level=1)).to_be_visible()
    check_accessibility(page)
    _fits_a_phone(page)
    # His vaccination is booked by the nurse: it is not offered to him online.
    expect(page.get_by_role("link", name="Rokotus", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Terveydenhoitajan vastaanotto (kouluterveydenhuolto)").click()
    expect(page.get_by_role("heading", name="Valitse aika", level=1)).to_be_visible()
    check_accessibility(page)
    _fits_a_phone(page)
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Jatka").click()
    page.get_by_role("button", name="Varaa tämä aika").click()
    expect(page.get_by_text("Aikasi on varattu.")).to_be_visible()
    check_accessibility(page)
    _fits_a_phone(page)
    visit(page, village.base_url + "/fi/my/appointments/")
    upcoming = page.get_by_role("region", name="Tulevat")
    expect(upcoming).to_contain_text("Terveydenhoitajan vastaanotto")
    expect(upcoming).to_contain_text("Rokotus")


def test_the_doctor_sees_the_week_marks_nothing_early_and_reads_the_report(village, page):
    login_staff(page, "doctor.juha", village=village)
    visit(page, village.base_url + "/en/staff/appointments/?view=week")
    expect(page.get_by_role("heading", name="Appointments of the week", level=1)).to_be_visible()
    page.get_by_role("link", name="Next week").click()
    check_accessibility(page)
    _fits_a_phone(page)
    visit(page, village.base_url + "/en/staff/appointments/requests/")
    expect(page.get_by_role("heading", name="Requests waiting for a time")).to_be_visible()
    expect(page.get_by_text("Phone call with the doctor").first).to_be_visible()
    _fits_a_phone(page)
    visit(page, village.base_url + "/en/staff/appointments/report/")
    expect(
        page.get_by_role("table", name="Visits per kind and month of your teams")
    ).to_contain_text("Video follow-up")
    _fits_a_phone(page)
