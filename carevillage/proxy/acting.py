"""The acting-as state of a session: "I am now acting for Ella".

The session keeps only the represented person's id. Every request asks the selectors
again (`current`), so a relation that ended, a birthday that moved the child out of
reach, or an expired power of attorney drops the state at the next request; logging
out flushes the session and the state with it. Starting to act is a policy decision
(`AuditAction.ACT_FOR`, in the represented person's trail).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from carevillage import access
from carevillage.access.actors import own_person, request_actor
from carevillage.audit.actions import AuditAction
from carevillage.identity.models import Person

from .selectors import Authority, authorities_for, authority

SESSION_KEY = "proxy_acting_for"


def start(request: HttpRequest, subject_id: Any) -> Authority | None:
    """Act for `subject_id` from now on, when an authority allows it (audited either
    way); None when it does not, and the state is left as it was."""
    person = own_person(request.user)
    try:
        subject = Person.objects.get(pk=int(subject_id))
    except (Person.DoesNotExist, TypeError, ValueError):
        return None
    actor = request_actor(request)
    if not access.decide(actor, AuditAction.ACT_FOR, subject, on_behalf_of=subject):
        return None
    found = authority(person, subject, timezone.now())
    if found is None:  # ended between the decision and now
        return None
    request.session[SESSION_KEY] = subject.pk
    return found


def stop(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def current(request: HttpRequest) -> tuple[Authority | None, bool]:
    """The authority the session acts under now, and whether a state the session held
    was just dropped because the relation no longer holds."""
    subject_id = request.session.get(SESSION_KEY)
    if subject_id is None:
        return None, False
    person = own_person(request.user) if request.user.is_authenticated else None
    found = authority(person, subject_id, timezone.now()) if person is not None else None
    if found is None:
        stop(request)
        return None, True
    return found, False


def choices(request: HttpRequest) -> list[Authority]:
    """Everyone the logged-in person may act for now."""
    return authorities_for(own_person(request.user), timezone.now())
