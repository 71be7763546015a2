"""PHQ-9 in the browser: anonymously, and as a logged-in patient with a draft in between."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit

PHQ9_ITEMS = [
    "Little interest or joy in doing things",
    "Feeling low, down or hopeless",
    "Trouble falling asleep",
    "Feeling tired or having little energy",
    "Poor appetite or eating too much",
    "Feeling bad about yourself",
    "Trouble concentrating",
    "Moving or speaking so slowly",
    "Thoughts that you would be better off dead",
]


def answer(page, question: str, option: str) -> None:
    page.get_by_role("group", name=question).get_by_label(option, exact=True).check()


def offline_context(browser):
    """A second device: a fresh context that reaches only the local village."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda route: (
            route.abort()
            if not route.request.url.startswith(("http://127.0.0.1", "http://localhost", "data:"))
            else route.continue_()
        ),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def log_in_with_eid(page, village, subject: str = "demo-aino") -> None:
    check_accessibility(page)
    page.get_by_role("button", name="Continue to identification").click()
    expect(page).to_have_url(re.compile(re.escape(village.issuer)))
    page.get_by_role("button", name=subject).click()


def test_citizen_takes_phq9_anonymously_and_gets_score_band_and_advice(village, page):
    visit(page, village.base_url + "/en/self-tests/")
    expect(page.get_by_role("heading", name="Self-tests and health quizzes")).to_be_visible()
    page.get_by_role("link", name="Mood self-test (PHQ-9)").click()
    check_accessibility(page)

    # Sending it empty names every question in an error summary.
    page.get_by_role("button", name="See my result").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Little interest or joy in doing things: Answer this question.")
    check_accessibility(page)

    for question in PHQ9_ITEMS[:8]:
        answer(page, question, "On more than half of the days")
    answer(page, PHQ9_ITEMS[8], "Not at all")
    page.get_by_role("button", name="See my result").click()
    # The closing question opens because problems were ticked; no JavaScript needed.
    expect(page.get_by_role("status").filter(has_text="opened more questions")).to_be_visible()
    check_accessibility(page)
    answer(page, "How hard have these problems made it", "Somewhat hard")
    page.get_by_role("button", name="See my result").click()

    expect(page.get_by_role("heading", name="Your result: Mood self-test (PHQ-9)")).to_be_visible()
    expect(page.get_by_text("Total score: 16 out of 27")).to_be_visible()
    expect(page.get_by_text("Result group: Moderately severe symptoms")).to_be_visible()
    expect(page.get_by_text("not a diagnosis and not medical advice").first).to_be_visible()
    expect(
        page.get_by_role("link", name="Talk to a professional: log in with e-ID")
    ).to_be_visible()
    expect(page.get_by_text("Your answers were not saved.")).to_be_visible()
    check_accessibility(page)


def test_self_test_fits_320px_and_works_without_javascript(village, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(village.base_url + "/fi/self-tests/gad-7/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        for n in range(7):
            page.locator("fieldset").nth(n).get_by_label("Useina päivinä", exact=True).check()
        page.get_by_role("button", name="Näytä tulokseni").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        expect(page.get_by_text(re.compile("7 / 21|7 out of 21"))).to_be_visible()
    finally:
        context.close()


def test_patient_saves_phq9_draft_and_finishes_it_after_logging_in_again(village, browser, page):
    page.goto(village.base_url + "/en/my/questionnaires/phq-9/")
    log_in_with_eid(page, village)
    expect(page).to_have_url(re.compile(r"/en/my/questionnaires/phq-9/$"))
    check_accessibility(page)
    for question in PHQ9_ITEMS[:4]:
        answer(page, question, "On several days")
    page.get_by_role("button", name="Save draft and continue later").click()
    expect(page.get_by_text("Your answers are saved as a draft")).to_be_visible()
    check_accessibility(page)

    # Another device: log in again and carry on where the draft left off.
    context, other = offline_context(browser)
    try:
        other.goto(village.base_url + "/en/my/questionnaires/phq-9/")
        log_in_with_eid(other, village)
        expect(other.get_by_text("You are continuing your saved draft.")).to_be_visible()
        group = other.get_by_role("group", name=PHQ9_ITEMS[3])
        expect(group.get_by_label("On several days", exact=True)).to_be_checked()
        check_accessibility(other)
        for question in PHQ9_ITEMS[4:]:
            answer(other, question, "Not at all")
        # The draft's ticked problems already opened the closing question.
        answer(other, "How hard have these problems made it", "Not hard at all")
        other.get_by_role("button", name="Submit answers").click()

        expect(other.get_by_text("Total score: 4 out of 27")).to_be_visible()
        expect(other.get_by_text("Result group: Minimal symptoms")).to_be_visible()
        check_accessibility(other)
        other.get_by_role("link", name="See your earlier results").click()
        expect(other.get_by_role("img", name="Total score over time")).to_be_visible()
        table = other.get_by_role("table", name="Total score by date")
        expect(table.get_by_role("row").filter(has_text="Minimal symptoms")).to_have_count(1)
        check_accessibility(other)
        visit(other, village.base_url + "/en/my/")
        other.get_by_role("link", name="Go to my questionnaires").click()
        expect(
            other.get_by_role("link", name="Your results over time: Mood self-test (PHQ-9)")
        ).to_be_visible()
        check_accessibility(other)
    finally:
        context.close()


def test_quiz_feedback_and_paged_audit_pass_accessibility_checks(village, page):
    visit(page, village.base_url + "/en/self-tests/stroke-signs/")
    answer(page, "Which of these is a typical sign of a stroke?", "Ear pain after a cold")
    answer(page, "Someone suddenly cannot speak clearly", "Call the emergency number at once")
    answer(page, "The symptoms went away after ten minutes", "Yes, get help at once")
    answer(page, "What does the T in FAST stand for?", "Time: call for help right away")
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_text("Correct answers: 3 out of 4")).to_be_visible()
    expect(page.get_by_text("Not quite")).to_have_count(1)
    check_accessibility(page)

    visit(page, village.base_url + "/en/self-tests/audit/")
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    answer(page, "How often do you have a drink that contains alcohol?", "Never")
    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    check_accessibility(page)
