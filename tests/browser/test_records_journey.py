"""Aino opens her health record, a result's history chart, her printable vaccination card
and the print view of her whole record, and asks for a renewal of her prescription; every
page passes axe-core and fits 320 px."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit


def _fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    visit(page, page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})


def test_aino_reads_her_record_and_asks_for_a_renewal(village, page):
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

    # A renewal of the prescription in use.
    visit(page, village.base_url + "/en/my/record/")
    page.get_by_role("link", name="Medicines and renewals").first.click()
    check_accessibility(page)
    page.get_by_role("link", name=re.compile(r"Ask for a renewal\W+Sertraline")).click()
    expect(page.get_by_role("heading", name="Ask for a renewal")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Message to the care team (optional)").fill("DEMO: tablets running out")
    page.get_by_role("button", name="Send the renewal request").click()
    expect(page).to_have_url(re.compile(r"/en/my/record/medicines/#medicines-\d+$"))
    expect(page.get_by_text("Waiting for an answer").first).to_be_visible()
    check_accessibility(page)

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
