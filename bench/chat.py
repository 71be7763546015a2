"""bench-chat: live message delivery over websockets through the ASGI server.

Starts Redis (unless REDIS_URL is set) and the app server the way `make run` does
(uvicorn serving the ASGI app) with the Redis channel layer, on a fresh SQLite database.
It opens N websocket connections spread over threads (BENCH_CHAT_PER_THREAD listeners
per thread), then sends messages through the real send path (HTTP POST: save, commit,
broadcast) and measures, for every delivery to every listener, the time from the start
of the POST to the message arriving on the socket.

Prints deliveries per second and p50/p99 delivery latency for each N in
BENCH_CHAT_CONNECTIONS (default "100,1000").

    .venv/bin/python bench/chat.py
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from article_page import percentile  # noqa: E402

from carevillage.devserver import _detach_and_die_with_parent, wait_for  # noqa: E402
from conftest import free_port  # noqa: E402

CONNECTIONS = [int(n) for n in os.environ.get("BENCH_CHAT_CONNECTIONS", "100,1000").split(",")]
PER_THREAD = int(os.environ.get("BENCH_CHAT_PER_THREAD", "10"))
MESSAGES = int(os.environ.get("BENCH_CHAT_MESSAGES", "200"))
SENDERS = int(os.environ.get("BENCH_CHAT_SENDERS", "4"))

SETUP = """
import json, uuid
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from carevillage.identity.tests.factories import make_person
from carevillage.messaging import services
from carevillage.tenants.models import PatientRegistration
from carevillage.tenants.tests.factories import make_care_team, make_organization

team = make_care_team(make_organization("Bench District"), "Bench nurses")
person = make_person("Bench", "Person")
PatientRegistration.objects.create(person=person, organization=team.organization, care_team=team)
threads = [
    services.start_thread(actor=person.user, care_team=team, topic=f"Bench {i}",
        body="Opening", client_key=uuid.uuid4()).pk
    for i in range(THREADS)
]
session = SessionStore()
session[SESSION_KEY] = str(person.user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = person.user.get_session_auth_hash()
session["loa"] = "high"
session.create()
print(json.dumps({"session": session.session_key, "threads": threads}))
"""


async def run_round(base: str, session: str, threads: list[int], connections: int) -> dict:
    port = base.rsplit(":", 1)[1]
    headers = {"Origin": base, "Cookie": f"sessionid={session}"}
    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    expected = 0
    listeners = [threads[i // PER_THREAD] for i in range(connections)]
    used_threads = sorted(set(listeners))

    sockets = []
    for start in range(0, len(listeners), 100):  # connect in batches
        batch = listeners[start : start + 100]
        sockets += await asyncio.gather(
            *(
                connect(
                    f"ws://127.0.0.1:{port}/ws/messages/{t}/",
                    additional_headers=headers,
                    open_timeout=60,
                    ping_interval=None,
                )
                for t in batch
            )
        )

    async def listen(socket) -> None:  # noqa: ANN001
        async for raw in socket:
            body = json.loads(raw)["message"]["body"]
            if body in sent_at:
                latencies.append(time.perf_counter() - sent_at[body])

    readers = [asyncio.create_task(listen(s)) for s in sockets]
    async with httpx.AsyncClient(base_url=base, cookies={"sessionid": session}, timeout=60) as http:
        page = await http.get(f"/en/messages/{used_threads[0]}/")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found is not None, "the thread page has no CSRF token"
        token = found.group(1)
        queue: asyncio.Queue[int] = asyncio.Queue()
        for n in range(MESSAGES):
            queue.put_nowait(n)
        errors = 0

        async def sender() -> None:
            nonlocal errors, expected
            while not queue.empty():
                n = queue.get_nowait()
                thread = used_threads[n % len(used_threads)]
                body = f"bench {connections} {n} {time.time_ns()}"
                sent_at[body] = time.perf_counter()
                response = await http.post(
                    f"/en/messages/{thread}/",
                    data={
                        "csrfmiddlewaretoken": token,
                        "body": body,
                        "client_key": __import__("uuid").uuid4().hex,
                    },
                )
                if response.status_code != 302:
                    errors += 1
                else:
                    expected += listeners.count(thread)

        started = time.perf_counter()
        await asyncio.gather(*(sender() for _ in range(SENDERS)))
        deadline = time.perf_counter() + 30
        while len(latencies) < expected and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
    for task in readers:
        task.cancel()
    await asyncio.gather(*(s.close() for s in sockets), return_exceptions=True)
    return {
        "connections": connections,
        "messages_sent": MESSAGES - errors,
        "send_errors": errors,
        "deliveries": len(latencies),
        "expected_deliveries": expected,
        "deliveries_per_s": len(latencies) / elapsed,
        "messages_per_s": (MESSAGES - errors) / elapsed,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="carevillage-bench-chat-"))
    processes: list[subprocess.Popen] = []
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url and shutil.which("redis-server") is None:
        shutil.rmtree(var_dir, ignore_errors=True)
        sys.exit(
            "bench-chat: redis-server was not found. Install Redis (Debian: apt-get install "
            "redis-server) or set REDIS_URL to a Redis server to use."
        )
    if not redis_url:
        redis_port = free_port()
        processes.append(
            subprocess.Popen(
                [
                    shutil.which("redis-server") or "redis-server",
                    "--port",
                    str(redis_port),
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(var_dir),
                ],
                stdout=subprocess.DEVNULL,
                preexec_fn=_detach_and_die_with_parent,  # noqa: PLW1509
            )
        )
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        time.sleep(0.5)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var_dir / 'bench.sqlite3'}",
        "CAREVILLAGE_VAR_DIR": str(var_dir),
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "MESSAGING_SEND_LIMIT_PER_MINUTE": "1000000",
    }
    threads = max(CONNECTIONS) // PER_THREAD + 1
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        out = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", SETUP.replace("THREADS", str(threads))],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        ids = json.loads(out.strip().splitlines()[-1])
        port = free_port()
        server = subprocess.Popen(
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
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            preexec_fn=_detach_and_die_with_parent,  # noqa: PLW1509
        )
        processes.append(server)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/healthz", process=server)
        print(
            f"bench-chat: Redis layer, {PER_THREAD} listeners per thread, "
            f"{MESSAGES} messages from {SENDERS} concurrent senders, one uvicorn process"
        )
        for n in CONNECTIONS:
            result = asyncio.run(run_round(base, ids["session"], ids["threads"], n))
            print(
                f"{n:>5} connections: {result['messages_per_s']:7.1f} messages/s sent, "
                f"{result['deliveries_per_s']:8.1f} deliveries/s, "
                f"p50 {result['p50_ms']:7.1f} ms, p99 {result['p99_ms']:7.1f} ms "
                f"({result['deliveries']}/{result['expected_deliveries']} delivered, "
                f"{result['send_errors']} send errors)"
            )
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
