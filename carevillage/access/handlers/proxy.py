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
from carevillage.access.policy import Decision, register, register_proxy_visibility
from carevillage.audit.actions import AuditAction as A
from carevillage.proxy.models import PowerOfAttorney
from carevillage.proxy.rules import Need
from carevillage.proxy.selectors import Authority, authorities_for


class ActsOnBehalf(Protocol):
    """What a handler offers to be asked on someone's behalf."""

    def subject_person_id(self, resource: Any) -> int | None: ...

    def need_for(self, resource: Any) -> Need: ...

    def visible_on_behalf(
        self, *, authority: Authority, action: A, queryset: QuerySet
    ) -> QuerySet: ...


def authorities_for_subject(
    actor: Any, on_behalf_of: Any, now: dt.datetime | None = None
) -> list[Authority]:
    """Every authority the actor has for `on_behalf_of` now (a guardian may also hold the
    youth's power of attorney); none for API clients and staff without a person."""
    if on_behalf_of is None or is_api_client(actor):
        return []
    person = own_person(actor)
    subject_id = getattr(on_behalf_of, "pk", None)
    if person is None or subject_id is None or person.pk == subject_id:
        return []
    return [
        found
        for found in authorities_for(person, now or timezone.now())
        if found.subject.pk == subject_id
    ]


def authority_for_subject(
    actor: Any, on_behalf_of: Any, need: Need | None, now: dt.datetime | None = None
) -> Authority | None:
    """The actor's first authority for `on_behalf_of` that covers `need`, or None."""
    for found in authorities_for_subject(actor, on_behalf_of, now):
        if need is None or found.covers(need):
            return found
    return None


def decide_on_behalf(
    handler: ActsOnBehalf, *, actor: Any, action: A, resource: Any, on_behalf_of: Any
) -> Decision:
    """Allowed when one of the actor's authorities for the person covers what the
    resource needs and shows it for this action (the same rows `visible_on_behalf`
    gives, so the two answers agree)."""
    if handler.subject_person_id(resource) != getattr(on_behalf_of, "pk", None):
        return Decision(False, "not the represented person's data")
    found = authorities_for_subject(actor, on_behalf_of)
    if not found:
        return Decision(False, "no proxy relation in force")
    need = handler.need_for(resource)
    covering = [one for one in found if one.covers(need)]
    if not covering:
        return Decision(False, f"{found[0].reason()} does not cover {need.value}")
    for one in covering:
        shown = handler.visible_on_behalf(
            authority=one,
            action=action,
            queryset=type(resource)._default_manager.filter(pk=resource.pk),
        )
        if shown.exists():
            return Decision(True, one.reason())
    return Decision(False, f"{covering[0].reason()}: not shown to a proxy for this action")


@register_proxy_visibility
def visible_on_behalf(
    handler: Any, *, actor: Any, action: A, queryset: QuerySet, on_behalf_of: Any
) -> QuerySet:
    """The rows of `queryset` the actor may reach for `action` acting for `on_behalf_of`:
    none without an authority, else what any of the actor's authorities for the person
    shows of the person's own."""
    if not hasattr(handler, "visible_on_behalf"):
        return queryset.none()
    found = authorities_for_subject(actor, on_behalf_of)
    if not found:
        return queryset.none()
    shown = Q(pk__in=[])
    for one in found:
        rows = handler.visible_on_behalf(authority=one, action=action, queryset=queryset)
        shown |= Q(pk__in=rows.values("pk"))
    return queryset.filter(shown)


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
