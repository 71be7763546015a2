"""Login throttles in Django's cache: so many attempts per key within a window.

A throttle keyed by a username counts the same for a name that exists and one that does
not, so its answer tells a guesser nothing about which accounts are real. Keys are
hashed: usernames and addresses never become cache keys as such.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # The ASGI server sets REMOTE_ADDR (behind a proxy: from its forwarded headers).
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(f"{scope}\0{value.casefold()}".encode()).hexdigest()
    return f"login-throttle:{scope}:{digest}"


def window_seconds() -> int:
    return settings.LOGIN_THROTTLE_WINDOW_MINUTES * 60


def window_minutes() -> int:
    return int(settings.LOGIN_THROTTLE_WINDOW_MINUTES)


def count(scope: str, value: str) -> int:
    return int(cache.get(_key(scope, value), 0))


def hit(scope: str, value: str) -> int:
    """Count one attempt; the window starts at the first one."""
    key = _key(scope, value)
    cache.add(key, 0, timeout=window_seconds())
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds())
        return 1


def reset(scope: str, value: str) -> None:
    cache.delete(_key(scope, value))


def exceeded(scope: str, value: str, limit: int) -> bool:
    return count(scope, value) >= limit
