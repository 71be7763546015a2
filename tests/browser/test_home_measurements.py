"""Elsa, preparing for her hip operation, enters her weight at home: a typo (1200 kg)
gets a clear error and saves nothing, the corrected reading is saved and drawn on her
chart with the table beside it; she shows a pairing code for her phone. Every page
passes axe-core and fits 320 px."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from carevillage.testing import login_staff
from tests.browser.conftest import check_accessibility, visit


def _fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    visit(page, page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})


def test_elsa_enters_a_wrong_then_a_good_weight_and_sees_her_chart(village, page):
    page.goto(village.base_url + "/en/my/measurements/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-elsa").click()
    expect(page).to_have_url(re.compile(r"/en/my/measurements/$"))
    expect(page.get_by_role("heading", name="My home measurements", level=1)).to_be_visible()
    table = page.get_by_role("table", name="What you can measure, with your latest reading")
    expect(table).to_contain_text("83.2 kg")
    check_accessibility(page)
    _fits_a_phone(page)

    page.get_by_role("link", name="Weight", exact=True).click()
    expect(page.get_by_role("heading", name="Weight", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Weight", exact=True).fill("1200")
    page.get_by_role("button", name="Save the measurement").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Weight 1200 kg is not possible: check the number. It must be between 2 and 400 kg."
    )
    expect(page.get_by_label("Weight", exact=True)).to_have_value("1200")
    check_accessibility(page)

    page.get_by_label("Weight", exact=True).fill("82,9")
    page.get_by_role("button", name="Save the measurement").click()
    expect(page.get_by_text("Your measurement was saved.")).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("Chart of your Weight readings"))
    ).to_be_visible()
    readings = page.get_by_role("table", name=re.compile("readings in this period"))
    expect(readings).to_contain_text("82.9 kg")
    check_accessibility(page)
    _fits_a_phone(page)

    page.get_by_role("link", name="All", exact=True).click()
    expect(page.get_by_role("table", name="5 readings in this period")).to_be_visible()
    check_accessibility(page)

    # Her phone app: a pairing code, shown once.
    visit(page, village.base_url + "/en/my/measurements/devices/")
    expect(page.get_by_role("table", name=re.compile("Your devices"))).to_contain_text(
        "Bathroom scale (demo)"
    )
    page.get_by_label("Name of the device (for you to recognise it)").fill("Elsa's phone")
    page.get_by_role("button", name="Show a pairing code").click()
    expect(page.get_by_role("heading", name="Your pairing code")).to_be_visible()
    expect(page.locator(".pairing-code")).to_have_text(re.compile(r"^[A-Z2-9]{8}$"))
    check_accessibility(page)
    _fits_a_phone(page)


def test_nurse_sees_railis_red_weight_alert_and_changes_her_limits(village, page):
    login_staff(page, "nurse.sanna", village=village)
    visit(page, village.base_url + "/en/care-team/")
    page.get_by_role("link", name="Raili Esimerkki").first.click()
    expect(
        page.get_by_role("heading", name=re.compile("Home measurement, Red: Weight rose"))
    ).to_be_visible()
    limits = page.get_by_role("table", name="Latest readings and the alert limits for this patient")
    expect(limits).to_contain_text("73.6 kg")
    check_accessibility(page)

    page.get_by_label("Rule").select_option("weight:weight:rise")
    page.get_by_label("Orange limit").fill("1,5")
    page.get_by_label("Red limit").fill("2")
    page.get_by_label("Days (rise, no reading)").fill("3")
    page.get_by_role("button", name="Save the limits").click()
    expect(page.get_by_text("Give the reason for changing the limits.")).to_be_visible()
    page.get_by_label("Rule").select_option("weight:weight:rise")
    page.get_by_label("Orange limit").fill("1,5")
    page.get_by_label("Red limit").fill("2")
    page.get_by_label("Days (rise, no reading)").fill("3")
    page.get_by_label("Reason for the change").fill("Earlier warning after her admission")
    page.get_by_role("button", name="Save the limits").click()
    expect(page.get_by_text("The alert limits were saved.")).to_be_visible()
    expect(limits).to_contain_text("Weight rise in 3 days: orange 1.5 red 2")
    check_accessibility(page)
    _fits_a_phone(page)
