"""The websocket Origin check: scheme, host and port, not the host alone.

Channels' AllowedHostsOriginValidator accepts any origin whose host is in
ALLOWED_HOSTS, so a page served from another port of the same machine
(http://127.0.0.1:9999) could open a socket with the patient's cookie. Browsers send
the page's origin; we accept it only when it is the village's own: the origin the
socket itself was opened to (scheme from ws/wss, the Host header, its port), BASE_URL,
or one of CSRF_TRUSTED_ORIGINS (a proxy in front).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def parse_origin(value: str) -> Origin | None:
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return (parts.scheme, parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme])


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin1")
    return None


def own_origin(scope: dict[str, Any]) -> Origin | None:
    """The origin of the address the socket was opened to, if that host is ours."""
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    host = _header(scope, b"host")
    if host is None and scope.get("server"):
        server_host, server_port = scope["server"][0], scope["server"][1]
        host = f"{server_host}:{server_port}"
    if not host:
        return None
    origin = parse_origin(f"{scheme}://{host}")
    if origin is None or not validate_host(origin[1], settings.ALLOWED_HOSTS):
        return None
    return origin


def allowed_origins(scope: dict[str, Any]) -> set[Origin]:
    configured = [settings.BASE_URL, *settings.CSRF_TRUSTED_ORIGINS]
    origins = {o for o in map(parse_origin, configured) if o is not None}
    own = own_origin(scope)
    if own is not None:
        origins.add(own)
    return origins


class SameOriginValidator:
    """ASGI middleware: a websocket whose Origin is not the village's own is refused."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        raw = _header(scope, b"origin")
        origin = parse_origin(raw) if raw else None
        if origin is not None and origin in allowed_origins(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
