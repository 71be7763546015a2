"""Staff pages and the admin need a password and a verified second factor."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


class StaffSecondFactorMiddleware:
    """Send anyone in the admin without a verified TOTP device to the staff login."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/admin/"):
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated or not user.is_verified():
                return HttpResponseRedirect(
                    reverse("identity:staff_login")
                    + "?"
                    + urlencode({"next": request.get_full_path()})
                )
        return self.get_response(request)
