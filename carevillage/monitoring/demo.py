"""The demo village's home measurements, written through the services (idempotent: each
demo reading has an identifier, so a second run keeps the first).

Elsa weighs herself weekly before her hip operation: three weeks of entries before her
care path began and the reading of its first day (the care path's demo marked that task
done; the one of day 7 is still due, for her to enter). Nurse Sanna asked to hear when no
weight comes for eight days (orange) or fourteen (red). Her bathroom scale is paired
(`manage.py demo_device` pairs another and uploads a week of readings).

The two patients of the heart-failure follow-up (Pentti and Raili Esimerkki) send their
morning weight and blood pressure every day from a home gateway; Raili's weight rose by
more than 2 kg in three days yesterday, which raised a red alert for the health
station's team."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from carevillage.carepaths.models import Enrollment, EnrollmentStatus
from carevillage.identity.models import Person, User

from . import devices, ingest, services
from .models import Device, MeasurementType

ELSA_WEIGHTS = (  # (days ago, kg)
    (31, Decimal("84.6")),
    (24, Decimal("84.1")),
    (17, Decimal("83.9")),
    (10, Decimal("83.2")),
)


def seed_demo() -> None:
    seed_elsa()
    seed_heart_failure()


def seed_elsa() -> None:
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


HEART_FAILURE_PROGRAM = "heart-failure-follow-up"
GATEWAY = "Home gateway (demo)"
# Morning weights (kg), oldest first, ending yesterday; and blood pressure.
HEART_FAILURE_READINGS: dict[str, dict[str, Any]] = {
    "Pentti": {
        "weights": ("78.6", "78.4", "78.5", "78.3", "78.6", "78.4", "78.2", "78.4", "78.5"),
        "pressure": (("132", "80"), ("128", "78"), ("134", "82")),
    },
    "Raili": {
        "weights": ("71.2", "71.0", "71.1", "71.0", "71.3", "72.4", "73.6"),
        "pressure": (("138", "84"), ("142", "86"), ("146", "88")),
    },
}


def _morning(days_ago: int, now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now) - dt.timedelta(days=days_ago)
    return local.replace(hour=7, minute=30, second=0, microsecond=0)


def seed_heart_failure() -> None:
    """Each patient's gateway uploads one morning at a time, as it would have."""
    enrollments = Enrollment.objects.filter(
        program__slug=HEART_FAILURE_PROGRAM, status=EnrollmentStatus.ACTIVE
    ).select_related("person__user")
    now = timezone.now()
    for enrollment in enrollments:
        person = enrollment.person
        readings = HEART_FAILURE_READINGS.get(person.given_name)
        if readings is None or person.user is None:
            continue
        device = Device.objects.filter(person=person, name=GATEWAY).first()
        if device is None:
            pairing = devices.start_pairing(actor=person.user, person=person, name=GATEWAY)
            device = devices.redeem_pairing(code=pairing.code).device
        weights = readings["weights"]
        pressure = readings["pressure"]
        for index, kg in enumerate(weights):
            days_ago = len(weights) - index
            at = _morning(days_ago, now)
            day = at.date().isoformat()
            batch = [{"id": f"weight-{day}", "type": "weight", "time": at.isoformat(), "value": kg}]
            if index >= len(weights) - len(pressure):
                systolic, diastolic = pressure[index - (len(weights) - len(pressure))]
                batch.append(
                    {
                        "id": f"bp-{day}",
                        "type": "blood-pressure",
                        "time": at.isoformat(),
                        "values": {"systolic": systolic, "diastolic": diastolic, "pulse": "72"},
                    }
                )
            ingest.ingest(
                device=device,
                items=ingest.compact_items(batch),
                now=at + dt.timedelta(minutes=5),
            )
