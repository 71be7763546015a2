"""SMART system scopes: what an API client's token lets it do, per FHIR resource type.

Syntax (SMART App Launch 2.0, "Scopes for requesting FHIR resources"): `system/<Type>.<p>`
with permissions `c` create, `r` read, `u` update, `d` delete, `s` search, in that order
(`system/Patient.rs`); `*` for every type; the v1 forms `.read` (= rs), `.write` (= cud)
and `.*` (= cruds) are accepted too. Granular scopes with a query (`?category=...`) are not
supported and refused, not widened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PERMISSIONS = "cruds"
INTERACTION_PERMISSION = {
    "read": "r",
    "vread": "r",
    "search": "s",
    "create": "c",
    "update": "u",
    "delete": "d",
}
_V1 = {"read": "rs", "write": "cud", "*": "cruds"}
_SCOPE = re.compile(r"^system/(?P<type>\*|[A-Z][A-Za-z]+)\.(?P<perm>[a-z*]+)$")


class ScopeSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class Grants:
    """Permissions by resource type ("*" for every type)."""

    by_type: dict[str, frozenset[str]]

    @classmethod
    def parse(cls, text: str) -> Grants:
        by_type: dict[str, set[str]] = {}
        for scope in text.split():
            match = _SCOPE.match(scope)
            if match is None:
                raise ScopeSyntaxError(f"not a SMART system scope: {scope!r}")
            permission = _V1.get(match["perm"], match["perm"])
            ordered = "".join(p for p in PERMISSIONS if p in permission)
            if not permission or sorted(permission) != sorted(ordered) or ordered != permission:
                raise ScopeSyntaxError(
                    f"permissions must be some of c, r, u, d, s in that order: {scope!r}"
                )
            by_type.setdefault(match["type"], set()).update(permission)
        return cls({kind: frozenset(perms) for kind, perms in by_type.items()})

    def allows(self, resource_type: str, interaction: str) -> bool:
        permission = INTERACTION_PERMISSION[interaction]
        return permission in self.by_type.get(resource_type, frozenset()) or (
            permission in self.by_type.get("*", frozenset())
        )

    def within(self, registered: Grants) -> Grants:
        """What of these (asked-for) grants the registration allows."""
        result: dict[str, frozenset[str]] = {}
        for kind, perms in self.by_type.items():
            if kind == "*":
                for other, allowed in registered.by_type.items():
                    if perms & allowed:
                        result[other] = result.get(other, frozenset()) | (perms & allowed)
                continue
            allowed = registered.by_type.get(kind, frozenset()) | registered.by_type.get(
                "*", frozenset()
            )
            if perms & allowed:
                result[kind] = result.get(kind, frozenset()) | (perms & allowed)
        return Grants(result)

    def __str__(self) -> str:
        return " ".join(
            f"system/{kind}.{''.join(p for p in PERMISSIONS if p in perms)}"
            for kind, perms in sorted(self.by_type.items())
        )

    def __bool__(self) -> bool:
        return bool(self.by_type)
