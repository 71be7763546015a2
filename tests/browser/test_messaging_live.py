"""A patient and a nurse, each on their own page, exchange messages that appear live."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from carevillage.identity.demo import DEMO_STAFF_PASSWORD
from tests.browser.conftest import check_accessibility, visit
from tests.browser.test_staff_login import current_code


def _second_page(browser):  # noqa: ANN001, ANN202
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda route: (
            route.abort()
            if not route.request.url.startswith(("http://127.0.0.1", "http://localhost", "data:"))
            else route.continue_()
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_patient_and_nurse_exchange_messages_live(village, page, browser):
    # The patient logs in with e-ID and writes to her care team.
    patient = page
    visit(patient, village.base_url + "/en/messages/")
    patient.get_by_role("button", name="Continue to identification").click()
    patient.get_by_role("button", name="demo-elsa").click()
    expect(patient).to_have_url(re.compile(r"/en/messages/$"))
    check_accessibility(patient)
    patient.get_by_role("link", name="Write to your care team").click()
    check_accessibility(patient)
    patient.get_by_label("Topic").fill("Blood pressure readings")
    patient.get_by_label("Message", exact=True).fill("My readings were high this week.")
    patient.get_by_role("button", name="Send").click()
    expect(patient.get_by_role("heading", name="Blood pressure readings")).to_be_visible()
    expect(patient.locator("#message-list")).to_have_attribute("data-live", "on")
    check_accessibility(patient)

    # The nurse, in another browser, finds it in the team inbox.
    context, nurse = _second_page(browser)
    try:
        visit(nurse, village.base_url + "/en/staff/login/")
        nurse.get_by_label("Username").fill("nurse.sanna")
        nurse.get_by_label("Password").fill(DEMO_STAFF_PASSWORD)
        nurse.get_by_role("button", name="Continue").click()
        nurse.get_by_label("Code from your authenticator app").fill(current_code("nurse.sanna"))
        nurse.get_by_role("button", name="Log in").click()
        expect(nurse).to_have_url(re.compile(r"/en/staff/$"))
        check_accessibility(nurse)
        nurse.get_by_role("link", name="Team inbox").click()
        check_accessibility(nurse)
        nurse.get_by_role("link", name="Blood pressure readings").click()
        expect(nurse.get_by_text("My readings were high this week.")).to_be_visible()
        expect(nurse.locator("#message-list")).to_have_attribute("data-live", "on")
        check_accessibility(nurse)

        # The nurse answers; the patient's page shows it without a reload.
        nurse.get_by_label("Message", exact=True).fill("Please measure twice a day <b>for now</b>.")
        nurse.get_by_role("button", name="Send").click()
        expect(patient.get_by_text("Please measure twice a day <b>for now</b>.")).to_be_visible()

        # And the other way round.
        patient.get_by_label("Message", exact=True).fill("Thank you, I will.")
        patient.get_by_role("button", name="Send").click()
        expect(nurse.get_by_text("Thank you, I will.")).to_be_visible()
        check_accessibility(nurse)
        check_accessibility(patient)
    finally:
        context.close()
