"""The one policy point.

`decide()` answers "may this actor do this to this object?" and writes an audit event
for every answer. `visible()` filters a queryset to what the actor may see, in the
database. Each kind of resource has one small handler (see `handlers/`); nothing
else in CareVillage makes access decisions.

Writes take one shape (docs/architecture.md, "One write path"):

    @access.atomic
    def decline_invitation(*, actor, enrollment, reason=""):
        enrollment = _locked(enrollment)
        access.require(actor, AuditAction.DECLINE_INVITATION, enrollment)
        ...change rows...

`require()` inside `access.atomic` is the decision and the change's audit event in one:
the allowed event commits with the change, a refusal rolls the change back and is
written again after the rollback, so it stays in the person's trail. A change to a row
the decision was not about (a new row the service created) is recorded with
`access.record()` in the same block.

Reads of one object use `access.get()` (fetch, decide, 404 in one call); reads of a list
use `visible()` and then `record_listing()` for the rows shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import ContextDecorator
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, ClassVar, Protocol, TypeVar, overload

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.http import Http404

from carevillage.audit.actions import AuditAction
from carevillage.audit.models import Outcome
from carevillage.audit.services import actor_for, record_event, record_event_batch, record_events

from .actors import Actor, acting_for, is_api_client, is_device

M = TypeVar("M", bound=Model)
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    organization: str = ""
    # The denied event, kept so `atomic` can write it again after a rollback.
    audit_event: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    def __bool__(self) -> bool:
        return self.allowed


class Handler(Protocol):
    resource_type: ClassVar[str]
    # Every action this handler answers for; any other action is a programming error.
    actions: ClassVar[frozenset[AuditAction]]

    def decide(
        self, *, actor: Actor, action: AuditAction, resource: Any, on_behalf_of: Any
    ) -> Decision: ...

    def visible(self, *, actor: Actor, action: AuditAction, queryset: QuerySet) -> QuerySet: ...

    def subject_person_id(self, resource: Any) -> int | None: ...


class UnknownAction(LookupError):
    """A handler was asked about an action it does not declare: a bug, not a "no"."""


_handlers: dict[type[Model], Handler] = {}
# What a proxy may see of a list (set by `handlers/proxy.py` with
# `register_proxy_visibility`); until it is, a list for someone else is empty.
_visible_on_behalf: Callable[..., QuerySet[Any]] | None = None


def register_proxy_visibility(function: Callable[..., QuerySet[Any]]) -> Any:
    """Function decorator for the one rule of what a proxy's authority shows of a list."""
    global _visible_on_behalf
    _visible_on_behalf = function
    return function


def register(model: type[Model]) -> Any:
    """Class decorator: `@register(Enrollment) class EnrollmentHandler: ...`."""

    def wrap(handler_cls: type) -> type:
        if not getattr(handler_cls, "actions", None):
            raise TypeError(f"{handler_cls.__name__} declares no actions")
        if model in _handlers and type(_handlers[model]) is not handler_cls:
            raise TypeError(
                f"{model.__name__} already has a handler ({type(_handlers[model]).__name__}): "
                "one handler per resource kind, add the actions to it"
            )
        _handlers[model] = handler_cls()
        return handler_cls

    return wrap


def handlers() -> dict[type[Model], Handler]:
    """Every registered handler by model (for the contract tests and the docs)."""
    return dict(_handlers)


def handler_for(model: type[Model]) -> Handler:
    try:
        return _handlers[model]
    except KeyError:
        raise LookupError(f"no access handler registered for {model.__name__}") from None


def _api_client_actions(handler: Handler) -> frozenset[AuditAction]:
    """What an API client (an EHR's system, FHIR API) may be asked about at this handler:
    nothing unless the handler opts in with `api_client_actions`, and then it answers for
    the client like for any actor."""
    return getattr(handler, "api_client_actions", frozenset())


def _device_actions(handler: Handler) -> frozenset[AuditAction]:
    """What a patient's paired device may be asked about at this handler: nothing unless
    the handler opts in with `device_actions`."""
    return getattr(handler, "device_actions", frozenset())


def _checked(handler: Handler, action: str) -> AuditAction:
    try:
        member = AuditAction(action)
    except ValueError:
        raise UnknownAction(f"{action!r} is not an audit action") from None
    if member not in handler.actions:
        raise UnknownAction(f"{type(handler).__name__} does not answer for {member.value!r}")
    return member


class AccessDenied(Http404):
    """Raised by `require()`: a denied read looks exactly like a missing object."""

    def __init__(self, audit_event: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.audit_event = audit_event


def _behalf(actor: Actor | None, on_behalf_of: Any) -> Any:
    """`on_behalf_of` as given, else the person the actor acts for in this request."""
    return on_behalf_of if on_behalf_of is not None else acting_for(actor)


def _authenticated(actor: Actor | None) -> Actor | None:
    """The actor when logged in, else None (anonymous visitors are refused before any
    handler is asked)."""
    if actor is not None and bool(getattr(actor, "is_authenticated", False)):
        return actor
    return None


def decide(
    actor: Actor | None,
    action: AuditAction,
    resource: Model,
    on_behalf_of: Any = None,
    *,
    purpose: str = "",
) -> Decision:
    handler = handler_for(type(resource))
    member = _checked(handler, action)
    on_behalf_of = _behalf(actor, on_behalf_of)
    logged_in = _authenticated(actor)
    if logged_in is None:
        decision = Decision(False, "not logged in")
    elif is_api_client(logged_in) and member not in _api_client_actions(handler):
        decision = Decision(False, "not an action for API clients")
    elif is_device(logged_in) and member not in _device_actions(handler):
        decision = Decision(False, "not an action for devices")
    else:
        decision = handler.decide(
            actor=logged_in, action=member, resource=resource, on_behalf_of=on_behalf_of
        )
    who = actor_for(actor)
    if decision.organization:
        who = replace(who, organization=decision.organization)
    event: dict[str, Any] = {
        "actor": who,
        "action": member,
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
        return Decision(False, decision.reason, decision.organization, audit_event=event)
    return decision


def require(
    actor: Actor | None,
    action: AuditAction,
    resource: Model,
    on_behalf_of: Any = None,
    *,
    purpose: str = "",
) -> Decision:
    """`decide()`, raising `AccessDenied` (a 404) on a refusal."""
    decision = decide(actor, action, resource, on_behalf_of, purpose=purpose)
    if not decision.allowed:
        raise AccessDenied(decision.audit_event)
    return decision


def get(
    actor: Actor | None,
    action: AuditAction,
    queryset: QuerySet[M] | type[M],
    on_behalf_of: Any = None,
    *,
    purpose: str = "",
    **lookup: Any,
) -> M:
    """Fetch one object, decide, and raise 404 in one call (the object's absence and a
    refusal look the same; the refusal is audited)."""
    qs: QuerySet[M] = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    try:
        resource = qs.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    require(actor, action, resource, on_behalf_of, purpose=purpose)
    return resource


class _Atomic(ContextDecorator):
    def __init__(self) -> None:
        self._blocks: list[Any] = []

    def _recreate_cm(self) -> _Atomic:
        # A fresh block per call: a decorated service is shared by threads.
        return _Atomic()

    def __enter__(self) -> _Atomic:
        block = transaction.atomic()
        block.__enter__()
        self._blocks.append(block)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        block = self._blocks.pop()
        block.__exit__(exc_type, exc, tb)
        if isinstance(exc, AccessDenied) and exc.audit_event is not None:
            # The block (transaction or savepoint) rolled the event back: write it again
            # where the caller stands.
            record_event(**exc.audit_event)


@overload
def atomic(function: F) -> F: ...
@overload
def atomic(function: None = None) -> _Atomic: ...
def atomic(function: F | None = None) -> F | _Atomic:
    """`transaction.atomic` for every write: `@access.atomic` or `with access.atomic():`.

    A refused `require()` raises and rolls the transaction back, and with it the denied
    audit event; this writes the denial again after the rollback, so every refused
    attempt stays in the person's trail (rule 1: every decision, allow or deny, is
    audited). Nested blocks write it once: each outer rollback removes the inner copy.
    """
    if function is None:
        return _Atomic()
    return _Atomic()(function)


def record(
    actor: Actor | None,
    action: AuditAction,
    resource: Model,
    on_behalf_of: Any = None,
    *,
    reason: str = "",
    purpose: str = "",
    organization: str = "",
) -> None:
    """Write the allowed event of a change the service just made to `resource`, after a
    `require()` on the object the decision was about. Only inside `access.atomic`, so the
    event commits or rolls back with the change."""
    if not connection.in_atomic_block:
        raise RuntimeError("access.record() belongs inside access.atomic")
    handler = handler_for(type(resource))
    member = _checked(handler, action)
    who = actor_for(actor)
    if organization:
        who = replace(who, organization=organization)
    record_event(
        actor=who,
        action=member,
        outcome=Outcome.ALLOWED,
        subject_person_id=handler.subject_person_id(resource),
        on_behalf_of_person_id=getattr(_behalf(actor, on_behalf_of), "pk", None),
        resource_type=handler.resource_type,
        resource_id=resource.pk,
        purpose=purpose,
        reason=reason,
    )


def record_listing(
    actor: Actor | None,
    action: AuditAction,
    resources: Sequence[Model],
    *,
    purpose: str = "",
    reason: str = "",
    on_behalf_of: Any = None,
) -> int:
    """Audit a list the actor was shown: one allowed event per resource, in one insert.

    Only for rows that already came through `visible()` for this actor and action (the
    decision was made in the database); a listing of N rows stays a fixed number of
    queries."""
    if not resources:
        return 0
    handler = handler_for(type(resources[0]))
    member = _checked(handler, action)
    return record_events(
        actor=actor_for(actor),
        action=member,
        outcome=Outcome.ALLOWED,
        resources=[
            (handler.subject_person_id(resource), handler.resource_type, resource.pk)
            for resource in resources
        ],
        purpose=purpose,
        reason=reason or "listing",
        on_behalf_of_person_id=getattr(_behalf(actor, on_behalf_of), "pk", None),
    )


def record_listings(
    actor: Actor | None,
    listings: Sequence[tuple[AuditAction, Sequence[Model]]],
    *,
    purpose: str = "",
    reason: str = "",
) -> int:
    """`record_listing` for a page with several lists (a dashboard's patients and its
    critical alerts): every row of every list, audited in one insert."""
    entries: list[tuple[AuditAction, int | None, str, str | int]] = []
    for action, resources in listings:
        if not resources:
            continue
        handler = handler_for(type(resources[0]))
        member = _checked(handler, action)
        entries += [
            (member, handler.subject_person_id(resource), handler.resource_type, resource.pk)
            for resource in resources
        ]
    return record_event_batch(
        actor=actor_for(actor),
        outcome=Outcome.ALLOWED,
        entries=entries,
        purpose=purpose,
        reason=reason or "listing",
        on_behalf_of_person_id=getattr(acting_for(actor), "pk", None),
    )


def deny(
    actor: Actor | None,
    action: AuditAction,
    resource_type: str,
    resource_id: str | int,
    reason: str,
    *,
    subject_person_id: int | None = None,
    purpose: str = "",
) -> None:
    """Audit a refusal that no handler was asked about: a lookup already scoped to what
    the actor may reach (an admin screen of their own organizations, an id that belongs
    to another thread) found the object outside it. Written where the caller stands, so
    call it after (outside) any block that rolls back; the caller still answers 404."""
    record_event(
        actor=actor_for(actor),
        action=AuditAction(action),
        outcome=Outcome.DENIED,
        subject_person_id=subject_person_id,
        on_behalf_of_person_id=getattr(acting_for(actor), "pk", None),
        resource_type=resource_type,
        resource_id=resource_id,
        purpose=purpose,
        reason=reason,
    )


def deny_if_exists(
    actor: Actor | None,
    action: AuditAction,
    model: type[Model],
    pk: Any,
    reason: str,
) -> bool:
    """`deny()` for a scoped lookup that answered 404: audited only when the row exists
    (a refusal), not for an id that was never there. Returns whether it was written."""
    if pk is None:
        return False
    try:
        exists = model._default_manager.filter(pk=pk).exists()
    except (ValueError, TypeError, OverflowError):
        return False
    if exists:
        deny(actor, action, model._meta.model_name or model.__name__.lower(), pk, reason)
    return exists


def visible(
    actor: Actor | None, action: AuditAction, queryset: QuerySet[M], on_behalf_of: Any = None
) -> QuerySet[M]:
    """The rows of `queryset` the actor may reach for `action`; acting for
    `on_behalf_of`, the rows the actor's authority for that person reaches (none without
    one, see `handlers/proxy.py`)."""
    handler = handler_for(queryset.model)
    member = _checked(handler, action)
    logged_in = _authenticated(actor)
    if logged_in is None:
        return queryset.none()
    if is_api_client(logged_in) and member not in _api_client_actions(handler):
        return queryset.none()
    if is_device(logged_in) and member not in _device_actions(handler):
        return queryset.none()
    on_behalf_of = _behalf(actor, on_behalf_of)
    if on_behalf_of is not None:
        if _visible_on_behalf is None:
            return queryset.none()
        return _visible_on_behalf(
            handler, actor=logged_in, action=member, queryset=queryset, on_behalf_of=on_behalf_of
        )
    return handler.visible(actor=logged_in, action=member, queryset=queryset)
