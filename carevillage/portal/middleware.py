"""Headers every page of the village gets, and HEAD answered like GET.

- Content-Security-Policy: scripts only from our static files, no inline script, no
  eval, nothing framed by other sites. The Wagtail admin gets its own policy (some of
  its widgets start with inline scripts, its editor needs inline styles; `admin_policy`).
- Cache-Control: no-store on every response to a logged-in user or to a visitor whose
  session holds something (an anonymous chat, a login in progress): those pages carry
  personal data and must not stay in a shared or back-button cache.
- HEAD: a view written for GET answers HEAD with the same status and headers and no
  body (RFC 9110 §9.3.2), instead of 405 from `require_GET`.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control

Middleware = Callable[[HttpRequest], HttpResponseBase]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}".strip() for name, values in directives.items())


def village_policy() -> str:
    """The policy of every village page (public, My page, staff pages)."""
    # Forms post to ourselves; the e-ID login and logout redirect on to the provider, and
    # Chromium applies form-action to the redirect too.
    form_targets = ["'self'", *filter(None, [_origin(settings.OIDC_ISSUER)])]
    return _policy(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            # Style attributes only (a few templates size a textarea); no <style> blocks.
            "style-src": ["'self'"],
            "style-src-attr": ["'unsafe-inline'"],
            "img-src": ["'self'", "data:"],
            "font-src": ["'self'"],
            "connect-src": ["'self'"],
            "worker-src": ["'self'"],
            "manifest-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'none'"],
            "form-action": form_targets,
            "frame-ancestors": ["'none'"],
        }
    )


def admin_policy() -> str:
    """The Wagtail admin's policy. Wagtail 7 still starts some widgets with an inline
    script (InlinePanel, MultipleChooserPanel, the date and time choosers: see
    wagtailadmin/panels/inline_panel.html), its editor sets inline styles and shows
    data:/blob: image previews, and the page preview frames our own pages. Nothing from
    another origin, still; tests/browser/test_crawl.py checks the admin runs under it."""
    return _policy(
        {
            "default-src": ["'self'"],
            "script-src": ["'self'", "'unsafe-inline'"],
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": ["'self'", "data:", "blob:"],
            "font-src": ["'self'", "data:"],
            "connect-src": ["'self'"],
            "frame-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'self'"],
        }
    )


def _is_admin(request: HttpRequest) -> bool:
    return request.path.startswith("/admin/")


def _carries_personal_data(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and not session.is_empty())


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response
        self.village_policy = village_policy()
        self.admin_policy = admin_policy()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = (
                self.admin_policy if _is_admin(request) else self.village_policy
            )
        if _carries_personal_data(request):
            patch_cache_control(response, no_store=True, private=True)
        return response


class HeadAsGetMiddleware:
    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        request.META["REQUEST_METHOD"] = "GET"
        response = self.get_response(request)
        if response.streaming:
            response.streaming_content = []  # type: ignore[attr-defined]
        else:
            length = len(response.content)  # type: ignore[attr-defined]
            response.content = b""  # type: ignore[attr-defined]
            response["Content-Length"] = str(length)
        return response
