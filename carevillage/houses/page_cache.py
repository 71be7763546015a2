"""Anonymous page caching, per language, invalidated on every publish or unpublish.

Uses Django's cache framework: local memory by default (one process), Redis when REDIS_URL is
set (every app server and the publish_scheduled job share it). A publish changes one version
token, so every cached page and the house menu are rebuilt on their next request.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import translation

VERSION_KEY = "houses:pages:version"
TIMEOUT_SECONDS = 600


def version() -> str:
    token = cache.get(VERSION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(VERSION_KEY, token, timeout=None)
        token = cache.get(VERSION_KEY, token)
    return token


def invalidate() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def key(name: str) -> str:
    return f"houses:{version()}:{translation.get_language()}:{name}"


def _cacheable(request: HttpRequest) -> bool:
    return (
        getattr(settings, "HOUSES_PAGE_CACHE", True)
        and request.method in ("GET", "HEAD")
        and not request.GET
        and not request.user.is_authenticated
        # A page password or a login in progress lives in the session: not for everyone.
        and request.session.is_empty()
        and len(get_messages(request)) == 0
        and not getattr(request, "is_preview", False)
    )


def serve_cached(
    request: HttpRequest, render: Callable[[], HttpResponse | None]
) -> HttpResponse | None:
    if not _cacheable(request):
        return render()
    cache_key = key(f"page:{request.path}")
    hit = cache.get(cache_key)
    if hit is not None:
        content, content_type = hit
        response = HttpResponse(content, content_type=content_type)
        response["X-Page-Cache"] = "hit"
        return response
    rendered = render()
    if rendered is None:
        return None
    response = rendered.render() if isinstance(rendered, SimpleTemplateResponse) else rendered
    if response.status_code == 200 and not response.cookies:
        cache.set(cache_key, (response.content, response["Content-Type"]), TIMEOUT_SECONDS)
    response["X-Page-Cache"] = "miss"
    return response


def cached(name: str, build: Callable[[], object]) -> object:
    return cache.get_or_set(key(name), build, TIMEOUT_SECONDS)
