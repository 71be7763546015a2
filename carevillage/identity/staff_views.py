"""Staff login: organization username and password, then a TOTP second factor.

Step 1 checks the password and remembers, in the still-anonymous session, who passed it.
Step 2 checks a code from that user's authenticator app and only then logs them in.
Every failure counts towards the lock-out (identity.services); the messages never tell
an unknown username apart from a wrong password.
"""

from __future__ import annotations

import math
import time
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from carevillage.identity.decorators import is_verified_staff, may_use_staff_login
from carevillage.tenants.selectors import care_teams_for_staff, memberships_for_staff

from . import selectors, services, throttle
from .forms import SecondFactorForm, StaffPasswordForm
from .models import User
from .views import safe_next_url

_PENDING = "staff_login_pending"
# How long the password step stays valid while the person looks for their phone.
PENDING_MAX_AGE_SECONDS = 5 * 60

WRONG_CREDENTIALS = _(
    "The username or password is wrong, or the account is locked for a while after too "
    "many failed attempts."
)
NOT_STAFF = _("This login is for staff. Citizens log in with e-ID.")
NO_AUTHENTICATOR = _(
    "No authenticator app has been set up for this account, so you cannot log in. "
    "Ask your organization's admin to set one up."
)
WRONG_CODE = _("The code is wrong or has expired. Enter the code your app shows now.")
CODE_THROTTLED = _("You entered a wrong code a moment ago. Wait a few seconds and try again.")
PENDING_EXPIRED = _("The login took too long, so it was cancelled for your security. Log in again.")


def _locked_message(user: User) -> str:
    assert user.locked_until is not None
    seconds = (user.locked_until - timezone.now()).total_seconds()
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "This account is locked because of too many failed login attempts. "
        "Try again in about %(minutes)d minute.",
        "This account is locked because of too many failed login attempts. "
        "Try again in about %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def _render_password_step(
    request: HttpRequest, form: StaffPasswordForm, refusal: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request, "identity/staff_login.html", {"form": form, "refusal": refusal}, status=status
    )


def _throttled_message() -> str:
    minutes = throttle.window_minutes()
    return ngettext(
        "Too many failed logins for this username or from your network. "
        "Wait %(minutes)d minute and try again.",
        "Too many failed logins for this username or from your network. "
        "Wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


def _hash_anyway(password: str) -> None:
    """Spend the time a password check costs, so a refusal is not faster than one."""
    make_password(password)


@require_http_methods(["GET", "POST"])
def staff_login(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        next_url = safe_next_url(request, request.GET.get("next")) or ""
        return _render_password_step(request, StaffPasswordForm(initial={"next": next_url}))

    form = StaffPasswordForm(request.POST)
    if not form.is_valid():
        return _render_password_step(request, form)
    username = form.cleaned_data["username"]
    password = form.cleaned_data["password"]
    address = throttle.client_address(request)
    user = selectors.user_by_username(username)

    # Too many failures from this address or for this name (real or not): refused before
    # anything else, after the same password hashing every other answer costs.
    if throttle.exceeded(
        "staff-ip", address, settings.STAFF_LOGIN_FAILURES_PER_IP
    ) or throttle.exceeded("staff-username", username, settings.STAFF_LOGIN_FAILURES_PER_USERNAME):
        _hash_anyway(password)
        services.record_staff_login_refusal(user=user, username=username, reason="throttled")
        form.add_error(None, _throttled_message())
        return _render_password_step(request, form, status=429)

    # The password is checked for every account, locked or unknown included (Django's
    # backend hashes for an unknown name too), so the answer takes the same time, and
    # a locked account answers exactly like a wrong password: neither tells a guesser
    # which usernames exist.
    authenticated = authenticate(request, username=username, password=password)
    locked = user is not None and user.is_locked()
    if authenticated is None or locked:
        if locked:
            services.record_staff_login_refusal(
                user=user, username=username, reason="account locked"
            )
        else:
            services.record_staff_login_failure(
                user=user, username=username, reason="wrong password"
            )
        throttle.hit("staff-ip", address)
        throttle.hit("staff-username", username)
        form.add_error(None, WRONG_CREDENTIALS)
        return _render_password_step(request, form)

    if not may_use_staff_login(authenticated):
        services.record_staff_login_refusal(
            user=authenticated, username=username, reason="not staff"
        )
        form.add_error(None, NOT_STAFF)
        return _render_password_step(request, form)
    if not django_otp.user_has_device(authenticated, confirmed=True):
        services.record_staff_login_refusal(
            user=authenticated, username=username, reason="no second factor"
        )
        form.add_error(None, NO_AUTHENTICATOR)
        return _render_password_step(request, form)

    request.session[_PENDING] = {
        "user_id": authenticated.pk,
        "backend": getattr(authenticated, "backend", ""),  # set by authenticate()
        "started": time.time(),
        "next": safe_next_url(request, form.cleaned_data["next"]) or "",
    }
    return redirect("identity:staff_second_factor")


def _pending_login(request: HttpRequest) -> tuple[dict, User] | None:
    pending = request.session.get(_PENDING)
    if not pending:
        return None
    user = selectors.active_user(pending["user_id"])
    if user is None or time.time() - pending["started"] > PENDING_MAX_AGE_SECONDS:
        del request.session[_PENDING]
        return None
    return pending, user


def _refuse_locked(request: HttpRequest, user: User) -> HttpResponse:
    """Back to step 1: a locked account has to start over once the lock ends."""
    request.session.pop(_PENDING, None)
    form = StaffPasswordForm(initial={"username": user.get_username()})
    return _render_password_step(request, form, refusal=_locked_message(user))


@require_http_methods(["GET", "POST"])
def staff_second_factor(request: HttpRequest) -> HttpResponse:
    had_pending = _PENDING in request.session
    found = _pending_login(request)
    if found is None:
        if had_pending:
            messages.warning(request, PENDING_EXPIRED)
        return redirect("identity:staff_login")
    pending, user = found

    if request.method == "GET":
        form = SecondFactorForm()
        return render(request, "identity/staff_second_factor.html", {"form": form})

    form = SecondFactorForm(request.POST)
    if form.is_valid():
        if user.is_locked():
            services.record_staff_login_refusal(
                user=user, username=user.get_username(), reason="account locked"
            )
            return _refuse_locked(request, user)
        device, throttled = services.verify_totp_code(user=user, code=form.cleaned_data["code"])
        if device is not None:
            del request.session[_PENDING]
            auth_login(request, user, backend=pending["backend"])  # also rotates the session key
            django_otp.login(request, device)
            services.record_staff_login(user=user)
            throttle.reset("staff-username", user.get_username())
            return HttpResponseRedirect(pending["next"] or reverse("identity:staff_home"))
        if throttled:
            form.add_error("code", CODE_THROTTLED)
        else:
            services.record_staff_login_failure(
                user=user, username=user.get_username(), reason="wrong code"
            )
            throttle.hit("staff-username", user.get_username())
            user.refresh_from_db(fields=["locked_until"])
            if user.is_locked():
                return _refuse_locked(request, user)
            form.add_error("code", WRONG_CODE)
    return render(request, "identity/staff_second_factor.html", {"form": form})


@require_http_methods(["GET"])
def staff_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not is_verified_staff(user):
        return HttpResponseRedirect(
            reverse("identity:staff_login") + "?" + urlencode({"next": request.get_full_path()})
        )
    return render(
        request,
        "identity/staff_home.html",
        {
            "memberships": memberships_for_staff(user=user),
            "care_teams": care_teams_for_staff(user=user),
            "can_use_admin": user.has_perm("wagtailadmin.access_admin"),
        },
    )
