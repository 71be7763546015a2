"""Headers and modes: CSP, no-store for personal data, HEAD, favicon, websocket Origin,
DEBUG off by default, BASE_URL."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync

from carevillage.portal.websocket_origin import SameOriginValidator
from carevillage.testing import login_citizen, login_staff
from carevillage.testing.factories import make_organization, make_staff

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/en/",
    "/fi/",
    "/en/providers/",
    "/en/providers/?near=60.17,24.94",
    "/en/login/",
    "/en/staff/login/",
    "/en/self-tests/",
    "/en/navigators/",
    "/en/search/?q=heart",
    "/en/no-such-page/",
]


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_has_a_policy_that_allows_only_our_own_script_files(client, url):
    response = client.get(url)
    assert response.status_code in {200, 404}
    directives = _directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["style-src"]
    # ... and the page itself keeps to it: no inline script, no inline event handler.
    html = response.content.decode()
    inline_scripts = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
    assert inline_scripts == []
    assert not re.search(r"\son[a-z]+=\"", html)


def test_the_e_id_login_may_continue_to_the_provider(client, settings):
    response = client.get("/en/login/")
    assert settings.OIDC_ISSUER in _directives(response)["form-action"]


def test_the_admin_has_its_own_policy_that_still_loads_nothing_from_elsewhere(client):
    response = client.get("/admin/login/")
    directives = _directives(response)
    # Wagtail's InlinePanel and date choosers start with an inline script.
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert all(
        source in {"'self'", "'unsafe-inline'", "'none'", "data:", "blob:"}
        for values in directives.values()
        for source in values
    )


def test_my_page_is_never_stored_by_a_browser_or_proxy(client, eid):
    login_citizen(client, "demo-aino")
    response = client.get("/en/my/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    # Every other page of a logged-in person too, even one that shows no health data.
    assert "no-store" in client.get("/en/providers/")["Cache-Control"]


def test_staff_pages_are_never_stored(client):
    make_staff("nurse.test", make_organization())
    login_staff(client, "nurse.test")
    for url in ["/en/staff/", "/en/staff/messages/"]:
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), url


def test_public_pages_for_an_anonymous_visitor_may_be_cached(client):
    response = client.get("/en/providers/")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "url", ["/en/", "/en/providers/", "/en/login/", "/en/self-tests/", "/en/navigators/"]
)
def test_head_answers_like_get_without_a_body(client, url):
    get = client.get(url)
    head = client.head(url)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    for header in ["Content-Type", "Content-Security-Policy", "Content-Length"]:
        assert head.get(header) == get.get(header), header


def test_the_village_has_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/carevillage/favicon.svg"
    html = client.get("/en/").content.decode()
    assert '<link rel="icon" href="/static/carevillage/favicon.svg"' in html
    assert (
        (ROOT / "carevillage/portal/static/carevillage/favicon.svg").read_text().startswith("<svg")
    )


def _connects(origin: str | None, *, host: str = "testserver", scheme: str = "ws") -> bool:
    reached: list[bool] = []

    async def inner(scope, receive, send):  # noqa: ANN001
        reached.append(True)

    messages = [{"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": 1000}]

    async def receive():  # noqa: ANN202
        return messages.pop(0)

    async def send(message):  # noqa: ANN001, ANN202
        return None

    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    scope = {"type": "websocket", "scheme": scheme, "path": "/ws/x/", "headers": headers}
    async_to_sync(SameOriginValidator(inner))(scope, receive, send)
    return bool(reached)


def test_a_websocket_is_opened_only_from_the_villages_own_origin(settings):
    settings.BASE_URL = "https://village.example.org"
    settings.CSRF_TRUSTED_ORIGINS = []
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1", "village.example.org"]
    assert _connects("http://testserver")
    assert _connects("http://127.0.0.1:8000", host="127.0.0.1:8000")
    assert _connects("https://village.example.org", host="internal:8000")
    # Same host, another port or scheme: another origin, another site.
    assert not _connects("http://127.0.0.1:9999", host="127.0.0.1:8000")
    assert not _connects("https://testserver")
    assert not _connects("http://village.example.org", host="village.example.org", scheme="wss")
    assert not _connects("http://evil.example", host="testserver")
    assert not _connects(None)
    assert not _connects("null")


def _settings_in_a_fresh_process(tmp_path, **env: str) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "BASE_URL", "PORT"}}
    environment.update({"CAREVILLAGE_VAR_DIR": str(tmp_path), **env})
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.BASE_URL, s.WAGTAILADMIN_BASE_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "carevillage.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_make_run_is_not_in_debug_mode_unless_asked_and_knows_its_address(tmp_path):
    assert _settings_in_a_fresh_process(tmp_path, PORT="8123") == [
        "False",
        "http://127.0.0.1:8123",
        "http://127.0.0.1:8123",
    ]
    assert _settings_in_a_fresh_process(tmp_path, DEBUG="1")[0] == "True"
    assert _settings_in_a_fresh_process(tmp_path, BASE_URL="https://village.example.org/")[1:] == [
        "https://village.example.org",
        "https://village.example.org",
    ]


def test_the_dev_stack_tells_every_process_where_it_runs():
    from carevillage.devserver import Stack

    env = Stack(port=8765, idp_port=9765).environment()
    if "BASE_URL" not in os.environ:
        assert env["BASE_URL"] == "http://127.0.0.1:8765"


def test_production_refuses_to_start_without_its_address(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "BASE_URL"}
    env.update(
        {
            "CAREVILLAGE_ENV": "production",
            "CAREVILLAGE_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "s" * 60,
            "NATIONAL_ID_ENCRYPTION_KEY": "k" * 40,
            "NATIONAL_ID_HASH_KEY": "h" * 40,
            "AUDIT_HMAC_KEY": "a" * 40,
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "BASE_URL must be set" in result.stderr


def test_links_in_e_mails_and_fhir_urls_use_the_base_url(settings):
    from carevillage.notify.tasks import _absolute
    from carevillage.questionnaires.fhir import canonical_url

    settings.WAGTAILADMIN_BASE_URL = settings.BASE_URL = "https://village.example.org"
    assert _absolute("/en/my/") == "https://village.example.org/en/my/"
    assert canonical_url("phq-9").startswith("https://village.example.org/fhir/")
