"""The provider finder and opening hours. Public data: no `actor=` needed."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OpeningException, OpeningHours, Postcode, Provider, Service

ZONES = {
    "FI": ZoneInfo("Europe/Helsinki"),
    "SE": ZoneInfo("Europe/Stockholm"),
    "NO": ZoneInfo("Europe/Oslo"),
}
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG), good enough for "nearest first"
LAT_LON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
POSTCODE = re.compile(r"^\s*(\d{4,5})\s*$")

Interval = tuple[datetime.datetime, datetime.datetime]


class PlaceNotFound(ValueError):
    """The "near" input is neither a known postcode nor valid coordinates (message is shown)."""


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def resolve_place(near: str) -> tuple[float, float]:
    """A postcode ("00530", "0150", "11122") or "lat,lon" to coordinates."""
    match = LAT_LON.match(near)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise PlaceNotFound(_("Those coordinates are outside the map. Give a postcode."))
        return lat, lon
    match = POSTCODE.match(near.replace(" ", ""))
    if not match:
        raise PlaceNotFound(
            _("Give a postcode of 4 or 5 digits, for example 00530, or use your location.")
        )
    place = Postcode.objects.filter(code=match.group(1)).first()
    if place is None:
        raise PlaceNotFound(
            _("We do not know the postcode %(code)s. Check it, or try a nearby postcode.")
            % {"code": match.group(1)}
        )
    return place.latitude, place.longitude


def intervals_on(
    day: datetime.date,
    zone: ZoneInfo,
    regular: list[OpeningHours],
    exceptions: dict[datetime.date, OpeningException],
) -> list[Interval]:
    """Opening intervals that start on `day` (an overnight one ends the next day)."""
    exception = exceptions.get(day)
    if exception is not None:
        pairs = [] if exception.closed else [(exception.opens, exception.closes)]
    else:
        pairs = [(h.opens, h.closes) for h in regular if h.weekday == day.weekday()]
    result = []
    for opens, closes in pairs:
        if opens is None or closes is None:  # an exception day without hours is closed
            continue
        start = datetime.datetime.combine(day, opens, tzinfo=zone)
        end_day = day if closes > opens else day + datetime.timedelta(days=1)
        result.append((start, datetime.datetime.combine(end_day, closes, tzinfo=zone)))
    return result


@dataclass(frozen=True)
class HoursToday:
    open_now: bool
    intervals: list[Interval]
    exception_reason: str


def hours_today(provider: Provider, now: datetime.datetime | None = None) -> HoursToday:
    """Whether the provider is open at `now`, and its hours for today in its own time zone."""
    zone = ZONES.get(provider.country, ZONES["FI"])
    local_now = (now or timezone.now()).astimezone(zone)
    today = local_now.date()
    yesterday = today - datetime.timedelta(days=1)
    regular = list(provider.opening_hours.all())
    exceptions = {e.date: e for e in provider.exceptions.all() if e.date in (today, yesterday)}
    todays = intervals_on(today, zone, regular, exceptions)
    spill = [i for i in intervals_on(yesterday, zone, regular, exceptions) if i[1] > local_now]
    open_now = any(start <= local_now < end for start, end in spill + todays)
    reason = exceptions[today].reason if today in exceptions else ""
    return HoursToday(open_now=open_now, intervals=todays, exception_reason=reason)


@dataclass(frozen=True)
class FinderResult:
    provider: Provider
    distance_km: float
    hours: HoursToday


def find_providers(
    *,
    service: Service | None,
    near: tuple[float, float],
    open_now: bool = False,
    language: str = "",
    now: datetime.datetime | None = None,
) -> list[FinderResult]:
    """Providers offering the service, nearest first, optionally only open now / by language.

    Distances are computed in Python: the directory is small (hundreds to a few thousand
    places per village); PostGIS would be the next step for a national directory.
    """
    providers = Provider.objects.prefetch_related("opening_hours", "exceptions", "services")
    if service is not None:
        providers = providers.filter(services=service)
    results = []
    for provider in providers:
        if language and language not in provider.language_codes:
            continue
        hours = hours_today(provider, now)
        if open_now and not hours.open_now:
            continue
        km = distance_km(near[0], near[1], provider.latitude, provider.longitude)
        results.append(FinderResult(provider=provider, distance_km=km, hours=hours))
    results.sort(key=lambda r: (r.distance_km, r.provider.name))
    return results


def services() -> list[Service]:
    return list(Service.objects.all())


def service_by_code(code: str) -> Service | None:
    return Service.objects.filter(code=code).first()


def providers_with_services() -> list[Provider]:
    """Every provider with its services, by name (for the village search index)."""
    return list(Provider.objects.prefetch_related("services").order_by("name"))
