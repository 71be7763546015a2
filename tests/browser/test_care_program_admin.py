"""An editor changes a care program in the admin with the real rich-text editor."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from carevillage.identity.demo import DEMO_STAFF_PASSWORD
from tests.browser.conftest import check_accessibility, totp_code, visit


def test_editor_edits_a_module_reading_in_the_rich_text_editor(village, page):
    visit(page, village.base_url + "/admin/care-programs/")
    page.get_by_label("Username").fill("editor.emma")
    page.get_by_label("Password").fill(DEMO_STAFF_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code from your authenticator app").fill(totp_code("editor.emma"))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/care-programs/$"))
    check_accessibility(page)

    page.get_by_role("link", name="Better sleep", exact=True).click()
    expect(page.get_by_text("their tasks are not rewritten")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Modules", exact=True).click()
    check_accessibility(page)
    page.get_by_role("link", name="A wind-down routine").click()
    check_accessibility(page)
    editor = page.locator(".Draftail-Editor").nth(3)  # fi, sv, nb, en: the English reading
    editor.locator("[contenteditable=true]").click()
    page.keyboard.press("End")
    page.keyboard.type(" Demo: dim the lights at nine.")
    # The editor writes its content to the form's hidden input a moment after typing.
    expect(page.locator("input[name=reading_en]")).to_have_value(re.compile("dim the lights"))
    page.get_by_role("button", name="Save module").click()
    expect(page.get_by_text("Module saved.")).to_be_visible()
    # Checked without Wagtail's own flash message, whose colours fade in (a moment of
    # low contrast that is Wagtail's, not this page's).
    page.reload()
    expect(page.locator(".Draftail-Editor").nth(3)).to_contain_text("dim the lights at nine")
    check_accessibility(page)

    visit(page, village.base_url + "/admin/care-programs/")
    page.get_by_role("link", name="Better sleep", exact=True).click()
    program_url = re.sub(r"/$", "", page.url.split("?")[0])
    page.get_by_label("Length in days").fill("3")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_contain_text("falls on day 21")
    check_accessibility(page)

    # The saved module took the program off offer until a second clinician approves it.
    visit(page, program_url + "/approve/")
    expect(page.get_by_text("Not offered: professionals cannot refer to it")).to_be_visible()
    approver = page.context.browser.new_page()
    visit(approver, program_url + "/approve/")
    approver.get_by_label("Username").fill("doctor.juha")
    approver.get_by_label("Password").fill(DEMO_STAFF_PASSWORD)
    approver.get_by_role("button", name="Continue").click()
    approver.get_by_label("Code from your authenticator app").fill(totp_code("doctor.juha"))
    approver.get_by_role("button", name="Log in").click()
    approver.get_by_role("button", name="Approve and publish").click()
    expect(approver.get_by_role("alert")).to_contain_text("Tick the box to confirm")
    approver.get_by_label("I have reviewed the program").check()
    approver.get_by_role("button", name="Approve and publish").click()
    expect(approver.get_by_text("is approved and published")).to_be_visible()
    # Checked after a reload, without Wagtail's fading flash message (see above).
    approver.reload()
    expect(approver.get_by_text("Published: approved by Juha")).to_be_visible()
    check_accessibility(approver)
    approver.close()
