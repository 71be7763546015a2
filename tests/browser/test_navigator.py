"""A citizen uses a symptom navigator in the browser: to an emergency, and to self-care."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit


def answer(page, label: str) -> None:
    page.get_by_role("radio", name=label, exact=True).check()
    page.get_by_role("button", name="Next").click()
    check_accessibility(page)


def test_red_flag_answer_leads_straight_to_call_the_emergency_number(village, page):
    visit(page, village.base_url + "/en/")
    page.get_by_role("link", name="Symptom navigators").click()
    check_accessibility(page)
    expect(page.get_by_role("heading", name="In an emergency call 112")).to_be_visible()
    page.get_by_role("link", name="Low back pain").click()
    check_accessibility(page)
    page.get_by_role("button", name="Start").click()
    check_accessibility(page)

    expect(page.get_by_role("group", name=re.compile("numbness between your legs"))).to_be_visible()
    answer(page, "Yes")

    expect(page).to_have_url(re.compile(r"/en/navigators/low-back-pain/result/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Call 112 now")
    expect(page.get_by_role("link", name="Call 112")).to_have_attribute("href", "tel:112")
    why = page.get_by_role("region", name="Why this result")
    expect(why).to_contain_text("sign that needs help at once")


def test_walk_to_self_care_with_a_changed_answer_at_320px(village, page):
    page.set_viewport_size({"width": 320, "height": 700})
    visit(page, village.base_url + "/en/navigators/low-back-pain/")
    page.get_by_role("button", name="Start").click()
    check_accessibility(page)

    answer(page, "No")  # saddle numbness
    answer(page, "No")  # serious accident
    answer(page, "Yes")  # cancer, weight loss or fever
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Contact your health centre or the on-call service today"
    )
    # Changed my mind: back, and answer again.
    page.get_by_role("button", name="Back: change my last answer").click()
    check_accessibility(page)
    answer(page, "No")
    answer(page, "No")  # sciatica
    page.get_by_role("button", name="Next").click()  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Choose one of the answers to continue.")
    check_accessibility(page)
    answer(page, "No")  # more than six weeks

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You can probably take care of this at home"
    )
    expect(page.get_by_role("link", name="Read the self-care advice")).to_be_visible()
    expect(page.get_by_label("Summary text")).to_contain_text(
        "Has the pain lasted more than six weeks? No"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert "?" not in page.url


def test_navigator_works_without_javascript(village, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    no_js = context.new_page()
    no_js.set_default_timeout(15_000)
    no_js.goto(village.base_url + "/en/navigators/")
    no_js.get_by_role("link", name="Sore throat").click()
    no_js.get_by_role("button", name="Start").click()
    no_js.get_by_role("radio", name="15–44 years").check()
    no_js.get_by_role("button", name="Next").click()
    no_js.get_by_role("radio", name="Yes", exact=True).check()
    no_js.get_by_role("button", name="Next").click()
    expect(no_js.get_by_role("heading", level=1)).to_have_text("Call 112 now")
    context.close()
