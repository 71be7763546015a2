"""Browser helpers for Playwright journeys: axe-core checks and the demo staff's codes."""

from __future__ import annotations

from typing import Any

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_axe = None


def accessibility_violations(page: Any, *, extra_rules: tuple[str, ...] = ()) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page (and any extra rules), one line each."""
    global _axe
    from axe_playwright_python.sync_playwright import Axe

    if _axe is None:
        _axe = Axe()
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    if extra_rules:
        options["rules"] = {rule: {"enabled": True} for rule in extra_rules}
    results = _run_when_loaded(page, options)
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


def _run_when_loaded(page: Any, options: dict[str, Any]) -> Any:
    """Run axe-core once the page a click led to has loaded.

    A click that follows a link returns once the new document is committed, not
    loaded; axe-core started then finds no document element (seen in CI). It
    waits for the load event, and runs again once if a navigation still
    replaced the document under it.
    """
    from playwright.sync_api import Error

    assert _axe is not None
    page.wait_for_load_state("load")
    try:
        return _axe.run(page, options=options)
    except Error as error:
        if "documentElement" not in str(error) and "context was destroyed" not in str(error):
            raise
        page.wait_for_load_state("load")
        return _axe.run(page, options=options)


def check_accessibility(page: Any) -> None:
    """Fail with axe-core's report if the page has any WCAG 2.1 A/AA violation."""
    violations = accessibility_violations(page)
    assert not violations, f"{page.url}\n" + "\n".join(violations)


_used_totp_steps: dict[str, int] = {}


def totp_code(username: str) -> str:
    """A code the demo staff member's authenticator would show, never one used before.

    django-otp refuses a code from a time step it has already accepted (replay
    protection), and the browser tests share one server: two logins of the same
    person within 30 seconds need the next step's code (accepted within the
    one-step drift tolerance) or, failing that, a wait for a new step.
    """
    import base64
    import time

    from django_otp.oath import TOTP

    from carevillage.identity.demo import DEMO_STAFF

    staff = next(s for s in DEMO_STAFF if s.username == username)
    totp = TOTP(base64.b32decode(staff.totp_base32))
    last = _used_totp_steps.get(username, -1)
    if totp.t() > last:
        step = totp.t()
    elif totp.t() + 1 > last:
        step = totp.t() + 1
    else:
        time.sleep(totp.step - (time.time() % totp.step) + 0.5)
        step = totp.t()
    _used_totp_steps[username] = step
    totp.drift = step - totp.t()
    return f"{totp.token():06d}"
