"""Acting for someone else: choose whom to act for, and switch back. Thin: parse the
form, call `acting`, render. Plain POST forms; nothing needs JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from carevillage.identity.decorators import high_assurance_required

from . import acting


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


urlpatterns = [
    path("my/act-for/", act_for, name="act_for"),
    path("my/act-for/switch-back/", switch_back, name="switch_back"),
]
