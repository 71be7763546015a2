"""DEMO symptom navigators: sore throat, low back pain, fever in a child, urinary symptoms.

Everything here is invented demo content for trying the software. It is plausible but it
is NOT medical advice and has not been clinically reviewed. Each graph names the public
guidance its structure is modelled on; the wording is our own.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from carevillage.identity.models import User

from . import services
from .models import Navigator, VersionStatus

LANGUAGES = ["en", "fi"]
DEMO = {"en": "DEMO – not medical advice. ", "fi": "DEMO – ei hoito-ohje. "}
# Until the houses app publishes self-care articles, self-care links go to the navigator list.
SELF_CARE_LINK = "/navigators/"


def text(en: str, fi: str) -> dict[str, str]:
    return {"en": en, "fi": fi}


def question(
    en: str, fi: str, answers: list[dict], *, red_flag: bool = False, kind: str = "symptom"
) -> dict[str, Any]:
    return {
        "type": "question",
        "kind": kind,
        "red_flag": red_flag,
        "text": text(en, fi),
        "answers": answers,
    }


def answer(value: str, en: str, fi: str, next_node: str) -> dict[str, Any]:
    return {"value": value, "label": text(en, fi), "next": next_node}


def yes_no(yes: str, no: str) -> list[dict[str, Any]]:
    return [answer("yes", "Yes", "Kyllä", yes), answer("no", "No", "Ei", no)]


def disposition(level: str, en: str, fi: str, service: str) -> dict[str, Any]:
    node = {
        "type": "disposition",
        "level": level,
        "text": text(DEMO["en"] + en, DEMO["fi"] + fi),
        "service": service,
    }
    if level == "self_care":
        node["self_care_link"] = SELF_CARE_LINK
    return node


def graph(title: tuple[str, str], intro: tuple[str, str], start: str, nodes: dict) -> dict:
    return {
        "languages": LANGUAGES,
        "title": text(*title),
        "intro": text(DEMO["en"] + intro[0], DEMO["fi"] + intro[1]),
        "start": start,
        "nodes": nodes,
    }


EMERGENCY = disposition(
    "emergency",
    "These signs can mean a serious condition. Call the emergency number now.",
    "Nämä oireet voivat viitata vakavaan tilaan. Soita hätänumeroon nyt.",
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
            "How old is the person with the sore throat?",
            "Minkä ikäinen kurkkukipuinen on?",
            [
                answer("3_14", "3–14 years", "3–14-vuotias", "danger_p1"),
                answer("15_44", "15–44 years", "15–44-vuotias", "danger_p0"),
                answer("45_plus", "45 years or over", "45-vuotias tai vanhempi", "danger_m1"),
            ],
            kind="age_band",
        ),
        "emergency": EMERGENCY,
        "strep_test": disposition(
            "soon",
            "Several signs point to a bacterial throat infection. Book an appointment for a "
            "strep test within a few days.",
            "Useampi merkki viittaa bakteerin aiheuttamaan nielutulehdukseen. Varaa aika "
            "streptokokkitestiin muutaman päivän sisällä.",
            "health_centre",
        ),
        "self_care": disposition(
            "self_care",
            "A sore throat like this is usually caused by a virus and gets better in about a "
            "week. Rest, drink enough and use pain relief if needed. Contact your health "
            "centre if you get worse or are not better in a week.",
            "Tällainen kurkkukipu johtuu yleensä viruksesta ja paranee noin viikossa. Lepää, "
            "juo riittävästi ja käytä tarvittaessa kipulääkettä. Ota yhteyttä "
            "terveysasemaan, jos olo pahenee tai ei parane viikossa.",
            "pharmacy",
        ),
    }
    criteria = [
        ("fever", "Do you have a fever over 38 °C?", "Onko sinulla yli 38 asteen kuumetta?"),
        (
            "glands",
            "Are the glands at the front of your neck swollen and tender?",
            "Ovatko kaulan etuosan imusolmukkeet turvonneet ja arat?",
        ),
        (
            "tonsils",
            "Is there white or yellow coating on your tonsils?",
            "Onko nielurisoissa valkoista tai keltaista peitettä?",
        ),
    ]

    def key(name: str, score: int) -> str:
        return f"{name}_{'m' if score < 0 else 'p'}{abs(score)}"

    def outcome(score: int) -> str:
        return "strep_test" if score >= 3 else "self_care"

    for offset in (-1, 0, 1):
        nodes[key("danger", offset)] = question(
            "Do you have trouble breathing, are you drooling, or can you not swallow your "
            "own saliva?",
            "Onko sinulla hengitysvaikeuksia, valuuko sylki suusta tai etkö pysty nielemään "
            "omaa syljeäsi?",
            yes_no("emergency", key("fever", offset)),
            red_flag=True,
        )
    # Questions about the criteria; the node name carries the score so far.
    for index, (name, en, fi) in enumerate(criteria):
        next_name = criteria[index + 1][0] if index + 1 < len(criteria) else "cough"
        for score in range(-1, index + 2):
            nodes[key(name, score)] = question(
                en, fi, yes_no(key(next_name, score + 1), key(next_name, score))
            )
    for score in range(-1, 5):
        nodes[key("cough", score)] = question(
            "Do you have a cough?",
            "Onko sinulla yskää?",
            # No cough scores a point.
            yes_no(outcome(score), outcome(score + 1)),
        )
    # Prune score states no path can reach (e.g. glands at −1 from age 15–44 …).
    reachable = _reachable(nodes, "age")
    nodes = {name: node for name, node in nodes.items() if name in reachable}
    return graph(
        ("Sore throat", "Kurkkukipu"),
        (
            "For a sore throat in anyone aged 3 or over. About six questions.",
            "Kurkkukipuun yli 3-vuotiaille. Noin kuusi kysymystä.",
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
            "Do you have new numbness between your legs or around your bottom, new trouble "
            "passing urine or controlling your bowels, or weakness in both legs?",
            "Onko sinulla uutta tunnottomuutta haarovälissä tai pakaroiden ympärillä, uusia "
            "vaikeuksia virtsata tai pidätellä ulostetta tai heikkoutta molemmissa jaloissa?",
            yes_no("emergency", "injury"),
            red_flag=True,
        ),
        "injury": question(
            "Did the pain start after a serious accident, such as a fall from a height or a "
            "traffic accident?",
            "Alkoiko kipu vakavan tapaturman, kuten korkealta putoamisen tai "
            "liikenneonnettomuuden, jälkeen?",
            yes_no("emergency", "serious_cause"),
            red_flag=True,
        ),
        "serious_cause": question(
            "Have you had cancer, lost weight without trying, or do you have a fever with "
            "the back pain?",
            "Onko sinulla ollut syöpä, onko painosi laskenut tahattomasti tai onko sinulla "
            "kuumetta selkäkivun lisäksi?",
            yes_no("urgent", "sciatica"),
        ),
        "sciatica": question(
            "Does the pain spread below the knee, with numbness or weakness in that leg?",
            "Säteileekö kipu polven alapuolelle ja onko jalassa tunnottomuutta tai heikkoutta?",
            yes_no("soon", "duration"),
        ),
        "duration": question(
            "Has the pain lasted more than six weeks?",
            "Onko kipu kestänyt yli kuusi viikkoa?",
            yes_no("soon", "self_care"),
        ),
        "emergency": EMERGENCY,
        "urgent": disposition(
            "urgent",
            "Back pain with these signs should be assessed today. Contact your health "
            "centre or, after hours, the on-call service.",
            "Selkäkipu näiden oireiden kanssa on syytä arvioida tänään. Ota yhteyttä "
            "terveysasemaan tai virka-ajan ulkopuolella päivystykseen.",
            "on_call",
        ),
        "soon": disposition(
            "soon",
            "Book an appointment at your health centre within a few days.",
            "Varaa aika terveysasemalle muutaman päivän sisällä.",
            "health_centre",
        ),
        "self_care": disposition(
            "self_care",
            "Most low back pain eases within a few weeks. Keep moving as normally as you can "
            "and use pain relief if needed.",
            "Useimmiten alaselkäkipu helpottaa muutamassa viikossa. Liiku mahdollisimman "
            "normaalisti ja käytä tarvittaessa kipulääkettä.",
            "pharmacy",
        ),
    }
    return graph(
        ("Low back pain", "Alaselkäkipu"),
        (
            "For adults with pain in the lower back. Five questions at most.",
            "Aikuisille, joilla on kipua alaselässä. Enintään viisi kysymystä.",
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
            "How old is the child?",
            "Minkä ikäinen lapsi on?",
            [
                answer("under_3m", "Under 3 months", "Alle 3 kuukautta", "red_u3m"),
                answer("3_6m", "3–6 months", "3–6 kuukautta", "red_3_6m"),
                answer("6m_5y", "6 months to 5 years", "6 kuukautta – 5 vuotta", "red_over6m"),
            ],
            kind="age_band",
        ),
        "emergency": EMERGENCY,
        "urgent": disposition(
            "urgent",
            "The child should be seen today. Contact your health centre or, after hours, the "
            "paediatric on-call service.",
            "Lapsen on hyvä päästä lääkärin arvioon tänään. Ota yhteyttä terveysasemaan tai "
            "virka-ajan ulkopuolella lasten päivystykseen.",
            "child_health",
        ),
        "self_care": disposition(
            "self_care",
            "Give the child plenty to drink and let them rest. Check on them during the "
            "night. Contact your health centre if new signs appear or the fever lasts.",
            "Anna lapselle runsaasti juotavaa ja anna levätä. Tarkista vointi myös yöllä. "
            "Ota yhteyttä terveysasemaan, jos uusia oireita ilmaantuu tai kuume pitkittyy.",
            "pharmacy",
        ),
    }
    threshold = {"u3m": ("38", "38"), "3_6m": ("39", "39")}
    for band in ("u3m", "3_6m", "over6m"):
        nodes[f"red_{band}"] = question(
            "Is the child pale, mottled or blue, very hard to wake, breathing very fast or "
            "grunting, or do they have a rash that does not fade when you press a glass on it?",
            "Onko lapsi kalpea, marmoroitunut tai sinertävä, hyvin vaikea herättää, "
            "hengittääkö hän hyvin tiheään tai ähisten, tai onko hänellä ihottuma, joka ei "
            "haalistu lasia painettaessa?",
            yes_no("emergency", f"amber_{band}"),
            red_flag=True,
        )
        after_amber = f"temp_{band}" if band in threshold else "self_care"
        nodes[f"amber_{band}"] = question(
            "Is the child less active than usual, drinking much less, wetting fewer nappies, "
            "or has the fever lasted 5 days or more?",
            "Onko lapsi tavallista vetämättömämpi, juoko hän selvästi vähemmän, onko "
            "vaippoja märkänä vähemmän tai onko kuume kestänyt 5 päivää tai kauemmin?",
            yes_no("urgent", after_amber),
        )
        if band in threshold:
            degrees = threshold[band]
            nodes[f"temp_{band}"] = question(
                f"Is the child's temperature {degrees[0]} °C or higher?",
                f"Onko lapsen lämpö {degrees[1]} astetta tai enemmän?",
                yes_no("urgent", "self_care"),
            )
    return graph(
        ("Fever in a child under 5", "Alle 5-vuotiaan kuume"),
        (
            "For a parent whose child under five years old has a fever.",
            "Vanhemmalle, jonka alle viisivuotiaalla lapsella on kuumetta.",
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
            "What is your sex?",
            "Mikä on sukupuolesi?",
            [
                answer("female", "Female", "Nainen", "age"),
                answer("male", "Male", "Mies", "examined"),
            ],
            kind="sex",
        ),
        "age": question(
            "How old are you?",
            "Minkä ikäinen olet?",
            [
                answer("under_15", "Under 15", "Alle 15-vuotias", "examined"),
                answer("15_plus", "15 or over", "15-vuotias tai vanhempi", "sepsis"),
            ],
            kind="age_band",
        ),
        "sepsis": question(
            "Are you confused, fainting, or cold and clammy with a high fever?",
            "Oletko sekava, pyörrytkö tai onko iho kylmä ja nihkeä korkean kuumeen kanssa?",
            yes_no("emergency", "kidney"),
            red_flag=True,
        ),
        "kidney": question(
            "Do you have a fever over 38 °C or pain in your side, below the ribs?",
            "Onko sinulla yli 38 asteen kuumetta tai kipua kyljessä kylkikaaren alla?",
            yes_no("urgent", "pregnant"),
        ),
        "pregnant": question(
            "Could you be pregnant?", "Voisitko olla raskaana?", yes_no("examined", "recurrent")
        ),
        "recurrent": question(
            "Have you been treated for a urinary infection in the last month, or do you have "
            "unusual vaginal discharge?",
            "Onko sinua hoidettu virtsatieinfektion vuoksi viimeisen kuukauden aikana tai "
            "onko sinulla epätavallista valkovuotoa?",
            yes_no("examined", "typical"),
        ),
        "typical": question(
            "Does it burn or sting when you pass urine, and do you need to go more often?",
            "Kirveleekö virtsatessa ja pitääkö sinun käydä virtsalla tavallista useammin?",
            yes_no("cystitis", "self_care"),
        ),
        "emergency": EMERGENCY,
        "urgent": disposition(
            "urgent",
            "A fever or pain in the side can mean a kidney infection. Contact your health "
            "centre or the on-call service today.",
            "Kuume tai kylkikipu voi viitata munuaisaltaan tulehdukseen. Ota yhteyttä "
            "terveysasemaan tai päivystykseen tänään.",
            "on_call",
        ),
        "examined": disposition(
            "soon",
            "Your symptoms need an examination and a urine test. Book an appointment at "
            "your health centre within a few days.",
            "Oireesi vaativat tutkimuksen ja virtsanäytteen. Varaa aika terveysasemalle "
            "muutaman päivän sisällä.",
            "health_centre",
        ),
        "cystitis": disposition(
            "soon",
            "These are typical signs of a bladder infection. Contact your health centre in "
            "the next few days; many health centres treat this by phone or chat.",
            "Nämä ovat tyypillisiä virtsarakon tulehduksen oireita. Ota yhteyttä "
            "terveysasemaan lähipäivinä; monella terveysasemalla asia hoituu puhelimitse tai "
            "chatissa.",
            "health_centre",
        ),
        "self_care": disposition(
            "self_care",
            "Drink enough and follow how you feel. Contact your health centre if you get a "
            "fever, pain in your side, or the symptoms last more than a few days.",
            "Juo riittävästi ja seuraa vointiasi. Ota yhteyttä terveysasemaan, jos sinulle "
            "nousee kuume, kylkeen tulee kipua tai oireet jatkuvat yli muutaman päivän.",
            "pharmacy",
        ),
    }
    return graph(
        ("Urinary symptoms in women", "Naisen virtsavaivat"),
        (
            "For women with burning, pain or frequent need to pass urine.",
            "Naisille, joilla on kirvelyä, kipua tai tihentynyttä virtsaamistarvetta.",
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


@transaction.atomic
def seed_demo(*, staff: dict[str, User]) -> None:
    """Create and publish each demo navigator once; later runs change nothing.

    The demo editor writes them and the demo nurse approves them as the second clinician.
    """
    author, approver = staff["editor.emma"], staff["nurse.sanna"]
    for slug, (name, build) in DEMO_NAVIGATORS.items():
        navigator = Navigator.objects.filter(slug=slug).first()
        if navigator is None:
            navigator = services.create_navigator(actor=author, slug=slug, name=name)
        if navigator.house_theme != DEMO_HOUSES[slug]:
            Navigator.objects.filter(pk=navigator.pk).update(house_theme=DEMO_HOUSES[slug])
        if navigator.versions.filter(status=VersionStatus.PUBLISHED).exists():
            continue
        version = services.create_draft(actor=author, navigator=navigator, graph=build())
        services.approve_and_publish(actor=approver, version=version)
