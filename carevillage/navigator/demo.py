"""DEMO symptom navigators: sore throat, low back pain, fever in a child, urinary symptoms.

Everything here is invented demo content for trying the software. It is plausible but it
is NOT medical advice and has not been clinically reviewed. Each graph names the public
guidance its structure is modelled on; the wording is our own.
"""

from __future__ import annotations

from typing import Any

from carevillage import access
from carevillage.identity.models import User

from . import services
from .models import Navigator, VersionStatus

# Every demo navigator is written in all four languages the village offers.
LANGUAGES = ["en", "fi", "sv", "nb"]
DEMO = {
    "en": "DEMO – not medical advice. ",
    "fi": "DEMO – ei hoito-ohje. ",
    "sv": "DEMO – inga medicinska råd. ",
    "nb": "DEMO – ikke medisinske råd. ",
}
# Until the houses app publishes self-care articles, self-care links go to the navigator list.
SELF_CARE_LINK = "/navigators/"


def text(en: str, fi: str, sv: str, nb: str) -> dict[str, str]:
    return {"en": en, "fi": fi, "sv": sv, "nb": nb}


def question(
    texts: dict[str, str], answers: list[dict], *, red_flag: bool = False, kind: str = "symptom"
) -> dict[str, Any]:
    return {
        "type": "question",
        "kind": kind,
        "red_flag": red_flag,
        "text": texts,
        "answers": answers,
    }


def answer(value: str, label: dict[str, str], next_node: str) -> dict[str, Any]:
    return {"value": value, "label": label, "next": next_node}


def yes_no(yes: str, no: str) -> list[dict[str, Any]]:
    return [
        answer("yes", text("Yes", "Kyllä", "Ja", "Ja"), yes),
        answer("no", text("No", "Ei", "Nej", "Nei"), no),
    ]


def disposition(level: str, texts: dict[str, str], service: str) -> dict[str, Any]:
    node = {
        "type": "disposition",
        "level": level,
        "text": {lang: DEMO[lang] + value for lang, value in texts.items()},
        "service": service,
    }
    if level == "self_care":
        node["self_care_link"] = SELF_CARE_LINK
    return node


def graph(title: dict[str, str], intro: dict[str, str], start: str, nodes: dict) -> dict:
    return {
        "languages": LANGUAGES,
        "title": title,
        "intro": {lang: DEMO[lang] + value for lang, value in intro.items()},
        "start": start,
        "nodes": nodes,
    }


EMERGENCY = disposition(
    "emergency",
    text(
        "These signs can mean a serious condition. Call the emergency number now.",
        "Nämä oireet voivat viitata vakavaan tilaan. Soita hätänumeroon nyt.",
        "De här tecknen kan betyda ett allvarligt tillstånd. Ring nödnumret nu.",
        "Disse tegnene kan bety en alvorlig tilstand. Ring nødnummeret nå.",
    ),
    "emergency",
)


def sore_throat() -> dict:
    """Sore throat in people aged 3 and over.

    Structure after the Centor criteria with McIsaac's age adjustment (McIsaac et al., CMAJ
    1998; 158:75–83) as used by Käypä hoito "Nielutulehdus" (Duodecim): one point each for
    fever over 38 °C, tender swollen neck glands, coating on the tonsils and no cough;
    +1 for age 3–14, −1 for age 45 or over; a total of 3 or more suggests a strep test.
    Red flags (trouble breathing, drooling, cannot swallow saliva) after NICE NG84.
    """
    nodes: dict[str, Any] = {
        "age": question(
            text(
                "How old is the person with the sore throat?",
                "Minkä ikäinen kurkkukipuinen on?",
                "Hur gammal är personen som har ont i halsen?",
                "Hvor gammel er personen som har vondt i halsen?",
            ),
            [
                answer(
                    "3_14", text("3–14 years", "3–14-vuotias", "3–14 år", "3–14 år"), "danger_p1"
                ),
                answer(
                    "15_44",
                    text("15–44 years", "15–44-vuotias", "15–44 år", "15–44 år"),
                    "danger_p0",
                ),
                answer(
                    "45_plus",
                    text(
                        "45 years or over",
                        "45-vuotias tai vanhempi",
                        "45 år eller äldre",
                        "45 år eller eldre",
                    ),
                    "danger_m1",
                ),
            ],
            kind="age_band",
        ),
        "emergency": EMERGENCY,
        "strep_test": disposition(
            "soon",
            text(
                "Several signs point to a bacterial throat infection. Book an appointment for a "
                "strep test within a few days.",
                "Useampi merkki viittaa bakteerin aiheuttamaan nielutulehdukseen. Varaa aika "
                "streptokokkitestiin muutaman päivän sisällä.",
                "Flera tecken tyder på en halsinfektion orsakad av bakterier. Boka en tid för "
                "ett strepptest inom några dagar.",
                "Flere tegn tyder på en halsbetennelse som skyldes bakterier. Bestill time for "
                "en streptokokktest innen noen dager.",
            ),
            "health_centre",
        ),
        "self_care": disposition(
            "self_care",
            text(
                "A sore throat like this is usually caused by a virus and gets better in about "
                "a week. Rest, drink enough and use pain relief if needed. Contact your health "
                "centre if you get worse or are not better in a week.",
                "Tällainen kurkkukipu johtuu yleensä viruksesta ja paranee noin viikossa. "
                "Lepää, juo riittävästi ja käytä tarvittaessa kipulääkettä. Ota yhteyttä "
                "terveysasemaan, jos olo pahenee tai ei parane viikossa.",
                "Ont i halsen av det här slaget beror oftast på ett virus och går över på ungefär "
                "en vecka. Vila, drick tillräckligt och ta smärtstillande vid behov. Kontakta "
                "vårdcentralen om du blir sämre eller inte är bättre efter en vecka.",
                "Sår hals av denne typen skyldes som regel et virus og blir bedre i løpet av "
                "omtrent en uke. Hvil, drikk nok og bruk smertestillende ved behov. Kontakt "
                "fastlegen hvis du blir verre eller ikke er bedre etter en uke.",
            ),
            "pharmacy",
        ),
    }
    criteria = [
        (
            "fever",
            text(
                "Do you have a fever over 38 °C?",
                "Onko sinulla yli 38 asteen kuumetta?",
                "Har du feber över 38 °C?",
                "Har du feber over 38 °C?",
            ),
        ),
        (
            "glands",
            text(
                "Are the glands at the front of your neck swollen and tender?",
                "Ovatko kaulan etuosan imusolmukkeet turvonneet ja arat?",
                "Är lymfkörtlarna på framsidan av halsen svullna och ömma?",
                "Er lymfeknutene foran på halsen hovne og ømme?",
            ),
        ),
        (
            "tonsils",
            text(
                "Is there white or yellow coating on your tonsils?",
                "Onko nielurisoissa valkoista tai keltaista peitettä?",
                "Finns det vita eller gula beläggningar på dina halsmandlar?",
                "Er det hvitt eller gult belegg på mandlene dine?",
            ),
        ),
    ]

    def key(name: str, score: int) -> str:
        return f"{name}_{'m' if score < 0 else 'p'}{abs(score)}"

    def outcome(score: int) -> str:
        return "strep_test" if score >= 3 else "self_care"

    for offset in (-1, 0, 1):
        nodes[key("danger", offset)] = question(
            text(
                "Do you have trouble breathing, are you drooling, or can you not swallow your "
                "own saliva?",
                "Onko sinulla hengitysvaikeuksia, valuuko sylki suusta tai etkö pysty "
                "nielemään omaa syljeäsi?",
                "Har du svårt att andas, dreglar du eller kan du inte svälja din egen saliv?",
                "Har du vanskelig for å puste, sikler du, eller klarer du ikke å svelge ditt "
                "eget spytt?",
            ),
            yes_no("emergency", key("fever", offset)),
            red_flag=True,
        )
    # Questions about the criteria; the node name carries the score so far.
    for index, (name, texts) in enumerate(criteria):
        next_name = criteria[index + 1][0] if index + 1 < len(criteria) else "cough"
        for score in range(-1, index + 2):
            nodes[key(name, score)] = question(
                texts, yes_no(key(next_name, score + 1), key(next_name, score))
            )
    for score in range(-1, 5):
        nodes[key("cough", score)] = question(
            text("Do you have a cough?", "Onko sinulla yskää?", "Har du hosta?", "Har du hoste?"),
            # No cough scores a point.
            yes_no(outcome(score), outcome(score + 1)),
        )
    # Prune score states no path can reach (e.g. glands at −1 from age 15–44 …).
    reachable = _reachable(nodes, "age")
    nodes = {name: node for name, node in nodes.items() if name in reachable}
    return graph(
        text("Sore throat", "Kurkkukipu", "Ont i halsen", "Sår hals"),
        text(
            "For a sore throat in anyone aged 3 or over. About six questions.",
            "Kurkkukipuun yli 3-vuotiaille. Noin kuusi kysymystä.",
            "För ont i halsen hos alla från 3 års ålder. Ungefär sex frågor.",
            "For sår hals hos alle som er 3 år eller eldre. Omtrent seks spørsmål.",
        ),
        "age",
        nodes,
    )


def low_back_pain() -> dict:
    """Low back pain in adults.

    Red flags after NICE NG59 and Käypä hoito "Alaselkäkipu" (Duodecim): saddle numbness,
    new bladder or bowel problems or weakness in both legs (cauda equina), a major injury;
    cancer history or weight loss, sciatica with leg weakness, pain beyond six weeks.
    """
    nodes = {
        "cauda_equina": question(
            text(
                "Do you have new numbness between your legs or around your bottom, new trouble "
                "passing urine or controlling your bowels, or weakness in both legs?",
                "Onko sinulla uutta tunnottomuutta haarovälissä tai pakaroiden ympärillä, uusia "
                "vaikeuksia virtsata tai pidätellä ulostetta tai heikkoutta molemmissa "
                "jaloissa?",
                "Har du nya domningar mellan benen eller runt stjärten, nya svårigheter att "
                "kissa eller hålla avföringen, eller svaghet i båda benen?",
                "Har du ny nummenhet mellom beina eller rundt setet, nye vansker med å tisse "
                "eller holde på avføringen, eller svakhet i begge beina?",
            ),
            yes_no("emergency", "injury"),
            red_flag=True,
        ),
        "injury": question(
            text(
                "Did the pain start after a serious accident, such as a fall from a height or "
                "a traffic accident?",
                "Alkoiko kipu vakavan tapaturman, kuten korkealta putoamisen tai "
                "liikenneonnettomuuden, jälkeen?",
                "Började smärtan efter en allvarlig olycka, till exempel ett fall från hög höjd "
                "eller en trafikolycka?",
                "Begynte smertene etter en alvorlig ulykke, for eksempel et fall fra høyde "
                "eller en trafikkulykke?",
            ),
            yes_no("emergency", "serious_cause"),
            red_flag=True,
        ),
        "serious_cause": question(
            text(
                "Have you had cancer, lost weight without trying, or do you have a fever with "
                "the back pain?",
                "Onko sinulla ollut syöpä, onko painosi laskenut tahattomasti tai onko "
                "sinulla kuumetta selkäkivun lisäksi?",
                "Har du haft cancer, gått ner i vikt utan att försöka, eller har du feber "
                "samtidigt med ryggsmärtan?",
                "Har du hatt kreft, gått ned i vekt uten å prøve, eller har du feber i tillegg "
                "til ryggsmertene?",
            ),
            yes_no("urgent", "sciatica"),
        ),
        "sciatica": question(
            text(
                "Does the pain spread below the knee, with numbness or weakness in that leg?",
                "Säteileekö kipu polven alapuolelle ja onko jalassa tunnottomuutta tai heikkoutta?",
                "Strålar smärtan ut nedanför knät, med domningar eller svaghet i det benet?",
                "Stråler smertene ned forbi kneet, med nummenhet eller svakhet i det beinet?",
            ),
            yes_no("soon", "duration"),
        ),
        "duration": question(
            text(
                "Has the pain lasted more than six weeks?",
                "Onko kipu kestänyt yli kuusi viikkoa?",
                "Har smärtan varat mer än sex veckor?",
                "Har smertene vart i mer enn seks uker?",
            ),
            yes_no("soon", "self_care"),
        ),
        "emergency": EMERGENCY,
        "urgent": disposition(
            "urgent",
            text(
                "Back pain with these signs should be assessed today. Contact your health "
                "centre or, after hours, the on-call service.",
                "Selkäkipu näiden oireiden kanssa on syytä arvioida tänään. Ota yhteyttä "
                "terveysasemaan tai virka-ajan ulkopuolella päivystykseen.",
                "Ryggsmärta med de här tecknen bör bedömas i dag. Kontakta vårdcentralen eller, "
                "utanför öppettiderna, jouren.",
                "Ryggsmerter med disse tegnene bør vurderes i dag. Kontakt fastlegen eller, "
                "utenom åpningstiden, legevakten.",
            ),
            "on_call",
        ),
        "soon": disposition(
            "soon",
            text(
                "Book an appointment at your health centre within a few days.",
                "Varaa aika terveysasemalle muutaman päivän sisällä.",
                "Boka en tid på vårdcentralen inom några dagar.",
                "Bestill time hos fastlegen innen noen dager.",
            ),
            "health_centre",
        ),
        "self_care": disposition(
            "self_care",
            text(
                "Most low back pain eases within a few weeks. Keep moving as normally as you "
                "can and use pain relief if needed.",
                "Useimmiten alaselkäkipu helpottaa muutamassa viikossa. Liiku mahdollisimman "
                "normaalisti ja käytä tarvittaessa kipulääkettä.",
                "Det mesta ryggontet i ländryggen lättar inom några veckor. Fortsätt röra dig så "
                "normalt du kan och ta smärtstillande vid behov.",
                "De fleste korsryggsmerter gir seg i løpet av noen uker. Fortsett å bevege deg "
                "så normalt du kan, og bruk smertestillende ved behov.",
            ),
            "pharmacy",
        ),
    }
    return graph(
        text("Low back pain", "Alaselkäkipu", "Ländryggssmärta", "Korsryggsmerter"),
        text(
            "For adults with pain in the lower back. Five questions at most.",
            "Aikuisille, joilla on kipua alaselässä. Enintään viisi kysymystä.",
            "För vuxna med smärta i ländryggen. Högst fem frågor.",
            "For voksne med smerter i korsryggen. Høyst fem spørsmål.",
        ),
        "cauda_equina",
        nodes,
    )


def child_fever() -> dict:
    """Fever in a child under 5.

    After NICE NG143 "Fever in under 5s" traffic-light system: red features (pale, mottled
    or blue skin; no response or cannot stay awake; grunting or very fast breathing; a rash
    that does not fade under pressure) need emergency care; age under 3 months with 38 °C
    or more and age 3–6 months with 39 °C or more are high or intermediate risk; amber
    features (less active, poor feeding or fewer wet nappies, fever 5 days or more) need
    assessment the same day.
    """
    nodes: dict[str, Any] = {
        "age": question(
            text(
                "How old is the child?",
                "Minkä ikäinen lapsi on?",
                "Hur gammalt är barnet?",
                "Hvor gammelt er barnet?",
            ),
            [
                answer(
                    "under_3m",
                    text(
                        "Under 3 months", "Alle 3 kuukautta", "Under 3 månader", "Under 3 måneder"
                    ),
                    "red_u3m",
                ),
                answer(
                    "3_6m",
                    text("3–6 months", "3–6 kuukautta", "3–6 månader", "3–6 måneder"),
                    "red_3_6m",
                ),
                answer(
                    "6m_5y",
                    text(
                        "6 months to 5 years",
                        "6 kuukautta – 5 vuotta",
                        "6 månader – 5 år",
                        "6 måneder – 5 år",
                    ),
                    "red_over6m",
                ),
            ],
            kind="age_band",
        ),
        "emergency": EMERGENCY,
        "urgent": disposition(
            "urgent",
            text(
                "The child should be seen today. Contact your health centre or, after hours, "
                "the paediatric on-call service.",
                "Lapsen on hyvä päästä lääkärin arvioon tänään. Ota yhteyttä terveysasemaan "
                "tai virka-ajan ulkopuolella lasten päivystykseen.",
                "Barnet bör undersökas i dag. Kontakta vårdcentralen eller, utanför "
                "öppettiderna, barnjouren.",
                "Barnet bør undersøkes av lege i dag. Kontakt fastlegen eller, utenom "
                "åpningstiden, legevakten.",
            ),
            "child_health",
        ),
        "self_care": disposition(
            "self_care",
            text(
                "Give the child plenty to drink and let them rest. Check on them during the "
                "night. Contact your health centre if new signs appear or the fever lasts.",
                "Anna lapselle runsaasti juotavaa ja anna levätä. Tarkista vointi myös yöllä. "
                "Ota yhteyttä terveysasemaan, jos uusia oireita ilmaantuu tai kuume pitkittyy.",
                "Ge barnet mycket att dricka och låt det vila. Titta till barnet under natten. "
                "Kontakta vårdcentralen om nya tecken dyker upp eller om febern håller i sig.",
                "Gi barnet rikelig å drikke og la det hvile. Se til barnet i løpet av natten. "
                "Kontakt fastlegen hvis det kommer nye tegn eller feberen varer ved.",
            ),
            "pharmacy",
        ),
    }
    threshold = {"u3m": "38", "3_6m": "39"}
    for band in ("u3m", "3_6m", "over6m"):
        nodes[f"red_{band}"] = question(
            text(
                "Is the child pale, mottled or blue, very hard to wake, breathing very fast or "
                "grunting, or do they have a rash that does not fade when you press a glass on "
                "it?",
                "Onko lapsi kalpea, marmoroitunut tai sinertävä, hyvin vaikea herättää, "
                "hengittääkö hän hyvin tiheään tai ähisten, tai onko hänellä ihottuma, joka ei "
                "haalistu lasia painettaessa?",
                "Är barnet blekt, marmorerat eller blåaktigt, mycket svårt att väcka, andas det "
                "mycket snabbt eller stönande, eller har det utslag som inte bleknar när du "
                "trycker ett glas mot huden?",
                "Er barnet blekt, marmorert eller blålig, svært vanskelig å vekke, puster det "
                "veldig fort eller stønnende, eller har det utslett som ikke blekner når du "
                "trykker et glass mot huden?",
            ),
            yes_no("emergency", f"amber_{band}"),
            red_flag=True,
        )
        after_amber = f"temp_{band}" if band in threshold else "self_care"
        nodes[f"amber_{band}"] = question(
            text(
                "Is the child less active than usual, drinking much less, wetting fewer "
                "nappies, or has the fever lasted 5 days or more?",
                "Onko lapsi tavallista vetämättömämpi, juoko hän selvästi vähemmän, onko "
                "vaippoja märkänä vähemmän tai onko kuume kestänyt 5 päivää tai kauemmin?",
                "Är barnet mindre aktivt än vanligt, dricker det mycket mindre, blir det färre "
                "blöta blöjor, eller har febern varat i 5 dagar eller mer?",
                "Er barnet mindre aktivt enn vanlig, drikker det mye mindre, blir det færre "
                "våte bleier, eller har feberen vart i 5 dager eller mer?",
            ),
            yes_no("urgent", after_amber),
        )
        if band in threshold:
            degrees = threshold[band]
            nodes[f"temp_{band}"] = question(
                text(
                    f"Is the child's temperature {degrees} °C or higher?",
                    f"Onko lapsen lämpö {degrees} astetta tai enemmän?",
                    f"Är barnets temperatur {degrees} °C eller högre?",
                    f"Er barnets temperatur {degrees} °C eller høyere?",
                ),
                yes_no("urgent", "self_care"),
            )
    return graph(
        text(
            "Fever in a child under 5",
            "Alle 5-vuotiaan kuume",
            "Feber hos barn under 5 år",
            "Feber hos barn under 5 år",
        ),
        text(
            "For a parent whose child under five years old has a fever.",
            "Vanhemmalle, jonka alle viisivuotiaalla lapsella on kuumetta.",
            "För en förälder vars barn under fem år har feber.",
            "For foreldre som har et barn under fem år med feber.",
        ),
        "age",
        nodes,
    )


def urinary_symptoms_women() -> dict:
    """Urinary symptoms in women.

    After NICE NG109 "Urinary tract infection (lower): antimicrobial prescribing" and Käypä
    hoito "Virtsatieinfektiot" (Duodecim): men, children and pregnant women need an
    examination; fever or flank pain suggests a kidney infection (same day); signs of
    sepsis (confusion, cold clammy skin with fever) are an emergency; burning and frequent
    urination without those signs is typical of uncomplicated cystitis.
    """
    nodes = {
        "sex": question(
            text(
                "What is your sex?",
                "Mikä on sukupuolesi?",
                "Vilket kön har du?",
                "Hvilket kjønn har du?",
            ),
            [
                answer("female", text("Female", "Nainen", "Kvinna", "Kvinne"), "age"),
                answer("male", text("Male", "Mies", "Man", "Mann"), "examined"),
            ],
            kind="sex",
        ),
        "age": question(
            text(
                "How old are you?",
                "Minkä ikäinen olet?",
                "Hur gammal är du?",
                "Hvor gammel er du?",
            ),
            [
                answer(
                    "under_15",
                    text("Under 15", "Alle 15-vuotias", "Under 15 år", "Under 15 år"),
                    "examined",
                ),
                answer(
                    "15_plus",
                    text(
                        "15 or over",
                        "15-vuotias tai vanhempi",
                        "15 år eller äldre",
                        "15 år eller eldre",
                    ),
                    "sepsis",
                ),
            ],
            kind="age_band",
        ),
        "sepsis": question(
            text(
                "Are you confused, fainting, or cold and clammy with a high fever?",
                "Oletko sekava, pyörrytkö tai onko iho kylmä ja nihkeä korkean kuumeen kanssa?",
                "Är du förvirrad, håller du på att svimma, eller är du kall och fuktig om "
                "huden samtidigt som du har hög feber?",
                "Er du forvirret, holder du på å besvime, eller er du kald og klam samtidig som "
                "du har høy feber?",
            ),
            yes_no("emergency", "kidney"),
            red_flag=True,
        ),
        "kidney": question(
            text(
                "Do you have a fever over 38 °C or pain in your side, below the ribs?",
                "Onko sinulla yli 38 asteen kuumetta tai kipua kyljessä kylkikaaren alla?",
                "Har du feber över 38 °C eller ont i sidan, nedanför revbenen?",
                "Har du feber over 38 °C eller vondt i siden, nedenfor ribbeina?",
            ),
            yes_no("urgent", "pregnant"),
        ),
        "pregnant": question(
            text(
                "Could you be pregnant?",
                "Voisitko olla raskaana?",
                "Kan du vara gravid?",
                "Kan du være gravid?",
            ),
            yes_no("examined", "recurrent"),
        ),
        "recurrent": question(
            text(
                "Have you been treated for a urinary infection in the last month, or do you "
                "have unusual vaginal discharge?",
                "Onko sinua hoidettu virtsatieinfektion vuoksi viimeisen kuukauden aikana tai "
                "onko sinulla epätavallista valkovuotoa?",
                "Har du behandlats för urinvägsinfektion under den senaste månaden, eller har "
                "du ovanliga flytningar?",
                "Har du fått behandling for urinveisinfeksjon den siste måneden, eller har du "
                "uvanlig utflod?",
            ),
            yes_no("examined", "typical"),
        ),
        "typical": question(
            text(
                "Does it burn or sting when you pass urine, and do you need to go more often?",
                "Kirveleekö virtsatessa ja pitääkö sinun käydä virtsalla tavallista useammin?",
                "Svider eller bränner det när du kissar, och behöver du kissa oftare än vanligt?",
                "Svir eller brenner det når du tisser, og må du tisse oftere enn vanlig?",
            ),
            yes_no("cystitis", "self_care"),
        ),
        "emergency": EMERGENCY,
        "urgent": disposition(
            "urgent",
            text(
                "A fever or pain in the side can mean a kidney infection. Contact your health "
                "centre or the on-call service today.",
                "Kuume tai kylkikipu voi viitata munuaisaltaan tulehdukseen. Ota yhteyttä "
                "terveysasemaan tai päivystykseen tänään.",
                "Feber eller ont i sidan kan betyda en njurbäckeninflammation. Kontakta "
                "vårdcentralen eller jouren i dag.",
                "Feber eller smerter i siden kan bety en nyrebekkenbetennelse. Kontakt "
                "fastlegen eller legevakten i dag.",
            ),
            "on_call",
        ),
        "examined": disposition(
            "soon",
            text(
                "Your symptoms need an examination and a urine test. Book an appointment at "
                "your health centre within a few days.",
                "Oireesi vaativat tutkimuksen ja virtsanäytteen. Varaa aika terveysasemalle "
                "muutaman päivän sisällä.",
                "Dina symtom behöver undersökas och ett urinprov behöver tas. Boka en tid på "
                "vårdcentralen inom några dagar.",
                "Symptomene dine bør undersøkes, og det trengs en urinprøve. Bestill time hos "
                "fastlegen innen noen dager.",
            ),
            "health_centre",
        ),
        "cystitis": disposition(
            "soon",
            text(
                "These are typical signs of a bladder infection. Contact your health centre in "
                "the next few days; many health centres treat this by phone or chat.",
                "Nämä ovat tyypillisiä virtsarakon tulehduksen oireita. Ota yhteyttä "
                "terveysasemaan lähipäivinä; monella terveysasemalla asia hoituu puhelimitse "
                "tai chatissa.",
                "Det här är typiska tecken på urinvägsinfektion i blåsan. Kontakta vårdcentralen "
                "de närmaste dagarna; många vårdcentraler sköter det per telefon eller chatt.",
                "Dette er typiske tegn på blærebetennelse. Kontakt fastlegen i løpet av de "
                "nærmeste dagene; mange legekontor kan hjelpe over telefon eller chat.",
            ),
            "health_centre",
        ),
        "self_care": disposition(
            "self_care",
            text(
                "Drink enough and follow how you feel. Contact your health centre if you get a "
                "fever, pain in your side, or the symptoms last more than a few days.",
                "Juo riittävästi ja seuraa vointiasi. Ota yhteyttä terveysasemaan, jos sinulle "
                "nousee kuume, kylkeen tulee kipua tai oireet jatkuvat yli muutaman päivän.",
                "Drick tillräckligt och följ hur du mår. Kontakta vårdcentralen om du får feber, "
                "ont i sidan eller om symtomen håller i sig mer än några dagar.",
                "Drikk nok og følg med på hvordan du har det. Kontakt fastlegen hvis du får "
                "feber, vondt i siden eller symptomene varer i mer enn noen dager.",
            ),
            "pharmacy",
        ),
    }
    return graph(
        text(
            "Urinary symptoms in women",
            "Naisen virtsavaivat",
            "Urinvägsbesvär hos kvinnor",
            "Plager ved vannlating hos kvinner",
        ),
        text(
            "For women with burning, pain or frequent need to pass urine.",
            "Naisille, joilla on kirvelyä, kipua tai tihentynyttä virtsaamistarvetta.",
            "För kvinnor som har sveda, smärta eller behöver kissa ofta.",
            "For kvinner som har svie, smerter eller hyppig trang til å tisse.",
        ),
        "sex",
        nodes,
    )


def _reachable(nodes: dict[str, Any], start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(a["next"] for a in nodes[name].get("answers", []))
    return seen


DEMO_NAVIGATORS = {
    "sore-throat": ("Sore throat (demo)", sore_throat),
    "low-back-pain": ("Low back pain (demo)", low_back_pain),
    "child-fever": ("Fever in a child under 5 (demo)", child_fever),
    "urinary-symptoms-women": ("Urinary symptoms in women (demo)", urinary_symptoms_women),
}


# The demo house (houses.models.Theme) that offers each navigator.
DEMO_HOUSES = {
    "sore-throat": "youth",
    "low-back-pain": "chronic_pain",
    "child-fever": "pregnancy_family",
    "urinary-symptoms-women": "youth",
}


@access.atomic
def seed_demo(*, staff: dict[str, User]) -> None:
    """Create and publish each demo navigator once; later runs change nothing (except
    bringing an earlier demo version that lacks a language up to all four).

    The demo editor writes them and the demo nurse approves them as the second clinician.
    """
    author, approver = staff["editor.emma"], staff["nurse.sanna"]
    for slug, (name, build) in DEMO_NAVIGATORS.items():
        navigator = Navigator.objects.filter(slug=slug).first()
        if navigator is None:
            navigator = services.create_navigator(actor=author, slug=slug, name=name)
        if navigator.house_theme != DEMO_HOUSES[slug]:
            Navigator.objects.filter(pk=navigator.pk).update(house_theme=DEMO_HOUSES[slug])
        published = navigator.versions.filter(status=VersionStatus.PUBLISHED).first()
        # A demo navigator published before it was written in every language gets the full
        # one; a version someone else published is theirs and stays.
        if published is not None and (
            published.author_id != author.pk
            or set(LANGUAGES) <= set(published.graph.get("languages", []))
        ):
            continue
        version = services.create_draft(actor=author, navigator=navigator, graph=build())
        services.approve_and_publish(actor=approver, version=version)
