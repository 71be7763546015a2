"""Who can act: one protocol for every kind of actor the policy answers.

A logged-in user (citizen, patient, professional, editor, org admin) is an actor today;
an API client (FHIR, SMART backend services) becomes one by offering the same four
things. Handlers read `person` (the actor's own person record, or None) to recognise
"self", and ask tenants-level relations (care teams, roles) through the actor's `pk`.
"""

from __future__ import annotations

from typing import Any, Protocol, cast, runtime_checkable

from django.http import HttpRequest


@runtime_checkable
class Actor(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    def display_name(self) -> str: ...

    def primary_organization_name(self) -> str: ...


@runtime_checkable
class ApiClientActor(Actor, Protocol):
    """An EHR or integration system calling the FHIR API with its own credentials: it acts
    for its organization (and, when set, only for some of its care teams) within the
    scopes its token was granted."""

    is_api_client: bool

    @property
    def organization_id(self) -> int: ...

    def care_team_ids(self) -> list[int]: ...


def is_api_client(actor: Any) -> bool:
    return bool(getattr(actor, "is_api_client", False))


def is_device(actor: Any) -> bool:
    """A patient's paired device sending home measurements with its token (the
    `monitoring` app's `DeviceActor`): it has no user and no person of its own, only the
    patient it was paired to (`device_person_id`)."""
    return bool(getattr(actor, "is_device", False))


def own_person(actor: Any) -> Any:
    """The actor's own person record, or None (staff without one, API clients)."""
    return getattr(actor, "person", None)


def acting_for(actor: Any) -> Any:
    """The person the actor acts for in this request, or None.

    `proxy.middleware` sets it on the request's user from the session's acting-as state,
    checked anew on every request. Every policy call of the request then decides and
    audits on that person's behalf unless it names `on_behalf_of` itself, so a page built
    on `decide`/`visible`/`get` is proxy-aware without knowing it.
    """
    return getattr(actor, "acting_for", None)


def subject_person(actor: Any) -> Any:
    """Whose data the actor's pages are about: the person acted for, else their own
    person (None for staff without one and API clients). Not an access decision: the
    policy still decides every read and write for that person."""
    return acting_for(actor) or own_person(actor)


def request_actor(request: HttpRequest) -> Actor:
    """The actor of a request: its user (an anonymous visitor is an actor the policy
    refuses before any handler is asked)."""
    return cast(Actor, request.user)
