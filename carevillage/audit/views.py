"""The person's own "Who has viewed my data" page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from carevillage.access.actors import acting_for, own_person, request_actor
from carevillage.identity.decorators import high_assurance_required

from .forms import TrailFilterForm
from .selectors import Scope, trail_actors, trail_page


@require_GET
@never_cache
@high_assurance_required
def my_trail(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    if acting_for(actor) is not None:
        # Each person's trail is their own: a proxy sees theirs after switching back.
        return render(request, "audit/trail_while_acting.html")
    person = own_person(actor)
    form = TrailFilterForm(request.GET or None, actors=trail_actors(actor=actor, person=person))
    filters = form.filters()
    page = trail_page(actor=actor, person=person, filters=filters, page=request.GET.get("page"))
    return render(
        request,
        "audit/my_trail.html",
        {
            "form": form,
            "filters": filters,
            "mine": filters.scope == Scope.MINE,
            "trail_page": page,
        },
    )
