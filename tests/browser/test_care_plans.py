"""A patient reads the care plan made with her care team and reports progress on her own
activity, without JavaScript doing anything for her."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit


def test_patient_reads_her_care_plan_and_updates_her_own_activity(village, page):
    page.goto(village.base_url + "/en/my/care-plans/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-aino").click()
    expect(page).to_have_url(re.compile(r"/en/my/care-plans/$"))
    expect(page.get_by_role("heading", name="My care plans")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Recovering from depression").click()
    expect(page.get_by_role("heading", name="Recovering from depression", level=1)).to_be_visible()
    expect(page.get_by_text("PHQ-9 total below 10 on two weekly answers in a row")).to_be_visible()
    check_accessibility(page)

    # Only her own activity can be updated; the specialist's has no form.
    own = page.locator("li").filter(has_text="Work through one online CBT module a week")
    specialist = page.locator("li").filter(has_text="Review the weekly mood questionnaire")
    expect(specialist.get_by_role("combobox")).to_have_count(0)
    own.get_by_role("combobox").select_option(label="Completed")
    own.get_by_role("button", name=re.compile("Save status")).click()

    expect(page.get_by_role("status")).to_contain_text("The status of the activity was updated.")
    own = page.locator("li").filter(has_text="Work through one online CBT module a week")
    expect(own.locator(".status-tag")).to_have_text("Completed")
    check_accessibility(page)

    # The same at the narrowest phone width: nothing needs sideways scrolling.
    page.set_viewport_size({"width": 320, "height": 800})
    visit(page, page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
