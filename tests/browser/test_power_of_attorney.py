"""Elsa's daughter acts for her under a power of attorney (appointments and messages):
she writes to Elsa's care team for her, sees Elsa's appointment, finds no record
documents, and Elsa then sees
in her own trail what Helena did and tried, and the power of attorney she gave."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, fresh_page


def log_in(page, village, subject: str, path: str) -> None:  # noqa: ANN001
    page.goto(village.base_url + path)
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name=subject).click()


def test_helena_acts_for_elsa_within_the_power_and_elsa_sees_what_she_did(
    village, page, browser, tmp_path
):
    log_in(page, village, "demo-helena", "/en/my/act-for/")
    expect(page).to_have_url(re.compile(r"/en/my/act-for/$"))
    page.get_by_label(re.compile(r"Elsa Nieminen \(\d+\)")).check()
    page.get_by_role("button", name="Act for this person").click()
    expect(page.get_by_text("This is Elsa Nieminen's page")).to_be_visible()

    page.goto(village.base_url + "/en/messages/new/")
    page.get_by_label("Care team").select_option(index=0)
    page.get_by_label("Topic").fill("Hip pain at night (for my mother)")
    page.get_by_label("Message", exact=True).fill("Could her evening medicine be taken later?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Hip pain at night (for my mother)")).to_be_visible()
    expect(page.get_by_text("on behalf of Elsa Nieminen").first).to_be_visible()
    check_accessibility(page)

    # Appointments are in the power of attorney: she sees Elsa's pre-operative visit.
    page.goto(village.base_url + "/en/my/appointments/")
    expect(page.get_by_role("region", name="Upcoming")).to_contain_text("Pre-operative visit")
    check_accessibility(page)

    # Her power of attorney does not cover the health record's documents.
    page.goto(village.base_url + "/en/my/record/documents/")
    expect(page.get_by_text("X-ray of the right hip")).to_have_count(0)

    # Elsa, in her own browser, sees what Helena did and the power she gave, on a phone.
    context, elsa = fresh_page(browser)
    try:
        log_in(elsa, village, "demo-elsa", "/en/my/who-has-viewed-my-data/")
        expect(elsa.get_by_text("Helena Nieminen, on your behalf").first).to_be_visible()
        check_accessibility(elsa)
        elsa.set_viewport_size({"width": 320, "height": 640})
        elsa.goto(village.base_url + "/fi/my/powers-of-attorney/")
        expect(elsa.get_by_role("heading", name="Antamasi")).to_be_visible()
        expect(elsa.get_by_text("Helena Nieminen", exact=True)).to_be_visible()
        assert elsa.evaluate("document.documentElement.scrollWidth") <= 320
        check_accessibility(elsa)
        elsa.screenshot(path=str(tmp_path / "powers-320-fi.png"), full_page=True)
    finally:
        context.close()
