"""Guards for pages that hold personal data."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


def high_assurance_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only a person logged in with e-ID at a high level of assurance gets through.

    Anyone else is sent to the e-ID login and brought back afterwards.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and request.session.get("loa") == "high"
            and getattr(user, "person", None) is not None
        ):
            return view(request, *args, **kwargs)
        return HttpResponseRedirect(
            reverse("identity:login") + "?" + urlencode({"next": request.get_full_path()})
        )

    return wrapper
