from __future__ import annotations

import datetime

from carevillage.directory.models import OpeningHours, Postcode, Provider, Service

_counter = iter(range(1, 10_000))


def make_service(code: str = "vaccinations", name: str = "Vaccinations") -> Service:
    return Service.objects.get_or_create(code=code, defaults={"name_en": name})[0]


def make_postcode(code: str = "00530", lat: float = 60.1841, lon: float = 24.95) -> Postcode:
    return Postcode.objects.get_or_create(
        country="FI", code=code, defaults={"name": "Area", "latitude": lat, "longitude": lon}
    )[0]


def make_provider(
    name: str,
    *,
    lat: float,
    lon: float,
    services: list[Service] = (),
    languages: str = "fi,en",
    hours: dict[int, tuple[str, str]] | None = None,
    country: str = "FI",
) -> Provider:
    provider = Provider.objects.create(
        external_id=f"test-{next(_counter)}",
        name=name,
        kind="health_station",
        street_address="Test street 1",
        postcode="00100",
        city="Helsinki",
        country=country,
        latitude=lat,
        longitude=lon,
        languages=languages,
    )
    provider.services.set(services)
    for weekday, (opens, closes) in (hours or {}).items():
        OpeningHours.objects.create(
            provider=provider,
            weekday=weekday,
            opens=datetime.time.fromisoformat(opens),
            closes=datetime.time.fromisoformat(closes),
        )
    return provider
