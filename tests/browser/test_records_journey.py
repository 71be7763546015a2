"""Aino opens her health record, a result's history chart, her printable vaccination card
and the print view of her whole record; she asks for a renewal of her prescription and
the prescribing team answers it from its inbox. Every page passes axe-core and fits
320 px.

The renewal journey uses Aino's sertraline (the depression care team's prescription,
doctor.juha's team) and leaves it answered, not pending, so it can be asked for again."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from carevillage.testing import login_citizen, login_staff
from tests.browser.conftest import check_accessibility, visit


def _fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    visit(page, page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})


def test_aino_reads_her_record_prints_it_and_her_vaccination_card(village, page):
    page.goto(village.base_url + "/en/my/record/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-aino").click()
    expect(page).to_have_url(re.compile(r"/en/my/record/$"))
    expect(page.get_by_role("heading", name="My health record", level=1)).to_be_visible()
    check_accessibility(page)
    _fits_a_phone(page)

    # A result with history: the chart, its reference band and the table alternative.
    page.get_by_role("link", name="All test results", exact=True).click()
    check_accessibility(page)
    _fits_a_phone(page)
    page.get_by_role("link", name="Hemoglobin [Mass/volume] in Blood").first.click()
    expect(page.get_by_role("img", name=re.compile("History of this result"))).to_be_visible()
    expect(page.get_by_role("table", name="All results of this test")).to_contain_text("g/l")
    expect(page.get_by_text("your clinician will contact you")).to_be_visible()
    check_accessibility(page)
    _fits_a_phone(page)

    # The whole record to print: a results table that stacks on a phone.
    visit(page, village.base_url + "/en/my/record/")
    page.get_by_role("link", name="Print my record").click()
    expect(page.get_by_role("heading", name="My health record", level=1)).to_be_visible()
    expect(page.get_by_text("Sertraline 50 mg tablet (DEMO)").first).to_be_visible()
    check_accessibility(page)
    _fits_a_phone(page)
    page.emulate_media(media="print")
    expect(page.get_by_text("Back to my health record")).to_be_hidden()
    page.emulate_media(media="screen")

    # The vaccination card, in print too, with its English version.
    visit(page, village.base_url + "/fi/my/record/vaccinations/card/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rokotuskortti")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Vaccination card in English")).to_be_hidden()
    page.emulate_media(media="screen")
    _fits_a_phone(page)
    page.get_by_role("link", name="Vaccination card in English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vaccination card")
    check_accessibility(page)


SERTRALINE = "Sertraline 50 mg tablet (DEMO)"


def _ask_for_a_renewal(patient, village, message: str) -> None:
    visit(patient, village.base_url + "/en/my/record/medicines/")
    patient.get_by_role("link", name=re.compile(r"Ask for a renewal\W+Sertraline")).click()
    expect(patient.get_by_role("heading", name="Ask for a renewal")).to_be_visible()
    check_accessibility(patient)
    patient.get_by_label("Message to the care team (optional)").fill(message)
    patient.get_by_role("button", name="Send the renewal request").click()
    expect(patient).to_have_url(re.compile(r"/en/my/record/medicines/#medicines-\d+$"))
    expect(_sertraline(patient)).to_contain_text("Waiting for an answer")
    # Nothing more to ask while the request waits.
    expect(
        patient.get_by_role("link", name=re.compile(r"Ask for a renewal\W+Sertraline"))
    ).to_have_count(0)
    check_accessibility(patient)


def _sertraline(patient):
    return patient.locator(".record-list > li").filter(has_text=SERTRALINE)


def _open_the_request_from_the_inbox(doctor, village) -> None:
    visit(doctor, village.base_url + "/en/staff/")
    doctor.get_by_role("link", name="Team inbox").click()
    expect(
        doctor.get_by_role("link", name="Prescription renewal requests waiting for an answer")
    ).to_be_visible()
    unassigned = doctor.get_by_role("region", name="Unassigned")
    request = unassigned.get_by_role("row").filter(has_text="Prescription renewal: Sertraline")
    expect(request).to_contain_text("Prescription renewal request")
    expect(request).to_contain_text("Aino Virtanen")
    check_accessibility(doctor)
    request.get_by_role("link").click()
    expect(doctor.get_by_text("Please renew my prescription: " + SERTRALINE)).to_be_visible()
    check_accessibility(doctor)
    doctor.get_by_role("link", name="Answer the prescription renewal request").click()
    expect(doctor.get_by_role("heading", name="Prescription renewal request")).to_be_visible()
    check_accessibility(doctor)


def test_prescribing_team_answers_ainos_renewal_request_and_she_sees_the_answer(
    village, page, browser
):
    patient = page
    login_citizen(patient, "demo-aino", village=village)
    _ask_for_a_renewal(patient, village, "DEMO: tablets running out")

    # Doctor Juha, of the depression care team that prescribed it, in another browser.
    doctor = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    try:
        doctor_page = doctor.new_page()
        doctor_page.set_default_timeout(15_000)
        login_staff(doctor_page, "doctor.juha", village=village)
        _open_the_request_from_the_inbox(doctor_page, village)
        expect(doctor_page.get_by_text("DEMO: tablets running out")).to_be_visible()
        # The answer form fits a phone.
        doctor_page.set_viewport_size({"width": 320, "height": 800})
        visit(doctor_page, doctor_page.url)
        assert doctor_page.evaluate("document.documentElement.scrollWidth") <= 320
        doctor_page.set_viewport_size({"width": 1280, "height": 900})
        doctor_page.get_by_role("radio", name="Renewed", exact=True).check()
        doctor_page.get_by_role("button", name="Send the answer").click()
        expect(doctor_page.get_by_text("The answer was sent to the patient.")).to_be_visible()
        expect(doctor_page.get_by_role("button", name="Send the answer")).to_have_count(0)
        check_accessibility(doctor_page)

        # Aino sees it on her medicines page and in her messages.
        visit(patient, village.base_url + "/en/my/record/medicines/")
        expect(_sertraline(patient)).to_contain_text("Renewed")
        expect(_sertraline(patient)).not_to_contain_text("Waiting for an answer")
        visit(patient, village.base_url + "/en/messages/")
        patient.get_by_role("link", name="Prescription renewal: Sertraline").first.click()
        expect(
            patient.get_by_text(f"Your prescription for {SERTRALINE} has been renewed.")
        ).to_be_visible()
        check_accessibility(patient)

        # The next time the team does not renew it, and must say why.
        # This time from the inbox's list of the requests waiting for an answer.
        _ask_for_a_renewal(patient, village, "DEMO: once more")
        visit(doctor_page, village.base_url + "/en/staff/messages/")
        doctor_page.get_by_role(
            "link", name="Prescription renewal requests waiting for an answer"
        ).click()
        expect(doctor_page.get_by_role("listitem").filter(has_text=SERTRALINE)).to_contain_text(
            "Aino Virtanen"
        )
        check_accessibility(doctor_page)
        doctor_page.get_by_role("link", name=SERTRALINE).click()
        expect(doctor_page.get_by_text("DEMO: once more")).to_be_visible()
        doctor_page.get_by_role("radio", name="Not renewed").check()
        doctor_page.get_by_role("button", name="Send the answer").click()
        expect(doctor_page.get_by_role("alert")).to_contain_text("Write the reason")
        check_accessibility(doctor_page)
        reason = "DEMO: let us review the dose at your next visit first."
        doctor_page.get_by_role("radio", name="Not renewed").check()
        doctor_page.get_by_role(
            "textbox", name=re.compile("Reason or message to the patient")
        ).fill(reason)
        doctor_page.get_by_role("button", name="Send the answer").click()
        expect(doctor_page.get_by_text("The answer was sent to the patient.")).to_be_visible()

        visit(patient, village.base_url + "/en/my/record/medicines/")
        expect(_sertraline(patient)).to_contain_text("Not renewed")
        expect(_sertraline(patient)).to_contain_text(reason)
        # Answered, so she may ask again.
        expect(
            patient.get_by_role("link", name=re.compile(r"Ask for a renewal\W+Sertraline"))
        ).to_be_visible()
    finally:
        doctor.close()
