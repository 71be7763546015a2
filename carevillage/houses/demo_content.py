"""DEMO content for the village: invented, plausible, reviewed by nobody, never advice.

Every article says so in its first paragraph (see demo.DEMO_NOTICE). Reviewer names are
invented. Sources name real public bodies only as where such information is usually found.
"""

HOME = {
    "en": ("CareVillage", "Reviewed health information in themed houses. Pick a house to begin."),
    "fi": ("Terveyskylä", "Tarkistettua terveystietoa teemataloissa. Valitse talo aloittaaksesi."),
    "sv": ("Hälsobyn", "Granskad hälsoinformation i temahus. Välj ett hus för att börja."),
    "nb": (
        "Helselandsbyen",
        "Kvalitetssikret helseinformasjon i temahus. Velg et hus for å begynne.",
    ),
}

# slug -> theme, {language: (title, intro)}
HOUSES = {
    "mental-health": (
        "mental_health",
        {
            "en": ("Mental health house", "Mood, anxiety, sleep and where to find help."),
            "fi": ("Mielenterveystalo", "Mieliala, ahdistus, uni ja mistä saa apua."),
            "sv": ("Psykiska hälsans hus", "Humör, ångest, sömn och var du får hjälp."),
            "nb": ("Psykisk helse-huset", "Humør, angst, søvn og hvor du får hjelp."),
        },
    ),
    "heart": (
        "heart",
        {
            "en": ("Heart house", "Living with heart disease, and looking after your heart."),
            "fi": ("Sydäntalo", "Sydänsairauden kanssa eläminen ja sydämen hoitaminen."),
            "sv": ("Hjärthuset", "Att leva med hjärtsjukdom och ta hand om hjärtat."),
            "nb": ("Hjertehuset", "Å leve med hjertesykdom, og å ta vare på hjertet."),
        },
    ),
    "allergy-asthma": (
        "allergy_asthma",
        {
            "en": ("Allergy and asthma house", "Asthma, allergies and eczema in everyday life."),
            "fi": ("Allergia- ja astmatalo", "Astma, allergiat ja ihottuma arjessa."),
            "sv": ("Allergi- och astmahuset", "Astma, allergier och eksem i vardagen."),
            "nb": ("Allergi- og astmahuset", "Astma, allergi og eksem i hverdagen."),
        },
    ),
    "chronic-pain": (
        "chronic_pain",
        {
            "en": (
                "Chronic pain house",
                "Understanding long-lasting pain and living well with it.",
            ),
            "fi": ("Kipuklinikan talo", "Pitkäaikaisen kivun ymmärtäminen ja sen kanssa eläminen."),
            "sv": (
                "Huset för långvarig smärta",
                "Att förstå långvarig smärta och leva väl med den.",
            ),
            "nb": (
                "Huset for langvarige smerter",
                "Å forstå langvarige smerter og leve godt med dem.",
            ),
        },
    ),
    "pregnancy-family": (
        "pregnancy_family",
        {
            "en": (
                "Pregnancy and family house",
                "Pregnancy, birth and the first years with a baby.",
            ),
            "fi": ("Raskaus- ja perhetalo", "Raskaus, synnytys ja vauvan ensimmäiset vuodet."),
            "sv": ("Graviditets- och familjehuset", "Graviditet, förlossning och de första åren."),
            "nb": (
                "Graviditets- og familiehuset",
                "Graviditet, fødsel og de første årene med barn.",
            ),
        },
    ),
    "youth": (
        "youth",
        {
            "en": (
                "Youth health station",
                "Health, relationships and wellbeing for 13–22 year olds.",
            ),
            "fi": (
                "Nuorten terveysasema",
                "Terveys, ihmissuhteet ja hyvinvointi 13–22-vuotiaille.",
            ),
            "sv": ("Ungdomsmottagningen", "Hälsa, relationer och välmående för 13–22-åringar."),
            "nb": ("Helsestasjon for ungdom", "Helse, relasjoner og trivsel for 13–22-åringer."),
        },
    ),
    "cancer": (
        "cancer",
        {
            "en": ("Cancer house", "Diagnosis, treatment and life during and after cancer."),
            "fi": ("Syöpätalo", "Diagnoosi, hoito ja elämä syövän aikana ja jälkeen."),
            "sv": ("Cancerhuset", "Diagnos, behandling och livet under och efter cancer."),
            "nb": ("Krefthuset", "Diagnose, behandling og livet under og etter kreft."),
        },
    ),
    "surgery": (
        "surgery",
        {
            "en": ("Surgery house", "Preparing for an operation and recovering at home."),
            "fi": ("Leikkaustalo", "Leikkaukseen valmistautuminen ja kotona toipuminen."),
            "sv": ("Operationshuset", "Förberedelse inför operation och återhämtning hemma."),
            "nb": ("Operasjonshuset", "Forberedelse til operasjon og restitusjon hjemme."),
        },
    ),
}

# house slug -> [(slug, audience, {language: (title, summary, [paragraphs])})]
ARTICLES = {
    "mental-health": [
        (
            "low-mood",
            "adults",
            {
                "en": (
                    "When your mood is low",
                    "Signs of depression and first steps.",
                    [
                        "Most people have low weeks. When low mood, loss of interest and tiredness last more than two weeks, it is worth talking to a professional.",
                        "Regular sleep, daylight, movement and staying in touch with people you trust support recovery.",
                    ],
                ),
                "fi": (
                    "Kun mieliala on matala",
                    "Masennuksen merkit ja ensiaskeleet.",
                    [
                        "Useimmilla on joskus raskaampia viikkoja. Jos alakulo, mielenkiinnon puute ja väsymys jatkuvat yli kaksi viikkoa, kannattaa puhua ammattilaisen kanssa.",
                        "Säännöllinen uni, päivänvalo, liikkuminen ja yhteys läheisiin tukevat toipumista.",
                    ],
                ),
            },
        ),
        (
            "anxiety",
            "everyone",
            {
                "en": (
                    "Anxiety and worry",
                    "What anxiety feels like and what helps.",
                    [
                        "Anxiety shows in the body as a racing heart, tense muscles and fast breathing. It is unpleasant but not dangerous.",
                        "Slow breathing, naming the worry and doing small feared things step by step help many people.",
                    ],
                ),
                "sv": (
                    "Ångest och oro",
                    "Hur ångest känns och vad som hjälper.",
                    [
                        "Ångest märks i kroppen som hjärtklappning, spända muskler och snabb andning. Den är obehaglig men inte farlig.",
                        "Lugn andning, att sätta ord på oron och att steg för steg göra det man undviker hjälper många.",
                    ],
                ),
            },
        ),
        (
            "sleep",
            "everyone",
            {
                "en": (
                    "Sleeping better",
                    "Habits that help you fall asleep and stay asleep.",
                    [
                        "Going to bed and getting up at the same times every day is the single most useful sleep habit.",
                        "Screens, caffeine late in the day and long daytime naps make it harder to fall asleep.",
                    ],
                ),
                "fi": (
                    "Parempaa unta",
                    "Tavat, jotka auttavat nukahtamaan ja nukkumaan.",
                    [
                        "Samat nukkumaanmeno- ja heräämisajat joka päivä ovat unen tärkein tapa.",
                        "Ruudut, iltapäivän kahvi ja pitkät päiväunet vaikeuttavat nukahtamista.",
                    ],
                ),
            },
        ),
    ],
    "heart": [
        (
            "heart-failure",
            "patients",
            {
                "en": (
                    "Living with heart failure",
                    "Daily life with heart failure: weight, salt and activity.",
                    [
                        "In heart failure the heart pumps less well than it should. Medicines, daily weighing and moderate activity help keep symptoms in check.",
                        "A sudden weight gain of two kilograms in a few days can mean fluid is building up: contact your care team.",
                    ],
                ),
                "nb": (
                    "Å leve med hjertesvikt",
                    "Hverdagen med hjertesvikt: vekt, salt og aktivitet.",
                    [
                        "Ved hjertesvikt pumper hjertet dårligere enn det skal. Medisiner, daglig veiing og moderat aktivitet holder symptomene i sjakk.",
                        "Øker vekten brått med to kilo på noen dager, kan det bety at det samler seg væske: kontakt behandlerne dine.",
                    ],
                ),
            },
        ),
        (
            "blood-pressure",
            "adults",
            {
                "en": (
                    "High blood pressure",
                    "Why blood pressure matters and how to measure it at home.",
                    [
                        "High blood pressure rarely causes symptoms but strains the heart and blood vessels over years.",
                        "Measure at home sitting down after five minutes of rest, twice in the morning and twice in the evening for a week.",
                    ],
                ),
                "fi": (
                    "Kohonnut verenpaine",
                    "Miksi verenpaineella on väliä ja miten sitä mitataan kotona.",
                    [
                        "Kohonnut verenpaine oireilee harvoin, mutta kuormittaa sydäntä ja verisuonia vuosien mittaan.",
                        "Mittaa kotona istuen viiden minuutin levon jälkeen, kahdesti aamulla ja illalla viikon ajan.",
                    ],
                ),
            },
        ),
        (
            "chest-pain",
            "everyone",
            {
                "en": (
                    "Chest pain: when to seek help",
                    "Which chest pain needs emergency care.",
                    [
                        "Pressing chest pain that lasts more than a few minutes, especially with shortness of breath or cold sweat, needs emergency care: call the emergency number.",
                        "Pain that changes when you press the chest or move is more often from muscles, but ask a professional if unsure.",
                    ],
                ),
                "nb": (
                    "Brystsmerter: når skal du søke hjelp",
                    "Hvilke brystsmerter som trenger akutt hjelp.",
                    [
                        "Trykkende brystsmerter som varer mer enn noen minutter, særlig med tung pust eller kaldsvette, trenger akutt hjelp: ring nødnummeret.",
                        "Smerter som endrer seg når du trykker på brystet eller beveger deg, kommer oftere fra muskler, men spør helsepersonell om du er usikker.",
                    ],
                ),
            },
        ),
    ],
    "allergy-asthma": [
        (
            "asthma-medicines",
            "patients",
            {
                "en": (
                    "Asthma medicines",
                    "Relievers and preventers, and how to use an inhaler.",
                    [
                        "Asthma medicines are of two kinds: relievers open the airways quickly, preventers calm the inflammation over weeks.",
                        "Rinse your mouth after a steroid inhaler. Ask your pharmacy to check your inhaler technique once a year.",
                    ],
                ),
                "nb": (
                    "Astmamedisiner",
                    "Anfallsmedisin og forebyggende medisin, og bruk av inhalator.",
                    [
                        "Astmamedisiner finnes i to slag: anfallsmedisin åpner luftveiene raskt, forebyggende medisin demper betennelsen over uker.",
                        "Skyll munnen etter inhalasjonssteroider. Be apoteket sjekke inhalasjonsteknikken din en gang i året.",
                    ],
                ),
            },
        ),
        (
            "pollen-allergy",
            "everyone",
            {
                "en": (
                    "Pollen allergy",
                    "Managing hay fever in the pollen season.",
                    [
                        "Birch pollen in spring and grass pollen in early summer cause most hay fever in the Nordic countries.",
                        "Follow the pollen forecast, start antihistamines before the season and wash your hair in the evening.",
                    ],
                ),
                "sv": (
                    "Pollenallergi",
                    "Att hantera hösnuva under pollensäsongen.",
                    [
                        "Björkpollen på våren och gräspollen på försommaren orsakar det mesta av hösnuvan i Norden.",
                        "Följ pollenprognosen, börja med antihistamin före säsongen och tvätta håret på kvällen.",
                    ],
                ),
            },
        ),
        (
            "child-eczema",
            "parents",
            {
                "en": (
                    "Eczema in children",
                    "Daily skin care for atopic eczema.",
                    [
                        "Atopic eczema makes the skin dry and itchy. Moisturising every day, also on good days, is the base of care.",
                        "Flare-ups are treated with a short course of cortisone cream as advised by your health station.",
                    ],
                ),
                "fi": (
                    "Lapsen atooppinen ihottuma",
                    "Atooppisen ihon päivittäinen hoito.",
                    [
                        "Atooppinen ihottuma kuivattaa ja kutittaa ihoa. Päivittäinen rasvaus myös hyvinä päivinä on hoidon perusta.",
                        "Pahenemisvaiheet hoidetaan lyhyellä kortisonivoidekuurilla neuvolan ohjeen mukaan.",
                    ],
                ),
            },
        ),
    ],
    "chronic-pain": [
        (
            "understanding-pain",
            "adults",
            {
                "en": (
                    "Understanding long-lasting pain",
                    "Why pain can continue after tissues have healed.",
                    [
                        "Pain that lasts more than three months often no longer signals damage: the nervous system has become more sensitive.",
                        "Understanding this helps many people return to activities step by step.",
                    ],
                ),
                "fi": (
                    "Pitkäaikaisen kivun ymmärtäminen",
                    "Miksi kipu voi jatkua kudosten parannuttua.",
                    [
                        "Yli kolme kuukautta kestänyt kipu ei usein enää kerro vauriosta: hermosto on herkistynyt.",
                        "Tämän ymmärtäminen auttaa monia palaamaan toimintoihin vähitellen.",
                    ],
                ),
            },
        ),
        (
            "back-pain",
            "adults",
            {
                "en": (
                    "Low back pain",
                    "Staying active with back pain.",
                    [
                        "Most low back pain eases within a few weeks. Staying active helps more than bed rest.",
                        "Seek care quickly if you have numbness in the groin, trouble passing urine or weakness in the legs.",
                    ],
                ),
                "sv": (
                    "Ländryggssmärta",
                    "Att hålla sig aktiv med ryggont.",
                    [
                        "Det mesta ryggontet lättar inom några veckor. Att vara aktiv hjälper mer än sängvila.",
                        "Sök vård snabbt om du har domningar i ljumsken, svårt att kissa eller svaghet i benen.",
                    ],
                ),
            },
        ),
        (
            "pain-and-sleep",
            "adults",
            {
                "en": (
                    "Pain and sleep",
                    "Breaking the circle of pain and poor sleep.",
                    [
                        "Pain disturbs sleep, and poor sleep makes pain feel stronger.",
                        "A calm evening routine and a regular wake-up time are a good start.",
                    ],
                ),
                "fi": (
                    "Kipu ja uni",
                    "Kivun ja huonon unen kierteen katkaiseminen.",
                    [
                        "Kipu häiritsee unta, ja huono uni voimistaa kivun tunnetta.",
                        "Rauhallinen iltarutiini ja säännöllinen heräämisaika ovat hyvä alku.",
                    ],
                ),
            },
        ),
    ],
    "pregnancy-family": [
        (
            "early-pregnancy",
            "parents",
            {
                "en": (
                    "Early pregnancy",
                    "The first weeks and the first visit to the maternity clinic.",
                    [
                        "Contact your maternity clinic when a pregnancy test is positive. The first visit is usually around weeks 8 to 10.",
                        "Folic acid, no alcohol and no smoking are the most important things to start with.",
                    ],
                ),
                "fi": (
                    "Alkuraskaus",
                    "Ensimmäiset viikot ja ensikäynti neuvolassa.",
                    [
                        "Ota yhteys äitiysneuvolaan, kun raskaustesti on positiivinen. Ensikäynti on yleensä raskausviikoilla 8–10.",
                        "Foolihappo sekä alkoholin ja tupakan välttäminen ovat tärkeimmät asiat alussa.",
                    ],
                ),
            },
        ),
        (
            "baby-sleep",
            "parents",
            {
                "en": (
                    "A baby's sleep",
                    "Safe sleep for babies.",
                    [
                        "Put your baby to sleep on their back, on a firm mattress, without pillows or loose blankets.",
                        "Babies wake often in the first months; that is normal.",
                    ],
                ),
                "sv": (
                    "Bebisens sömn",
                    "Säker sömn för spädbarn.",
                    [
                        "Lägg bebisen att sova på rygg, på en fast madrass, utan kuddar eller lösa filtar.",
                        "Bebisar vaknar ofta de första månaderna; det är normalt.",
                    ],
                ),
            },
        ),
        (
            "breastfeeding",
            "parents",
            {
                "en": (
                    "Breastfeeding",
                    "Getting started and where to get support.",
                    [
                        "Breastfeeding is learned together by the parent and the baby. The first weeks are often the hardest.",
                        "Your child health clinic can help with latch, sore nipples and milk supply.",
                    ],
                ),
                "fi": (
                    "Imetys",
                    "Alkuun pääseminen ja mistä saa tukea.",
                    [
                        "Imetys opitaan yhdessä vauvan kanssa. Ensimmäiset viikot ovat usein vaikeimmat.",
                        "Lastenneuvola auttaa imuotteessa, arkojen rinnanpäiden kanssa ja maidon riittävyydessä.",
                    ],
                ),
            },
        ),
    ],
    "youth": [
        (
            "stress-at-school",
            "youth",
            {
                "en": (
                    "Stress at school",
                    "When schoolwork feels like too much.",
                    [
                        "Stress can show as headaches, poor sleep or irritability. Talking to the school nurse is a good first step.",
                        "Breaking work into small parts and planning breaks makes a big load lighter.",
                    ],
                ),
                "fi": (
                    "Koulustressi",
                    "Kun koulutyö tuntuu liialta.",
                    [
                        "Stressi voi näkyä päänsärkynä, huonona unena tai ärtyisyytenä. Terveydenhoitajalle puhuminen on hyvä alku.",
                        "Työn pilkkominen pieniin osiin ja taukojen suunnittelu keventävät kuormaa.",
                    ],
                ),
            },
        ),
        (
            "contraception",
            "youth",
            {
                "en": (
                    "Contraception",
                    "Options and where to get them confidentially.",
                    [
                        "Condoms protect against both pregnancy and sexually transmitted infections.",
                        "The youth health station gives confidential advice on pills, patches and other methods.",
                    ],
                ),
                "sv": (
                    "Preventivmedel",
                    "Alternativ och var du får dem konfidentiellt.",
                    [
                        "Kondom skyddar både mot graviditet och könssjukdomar.",
                        "Ungdomsmottagningen ger konfidentiell rådgivning om p-piller, plåster och andra metoder.",
                    ],
                ),
            },
        ),
        (
            "gaming-and-sleep",
            "youth",
            {
                "en": (
                    "Gaming and sleep",
                    "Keeping late nights from taking over.",
                    [
                        "Gaming late into the night shifts your body clock and makes mornings hard.",
                        "Agree on a stop time and keep the phone out of reach at night.",
                    ],
                ),
                "nb": (
                    "Gaming og søvn",
                    "Slik unngår du at sene kvelder tar over.",
                    [
                        "Gaming til langt på natt forskyver døgnrytmen og gjør morgenene tunge.",
                        "Avtal et tidspunkt du slutter, og legg telefonen utenfor rekkevidde om natten.",
                    ],
                ),
            },
        ),
    ],
    "cancer": [
        (
            "after-diagnosis",
            "patients",
            {
                "en": (
                    "After a cancer diagnosis",
                    "The first weeks after hearing the news.",
                    [
                        "Shock, fear and numbness are common reactions. Write down your questions for the next appointment.",
                        "A cancer nurse coordinator can tell you who to contact and what comes next.",
                    ],
                ),
                "fi": (
                    "Syöpädiagnoosin jälkeen",
                    "Ensimmäiset viikot uutisen jälkeen.",
                    [
                        "Sokki, pelko ja turtumus ovat tavallisia reaktioita. Kirjoita kysymyksesi ylös seuraavaa käyntiä varten.",
                        "Syöpähoitaja kertoo, keneen ottaa yhteyttä ja mitä seuraavaksi tapahtuu.",
                    ],
                ),
            },
        ),
        (
            "fatigue",
            "patients",
            {
                "en": (
                    "Cancer-related fatigue",
                    "Tiredness during and after treatment.",
                    [
                        "Fatigue is the most common side effect of cancer treatment and rest alone does not always help.",
                        "Light daily exercise and planning the day around your energy help many people.",
                    ],
                ),
                "sv": (
                    "Cancerrelaterad trötthet",
                    "Trötthet under och efter behandling.",
                    [
                        "Trötthet är den vanligaste biverkningen av cancerbehandling och vila räcker inte alltid.",
                        "Lätt daglig motion och att planera dagen efter orken hjälper många.",
                    ],
                ),
            },
        ),
        (
            "screening",
            "adults",
            {
                "en": (
                    "Cancer screening",
                    "Which screenings are offered and why.",
                    [
                        "Screening looks for early signs of cancer in people without symptoms, such as breast, cervical and bowel cancer screening.",
                        "You get an invitation by post when it is your turn.",
                    ],
                ),
                "fi": (
                    "Syöpäseulonnat",
                    "Mitä seulontoja tarjotaan ja miksi.",
                    [
                        "Seulonnoissa etsitään syövän varhaisia merkkejä oireettomilta, kuten rinta-, kohdunkaula- ja suolistosyövän seulonnat.",
                        "Saat kutsun postitse, kun on vuorosi.",
                    ],
                ),
            },
        ),
    ],
    "surgery": [
        (
            "before-surgery",
            "patients",
            {
                "en": (
                    "Before your operation",
                    "Fasting, medicines and what to bring.",
                    [
                        "Follow the fasting instructions you are given exactly: usually no food for six hours before.",
                        "Ask which of your own medicines to take on the morning of the operation.",
                    ],
                ),
                "fi": (
                    "Ennen leikkausta",
                    "Paasto, lääkkeet ja mitä ottaa mukaan.",
                    [
                        "Noudata saamiasi paasto-ohjeita tarkasti: yleensä ei ruokaa kuuteen tuntiin ennen.",
                        "Kysy, mitkä omista lääkkeistäsi otat leikkausaamuna.",
                    ],
                ),
            },
        ),
        (
            "wound-care",
            "patients",
            {
                "en": (
                    "Caring for your wound",
                    "Keeping a surgical wound clean as it heals.",
                    [
                        "Keep the dressing dry for the first day. After that you can usually shower.",
                        "Contact the ward if the wound becomes red, warm, swollen or starts to leak.",
                    ],
                ),
                "sv": (
                    "Sårvård",
                    "Att hålla operationssåret rent medan det läker.",
                    [
                        "Håll förbandet torrt det första dygnet. Sedan kan du oftast duscha.",
                        "Kontakta avdelningen om såret blir rött, varmt, svullet eller börjar vätska.",
                    ],
                ),
            },
        ),
        (
            "recovery-at-home",
            "patients",
            {
                "en": (
                    "Recovering at home",
                    "Pain relief, movement and when to call.",
                    [
                        "Take pain relief regularly in the first days so that you can move: moving prevents blood clots.",
                        "Call if you have a fever, shortness of breath or pain that gets worse instead of better.",
                    ],
                ),
                "nb": (
                    "Restitusjon hjemme",
                    "Smertelindring, bevegelse og når du skal ringe.",
                    [
                        "Ta smertestillende jevnlig de første dagene så du kan bevege deg: bevegelse forebygger blodpropp.",
                        "Ring hvis du får feber, tung pust eller smerter som blir verre i stedet for bedre.",
                    ],
                ),
            },
        ),
    ],
}
