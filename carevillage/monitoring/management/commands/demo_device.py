"""`manage.py demo_device --patient demo-elsa`: a pretend bathroom scale pairs with the
patient (a pairing code asked for as the patient, traded for the device's token) and
uploads a week of morning weights as a FHIR Bundle of Observations, through the same
parsing and services as `/api/monitoring/fhir`. Demo data only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from carevillage.identity.models import Person
from carevillage.monitoring import devices, ingest


def _observation(device_pk: int, at: dt.datetime, kg: Decimal) -> dict[str, Any]:
    return {
        "resource": {
            "resourceType": "Observation",
            "status": "final",
            "identifier": [
                {
                    "system": f"urn:carevillage:demo-scale:{device_pk}",
                    "value": at.date().isoformat(),
                }
            ],
            "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
            "effectiveDateTime": at.isoformat(),
            "valueQuantity": {"value": float(kg), "unit": "kg", "code": "kg"},
        },
        "request": {"method": "POST", "url": "Observation"},
    }


class Command(BaseCommand):
    help = "Pair a demo scale with a demo patient and upload a week of weights (DEMO)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--patient", required=True, help="e-ID subject, e.g. demo-elsa")
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        person = (
            Person.objects.select_related("user").filter(oidc_subject=options["patient"]).first()
        )
        if person is None or person.user is None:
            raise CommandError(f"No demo patient {options['patient']!r} who has logged in.")
        days = max(1, min(int(options["days"]), 31))
        pairing = devices.start_pairing(
            actor=person.user, person=person, name="Demo scale (manage.py demo_device)"
        )
        paired = devices.redeem_pairing(code=pairing.code)
        now = timezone.localtime()
        start = Decimal("83.0")
        mornings = [
            min(
                (now - dt.timedelta(days=days - 1 - day)).replace(
                    hour=7, minute=15, second=0, microsecond=0
                ),
                now - dt.timedelta(minutes=1),
            )
            for day in range(days)
        ]
        entries = [
            _observation(paired.device.pk, at, start - Decimal("0.1") * day)
            for day, at in enumerate(mornings)
        ]
        report = ingest.ingest(
            device=paired.device,
            items=ingest.fhir_items({"resourceType": "Bundle", "type": "batch", "entry": entries}),
        )
        self.stdout.write(
            f"Paired “{paired.device.name}” with {person.given_name}: {report.created} new "
            f"readings, {report.existing} already there, {len(report.errors)} refused."
        )
