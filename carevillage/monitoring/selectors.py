"""Every read of home measurements. Readings are someone's health data: each selector
takes the acting user, filters through `access.visible` and audits the rows it returns
with `access.record_listing`. Measurement types are reference data, read freely."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from carevillage import access
from carevillage.audit.actions import AuditAction

from .models import Measurement, MeasurementType

PERIODS: dict[str, int | None] = {"week": 7, "month": 30, "all": None}
DEFAULT_PERIOD = "month"
# The table and chart of "all" show at most this many newest readings.
HISTORY_LIMIT = 500


def measurement_types() -> list[MeasurementType]:
    return list(MeasurementType.objects.prefetch_related("components"))


def measurement_type(code: str) -> MeasurementType | None:
    return MeasurementType.objects.prefetch_related("components").filter(code=code[:32]).first()


@dataclass
class TypeSummary:
    kind: MeasurementType
    latest: Measurement | None


def overview(*, actor: Any, person: Any, on_behalf_of: Any = None) -> list[TypeSummary]:
    """Each measurement type with the person's latest reading of it (or none), in a fixed
    number of queries."""
    kinds = measurement_types()
    visible = access.visible(
        actor,
        AuditAction.VIEW_MEASUREMENT,
        Measurement.objects.filter(person=person.pk),
        on_behalf_of=on_behalf_of,
    )
    newest = list(visible.values("type").annotate(at=Max("effective_at")))
    latest: dict[int, Measurement] = {}
    if newest:
        condition = Q(pk__in=[])
        for row in newest:
            condition |= Q(type=row["type"], effective_at=row["at"])
        for reading in visible.filter(condition).order_by("type", "-effective_at", "-pk"):
            latest.setdefault(reading.type_id, reading)
    access.record_listing(
        actor, AuditAction.VIEW_MEASUREMENT, list(latest.values()), on_behalf_of=on_behalf_of
    )
    return [TypeSummary(kind, latest.get(kind.pk)) for kind in kinds]


@dataclass
class History:
    kind: MeasurementType
    period: str
    start: dt.datetime | None
    end: dt.datetime
    # Newest first, for the table.
    rows: list[Measurement] = field(default_factory=list)

    @property
    def oldest_first(self) -> list[Measurement]:
        return list(reversed(self.rows))


def history(
    *,
    actor: Any,
    person: Any,
    kind: MeasurementType,
    period: str = DEFAULT_PERIOD,
    on_behalf_of: Any = None,
    now: dt.datetime | None = None,
) -> History:
    """The person's readings of one type in the last week, month or all, newest first."""
    now = now or timezone.now()
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    days = PERIODS[period]
    start = now - dt.timedelta(days=days) if days else None
    rows = Measurement.objects.filter(person=person.pk, type=kind).select_related("device")
    if start is not None:
        rows = rows.filter(effective_at__gte=start)
    shown = list(
        access.visible(actor, AuditAction.VIEW_MEASUREMENT, rows, on_behalf_of=on_behalf_of)[
            :HISTORY_LIMIT
        ]
    )
    access.record_listing(actor, AuditAction.VIEW_MEASUREMENT, shown, on_behalf_of=on_behalf_of)
    return History(kind=kind, period=period, start=start, end=now, rows=shown)
