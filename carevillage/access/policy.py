"""The one policy point.

`decide()` answers "may this actor do this to this object?" and writes an audit event
for every answer. `visible()` filters a queryset to what the actor may see, in the
database. Each kind of resource has one small handler (see `handlers.py`); nothing
else in CareVillage makes access decisions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Protocol, TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404

from carevillage.audit.models import Outcome
from carevillage.audit.services import actor_for, record_event, record_events

T = TypeVar("T")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    organization: str = ""

    def __bool__(self) -> bool:
        return self.allowed


class Handler(Protocol):
    resource_type: str

    def decide(self, *, actor: Any, action: str, resource: Any, on_behalf_of: Any) -> Decision: ...

    def visible(self, *, actor: Any, action: str, queryset: QuerySet) -> QuerySet: ...

    def subject_person_id(self, resource: Any) -> int | None: ...


_handlers: dict[type[Model], Handler] = {}


def register(model: type[Model]):  # noqa: ANN201 - class decorator
    def wrap(handler_cls: type) -> type:
        _handlers[model] = handler_cls()
        return handler_cls

    return wrap


def _handler_for(model: type[Model]) -> Handler:
    try:
        return _handlers[model]
    except KeyError:
        raise LookupError(f"no access handler registered for {model.__name__}") from None


class AccessDenied(Http404):
    """Raised by `require()`: a denied read looks exactly like a missing object."""


def decide(
    actor: Any,
    action: str,
    resource: Model,
    on_behalf_of: Any = None,
    *,
    purpose: str = "",
) -> Decision:
    handler = _handler_for(type(resource))
    if actor is None or not getattr(actor, "is_authenticated", False):
        decision = Decision(False, "not logged in")
    else:
        decision = handler.decide(
            actor=actor, action=action, resource=resource, on_behalf_of=on_behalf_of
        )
    who = actor_for(actor)
    if decision.organization:
        who = type(who)(who.user_id, who.label, decision.organization)
    event = {
        "actor": who,
        "action": action,
        "outcome": Outcome.ALLOWED if decision.allowed else Outcome.DENIED,
        "subject_person_id": handler.subject_person_id(resource),
        "on_behalf_of_person_id": getattr(on_behalf_of, "pk", None),
        "resource_type": handler.resource_type,
        "resource_id": resource.pk,
        "purpose": purpose,
        "reason": decision.reason,
    }
    record_event(**event)
    if not decision.allowed:
        # Kept so `atomic` can write the denial again if its transaction rolls back.
        object.__setattr__(decision, "_event", event)
    return decision


def require(
    actor: Any, action: str, resource: Model, on_behalf_of: Any = None, *, purpose: str = ""
) -> Decision:
    decision = decide(actor, action, resource, on_behalf_of, purpose=purpose)
    if not decision.allowed:
        denied = AccessDenied()
        denied.audit_event = getattr(decision, "_event", None)
        raise denied
    return decision


def atomic(function: Callable[..., T]) -> Callable[..., T]:
    """`transaction.atomic` for a service that checks access inside its transaction.

    A refused `require()` raises and rolls the transaction back, and with it the denied
    audit event; this writes the denial again after the rollback, so every refused
    attempt stays in the person's trail (rule 1: every decision, allow or deny, is
    audited).
    """

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            with transaction.atomic():
                return function(*args, **kwargs)
        except AccessDenied as denied:
            event = getattr(denied, "audit_event", None)
            if event is not None:
                # The block (transaction or savepoint) rolled the event back: write it
                # again where the caller stands.
                record_event(**event)
            raise

    return wrapper


def record_listing(
    actor: Any, action: str, resources: list[Model], *, purpose: str = "", reason: str = ""
) -> int:
    """Audit a list the actor was shown: one allowed event per resource, in one insert.

    Only for rows that already came through `visible()` for this actor and action (the
    decision was made in the database); a listing of N rows stays a fixed number of
    queries."""
    if not resources:
        return 0
    handler = _handler_for(type(resources[0]))
    return record_events(
        actor=actor_for(actor),
        action=action,
        outcome=Outcome.ALLOWED,
        resources=[
            (handler.subject_person_id(resource), handler.resource_type, resource.pk)
            for resource in resources
        ],
        purpose=purpose,
        reason=reason or "listing",
    )


def visible(actor: Any, action: str, queryset: QuerySet) -> QuerySet:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return queryset.none()
    return _handler_for(queryset.model).visible(actor=actor, action=action, queryset=queryset)
