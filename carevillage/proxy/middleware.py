"""Puts the session's acting-as state on the request (`request.acting_for`, an
`Authority` or None), checked anew on every request, and the person acted for on the
request's user (`access.actors.acting_for`): every policy call of the request then
decides and audits on that person's behalf."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from . import acting


class ActingForMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found, dropped = acting.current(request)
        request.acting_for = found  # type: ignore[attr-defined]
        if found is not None:
            request.user.acting_for = found.subject  # type: ignore[union-attr]
        if dropped:
            messages.warning(
                request,
                _(
                    "You can no longer act for this person: the relation that allowed it "
                    "has ended. You are acting as yourself."
                ),
            )
        return self.get_response(request)
