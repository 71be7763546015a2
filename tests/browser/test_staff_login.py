"""A professional's journey: password, authenticator code, staff home, admin, logout."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from carevillage.identity.demo import DEMO_STAFF_PASSWORD
from tests.browser.conftest import check_accessibility, totp_code, visit


def current_code(username: str) -> str:
    return totp_code(username)


def test_nurse_logs_in_with_password_and_code_and_sees_her_teams(village, page):
    visit(page, village.base_url + "/en/")
    page.get_by_role("link", name="Staff login").first.click()
    check_accessibility(page)

    page.get_by_label("Username").fill("nurse.sanna")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("username or password is wrong")
    check_accessibility(page)

    page.get_by_label("Username").fill("nurse.sanna")
    page.get_by_label("Password").fill(DEMO_STAFF_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Code from your authenticator app").fill(current_code("nurse.sanna"))
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/en/staff/$"))
    expect(page.get_by_role("heading", name="Welcome, Sanna Mäkinen")).to_be_visible()
    expect(page.get_by_role("cell", name="Demo Hospital District")).to_be_visible()
    expect(page.get_by_text("Kallio health station nurses")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/en/logged-out/$"))
    page.goto(village.base_url + "/en/staff/")
    expect(page).to_have_url(re.compile(r"/en/staff/login/"))


def test_org_admin_reaches_the_admin_only_after_the_second_factor(village, page):
    page.goto(village.base_url + "/admin/")
    expect(page).to_have_url(re.compile(r"/en/staff/login/\?next=%2Fadmin%2F"))
    check_accessibility(page)

    page.get_by_label("Username").fill("admin.olli")
    page.get_by_label("Password").fill(DEMO_STAFF_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Code from your authenticator app").fill(current_code("admin.olli"))
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    # The care teams of the admin's own organization are there to manage.
    page.goto(village.base_url + "/admin/organization/care-teams/")
    expect(page.get_by_role("link", name="Kallio health station nurses")).to_be_visible()
    expect(page.get_by_role("link", name="Depression care team")).to_be_visible()
    check_accessibility(page)
