"""Guards for pages that hold personal data: the one place that says who is logged in how.

- `high_assurance_required`: a person logged in with e-ID at a high level of assurance;
- `staff_required`: staff with a verified second factor and a staff membership;
- `participant_required`: either of the two (message threads, shared care plans).

Whether the actor may see a given object is not decided here but in `carevillage.access`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse

View = Callable[..., HttpResponseBase]


def has_high_assurance(request: HttpRequest) -> bool:
    """Logged in with e-ID at a high level of assurance, as a person."""
    user = request.user
    return bool(
        user.is_authenticated
        and request.session.get("loa") == "high"
        and getattr(user, "person", None) is not None
    )


def may_use_staff_login(user: Any) -> bool:
    # Superusers set up the first organizations, so they need a way in without a membership.
    # `is_staff_member` is asked once per request however many checks a page makes.
    return bool(user.is_superuser or getattr(user, "is_staff_member", False))


def is_verified_staff(user: Any) -> bool:
    """Staff who passed the second factor in this session."""
    return bool(
        user.is_authenticated
        and getattr(user, "is_verified", lambda: False)()
        and may_use_staff_login(user)
    )


def _redirect_to(login_name: str, request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(
        reverse(login_name) + "?" + urlencode({"next": request.get_full_path()})
    )


def high_assurance_required(view: View) -> View:
    """Only a person logged in with e-ID at a high level of assurance gets through.

    Anyone else is sent to the e-ID login and brought back afterwards.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if has_high_assurance(request):
            return view(request, *args, **kwargs)
        return _redirect_to("identity:login", request)

    return wrapper


def staff_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if is_verified_staff(request.user):
            return view(request, *args, **kwargs)
        return _redirect_to("identity:staff_login", request)

    return wrapper


def participant_required(view: View) -> View:
    """A patient with e-ID (high assurance) or staff with a verified second factor."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if is_verified_staff(request.user) or has_high_assurance(request):
            return view(request, *args, **kwargs)
        return _redirect_to("identity:login", request)

    return wrapper
