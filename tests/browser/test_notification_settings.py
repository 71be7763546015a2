"""A patient sets the address for "You have a new message" e-mails; push is offered only
where the browser can do it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit


def test_patient_enters_notification_address_and_sees_push_offered_as_optional(village, page):
    visit(page, village.base_url + "/en/login/?next=/en/my/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-aino").click()
    expect(page).to_have_url(re.compile(r"/en/my/$"))

    page.get_by_role("link", name="Notification settings").click()
    expect(page.get_by_role("heading", name="Notification settings", level=1)).to_be_visible()
    check_accessibility(page)

    page.get_by_label("E-mail address").fill("aino@example")
    page.get_by_role("button", name="Send confirmation link").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the e-mail address in the form name@example.fi."
    )
    check_accessibility(page)

    page.get_by_label("E-mail address").fill("aino.demo@example.org")
    page.get_by_role("button", name="Send confirmation link").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "We sent a confirmation link to aino.demo@example.org"
    )
    expect(page.get_by_text("Waiting for confirmation")).to_be_visible()
    # Chromium can receive push: the optional button replaces the "cannot" sentence.
    expect(
        page.get_by_role("button", name="Turn on push notifications in this browser")
    ).to_be_visible()
    expect(page.get_by_text("This browser cannot receive push notifications")).to_be_hidden()
    # One button at a time: push is off in this browser, so "Turn off" is not shown.
    expect(
        page.get_by_role("button", name="Turn off push notifications in this browser")
    ).to_be_hidden()
    check_accessibility(page)

    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # A link that is not (or no longer) valid says so, clearly.
    visit(page, village.base_url + "/en/notifications/confirm/not-a-real-token/")
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_role("alert")).to_contain_text("This confirmation link is not valid.")
    check_accessibility(page)
