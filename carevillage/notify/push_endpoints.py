"""Which push endpoints the server talks to (issue #12.4: blind SSRF through web push).

A browser's push subscription names a URL, and the send task POSTs to it: without a
check, anyone logged in could make the server connect anywhere, 127.0.0.1 included.
So an endpoint is accepted only when it is

- `https`, without a user name or password, on the default port;
- on a host of a known push service (`settings.WEBPUSH_ALLOWED_HOSTS`, by default the
  major browsers' push services); never an IP literal;
- resolving only to public addresses (no private, loopback, link-local, multicast or
  reserved address),

and checked again when sending, where the connection itself refuses a socket whose peer
is not a public address (a DNS answer that changed since, "DNS rebinding"), follows no
redirect, uses no proxy from the environment, and gives up after a few seconds.

Tests run their stand-in push service on loopback over plain http: they set
`WEBPUSH_ALLOWED_HOSTS = ["127.0.0.1"]`, `WEBPUSH_ALLOW_HTTP_ENDPOINTS` and
`WEBPUSH_ALLOW_LOOPBACK_FOR_TESTS` in the test only.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

# The push services of Chrome/Edge/Opera (FCM), Firefox (Mozilla autopush), Safari
# (Apple) and Windows (WNS). "*." matches any subdomain.
DEFAULT_PUSH_HOSTS = (
    "fcm.googleapis.com",
    "updates.push.services.mozilla.com",
    "*.push.apple.com",
    "web.push.apple.com",
    "*.notify.windows.com",
)
# Seconds to connect and to wait for the answer: a push service answers at once.
PUSH_TIMEOUT_SECONDS = 5


class EndpointRefused(ValueError):
    """The endpoint is not one this server will connect to (the reason is for tests and
    code; the person sees one translated sentence)."""


def allowed_hosts() -> tuple[str, ...]:
    return tuple(getattr(settings, "WEBPUSH_ALLOWED_HOSTS", DEFAULT_PUSH_HOSTS))


def _loopback_allowed() -> bool:
    return bool(getattr(settings, "WEBPUSH_ALLOW_LOOPBACK_FOR_TESTS", False))


def host_allowed(host: str) -> bool:
    host = host.lower().rstrip(".")
    for pattern in allowed_hosts():
        pattern = pattern.lower()
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


def address_allowed(address: str) -> bool:
    """A public unicast address (a loopback one only in tests that allow it)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return _loopback_allowed()
    return ip.is_global and not (
        ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def check_endpoint(endpoint: str) -> None:
    """Raise EndpointRefused unless the server may send pushes to `endpoint`."""
    parts = urlsplit(endpoint)
    schemes = {"https"} | (
        {"http"} if getattr(settings, "WEBPUSH_ALLOW_HTTP_ENDPOINTS", False) else set()
    )
    if parts.scheme not in schemes:
        raise EndpointRefused("scheme")
    if parts.username is not None or parts.password is not None:
        raise EndpointRefused("credentials in the URL")
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        raise EndpointRefused("port") from None
    if not host:
        raise EndpointRefused("no host")
    if _is_ip_literal(host):
        # Only the tests' stand-in on loopback, and only when they say so.
        if not (_loopback_allowed() and host_allowed(host) and address_allowed(host)):
            raise EndpointRefused("IP literal")
    elif not host_allowed(host):
        raise EndpointRefused("not a known push service")
    if port not in (None, 443) and not _loopback_allowed():
        raise EndpointRefused("port")
    try:
        answers = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise EndpointRefused("does not resolve") from None
    if not answers or not all(address_allowed(str(answer[4][0])) for answer in answers):
        raise EndpointRefused("resolves to a non-public address")


class _PeerChecked:
    """The connected socket's peer must be a public address, whatever DNS said before."""

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        peer = str(sock.getpeername()[0])
        if not address_allowed(peer):
            sock.close()
            raise NewConnectionError(self, "push service address refused")  # type: ignore[arg-type]
        return sock


class _CheckedHTTPConnection(_PeerChecked, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_PeerChecked, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }


def push_session() -> requests.Session:
    """A requests session for sending pushes: checked peers, no redirects, no proxy."""
    session = requests.Session()
    session.trust_env = False
    session.max_redirects = 0
    adapter = _CheckedAdapter(max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
