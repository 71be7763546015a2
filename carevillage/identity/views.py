"""Citizen login with the national e-ID, and logout."""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from . import oidc, services, throttle
from .decorators import has_high_assurance
from .models import Person

_PENDING = "oidc_pending"
# The ID token, kept only when OIDC_LOGOUT_ID_TOKEN_HINT sends it back at logout.
_ID_TOKEN = "oidc_id_token"
_PENDING_MAX_AGE_SECONDS = 600

# What the person sees for each failure. The audit event keeps the precise code.
FAILURE_MESSAGES = {
    "cancelled": _("You cancelled the identification. You have not been logged in."),
    "provider_error": _(
        "The identification service reported an error. You have not been logged in. "
        "Please try again in a moment."
    ),
    "provider_unreachable": _(
        "The identification service could not be reached. You have not been logged in. "
        "Please try again in a moment."
    ),
    "wrong_state": _(
        "This login could not be matched to the one you started (it may be old or from "
        "another window). You have not been logged in. Please start again."
    ),
    "expired_token": _(
        "The identification expired before it reached us. You have not been logged in. "
        "Please start again."
    ),
    "low_assurance": _(
        "This service needs strong identification (high level of assurance), for example "
        "online banking codes or a mobile certificate. The method you used is not strong "
        "enough, so you have not been logged in."
    ),
    "missing_national_id": _(
        "The identification service did not tell us your personal identity code, so you "
        "have not been logged in."
    ),
    "throttled": _(
        "Too many logins have been started from your network in a short time. "
        "Wait a few minutes and try again."
    ),
    "unverifiable": _(
        "The answer from the identification service could not be verified, so you have "
        "not been logged in. Please start again."
    ),
}
_UNVERIFIABLE = {
    "bad_signature",
    "wrong_issuer",
    "wrong_audience",
    "wrong_nonce",
    "bad_token",
    "token_rejected",
    "userinfo_sub_mismatch",
}


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("oidc_callback"))


def safe_next_url(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@require_GET
def login(request: HttpRequest) -> HttpResponse:
    """The page that explains e-ID login and starts it."""
    next_url = safe_next_url(request, request.GET.get("next"))
    if has_high_assurance(request):
        return redirect(next_url or reverse("portal:my_page"))
    return render(request, "identity/login.html", {"next": next_url or ""})


@require_POST
def start_eid_login(request: HttpRequest) -> HttpResponse:
    address = throttle.client_address(request)
    if throttle.hit("eid-start-ip", address) > settings.EID_LOGIN_STARTS_PER_IP:
        return _fail(request, "throttled")
    try:
        auth = oidc.begin(redirect_uri=_callback_uri(request), ui_locale=translation.get_language())
    except oidc.LoginFailed as failure:
        return _fail(request, failure.code)
    request.session[_PENDING] = {
        "state": auth.state,
        "nonce": auth.nonce,
        "verifier": auth.code_verifier,
        "next": safe_next_url(request, request.POST.get("next")) or "",
        "lang": translation.get_language(),
        "started": time.time(),
    }
    return HttpResponseRedirect(auth.url)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(_PENDING, None)
    if pending:
        translation.activate(pending["lang"])
        request.LANGUAGE_CODE = pending["lang"]
    # An error answer ends the pending login whatever its state: some providers leave
    # state out of error redirects, and showing "cancelled" grants nothing.
    if request.GET.get("error"):
        code = "cancelled" if request.GET["error"] == "access_denied" else "provider_error"
        return _fail(request, code)
    state = request.GET.get("state", "")
    if (
        not pending
        or not state
        or not secrets.compare_digest(state, pending["state"])
        or time.time() - pending["started"] > _PENDING_MAX_AGE_SECONDS
    ):
        return _fail(request, "wrong_state")
    code = request.GET.get("code", "")
    if not code:
        return _fail(request, "provider_error")
    try:
        # RFC 9207: a provider that names itself in the answer must name the right one.
        answered_by = request.GET.get("iss")
        if answered_by is not None and answered_by != oidc.metadata().issuer:
            raise oidc.LoginFailed("wrong_issuer", "iss parameter of another provider")
        claims, id_token = oidc.complete(
            code=code,
            redirect_uri=_callback_uri(request),
            code_verifier=pending["verifier"],
            nonce=pending["nonce"],
        )
        user = services.log_in_citizen(claims=claims)
    except oidc.LoginFailed as failure:
        return _fail(request, failure.code)
    except services.ClaimsRejected as rejected:
        return _fail(request, rejected.code, person=rejected.person)
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["loa"] = "high"
    if settings.OIDC_LOGOUT_ID_TOKEN_HINT:
        request.session[_ID_TOKEN] = id_token
    return redirect(pending["next"] or reverse("portal:my_page"))


def _fail(request: HttpRequest, code: str, person: Person | None = None) -> HttpResponse:
    services.record_failed_citizen_login(reason=code, person=person)
    # No half-made session survives a failed login.
    request.session.flush()
    message_key = "unverifiable" if code in _UNVERIFIABLE else code
    status = {"low_assurance": 403, "throttled": 429}.get(code, 400)
    return render(
        request,
        "identity/login_failed.html",
        {"message": FAILURE_MESSAGES.get(message_key, FAILURE_MESSAGES["unverifiable"])},
        status=status,
    )


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    user = request.user
    was_citizen = user.is_authenticated and getattr(user, "person", None) is not None
    id_token_hint = str(request.session.get(_ID_TOKEN, ""))
    if user.is_authenticated:
        services.record_logout(user=user)
    auth_logout(request)
    done = request.build_absolute_uri(reverse("identity:logged_out"))
    if was_citizen:
        provider_logout = oidc.end_session_url(
            post_logout_redirect_uri=done, id_token_hint=id_token_hint
        )
        if provider_logout:
            return HttpResponseRedirect(provider_logout)
    return HttpResponseRedirect(done)


@require_GET
def client_jwks(request: HttpRequest) -> HttpResponse:
    """The public key of private_key_jwt, for the provider (empty with other methods)."""
    return JsonResponse(oidc.client_jwks())


@require_GET
def logged_out(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/logged_out.html")


def idle_minutes() -> int:
    return settings.SESSION_COOKIE_AGE // 60
