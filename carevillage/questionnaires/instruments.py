"""DEMO instruments as FHIR R4 Questionnaires, with our own plain-language item texts.

The item texts here are our own paraphrases written for this demo, in English and Finnish;
they are not the validated wording of the instruments and nothing here is medical advice.
Scoring rules and cut-offs follow the published sources named next to each instrument.
"""

from __future__ import annotations

import json
from typing import Any

from . import engine

LOINC = "http://loinc.org"
ANSWERS = "https://carevillage.example/fhir/CodeSystem/demo-answers"


def _translated(en: str, fi: str) -> tuple[str, dict]:
    return en, {
        "extension": [
            {
                "url": engine.TRANSLATION_URL,
                "extension": [
                    {"url": "lang", "valueCode": "fi"},
                    {"url": "content", "valueString": fi},
                ],
            }
        ]
    }


def option(code: str, en: str, fi: str, ordinal: float) -> dict:
    display, translations = _translated(en, fi)
    return {
        "valueCoding": {
            "system": ANSWERS,
            "code": code,
            "display": display,
            "_display": translations,
        },
        "extension": [{"url": engine.ORDINAL_URL, "valueDecimal": ordinal}],
    }


def item(link_id: str, kind: str, en: str, fi: str, **extra: Any) -> dict:
    text, translations = _translated(en, fi)
    return {"linkId": link_id, "type": kind, "text": text, "_text": translations, **extra}


def page(link_id: str, en: str, fi: str, items: list[dict]) -> dict:
    return item(
        link_id,
        "group",
        en,
        fi,
        item=items,
        extension=[
            {
                "url": engine.ITEM_CONTROL_URL,
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": "http://hl7.org/fhir/questionnaire-item-control",
                            "code": "page",
                        }
                    ]
                },
            }
        ],
    )


def text(en: str, fi: str) -> dict[str, str]:
    return {"en": en, "fi": fi}


def questionnaire(
    *, title_en: str, title_fi: str, items: list[dict], scoring: dict, code: str = ""
) -> dict:
    title, translations = _translated(title_en, title_fi)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "title": title,
        "_title": translations,
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
        "extension": [{"url": engine.SCORING_URL, "valueString": json.dumps(scoring)}],
    }
    if code:
        resource["code"] = [{"system": LOINC, "code": code}]
    return resource


def band(low: int, high: int, code: str, severity: str, label: dict, advice: dict) -> dict:
    return {
        "min": low,
        "max": high,
        "code": code,
        "severity": severity,
        "label": label,
        "advice": advice,
    }


DEMO_NOTE = text(
    "Demo content: this result is not a diagnosis and not medical advice.",
    "Esittelysisältö: tulos ei ole diagnoosi eikä hoito-ohje.",
)

# PHQ-9 and GAD-7 share the answer scale "over the last two weeks, how often".
TWO_WEEKS = [
    ("0", "Not at all", "Ei lainkaan", 0),
    ("1", "On several days", "Useina päivinä", 1),
    ("2", "On more than half of the days", "Yli puolena päivistä", 2),
    ("3", "Nearly every day", "Lähes joka päivä", 3),
]


def _two_weeks_options() -> list[dict]:
    return [option(code, en, fi, value) for code, en, fi, value in TWO_WEEKS]


# PHQ-9: Kroenke K, Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression
# severity measure. J Gen Intern Med 2001;16(9):606-13. Sum of items 1-9 (0-27); severity
# 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe. Item 9
# (thoughts of death or self-harm) above 0 needs a professional's attention whatever the total.
PHQ9_ITEMS = [
    ("Little interest or joy in doing things", "Vähän kiinnostusta tai iloa asioiden tekemisestä"),
    ("Feeling low, down or hopeless", "Alakuloisuutta, masennusta tai toivottomuutta"),
    (
        "Trouble falling asleep or staying asleep, or sleeping too much",
        "Vaikeuksia nukahtaa tai pysyä unessa, tai liikaa nukkumista",
    ),
    ("Feeling tired or having little energy", "Väsymystä tai voimattomuutta"),
    ("Poor appetite or eating too much", "Huonoa ruokahalua tai liikaa syömistä"),
    (
        "Feeling bad about yourself, or that you have let yourself or others down",
        "Huonommuuden tunnetta tai tunnetta, että olet tuottanut pettymyksen itsellesi tai muille",
    ),
    (
        "Trouble concentrating, for example on reading or watching TV",
        "Keskittymisvaikeuksia, esimerkiksi lukiessa tai televisiota katsoessa",
    ),
    (
        "Moving or speaking so slowly that others could notice, or being so restless "
        "that you move around much more than usual",
        "Liikkumista tai puhumista niin hitaasti, että muut voisivat huomata sen, tai niin "
        "levotonta oloa, että liikut paljon tavallista enemmän",
    ),
    (
        "Thoughts that you would be better off dead, or of hurting yourself",
        "Ajatuksia, että olisit parempi kuollut, tai ajatuksia itsesi vahingoittamisesta",
    ),
]


def phq9() -> dict:
    questions = [
        item(f"phq9-{n}", "choice", en, fi, required=True, answerOption=_two_weeks_options())
        for n, (en, fi) in enumerate(PHQ9_ITEMS, start=1)
    ]
    # The closing question appears once any problem was ticked (enableWhen, behaviour any).
    difficulty = item(
        "phq9-difficulty",
        "choice",
        "How hard have these problems made it to work, take care of things at home or get "
        "along with other people?",
        "Kuinka paljon nämä ongelmat ovat vaikeuttaneet työtä, kotiasioiden hoitamista tai "
        "toimeen tulemista muiden kanssa?",
        enableWhen=[
            {
                "question": f"phq9-{n}",
                "operator": "!=",
                "answerCoding": {"system": ANSWERS, "code": "0"},
            }
            for n in range(1, 10)
        ],
        enableBehavior="any",
        answerOption=[
            option("d0", "Not hard at all", "Ei lainkaan vaikeaa", 0),
            option("d1", "Somewhat hard", "Jonkin verran vaikeaa", 0),
            option("d2", "Very hard", "Hyvin vaikeaa", 0),
            option("d3", "Extremely hard", "Äärimmäisen vaikeaa", 0),
        ],
    )
    intro = item(
        "phq9-intro",
        "display",
        "Over the last two weeks, how often have you been bothered by the following?",
        "Kuinka usein seuraavat asiat ovat vaivanneet sinua viimeisten kahden viikon aikana?",
    )
    professional = text(
        "Talk about this with a health professional, for example at your health station.",
        "Keskustele tästä terveydenhuollon ammattilaisen kanssa, esimerkiksi terveysasemalla.",
    )
    return questionnaire(
        title_en="Mood self-test (PHQ-9)",
        title_fi="Mielialan itsearvio (PHQ-9)",
        code="44249-1",
        items=[intro, *questions, difficulty],
        scoring={
            "scores": [
                {
                    "name": "total",
                    "label": text("Total score", "Kokonaispisteet"),
                    "items": [f"phq9-{n}" for n in range(1, 10)],
                }
            ],
            "bands": {
                "score": "total",
                "ranges": [
                    band(
                        0,
                        4,
                        "minimal",
                        "low",
                        text("Minimal symptoms", "Vähäiset oireet"),
                        text(
                            "Your answers suggest few signs of depression. Keep up what helps you feel well.",
                            "Vastauksesi viittaavat vähäisiin masennusoireisiin. Jatka sitä, mikä auttaa sinua voimaan hyvin.",
                        ),
                    ),
                    band(
                        5,
                        9,
                        "mild",
                        "low",
                        text("Mild symptoms", "Lieviä oireita"),
                        text(
                            "Your answers suggest mild symptoms. If they last, read the mental health pages or talk to a professional.",
                            "Vastauksesi viittaavat lieviin oireisiin. Jos ne jatkuvat, lue mielenterveyden sivuja tai keskustele ammattilaisen kanssa.",
                        ),
                    ),
                    band(
                        10,
                        14,
                        "moderate",
                        "medium",
                        text("Moderate symptoms", "Kohtalaisia oireita"),
                        professional,
                    ),
                    band(
                        15,
                        19,
                        "moderately-severe",
                        "high",
                        text("Moderately severe symptoms", "Melko vaikeita oireita"),
                        professional,
                    ),
                    band(
                        20,
                        27,
                        "severe",
                        "high",
                        text("Severe symptoms", "Vaikeita oireita"),
                        text(
                            "Contact a health professional soon, today if you can.",
                            "Ota pian yhteyttä terveydenhuollon ammattilaiseen, mieluiten jo tänään.",
                        ),
                    ),
                ],
            },
            "flags": [
                {
                    "linkId": "phq9-9",
                    "operator": ">",
                    "value": 0,
                    "code": "self-harm-thoughts",
                    "severity": "critical",
                    "label": text(
                        "You mentioned thoughts of death or of hurting yourself. Please talk to someone today. "
                        "In an emergency call the emergency number.",
                        "Kerroit ajatuksista kuolemasta tai itsesi vahingoittamisesta. Puhu jonkun kanssa vielä tänään. "
                        "Hätätilanteessa soita hätänumeroon.",
                    ),
                }
            ],
        },
    )


# GAD-7: Spitzer RL, Kroenke K, Williams JB, Löwe B. A brief measure for assessing
# generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-7.
# Sum of 7 items (0-21); 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe anxiety.
GAD7_ITEMS = [
    ("Feeling nervous, anxious or on edge", "Hermostuneisuutta, ahdistusta tai kireyttä"),
    (
        "Not being able to stop or control worrying",
        "Et pysty lopettamaan tai hallitsemaan huolestumista",
    ),
    ("Worrying too much about different things", "Liiallista huolestumista eri asioista"),
    ("Trouble relaxing", "Vaikeuksia rentoutua"),
    (
        "Being so restless that it is hard to sit still",
        "Niin levotonta oloa, että on vaikea pysyä paikallaan",
    ),
    ("Becoming easily annoyed or irritable", "Ärtyisyyttä tai helposti suuttumista"),
    (
        "Feeling afraid, as if something awful might happen",
        "Pelkoa, kuin jotain kauheaa voisi tapahtua",
    ),
]


def gad7() -> dict:
    professional = text(
        "Talk about this with a health professional, for example at your health station.",
        "Keskustele tästä terveydenhuollon ammattilaisen kanssa, esimerkiksi terveysasemalla.",
    )
    return questionnaire(
        title_en="Anxiety self-test (GAD-7)",
        title_fi="Ahdistuneisuuden itsearvio (GAD-7)",
        code="69737-5",
        items=[
            item(
                "gad7-intro",
                "display",
                "Over the last two weeks, how often have you been bothered by the following?",
                "Kuinka usein seuraavat asiat ovat vaivanneet sinua viimeisten kahden viikon aikana?",
            ),
            *[
                item(
                    f"gad7-{n}", "choice", en, fi, required=True, answerOption=_two_weeks_options()
                )
                for n, (en, fi) in enumerate(GAD7_ITEMS, start=1)
            ],
        ],
        scoring={
            "scores": [
                {
                    "name": "total",
                    "label": text("Total score", "Kokonaispisteet"),
                    "items": [f"gad7-{n}" for n in range(1, 8)],
                }
            ],
            "bands": {
                "score": "total",
                "ranges": [
                    band(
                        0,
                        4,
                        "minimal",
                        "low",
                        text("Minimal anxiety", "Vähäinen ahdistuneisuus"),
                        text(
                            "Your answers suggest little anxiety.",
                            "Vastauksesi viittaavat vähäiseen ahdistuneisuuteen.",
                        ),
                    ),
                    band(
                        5,
                        9,
                        "mild",
                        "low",
                        text("Mild anxiety", "Lievä ahdistuneisuus"),
                        text(
                            "If the worry goes on, read the mental health pages or talk to a professional.",
                            "Jos huoli jatkuu, lue mielenterveyden sivuja tai keskustele ammattilaisen kanssa.",
                        ),
                    ),
                    band(
                        10,
                        14,
                        "moderate",
                        "medium",
                        text("Moderate anxiety", "Kohtalainen ahdistuneisuus"),
                        professional,
                    ),
                    band(
                        15,
                        21,
                        "severe",
                        "high",
                        text("Severe anxiety", "Vaikea ahdistuneisuus"),
                        professional,
                    ),
                ],
            },
        },
    )


# AUDIT: Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: The Alcohol Use
# Disorders Identification Test, 2nd ed. WHO 2001. Items 1-8 score 0-4, items 9-10 score
# 0, 2 or 4; total 0-40. Risk zones: I 0-7, II 8-15, III 16-19, IV 20-40. WHO's skip rule
# ("if questions 2 and 3 both score 0, go to 9 and 10") is expressed with enableWhen.
# A "drink" here is a Finnish standard drink of 12 g alcohol (THL).
FREQUENCY = [
    ("f0", "Never", "Ei koskaan", 0),
    ("f1", "Less than once a month", "Harvemmin kuin kerran kuukaudessa", 1),
    ("f2", "Once a month", "Kerran kuukaudessa", 2),
    ("f3", "Once a week", "Kerran viikossa", 3),
    ("f4", "Daily or almost daily", "Päivittäin tai lähes päivittäin", 4),
]
HOW_OFTEN = [
    ("o0", "Never", "Ei koskaan", 0),
    ("o1", "Once a month or less", "Kerran kuukaudessa tai harvemmin", 1),
    ("o2", "2 to 4 times a month", "2–4 kertaa kuukaudessa", 2),
    ("o3", "2 to 3 times a week", "2–3 kertaa viikossa", 3),
    ("o4", "4 or more times a week", "4 kertaa viikossa tai useammin", 4),
]
HOW_MANY = [
    ("n0", "1 or 2", "1–2", 0),
    ("n1", "3 or 4", "3–4", 1),
    ("n2", "5 or 6", "5–6", 2),
    ("n3", "7 to 9", "7–9", 3),
    ("n4", "10 or more", "10 tai enemmän", 4),
]
YES_LAST_YEAR = [
    ("y0", "No", "Ei", 0),
    ("y2", "Yes, but not in the last year", "Kyllä, mutta ei viimeisen vuoden aikana", 2),
    ("y4", "Yes, in the last year", "Kyllä, viimeisen vuoden aikana", 4),
]


def _options(scale: list[tuple]) -> list[dict]:
    return [option(code, en, fi, value) for code, en, fi, value in scale]


def _audit_consumption() -> list[dict]:
    return [
        item(
            "audit-1",
            "choice",
            "How often do you have a drink that contains alcohol?",
            "Kuinka usein juot alkoholia sisältäviä juomia?",
            required=True,
            answerOption=_options(HOW_OFTEN),
        ),
        item(
            "audit-2",
            "choice",
            "On a day when you drink, how many drinks do you usually have?",
            "Kuinka monta annosta tavallisesti juot niinä päivinä, joina käytät alkoholia?",
            required=True,
            answerOption=_options(HOW_MANY),
            enableWhen=[
                {
                    "question": "audit-1",
                    "operator": "!=",
                    "answerCoding": {"system": ANSWERS, "code": "o0"},
                }
            ],
        ),
        item(
            "audit-3",
            "choice",
            "How often do you have six or more drinks on one occasion?",
            "Kuinka usein juot kerralla kuusi annosta tai enemmän?",
            required=True,
            answerOption=_options(FREQUENCY),
            enableWhen=[
                {
                    "question": "audit-1",
                    "operator": "!=",
                    "answerCoding": {"system": ANSWERS, "code": "o0"},
                }
            ],
        ),
    ]


def audit_c() -> dict:
    # AUDIT-C: Bush K, Kivlahan DR, McDonell MB, Fihn SD, Bradley KA. The AUDIT alcohol
    # consumption questions (AUDIT-C). Arch Intern Med 1998;158(16):1789-95. Items 1-3,
    # 0-12. We do not ask sex, so we use the lower documented cut-off (positive at 3 or
    # more, the rule for women; men: 4 or more) — it screens in rather than out.
    return questionnaire(
        title_en="My drinking, short test (AUDIT-C)",
        title_fi="Alkoholinkäyttöni, lyhyt testi (AUDIT-C)",
        code="72109-2",
        items=_audit_consumption(),
        scoring={
            "scores": [
                {
                    "name": "total",
                    "label": text("Total score", "Kokonaispisteet"),
                    "items": ["audit-1", "audit-2", "audit-3"],
                }
            ],
            "bands": {
                "score": "total",
                "ranges": [
                    band(
                        0,
                        2,
                        "negative",
                        "low",
                        text("Low risk", "Pieni riski"),
                        text(
                            "Your drinking seems to carry a low risk.",
                            "Alkoholinkäyttösi näyttää vähäriskiseltä.",
                        ),
                    ),
                    band(
                        3,
                        12,
                        "positive",
                        "medium",
                        text("Increased risk", "Kohonnut riski"),
                        text(
                            "Your drinking may be harming your health. Take the full AUDIT or talk to a professional.",
                            "Alkoholinkäyttösi voi haitata terveyttäsi. Tee koko AUDIT-testi tai keskustele ammattilaisen kanssa.",
                        ),
                    ),
                ],
            },
        },
    )


def audit() -> dict:
    skip = [
        {
            "question": "audit-2",
            "operator": "!=",
            "answerCoding": {"system": ANSWERS, "code": "n0"},
        },
        {
            "question": "audit-3",
            "operator": "!=",
            "answerCoding": {"system": ANSWERS, "code": "f0"},
        },
    ]
    harms = [
        (
            "audit-4",
            "During the last year, how often could you not stop drinking once you had started?",
            "Kuinka usein viimeisen vuoden aikana et pystynyt lopettamaan juomista, kun aloitit?",
        ),
        (
            "audit-5",
            "During the last year, how often did drinking stop you from doing what was expected of you?",
            "Kuinka usein viimeisen vuoden aikana jätit juomisen takia tekemättä jotain, mitä sinulta odotettiin?",
        ),
        (
            "audit-6",
            "During the last year, how often did you need a drink in the morning to get going after heavy drinking?",
            "Kuinka usein viimeisen vuoden aikana tarvitsit aamulla alkoholia päästäksesi liikkeelle runsaan juomisen jälkeen?",
        ),
        (
            "audit-7",
            "During the last year, how often did you feel guilty or sorry after drinking?",
            "Kuinka usein viimeisen vuoden aikana tunsit syyllisyyttä tai katumusta juomisen jälkeen?",
        ),
        (
            "audit-8",
            "During the last year, how often could you not remember what happened the night before because of drinking?",
            "Kuinka usein viimeisen vuoden aikana et muistanut juomisen takia edellisen illan tapahtumia?",
        ),
    ]
    return questionnaire(
        title_en="My drinking, full test (AUDIT)",
        title_fi="Alkoholinkäyttöni, koko testi (AUDIT)",
        code="75624-7",
        items=[
            page("audit-amount", "How much you drink", "Kuinka paljon juot", _audit_consumption()),
            page(
                "audit-effects",
                "What drinking does",
                "Mitä juominen aiheuttaa",
                [
                    *[
                        item(
                            link_id,
                            "choice",
                            en,
                            fi,
                            required=True,
                            answerOption=_options(FREQUENCY),
                            enableWhen=skip,
                            enableBehavior="any",
                        )
                        for link_id, en, fi in harms
                    ],
                    item(
                        "audit-9",
                        "choice",
                        "Have you or someone else been hurt because of your drinking?",
                        "Onko juomisesi vuoksi satutettu sinua tai jotakuta muuta?",
                        required=True,
                        answerOption=_options(YES_LAST_YEAR),
                    ),
                    item(
                        "audit-10",
                        "choice",
                        "Has someone close to you, or a doctor or nurse, been worried about your drinking or suggested you cut down?",
                        "Onko läheisesi, lääkäri tai hoitaja ollut huolissaan juomisestasi tai ehdottanut sen vähentämistä?",
                        required=True,
                        answerOption=_options(YES_LAST_YEAR),
                    ),
                ],
            ),
        ],
        scoring={
            "scores": [
                {
                    "name": "total",
                    "label": text("Total score", "Kokonaispisteet"),
                    "items": [f"audit-{n}" for n in range(1, 11)],
                }
            ],
            "bands": {
                "score": "total",
                "ranges": [
                    band(
                        0,
                        7,
                        "zone-1",
                        "low",
                        text("Low risk (zone I)", "Pieni riski (vyöhyke I)"),
                        text(
                            "Your drinking seems to carry a low risk.",
                            "Alkoholinkäyttösi näyttää vähäriskiseltä.",
                        ),
                    ),
                    band(
                        8,
                        15,
                        "zone-2",
                        "medium",
                        text("Hazardous drinking (zone II)", "Riskikäyttö (vyöhyke II)"),
                        text(
                            "Cutting down would lower the risk to your health.",
                            "Juomisen vähentäminen pienentäisi terveysriskiäsi.",
                        ),
                    ),
                    band(
                        16,
                        19,
                        "zone-3",
                        "high",
                        text("Harmful drinking (zone III)", "Haitallinen käyttö (vyöhyke III)"),
                        text(
                            "Talk to a health professional about cutting down.",
                            "Keskustele ammattilaisen kanssa juomisen vähentämisestä.",
                        ),
                    ),
                    band(
                        20,
                        40,
                        "zone-4",
                        "high",
                        text(
                            "Possible dependence (zone IV)", "Mahdollinen riippuvuus (vyöhyke IV)"
                        ),
                        text(
                            "Talk to a health professional soon about your drinking.",
                            "Keskustele pian ammattilaisen kanssa juomisestasi.",
                        ),
                    ),
                ],
            },
        },
    )


# "Know the signs of stroke": the FAST message (Face, Arms, Speech, Time) used in public
# stroke campaigns, e.g. the Finnish Brain Association (Aivoliitto) and the NHS "Act FAST".
def stroke_quiz() -> dict:
    def choice(link_id: str, en: str, fi: str, options: list[tuple[str, str, str, bool]]) -> dict:
        return item(
            link_id,
            "choice",
            en,
            fi,
            required=True,
            answerOption=[
                option(code, oen, ofi, 1 if right else 0) for code, oen, ofi, right in options
            ],
        )

    questions = [
        choice(
            "stroke-1",
            "Which of these is a typical sign of a stroke?",
            "Mikä näistä on tyypillinen aivohalvauksen oire?",
            [
                (
                    "a",
                    "Sudden weakness or numbness on one side of the face or body",
                    "Äkillinen toispuolinen kasvojen tai kehon heikkous tai tunnottomuus",
                    True,
                ),
                (
                    "b",
                    "An itchy rash that develops over several days",
                    "Useiden päivien aikana kehittyvä kutiava ihottuma",
                    False,
                ),
                ("c", "Ear pain after a cold", "Korvakipu flunssan jälkeen", False),
            ],
        ),
        choice(
            "stroke-2",
            "Someone suddenly cannot speak clearly. What do you do?",
            "Joku ei yhtäkkiä pysty puhumaan selvästi. Mitä teet?",
            [
                ("a", "Wait an hour to see if it passes", "Odotan tunnin, meneekö ohi", False),
                ("b", "Call the emergency number at once", "Soitan heti hätänumeroon", True),
                (
                    "c",
                    "Suggest they lie down and sleep",
                    "Ehdotan, että hän menee nukkumaan",
                    False,
                ),
            ],
        ),
        choice(
            "stroke-3",
            "The symptoms went away after ten minutes. Is it still an emergency?",
            "Oireet menivät ohi kymmenessä minuutissa. Onko tilanne silti kiireellinen?",
            [
                ("a", "Yes, get help at once", "Kyllä, apua haetaan heti", True),
                ("b", "No, it is over", "Ei, se meni jo ohi", False),
            ],
        ),
        choice(
            "stroke-4",
            "What does the T in FAST stand for?",
            "Mitä FAST-sanan T tarkoittaa?",
            [
                ("a", "Temperature", "Lämpöä", False),
                ("b", "Time: call for help right away", "Aikaa: apu hälytetään heti", True),
                ("c", "Tiredness", "Väsymystä", False),
            ],
        ),
    ]
    return questionnaire(
        title_en="Know the signs of stroke (quiz)",
        title_fi="Tunnista aivohalvauksen oireet (tietovisa)",
        items=questions,
        scoring={
            "quiz": True,
            "scores": [
                {
                    "name": "total",
                    "label": text("Correct answers", "Oikeat vastaukset"),
                    "items": [q["linkId"] for q in questions],
                }
            ],
            "feedback": {
                "stroke-1": text(
                    "Sudden one-sided weakness, a drooping face or numbness are typical signs.",
                    "Äkillinen toispuolinen heikkous, roikkuva suupieli tai tunnottomuus ovat tyypillisiä oireita.",
                ),
                "stroke-2": text(
                    "Every minute counts: treatment works best when it starts early.",
                    "Jokainen minuutti on tärkeä: hoito tehoaa parhaiten, kun se aloitetaan varhain.",
                ),
                "stroke-3": text(
                    "Symptoms that pass can warn of a stroke to come; they need care at once too.",
                    "Ohimenevät oireet voivat ennakoida aivohalvausta, ja nekin vaativat hoitoa heti.",
                ),
                "stroke-4": text(
                    "Face, Arms, Speech, Time: time means calling for help straight away.",
                    "Kasvot, kädet, puhe ja aika: aika tarkoittaa, että apu hälytetään heti.",
                ),
            },
        },
    )


# slug -> (builder, kind, public)
INSTRUMENTS = {
    "phq-9": (phq9, "self_test", True),
    "gad-7": (gad7, "self_test", True),
    "audit-c": (audit_c, "self_test", True),
    "audit": (audit, "self_test", True),
    "stroke-signs": (stroke_quiz, "quiz", True),
}
