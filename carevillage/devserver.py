"""`make run`: migrate, seed the demo village, start everything it needs, print how to use it.

Starts three processes and stops them all on Ctrl-C:
- the e-ID provider (oidc-provider-mock, a real OpenID Connect provider) on IDP_PORT,
- the web app (uvicorn serving the ASGI app) on PORT,
- the task worker (django-tasks' database worker).

The browser tests start the same stack through `Stack`, so they exercise this code too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def provider_command(port: int) -> list[str]:
    from carevillage.identity.demo import DEMO_PERSONS

    command = [
        sys.executable,
        "-m",
        "oidc_provider_mock",
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
        "--require-nonce",
        "true",
    ]
    for person in DEMO_PERSONS:
        command += ["--user-claims", json.dumps(person.claims())]
    return command


def _detach_and_die_with_parent() -> None:
    """In the child: own process group (for clean stops), and end when the launcher dies."""
    os.setsid()
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def wait_for(url: str, *, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status < 500:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code < 500:
                return
            last_error = exc
        except OSError as exc:
            last_error = exc
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up in {timeout:.0f}s: {last_error}")


@dataclass
class Stack:
    """The provider, the web app and the worker, started with one environment."""

    port: int
    idp_port: int
    env: dict[str, str] = field(default_factory=dict)
    quiet: bool = False
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.idp_port}"

    def environment(self) -> dict[str, str]:
        env = {**os.environ, **self.env}
        env.setdefault("OIDC_ISSUER", self.issuer)
        # Links in e-mails, FHIR canonical URLs, admin links: the address we really run at.
        env.setdefault("BASE_URL", self.base_url)
        env.setdefault("DJANGO_SETTINGS_MODULE", "carevillage.settings")
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            env=self.environment(),
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL if self.quiet else None,
        )

    def _spawn(self, command: list[str]) -> subprocess.Popen:
        output = subprocess.DEVNULL if self.quiet else None
        process = subprocess.Popen(
            command,
            env=self.environment(),
            cwd=ROOT,
            stdout=output,
            stderr=output,
            preexec_fn=_detach_and_die_with_parent,  # noqa: PLW1509 - no threads yet at spawn
        )
        self.processes.append(process)
        return process

    def start(self, *, migrate: bool = True) -> None:
        if migrate:
            self.manage("migrate", "--no-input", "-v", "0")
            self.manage("seed_demo")
        try:
            idp = self._spawn(provider_command(self.idp_port))
            wait_for(self.issuer + "/.well-known/openid-configuration", process=idp)
            self._spawn([sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"])
            app = self._spawn(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "carevillage.asgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    "--no-access-log",
                ]
            )
            wait_for(self.base_url + "/healthz", process=app)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def banner(stack: Stack) -> str:
    from carevillage.identity.demo import DEMO_PERSONS, DEMO_STAFF, DEMO_STAFF_PASSWORD

    lines = [
        "",
        f"CareVillage is running at {stack.base_url}/",
        f"e-ID provider (demo) at {stack.issuer}/  admin at {stack.base_url}/admin/",
        "",
        "Demo persons (log in with e-ID, then pick the person on the provider's page):",
    ]
    for person in DEMO_PERSONS:
        lines.append(f"  {person.sub:<12} {person.name:<18} {person.role}")
    lines += [
        "",
        f"Demo staff (Staff login; password {DEMO_STAFF_PASSWORD}, then a TOTP code):",
    ]
    for staff in DEMO_STAFF:
        lines.append(f"  {staff.username:<13} {staff.role:<13} TOTP secret {staff.totp_base32}")
    lines += [
        "  current code: .venv/bin/python manage.py demo_totp USERNAME",
        "",
        f"FHIR R4 API at {stack.base_url}/fhir/ (demo EHR client, key in var/fhir-demo-ehr/):",
        "  TOKEN=$(.venv/bin/python manage.py fhir_demo_token)",
        f'  curl -H "Authorization: Bearer $TOKEN" "{stack.base_url}/fhir/Patient?'
        'identifier=urn:oid:1.2.246.21|140385-912T"',
        "",
        "Press Ctrl-C to stop.",
    ]
    return "\n".join(lines)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carevillage.settings")
    import django

    django.setup()
    stack = Stack(
        port=int(os.environ.get("PORT", "8000")),
        idp_port=int(os.environ.get("IDP_PORT", "9400")),
    )
    stopping = False

    def handle_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handle_signal)
    try:
        stack.start()
        print(banner(stack), flush=True)
        while all(p.poll() is None for p in stack.processes):
            time.sleep(0.5)
        failed = [p.args for p in stack.processes if p.poll() is not None]
        print(f"A process stopped unexpectedly: {failed}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nStopping CareVillage…", flush=True)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
