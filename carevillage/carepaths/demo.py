"""DEMO DATA for care paths: three programs, enrolled demo patients at different stages,
alerts to handle and two care plans.

Everything here is invented for the demo. The program texts are our own short summaries
written to make the demo look plausible; they are marked as demo content and are not
medical advice. The synthetic patients are fictional people ("Esimerkki" is Finnish for
"example") with identity codes from the never-issued 900–999 range (identity/demo.py).

Seeding is idempotent (`make run` seeds on every start): a program is created once (later
runs leave what an editor changed in the admin) and an enrollment is only created when the
person has none in that program.

Everything is written through the services, as the people of the demo would do it: the
demo editor authors the programs (`carepaths.programs.services`), the professionals refer,
the patients accept, answer, complete modules and submit questionnaires (so tasks complete
and alerts fire through the real signal), the professionals acknowledge alerts and end
enrollments (`carepaths.enrollments.services`, `questionnaires.services`). A history in
the past is written with the services' `now=`; where a service takes no `now` (the
questionnaire submission) or the demo pretends something already happened (the past
reminders went out), `_move_into_past` is the one place that sets timestamps afterwards.
A test (tests/test_layout.py) checks that nothing else here writes rows. Run by
`manage.py seed_demo` inside `audit.services.demo_seeding()`, every audit event these
services record is the seed's, never shown as a demo person's own doing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import DateTimeField, F, QuerySet
from django.utils import timezone

from carevillage.identity.demo import DEMO_ORGANIZATION, DEPRESSION_TEAM, KALLIO_TEAM
from carevillage.identity.models import Person, User
from carevillage.identity.national_id import finnish_check_character, lookup_hash
from carevillage.identity.services import new_eid_user
from carevillage.questionnaires import engine
from carevillage.questionnaires import services as questionnaire_services
from carevillage.questionnaires.instruments import item as q_item
from carevillage.questionnaires.instruments import (
    option,
    questionnaire,
    text,
)
from carevillage.questionnaires.models import (
    Questionnaire,
    QuestionnaireResponse,
)
from carevillage.tenants.models import CareTeam, Organization

from .enrollments import services
from .models import (
    Alert,
    Enrollment,
    EnrollmentMode,
    EnrollmentTask,
    Exercise,
    ExerciseKind,
    MeasurementKind,
    Program,
    TaskKind,
    UnlockRule,
)
from .programs import services as authoring
from .programs.services import ExerciseRow, ScheduleRow

TIME_ZONE = "Europe/Helsinki"
DEMO_LABEL = {
    "en": "Demo content: invented for trying out CareVillage, not medical advice.",
    "fi": "Esittelysisältöä: keksitty CareVillagen kokeilua varten, ei hoito-ohje.",
}
READINESS_SLUG = "hip-surgery-readiness"


def _reading(en: str, fi: str) -> dict[str, str]:
    """Module reading as HTML, each language led by the demo notice."""
    return {
        "en": f"<p><em>{DEMO_LABEL['en']}</em></p>{en}",
        "fi": f"<p><em>{DEMO_LABEL['fi']}</em></p>{fi}",
    }


# ---------------------------------------------------------------------------------------
# Program texts (our own demo wording)


@dataclass(frozen=True)
class DemoModule:
    title: dict[str, str]
    reading: dict[str, str]
    exercises: tuple[dict, ...] = ()


def _free(en: str, fi: str) -> dict:
    return {"kind": ExerciseKind.FREE_TEXT, "prompt": {"en": en, "fi": fi}, "fields": []}


def _form(en: str, fi: str, fields: list[tuple[str, str, str]]) -> dict:
    return {
        "kind": ExerciseKind.FORM,
        "prompt": {"en": en, "fi": fi},
        "fields": [
            {"name": name, "label": {"en": f_en, "fi": f_fi}} for name, f_en, f_fi in fields
        ],
    }


ICBT_MODULES = [
    DemoModule(
        {"en": "Understanding depression", "fi": "Mitä masennus on"},
        _reading(
            "<p>Low mood, tiredness and losing interest feed each other. This program looks "
            "at that circle one piece at a time.</p>",
            "<p>Alakulo, väsymys ja kiinnostuksen katoaminen ruokkivat toisiaan. Ohjelmassa "
            "tarkastellaan tätä kehää pala kerrallaan.</p>",
        ),
        (
            _free(
                "What would you like to be different when this program ends?",
                "Mikä toivoisit olevan toisin, kun ohjelma päättyy?",
            ),
        ),
    ),
    DemoModule(
        {"en": "Activity scheduling", "fi": "Toimintojen suunnittelu"},
        _reading(
            "<p>Small, planned activities that used to feel good are a way back to energy. "
            "Start with something that takes ten minutes.</p>",
            "<p>Pienet, etukäteen suunnitellut mieluisat asiat auttavat jaksamaan. Aloita "
            "jostakin, mihin menee kymmenen minuuttia.</p>",
        ),
        (
            _form(
                "Plan three small activities for the coming week.",
                "Suunnittele kolme pientä asiaa tulevalle viikolle.",
                [
                    ("first", "First activity and day", "Ensimmäinen asia ja päivä"),
                    ("second", "Second activity and day", "Toinen asia ja päivä"),
                    ("third", "Third activity and day", "Kolmas asia ja päivä"),
                ],
            ),
        ),
    ),
    DemoModule(
        {"en": "Noticing thoughts", "fi": "Ajatusten huomaaminen"},
        _reading(
            "<p>Thoughts are not facts. Writing them down makes it easier to look at them "
            "from a little further away.</p>",
            "<p>Ajatukset eivät ole tosiasioita. Kun ne kirjoittaa ylös, niitä on helpompi "
            "katsoa hieman kauempaa.</p>",
        ),
        (
            _form(
                "Write down one moment when your mood dropped this week.",
                "Kirjoita yksi hetki, jolloin mielialasi laski tällä viikolla.",
                [
                    ("situation", "What happened", "Mitä tapahtui"),
                    ("thought", "What went through your mind", "Mitä ajattelit"),
                    ("feeling", "How you felt", "Miltä tuntui"),
                ],
            ),
        ),
    ),
    DemoModule(
        {"en": "Looking at thoughts from another side", "fi": "Ajatusten toinen puoli"},
        _reading(
            "<p>Ask what a friend would say about the same thought, and what speaks for "
            "and against it.</p>",
            "<p>Kysy itseltäsi, mitä ystävä sanoisi samasta ajatuksesta ja mikä puhuu sen "
            "puolesta ja sitä vastaan.</p>",
        ),
        (
            _free(
                "Take one thought from last week. What would a friend say about it?",
                "Valitse yksi viime viikon ajatus. Mitä ystävä sanoisi siitä?",
            ),
        ),
    ),
    DemoModule(
        {"en": "Sleep and daily rhythm", "fi": "Uni ja päivärytmi"},
        _reading(
            "<p>A regular time to get up helps mood as much as a regular bedtime.</p>",
            "<p>Säännöllinen heräämisaika tukee mielialaa yhtä lailla kuin säännöllinen "
            "nukkumaanmenoaika.</p>",
        ),
        (_free("What time will you get up this week?", "Mihin aikaan heräät tällä viikolla?"),),
    ),
    DemoModule(
        {"en": "Solving problems step by step", "fi": "Ongelmien ratkaiseminen askel kerrallaan"},
        _reading(
            "<p>A large problem becomes easier when it is split into steps you can take.</p>",
            "<p>Iso ongelma helpottuu, kun sen jakaa askeliksi, jotka pystyy ottamaan.</p>",
        ),
        (
            _free(
                "Pick one problem and write down its first small step.",
                "Valitse yksi ongelma ja kirjoita sen ensimmäinen pieni askel.",
            ),
        ),
    ),
    DemoModule(
        {"en": "Being kind to yourself", "fi": "Myötätunto itseä kohtaan"},
        _reading(
            "<p>Self-criticism keeps low mood going. Try talking to yourself as you would "
            "to someone you care about.</p>",
            "<p>Itsekritiikki pitää alakuloa yllä. Kokeile puhua itsellesi kuin puhuisit "
            "läheiselle.</p>",
        ),
        (
            _free(
                "Write a few kind sentences to yourself.",
                "Kirjoita itsellesi muutama ystävällinen lause.",
            ),
        ),
    ),
    DemoModule(
        {"en": "People around you", "fi": "Ihmiset ympärilläsi"},
        _reading(
            "<p>Contact with others often fades when mood is low. One message or call is "
            "a good start.</p>",
            "<p>Yhteydenpito muihin hiipuu usein, kun mieli on maassa. Yksi viesti tai "
            "puhelu on hyvä alku.</p>",
        ),
        (
            _free(
                "Whom will you contact this week?",
                "Kehen otat yhteyttä tällä viikolla?",
            ),
        ),
    ),
    DemoModule(
        {"en": "Keeping what you have learned", "fi": "Opitun säilyttäminen"},
        _reading(
            "<p>Gather what helped you into a short plan for harder days.</p>",
            "<p>Kokoa itseäsi auttaneet keinot lyhyeksi suunnitelmaksi vaikeampia päiviä "
            "varten.</p>",
        ),
        (
            _form(
                "Your plan for harder days.",
                "Suunnitelmasi vaikeampia päiviä varten.",
                [
                    ("signs", "Early signs to notice", "Varhaiset merkit"),
                    ("helps", "What helps me", "Mikä auttaa minua"),
                    ("contact", "Whom I contact", "Kehen otan yhteyttä"),
                ],
            ),
        ),
    ),
]

HIP_MODULES = [
    DemoModule(
        {
            "en": "What happens in hip replacement",
            "fi": "Mitä lonkan tekonivelleikkauksessa tapahtuu",
        },
        _reading(
            "<p>An overview of the weeks before the operation, the stay on the ward and "
            "the first weeks at home.</p>",
            "<p>Yleiskuva leikkausta edeltävistä viikoista, osastojaksosta ja ensimmäisistä "
            "viikoista kotona.</p>",
        ),
        (
            _free(
                "What questions would you like to ask the surgical team?",
                "Mitä haluaisit kysyä leikkaustiimiltä?",
            ),
        ),
    ),
    DemoModule(
        {"en": "Exercises before surgery", "fi": "Harjoitukset ennen leikkausta"},
        _reading(
            "<p>Stronger thigh and hip muscles make getting back on your feet easier. Do "
            "only what your physiotherapist has shown you.</p>",
            "<p>Vahvemmat reisi- ja lonkkalihakset helpottavat jaloille pääsyä. Tee vain "
            "niitä liikkeitä, jotka fysioterapeutti on näyttänyt.</p>",
        ),
        (
            _form(
                "Keep a note of your exercise week.",
                "Pidä kirjaa harjoitusviikostasi.",
                [
                    ("days", "On which days did you exercise?", "Minä päivinä harjoittelit?"),
                    ("how", "How did it feel?", "Miltä se tuntui?"),
                ],
            ),
        ),
    ),
    DemoModule(
        {"en": "Preparing your home", "fi": "Kodin valmistelu"},
        _reading(
            "<p>Move everyday things to waist height, remove loose rugs and arrange help "
            "for the first weeks.</p>",
            "<p>Siirrä arkitavarat vyötärön korkeudelle, poista irtomatot ja sovi avusta "
            "ensimmäisille viikoille.</p>",
        ),
        (
            _free(
                "Who will help you at home after the operation?",
                "Kuka auttaa sinua kotona leikkauksen jälkeen?",
            ),
        ),
    ),
    DemoModule(
        {"en": "The day of surgery", "fi": "Leikkauspäivä"},
        _reading(
            "<p>What to bring, when to stop eating as your instructions say, and what the "
            "first hours after the operation look like.</p>",
            "<p>Mitä ottaa mukaan, milloin lopettaa syöminen saamiesi ohjeiden mukaan ja "
            "miltä ensimmäiset tunnit leikkauksen jälkeen näyttävät.</p>",
        ),
    ),
]

HEART_FAILURE_SLUG = "heart-failure-follow-up"
HEART_FAILURE_MODULES = [
    DemoModule(
        {"en": "Daily weight and blood pressure", "fi": "Päivittäinen paino ja verenpaine"},
        _reading(
            "<p>Weigh yourself every morning after the toilet and before breakfast, and "
            "measure your blood pressure sitting after five minutes of rest. A quick gain "
            "in weight is often fluid: your nurse sees your readings and calls you if they "
            "change.</p>",
            "<p>Punnitse itsesi joka aamu vessassa käynnin jälkeen ennen aamupalaa ja mittaa "
            "verenpaine istuen viiden minuutin levon jälkeen. Nopea painon nousu on usein "
            "nestettä: hoitajasi näkee mittauksesi ja soittaa, jos ne muuttuvat.</p>",
        ),
    ),
]


SLEEP_MODULES = [
    DemoModule(
        {"en": "Your sleep rhythm", "fi": "Unirytmisi"},
        _reading(
            "<p>Getting up at the same time every day is the anchor of a steady rhythm.</p>",
            "<p>Sama heräämisaika joka päivä on tasaisen unirytmin perusta.</p>",
        ),
        (_free("When do you usually get up?", "Mihin aikaan yleensä heräät?"),),
    ),
    DemoModule(
        {"en": "A wind-down routine", "fi": "Rauhoittumisrutiini"},
        _reading(
            "<p>An hour of calm, dim light and no work before bed tells the body that night "
            "is coming.</p>",
            "<p>Tunti rauhallista tekemistä himmeässä valossa ennen nukkumaanmenoa kertoo "
            "keholle, että yö on tulossa.</p>",
        ),
        (_free("What will your wind-down hour hold?", "Mitä rauhoittumistuntiisi kuuluu?"),),
    ),
    DemoModule(
        {"en": "Worry time", "fi": "Huolihetki"},
        _reading(
            "<p>Setting aside fifteen minutes in the early evening for worries can leave "
            "the night quieter.</p>",
            "<p>Varttitunnin huolihetki alkuillasta voi rauhoittaa yötä.</p>",
        ),
        (_free("What did you write in your worry time?", "Mitä kirjoitit huolihetkessäsi?"),),
    ),
    DemoModule(
        {"en": "Keeping the gains", "fi": "Muutosten ylläpitäminen"},
        _reading(
            "<p>Pick the two habits that helped you most and keep them.</p>",
            "<p>Valitse kaksi eniten auttanutta tapaa ja pidä niistä kiinni.</p>",
        ),
    ),
]


def _titles(en: str, fi: str, sv: str, nb: str) -> dict[str, str]:
    return {"en": en, "fi": fi, "sv": sv, "nb": nb}


def _summary(en: str, fi: str) -> dict[str, str]:
    return {
        "en": f"{en} {DEMO_LABEL['en']}",
        "fi": f"{fi} {DEMO_LABEL['fi']}",
    }


# ---------------------------------------------------------------------------------------
# The readiness questionnaire for hip surgery (own wording; demo scoring, not validated)

READINESS_ITEMS = [
    (
        "ready-home",
        "My home is ready for the weeks after surgery",
        "Kotini on valmis leikkauksen jälkeisiin viikkoihin",
    ),
    ("ready-help", "I have someone to help me at home", "Minulla on kotona auttaja"),
    ("ready-exercise", "I do my exercises regularly", "Teen harjoitukseni säännöllisesti"),
    (
        "ready-aids",
        "I have the walking aids I was told to get",
        "Minulla on tarvittavat apuvälineet",
    ),
    (
        "ready-questions",
        "I know whom to ask if something worries me",
        "Tiedän, keneltä kysyä, jos jokin huolestuttaa",
    ),
]


def _readiness_options() -> list[dict]:
    return [
        option("yes", "Yes", "Kyllä", 2),
        option("partly", "Partly", "Osittain", 1),
        option("no", "Not yet", "Ei vielä", 0),
    ]


def readiness_questionnaire() -> dict:
    """DEMO: a short checklist scored 0–10; higher is more ready. The bands are our own
    demo cut-offs for showing the feature, not a validated instrument."""
    return questionnaire(
        title_en="Ready for hip surgery? (demo checklist)",
        title_fi="Valmiina lonkkaleikkaukseen? (esittelylista)",
        items=[
            q_item(
                "ready-intro",
                "display",
                DEMO_LABEL["en"],
                DEMO_LABEL["fi"],
            ),
            *[
                q_item(link_id, "choice", en, fi, required=True, answerOption=_readiness_options())
                for link_id, en, fi in READINESS_ITEMS
            ],
        ],
        scoring={
            "scores": [
                {
                    "name": "readiness",
                    "label": text("Readiness", "Valmius"),
                    "items": [link_id for link_id, _en, _fi in READINESS_ITEMS],
                }
            ],
            "bands": {
                "score": "readiness",
                "ranges": [
                    {
                        "min": 0,
                        "max": 4,
                        "code": "needs-support",
                        "severity": "high",
                        "label": text("Needs support", "Tarvitsee tukea"),
                        "advice": text(
                            "Your care team will go through the open points with you.",
                            "Hoitotiimisi käy avoimet kohdat läpi kanssasi.",
                        ),
                    },
                    {
                        "min": 5,
                        "max": 8,
                        "code": "some-preparation-left",
                        "severity": "medium",
                        "label": text("Some preparation left", "Valmisteltavaa vielä"),
                        "advice": text(
                            "Look again at the modules on preparing your home.",
                            "Katso vielä kodin valmistelua käsittelevät osiot.",
                        ),
                    },
                    {
                        "min": 9,
                        "max": 10,
                        "code": "ready",
                        "severity": "low",
                        "label": text("Ready", "Valmis"),
                        "advice": text(
                            "You seem well prepared.", "Vaikutat hyvin valmistautuneelta."
                        ),
                    },
                ],
            },
        },
    )


# ---------------------------------------------------------------------------------------
# Programs


def _create_program_once(
    *,
    editor: User,
    slug: str,
    organization: Organization,
    title: dict,
    summary: dict,
    house_theme: str,
    mode: str,
    default_care_team: CareTeam | None,
    duration_days: int,
    modules: list[DemoModule],
    unlock_rule: str,
) -> tuple[Program, bool]:
    """The program with its modules and exercises, authored once by the demo editor (it is
    published by `seed_programs` once its schedules are in). A program that exists is left
    as it is, so what an editor changes in the admin survives `make run`."""
    existing = Program.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    program = authoring.create_program(
        actor=editor,
        organization=organization,
        slug=slug,
        title=title,
        summary=summary,
        house_theme=house_theme,
        enrollment_mode=mode,
        default_care_team=default_care_team,
        duration_days=duration_days,
        reminder_time=dt.time(9, 0),
    )
    for position, demo in enumerate(modules, start=1):
        authoring.save_module(
            actor=editor,
            program=program,
            module=None,
            title=demo.title,
            reading=demo.reading,
            unlock_rule=unlock_rule,
            unlock_day=(position - 1) * 7 if unlock_rule == UnlockRule.ON_DAY else 0,
            exercises=[
                ExerciseRow(
                    exercise=None,
                    prompt=exercise["prompt"],
                    kind=exercise["kind"],
                    fields=exercise["fields"],
                )
                for exercise in demo.exercises
            ],
        )
    return program, True


def _schedule_questionnaire(editor: User, program: Program, slug: str, **rule: object) -> None:
    values = {"questionnaire": Questionnaire.objects.get(slug=slug), **rule}
    authoring.save_schedules(
        actor=editor,
        program=program,
        questionnaires=[ScheduleRow(item=None, values=values)],
        measurements=[],
    )


def _schedule_measurement(editor: User, program: Program, kind: str, **rule: object) -> None:
    authoring.save_schedules(
        actor=editor,
        program=program,
        questionnaires=[],
        measurements=[ScheduleRow(item=None, values={"kind": kind, **rule})],
    )


def _seed_readiness_questionnaire(editor: User, approver: User) -> None:
    """The demo editor writes the readiness questionnaire; a second clinician approves it."""
    from carevillage.questionnaires import selectors as questionnaire_selectors

    existing = questionnaire_selectors.questionnaire_by_slug(slug=READINESS_SLUG)
    if existing is not None and existing.latest_version() is not None:
        return
    draft = questionnaire_services.import_as_draft(
        actor=editor,
        text=json.dumps(readiness_questionnaire(), ensure_ascii=False),
        slug=READINESS_SLUG,
        kind="clinical",
        is_public=False,
    )
    questionnaire_services.approve_and_publish(actor=approver, questionnaire=draft)


def seed_programs(
    organization: Organization, teams: dict[str, CareTeam], editor: User, approver: User
) -> dict[str, Program]:
    """The demo programs, written by the demo editor and approved by a second clinician
    (the demo doctor) through the same services as in the admin."""
    _seed_readiness_questionnaire(editor, approver)
    icbt, new_icbt = _create_program_once(
        editor=editor,
        slug="icbt-depression",
        organization=organization,
        title=_titles(
            "Online CBT for depression",
            "Masennuksen nettiterapia",
            "Internetbaserad KBT vid depression",
            "Nettbasert KBT ved depresjon",
        ),
        summary=_summary(
            "Nine weekly modules of cognitive behavioural therapy with a therapist from "
            "the depression care team, and a mood questionnaire every week.",
            "Yhdeksän viikoittaista kognitiivisen käyttäytymisterapian osiota "
            "masennushoitotiimin terapeutin tuella ja mielialakysely joka viikko.",
        ),
        house_theme="mental_health",
        mode=EnrollmentMode.REFERRAL,
        default_care_team=None,
        duration_days=63,
        modules=ICBT_MODULES,
        unlock_rule=UnlockRule.ON_DAY,
    )
    if new_icbt:
        _schedule_questionnaire(
            editor,
            icbt,
            "phq-9",
            first_day=0,
            every_days=7,
            last_day=63,
            window_days=3,
            alert_on_critical_flag=True,
            alert_band_codes="severe",
        )
    hip, new_hip = _create_program_once(
        editor=editor,
        slug="hip-replacement-prep",
        organization=organization,
        title=_titles(
            "Preparing for hip replacement surgery",
            "Valmistautuminen lonkan tekonivelleikkaukseen",
            "Förberedelse inför höftprotesoperation",
            "Forberedelse til hofteprotese-operasjon",
        ),
        summary=_summary(
            "Four modules to read before the operation, exercises, a readiness checklist "
            "and a weekly weight.",
            "Neljä ennen leikkausta luettavaa osiota, harjoituksia, valmiuslista ja "
            "viikoittainen painon mittaus.",
        ),
        house_theme="surgery",
        mode=EnrollmentMode.REFERRAL,
        default_care_team=None,
        duration_days=42,
        modules=HIP_MODULES,
        unlock_rule=UnlockRule.AFTER_PREVIOUS,
    )
    if new_hip:
        _schedule_questionnaire(
            editor,
            hip,
            READINESS_SLUG,
            first_day=0,
            every_days=28,
            last_day=28,
            window_days=7,
            alert_on_critical_flag=False,
            alert_band_codes="needs-support",
        )
    if new_hip:
        _schedule_measurement(
            editor,
            hip,
            MeasurementKind.WEIGHT,
            first_day=0,
            every_days=7,
            last_day=None,
            window_days=2,
        )
    sleep, new_sleep = _create_program_once(
        editor=editor,
        slug="better-sleep",
        organization=organization,
        title=_titles("Better sleep", "Parempaa unta", "Bättre sömn", "Bedre søvn"),
        summary=_summary(
            "A four-week self-care program on sleep rhythm and calming down in the "
            "evening. Join it yourself; a nurse team follows it.",
            "Neljän viikon omahoito-ohjelma unirytmistä ja illan rauhoittumisesta. "
            "Liity itse; hoitajatiimi seuraa ohjelmaa.",
        ),
        house_theme="mental_health",
        mode=EnrollmentMode.OPEN,
        default_care_team=teams[KALLIO_TEAM],
        duration_days=28,
        modules=SLEEP_MODULES,
        unlock_rule=UnlockRule.ON_DAY,
    )
    if new_sleep:
        _schedule_measurement(
            editor,
            sleep,
            MeasurementKind.SLEEP,
            first_day=0,
            every_days=7,
            last_day=None,
            window_days=3,
        )
    heart, new_heart = _create_program_once(
        editor=editor,
        slug=HEART_FAILURE_SLUG,
        organization=organization,
        title=_titles(
            "Heart failure follow-up at home",
            "Sydämen vajaatoiminnan kotiseuranta",
            "Uppföljning av hjärtsvikt hemma",
            "Oppfølging av hjertesvikt hjemme",
        ),
        summary=_summary(
            "Twelve weeks of daily weight and blood pressure from home after a heart "
            "failure admission; the health station's nurses follow the readings.",
            "Kaksitoista viikkoa päivittäistä painon ja verenpaineen kotiseurantaa "
            "sydämen vajaatoiminnan sairaalajakson jälkeen; terveysaseman hoitajat "
            "seuraavat mittauksia.",
        ),
        house_theme="heart",
        mode=EnrollmentMode.REFERRAL,
        default_care_team=None,
        duration_days=84,
        modules=HEART_FAILURE_MODULES,
        unlock_rule=UnlockRule.AFTER_PREVIOUS,
    )
    if new_heart:
        for kind in (MeasurementKind.WEIGHT, MeasurementKind.BLOOD_PRESSURE):
            _schedule_measurement(
                editor, heart, kind, first_day=0, every_days=1, last_day=None, window_days=1
            )
    made = {
        "icbt": (icbt, new_icbt),
        "hip": (hip, new_hip),
        "sleep": (sleep, new_sleep),
        "heart": (heart, new_heart),
    }
    return {
        key: authoring.approve_program(actor=approver, program=program) if new else program
        for key, (program, new) in made.items()
    }


# ---------------------------------------------------------------------------------------
# Synthetic demo patients (fictional; identity codes from the never-issued 900–999 range)


@dataclass(frozen=True)
class SyntheticPatient:
    given_name: str
    birth_date: dt.date
    individual_number: str
    started_days_ago: int | None  # None: invited only
    # PHQ-9 totals of the weekly questionnaires answered, oldest first.
    scores: tuple[int, ...] = ()
    # Index in `scores` of answers with item 9 above 0.
    item9_at: tuple[int, ...] = ()
    modules_done: int = 0
    ended: str = ""  # "completed" or "discontinued"
    ended_days_ago: int = 0
    end_reason: str = ""
    acknowledge_note: str = ""


SYNTHETIC_PATIENTS = [
    SyntheticPatient("Anna", dt.date(1992, 4, 3), "981", 3, (13,), modules_done=0),
    SyntheticPatient("Ville", dt.date(1974, 8, 19), "982", 10, (19, 22), modules_done=1),
    SyntheticPatient(
        "Liisa",
        dt.date(1988, 1, 27),
        "983",
        17,
        (16, 15, 12),
        item9_at=(0,),
        modules_done=2,
        acknowledge_note="Demo: phoned the patient the same day; safety plan agreed.",
    ),
    SyntheticPatient("Sofia", dt.date(2001, 7, 7), "980", 6, (10,), modules_done=1),
    SyntheticPatient("Eero", dt.date(1990, 3, 12), "989", 24, (12, 11, 9, 8), modules_done=3),
    SyntheticPatient("Jussi", dt.date(1969, 6, 8), "984", 31, (18, 15, 13, 10, 8), modules_done=4),
    # Stopped answering: the latest weekly questionnaire is overdue.
    SyntheticPatient(
        "Helmi", dt.date(1995, 11, 30), "985", 45, (14, 13, 14, 12, 13), modules_done=3
    ),
    SyntheticPatient(
        "Oskari",
        dt.date(1983, 2, 14),
        "986",
        75,
        (17, 15, 13, 12, 10, 9, 7, 6, 5, 4),
        modules_done=9,
        ended="completed",
        ended_days_ago=8,
    ),
    SyntheticPatient(
        "Kaarina",
        dt.date(1978, 9, 9),
        "987",
        40,
        (15, 14, 15),
        modules_done=2,
        ended="discontinued",
        ended_days_ago=20,
        end_reason="Demo: moved to another municipality; care continues there.",
    ),
    SyntheticPatient("Tapio", dt.date(1961, 5, 22), "988", None),
]
SYNTHETIC_FAMILY_NAME = "Esimerkki"


def _hetu(birth: dt.date, individual: str) -> str:
    date_part = birth.strftime("%d%m%y")
    sign = "-" if birth.year < 2000 else "A"
    return f"{date_part}{sign}{individual}{finnish_check_character(date_part, individual)}"


def _person(given: str, family: str, birth: dt.date, individual: str) -> Person:
    national_id = _hetu(birth, individual)
    person = Person.objects.filter(national_id_hash=lookup_hash(national_id)).first()
    if person is None:
        person = Person(given_name=given, family_name=family, birth_date=birth)
        person.set_national_id(national_id)
        person.save()
    return _with_user(person)


def _with_user(person: Person) -> Person:
    """The demo acts through the services as the patient, so the patient needs the user an
    e-ID login would create (same username scheme as identity.services; no password)."""
    if person.user_id is None:
        person.user = new_eid_user(person)
        person.save(update_fields=["user"])
    return person


# ---------------------------------------------------------------------------------------
# Enrollments in the past


def _move_into_past(rows: QuerySet, **moments: dt.datetime | F) -> None:
    """DEMO: the one place that dates rows of the history after a service wrote them, for
    what no service takes a `now=` for. It sets timestamp columns only (anything else is
    refused); every row itself was written by a service."""
    for name in moments:
        column = rows.model._meta.get_field(name)
        if not isinstance(column, DateTimeField):
            raise ValueError(f"_move_into_past sets timestamps only, not {name}")
    rows.update(**moments)


def _reminders_already_sent(enrollment: Enrollment) -> None:
    """The demo pretends the reminders of the past already went out, so starting the demo
    does not send a burst of e-mails."""
    _move_into_past(
        enrollment.tasks.filter(remind_at__lt=timezone.now()),
        reminder_queued_at=F("remind_at"),
    )


def _at(task: EnrollmentTask, hours: int = 10) -> dt.datetime:
    return task.available_at + dt.timedelta(hours=hours)


def _phq9_answers(version, total: int, item9: int) -> dict:  # noqa: ANN001
    """Answers adding up to `total` with item 9 at `item9` (spread over items 1–8)."""
    items = engine.items_by_link_id(version.definition)
    values = [0] * 9
    values[8] = item9
    remaining = max(total - item9, 0)
    for index in range(8):
        values[index] = min(3, remaining // (8 - index) + (1 if remaining % (8 - index) else 0))
        remaining -= values[index]
    answers = {}
    for number, value in enumerate(values, start=1):
        link_id = f"phq9-{number}"
        chosen = next(
            opt for opt in items[link_id]["answerOption"] if engine.option_ordinal(opt) == value
        )
        answers[link_id] = [engine.option_value(chosen)]
    return answers


def _choice_answers(version, codes: dict[str, str]) -> dict:  # noqa: ANN001
    items = engine.items_by_link_id(version.definition)
    answers = {}
    for link_id, code in codes.items():
        chosen = next(
            opt for opt in items[link_id]["answerOption"] if opt["valueCoding"]["code"] == code
        )
        answers[link_id] = [engine.option_value(chosen)]
    return answers


def _submit(person: Person, version, answers: dict) -> EnrollmentTask:  # noqa: ANN001
    """Answer the oldest open questionnaire task as the patient (the real signal completes
    the task and raises the alerts), then date it to the day of the task."""
    user = person.user
    response = questionnaire_services.save_draft(
        actor=user, version=version, answers=answers, page=0
    )
    response = questionnaire_services.submit_response(actor=user, response=response)
    task = EnrollmentTask.objects.get(response=response)
    moment = _at(task)
    _move_into_past(
        QuestionnaireResponse.objects.filter(pk=response.pk),
        created_at=moment,
        updated_at=moment,
        submitted_at=moment,
    )
    _move_into_past(EnrollmentTask.objects.filter(pk=task.pk), completed_at=moment)
    _move_into_past(Alert.objects.filter(response=response), raised_at=moment)
    task.completed_at = moment
    return task


def _do_modules(enrollment: Enrollment, count: int, answers_for: dict | None = None) -> None:
    """Answer every exercise of the first `count` modules and mark them done as the
    patient, each on the day the module unlocked (or four days apart for modules that
    follow the previous one)."""
    user = enrollment.person.user
    started_at = enrollment.started_at
    assert started_at is not None  # only accepted (started) enrollments do modules
    modules = list(enrollment.program.modules.order_by("position")[:count])
    for index, module in enumerate(modules):
        day = module.unlock_day if module.unlock_rule == UnlockRule.ON_DAY else index * 4
        moment = started_at + dt.timedelta(days=day, hours=20)
        for exercise in module.exercises.all():
            data = (answers_for or {}).get(module.position) or _sample_answer(exercise)
            services.answer_exercise(
                actor=user, enrollment=enrollment, exercise=exercise, data=data, now=moment
            )
        services.complete_module(actor=user, enrollment=enrollment, module=module, now=moment)


def _sample_answer(exercise: Exercise) -> dict[str, str]:
    if exercise.kind == ExerciseKind.FREE_TEXT:
        return {"text": "Demo answer written for the demo patient."}
    return {field["name"]: "Demo answer." for field in exercise.fields}


def _last_activity(enrollment: Enrollment) -> None:
    assert enrollment.started_at is not None  # only accepted (started) enrollments
    moments = [
        enrollment.started_at,
        *(
            moment
            for moment in enrollment.tasks.exclude(completed_at=None).values_list(
                "completed_at", flat=True
            )
            if moment is not None
        ),
        *enrollment.module_completions.values_list("completed_at", flat=True),
    ]
    _move_into_past(Enrollment.objects.filter(pk=enrollment.pk), last_activity_at=max(moments))


def _accepted(
    *,
    person: Person,
    program: Program,
    team: CareTeam,
    referrer: User,
    days_ago: float,
    message: str = "Demo referral.",
) -> Enrollment:
    """Referred by `referrer` two days before the start and accepted by the person
    `days_ago` days ago (the acceptance writes the tasks, dated from then)."""
    started_at = timezone.now() - dt.timedelta(days=days_ago)
    enrollment = services.refer(
        actor=referrer,
        person=person,
        program=program,
        care_team=team,
        responsible=referrer,
        message=message,
        time_zone=TIME_ZONE,
        now=started_at - dt.timedelta(days=2),
    )
    enrollment = services.accept_invitation(
        actor=person.user, enrollment=enrollment, now=started_at
    )
    _reminders_already_sent(enrollment)
    return enrollment


def _has_enrollment(person: Person, program: Program) -> bool:
    return Enrollment.objects.filter(person=person, program=program).exists()


def seed_aino(aino: Person, programs: dict, teams: dict, juha: User) -> None:
    program = programs["icbt"]
    if _has_enrollment(aino, program):
        return
    enrollment = _accepted(
        person=aino,
        program=program,
        team=teams[DEPRESSION_TEAM],
        referrer=juha,
        days_ago=22,
        message=(
            "Demo: as we agreed at the visit, here is the online program. I will follow "
            "your answers every week."
        ),
    )
    version = Questionnaire.objects.get(slug="phq-9").latest_version()
    # Trending down; item 9 above 0 on the second answer leaves an open alert.
    for total, item9 in ((17, 0), (15, 1), (12, 0), (9, 0)):
        _submit(aino, version, _phq9_answers(version, total, item9))
    _do_modules(
        enrollment,
        3,
        {
            1: {"text": "Demo: I would like to enjoy walks and meeting friends again."},
            2: {
                "first": "Demo: a short walk on Monday",
                "second": "Demo: call my sister on Wednesday",
                "third": "Demo: bake bread on Saturday",
            },
            3: {
                "situation": "Demo: a colleague did not answer my message",
                "thought": "Demo: nobody cares what I say",
                "feeling": "Demo: sad and tired",
            },
        },
    )
    _last_activity(enrollment)


def seed_synthetic(programs: dict, teams: dict, juha: User) -> None:
    program = programs["icbt"]
    team = teams[DEPRESSION_TEAM]
    version = Questionnaire.objects.get(slug="phq-9").latest_version()
    for demo in SYNTHETIC_PATIENTS:
        person = _person(
            demo.given_name, SYNTHETIC_FAMILY_NAME, demo.birth_date, demo.individual_number
        )
        if _has_enrollment(person, program):
            continue
        if demo.started_days_ago is None:
            services.refer(
                actor=juha,
                person=person,
                program=program,
                care_team=team,
                responsible=juha,
                message="Demo: welcome to the online program.",
                time_zone=TIME_ZONE,
            )
            continue
        enrollment = _accepted(
            person=person, program=program, team=team, referrer=juha, days_ago=demo.started_days_ago
        )
        for index, total in enumerate(demo.scores):
            _submit(
                person, version, _phq9_answers(version, total, 1 if index in demo.item9_at else 0)
            )
        _do_modules(enrollment, demo.modules_done)
        _last_activity(enrollment)
        if demo.acknowledge_note:
            for alert in enrollment.alerts.all():
                services.acknowledge_alert(
                    actor=juha,
                    alert=alert,
                    note=demo.acknowledge_note,
                    now=alert.raised_at + dt.timedelta(hours=3),
                )
        if demo.ended:
            services.end_enrollment(
                actor=juha,
                enrollment=enrollment,
                status=demo.ended,
                reason=demo.end_reason,
                now=timezone.now() - dt.timedelta(days=demo.ended_days_ago),
            )


def seed_hip(mikko: Person, elsa: Person, programs: dict, teams: dict, sanna: User) -> None:
    program = programs["hip"]
    team = teams[KALLIO_TEAM]
    if not _has_enrollment(mikko, program):
        services.refer(
            actor=sanna,
            person=mikko,
            program=program,
            care_team=team,
            responsible=sanna,
            message=(
                "Demo: your hip operation is planned for next month. This program helps you "
                "prepare; I will follow how it goes. — Sanna, Kallio health station"
            ),
            time_zone=TIME_ZONE,
        )
    if _has_enrollment(elsa, program):
        return
    enrollment = _accepted(person=elsa, program=program, team=team, referrer=sanna, days_ago=10)
    version = Questionnaire.objects.get(slug=READINESS_SLUG).latest_version()
    _submit(
        elsa,
        version,
        _choice_answers(
            version,
            {
                "ready-home": "partly",
                "ready-help": "yes",
                "ready-exercise": "partly",
                "ready-aids": "no",
                "ready-questions": "yes",
            },
        ),
    )
    # The weight of day 0 was taken; the one of day 7 is overdue.
    first_weight = enrollment.tasks.filter(kind=TaskKind.MEASUREMENT, day=0).get()
    services.complete_measurement_task(actor=elsa.user, task=first_weight, now=_at(first_weight))
    _do_modules(enrollment, 2)
    _last_activity(enrollment)


# Two synthetic patients followed at home after a heart-failure admission; their readings
# (and the red weight gain of one of them yesterday) are the monitoring app's demo.
HEART_FAILURE_PATIENTS = (
    ("Pentti", dt.date(1948, 10, 2), "990", 14),
    ("Raili", dt.date(1952, 3, 18), "991", 9),
)


def seed_heart_failure(programs: dict, teams: dict, sanna: User) -> None:
    program = programs["heart"]
    for given, birth, individual, days_ago in HEART_FAILURE_PATIENTS:
        person = _person(given, SYNTHETIC_FAMILY_NAME, birth, individual)
        if _has_enrollment(person, program):
            continue
        _accepted(
            person=person,
            program=program,
            team=teams[KALLIO_TEAM],
            referrer=sanna,
            days_ago=days_ago,
            message="Demo: follow-up at home after your heart failure admission.",
        )


def seed_demo() -> None:
    """Create or refresh the care-path demo. Needs the demo identities, organization and
    questionnaires seeded first; does nothing without them."""
    organization = Organization.objects.filter(name=DEMO_ORGANIZATION).first()
    if organization is None:
        return
    teams = {team.name: team for team in CareTeam.objects.filter(organization=organization)}
    staff = {
        user.username: user
        for user in User.objects.filter(username__in=["doctor.juha", "nurse.sanna", "editor.emma"])
    }
    persons = {
        person.oidc_subject: person
        for person in Person.objects.filter(
            oidc_subject__in=["demo-aino", "demo-mikko", "demo-elsa"]
        )
    }
    if len(staff) < 3 or len(persons) < 3 or not {DEPRESSION_TEAM, KALLIO_TEAM} <= set(teams):
        return
    programs = seed_programs(organization, teams, staff["editor.emma"], staff["doctor.juha"])
    juha, sanna = staff["doctor.juha"], staff["nurse.sanna"]
    aino = _with_user(persons["demo-aino"])
    elsa = _with_user(persons["demo-elsa"])
    mikko = persons["demo-mikko"]
    seed_aino(aino, programs, teams, juha)
    seed_synthetic(programs, teams, juha)
    seed_hip(mikko, elsa, programs, teams, sanna)
    seed_heart_failure(programs, teams, sanna)
