"""The public frame: language prefixes, the health check, production settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("fi-FI,fi;q=0.9", "/fi/"), ("sv", "/sv/"), ("nb-NO", "/nb/"), ("de", "/en/"), ("", "/en/")],
)
def test_root_redirects_by_accept_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize("language", ["fi", "sv", "nb", "en"])
def test_home_page_is_public_and_in_the_chosen_language(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert f'<html lang="{language}">' in text
    # A link to the same page in every language, with hreflang alternates.
    for other in ["fi", "sv", "nb", "en"]:
        assert f'<link rel="alternate" hreflang="{other}" href="/{other}/">' in text
        assert f'href="/{other}/" hreflang="{other}"' in text


def test_home_page_is_translated(client):
    fi = client.get("/fi/").content.decode()
    sv = client.get("/sv/").content.decode()
    nb = client.get("/nb/").content.decode()
    en = client.get("/en/").content.decode()
    assert "Skip to main content" in en
    for text in (fi, sv, nb):
        assert "Skip to main content" not in text
        assert "Log in with e-ID" not in text


def test_healthz_reports_each_part_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "channel_layer": "ok",
        "task_queue": "ok",
    }


def test_healthz_reports_a_failing_channel_layer_with_503(client, settings):
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:9/0"]},  # nothing listens there
        }
    }
    channel_layers.backends.clear()
    try:
        response = client.get("/healthz")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["channel_layer"].startswith("error")


@pytest.fixture
def redis_url():
    """A real redis-server started for the test (installed by .ci/run)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    from conftest import free_port

    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        import redis

        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=port).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_healthz_is_ok_with_the_redis_channel_layer(client, settings, redis_url):
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_url]},
        }
    }
    channel_layers.backends.clear()
    try:
        response = client.get("/healthz")
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 200
    assert response.json()["channel_layer"] == "ok"


def test_production_mode_passes_the_deployment_checklist(tmp_path):
    env = {
        **os.environ,
        "CAREVILLAGE_ENV": "production",
        "CAREVILLAGE_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-check-only-" + "y" * 20,
        "NATIONAL_ID_ENCRYPTION_KEY": "k" * 40,
        "NATIONAL_ID_HASH_KEY": "h" * 40,
        "AUDIT_HMAC_KEY": "a" * 40,
        "ALLOWED_HOSTS": "village.example.org",
        "OIDC_CLIENT_SECRET": "from-the-provider",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "BASE_URL": "https://village.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_its_secrets(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "NATIONAL_ID_ENCRYPTION_KEY", "NATIONAL_ID_HASH_KEY"}
    }
    env.update({"CAREVILLAGE_ENV": "production", "CAREVILLAGE_VAR_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
