"""Fixtures shared by the whole suite: real services started by the suite itself."""

from __future__ import annotations

import os
import socket
import subprocess

import pytest

from carevillage.devserver import _detach_and_die_with_parent, provider_command, wait_for


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider (oidc-provider-mock) with the demo persons."""
    port = free_port()
    process = subprocess.Popen(
        provider_command(port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_detach_and_die_with_parent,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        wait_for(issuer + "/.well-known/openid-configuration", process=process)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def eid(settings, oidc_provider):
    """Point the app at the test provider; returns a helper that logs a person in."""
    from carevillage.identity import oidc
    from carevillage.testing.eid import EidLogin

    settings.OIDC_ISSUER = oidc_provider
    oidc.clear_cache()
    yield EidLogin(oidc_provider)
    oidc.clear_cache()


@pytest.fixture(scope="session")
def strict_oidc_provider():
    """A strict OpenID Connect provider (npm oidc-provider, run by node): PKCE, nonce and
    pushed authorization requests required, profile claims only from UserInfo, pairwise
    subjects, clients with a "+" in their secret and with private_key_jwt."""
    from carevillage.identity.tests import strict_provider

    reason = strict_provider.unavailable_reason()
    if reason:
        pytest.skip(reason)
    provider = strict_provider.start(
        free_port(),
        redirect_uris=["http://testserver/oidc/callback/"],
        post_logout_redirect_uris=["http://testserver/en/logged-out/"],
    )
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture(params=["client_secret_basic"])
def strict_eid(request, settings, strict_oidc_provider):
    """Point the app at the strict provider with the client of one authentication method
    (parametrize indirectly with client_secret_basic, client_secret_post, private_key_jwt)."""
    from carevillage.identity import oidc
    from carevillage.identity.tests.strict_provider import StrictEidLogin

    method = request.param
    client = strict_oidc_provider.clients[method]
    settings.OIDC_ISSUER = strict_oidc_provider.issuer
    settings.OIDC_CLIENT_ID = client["client_id"]
    settings.OIDC_CLIENT_SECRET = client.get("client_secret", "")
    settings.OIDC_CLIENT_AUTH_METHOD = method
    settings.OIDC_CLIENT_PRIVATE_KEY = strict_oidc_provider.private_key_pem
    oidc.clear_cache()
    yield StrictEidLogin(strict_oidc_provider.issuer)
    oidc.clear_cache()


@pytest.fixture(autouse=True)
def _each_test_starts_with_an_empty_cache():
    """Login throttles live in the cache: one test's attempts must not throttle the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _audit_anchors_of_each_test_stay_in_the_test(settings, tmp_path):
    """Anchors describe one database: a test's must not land in var/ beside the dev one."""
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    settings.AUDIT_ANCHOR_URL = ""


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """A request or a task activates its user's language in the thread; a test that calls
    a service directly must not inherit the language some earlier test left behind."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def committing_db(transactional_db):
    """For tests whose writes really commit (websockets, a live server in other threads).

    Django's flush cannot delete the append-only audit rows on SQLite, so the triggers are
    lifted for a moment to empty the table, as the audit app's own race test does.
    An earlier committing test's flush also removed the staff-role groups that a
    migration creates, so they are put back first.
    """
    import importlib

    from django.contrib.auth.models import Group

    groups = importlib.import_module("carevillage.tenants.migrations.0002_staff_groups")
    for name in (groups.ORG_ADMINS, groups.EDITORS):
        Group.objects.get_or_create(name=name)
    yield
    from django.db import connection

    if connection.vendor != "sqlite":
        return  # PostgreSQL's flush uses TRUNCATE, which the row triggers do not stop
    triggers = importlib.import_module("carevillage.audit.migrations.0002_append_only_triggers")
    with connection.cursor() as cursor:
        for sql in triggers.SQLITE_BACKWARD:
            cursor.execute(sql)
        cursor.execute("DELETE FROM audit_auditevent")
        for sql in triggers.SQLITE_FORWARD:
            cursor.execute(sql)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (CI=true) a skipped test fails the run: every service must be there."""
    outcome = yield
    report = outcome.get_result()
    if (
        os.environ.get("CI", "").lower() == "true"
        and report.skipped
        and not hasattr(report, "wasxfail")
    ):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI (CI=true forbids skips): {report.longrepr}"


# Fixtures that open the configured database. A test that uses none of them (and has no
# django_db mark) runs the same whatever DATABASE_URL says: parsing, the architecture
# checks, the catalogues, and the worker tests that start their own SQLite file.
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "committing_db"}


def _uses_the_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    """`SECOND_DATABASE_PASS=1` (CI's PostgreSQL pass) runs only the tests that use the
    database: the rest ran in the first pass and would run identically again."""
    if os.environ.get("SECOND_DATABASE_PASS") != "1":
        return
    kept = [item for item in items if _uses_the_database(item)]
    deselected = [item for item in items if not _uses_the_database(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
