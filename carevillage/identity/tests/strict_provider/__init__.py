"""A strict OpenID Connect provider for the tests: `oidc-provider` from npm, run by node.

The development mock (oidc-provider-mock) is lenient: it puts every claim in the ID
token and takes any client secret encoding. Real e-ID brokers are stricter, so the suite
also logs in through this one (see provider.mjs for what it insists on).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
from joserfc.jwk import RSAKey

from carevillage.identity.demo import DEMO_PERSONS, HIGH_ACR, SUBSTANTIAL_ACR
from carevillage.testing.eid import Callback, EidLogin

SCRIPT = Path(__file__).with_name("provider.mjs")
ROOT = Path(__file__).resolve().parents[4]

# RFC 6749 §2.3.1: the secret is form-encoded before HTTP Basic; "+" must survive that.
BASIC_SECRET = "strict+secret/with+plus&more=1"
POST_SECRET = "post+secret"


def unavailable_reason() -> str | None:
    """Why the strict provider cannot run here, or None."""
    if shutil.which("node") is None:
        return (
            "node is not installed: the strict OpenID Connect provider (npm oidc-provider) needs it"
        )
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        return "node_modules/oidc-provider is missing: run `npm ci --no-audit --no-fund` (make test does)"
    return None


@dataclass
class StrictProvider:
    issuer: str
    process: subprocess.Popen
    private_key_pem: str
    clients: dict[str, dict[str, Any]] = field(default_factory=dict)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start(
    port: int, *, redirect_uris: list[str], post_logout_redirect_uris: list[str]
) -> StrictProvider:
    from django.conf import settings

    key = RSAKey.generate_key(2048)
    # The app names its key by its RFC 7638 thumbprint (oidc.client_private_key).
    public_key = dict(key.as_dict(private=False), kid=key.thumbprint(), use="sig")
    common: dict[str, Any] = {
        "redirect_uris": redirect_uris,
        "post_logout_redirect_uris": post_logout_redirect_uris,
        "response_types": ["code"],
        "grant_types": ["authorization_code"],
        "subject_type": "pairwise",
    }
    clients: dict[str, dict[str, Any]] = {
        "client_secret_basic": {
            "client_id": "carevillage-basic",
            "client_secret": BASIC_SECRET,
            "token_endpoint_auth_method": "client_secret_basic",
        },
        "client_secret_post": {
            "client_id": "carevillage-post",
            "client_secret": POST_SECRET,
            "token_endpoint_auth_method": "client_secret_post",
        },
        "private_key_jwt": {
            "client_id": "carevillage-jwt",
            "token_endpoint_auth_method": "private_key_jwt",
            "token_endpoint_auth_signing_alg": "RS256",
            "jwks": {"keys": [public_key]},
        },
    }
    config = {
        "port": port,
        "clients": [dict(common, **client) for client in clients.values()],
        "persons": [person.claims() for person in DEMO_PERSONS],
        "acr_values": [HIGH_ACR, SUBSTANTIAL_ACR],
        "national_id_claim": settings.OIDC_NATIONAL_ID_CLAIM,
    }
    from carevillage.devserver import _detach_and_die_with_parent

    process = subprocess.Popen(
        ["node", str(SCRIPT), json.dumps(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_detach_and_die_with_parent,
    )
    assert process.stdout is not None and process.stderr is not None
    line = process.stdout.readline()
    if not line.startswith("ready "):
        process.kill()
        raise RuntimeError(f"strict provider did not start: {line}{process.stderr.read()}")
    return StrictProvider(
        issuer=line.split()[1],
        process=process,
        private_key_pem=key.as_pem(private=True).decode(),
        clients=clients,
    )


class StrictEidLogin(EidLogin):
    """Walks the strict provider's pages (redirects, cookies, the person's choice)."""

    def authorize(self, authorize_url: str, *, sub: str | None, deny: bool = False) -> Callback:
        form = {"action": "deny"} if deny else {"sub": sub or ""}
        with httpx.Client(follow_redirects=False, timeout=10) as browser:
            response = browser.get(authorize_url)
            for _hop in range(10):
                if response.status_code == 200 and "/interaction/" in str(response.url):
                    response = browser.post(str(response.url), data=form)
                    continue
                assert response.status_code in (302, 303), response.text[:500]
                location = urljoin(str(response.url), response.headers["location"])
                if not location.startswith(self.issuer):
                    parts = urlsplit(location)
                    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                    return Callback(path=parts.path, query=query)
                response = browser.get(location)
        raise AssertionError("the strict provider never sent the browser back")
