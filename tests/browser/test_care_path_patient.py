"""A referred patient's care path in the browser: the invitation on My page, accepting it,
the first module read and its exercise answered, the module marked done. Plain forms,
axe-core on every page, and the module page at the narrowest phone width."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit

PROGRAM = "Preparing for hip replacement surgery"


def test_patient_accepts_a_referral_and_completes_the_first_module(village, page):
    page.goto(village.base_url + "/en/my/")
    check_accessibility(page)
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-mikko").click()
    expect(page).to_have_url(re.compile(r"/en/my/$"))

    care_paths = page.get_by_role("region", name="My care paths")
    expect(care_paths).to_contain_text(f"Invitation: {PROGRAM}")
    expect(care_paths).to_contain_text("Demo: your hip operation is planned for next month.")
    check_accessibility(page)
    # Having a look at declining first, then changing one's mind.
    care_paths.get_by_role("link", name=f"Decline: {PROGRAM}").click()
    expect(page.get_by_role("heading", name=f"Decline the program {PROGRAM}")).to_be_visible()
    expect(page.get_by_label("Reason (optional)")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Accept instead").click()

    expect(page.get_by_role("heading", name=f"Join the program {PROGRAM}")).to_be_visible()
    expect(page.get_by_text("Kallio health station nurses", exact=False).first).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Accept and start").click()

    expect(page).to_have_url(re.compile(r"/en/my/care-paths/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text(f"You have joined the program {PROGRAM}")
    expect(page.locator("#progress")).to_have_text("0 of 4 modules done")
    modules = page.get_by_role("region", name="Modules")
    expect(modules.get_by_text("Opens after the previous module")).to_have_count(3)
    check_accessibility(page)
    modules.get_by_role("link", name="What happens in hip replacement").click()

    expect(
        page.get_by_role("heading", name="Module 1: What happens in hip replacement")
    ).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Mark module as done").click()
    # Not yet: the exercise is unanswered, and the page says so.
    expect(page.get_by_role("alert")).to_contain_text(
        "Answer every exercise in this module before marking it done."
    )
    check_accessibility(page)

    page.get_by_label("Your answer").fill("How soon can I walk without crutches?")
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_role("status")).to_contain_text("Your answer was saved.")
    expect(page.get_by_label("Your answer")).to_have_value("How soon can I walk without crutches?")
    check_accessibility(page)
    module_url = page.url.split("#", 1)[0]

    page.get_by_role("button", name="Mark module as done").click()
    expect(page).to_have_url(re.compile(r"/en/my/care-paths/\d+/$"))
    expect(page.get_by_role("status")).to_contain_text("Module 1 is marked as done.")
    expect(page.locator("#progress")).to_have_text("1 of 4 modules done")
    modules = page.get_by_role("region", name="Modules")
    expect(modules.get_by_role("link", name="Exercises before surgery")).to_be_visible()
    check_accessibility(page)

    # At the narrowest phone width the module pages need no sideways scrolling.
    page.set_viewport_size({"width": 320, "height": 800})
    visit(page, module_url)
    expect(page.get_by_text("How soon can I walk without crutches?")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("link", name=re.compile("Next: Exercises before surgery")).click()
    expect(page.get_by_label("On which days did you exercise?")).to_be_visible()
    check_accessibility(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    visit(page, village.base_url + "/en/my/")
    care_paths = page.get_by_role("region", name="My care paths")
    expect(care_paths).to_contain_text("1 of 4 modules done")
    expect(care_paths).not_to_contain_text("Invitation:")


def test_patient_follows_her_scores_and_an_open_program_is_offered_for_joining(village, page):
    page.goto(village.base_url + "/en/my/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-aino").click()
    expect(page).to_have_url(re.compile(r"/en/my/$"))
    care_paths = page.get_by_role("region", name="My care paths")
    expect(care_paths).to_contain_text("3 of 9 modules done")
    check_accessibility(page)
    care_paths.get_by_role("link", name="Open Online CBT for depression").click()

    expect(page.get_by_role("heading", name="Online CBT for depression", level=1)).to_be_visible()
    scores = page.get_by_role("region", name="Your results over time")
    expect(scores.get_by_role("img")).to_have_count(1)
    # Four weekly answers, trending down: the same values as in the chart.
    expect(scores.get_by_role("table").get_by_role("row")).to_have_count(5)
    expect(scores.get_by_role("table")).to_contain_text("17")
    expect(scores.get_by_role("table")).to_contain_text("9")
    modules = page.get_by_role("region", name="Modules")
    expect(modules.get_by_text("Done")).to_have_count(3)
    expect(modules.get_by_text(re.compile("^Opens on "))).to_have_count(5)
    check_accessibility(page)

    # An open self-care program: its public page and the join confirmation.
    visit(page, village.base_url + "/en/care-paths/better-sleep/")
    expect(page.get_by_role("heading", name="Better sleep")).to_be_visible()
    page.get_by_role("link", name="Join Better sleep").click()
    expect(page.get_by_role("heading", name="Join Better sleep")).to_be_visible()
    expect(page.get_by_role("button", name="Join and start")).to_be_visible()
    check_accessibility(page)
