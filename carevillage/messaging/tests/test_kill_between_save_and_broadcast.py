"""A real server process is killed (SIGKILL) after a message is saved and before it is
broadcast. After a restart the page reconnects, asks by cursor, and gets the message
exactly once; the client's retry with the same key creates nothing new."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

from carevillage.devserver import ROOT, _detach_and_die_with_parent, wait_for
from conftest import free_port

SETUP = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from carevillage.identity.tests.factories import make_person
from carevillage.messaging import services
from carevillage.tenants.models import PatientRegistration
from carevillage.tenants.tests.factories import make_care_team, make_organization
import uuid

team = make_care_team(make_organization("Kill Test District"), "Kill test nurses")
person = make_person("Kaisa", "Kokeilu")
PatientRegistration.objects.create(person=person, organization=team.organization, care_team=team)
thread = services.start_thread(actor=person.user, care_team=team, topic="Test topic",
    body="First message", client_key=uuid.uuid4())
session = SessionStore()
session[SESSION_KEY] = str(person.user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = person.user.get_session_auth_hash()
session["loa"] = "high"
session.create()
print(json.dumps({"session": session.session_key, "thread": thread.pk,
    "first": thread.messages.get().pk}))
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carevillage.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kill.sqlite3'}",
        "CAREVILLAGE_VAR_DIR": str(tmp_path / "var"),
        "DEBUG": "true",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    env.pop("REDIS_URL", None)
    return env


def _server(tmp_path: Path, port: int, **extra: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "carevillage.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
        ],
        cwd=ROOT,
        env=_env(tmp_path, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_detach_and_die_with_parent,  # noqa: PLW1509
    )
    wait_for(f"http://127.0.0.1:{port}/healthz", process=process)
    return process


def _count(db: Path, body: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute(
            "SELECT COUNT(*) FROM messaging_message WHERE body = ?", [body]
        ).fetchone()[0]


def test_message_saved_before_a_kill_reaches_the_page_after_reconnect_exactly_once(tmp_path):
    env = _env(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    setup = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    ids = json.loads(setup.stdout.strip().splitlines()[-1])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    thread_url = f"{base}/en/messages/{ids['thread']}/"
    cookies = {"sessionid": ids["session"]}

    server = _server(tmp_path, port, CAREVILLAGE_TEST_PAUSE_BEFORE_BROADCAST="60")
    try:
        http = httpx.Client(cookies=cookies, timeout=90)
        page = http.get(thread_url)
        assert page.status_code == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        form = {
            "csrfmiddlewaretoken": token,
            "body": "Saved before the crash",
            "client_key": str(uuid.uuid4()),
        }
        outcome: dict[str, object] = {}

        def send() -> None:
            try:
                outcome["status"] = http.post(
                    thread_url, data=form, headers={"Referer": thread_url}
                ).status_code
            except httpx.HTTPError as exc:
                outcome["error"] = exc

        sender = threading.Thread(target=send)
        sender.start()
        db = tmp_path / "kill.sqlite3"
        deadline = time.monotonic() + 30
        while _count(db, "Saved before the crash") == 0:
            assert time.monotonic() < deadline, "the message was never saved"
            time.sleep(0.05)
        # Committed, now sleeping before the broadcast: kill the server hard.
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        sender.join(timeout=30)
        assert "error" in outcome, "the client should have seen the connection die"
    finally:
        if server.poll() is None:
            server.kill()

    server = _server(tmp_path, port)
    try:
        origin = {"Origin": base, "Cookie": f"sessionid={ids['session']}"}
        with connect(
            f"ws://127.0.0.1:{port}/ws/messages/{ids['thread']}/", additional_headers=origin
        ) as socket:
            socket.send(json.dumps({"after": ids["first"]}))
            received = []
            try:
                while True:
                    received.append(json.loads(socket.recv(timeout=2)))
            except TimeoutError:
                pass
            assert [m["message"]["body"] for m in received] == ["Saved before the crash"]

            # The page's retry of the failed POST carries the same key: no second message.
            retry = http.post(thread_url, data=form, headers={"Referer": thread_url})
            assert retry.status_code == 302
            assert _count(tmp_path / "kill.sqlite3", "Saved before the crash") == 1
            with pytest.raises(TimeoutError):
                socket.recv(timeout=1)
    finally:
        server.terminate()
        server.wait(timeout=10)
