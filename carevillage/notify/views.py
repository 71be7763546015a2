"""Notification settings: the e-mail address (entered, confirmed by a one-time link,
changed, removed) and, where the browser allows it, web push. Everything but push works
without JavaScript."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carevillage.identity.decorators import high_assurance_required

from . import selectors, services
from .vapid import public_key_for

# Shown once after a redirect, so a reload does not repeat the action.
_FLASH = "notify_flash"


def _flash(request: HttpRequest, text: str) -> None:
    request.session[_FLASH] = text


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    entered = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "push_off":
            services.unsubscribe_all_push(actor=request.user)
            _flash(request, _("Push notifications are off in all your browsers."))
            return HttpResponseRedirect(reverse("notify:settings"))
        if action == "remove":
            services.remove_email(actor=request.user)
            _flash(request, _("E-mail notifications are off. Your address was removed."))
            return HttpResponseRedirect(reverse("notify:settings"))
        entered = request.POST.get("email", "")
        try:
            confirmation = services.request_email_confirmation(actor=request.user, address=entered)
        except ValidationError as exc:
            errors = [str(m) for m in exc.messages]
        else:
            _flash(
                request,
                _(
                    "We sent a confirmation link to %(address)s. Open it to start getting "
                    "notifications there."
                )
                % {"address": confirmation.address},
            )
            return HttpResponseRedirect(reverse("notify:settings"))
    vapid_public_key = public_key_for(settings.VAPID_PRIVATE_KEY)
    return render(
        request,
        "notify/settings.html",
        {
            "errors": errors,
            "error_field": "email",
            "entered": entered,
            "flash": request.session.pop(_FLASH, ""),
            "address": selectors.confirmed_address_for(user=request.user),
            "pending": selectors.pending_confirmation_for(user=request.user),
            "push_count": selectors.push_subscription_count_for(user=request.user),
            "vapid_public_key": vapid_public_key,
            "service_worker_url": reverse("notify_service_worker"),
        },
        status=400 if errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms, so a mail program that opens links
    to scan them cannot use the link up."""
    if request.method == "POST":
        try:
            address = services.confirm_email(token=token)
        except ValidationError as exc:
            return render(
                request,
                "notify/confirm_email.html",
                {"errors": [str(m) for m in exc.messages]},
                status=400,
            )
        return render(request, "notify/confirm_email.html", {"confirmed": address})
    return render(request, "notify/confirm_email.html", {"token": token})


# A push subscription is a few hundred bytes of flat JSON.
MAX_SUBSCRIPTION_BYTES = 8 * 1024


def _subscription_request(body: bytes) -> dict[str, Any]:
    """The JSON push.js sends, or a specific error (nothing is changed on an error)."""
    if len(body) > MAX_SUBSCRIPTION_BYTES:
        raise ValidationError(_("The request is too large."), code="too_large")
    try:
        data = json.loads(body or b"{}")
    except RecursionError:
        raise ValidationError(_("The request is nested too deeply."), code="too_deep") from None
    except ValueError:
        raise ValidationError(_("The request is not valid JSON."), code="not_json") from None
    if not isinstance(data, dict):
        raise ValidationError(_("Unknown request."), code="unknown")
    keys = data.get("keys") or {}
    fields = [data.get("action"), data.get("endpoint", ""), keys]
    if isinstance(keys, dict):
        fields += [keys.get("p256dh", ""), keys.get("auth", "")]
    if not isinstance(keys, dict) or not all(
        isinstance(value, str) for value in fields if value is not keys
    ):
        raise ValidationError(_("Unknown request."), code="unknown")
    return data


@never_cache
@high_assurance_required
@require_POST
def push_subscription(request: HttpRequest) -> JsonResponse:
    """Called by push.js (JSON, CSRF header): subscribe or unsubscribe this browser."""
    try:
        data = _subscription_request(request.body)
        action = data.get("action")
        endpoint = data.get("endpoint", "")
        keys = data.get("keys") or {}
        if action == "unsubscribe":
            services.unsubscribe_push(actor=request.user, endpoint=endpoint)
            return JsonResponse({"ok": True})
        if action != "subscribe":
            raise ValidationError(_("Unknown request."), code="unknown")
        services.subscribe_push(
            actor=request.user,
            session_key=request.session.session_key,
            endpoint=endpoint,
            p256dh=keys.get("p256dh", ""),
            auth=keys.get("auth", ""),
        )
    except ValidationError as exc:
        return JsonResponse({"ok": False, "error": " ".join(exc.messages)}, status=400)
    return JsonResponse({"ok": True})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the site root so that it may control every page of this origin."""
    response = render(
        request, "notify/service_worker.js", content_type="application/javascript; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    return response
