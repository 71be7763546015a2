"""Browser journeys: the real stack (`make run`'s code) driven by headless Chromium.

Every page a test visits goes through `visit()` / `check_accessibility()`, which run
axe-core; any WCAG 2.1 A/AA violation fails the test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _browser_database(tmp_path_factory):
    """A database of its own for the server the browser talks to."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg
        from dj_database_url import parse

        config = parse(url)
        name = f"carevillage_browser_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(
            dbname="postgres",
            user=config["USER"],
            password=config["PASSWORD"],
            host=config["HOST"],
            port=config["PORT"] or 5432,
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{name}"')
        base = url.rsplit("/", 1)[0]
        yield f"{base}/{name}"
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    else:
        path: Path = tmp_path_factory.mktemp("browser-db") / "village.sqlite3"
        yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def village(_browser_database, tmp_path_factory):
    """The provider, the web app and the worker, seeded with the demo village."""
    from carevillage.devserver import Stack
    from conftest import free_port

    var_dir = tmp_path_factory.mktemp("browser-var")
    stack = Stack(
        port=free_port(),
        idp_port=free_port(),
        env={
            "DATABASE_URL": _browser_database,
            "CAREVILLAGE_VAR_DIR": str(var_dir),
            "LOG_LEVEL": "WARNING",
        },
        quiet=True,
    )
    stack.start()
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    # The demo provider's pages link a stylesheet from a CDN; there is no internet here.
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
    yield page
    context.close()


_axe = None


def accessibility_violations(page, *, extra_rules: tuple[str, ...] = ()) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page (and any extra rules), one line each."""
    global _axe
    from axe_playwright_python.sync_playwright import Axe

    if _axe is None:
        _axe = Axe()
    options: dict = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    if extra_rules:
        options["rules"] = {rule: {"enabled": True} for rule in extra_rules}
    results = _axe.run(page, options=options)
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
    ]


def check_accessibility(page) -> None:
    """Fail with axe-core's report if the page has any WCAG 2.1 A/AA violation."""
    violations = accessibility_violations(page)
    assert not violations, f"{page.url}\n" + "\n".join(violations)


def visit(page, url: str) -> None:
    page.goto(url)
    check_accessibility(page)


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
