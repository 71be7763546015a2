"""Where guardianships and registered addresses come from: the relation source.

The rules need three answers about people, and only the population register has them:
who has parental responsibility for whom, whether a parent and a child share their
registered address, and whether either has a confidential address (the Finnish
turvakielto, the Norwegian strengt fortrolig / fortrolig adresse, codes 6 and 7).
`RelationSource` is that question, asked anew on every access decision (a relation the
register ended ends access at once). `settings.PROXY_RELATION_SOURCE` names the class
(dotted path); an adapter for the Finnish population information system (VTJ) or the
Norwegian Folkeregisteret implements the same three methods.

`StoredRegisterSource` answers from the register's answers kept in this database
(`RegisteredGuardianship`, `RegisteredResidence`): what the demo seeds and a register
import would write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string

from .models import RegisteredGuardianship, RegisteredResidence, Source


@dataclass(frozen=True)
class GuardianshipRelation:
    guardian_id: int
    child_id: int
    source: str = Source.REGISTER


@runtime_checkable
class RelationSource(Protocol):
    def guardianships(self, person_id: int, *, now: dt.datetime) -> list[GuardianshipRelation]:
        """The person's guardianships in force at `now`, as guardian or as child."""
        ...

    def share_address(self, person_id: int, other_id: int, *, now: dt.datetime) -> bool:
        """Whether both are registered at the same address at `now`."""
        ...

    def has_confidential_address(self, person_id: int, *, now: dt.datetime) -> bool:
        """Whether the person's address is confidential (turvakielto, code 6 or 7)."""
        ...


class StoredRegisterSource:
    """The register's answers as this installation keeps them (demo and imports)."""

    def guardianships(self, person_id: int, *, now: dt.datetime) -> list[GuardianshipRelation]:
        rows = RegisteredGuardianship.objects.filter(
            Q(guardian=person_id) | Q(child=person_id)
        ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=now))
        return [
            GuardianshipRelation(row.guardian_id, row.child_id, row.source)
            for row in rows.order_by("pk")
        ]

    def share_address(self, person_id: int, other_id: int, *, now: dt.datetime) -> bool:
        keys = dict(
            RegisteredResidence.objects.filter(person__in=[person_id, other_id])
            .exclude(address_key="")
            .values_list("person_id", "address_key")
        )
        return person_id in keys and keys.get(person_id) == keys.get(other_id)

    def has_confidential_address(self, person_id: int, *, now: dt.datetime) -> bool:
        return RegisteredResidence.objects.filter(
            person=person_id, confidential_address=True
        ).exists()


def relation_source() -> RelationSource:
    """The configured source (`settings.PROXY_RELATION_SOURCE`), a new instance per call
    so a changed setting (or test) takes effect at once."""
    source = import_string(settings.PROXY_RELATION_SOURCE)()
    if not isinstance(source, RelationSource):
        raise TypeError(f"{settings.PROXY_RELATION_SOURCE} is not a RelationSource")
    return source
