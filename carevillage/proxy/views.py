"""Acting for someone else: choose whom to act for, and switch back. Thin: parse the
form, call `acting`, render. Plain POST forms; nothing needs JavaScript."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carevillage.access.actors import acting_for, own_person, request_actor
from carevillage.identity.decorators import high_assurance_required

from . import acting, own_relations, services
from .models import Scope
from .rules import active_ruleset


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def act_for(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        found = acting.start(request, request.POST.get("subject"))
        if found is not None:
            messages.success(
                request,
                _("You are now acting for %(name)s.") % {"name": found.subject.full_name},
            )
            return HttpResponseRedirect(reverse("portal:my_page"))
        error = _("You cannot act for this person now. Choose someone from the list.")
    return render(
        request,
        "proxy/act_for.html",
        {"authorities": acting.choices(request), "error": error},
        status=400 if error else 200,
    )


@never_cache
@high_assurance_required
@require_POST
def switch_back(request: HttpRequest) -> HttpResponse:
    acting.stop(request)
    messages.success(request, _("You are acting as yourself again."))
    return HttpResponseRedirect(reverse("portal:my_page"))


# --- the person's own powers of attorney and guardians ------------------------------


def _own_only(request: HttpRequest) -> HttpResponse | None:
    """Powers of attorney are each person's own to give: acting for someone, the pages
    say so and offer the way back (the policy refuses a proxy anyway)."""
    if acting_for(request_actor(request)) is None:
        return None
    return render(request, "proxy/own_only.html")


@never_cache
@high_assurance_required
@require_GET
def powers(request: HttpRequest) -> HttpResponse:
    if (notice := _own_only(request)) is not None:
        return notice
    actor = request_actor(request)
    return render(
        request,
        "proxy/powers.html",
        {
            "given": own_relations.powers_given(actor=actor),
            "held": own_relations.powers_held(actor=actor),
            "guardians": own_relations.guardians_of(actor=actor),
        },
    )


def _end_of_day(text: str) -> dt.datetime | None:
    """The last minute of the day typed (YYYY-MM-DD, as a date input sends it), in the
    service's time zone; None for anything else."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


def _form_values(request: HttpRequest) -> dict[str, Any]:
    return {
        "holder": request.POST.get("holder", "")[:32],
        "scopes": request.POST.getlist("scopes"),
        "valid_until": request.POST.get("valid_until", "")[:10],
    }


def _form(
    request: HttpRequest, values: dict[str, Any], errors: dict[str, str], **extra: Any
) -> HttpResponse:
    return render(
        request,
        "proxy/power_form.html",
        {
            "values": values,
            "errors": errors,
            "scopes": Scope.choices,
            "holder_min_age": active_ruleset().power_of_attorney_holder_min_age,
            **extra,
        },
        status=400 if errors else 200,
    )


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def give_power(request: HttpRequest) -> HttpResponse:
    if (notice := _own_only(request)) is not None:
        return notice
    if request.method == "GET":
        default = timezone.localdate() + dt.timedelta(days=365)
        return _form(request, {"scopes": [], "valid_until": default.isoformat()}, {})
    values = _form_values(request)
    valid_until = _end_of_day(values["valid_until"])
    if valid_until is None:
        return _form(request, values, {"valid_until": _("Enter the end date.")})
    try:
        power = services.grant_power_of_attorney(
            actor=request_actor(request),
            holder_national_id=values["holder"],
            scopes=values["scopes"],
            valid_from=timezone.now(),
            valid_until=valid_until,
        )
    except services.ProxyInvalid as invalid:
        return _form(request, values, invalid.errors)
    messages.success(
        request,
        _("%(name)s can now act for you in the areas you chose.")
        % {"name": power.holder.full_name},
    )
    return HttpResponseRedirect(reverse("proxy:powers"))


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def change_power(request: HttpRequest, pk: int) -> HttpResponse:
    if (notice := _own_only(request)) is not None:
        return notice
    power = own_relations.power_given(actor=request_actor(request), pk=pk)
    if power is None:
        raise Http404
    if request.method == "GET":
        values = {
            "scopes": power.scopes,
            "valid_until": timezone.localtime(power.valid_until).date().isoformat(),
        }
        return _form(request, values, {}, power=power)
    values = _form_values(request)
    valid_until = _end_of_day(values["valid_until"])
    if valid_until is None:
        return _form(request, values, {"valid_until": _("Enter the end date.")}, power=power)
    try:
        services.change_power_of_attorney(
            actor=request_actor(request),
            power=power,
            scopes=values["scopes"],
            valid_until=valid_until,
        )
    except services.ProxyInvalid as invalid:
        return _form(request, values, invalid.errors, power=power)
    messages.success(
        request,
        _("The power of attorney of %(name)s is changed.") % {"name": power.holder.full_name},
    )
    return HttpResponseRedirect(reverse("proxy:powers"))


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def end_power(request: HttpRequest, pk: int) -> HttpResponse:
    if (notice := _own_only(request)) is not None:
        return notice
    actor = request_actor(request)
    power = own_relations.power_to_end(actor=actor, pk=pk)
    if power is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            services.end_power_of_attorney(actor=actor, power=power)
        except services.ProxyInvalid as invalid:
            error = " ".join(invalid.errors.values())
        else:
            messages.success(request, _("The power of attorney has ended."))
            return HttpResponseRedirect(reverse("proxy:powers"))
    giver = own_person(actor)
    return render(
        request,
        "proxy/power_end.html",
        {
            "power": power,
            "error": error,
            "is_giver": giver is not None and power.giver_id == giver.pk,
        },
        status=400 if error else 200,
    )


urlpatterns = [
    path("my/act-for/", act_for, name="act_for"),
    path("my/act-for/switch-back/", switch_back, name="switch_back"),
    path("my/powers-of-attorney/", powers, name="powers"),
    path("my/powers-of-attorney/new/", give_power, name="give_power"),
    path("my/powers-of-attorney/<int:pk>/", change_power, name="change_power"),
    path("my/powers-of-attorney/<int:pk>/end/", end_power, name="end_power"),
]
