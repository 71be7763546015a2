"""A father acts for his children: he chooses Ella (10) after logging in, every page
says so (and screen readers hear it), reads her vaccinations and answers a
questionnaire for her; for Leo (15) he sees only what the 12–15 rules allow; then he
switches back to himself."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility


def test_father_acts_for_his_daughter_and_switches_back(village, page, tmp_path):
    # Straight after the e-ID login, My page offers each child as one button.
    page.goto(village.base_url + "/en/my/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-mikko").click()
    expect(page).to_have_url(re.compile(r"/en/my/$"))
    expect(
        page.get_by_role("button", name=re.compile(r"Act for Leo Korhonen \(\d+\)"))
    ).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name=re.compile(r"Act for Ella Korhonen \(\d+\)")).click()
    expect(page).to_have_url(re.compile(r"/en/my/$"))
    banner = page.locator(".acting-for-banner")
    expect(banner.get_by_role("status")).to_have_text(
        re.compile(r"You are acting for Ella Korhonen \(\d+\)")
    )
    expect(page.get_by_text("This is Ella Korhonen's page")).to_be_visible()
    check_accessibility(page)

    # He reads her vaccinations and answers a questionnaire for her.
    page.goto(village.base_url + "/en/my/record/vaccinations/card/")
    expect(page.get_by_text("Measles, combinations with mumps and rubella").first).to_be_visible()
    expect(page.get_by_text("Papillomavirus")).to_have_count(0)
    check_accessibility(page)
    page.goto(village.base_url + "/en/my/questionnaires/gad-7/")
    for group in page.locator("fieldset").all():
        group.get_by_label("Not at all", exact=True).check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Total score: 0 out of 21")).to_be_visible()
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

    # For Leo (15) he sees what 12–15 allows: vaccinations, not results nor documents.
    page.get_by_label(re.compile(r"Leo Korhonen \(\d+\)")).check()
    page.get_by_role("button", name="Act for this person").click()
    expect(page.locator(".acting-for-banner").get_by_role("status")).to_have_text(
        re.compile(r"You are acting for Leo Korhonen \(\d+\)")
    )
    page.goto(village.base_url + "/en/my/record/vaccinations/card/")
    expect(page.get_by_text("Papillomavirus").first).to_be_visible()
    page.goto(village.base_url + "/en/my/record/results/")
    expect(page.get_by_text("Hemoglobin", exact=False)).to_have_count(0)
    check_accessibility(page)

    page.get_by_role("button", name="Switch back to yourself").click()
    expect(page.locator(".acting-for-banner")).to_have_count(0)
    expect(page.locator(".messages")).to_contain_text("You are acting as yourself again.")
    check_accessibility(page)
