"""DEMO: a believable health record for the demo persons, sent by the demo EHR client
through the same services the FHIR API uses. Every entry is marked `is_demo`; the texts
are invented, marked DEMO, and are not medical advice.

Codes: LOINC for tests and document types (loinc.org), UCUM for units (ucum.org), ATC
for medicines and vaccines (WHO Collaborating Centre for Drug Statistics Methodology,
atcddd.fhi.no). Idempotent: an entry whose source identifier is already filed is left
as it is, so a reseed writes nothing twice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from carevillage.fhir.demo import seed_demo_client
from carevillage.identity.demo import DEPRESSION_TEAM, KALLIO_TEAM
from carevillage.identity.models import Person, User
from carevillage.tenants.models import CareTeam

from . import services
from .inputs import Coding, DocumentInput, ImmunizationInput, MedicationInput, ResultInput
from .models import Document, Immunization, Medication, RecordItem, RenewalRequest, Result

LOINC = "http://loinc.org"
ATC = "http://www.whocc.no/atc"
# The demo EHR's identifier system for its entries.
SOURCE = "urn:demo-ehr:records"

# (LOINC code, display, UCUM unit, reference low, high) — loinc.org; reference limits
# as commonly used by Finnish laboratories for adults (HUS Diagnostic Center's test
# directory gives the same ranges).
TSH = ("3016-3", "Thyrotropin [Units/volume] in Serum or Plasma", "m[IU]/L", "0.4", "4.0")
HAEMOGLOBIN = ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/L", "117", "155")
LEUKOCYTES = ("6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*9/L", "3.4", "8.2")
PLATELETS = ("777-3", "Platelets [#/volume] in Blood by Automated count", "10*9/L", "150", "360")
INR = ("6301-6", "INR in Platelet poor plasma by Coagulation assay", "{INR}", "2.0", "3.0")

DISCHARGE_SUMMARY = Coding(LOINC, "18842-5", "Discharge summary")
IMAGING_REPORT = Coding(LOINC, "18748-4", "Diagnostic imaging study")

PERFORMER_LAB = "Demo Hospital District laboratory (DEMO)"
SCHOOL_HEALTH = "School health service, Kallio (DEMO)"
CHILD_HEALTH = "Child health clinic, Kallio (DEMO)"


def _ago(now: dt.datetime, days: int, hour: int = 9) -> dt.datetime:
    moment = now - dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _filed(model: type[RecordItem], identifier: str, **current: str) -> bool:
    """Whether the entry is filed as the demo now writes it. A demo database seeded before
    a text changed (the texts in every language) gets the entry resent: the EHR's own way
    to correct one, a new version of the same row."""
    filed = model._default_manager.filter(source_identifier=f"{SOURCE}|{identifier}")
    return filed.filter(**current).exists()


def _move_into_past(row: RecordItem, filed_at: dt.datetime, delay: dt.timedelta) -> None:
    """DEMO: the one place that dates an entry after the service filed it (the EHR sent it
    back then). Timestamp columns only."""
    type(row)._default_manager.filter(pk=row.pk).update(
        filed_at=filed_at, visible_from=filed_at + delay
    )


def _result(
    client: Any,
    person: Person,
    identifier: str,
    test: tuple[str, str, str, str, str],
    value: str,
    taken: dt.datetime,
    *,
    interpretation: str = "N",
) -> Result | None:
    if _filed(Result, identifier):
        return None
    code, display, unit, low, high = test
    row, _created = services.file_result(
        client,
        person=person,
        source_identifier=f"{SOURCE}|{identifier}",
        data=ResultInput(
            code=Coding(LOINC, code, display),
            category="laboratory",
            effective_at=taken,
            issued_at=taken + dt.timedelta(hours=6),
            value=Decimal(value),
            unit=unit,
            reference_low=Decimal(low),
            reference_high=Decimal(high),
            interpretation=interpretation,
            performer=PERFORMER_LAB,
        ),
        is_demo=True,
    )
    _move_into_past(row, taken + dt.timedelta(hours=6), dt.timedelta(0))
    return row


def _document(
    client: Any, person: Person, identifier: str, data: DocumentInput, filed: dt.datetime
) -> None:
    if _filed(Document, identifier, title=data.title, text=data.text):
        return
    row, _created = services.file_document(
        client, person=person, source_identifier=f"{SOURCE}|{identifier}", data=data, is_demo=True
    )
    # Filed long enough ago that the delay has passed.
    _move_into_past(row, filed, services.document_delay())


def _vaccine(
    client: Any,
    person: Person,
    identifier: str,
    code: str,
    display: str,
    on: dt.date,
    performer: str,
    *,
    dose: int | None = None,
    series: int | None = None,
    lot: str = "",
) -> None:
    if _filed(Immunization, identifier):
        return
    row, _created = services.file_immunization(
        client,
        person=person,
        source_identifier=f"{SOURCE}|{identifier}",
        data=ImmunizationInput(
            vaccine=Coding(ATC, code, display),
            occurred_on=on,
            dose_number=dose,
            series_doses=series,
            performer=performer,
            lot_number=lot,
        ),
        is_demo=True,
    )
    filed = timezone.make_aware(dt.datetime.combine(on, dt.time(15)))
    _move_into_past(row, filed, dt.timedelta(0))


def _medication(
    client: Any,
    person: Person,
    identifier: str,
    data: MedicationInput,
    *,
    team: CareTeam | None = None,
) -> Medication:
    existing = Medication.objects.filter(
        source_identifier=f"{SOURCE}|{identifier}", dosage_text=data.dosage_text
    ).first()
    if existing is not None:
        return existing
    row, _created = services.file_medication(
        client,
        person=person,
        source_identifier=f"{SOURCE}|{identifier}",
        data=data,
        care_team=team,
        is_demo=True,
    )
    if data.start_date is not None:
        filed = timezone.make_aware(dt.datetime.combine(data.start_date, dt.time(12)))
        _move_into_past(row, filed, dt.timedelta(0))
    return row


# A record entry is one row whatever language its reader uses: the EHR sends it once, and
# a health record must not read differently in another interface language. So the demo's
# texts carry every content language in the one text (nynorsk readers read the bokmål
# part, as they do the village's other content: portal.languages.CONTENT_FALLBACK).
def _text(*, en: str, fi: str, sv: str, nb: str) -> str:
    return (
        "DEMO — invented text, not medical advice. / Keksitty teksti, ei hoito-ohje. / "
        "Påhittad text, inte medicinska råd. / Oppdiktet tekst, ikke medisinske råd.\n\n"
        f"{en}\n\n— Suomeksi —\n\n{fi}\n\n— På svenska —\n\n{sv}"
        f"\n\n— På norsk (bokmål) —\n\n{nb}"
    )


def _title(*, en: str, fi: str, sv: str, nb: str) -> str:
    return f"DEMO {en} / {fi} / {sv} / {nb}"


def _in_all(*, en: str, fi: str, sv: str, nb: str) -> str:
    """A short line (a dose, a message) in every content language."""
    return f"{en} / {fi} / {sv} / {nb} (DEMO)"


def seed_aino(client: Any, aino: Person, now: dt.datetime, teams: dict[str, CareTeam]) -> None:
    _document(
        client,
        aino,
        "aino-discharge-2025",
        DocumentInput(
            type=DISCHARGE_SUMMARY,
            title=_title(
                en="Discharge summary: appendicectomy",
                fi="Loppulausunto: umpilisäkkeen poisto",
                sv="Utskrivningssammanfattning: blindtarmsoperation",
                nb="Epikrise: fjerning av blindtarmen",
            ),
            date=_ago(now, 400, 14),
            author="Dr. Demo Surgeon (DEMO)",
            text=_text(
                en="Admitted from the emergency department with abdominal pain. Laparoscopic "
                "appendicectomy, recovery without complications. Discharged home on day 2. "
                "Sick leave and follow-up as agreed at discharge.",
                fi="Tuli päivystyksestä vatsakivun vuoksi. Tähystyksessä tehty umpilisäkkeen "
                "poisto, toipuminen ilman komplikaatioita. Kotiutui toisena päivänä. "
                "Sairausloma ja jatkoseuranta kotiutuksessa sovitun mukaisesti.",
                sv="Kom från jouren på grund av buksmärta. Titthålsoperation av blindtarmen, "
                "återhämtning utan komplikationer. Skrevs ut hem dag 2. Sjukledighet och "
                "uppföljning enligt överenskommelse vid utskrivningen.",
                nb="Innlagt fra legevakten med magesmerter. Kikkhullsoperasjon av "
                "blindtarmen, bedring uten komplikasjoner. Utskrevet hjem dag 2. "
                "Sykmelding og oppfølging som avtalt ved utskrivning.",
            ),
        ),
        _ago(now, 398, 16),
    )
    _document(
        client,
        aino,
        "aino-discharge-2026",
        DocumentInput(
            type=DISCHARGE_SUMMARY,
            title=_title(
                en="Discharge summary: pneumonia",
                fi="Loppulausunto: keuhkokuume",
                sv="Utskrivningssammanfattning: lunginflammation",
                nb="Epikrise: lungebetennelse",
            ),
            date=_ago(now, 120, 11),
            author="Dr. Demo Internist (DEMO)",
            text=_text(
                en="Three days on the ward for community-acquired pneumonia. Treated with "
                "antibiotics, first intravenously, then by mouth. Discharged in good "
                "condition to finish the course at home; control as agreed.",
                fi="Kolme vuorokautta osastolla avohoitokeuhkokuumeen vuoksi. Hoitona "
                "antibiootti ensin suonensisäisesti, sitten suun kautta. Kotiutui hyvässä "
                "kunnossa jatkamaan kuurin loppuun kotona; kontrolli sovitusti.",
                sv="Tre dygn på avdelningen för samhällsförvärvad lunginflammation. "
                "Behandlades med antibiotika, först intravenöst, sedan via munnen. Skrevs "
                "ut i gott skick för att avsluta kuren hemma; kontroll enligt "
                "överenskommelse.",
                nb="Tre døgn på sengepost for lungebetennelse ervervet utenfor sykehus. "
                "Behandlet med antibiotika, først intravenøst, deretter som tabletter. "
                "Utskrevet i god form for å fullføre kuren hjemme; kontroll som avtalt.",
            ),
        ),
        _ago(now, 118, 15),
    )
    # A year of laboratory results; haemoglobin eight months ago was below the range.
    visits = (360, 240, 120, 30)
    values = {
        TSH: ("2.1", "2.6", "1.9", "2.3"),
        HAEMOGLOBIN: ("128", "112", "121", "131"),
        LEUKOCYTES: ("5.8", "6.4", "11.2", "6.1"),
        PLATELETS: ("254", "281", "342", "262"),
    }
    for test, series in values.items():
        for days, value in zip(visits, series, strict=True):
            low, high = Decimal(test[3]), Decimal(test[4])
            number = Decimal(value)
            flag = "L" if number < low else "H" if number > high else "N"
            _result(
                client,
                aino,
                f"aino-{test[0]}-{days}",
                test,
                value,
                _ago(now, days, 8),
                interpretation=flag,
            )
    today = now.date()
    _vaccine(
        client,
        aino,
        "aino-influenza",
        "J07BB02",
        "Influenza, inactivated, split virus",
        today - dt.timedelta(days=50),
        "Kallio health station (DEMO)",
        dose=1,
        series=1,
        lot="DEMO-FLU-26",
    )
    _vaccine(
        client,
        aino,
        "aino-covid19",
        "J07BN01",
        "COVID-19, RNA-based vaccine",
        today - dt.timedelta(days=50),
        "Kallio health station (DEMO)",
        lot="DEMO-COV-26",
    )
    _medication(
        client,
        aino,
        "aino-sertraline",
        MedicationInput(
            code=Coding(ATC, "N06AB06", "sertraline"),
            name="Sertraline 50 mg tablet (DEMO)",
            dosage_text=_in_all(
                en="1 tablet once a day",
                fi="1 tabletti kerran päivässä",
                sv="1 tablett en gång om dagen",
                nb="1 tablett én gang daglig",
            ),
            prescriber="Dr. Juha Laine (DEMO)",
            start_date=today - dt.timedelta(days=100),
            renewable=True,
        ),
        team=teams[DEPRESSION_TEAM],
    )
    _medication(
        client,
        aino,
        "aino-amoxicillin",
        MedicationInput(
            code=Coding(ATC, "J01CA04", "amoxicillin"),
            name="Amoxicillin 500 mg capsule (DEMO)",
            dosage_text=_in_all(
                en="1 capsule three times a day for 7 days",
                fi="1 kapseli kolme kertaa päivässä 7 päivän ajan",
                sv="1 kapsel tre gånger om dagen i 7 dagar",
                nb="1 kapsel tre ganger daglig i 7 dager",
            ),
            prescriber="Dr. Demo Internist (DEMO)",
            status="completed",
            start_date=today - dt.timedelta(days=120),
            end_date=today - dt.timedelta(days=113),
        ),
    )


def _birthday(person: Person, age: int) -> dt.date:
    born = person.birth_date
    assert born is not None, "the demo persons have a birth date"
    return born.replace(year=born.year + age, day=min(born.day, 28))


def seed_ella(client: Any, ella: Person) -> None:
    """Ella's (10) childhood vaccinations, which her father reads acting for her. The ages
    follow the Finnish national vaccination programme (THL, "Rokotusohjelma"):
    DTaP-IPV at 4 years, the second MMR dose at 6."""
    _vaccine(
        client,
        ella,
        "ella-dtap-ipv",
        "J07CA02",
        "Diphtheria-pertussis-poliomyelitis-tetanus",
        _birthday(ella, 4),
        CHILD_HEALTH,
        dose=1,
        series=1,
    )
    _vaccine(
        client,
        ella,
        "ella-mmr-2",
        "J07BD52",
        "Measles, combinations with mumps and rubella, live attenuated",
        _birthday(ella, 6),
        CHILD_HEALTH,
        dose=2,
        series=2,
    )


def seed_leo(client: Any, leo: Person, now: dt.datetime, sanna: User) -> None:
    today = now.date()
    _vaccine(
        client,
        leo,
        "leo-hpv-1",
        "J07BM01",
        "Papillomavirus (human types 6, 11, 16, 18)",
        today - dt.timedelta(days=1000),
        SCHOOL_HEALTH,
        dose=1,
        series=2,
    )
    _vaccine(
        client,
        leo,
        "leo-hpv-2",
        "J07BM01",
        "Papillomavirus (human types 6, 11, 16, 18)",
        today - dt.timedelta(days=800),
        SCHOOL_HEALTH,
        dose=2,
        series=2,
    )
    _vaccine(
        client,
        leo,
        "leo-dtap",
        "J07AJ52",
        "Pertussis, purified antigen, combinations with toxoids",
        today - dt.timedelta(days=90),
        SCHOOL_HEALTH,
        dose=1,
        series=1,
    )
    row = _result(
        client, leo, "leo-718-7", HAEMOGLOBIN, "141", _ago(now, 60, 10), interpretation="N"
    )
    if row is not None:
        # DEMO: Leo asked the school nurse that this stays between them.
        services.set_hidden_from_guardians(sanna, row, True)


def seed_elsa(client: Any, elsa: Person, now: dt.datetime, teams: dict[str, CareTeam]) -> None:
    _document(
        client,
        elsa,
        "elsa-hip-xray",
        DocumentInput(
            type=IMAGING_REPORT,
            title=_title(
                en="X-ray of the right hip",
                fi="Lonkan röntgen, oikea",
                sv="Röntgen av höger höft",
                nb="Røntgen av høyre hofte",
            ),
            date=_ago(now, 45, 10),
            author="Dr. Demo Radiologist (DEMO)",
            text=_text(
                en="Right hip, two projections. Narrowed joint space and small bone spurs, "
                "in keeping with wear of the joint. No fracture seen. Compared with the "
                "earlier image, slight progression.",
                fi="Oikea lonkka, kaksi projektiota. Nivelrako kaventunut, pieniä "
                "luupiikkejä, sopii nivelen kulumaan. Ei murtumaa. Aiempaan kuvaan "
                "verrattuna lievää etenemistä.",
                sv="Höger höft, två projektioner. Minskad ledspringa och små benpålagringar, "
                "förenligt med förslitning av leden. Ingen fraktur. Jämfört med tidigare "
                "bild lätt progress.",
                nb="Høyre hofte, to projeksjoner. Redusert leddspalte og små "
                "benpåleiringer, forenlig med slitasje i leddet. Ingen brudd. Sammenlignet "
                "med tidligere bilde lett progresjon.",
            ),
            attachment=DEMO_PDF,
            content_type="application/pdf",
            filename="hip-x-ray-demo.pdf",
        ),
        _ago(now, 44, 12),
    )
    warfarin = _medication(
        client,
        elsa,
        "elsa-warfarin",
        MedicationInput(
            code=Coding(ATC, "B01AA03", "warfarin"),
            name="Warfarin 3 mg tablet (DEMO)",
            dosage_text=_in_all(
                en="As in the dosing card, INR target 2.0–3.0",
                fi="Annoskortin mukaan, INR-tavoite 2,0–3,0",
                sv="Enligt doseringskortet, INR-mål 2,0–3,0",
                nb="Etter doseringskortet, INR-mål 2,0–3,0",
            ),
            prescriber="Kallio health station (DEMO)",
            start_date=now.date() - dt.timedelta(days=700),
            renewable=True,
        ),
        team=teams[KALLIO_TEAM],
    )
    for days, value in ((84, "2.4"), (63, "2.8"), (42, "3.4"), (28, "2.9"), (14, "2.5")):
        number = Decimal(value)
        flag = "H" if number > Decimal(INR[4]) else "L" if number < Decimal(INR[3]) else "N"
        _result(
            client, elsa, f"elsa-inr-{days}", INR, value, _ago(now, days, 8), interpretation=flag
        )
    if elsa.user_id is not None and not RenewalRequest.objects.filter(medication=warfarin).exists():
        services.request_renewal(
            elsa.user,
            warfarin,
            "DEMO: "
            + _in_all(
                en="my tablets run out next week.",
                fi="tabletit loppuvat ensi viikolla.",
                sv="tabletterna tar slut nästa vecka.",
                nb="tablettene går tom neste uke.",
            ),
        )


# A one-page PDF that says "DEMO" (written by hand; offsets in the xref table are exact).
def _demo_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 24 Tf 72 760 Td (DEMO X-ray report - not a real patient) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + (body or b"") + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


DEMO_PDF = _demo_pdf()


def seed_demo() -> None:
    client = seed_demo_client()
    people = {
        person.oidc_subject: person
        for person in Person.objects.filter(
            oidc_subject__in=["demo-aino", "demo-ella", "demo-leo", "demo-elsa"]
        )
    }
    teams = {team.name: team for team in CareTeam.objects.filter(organization=client.organization)}
    sanna = User.objects.get(username="nurse.sanna")
    now = timezone.now()
    seed_aino(client, people["demo-aino"], now, teams)
    seed_ella(client, people["demo-ella"])
    seed_leo(client, people["demo-leo"], now, sanna)
    seed_elsa(client, people["demo-elsa"], now, teams)
