"""The demo village's people. DEMO DATA: invented persons with test-range identity codes.

Finnish identity codes with an individual number of 900–999 are never issued to real
people (Digital and Population Data Services Agency), so they are safe for demos.
The same list feeds the seed step and the e-ID provider started by `make run`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .national_id import finnish_check_character

HIGH_ACR = "http://eidas.europa.eu/LoA/high"
SUBSTANTIAL_ACR = "http://eidas.europa.eu/LoA/substantial"


def _hetu(birth: dt.date, individual: str) -> str:
    date_part = birth.strftime("%d%m%y")
    sign = "-" if birth.year < 2000 else "A"
    return f"{date_part}{sign}{individual}{finnish_check_character(date_part, individual)}"


@dataclass(frozen=True)
class DemoPerson:
    sub: str
    given_name: str
    family_name: str
    birth_date: dt.date
    individual_number: str
    role: str
    acr: str = HIGH_ACR
    registered_with_team: str | None = None

    @property
    def national_id(self) -> str:
        return _hetu(self.birth_date, self.individual_number)

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def claims(self) -> dict:
        return {
            "sub": self.sub,
            "name": self.name,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "birthdate": self.birth_date.isoformat(),
            "national_id": self.national_id,
            "acr": self.acr,
        }


KALLIO_TEAM = "Kallio health station nurses"
DEPRESSION_TEAM = "Depression care team"

DEMO_PERSONS = [
    DemoPerson(
        "demo-aino",
        "Aino",
        "Virtanen",
        dt.date(1985, 3, 14),
        "912",
        "adult patient",
        registered_with_team=KALLIO_TEAM,
    ),
    DemoPerson(
        "demo-mikko",
        "Mikko",
        "Korhonen",
        dt.date(1980, 7, 2),
        "934",
        "parent of Ella (10) and Leo (15)",
        registered_with_team=KALLIO_TEAM,
    ),
    DemoPerson(
        "demo-ella",
        "Ella",
        "Korhonen",
        dt.date(2016, 5, 20),
        "958",
        "child, 10 years old",
        registered_with_team=KALLIO_TEAM,
    ),
    DemoPerson(
        "demo-leo",
        "Leo",
        "Korhonen",
        dt.date(2011, 9, 1),
        "947",
        "youth, 15 years old",
        registered_with_team=KALLIO_TEAM,
    ),
    DemoPerson(
        "demo-elsa",
        "Elsa",
        "Nieminen",
        dt.date(1941, 12, 5),
        "976",
        "elderly patient",
        registered_with_team=KALLIO_TEAM,
    ),
    DemoPerson(
        "demo-helena",
        "Helena",
        "Nieminen",
        dt.date(1968, 4, 17),
        "983",
        "Elsa's daughter, acts for her under a power of attorney",
    ),
    DemoPerson(
        "demo-sanna",
        "Sanna",
        "Mäkinen",
        dt.date(1979, 2, 11),
        "921",
        "health-station nurse (also staff user nurse.sanna)",
    ),
    DemoPerson(
        "demo-pekka",
        "Pekka",
        "Lahtinen",
        dt.date(1990, 10, 30),
        "965",
        "identifies with a weaker method: login is refused",
        acr=SUBSTANTIAL_ACR,
    ),
]


@dataclass(frozen=True)
class DemoStaff:
    username: str
    first_name: str
    last_name: str
    role: str
    unit: str | None
    care_teams: tuple[str, ...]
    # A fixed base32 TOTP secret so the demo can be tried with any authenticator app.
    totp_base32: str


DEMO_ORGANIZATION = "Demo Hospital District"
DEMO_UNITS = {
    "Kallio health station": KALLIO_TEAM,
    "Mental health outpatient clinic": DEPRESSION_TEAM,
}
DEMO_STAFF_PASSWORD = "village-demo-2026"

DEMO_STAFF = [
    DemoStaff(
        "nurse.sanna",
        "Sanna",
        "Mäkinen",
        "professional",
        "Kallio health station",
        (KALLIO_TEAM,),
        "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    ),
    DemoStaff(
        "doctor.juha",
        "Juha",
        "Laine",
        "professional",
        "Mental health outpatient clinic",
        (DEPRESSION_TEAM,),
        "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
    ),
    DemoStaff(
        "editor.emma", "Emma", "Heikkinen", "editor", None, (), "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK"
    ),
    DemoStaff(
        "admin.olli", "Olli", "Koskinen", "org_admin", None, (), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    ),
]


def seed_identities() -> dict:
    """Create (or refresh) the demo persons and staff users. Idempotent."""
    import base64

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from . import national_id as nid
    from .models import Person, User

    persons = {}
    for demo in DEMO_PERSONS:
        person = Person.objects.filter(national_id_hash=nid.lookup_hash(demo.national_id)).first()
        if person is None:
            person = Person()
            person.set_national_id(demo.national_id)
        person.oidc_subject = demo.sub
        person.given_name = demo.given_name
        person.family_name = demo.family_name
        person.birth_date = demo.birth_date
        person.save()
        persons[demo.sub] = person

    staff = {}
    for member in DEMO_STAFF:
        user, _ = User.objects.get_or_create(username=member.username)
        user.first_name = member.first_name
        user.last_name = member.last_name
        user.set_password(DEMO_STAFF_PASSWORD)
        user.failed_login_count = 0
        user.locked_until = None
        user.save()
        key_hex = base64.b32decode(member.totp_base32).hex()
        TOTPDevice.objects.update_or_create(
            user=user, name="demo authenticator", defaults={"key": key_hex, "confirmed": True}
        )
        staff[member.username] = user
    return {"persons": persons, "staff": staff}
