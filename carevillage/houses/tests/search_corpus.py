"""A small village to measure search with: the same topics in four languages, and what
the other apps offer (the real self-tests, a navigator, an open program, a chat, a provider).

The texts are written for these tests; they are not medical advice. `TEST_SET` is the
search test set: per language, a query and the title of the hit that must come first.
Titles avoid the query word itself, so a hit shows that word forms and compounds work.
"""

from __future__ import annotations

import datetime as dt

from carevillage.houses import services
from carevillage.houses.models import HousePage, VillageHomePage

from .factories import make_article, make_house, make_village, translate

# house slug -> {language: title}
HOUSES = {
    "mind": {"en": "Mind house", "fi": "Mielitalo", "sv": "Sinnets hus", "nb": "Sinnets hus"},
    "breathing": {
        "en": "Breathing house",
        "fi": "Hengitystalo",
        "sv": "Andningshuset",
        "nb": "Pustehuset",
    },
    "family": {"en": "Family house", "fi": "Perhetalo", "sv": "Familjehuset", "nb": "Familiehuset"},
    "heart": {"en": "Heart house", "fi": "Sydäntalo", "sv": "Hjärthuset", "nb": "Hjertehuset"},
}

# (house, slug, {language: (title, summary, body paragraphs)})
ARTICLES = [
    (
        "mind",
        "low-mood",
        {
            "en": (
                "When low mood lasts",
                "Low mood for weeks can be more than sadness.",
                [
                    "Test text, not medical advice.",
                    "Depression changes sleep, appetite and energy. Talking therapy and "
                    "medicines both help, and most people recover.",
                ],
            ),
            "fi": (
                "Kun mieli on pitkään maassa",
                "Viikkoja jatkunut alakulo voi olla enemmän kuin surua.",
                [
                    "Testiteksti, ei lääketieteellinen neuvo.",
                    "Masennuksen oireita ovat väsymys, unettomuus ja ilottomuus. "
                    "Masennuksesta toipuu useimmiten hoidon avulla.",
                ],
            ),
            "sv": (
                "När nedstämdheten håller i sig",
                "Veckor av nedstämdhet kan vara mer än sorg.",
                [
                    "Testtext, inte medicinska råd.",
                    "Depressionen påverkar sömn, aptit och ork. Samtalsterapi och läkemedel "
                    "hjälper, och de flesta blir bättre.",
                ],
            ),
            "nb": (
                "Når nedstemtheten varer",
                "Uker med nedstemthet kan være mer enn tristhet.",
                [
                    "Testtekst, ikke medisinske råd.",
                    "Depresjonen påvirker søvn, matlyst og energi. Samtaleterapi og "
                    "legemidler hjelper, og de fleste blir bedre.",
                ],
            ),
        },
    ),
    (
        "mind",
        "worry",
        {
            "en": (
                "Living with anxiety",
                "Everyone feels uneasy sometimes.",
                [
                    "Test text, not medical advice.",
                    "If you are worried most days and it stops you doing things, talk to "
                    "a nurse. Breathing exercises calm the body.",
                ],
            ),
            "fi": (
                "Huolet ja pelot",
                "Jokainen pelkää joskus.",
                [
                    "Testiteksti, ei lääketieteellinen neuvo.",
                    "Jos ahdistuksen tunne vaivaa päivittäin, ota yhteyttä hoitajaan. "
                    "Hengitysharjoitukset rauhoittavat kehoa.",
                ],
            ),
            "sv": (
                "Att leva med ångest",
                "Alla känner sig rädda ibland.",
                [
                    "Testtext, inte medicinska råd.",
                    "Om oron tar över dina dagar, tala med en sjuksköterska. "
                    "Andningsövningar lugnar kroppen.",
                ],
            ),
            "nb": (
                "Å leve med uro",
                "Alle kjenner seg redde av og til.",
                [
                    "Testtekst, ikke medisinske råd.",
                    "Hvis angsten preger dagene dine, snakk med en sykepleier. "
                    "Pusteøvelser roer kroppen.",
                ],
            ),
        },
    ),
    (
        "mind",
        "sleep",
        {
            "en": (
                "Sleeping better",
                "Small habits help you sleep.",
                [
                    "Test text, not medical advice.",
                    "Insomnia often eases with a regular rhythm, daylight and less screen "
                    "time in the evening.",
                ],
            ),
            "fi": (
                "Parempia öitä",
                "Pienet tavat helpottavat unettomuutta.",
                [
                    "Testiteksti, ei lääketieteellinen neuvo.",
                    "Unettomuus helpottaa usein säännöllisellä rytmillä ja päivänvalolla.",
                ],
            ),
            "sv": (
                "Bättre nätter",
                "Små vanor ger bättre sömn.",
                [
                    "Testtext, inte medicinska råd.",
                    "Sömnproblem blir ofta mindre med en jämn rytm och dagsljus.",
                ],
            ),
            "nb": (
                "Bedre netter",
                "Små vaner gir bedre søvn.",
                [
                    "Testtekst, ikke medisinske råd.",
                    "Søvnproblemer blir ofte mindre med jevn døgnrytme og dagslys.",
                ],
            ),
        },
    ),
    (
        "breathing",
        "inhaler",
        {
            "en": (
                "Using your asthma inhaler",
                "Good technique gets the medicine into the lungs.",
                [
                    "Test text, not medical advice.",
                    "Breathe out, then breathe in slowly as you press. Rinse your mouth "
                    "after a preventer.",
                ],
            ),
            "fi": (
                "Astmalääke oikein",
                "Hyvä tekniikka vie lääkkeen keuhkoihin.",
                [
                    "Testiteksti, ei lääketieteellinen neuvo.",
                    "Puhalla ensin ulos ja vedä inhalaattorin lääke hitaasti sisään.",
                ],
            ),
            "sv": (
                "Astmamedicin rätt",
                "God teknik får medicinen ner i lungorna.",
                [
                    "Testtext, inte medicinska råd.",
                    "Andas ut och andas sedan långsamt in genom inhalatorn.",
                ],
            ),
            "nb": (
                "Astmamedisiner",
                "God teknikk får medisinen ned i lungene.",
                [
                    "Testtekst, ikke medisinske råd.",
                    "Pust ut, og pust så rolig inn gjennom inhalatoren.",
                ],
            ),
        },
    ),
    (
        "breathing",
        "pollen",
        {
            "en": (
                "Hay fever",
                "Sneezing and itchy eyes in spring.",
                [
                    "Test text, not medical advice.",
                    "Birch and grass pollen cause most seasonal allergy. Antihistamines "
                    "ease the symptoms.",
                ],
            ),
            "fi": (
                "Siitepölyallergia",
                "Aivastelua ja kutisevia silmiä keväällä.",
                [
                    "Testiteksti, ei lääketieteellinen neuvo.",
                    "Koivun ja heinien siitepöly aiheuttaa oireita. Antihistamiini lievittää.",
                ],
            ),
            "sv": (
                "Pollenallergi",
                "Nysningar och kliande ögon på våren.",
                [
                    "Testtext, inte medicinska råd.",
                    "Björk- och gräspollen ger mest besvär. Antihistaminer lindrar.",
                ],
            ),
            "nb": (
                "Pollenallergi",
                "Nysing og kløende øyne om våren.",
                [
                    "Testtekst, ikke medisinske råd.",
                    "Bjørk- og gresspollen gir mest plager. Antihistaminer lindrer.",
                ],
            ),
        },
    ),
    (
        "family",
        "fever",
        {
            "en": (
                "High temperature in little ones",
                "Most fevers pass in a few days.",
                [
                    "Test text, not medical advice.",
                    "Give your child plenty to drink. Call the health centre if the baby "
                    "is under three months old.",
                ],
            ),
            "fi": (
                "Kuume pienellä",
                "Useimmat kuumeet menevät ohi muutamassa päivässä.",
                [
                    "Testiteksti, ei lääketieteellinen neuvo.",
                    "Anna lapselle paljon juotavaa. Soita terveysasemalle, jos lapsen "
                    "kuume nousee korkeaksi.",
                ],
            ),
            "sv": (
                "Feber hos de små",
                "De flesta febertoppar går över på några dagar.",
                [
                    "Testtext, inte medicinska råd.",
                    "Ge barnet mycket att dricka. Ring vårdcentralen om barnets feber stiger.",
                ],
            ),
            "nb": (
                "Feber hos de små",
                "Det meste av feber går over på noen dager.",
                [
                    "Testtekst, ikke medisinske råd.",
                    "Gi barnet mye å drikke. Ring legevakten hvis barnets feber stiger.",
                ],
            ),
        },
    ),
    (
        "heart",
        "heart-failure",
        {
            "en": (
                "Heart failure",
                "The heart pumps less well than it should.",
                [
                    "Test text, not medical advice.",
                    "Swollen ankles and breathlessness are common. Weigh yourself daily.",
                ],
            ),
            "fi": (
                "Vajaatoiminta arjessa",
                "Sydämen pumppausvoima on heikentynyt.",
                [
                    "Testiteksti, ei lääketieteellinen neuvo.",
                    "Turvonneet nilkat ja hengenahdistus ovat tavallisia. Punnitse itsesi.",
                ],
            ),
            "sv": (
                "Hjärtsvikt",
                "Hjärtat pumpar sämre än det borde.",
                [
                    "Testtext, inte medicinska råd.",
                    "Svullna anklar och andfåddhet är vanliga. Väg dig varje dag.",
                ],
            ),
            "nb": (
                "Å leve med hjertesvikt",
                "Hjertet pumper dårligere enn det skal.",
                [
                    "Testtekst, ikke medisinske råd.",
                    "Hovne ankler og tung pust er vanlig. Vei deg hver dag.",
                ],
            ),
        },
    ),
]

# language -> [(query, title of the expected first hit)]
TEST_SET: dict[str, list[tuple[str, str]]] = {
    "en": [
        ("depression", "When low mood lasts"),
        ("inhalers", "Using your asthma inhaler"),
        ("worry", "Living with anxiety"),
        ("allergies", "Hay fever"),
        ("children fever", "High temperature in little ones"),
        ("insomnia", "Sleeping better"),
        ("swollen ankle", "Heart failure"),
        ("PHQ-9", "Mood self-test (PHQ-9)"),
        ("stroke", "Know the signs of stroke (quiz)"),
        ("chat", "Chat with the school nurse"),
        ("back pain", "Low back pain"),
        ("pharmacy Kallio", "Kallio Test Pharmacy"),
    ],
    "fi": [
        ("masennus", "Kun mieli on pitkään maassa"),
        ("lapsi kuume", "Kuume pienellä"),
        ("ahdistuksen tunne", "Huolet ja pelot"),
        ("ahdistus", "Ahdistuneisuuden itsearvio (GAD-7)"),
        ("allergia", "Siitepölyallergia"),
        ("sydän vajaatoiminta", "Vajaatoiminta arjessa"),
        ("inhalaattori", "Astmalääke oikein"),
        ("unettomuus", "Parempia öitä"),
        ("PHQ-9", "Mielialan itsearvio (PHQ-9)"),
        ("aivohalvaus", "Tunnista aivohalvauksen oireet (tietovisa)"),
        ("chat", "Chat with the school nurse"),
    ],
    "sv": [
        ("allergi", "Pollenallergi"),
        ("depression", "När nedstämdheten håller i sig"),
        ("inhalator", "Astmamedicin rätt"),
        ("hjärta", "Hjärtsvikt"),
        ("sömn", "Bättre nätter"),
        ("barn feber", "Feber hos de små"),
        ("oro", "Att leva med ångest"),
        ("PHQ-9", "Självskattning av stämningsläget (PHQ-9)"),
        ("stroke", "Känn igen tecknen på stroke (frågesport)"),
        ("chatt", "Chat with the school nurse"),
    ],
    "nb": [
        ("allergi", "Pollenallergi"),
        ("depresjon", "Når nedstemtheten varer"),
        ("astma", "Astmamedisiner"),
        ("hjerte", "Å leve med hjertesvikt"),
        ("søvn", "Bedre netter"),
        ("barn feber", "Feber hos de små"),
        ("uro", "Å leve med uro"),
        ("angst", "Selvtest om angst (GAD-7)"),
        ("PHQ-9", "Selvtest om humøret (PHQ-9)"),
        ("hjerneslag", "Kjenn igjen tegnene på hjerneslag (quiz)"),
        ("chat", "Chat with the school nurse"),
    ],
}


def build_village() -> VillageHomePage:
    """The corpus: houses and articles in four languages, live and reviewed, then offers."""
    home = make_village()
    houses: dict[str, HousePage] = {}
    for slug, titles in HOUSES.items():
        houses[slug] = make_house(
            home,
            slug=slug,
            title=titles["en"],
            translations={k: v for k, v in titles.items() if k != "en"},
        )
    for house, slug, versions in ARTICLES:
        title, summary, paragraphs = versions["en"]
        article = make_article(
            houses[house],
            slug=slug,
            title=title,
            summary=summary,
            body="".join(f"<p>{p}</p>" for p in paragraphs),
        )
        for code, (title, summary, paragraphs) in versions.items():
            if code != "en":
                translate(
                    article,
                    code,
                    title=title,
                    summary=summary,
                    body="".join(f"<p>{p}</p>" for p in paragraphs),
                )
    make_offers()
    services.rebuild_search_index()
    return home


def make_offers() -> None:
    """What other apps offer, made through their own services and demo seeds."""
    from carevillage.directory.models import Provider, Service
    from carevillage.messaging.models import ChatService
    from carevillage.navigator import demo as navigator_demo
    from carevillage.navigator import services as navigator_services
    from carevillage.questionnaires.demo import seed_demo as seed_questionnaires
    from carevillage.tenants.models import Role
    from carevillage.testing.factories import make_care_team, make_organization, make_staff

    seed_questionnaires()
    organization = make_organization("Search Test District")
    author = make_staff("editor.sofia", organization, role=Role.EDITOR, first_name="Sofia")
    approver = make_staff("doctor.kari", organization, role=Role.EDITOR, first_name="Kari")
    navigator = navigator_services.create_navigator(
        actor=author, slug="low-back-pain", name="Low back pain"
    )
    version = navigator_services.create_draft(
        actor=author, navigator=navigator, graph=navigator_demo.low_back_pain()
    )
    navigator_services.approve_and_publish(actor=approver, version=version)
    team = make_care_team(organization, "School nurses")
    ChatService.objects.create(
        slug="school-nurse",
        title="Chat with the school nurse",
        care_team=team,
        opens_at=dt.time(8),
        closes_at=dt.time(16),
    )
    pharmacy = Service.objects.create(
        code="pharmacy", name_en="Pharmacy", name_fi="Apteekki", name_sv="Apotek", name_nb="Apotek"
    )
    provider = Provider.objects.create(
        external_id="test-1",
        name="Kallio Test Pharmacy",
        kind="pharmacy",
        street_address="Testikatu 1",
        postcode="00530",
        city="Helsinki",
        country="FI",
        latitude=60.18,
        longitude=24.95,
    )
    provider.services.add(pharmacy)
