"""Acting for someone else: the one helper every handler asks when `on_behalf_of` is
given, and the handler of powers of attorney themselves.

`decide_on_behalf` answers "may this actor, acting for this person, do this to this
resource?": the proxy app's selectors say whether the actor has an authority for the
person now (a guardianship by the age rules, or a power of attorney in force) that
covers what the resource needs; the handler then answers as it would for the person
themselves (`visible_on_behalf`, the person's own view, narrowed for a guardian where the
rules say so). Relations are looked up anew on every call, so an ended relation ends
access at the next request.

A proxy never gets more than the person has, never staff actions, and never acts on a
resource of someone else than the person they act for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Protocol

from django.db.models import Q, QuerySet
from django.utils import timezone

from carevillage.access.actors import is_api_client, own_person
from carevillage.access.policy import Decision, register
from carevillage.audit.actions import AuditAction as A
from carevillage.proxy.models import PowerOfAttorney
from carevillage.proxy.rules import Need
from carevillage.proxy.selectors import Authority, authority


class ActsOnBehalf(Protocol):
    """What a handler offers to be asked on someone's behalf."""

    def subject_person_id(self, resource: Any) -> int | None: ...

    def need_for(self, resource: Any) -> Need: ...

    def visible_on_behalf(
        self, *, authority: Authority, action: A, queryset: QuerySet
    ) -> QuerySet: ...


def authority_for_subject(
    actor: Any, on_behalf_of: Any, need: Need | None, now: dt.datetime | None = None
) -> Authority | None:
    """The actor's authority to act for `on_behalf_of` covering `need`, or None (API
    clients and staff without a person of their own act for nobody)."""
    if on_behalf_of is None or is_api_client(actor):
        return None
    person = own_person(actor)
    if person is None or person.pk == getattr(on_behalf_of, "pk", None):
        return None
    return authority(person, on_behalf_of, now or timezone.now(), need=need)


def decide_on_behalf(
    handler: ActsOnBehalf, *, actor: Any, action: A, resource: Any, on_behalf_of: Any
) -> Decision:
    if handler.subject_person_id(resource) != getattr(on_behalf_of, "pk", None):
        return Decision(False, "not the represented person's data")
    need = handler.need_for(resource)
    found = authority_for_subject(actor, on_behalf_of, None)
    if found is None:
        return Decision(False, "no proxy relation in force")
    covering = authority_for_subject(actor, on_behalf_of, need)
    if covering is None:
        return Decision(False, f"{found.reason()} does not cover {need.value}")
    shown = handler.visible_on_behalf(
        authority=covering,
        action=action,
        queryset=type(resource)._default_manager.filter(pk=resource.pk),
    )
    if not shown.exists():
        return Decision(False, f"{covering.reason()}: not shown to a proxy for this action")
    return Decision(True, covering.reason())


def visible_on_behalf(
    handler: Any, *, actor: Any, action: A, queryset: QuerySet, on_behalf_of: Any
) -> QuerySet:
    """The rows of `queryset` the actor may reach for `action` acting for `on_behalf_of`:
    none without an authority, else the handler's answer for the person, kept to the
    needs the authority covers."""
    if not hasattr(handler, "visible_on_behalf"):
        return queryset.none()
    found = authority_for_subject(actor, on_behalf_of, None)
    if found is None:
        return queryset.none()
    return handler.visible_on_behalf(authority=found, action=action, queryset=queryset)


def guardian_may_see(authority: Authority) -> Q:
    """Record entries a professional marked "not shown to parents" stay the youth's."""
    return Q(hidden_from_guardians=False) if authority.is_guardian else Q()


@register(PowerOfAttorney)
class PowerOfAttorneyHandler:
    """The giver gives, changes and ends a power of attorney; the holder may end their
    side. Nobody does either for someone else: a proxy cannot pass authority on."""

    resource_type = "power_of_attorney"
    giver_actions: ClassVar[frozenset[A]] = frozenset(
        {A.GRANT_POWER_OF_ATTORNEY, A.CHANGE_POWER_OF_ATTORNEY, A.END_POWER_OF_ATTORNEY}
    )
    holder_actions: ClassVar[frozenset[A]] = frozenset({A.END_POWER_OF_ATTORNEY})
    actions = giver_actions | holder_actions

    def subject_person_id(self, resource: PowerOfAttorney) -> int | None:
        return resource.giver_id

    def visible(self, *, actor: Any, action: A, queryset: QuerySet) -> QuerySet:
        person = own_person(actor)
        if person is None or is_api_client(actor):
            return queryset.none()
        conditions = Q(pk__in=[])
        if action in self.giver_actions:
            conditions |= Q(giver=person.pk)
        if action in self.holder_actions:
            conditions |= Q(holder=person.pk)
        return queryset.filter(conditions)

    def decide(
        self, *, actor: Any, action: A, resource: PowerOfAttorney, on_behalf_of: Any
    ) -> Decision:
        if on_behalf_of is not None:
            return Decision(False, "a proxy cannot give or change powers of attorney")
        shown = self.visible(
            actor=actor, action=action, queryset=PowerOfAttorney.objects.filter(pk=resource.pk)
        )
        if not shown.exists():
            return Decision(False, "neither the giver nor the holder")
        person = own_person(actor)
        return Decision(True, "giver" if resource.giver_id == person.pk else "holder")
