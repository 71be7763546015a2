"""DEMO: appointments in the demo village, made through the services as the teams and
patients would. Idempotent: types and open times are found by their code, and an
appointment already booked is not booked again.

- The school nurses of Kallio health station (the Kallio team, nurse Sanna): weekly open
  times for a school-nurse visit (booked online, Leo books it himself), a vaccination
  (staff book it: Leo's), and Elsa's pre-operative visit before her hip surgery.
- The depression care team (doctor Juha): video follow-ups Aino books online, a phone
  call she can ask for, and one follow-up already behind her.

Texts are invented and not medical advice.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.utils import timezone

from carevillage.identity.demo import DEPRESSION_TEAM, KALLIO_TEAM
from carevillage.identity.models import Person, User
from carevillage.tenants.models import CareTeam

from . import selectors, services
from .models import (
    Appointment,
    AppointmentStatus,
    AppointmentType,
    AvailabilityException,
    Booking,
    ExceptionKind,
    Mode,
)

TIME_ZONE = "Europe/Helsinki"
KALLIO_PHONE = "+358 9 310 00000 (DEMO)"
DEPRESSION_PHONE = "+358 9 310 00001 (DEMO)"

TYPES: list[dict[str, Any]] = [
    {
        "team": KALLIO_TEAM,
        "code": "school-nurse-visit",
        "names": (
            "School nurse visit",
            "Terveydenhoitajan vastaanotto (kouluterveydenhuolto)",
            "Besök hos skolhälsovårdaren",
            "Time hos helsesykepleier i skolehelsetjenesten",
            "Time hjå helsesjukepleiar i skulehelsetenesta",
        ),
        "preparation": (
            "DEMO. Come to the school nurse's room at Kallio health station.",
            "DEMO. Tule terveydenhoitajan huoneeseen Kallion terveysasemalla.",
            "DEMO. Kom till hälsovårdarens rum på Berghälls hälsostation.",
            "DEMO. Kom til helsesykepleierens rom på Kallio helsestasjon.",
            "DEMO. Kom til rommet til helsesjukepleiaren på Kallio helsestasjon.",
        ),
        "duration": 30,
        "mode": Mode.IN_PERSON,
        "booking": Booking.PATIENT_ONLINE,
        "after": 10,
        "phone": KALLIO_PHONE,
    },
    {
        "team": KALLIO_TEAM,
        "code": "vaccination",
        "names": (
            "Vaccination",
            "Rokotus",
            "Vaccination",
            "Vaksinasjon",
            "Vaksinasjon",
        ),
        "preparation": (
            "DEMO. Bring your vaccination card if you have one. Wear a shirt with loose sleeves.",
            "DEMO. Ota rokotuskortti mukaan, jos sinulla on sellainen. Pukeudu paitaan, "
            "jonka hihan saa helposti ylös.",
            "DEMO. Ta med ditt vaccinationskort om du har ett. Ha en tröja med vida ärmar.",
            "DEMO. Ta med vaksinasjonskortet ditt hvis du har et. Ha på en genser med vide ermer.",
            "DEMO. Ta med vaksinasjonskortet ditt om du har eitt. Ha på ein genser med vide ermar.",
        ),
        "duration": 15,
        "mode": Mode.IN_PERSON,
        "booking": Booking.STAFF_ONLY,
        "after": 15,
        "phone": KALLIO_PHONE,
    },
    {
        "team": KALLIO_TEAM,
        "code": "pre-operative-visit",
        "names": (
            "Pre-operative visit",
            "Leikkausta edeltävä käynti",
            "Besök före operationen",
            "Time før operasjonen",
            "Time før operasjonen",
        ),
        "preparation": (
            "DEMO. Bring a list of the medicines you take and your walking aid. Fasting is "
            "not needed for this visit.",
            "DEMO. Ota mukaan lista käyttämistäsi lääkkeistä ja liikkumisen apuväline. "
            "Tälle käynnille ei tarvitse tulla ravinnotta.",
            "DEMO. Ta med en lista över dina mediciner och ditt gånghjälpmedel. Du behöver "
            "inte fasta inför besöket.",
            "DEMO. Ta med en liste over medisinene du bruker og ganghjelpemiddelet ditt. Du "
            "trenger ikke faste før timen.",
            "DEMO. Ta med ei liste over medisinane du brukar og ganghjelpemiddelet ditt. Du "
            "treng ikkje fasta før timen.",
        ),
        "duration": 45,
        "mode": Mode.IN_PERSON,
        "booking": Booking.STAFF_ONLY,
        "phone": KALLIO_PHONE,
    },
    {
        "team": DEPRESSION_TEAM,
        "code": "video-follow-up",
        "names": (
            "Video follow-up",
            "Seurantakäynti videolla",
            "Uppföljning via video",
            "Oppfølging på video",
            "Oppfølging på video",
        ),
        "preparation": (
            "DEMO. Find a quiet place where you can talk freely. Log in to CareVillage a "
            "few minutes before the time.",
            "DEMO. Etsi rauhallinen paikka, jossa voit puhua vapaasti. Kirjaudu "
            "CareVillageen muutama minuutti ennen aikaa.",
            "DEMO. Hitta en lugn plats där du kan tala fritt. Logga in i CareVillage några "
            "minuter före tiden.",
            "DEMO. Finn et rolig sted der du kan snakke fritt. Logg inn i CareVillage noen "
            "minutter før timen.",
            "DEMO. Finn ein roleg stad der du kan snakka fritt. Logg inn i CareVillage nokre "
            "minutt før timen.",
        ),
        "duration": 30,
        "mode": Mode.VIDEO,
        "booking": Booking.PATIENT_ONLINE,
        "before": 5,
        "after": 10,
        "phone": DEPRESSION_PHONE,
    },
    {
        "team": DEPRESSION_TEAM,
        "code": "phone-call",
        "names": (
            "Phone call with the doctor",
            "Puhelinaika lääkärille",
            "Telefontid hos läkaren",
            "Telefontime hos legen",
            "Telefontime hjå legen",
        ),
        "preparation": (
            "DEMO. The doctor calls you at the time given. Keep your phone at hand.",
            "DEMO. Lääkäri soittaa sinulle annettuna aikana. Pidä puhelin lähellä.",
            "DEMO. Läkaren ringer dig vid den angivna tiden. Ha telefonen nära till hands.",
            "DEMO. Legen ringer deg til oppgitt tid. Ha telefonen i nærheten.",
            "DEMO. Legen ringjer deg til oppgjeven tid. Ha telefonen i nærleiken.",
        ),
        "duration": 15,
        "mode": Mode.PHONE,
        "booking": Booking.REQUEST_ONLY,
        "phone": DEPRESSION_PHONE,
    },
]

# (team, staff username, weekdays, (from, until) hours)
OPEN_TIMES = [
    (KALLIO_TEAM, "nurse.sanna", (0, 1, 2, 3, 4), [(8, 11), (12, 15)]),
    (DEPRESSION_TEAM, "doctor.juha", (1, 3), [(9, 12), (13, 15)]),
]


def _types(teams: dict[str, CareTeam]) -> dict[str, AppointmentType]:
    found = {}
    for spec in TYPES:
        names = spec["names"]
        preparation = spec["preparation"]
        found[spec["code"]] = services.define_appointment_type(
            care_team=teams[spec["team"]],
            code=spec["code"],
            names=dict(zip(("en", "fi", "sv", "nb", "nn"), names, strict=True)),
            preparation=dict(zip(("en", "fi", "sv", "nb", "nn"), preparation, strict=True)),
            duration_minutes=spec["duration"],
            mode=spec["mode"],
            booking=spec["booking"],
            buffer_before_minutes=spec.get("before", 0),
            buffer_after_minutes=spec.get("after", 0),
            minimum_notice_minutes=60,
            contact_phone=spec["phone"],
            is_demo=True,
        )
    return found


def _open_times(teams: dict[str, CareTeam], since: dt.date) -> None:
    for team, username, weekdays, hours in OPEN_TIMES:
        professional = User.objects.get(username=username)
        for weekday in weekdays:
            for start, end in hours:
                services.add_open_time(
                    professional=professional,
                    care_team=teams[team],
                    weekday=weekday,
                    start_time=dt.time(start),
                    end_time=dt.time(end),
                    time_zone=TIME_ZONE,
                    valid_from=since,
                    is_demo=True,
                )


def _first_free(kind: AppointmentType, after: dt.datetime, now: dt.datetime) -> Any:
    for free in selectors.free_times_of(kind, now=now, start=after):
        return free
    return None


def _book(
    *,
    actor: Any,
    person: Person,
    kind: AppointmentType,
    days: int,
    now: dt.datetime | None = None,
    once: bool = True,
) -> Appointment | None:
    """Book the first free time `days` from `now` (with `once`, unless the person already
    has one of the kind)."""
    if once and Appointment.objects.filter(person=person, appointment_type=kind).exists():
        return None
    now = now or timezone.now()
    free = _first_free(kind, now + dt.timedelta(days=days), now)
    if free is None:
        return None
    return services.book(
        actor=actor,
        person=person,
        appointment_type=kind,
        professional_id=free.professional_id,
        starts_at=free.starts_at,
        now=now,
    )


def _training_day(sanna: User, team: CareTeam, now: dt.datetime) -> None:
    """Sanna is away at a training day in three weeks: her open times that day are closed."""
    if AvailabilityException.objects.filter(professional=sanna, is_demo=True).exists():
        return
    day = (now + dt.timedelta(weeks=3)).astimezone(zoneinfo.ZoneInfo(TIME_ZONE)).date()
    opens = dt.datetime.combine(day, dt.time(0), tzinfo=zoneinfo.ZoneInfo(TIME_ZONE))
    services.add_exception(
        professional=sanna,
        kind=ExceptionKind.CLOSED,
        starts_at=opens,
        ends_at=opens + dt.timedelta(days=1),
        care_team=team,
        note="DEMO. Training day",
        is_demo=True,
    )


def seed_demo() -> None:
    teams = {
        team.name: team for team in CareTeam.objects.filter(name__in=[KALLIO_TEAM, DEPRESSION_TEAM])
    }
    if len(teams) < 2:
        return
    people = {
        person.oidc_subject: person
        for person in Person.objects.filter(
            oidc_subject__in=["demo-aino", "demo-leo", "demo-elsa"]
        ).select_related("user")
    }
    sanna = User.objects.get(username="nurse.sanna")
    juha = User.objects.get(username="doctor.juha")
    now = timezone.now()
    # Open times from four weeks back, so a visit behind Aino could be booked then.
    _open_times(teams, since=(now - dt.timedelta(weeks=4)).date())
    kinds = _types(teams)
    _training_day(sanna, teams[KALLIO_TEAM], now)
    aino, leo, elsa = people["demo-aino"], people["demo-leo"], people["demo-elsa"]

    # Aino's follow-up three weeks ago, done; the next one in a week, booked by herself
    # (her user comes from the care-path demo, which runs first).
    if aino.user_id is None:
        pass
    elif not Appointment.objects.filter(
        person=aino, appointment_type=kinds["video-follow-up"]
    ).exists():
        then = now - dt.timedelta(days=23)
        past = _book(actor=aino.user, person=aino, kind=kinds["video-follow-up"], days=2, now=then)
        if past is not None and past.ends_at is not None:
            services.mark(
                actor=juha,
                appointment=past,
                status=AppointmentStatus.FULFILLED,
                now=past.ends_at,
            )
        _book(actor=aino.user, person=aino, kind=kinds["video-follow-up"], days=7, once=False)
    if (
        aino.user_id is not None
        and not Appointment.objects.filter(
            person=aino, appointment_type=kinds["phone-call"]
        ).exists()
    ):
        services.request_appointment(
            actor=aino.user,
            person=aino,
            appointment_type=kinds["phone-call"],
            note="DEMO. Mornings suit me best.",
        )
    # Staff book Leo's vaccination and Elsa's visit before her hip surgery.
    _book(actor=sanna, person=leo, kind=kinds["vaccination"], days=5)
    _book(actor=sanna, person=elsa, kind=kinds["pre-operative-visit"], days=10)
