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


@dataclass
class TeamRow:
    """One measurement type on a care path's page for its team."""

    kind: MeasurementType
    latest: Measurement | None
    previous: Measurement | None
    # (component name, rule) of each rule in effect.
    rules: list[tuple[str, Any]]

    @property
    def trend(self) -> str:
        """ "up", "down" or "same" for the first value, latest against the one before."""
        if self.latest is None or self.previous is None:
            return ""
        code = next(iter(self.latest.values), "")
        now, before = self.latest.value(code), self.previous.value(code)
        if now is None or before is None:
            return ""
        return "up" if now > before else "down" if now < before else "same"


def for_care_team(*, actor: Any, enrollment: Any) -> list[TeamRow]:
    """The measurement types the care path follows (scheduled by its program, with limits
    set by the team, or with readings), each with the latest two readings the actor may
    see and the rules in effect for this patient. The readings shown are audited."""
    from . import services
    from .models import Threshold

    followed = set(enrollment.program.measurement_tasks.values_list("kind", flat=True))
    followed |= set(
        Threshold.objects.filter(enrollment=enrollment).values_list("type__code", flat=True)
    )
    visible = access.visible(
        actor,
        AuditAction.VIEW_MEASUREMENT,
        Measurement.objects.filter(person=enrollment.person_id).select_related("type"),
    )
    followed |= set(visible.values_list("type__code", flat=True).distinct())
    rows, shown = [], []
    for kind in measurement_types():
        if kind.code not in followed:
            continue
        names = {component.code: component.name for component in kind.components.all()}
        newest = list(visible.filter(type=kind).order_by("-effective_at", "-pk")[:2])
        shown += newest
        rows.append(
            TeamRow(
                kind=kind,
                latest=newest[0] if newest else None,
                previous=newest[1] if len(newest) > 1 else None,
                rules=[
                    (names.get(rule.component, rule.component), rule)
                    for rule in services.rules_for(enrollment, kind)
                ],
            )
        )
    access.record_listing(actor, AuditAction.VIEW_MEASUREMENT, shown, purpose="care path")
    return rows
