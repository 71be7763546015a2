"""What every resource kind offers the views: read, search, create."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from pydantic import BaseModel, ValidationError

from carevillage.fhir.errors import FhirError, from_validation, invalid

DEFAULT_COUNT = 50
MAX_COUNT = 100

# Patient identifier systems (issue contract): the Finnish personal identity code
# (OID 1.2.246.21, Digital and Population Data Services Agency) and the Norwegian
# national identity number (OID 2.16.578.1.12.4.1.4.1, the Norwegian Directorate of
# eHealth's OID register).
FINNISH_ID = "urn:oid:1.2.246.21"
NORWEGIAN_ID = "urn:oid:2.16.578.1.12.4.1.4.1"
# CareVillage's own naming systems: a professional's username, a program's canonical URL.
USERNAME_SYSTEM = "https://carevillage.org/fhir/sid/username"


@dataclass(frozen=True)
class SearchParameter:
    name: str
    type: str
    documentation: str


@dataclass
class SearchPage:
    resources: list[dict[str, Any]]
    # The cursor of the next page (the last row's key) when there are more rows.
    after: str | None
    # How many match, given only for `_count=0` (FHIR: "just the total").
    total: int | None = None


@dataclass
class Created:
    resource: dict[str, Any]
    resource_id: str
    # False when a conditional create found the resource already there.
    created: bool = True


@dataclass(frozen=True)
class Include:
    """A search's `_include=<Type>:<parameter>`: the `target` resources the page's matches
    reference, fetched as the client (and audited like any read)."""

    target: str
    fetch: Callable[[Any, list[dict[str, Any]]], list[dict[str, Any]]]


@dataclass
class Kind:
    resource_type: str
    model: type[BaseModel]
    documentation: str
    read: Callable[[Any, str], dict[str, Any]] | None = None
    search: Callable[[Any, dict[str, str], int, str | None], SearchPage] | None = None
    create: Callable[[Any, dict[str, Any], str | None], Created] | None = None
    # update(client, id, resource, If-Match or None) -> the resource as stored now; its
    # meta.versionId is what the next If-Match must name (versioned update, 412 if not).
    update: Callable[[Any, str, dict[str, Any], str | None], dict[str, Any]] | None = None
    search_parameters: list[SearchParameter] = field(default_factory=list)
    includes: dict[str, Include] = field(default_factory=dict)
    # The client's visible resources matching search parameters, unaudited: what a
    # Subscription's criteria are checked with. Only kinds with it can be subscribed to.
    matching: Callable[[Any, dict[str, str]], Any] | None = None

    @property
    def interactions(self) -> list[str]:
        return [
            name
            for name, handler in (
                ("read", self.read),
                ("search-type", self.search),
                ("create", self.create),
                ("update", self.update),
            )
            if handler is not None
        ]

    def validated(self, body: Any) -> Any:
        """A posted resource parsed by the R4 models (unknown element, wrong type and
        missing required elements are refused with the element's path)."""
        if not isinstance(body, dict):
            raise invalid("the request body must be a JSON object")
        if body.get("resourceType") != self.resource_type:
            raise invalid(
                f"resourceType must be {self.resource_type}", f"{self.resource_type}.resourceType"
            )
        try:
            return self.model.model_validate(body)
        except ValidationError as error:
            raise from_validation(error, self.resource_type) from None

    def output(self, data: dict[str, Any]) -> dict[str, Any]:
        """A resource the API returns, checked against the R4 models before it leaves."""
        model = self.model.model_validate(data)
        return model.model_dump(mode="json", exclude_none=True, by_alias=True)


def meta(version: int, updated: Any) -> dict[str, Any]:
    """`meta` of a versioned resource: versionId (what ETag and If-Match carry) and
    lastUpdated."""
    return {"versionId": str(version), "lastUpdated": updated.isoformat()}


def check_version(if_match: str | None, current: int, resource: str) -> None:
    """A versioned update: `If-Match: W/"<versionId>"` must name the stored version
    (FHIR R4 http "Managing Resource Contention"); without If-Match the update applies."""
    if if_match is None:
        return
    wanted = if_match.strip().removeprefix("W/").strip('"')
    if not wanted.isdigit():
        raise invalid('If-Match must be W/"<versionId>"', "If-Match")
    if int(wanted) != current:
        raise FhirError(
            412,
            "conflict",
            f"{resource} is at version {current}, not {wanted}: read it again and resend",
        )


def base_url() -> str:
    return f"{settings.BASE_URL}/fhir"


def reference_id(reference: str | None, resource_type: str, expression: str) -> str:
    """The id of a literal reference `Type/id` (relative or under this server's base)."""
    value = (reference or "").strip()
    prefix = f"{resource_type}/"
    if value.startswith(base_url() + "/"):
        value = value[len(base_url()) + 1 :]
    if not value.startswith(prefix) or not value[len(prefix) :]:
        raise invalid(f"{expression} must reference a {resource_type}", expression)
    return value[len(prefix) :]


def token_param(value: str, name: str) -> tuple[str | None, str]:
    """A token search parameter's `system|code` (or just `code`)."""
    system, bar, code = value.partition("|")
    if not bar:
        return None, value
    if not code:
        raise FhirError(400, "invalid", f"{name} needs a value after '|'", name)
    return system, code


_PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap")
_SUPPORTED_PREFIXES = ("eq", "gt", "lt", "ge", "le")


def date_filters(values: list[str], field: str, name: str) -> dict[str, Any]:
    """Django filters for FHIR date search values (`ge2026-01-01`, `lt2026-02`, `2026`):
    each value is a range at its precision (a day, a month, a year or an instant), and
    the prefix compares against that range (FHIR R4 search, "date")."""
    import datetime as dt

    from django.utils import timezone

    filters: dict[str, Any] = {}
    for raw in values:
        prefix = raw[:2] if raw[:2] in _PREFIXES else "eq"
        text = raw[2:] if raw[:2] in _PREFIXES else raw
        if prefix not in _SUPPORTED_PREFIXES:
            raise FhirError(
                400, "not-supported", f"{name}: the prefix {prefix} is not supported", name
            )
        try:
            if len(text) == 4:
                start = dt.datetime(int(text), 1, 1)
                end = dt.datetime(int(text) + 1, 1, 1)
            elif len(text) == 7:
                year, month = int(text[:4]), int(text[5:7])
                start = dt.datetime(year, month, 1)
                end = dt.datetime(year + (month == 12), month % 12 + 1, 1)
            elif len(text) == 10:
                start = dt.datetime.fromisoformat(text)
                end = start + dt.timedelta(days=1)
            else:
                start = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
                end = start + dt.timedelta(seconds=1)
        except ValueError:
            raise invalid(
                f"{name} must be a date such as 2026-01-31 (optionally ge, gt, le, lt, eq before it)",
                name,
            ) from None
        if timezone.is_naive(start):
            start, end = timezone.make_aware(start), timezone.make_aware(end)
        if prefix == "eq":
            filters[f"{field}__gte"], filters[f"{field}__lt"] = start, end
        elif prefix == "ge":
            filters[f"{field}__gte"] = start
        elif prefix == "gt":
            filters[f"{field}__gte"] = end
        elif prefix == "le":
            filters[f"{field}__lt"] = end
        else:  # lt
            filters[f"{field}__lt"] = start
    return filters


def patient_param(value: str) -> int:
    """The id of a `patient` search value: `Patient/<id>`, the full URL, or the id."""
    patient = value.removeprefix(f"{base_url()}/").removeprefix("Patient/")
    if not patient.isdigit():
        raise invalid("patient must be Patient/<id>", "patient")
    return int(patient)


def audited_page(
    client: Any,
    action: Any,
    shown_to: Any,
    count: int,
    after: str | None,
    to_fhir: Callable[[Any], dict[str, Any]],
    audited: Callable[[list[Any]], list[Any]] | None = None,
) -> SearchPage:
    """One page of a search over rows the client may see (`shown_to` came through
    `access.visible`), in id order after the cursor; the rows shown are audited as one
    listing (`audited` picks the rows the events name, e.g. a message's thread).
    `_count=0` gives just the total."""
    from carevillage import access

    if after is not None:
        if not after.isdigit():
            raise invalid("_after must be a resource id", "_after")
        shown_to = shown_to.filter(pk__gt=int(after))
    if count == 0:
        return SearchPage([], None, shown_to.count())
    rows = list(shown_to.order_by("pk")[: count + 1])
    shown = rows[:count]
    access.record_listing(client, action, audited(shown) if audited else shown, purpose="FHIR API")
    return SearchPage(
        [to_fhir(row) for row in shown], str(shown[-1].pk) if len(rows) > count else None
    )
