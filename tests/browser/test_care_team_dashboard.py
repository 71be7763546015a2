"""A doctor's journey: the care-team dashboard, a sorted and filtered patient list, the
patient's timeline, and an open alert acknowledged with a note (demo village data)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from carevillage.identity.demo import DEMO_STAFF_PASSWORD
from tests.browser.conftest import check_accessibility, totp_code, visit


def test_doctor_acknowledges_ainos_open_alert_from_the_dashboard(village, page):
    visit(page, village.base_url + "/en/staff/login/")
    page.get_by_label("Username").fill("doctor.juha")
    page.get_by_label("Password").fill(DEMO_STAFF_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code from your authenticator app").fill(totp_code("doctor.juha"))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/en/staff/$"))
    expect(page.get_by_text(re.compile(r"\d+ open alerts? in your care teams"))).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Care-team dashboard").click()
    expect(page.get_by_role("heading", name="Care-team dashboard", level=1)).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Aino Virtanen")).to_be_visible()
    # Her critical alert sits above the table, linked to the alert on her page.
    expect(
        page.get_by_role("link", name="Aino Virtanen").and_(
            page.locator("[href$='#alerts-heading']")
        )
    ).to_be_visible()
    check_accessibility(page)

    # Safety first by default: sorted by open alerts, most severe first, and the column
    # says so; its link turns the order round.
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("Open alerts")
    page.get_by_role("link", name=re.compile("^Open alerts")).click()
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("Open alerts")
    check_accessibility(page)

    page.get_by_label("have open alerts").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"alerts=1"))
    rows = page.get_by_role("table").locator("tbody tr")
    for index in range(rows.count()):
        expect(rows.nth(index).locator("td").nth(6)).not_to_have_text("0")
    aino = page.get_by_role("table").get_by_role("link", name="Aino Virtanen")
    expect(aino).to_be_visible()
    check_accessibility(page)

    aino.click()
    expect(page.get_by_role("heading", name="Aino Virtanen", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Timeline, newest first")).to_be_visible()
    expect(page.get_by_text("Completed module:").first).to_be_visible()
    check_accessibility(page)

    # A note is required: the form says so and nothing changes.
    alerts = page.get_by_role("region", name="Open alerts")
    alerts.get_by_role("button", name="Acknowledge").first.click()
    # The browser's own "required" check stops an empty note before it is sent.
    expect(page.get_by_role("heading", name="Open alerts")).to_be_visible()

    note = "Called Aino; she is safe and has a follow-up visit on Friday. (demo)"
    alerts.get_by_label("Note: what did you do? (required)").first.fill(note)
    alerts.get_by_role("button", name="Acknowledge").first.click()
    expect(page.get_by_role("status")).to_contain_text("The alert was acknowledged.")
    expect(page.get_by_text("No open alerts.")).to_be_visible()
    timeline = page.get_by_role("region", name="Timeline, newest first")
    acknowledged = timeline.get_by_role("listitem").filter(has_text="Alert acknowledged").first
    expect(acknowledged).to_contain_text("Juha")
    expect(acknowledged).to_contain_text(note)
    check_accessibility(page)
