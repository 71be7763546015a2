"""A citizen's journey: front page, language, e-ID login, My page, logout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit


def test_citizen_logs_in_with_eid_sees_own_login_and_logs_out(village, page):
    visit(page, village.base_url + "/")
    expect(page).to_have_url(re.compile(r"/en/$"))

    # Switch language and back, by keyboard-reachable links.
    page.get_by_role("link", name="Suomi").click()
    expect(page).to_have_url(re.compile(r"/fi/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    check_accessibility(page)
    page.get_by_role("link", name="English").click()

    page.get_by_role("link", name="Log in with e-ID").first.click()
    check_accessibility(page)
    page.get_by_role("button", name="Continue to identification").click()

    # The e-ID provider's own page: pick the demo person.
    expect(page).to_have_url(re.compile(re.escape(village.issuer)))
    page.get_by_role("button", name="demo-aino").click()

    expect(page).to_have_url(re.compile(r"/en/my/$"))
    expect(page.get_by_role("heading", name="My page")).to_be_visible()
    expect(page.get_by_text("Hello, Aino Virtanen.")).to_be_visible()
    organizations = page.get_by_role("region", name="My organizations")
    expect(organizations.get_by_role("listitem")).to_have_text(["Demo Hospital District"])
    trail = page.get_by_role("region", name="Who has viewed my data")
    # Her own actions are listed apart from what others did: this login is among them.
    expect(
        trail.get_by_role("listitem").filter(has_text="Logged in with e-ID").first
    ).to_be_visible()
    check_accessibility(page)

    # The oldest entries by others are the demo seed's policy decisions: the team nurse
    # looked, then a doctor of another team was refused. Walk to the end of the whole
    # trail by keyboard-reachable links.
    trail.get_by_role("link", name="See everything, filter by who, what and when").click()
    expect(page.get_by_role("link", name="Others")).to_have_attribute("aria-current", "page")
    rows = page.locator("table tbody tr").all_inner_texts()
    older = page.get_by_role("navigation", name="Pages").get_by_role("link", name="Older")
    while older.count():
        older.click()
        check_accessibility(page)
        rows += page.locator("table tbody tr").all_inner_texts()
    # What the seed did is the seed's: never shown as Aino's or a professional's doing.
    seeded = [row for row in rows if "CareVillage demo (seeded example)" in row]
    assert seeded and rows[-1] in seeded
    assert not any("Aino Virtanen" in row for row in seeded)
    assert any("Viewed your personal details" in row and "Allowed" in row for row in seeded)

    page.get_by_role("button", name="Log out").click()
    # The provider confirms ending its session, then sends us back.
    expect(page).to_have_url(re.compile(re.escape(village.issuer) + ".*end_session"))
    page.get_by_role("button", name="End session").click()
    expect(page).to_have_url(re.compile(r"/en/logged-out/$"))
    expect(page.get_by_role("heading", name="You have logged out")).to_be_visible()
    check_accessibility(page)

    # My page now asks for a login again.
    page.goto(village.base_url + "/en/my/")
    expect(page).to_have_url(re.compile(r"/en/login/\?next="))


def test_weak_identification_is_refused_with_a_clear_message(village, page):
    visit(page, village.base_url + "/en/login/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-pekka").click()

    expect(page.get_by_role("heading", name="Login failed")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("needs strong identification")
    check_accessibility(page)
    page.goto(village.base_url + "/en/my/")
    expect(page).to_have_url(re.compile(r"/en/login/"))


def test_front_page_fits_320px_and_login_starts_without_javascript(village, browser, page):
    # At 320 px wide (axe runs here, with JavaScript) nothing scrolls sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    visit(page, village.base_url + "/sv/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # Without JavaScript, the language switch and the start of e-ID login still work.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    no_js = context.new_page()
    no_js.set_default_timeout(15_000)
    no_js.goto(village.base_url + "/sv/")
    no_js.get_by_role("link", name="English").click()
    expect(no_js).to_have_url(re.compile(r"/en/$"))
    no_js.get_by_role("link", name="Log in with e-ID").first.click()
    no_js.get_by_role("button", name="Continue to identification").click()
    expect(no_js).to_have_url(re.compile(re.escape(village.issuer) + "/oauth2/authorize"))
    context.close()


@pytest.fixture(scope="module")
def strict_village(tmp_path_factory):
    """The same stack logging in through the strict provider (npm oidc-provider): PAR,
    PKCE and nonce required, names only from UserInfo, pairwise subjects, a "+" in the
    client secret."""
    from carevillage.devserver import Stack
    from carevillage.identity.tests import strict_provider
    from conftest import free_port

    reason = strict_provider.unavailable_reason()
    if reason:
        pytest.skip(reason)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    provider = strict_provider.start(
        free_port(),
        redirect_uris=[f"{base_url}/oidc/callback/"],
        post_logout_redirect_uris=[f"{base_url}/en/logged-out/"],
    )
    client = provider.clients["client_secret_basic"]
    var_dir = tmp_path_factory.mktemp("strict-var")
    stack = Stack(
        port=port,
        idp_port=free_port(),
        env={
            "DATABASE_URL": f"sqlite:///{var_dir / 'village.sqlite3'}",
            "CAREVILLAGE_VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
            "OIDC_ISSUER": provider.issuer,
            "OIDC_CLIENT_ID": client["client_id"],
            "OIDC_CLIENT_SECRET": client["client_secret"],
            "OIDC_CLIENT_AUTH_METHOD": "client_secret_basic",
        },
        quiet=True,
    )
    try:
        stack.start()
        yield stack, provider.issuer
    finally:
        stack.stop()
        provider.stop()


def test_citizen_logs_in_through_a_strict_e_id_broker_and_is_greeted_by_name(strict_village, page):
    stack, issuer = strict_village
    visit(page, stack.base_url + "/en/login/")
    page.get_by_role("button", name="Continue to identification").click()

    expect(page).to_have_url(re.compile(re.escape(issuer) + "/interaction/"))
    page.get_by_role("button", name="demo-aino").click()

    expect(page).to_have_url(re.compile(r"/en/my/$"))
    expect(page.get_by_text("Hello, Aino Virtanen.")).to_be_visible()
    check_accessibility(page)

    # Already logged in: the login page leads straight back to My page.
    page.goto(stack.base_url + "/en/login/")
    expect(page).to_have_url(re.compile(r"/en/my/$"))
