"""DEMO: about 50 invented providers at real-looking Nordic postcodes. Idempotent.

Postcode centres are approximate coordinates of real districts, enough for "nearest first".
Provider names, phone numbers and booking links are invented.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from carevillage import access

from .models import OpeningException, OpeningHours, Postcode, Provider, Service

SERVICES = {
    "general-practice": (
        "General practice",
        "Yleislääkärin vastaanotto",
        "Allmänläkarmottagning",
        "Fastlege",
    ),
    "vaccinations": ("Vaccinations", "Rokotukset", "Vaccinationer", "Vaksinasjon"),
    "maternity-clinic": ("Maternity clinic", "Äitiysneuvola", "Mödravård", "Svangerskapskontroll"),
    "child-health-clinic": (
        "Child health clinic",
        "Lastenneuvola",
        "Barnavårdscentral",
        "Helsestasjon for barn",
    ),
    "mental-health": (
        "Mental health services",
        "Mielenterveyspalvelut",
        "Psykiatrisk öppenvård",
        "Psykisk helsetjeneste",
    ),
    "youth-health": (
        "Youth health services",
        "Nuorten terveyspalvelut",
        "Ungdomsmottagning",
        "Helsestasjon for ungdom",
    ),
    "laboratory": ("Laboratory", "Laboratorio", "Provtagning", "Laboratorium"),
    "emergency": ("Emergency care", "Päivystys", "Akutmottagning", "Legevakt"),
    "pharmacy": ("Pharmacy", "Apteekki", "Apotek", "Apotek"),
    "physiotherapy": ("Physiotherapy", "Fysioterapia", "Fysioterapi", "Fysioterapi"),
}

# (country, postcode, area, latitude, longitude)
PLACES = [
    ("FI", "00100", "Helsinki keskusta", 60.1699, 24.9384),
    ("FI", "00530", "Kallio", 60.1841, 24.9500),
    ("FI", "00810", "Herttoniemi", 60.1950, 25.0330),
    ("FI", "02100", "Tapiola", 60.1756, 24.8047),
    ("FI", "01300", "Tikkurila", 60.2934, 25.0378),
    ("FI", "33100", "Tampere", 61.4978, 23.7610),
    ("FI", "20100", "Turku", 60.4518, 22.2666),
    ("FI", "90100", "Oulu", 65.0121, 25.4651),
    ("FI", "40100", "Jyväskylä", 62.2426, 25.7473),
    ("FI", "70100", "Kuopio", 62.8924, 27.6770),
    ("FI", "65100", "Vaasa", 63.0951, 21.6165),
    ("FI", "15110", "Lahti", 60.9827, 25.6615),
    ("SE", "11122", "Stockholm City", 59.3326, 18.0649),
    ("SE", "11820", "Södermalm", 59.3150, 18.0710),
    ("SE", "41103", "Göteborg", 57.7089, 11.9746),
    ("SE", "21122", "Malmö", 55.6050, 13.0038),
    ("SE", "75320", "Uppsala", 59.8586, 17.6389),
    ("NO", "0150", "Oslo sentrum", 59.9127, 10.7461),
    ("NO", "0552", "Grünerløkka", 59.9226, 10.7585),
    ("NO", "5003", "Bergen", 60.3913, 5.3221),
    ("NO", "7011", "Trondheim", 63.4305, 10.3951),
    ("NO", "4006", "Stavanger", 58.9700, 5.7331),
    ("NO", "9008", "Tromsø", 69.6492, 18.9553),
    ("NO", "3015", "Drammen", 59.7440, 10.2045),
    ("SE", "90326", "Umeå", 63.8258, 20.2630),
]
LANGUAGES = {"FI": "fi,sv,en", "SE": "sv,en", "NO": "nb,en"}
KINDS = {
    # kind: (name pattern, services, weekday hours, saturday hours, sunday hours)
    "health_station": (
        "{area} health station",
        [
            "general-practice",
            "vaccinations",
            "maternity-clinic",
            "child-health-clinic",
            "youth-health",
            "laboratory",
        ],
        ("08:00", "16:00"),
        None,
        None,
    ),
    "pharmacy": (
        "{area} pharmacy",
        ["pharmacy", "vaccinations"],
        ("09:00", "21:00"),
        ("10:00", "18:00"),
        ("12:00", "18:00"),
    ),
    "health_centre": (
        "{area} health centre",
        ["general-practice", "mental-health", "physiotherapy", "laboratory", "emergency"],
        # Closes after midnight: the evening clinic runs overnight into the next day.
        ("08:00", "02:00"),
        ("10:00", "22:00"),
        ("10:00", "22:00"),
    ),
    "hospital_unit": (
        "{area} hospital emergency unit",
        ["emergency", "laboratory"],
        # Open round the clock: closing at the opening time means 24 hours.
        ("00:00", "00:00"),
        ("00:00", "00:00"),
        ("00:00", "00:00"),
    ),
}
KIND_ORDER = ["health_station", "pharmacy", "health_centre"]


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def _holidays(year: int) -> list[tuple[datetime.date, str]]:
    # Fixed-date public holidays common to Finland, Sweden and Norway.
    return [
        (datetime.date(year, 12, 24), "Christmas Eve"),
        (datetime.date(year, 12, 25), "Christmas Day"),
        (datetime.date(year, 12, 26), "Boxing Day"),
        (datetime.date(year + 1, 1, 1), "New Year's Day"),
    ]


def seed_demo() -> dict[str, int]:
    created = 0
    with access.atomic():
        services = {}
        for code, (en, fi, sv, nb) in SERVICES.items():
            services[code], _ = Service.objects.update_or_create(
                code=code, defaults={"name_en": en, "name_fi": fi, "name_sv": sv, "name_nb": nb}
            )
        year = timezone.localdate().year
        for index, (country, code, area, lat, lon) in enumerate(PLACES):
            Postcode.objects.update_or_create(
                country=country,
                code=code,
                defaults={"name": area, "latitude": lat, "longitude": lon},
            )
            kinds = KIND_ORDER[: 2 if index % 3 else 3] + (
                ["hospital_unit"] if index % 5 == 0 else []
            )
            for offset, kind in enumerate(kinds):
                external_id = f"demo-{country.lower()}-{code}-{kind}"
                if Provider.objects.filter(external_id=external_id).exists():
                    continue
                pattern, kind_services, weekday, saturday, sunday = KINDS[kind]
                provider = Provider.objects.create(
                    external_id=external_id,
                    name=pattern.format(area=area) + " (demo)",
                    kind=kind,
                    street_address=f"Demo street {10 + offset * 7}",
                    postcode=code,
                    city=area,
                    country=country,
                    latitude=round(lat + 0.004 * (offset - 1), 5),
                    longitude=round(lon + 0.006 * (offset - 1), 5),
                    phone=f"+358 9 {index:03d} {offset}000" if country == "FI" else "",
                    booking_url=f"https://booking.example.org/{external_id}",
                    languages=LANGUAGES[country],
                    accessibility_notes="Step-free entrance and an accessible toilet."
                    if offset != 1
                    else "Entrance has two steps; ring the bell for a ramp.",
                )
                provider.services.set([services[s] for s in kind_services])
                for weekday_number in range(7):
                    hours = (
                        weekday
                        if weekday_number < 5
                        else saturday
                        if weekday_number == 5
                        else sunday
                    )
                    if hours:
                        OpeningHours.objects.create(
                            provider=provider,
                            weekday=weekday_number,
                            opens=_time(hours[0]),
                            closes=_time(hours[1]),
                        )
                if kind in ("health_station", "health_centre"):
                    for date, reason in _holidays(year):
                        OpeningException.objects.create(
                            provider=provider, date=date, closed=True, reason=reason
                        )
                created += 1
    return {"providers_created": created}
