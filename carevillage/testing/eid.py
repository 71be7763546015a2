"""Drive a real e-ID login through the test provider with Django's test client."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
from django.test import Client


@dataclass
class Callback:
    """Where the provider sent the browser back to: our callback with code and state."""

    path: str
    query: dict[str, str]

    @property
    def url(self) -> str:
        from urllib.parse import urlencode

        return f"{self.path}?{urlencode(self.query)}"


class EidLogin:
    def __init__(self, issuer: str) -> None:
        self.issuer = issuer

    def start(self, client: Client, *, language: str = "en", next_url: str = "") -> str:
        response = client.post(f"/{language}/login/e-id/", {"next": next_url})
        assert response.status_code == 302, response.content[:500]
        assert response["Location"].startswith(self.issuer)
        return response["Location"]

    def authorize(self, authorize_url: str, *, sub: str | None, deny: bool = False) -> Callback:
        """Answer the provider's consent page as the person would."""
        form = {"action": "deny"} if deny else {"sub": sub or ""}
        response = httpx.post(authorize_url, data=form, follow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text[:500]
        location = urlsplit(response.headers["location"])
        query = {k: v[0] for k, v in parse_qs(location.query).items()}
        return Callback(path=location.path, query=query)

    def log_in(self, client: Client, sub: str = "demo-aino", *, language: str = "en"):
        callback = self.authorize(self.start(client, language=language), sub=sub)
        return client.get(callback.url)
