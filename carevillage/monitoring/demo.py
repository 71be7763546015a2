"""The demo village's home measurements, written through the services (idempotent: each
demo reading has an identifier, so a second run keeps the first).

Elsa weighs herself weekly before her hip operation: three weeks of entries before her
care path began and the reading of its first day (the care path's demo marked that task
done; the one of day 7 is still due, for her to enter). Nurse Sanna asked to hear when no
weight comes for eight days (orange) or fourteen (red). Her bathroom scale is paired
(`manage.py demo_device` pairs another and uploads a week of readings)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from carevillage.carepaths.models import Enrollment, EnrollmentStatus
from carevillage.identity.models import Person, User

from . import devices, services
from .models import Device, MeasurementType

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
    enrollment = Enrollment.objects.filter(
        person=elsa, program__slug="hip-replacement-prep", status=EnrollmentStatus.ACTIVE
    ).first()
    sanna = User.objects.filter(username="nurse.sanna").first()
    if enrollment is not None and sanna is not None:
        services.set_threshold(
            actor=sanna,
            enrollment=enrollment,
            kind=weight,
            component="weight",
            rule_kind="silence",
            orange=8,
            red=14,
            days=1,
            reason="Demo: weekly weighing before the operation.",
        )
    if not Device.objects.filter(person=elsa, name=DEMO_SCALE).exists():
        pairing = devices.start_pairing(actor=elsa.user, person=elsa, name=DEMO_SCALE)
        devices.redeem_pairing(code=pairing.code)


DEMO_SCALE = "Bathroom scale (demo)"
