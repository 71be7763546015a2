"""One test vocabulary for unit and browser tests alike.

    login_citizen(client, "demo-aino")            # Django test client, through the real e-ID
    login_citizen(page, "demo-aino", village=v)   # Playwright page, through the provider's page
    login_staff(client, "doctor.juha")            # password + authenticator code
    login_staff(page, "doctor.juha", village=v)

Citizens log in through the e-ID provider the test suite starts (the `oidc_provider`
fixture, or the browser `village` stack); staff through the real password and TOTP views.
Factories that build the people and teams of a test live in `carevillage.testing.factories`.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.test import Client

from .eid import EidLogin
from .staff import log_in_staff


def _is_page(target: Any) -> bool:
    return hasattr(target, "goto") and hasattr(target, "get_by_role")


def login_citizen(
    target: Any, sub: str = "demo-aino", *, village: Any = None, language: str = "en"
) -> Any:
    """Log `sub` in with e-ID at a high level of assurance; returns the callback response
    (client) or leaves the page on My page (browser)."""
    if _is_page(target):
        from playwright.sync_api import expect

        from .browser import check_accessibility

        target.goto(f"{village.base_url}/{language}/login/")
        check_accessibility(target)
        target.locator("form[action$='/login/e-id/'] button[type=submit]").click()
        expect(target).to_have_url(re.compile(re.escape(village.issuer)))
        target.get_by_role("button", name=sub).click()
        # Back from the provider: the callback logs the person in and shows My page.
        target.wait_for_url(re.compile(re.escape(village.base_url) + r"/\w+/my/$"))
        return target
    assert isinstance(target, Client)
    return EidLogin(settings.OIDC_ISSUER).log_in(target, sub, language=language)


def login_staff(target: Any, username: str, *, village: Any = None, language: str = "en") -> Any:
    """Password, then the authenticator code, through the real staff login views."""
    if _is_page(target):
        from carevillage.identity.demo import DEMO_STAFF_PASSWORD

        from .browser import totp_code

        target.goto(f"{village.base_url}/{language}/staff/login/")
        target.get_by_label(re.compile("Username|Käyttäjätunnus|Användarnamn|Brukernavn")).fill(
            username
        )
        target.locator("input[type=password]").fill(DEMO_STAFF_PASSWORD)
        target.locator("main form button[type=submit]").click()
        target.locator("input[name=code]").fill(totp_code(username))
        target.locator("main form button[type=submit]").click()
        target.wait_for_url(re.compile(re.escape(village.base_url) + r"/\w+/staff/$"))
        return target
    from carevillage.identity.demo import DEMO_STAFF, DEMO_STAFF_PASSWORD
    from carevillage.identity.models import User

    assert isinstance(target, Client)
    # The demo village's staff (seed_demo) have the demo password; factory-made staff ours.
    demo = any(staff.username == username for staff in DEMO_STAFF)
    user = User.objects.get(username=username)
    if demo and user.check_password(DEMO_STAFF_PASSWORD):
        return log_in_staff(target, user, password=DEMO_STAFF_PASSWORD)
    return log_in_staff(target, user)
