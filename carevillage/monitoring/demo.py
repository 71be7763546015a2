"""The demo village's home measurements, written through the services (idempotent: each
demo reading has an identifier, so a second run keeps the first).

Elsa weighs herself weekly before her hip operation: three weeks of entries before her
care path began and the reading of its first day (the care path's demo marked that task
done; the one of day 7 is still due, for her to enter)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from carevillage.identity.models import Person

from . import services
from .models import MeasurementType

ELSA_WEIGHTS = (  # (days ago, kg)
    (31, Decimal("84.6")),
    (24, Decimal("84.1")),
    (17, Decimal("83.9")),
    (10, Decimal("83.2")),
)


def seed_demo() -> None:
    elsa = Person.objects.filter(oidc_subject="demo-elsa").select_related("user").first()
    weight = MeasurementType.objects.filter(code="weight").first()
    if elsa is None or elsa.user is None or weight is None:
        return
    now = timezone.now()
    for days_ago, kg in ELSA_WEIGHTS:
        services.record_measurement(
            actor=elsa.user,
            person=elsa,
            kind=weight,
            values={"weight": kg},
            effective_at=(now - dt.timedelta(days=days_ago)).replace(
                hour=7, minute=30, second=0, microsecond=0
            ),
            identifier=f"demo-elsa-weight-{days_ago}",
            now=now,
        )
