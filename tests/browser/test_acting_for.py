"""A father acts for his daughter: he chooses her after logging in, every page says so
(and screen readers hear it), and he switches back to himself."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility


def test_father_acts_for_his_daughter_and_switches_back(village, page, tmp_path):
    page.goto(village.base_url + "/en/my/act-for/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-mikko").click()
    expect(page).to_have_url(re.compile(r"/en/my/act-for/$"))
    expect(page.get_by_role("heading", name="Act for someone else")).to_be_visible()
    check_accessibility(page)

    page.get_by_label(re.compile(r"Ella Korhonen \(\d+\)")).check()
    page.get_by_role("button", name="Act for this person").click()
    expect(page).to_have_url(re.compile(r"/en/my/$"))
    banner = page.locator(".acting-for-banner")
    expect(banner.get_by_role("status")).to_have_text(
        re.compile(r"You are acting for Ella Korhonen \(\d+\)")
    )
    check_accessibility(page)

    # The banner stays on the next page too, in the page's language, and fits a phone.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(village.base_url + "/fi/my/")
    expect(page.locator(".acting-for-banner").get_by_role("status")).to_have_text(
        re.compile(r"Asioit henkilön Ella Korhonen \(\d+\) puolesta")
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(tmp_path / "acting-for-320-fi.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(village.base_url + "/en/my/act-for/")
    expect(page.locator(".acting-for-banner")).to_be_visible()

    page.get_by_role("button", name="Switch back to yourself").click()
    expect(page.locator(".acting-for-banner")).to_have_count(0)
    expect(page.locator(".messages")).to_contain_text("You are acting as yourself again.")
    check_accessibility(page)
