"""DEMO instruments as FHIR R4 Questionnaires, with our own plain-language item texts.

The item texts here are our own paraphrases written for this demo in English, Finnish,
Swedish and Norwegian bokmål: demo renderings, NOT the official validated wording or the
validated translations of PHQ-9, GAD-7, AUDIT-C or AUDIT (each instrument's visible
description says so too). Nothing here is medical advice. Scoring rules and cut-offs follow
the published sources named next to each instrument and are the same in every language.
"""

from __future__ import annotations

import json
from typing import Any

from . import engine

LOINC = "http://loinc.org"
ANSWERS = "https://carevillage.example/fhir/CodeSystem/demo-answers"
# The languages every demo text is written in; English is the base text of the resource.
LANGUAGES = ("en", "fi", "sv", "nb")


def _translated(en: str, fi: str, sv: str = "", nb: str = "") -> tuple[str, dict]:
    """The base (English) text and the FHIR translation extension for the others."""
    others = {"fi": fi, "sv": sv, "nb": nb}
    return en, {
        "extension": [
            {
                "url": engine.TRANSLATION_URL,
                "extension": [
                    {"url": "lang", "valueCode": lang},
                    {"url": "content", "valueString": content},
                ],
            }
            for lang, content in others.items()
            if content
        ]
    }


def option(code: str, en: str, fi: str, ordinal: float, *, sv: str = "", nb: str = "") -> dict:
    display, translations = _translated(en, fi, sv, nb)
    return {
        "valueCoding": {
            "system": ANSWERS,
            "code": code,
            "display": display,
            "_display": translations,
        },
        "extension": [{"url": engine.ORDINAL_URL, "valueDecimal": ordinal}],
    }


def item(
    link_id: str, kind: str, en: str, fi: str, *, sv: str = "", nb: str = "", **extra: Any
) -> dict:
    text, translations = _translated(en, fi, sv, nb)
    return {"linkId": link_id, "type": kind, "text": text, "_text": translations, **extra}


def page(link_id: str, en: str, fi: str, items: list[dict], *, sv: str = "", nb: str = "") -> dict:
    return item(
        link_id,
        "group",
        en,
        fi,
        sv=sv,
        nb=nb,
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


def text(en: str, fi: str, sv: str = "", nb: str = "") -> dict[str, str]:
    return {
        lang: value for lang, value in (("en", en), ("fi", fi), ("sv", sv), ("nb", nb)) if value
    }


def questionnaire(
    *,
    title_en: str,
    title_fi: str,
    items: list[dict],
    scoring: dict,
    code: str = "",
    title_sv: str = "",
    title_nb: str = "",
    description: dict[str, str] | None = None,
) -> dict:
    title, translations = _translated(title_en, title_fi, title_sv, title_nb)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "language": "en",
        "title": title,
        "_title": translations,
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
        "extension": [{"url": engine.SCORING_URL, "valueString": json.dumps(scoring)}],
    }
    if description:
        resource["description"], resource["_description"] = _translated(
            description["en"],
            description.get("fi", ""),
            description.get("sv", ""),
            description.get("nb", ""),
        )
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


def _item(link_id: str, kind: str, texts: dict[str, str], **extra: Any) -> dict:
    return item(link_id, kind, texts["en"], texts["fi"], sv=texts["sv"], nb=texts["nb"], **extra)


def _options(scale: list[tuple]) -> list[dict]:
    """Options from (code, en, fi, sv, nb, ordinal) rows."""
    return [option(code, en, fi, value, sv=sv, nb=nb) for code, en, fi, sv, nb, value in scale]


def _standard_description(summary: dict[str, str], name: str) -> dict[str, str]:
    """The visible description of a standard instrument: what it asks, and that our
    wording is a demo rendering, not the validated one."""
    rendering = {
        "en": f"Our own plain-language demo rendering, not the official validated wording of the {name}.",
        "fi": f"Oma, selkeällä yleiskielellä kirjoitettu esittelyversiomme, ei {name}-kyselyn virallinen validoitu käännös.",
        "sv": f"Vår egen demoversion på enkel svenska, inte den officiella validerade översättningen av {name}.",
        "nb": f"Vår egen demoversjon i klarspråk, ikke den offisielle validerte oversettelsen av {name}.",
    }
    notice = text(
        "Demo content: the result is not a diagnosis and not medical advice.",
        "Esittelysisältöä: tulos ei ole diagnoosi eikä hoito-ohje.",
        "Demoinnehåll: resultatet är ingen diagnos och inga medicinska råd.",
        "Demoinnhold: resultatet er ingen diagnose og ikke medisinske råd.",
    )
    return {lang: f"{summary[lang]} {rendering[lang]} {notice[lang]}" for lang in LANGUAGES}


DEMO_NOTE = text(
    "Demo content: this result is not a diagnosis and not medical advice.",
    "Esittelysisältö: tulos ei ole diagnoosi eikä hoito-ohje.",
    "Demoinnehåll: resultatet är ingen diagnos och inga medicinska råd.",
    "Demoinnhold: resultatet er ingen diagnose og ikke medisinske råd.",
)
TOTAL = text("Total score", "Kokonaispisteet", "Totalpoäng", "Totalpoeng")


# PHQ-9 and GAD-7 share the answer scale "over the last two weeks, how often".
TWO_WEEKS = [
    ("0", "Not at all", "Ei lainkaan", "Inte alls", "Ikke i det hele tatt", 0),
    ("1", "On several days", "Useina päivinä", "Under några dagar", "På noen av dagene", 1),
    (
        "2",
        "On more than half of the days",
        "Yli puolena päivistä",
        "Under mer än hälften av dagarna",
        "På mer enn halvparten av dagene",
        2,
    ),
    ("3", "Nearly every day", "Lähes joka päivä", "Nästan varje dag", "Nesten hver dag", 3),
]
TWO_WEEKS_INTRO = text(
    "Over the last two weeks, how often have you been bothered by the following?",
    "Kuinka usein seuraavat asiat ovat vaivanneet sinua viimeisten kahden viikon aikana?",
    "Hur ofta under de senaste två veckorna har du besvärats av följande?",
    "Hvor ofte har du vært plaget av følgende de siste to ukene?",
)
SEE_A_PROFESSIONAL = text(
    "Talk about this with a health professional, for example at your health station.",
    "Keskustele tästä terveydenhuollon ammattilaisen kanssa, esimerkiksi terveysasemalla.",
    "Prata om det här med vårdpersonal, till exempel på din hälsostation.",
    "Snakk med helsepersonell om dette, for eksempel på legekontoret ditt.",
)


def _two_weeks_options() -> list[dict]:
    return _options(TWO_WEEKS)


# PHQ-9: Kroenke K, Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression
# severity measure. J Gen Intern Med 2001;16(9):606-13. Sum of items 1-9 (0-27); severity
# 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe. Item 9
# (thoughts of death or self-harm) above 0 needs a professional's attention whatever the total.
PHQ9_ITEMS = [
    text(
        "Little interest or joy in doing things",
        "Vähän kiinnostusta tai iloa asioiden tekemisestä",
        "Lite intresse för eller glädje av att göra saker",
        "Lite interesse for eller glede ved å gjøre ting",
    ),
    text(
        "Feeling low, down or hopeless",
        "Alakuloisuutta, masennusta tai toivottomuutta",
        "Nedstämdhet, tungsinne eller hopplöshet",
        "Nedstemthet, tungsinn eller håpløshet",
    ),
    text(
        "Trouble falling asleep or staying asleep, or sleeping too much",
        "Vaikeuksia nukahtaa tai pysyä unessa, tai liikaa nukkumista",
        "Svårt att somna eller att sova hela natten, eller att du sover för mycket",
        "Vansker med å sovne eller sove gjennom natten, eller at du sover for mye",
    ),
    text(
        "Feeling tired or having little energy",
        "Väsymystä tai voimattomuutta",
        "Trötthet eller brist på ork",
        "Tretthet eller lite energi",
    ),
    text(
        "Poor appetite or eating too much",
        "Huonoa ruokahalua tai liikaa syömistä",
        "Dålig aptit eller att du äter för mycket",
        "Dårlig matlyst eller at du spiser for mye",
    ),
    text(
        "Feeling bad about yourself, or that you have let yourself or others down",
        "Huonommuuden tunnetta tai tunnetta, että olet tuottanut pettymyksen itsellesi tai muille",
        "Att du tycker illa om dig själv eller känner att du har svikit dig själv eller andra",
        "At du har et dårlig syn på deg selv, eller føler at du har sviktet deg selv eller andre",
    ),
    text(
        "Trouble concentrating, for example on reading or watching TV",
        "Keskittymisvaikeuksia, esimerkiksi lukiessa tai televisiota katsoessa",
        "Svårt att koncentrera dig, till exempel när du läser eller tittar på tv",
        "Vansker med å konsentrere deg, for eksempel når du leser eller ser på TV",
    ),
    text(
        "Moving or speaking so slowly that others could notice, or being so restless "
        "that you move around much more than usual",
        "Liikkumista tai puhumista niin hitaasti, että muut voisivat huomata sen, tai niin "
        "levotonta oloa, että liikut paljon tavallista enemmän",
        "Att du rör dig eller talar så långsamt att andra kan märka det, eller tvärtom är så "
        "rastlös att du rör dig mycket mer än vanligt",
        "At du beveger deg eller snakker så sakte at andre kan merke det, eller at du er så "
        "rastløs at du beveger deg mye mer enn vanlig",
    ),
    text(
        "Thoughts that you would be better off dead, or of hurting yourself",
        "Ajatuksia, että olisit parempi kuollut, tai ajatuksia itsesi vahingoittamisesta",
        "Tankar på att det vore bättre om du var död, eller på att skada dig själv",
        "Tanker om at det hadde vært bedre om du var død, eller om å skade deg selv",
    ),
]


def phq9() -> dict:
    questions = [
        _item(f"phq9-{n}", "choice", texts, required=True, answerOption=_two_weeks_options())
        for n, texts in enumerate(PHQ9_ITEMS, start=1)
    ]
    # The closing question appears once any problem was ticked (enableWhen, behaviour any).
    difficulty = _item(
        "phq9-difficulty",
        "choice",
        text(
            "How hard have these problems made it to work, take care of things at home or get "
            "along with other people?",
            "Kuinka paljon nämä ongelmat ovat vaikeuttaneet työtä, kotiasioiden hoitamista tai "
            "toimeen tulemista muiden kanssa?",
            "Hur svårt har de här problemen gjort det för dig att arbeta, sköta saker hemma "
            "eller komma överens med andra människor?",
            "Hvor vanskelig har disse problemene gjort det for deg å jobbe, ta deg av ting "
            "hjemme eller komme overens med andre mennesker?",
        ),
        enableWhen=[
            {
                "question": f"phq9-{n}",
                "operator": "!=",
                "answerCoding": {"system": ANSWERS, "code": "0"},
            }
            for n in range(1, 10)
        ],
        enableBehavior="any",
        answerOption=_options(
            [
                (
                    "d0",
                    "Not hard at all",
                    "Ei lainkaan vaikeaa",
                    "Inte alls svårt",
                    "Ikke vanskelig i det hele tatt",
                    0,
                ),
                ("d1", "Somewhat hard", "Jonkin verran vaikeaa", "Något svårt", "Noe vanskelig", 0),
                ("d2", "Very hard", "Hyvin vaikeaa", "Mycket svårt", "Svært vanskelig", 0),
                (
                    "d3",
                    "Extremely hard",
                    "Äärimmäisen vaikeaa",
                    "Extremt svårt",
                    "Ekstremt vanskelig",
                    0,
                ),
            ]
        ),
    )
    intro = _item("phq9-intro", "display", TWO_WEEKS_INTRO)
    return questionnaire(
        title_en="Mood self-test (PHQ-9)",
        title_fi="Mielialan itsearvio (PHQ-9)",
        title_sv="Självskattning av stämningsläget (PHQ-9)",
        title_nb="Selvtest om humøret (PHQ-9)",
        description=_standard_description(
            text(
                "Nine questions about how you have felt over the last two weeks.",
                "Yhdeksän kysymystä siitä, miltä sinusta on tuntunut viimeisten kahden viikon "
                "aikana.",
                "Nio frågor om hur du har mått de senaste två veckorna.",
                "Ni spørsmål om hvordan du har hatt det de siste to ukene.",
            ),
            "PHQ-9",
        ),
        code="44249-1",
        items=[intro, *questions, difficulty],
        scoring={
            "scores": [
                {
                    "name": "total",
                    "label": TOTAL,
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
                        text(
                            "Minimal symptoms",
                            "Vähäiset oireet",
                            "Minimala symtom",
                            "Minimale symptomer",
                        ),
                        text(
                            "Your answers suggest few signs of depression. Keep up what helps you feel well.",
                            "Vastauksesi viittaavat vähäisiin masennusoireisiin. Jatka sitä, mikä auttaa sinua voimaan hyvin.",
                            "Dina svar tyder på få tecken på depression. Fortsätt med det som hjälper dig att må bra.",
                            "Svarene dine tyder på få tegn på depresjon. Fortsett med det som hjelper deg å ha det bra.",
                        ),
                    ),
                    band(
                        5,
                        9,
                        "mild",
                        "low",
                        text(
                            "Mild symptoms", "Lieviä oireita", "Lindriga symtom", "Milde symptomer"
                        ),
                        text(
                            "Your answers suggest mild symptoms. If they last, read the mental health pages or talk to a professional.",
                            "Vastauksesi viittaavat lieviin oireisiin. Jos ne jatkuvat, lue mielenterveyden sivuja tai keskustele ammattilaisen kanssa.",
                            "Dina svar tyder på lindriga symtom. Om de håller i sig, läs sidorna om psykisk hälsa eller prata med en yrkesperson.",
                            "Svarene dine tyder på milde symptomer. Hvis de varer ved, les sidene om psykisk helse eller snakk med helsepersonell.",
                        ),
                    ),
                    band(
                        10,
                        14,
                        "moderate",
                        "medium",
                        text(
                            "Moderate symptoms",
                            "Kohtalaisia oireita",
                            "Måttliga symtom",
                            "Moderate symptomer",
                        ),
                        SEE_A_PROFESSIONAL,
                    ),
                    band(
                        15,
                        19,
                        "moderately-severe",
                        "high",
                        text(
                            "Moderately severe symptoms",
                            "Melko vaikeita oireita",
                            "Ganska svåra symtom",
                            "Ganske alvorlige symptomer",
                        ),
                        SEE_A_PROFESSIONAL,
                    ),
                    band(
                        20,
                        27,
                        "severe",
                        "high",
                        text(
                            "Severe symptoms",
                            "Vaikeita oireita",
                            "Svåra symtom",
                            "Alvorlige symptomer",
                        ),
                        text(
                            "Contact a health professional soon, today if you can.",
                            "Ota pian yhteyttä terveydenhuollon ammattilaiseen, mieluiten jo tänään.",
                            "Kontakta vårdpersonal snart, helst redan i dag.",
                            "Kontakt helsepersonell snart, helst i dag.",
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
                        "Du berättade om tankar på döden eller på att skada dig själv. Prata med någon redan i dag. "
                        "I en nödsituation, ring nödnumret.",
                        "Du fortalte om tanker om døden eller om å skade deg selv. Snakk med noen allerede i dag. "
                        "I en nødsituasjon, ring nødnummeret.",
                    ),
                }
            ],
        },
    )


# GAD-7: Spitzer RL, Kroenke K, Williams JB, Löwe B. A brief measure for assessing
# generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-7.
# Sum of 7 items (0-21); 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe anxiety.
GAD7_ITEMS = [
    text(
        "Feeling nervous, anxious or on edge",
        "Hermostuneisuutta, ahdistusta tai kireyttä",
        "Nervositet, ängslan eller att vara på helspänn",
        "Nervøsitet, engstelse eller at du er anspent",
    ),
    text(
        "Not being able to stop or control worrying",
        "Et pysty lopettamaan tai hallitsemaan huolestumista",
        "Att inte kunna sluta oroa dig eller hålla oron i styr",
        "At du ikke klarer å slutte å bekymre deg eller holde bekymringene i sjakk",
    ),
    text(
        "Worrying too much about different things",
        "Liiallista huolestumista eri asioista",
        "Att du oroar dig för mycket för olika saker",
        "At du bekymrer deg for mye om ulike ting",
    ),
    text(
        "Trouble relaxing",
        "Vaikeuksia rentoutua",
        "Svårt att slappna av",
        "Vansker med å slappe av",
    ),
    text(
        "Being so restless that it is hard to sit still",
        "Niin levotonta oloa, että on vaikea pysyä paikallaan",
        "Att vara så rastlös att det är svårt att sitta still",
        "At du er så rastløs at det er vanskelig å sitte stille",
    ),
    text(
        "Becoming easily annoyed or irritable",
        "Ärtyisyyttä tai helposti suuttumista",
        "Att du lätt blir irriterad eller retlig",
        "At du lett blir irritert eller sint",
    ),
    text(
        "Feeling afraid, as if something awful might happen",
        "Pelkoa, kuin jotain kauheaa voisi tapahtua",
        "Rädsla, som om något hemskt kunde hända",
        "Redsel, som om noe forferdelig kunne skje",
    ),
]


def gad7() -> dict:
    return questionnaire(
        title_en="Anxiety self-test (GAD-7)",
        title_fi="Ahdistuneisuuden itsearvio (GAD-7)",
        title_sv="Självskattning av ångest (GAD-7)",
        title_nb="Selvtest om angst (GAD-7)",
        description=_standard_description(
            text(
                "Seven questions about worry and anxiety over the last two weeks.",
                "Seitsemän kysymystä huolesta ja ahdistuksesta viimeisten kahden viikon ajalta.",
                "Sju frågor om oro och ångest de senaste två veckorna.",
                "Sju spørsmål om bekymring og angst de siste to ukene.",
            ),
            "GAD-7",
        ),
        code="69737-5",
        items=[
            _item("gad7-intro", "display", TWO_WEEKS_INTRO),
            *[
                _item(
                    f"gad7-{n}", "choice", texts, required=True, answerOption=_two_weeks_options()
                )
                for n, texts in enumerate(GAD7_ITEMS, start=1)
            ],
        ],
        scoring={
            "scores": [
                {
                    "name": "total",
                    "label": TOTAL,
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
                        text(
                            "Minimal anxiety",
                            "Vähäinen ahdistuneisuus",
                            "Minimal ångest",
                            "Minimal angst",
                        ),
                        text(
                            "Your answers suggest little anxiety.",
                            "Vastauksesi viittaavat vähäiseen ahdistuneisuuteen.",
                            "Dina svar tyder på lite ångest.",
                            "Svarene dine tyder på lite angst.",
                        ),
                    ),
                    band(
                        5,
                        9,
                        "mild",
                        "low",
                        text(
                            "Mild anxiety", "Lievä ahdistuneisuus", "Lindrig ångest", "Mild angst"
                        ),
                        text(
                            "If the worry goes on, read the mental health pages or talk to a professional.",
                            "Jos huoli jatkuu, lue mielenterveyden sivuja tai keskustele ammattilaisen kanssa.",
                            "Om oron fortsätter, läs sidorna om psykisk hälsa eller prata med en yrkesperson.",
                            "Hvis bekymringene fortsetter, les sidene om psykisk helse eller snakk med helsepersonell.",
                        ),
                    ),
                    band(
                        10,
                        14,
                        "moderate",
                        "medium",
                        text(
                            "Moderate anxiety",
                            "Kohtalainen ahdistuneisuus",
                            "Måttlig ångest",
                            "Moderat angst",
                        ),
                        SEE_A_PROFESSIONAL,
                    ),
                    band(
                        15,
                        21,
                        "severe",
                        "high",
                        text(
                            "Severe anxiety",
                            "Vaikea ahdistuneisuus",
                            "Svår ångest",
                            "Alvorlig angst",
                        ),
                        SEE_A_PROFESSIONAL,
                    ),
                ],
            },
        },
    )


# AUDIT: Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: The Alcohol Use
# Disorders Identification Test, 2nd ed. WHO 2001. Items 1-8 score 0-4, items 9-10 score
# 0, 2 or 4; total 0-40. Risk zones: I 0-7, II 8-15, III 16-19, IV 20-40. WHO's skip rule
# ("if questions 2 and 3 both score 0, go to 9 and 10") is expressed with enableWhen.
# A "drink" here is a Finnish standard drink of 12 g alcohol (THL); the Swedish text says
# "standardglas" (12 g) and the Norwegian "alkoholenheter" (about 12 g): the same amount.
FREQUENCY = [
    ("f0", "Never", "Ei koskaan", "Aldrig", "Aldri", 0),
    (
        "f1",
        "Less than once a month",
        "Harvemmin kuin kerran kuukaudessa",
        "Mer sällan än en gång i månaden",
        "Sjeldnere enn en gang i måneden",
        1,
    ),
    ("f2", "Once a month", "Kerran kuukaudessa", "En gång i månaden", "En gang i måneden", 2),
    ("f3", "Once a week", "Kerran viikossa", "En gång i veckan", "En gang i uken", 3),
    (
        "f4",
        "Daily or almost daily",
        "Päivittäin tai lähes päivittäin",
        "Dagligen eller nästan dagligen",
        "Daglig eller nesten daglig",
        4,
    ),
]
HOW_OFTEN = [
    ("o0", "Never", "Ei koskaan", "Aldrig", "Aldri", 0),
    (
        "o1",
        "Once a month or less",
        "Kerran kuukaudessa tai harvemmin",
        "En gång i månaden eller mer sällan",
        "En gang i måneden eller sjeldnere",
        1,
    ),
    (
        "o2",
        "2 to 4 times a month",
        "2–4 kertaa kuukaudessa",
        "2–4 gånger i månaden",
        "2–4 ganger i måneden",
        2,
    ),
    (
        "o3",
        "2 to 3 times a week",
        "2–3 kertaa viikossa",
        "2–3 gånger i veckan",
        "2–3 ganger i uken",
        3,
    ),
    (
        "o4",
        "4 or more times a week",
        "4 kertaa viikossa tai useammin",
        "4 gånger i veckan eller oftare",
        "4 ganger i uken eller oftere",
        4,
    ),
]
HOW_MANY = [
    ("n0", "1 or 2", "1–2", "1–2", "1–2", 0),
    ("n1", "3 or 4", "3–4", "3–4", "3–4", 1),
    ("n2", "5 or 6", "5–6", "5–6", "5–6", 2),
    ("n3", "7 to 9", "7–9", "7–9", "7–9", 3),
    ("n4", "10 or more", "10 tai enemmän", "10 eller fler", "10 eller flere", 4),
]
YES_LAST_YEAR = [
    ("y0", "No", "Ei", "Nej", "Nei", 0),
    (
        "y2",
        "Yes, but not in the last year",
        "Kyllä, mutta ei viimeisen vuoden aikana",
        "Ja, men inte under det senaste året",
        "Ja, men ikke i løpet av det siste året",
        2,
    ),
    (
        "y4",
        "Yes, in the last year",
        "Kyllä, viimeisen vuoden aikana",
        "Ja, under det senaste året",
        "Ja, i løpet av det siste året",
        4,
    ),
]


def _audit_consumption() -> list[dict]:
    drinks = [
        {
            "question": "audit-1",
            "operator": "!=",
            "answerCoding": {"system": ANSWERS, "code": "o0"},
        }
    ]
    return [
        _item(
            "audit-1",
            "choice",
            text(
                "How often do you have a drink that contains alcohol?",
                "Kuinka usein juot alkoholia sisältäviä juomia?",
                "Hur ofta dricker du något som innehåller alkohol?",
                "Hvor ofte drikker du noe som inneholder alkohol?",
            ),
            required=True,
            answerOption=_options(HOW_OFTEN),
        ),
        _item(
            "audit-2",
            "choice",
            text(
                "On a day when you drink, how many drinks do you usually have?",
                "Kuinka monta annosta tavallisesti juot niinä päivinä, joina käytät alkoholia?",
                "En dag när du dricker, hur många standardglas brukar du dricka?",
                "På en dag da du drikker, hvor mange alkoholenheter drikker du vanligvis?",
            ),
            required=True,
            answerOption=_options(HOW_MANY),
            enableWhen=drinks,
        ),
        _item(
            "audit-3",
            "choice",
            text(
                "How often do you have six or more drinks on one occasion?",
                "Kuinka usein juot kerralla kuusi annosta tai enemmän?",
                "Hur ofta dricker du sex standardglas eller fler vid ett och samma tillfälle?",
                "Hvor ofte drikker du seks alkoholenheter eller flere ved én anledning?",
            ),
            required=True,
            answerOption=_options(FREQUENCY),
            enableWhen=drinks,
        ),
    ]


LOW_RISK_ADVICE = text(
    "Your drinking seems to carry a low risk.",
    "Alkoholinkäyttösi näyttää vähäriskiseltä.",
    "Ditt drickande verkar innebära en låg risk.",
    "Drikkingen din ser ut til å gi lav risiko.",
)


def audit_c() -> dict:
    # AUDIT-C: Bush K, Kivlahan DR, McDonell MB, Fihn SD, Bradley KA. The AUDIT alcohol
    # consumption questions (AUDIT-C). Arch Intern Med 1998;158(16):1789-95. Items 1-3,
    # 0-12. We do not ask sex, so we use the lower documented cut-off (positive at 3 or
    # more, the rule for women; men: 4 or more) — it screens in rather than out.
    return questionnaire(
        title_en="My drinking, short test (AUDIT-C)",
        title_fi="Alkoholinkäyttöni, lyhyt testi (AUDIT-C)",
        title_sv="Mitt drickande, kort test (AUDIT-C)",
        title_nb="Drikkingen min, kort test (AUDIT-C)",
        description=_standard_description(
            text(
                "Three questions about how often and how much you drink.",
                "Kolme kysymystä siitä, kuinka usein ja kuinka paljon juot alkoholia.",
                "Tre frågor om hur ofta och hur mycket du dricker alkohol.",
                "Tre spørsmål om hvor ofte og hvor mye du drikker alkohol.",
            ),
            "AUDIT-C",
        ),
        code="72109-2",
        items=_audit_consumption(),
        scoring={
            "scores": [
                {
                    "name": "total",
                    "label": TOTAL,
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
                        text("Low risk", "Pieni riski", "Låg risk", "Lav risiko"),
                        LOW_RISK_ADVICE,
                    ),
                    band(
                        3,
                        12,
                        "positive",
                        "medium",
                        text("Increased risk", "Kohonnut riski", "Ökad risk", "Økt risiko"),
                        text(
                            "Your drinking may be harming your health. Take the full AUDIT or talk to a professional.",
                            "Alkoholinkäyttösi voi haitata terveyttäsi. Tee koko AUDIT-testi tai keskustele ammattilaisen kanssa.",
                            "Ditt drickande kan skada din hälsa. Gör hela AUDIT-testet eller prata med en yrkesperson.",
                            "Drikkingen din kan skade helsen din. Ta hele AUDIT-testen eller snakk med helsepersonell.",
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
            text(
                "During the last year, how often could you not stop drinking once you had started?",
                "Kuinka usein viimeisen vuoden aikana et pystynyt lopettamaan juomista, kun aloitit?",
                "Hur ofta under det senaste året kunde du inte sluta dricka när du väl hade börjat?",
                "Hvor ofte i løpet av det siste året klarte du ikke å slutte å drikke når du først hadde begynt?",
            ),
        ),
        (
            "audit-5",
            text(
                "During the last year, how often did drinking stop you from doing what was expected of you?",
                "Kuinka usein viimeisen vuoden aikana jätit juomisen takia tekemättä jotain, mitä sinulta odotettiin?",
                "Hur ofta under det senaste året hindrade drickandet dig från att göra det som förväntades av dig?",
                "Hvor ofte i løpet av det siste året førte drikkingen til at du ikke gjorde det som var forventet av deg?",
            ),
        ),
        (
            "audit-6",
            text(
                "During the last year, how often did you need a drink in the morning to get going after heavy drinking?",
                "Kuinka usein viimeisen vuoden aikana tarvitsit aamulla alkoholia päästäksesi liikkeelle runsaan juomisen jälkeen?",
                "Hur ofta under det senaste året behövde du alkohol på morgonen för att komma i gång efter att ha druckit mycket?",
                "Hvor ofte i løpet av det siste året trengte du alkohol om morgenen for å komme i gang etter mye drikking?",
            ),
        ),
        (
            "audit-7",
            text(
                "During the last year, how often did you feel guilty or sorry after drinking?",
                "Kuinka usein viimeisen vuoden aikana tunsit syyllisyyttä tai katumusta juomisen jälkeen?",
                "Hur ofta under det senaste året kände du skuld eller ånger efter att ha druckit?",
                "Hvor ofte i løpet av det siste året følte du skyld eller anger etter å ha drukket?",
            ),
        ),
        (
            "audit-8",
            text(
                "During the last year, how often could you not remember what happened the night before because of drinking?",
                "Kuinka usein viimeisen vuoden aikana et muistanut juomisen takia edellisen illan tapahtumia?",
                "Hur ofta under det senaste året mindes du inte vad som hänt kvällen före på grund av drickandet?",
                "Hvor ofte i løpet av det siste året husket du ikke hva som skjedde kvelden før, på grunn av drikkingen?",
            ),
        ),
    ]
    return questionnaire(
        title_en="My drinking, full test (AUDIT)",
        title_fi="Alkoholinkäyttöni, koko testi (AUDIT)",
        title_sv="Mitt drickande, hela testet (AUDIT)",
        title_nb="Drikkingen min, hele testen (AUDIT)",
        description=_standard_description(
            text(
                "Ten questions about your drinking and what it leads to.",
                "Kymmenen kysymystä alkoholinkäytöstäsi ja sen seurauksista.",
                "Tio frågor om ditt drickande och vad det leder till.",
                "Ti spørsmål om drikkingen din og hva den fører til.",
            ),
            "AUDIT",
        ),
        code="75624-7",
        items=[
            page(
                "audit-amount",
                "How much you drink",
                "Kuinka paljon juot",
                _audit_consumption(),
                sv="Hur mycket du dricker",
                nb="Hvor mye du drikker",
            ),
            page(
                "audit-effects",
                "What drinking does",
                "Mitä juominen aiheuttaa",
                [
                    *[
                        _item(
                            link_id,
                            "choice",
                            texts,
                            required=True,
                            answerOption=_options(FREQUENCY),
                            enableWhen=skip,
                            enableBehavior="any",
                        )
                        for link_id, texts in harms
                    ],
                    _item(
                        "audit-9",
                        "choice",
                        text(
                            "Have you or someone else been hurt because of your drinking?",
                            "Onko juomisesi vuoksi satutettu sinua tai jotakuta muuta?",
                            "Har du eller någon annan skadats på grund av ditt drickande?",
                            "Har du eller noen andre blitt skadet på grunn av drikkingen din?",
                        ),
                        required=True,
                        answerOption=_options(YES_LAST_YEAR),
                    ),
                    _item(
                        "audit-10",
                        "choice",
                        text(
                            "Has someone close to you, or a doctor or nurse, been worried about your drinking or suggested you cut down?",
                            "Onko läheisesi, lääkäri tai hoitaja ollut huolissaan juomisestasi tai ehdottanut sen vähentämistä?",
                            "Har någon närstående, eller en läkare eller sjuksköterska, varit orolig för ditt drickande eller föreslagit att du drar ner?",
                            "Har noen som står deg nær, eller en lege eller sykepleier, vært bekymret for drikkingen din eller foreslått at du drikker mindre?",
                        ),
                        required=True,
                        answerOption=_options(YES_LAST_YEAR),
                    ),
                ],
                sv="Vad drickandet leder till",
                nb="Hva drikkingen fører til",
            ),
        ],
        scoring={
            "scores": [
                {
                    "name": "total",
                    "label": TOTAL,
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
                        text(
                            "Low risk (zone I)",
                            "Pieni riski (vyöhyke I)",
                            "Låg risk (zon I)",
                            "Lav risiko (sone I)",
                        ),
                        LOW_RISK_ADVICE,
                    ),
                    band(
                        8,
                        15,
                        "zone-2",
                        "medium",
                        text(
                            "Hazardous drinking (zone II)",
                            "Riskikäyttö (vyöhyke II)",
                            "Riskbruk (zon II)",
                            "Risikofylt drikking (sone II)",
                        ),
                        text(
                            "Cutting down would lower the risk to your health.",
                            "Juomisen vähentäminen pienentäisi terveysriskiäsi.",
                            "Att dricka mindre skulle minska risken för din hälsa.",
                            "Å drikke mindre ville senke risikoen for helsen din.",
                        ),
                    ),
                    band(
                        16,
                        19,
                        "zone-3",
                        "high",
                        text(
                            "Harmful drinking (zone III)",
                            "Haitallinen käyttö (vyöhyke III)",
                            "Skadligt bruk (zon III)",
                            "Skadelig drikking (sone III)",
                        ),
                        text(
                            "Talk to a health professional about cutting down.",
                            "Keskustele ammattilaisen kanssa juomisen vähentämisestä.",
                            "Prata med vårdpersonal om att dricka mindre.",
                            "Snakk med helsepersonell om å drikke mindre.",
                        ),
                    ),
                    band(
                        20,
                        40,
                        "zone-4",
                        "high",
                        text(
                            "Possible dependence (zone IV)",
                            "Mahdollinen riippuvuus (vyöhyke IV)",
                            "Möjligt beroende (zon IV)",
                            "Mulig avhengighet (sone IV)",
                        ),
                        text(
                            "Talk to a health professional soon about your drinking.",
                            "Keskustele pian ammattilaisen kanssa juomisestasi.",
                            "Prata snart med vårdpersonal om ditt drickande.",
                            "Snakk snart med helsepersonell om drikkingen din.",
                        ),
                    ),
                ],
            },
        },
    )


# "Know the signs of stroke": the FAST message (Face, Arms, Speech, Time) used in public
# stroke campaigns, e.g. the Finnish Brain Association (Aivoliitto) and the NHS "Act FAST";
# Swedish campaigns use the same letters' idea as AKUT (Ansikte, Kroppsdel, Uttal, Tid),
# Norwegian ones "Prate – Smile – Løfte". Our own quiz wording.
def stroke_quiz() -> dict:
    def choice(link_id: str, question: dict[str, str], options: list[tuple]) -> dict:
        """Options are (code, en, fi, sv, nb, right)."""
        return _item(
            link_id,
            "choice",
            question,
            required=True,
            answerOption=_options(
                [
                    (code, en, fi, sv, nb, 1 if right else 0)
                    for code, en, fi, sv, nb, right in options
                ]
            ),
        )

    questions = [
        choice(
            "stroke-1",
            text(
                "Which of these is a typical sign of a stroke?",
                "Mikä näistä on tyypillinen aivohalvauksen oire?",
                "Vilket av följande är ett typiskt tecken på stroke?",
                "Hvilket av disse er et typisk tegn på hjerneslag?",
            ),
            [
                (
                    "a",
                    "Sudden weakness or numbness on one side of the face or body",
                    "Äkillinen toispuolinen kasvojen tai kehon heikkous tai tunnottomuus",
                    "Plötslig svaghet eller domning i ena sidan av ansiktet eller kroppen",
                    "Plutselig svakhet eller nummenhet i den ene siden av ansiktet eller kroppen",
                    True,
                ),
                (
                    "b",
                    "An itchy rash that develops over several days",
                    "Useiden päivien aikana kehittyvä kutiava ihottuma",
                    "Ett kliande utslag som kommer gradvis under flera dagar",
                    "Et kløende utslett som utvikler seg over flere dager",
                    False,
                ),
                (
                    "c",
                    "Ear pain after a cold",
                    "Korvakipu flunssan jälkeen",
                    "Ont i örat efter en förkylning",
                    "Vondt i øret etter en forkjølelse",
                    False,
                ),
            ],
        ),
        choice(
            "stroke-2",
            text(
                "Someone suddenly cannot speak clearly. What do you do?",
                "Joku ei yhtäkkiä pysty puhumaan selvästi. Mitä teet?",
                "Någon kan plötsligt inte tala tydligt. Vad gör du?",
                "Noen klarer plutselig ikke å snakke tydelig. Hva gjør du?",
            ),
            [
                (
                    "a",
                    "Wait an hour to see if it passes",
                    "Odotan tunnin, meneekö ohi",
                    "Väntar en timme och ser om det går över",
                    "Venter en time for å se om det går over",
                    False,
                ),
                (
                    "b",
                    "Call the emergency number at once",
                    "Soitan heti hätänumeroon",
                    "Ringer nödnumret genast",
                    "Ringer nødnummeret med en gang",
                    True,
                ),
                (
                    "c",
                    "Suggest they lie down and sleep",
                    "Ehdotan, että hän menee nukkumaan",
                    "Föreslår att personen lägger sig och sover",
                    "Foreslår at personen legger seg og sover",
                    False,
                ),
            ],
        ),
        choice(
            "stroke-3",
            text(
                "The symptoms went away after ten minutes. Is it still an emergency?",
                "Oireet menivät ohi kymmenessä minuutissa. Onko tilanne silti kiireellinen?",
                "Symtomen gick över efter tio minuter. Är det ändå bråttom?",
                "Symptomene gikk over etter ti minutter. Haster det likevel?",
            ),
            [
                (
                    "a",
                    "Yes, get help at once",
                    "Kyllä, apua haetaan heti",
                    "Ja, hjälp ska larmas genast",
                    "Ja, skaff hjelp med en gang",
                    True,
                ),
                (
                    "b",
                    "No, it is over",
                    "Ei, se meni jo ohi",
                    "Nej, det har gått över",
                    "Nei, det har gått over",
                    False,
                ),
            ],
        ),
        choice(
            "stroke-4",
            text(
                "What does the T in FAST stand for?",
                "Mitä FAST-sanan T tarkoittaa?",
                "Vad står T:et i AKUT för?",
                "Hva står T-en i huskeregelen FAST for?",
            ),
            [
                ("a", "Temperature", "Lämpöä", "Temperatur", "Temperatur", False),
                (
                    "b",
                    "Time: call for help right away",
                    "Aikaa: apu hälytetään heti",
                    "Tid: larma hjälp direkt",
                    "Tid (engelsk «time»): ring etter hjelp med en gang",
                    True,
                ),
                ("c", "Tiredness", "Väsymystä", "Trötthet", "Tretthet", False),
            ],
        ),
    ]
    return questionnaire(
        title_en="Know the signs of stroke (quiz)",
        title_fi="Tunnista aivohalvauksen oireet (tietovisa)",
        title_sv="Känn igen tecknen på stroke (frågesport)",
        title_nb="Kjenn igjen tegnene på hjerneslag (quiz)",
        description=text(
            "Four questions on recognising a stroke. Demo content, not medical advice.",
            "Neljä kysymystä aivohalvauksen tunnistamisesta. Esittelysisältöä, ei hoito-ohje.",
            "Fyra frågor om att känna igen en stroke. Demoinnehåll, inga medicinska råd.",
            "Fire spørsmål om å kjenne igjen hjerneslag. Demoinnhold, ikke medisinske råd.",
        ),
        items=questions,
        scoring={
            "quiz": True,
            "scores": [
                {
                    "name": "total",
                    "label": text(
                        "Correct answers", "Oikeat vastaukset", "Rätta svar", "Riktige svar"
                    ),
                    "items": [q["linkId"] for q in questions],
                }
            ],
            "feedback": {
                "stroke-1": text(
                    "Sudden one-sided weakness, a drooping face or numbness are typical signs.",
                    "Äkillinen toispuolinen heikkous, roikkuva suupieli tai tunnottomuus ovat tyypillisiä oireita.",
                    "Plötslig svaghet i ena sidan, ett hängande ansikte eller domningar är typiska tecken.",
                    "Plutselig svakhet i den ene siden, et hengende ansikt eller nummenhet er typiske tegn.",
                ),
                "stroke-2": text(
                    "Every minute counts: treatment works best when it starts early.",
                    "Jokainen minuutti on tärkeä: hoito tehoaa parhaiten, kun se aloitetaan varhain.",
                    "Varje minut räknas: behandlingen fungerar bäst när den sätts in tidigt.",
                    "Hvert minutt teller: behandlingen virker best når den starter tidlig.",
                ),
                "stroke-3": text(
                    "Symptoms that pass can warn of a stroke to come; they need care at once too.",
                    "Ohimenevät oireet voivat ennakoida aivohalvausta, ja nekin vaativat hoitoa heti.",
                    "Symtom som går över kan varsla om en kommande stroke; också de behöver vård genast.",
                    "Symptomer som går over, kan varsle om et hjerneslag som kommer; også de trenger hjelp med en gang.",
                ),
                "stroke-4": text(
                    "Face, Arms, Speech, Time: time means calling for help straight away.",
                    "Kasvot, kädet, puhe ja aika: aika tarkoittaa, että apu hälytetään heti.",
                    "Ansikte, Kroppsdel, Uttal, Tid: tid betyder att du larmar hjälp direkt.",
                    "Ansikt, armer, tale, tid (Face, Arms, Speech, Time): tid betyr at du ringer etter "
                    "hjelp med en gang. På norsk brukes også huskeregelen Prate – Smile – Løfte.",
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
