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

# The browser helpers live with the rest of the test vocabulary; imported here for the
# journeys that use them.
from carevillage.testing.browser import (  # noqa: F401
    WCAG_TAGS,
    accessibility_violations,
    check_accessibility,
    totp_code,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


def fresh_page(browser):  # noqa: ANN001, ANN201
    """A page in a context of its own (another person's browser): (context, page)."""
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
    return context, page


@pytest.fixture
def page(browser):
    context, page = fresh_page(browser)
    yield page
    context.close()


def visit(page, url: str) -> None:
    page.goto(url)
    check_accessibility(page)
