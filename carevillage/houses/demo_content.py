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
# Every article is written in all four languages (fi, sv, nb, en); test_content_languages checks it.
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
                "sv": (
                    "När du känner dig nedstämd",
                    "Tecken på depression och de första stegen.",
                    [
                        "De flesta har tunga veckor ibland. Om nedstämdhet, minskat intresse och trötthet håller i sig mer än två veckor är det värt att prata med en yrkesperson.",
                        "Regelbunden sömn, dagsljus, rörelse och kontakt med människor du litar på stöder återhämtningen.",
                    ],
                ),
                "nb": (
                    "Når humøret er lavt",
                    "Tegn på depresjon og de første stegene.",
                    [
                        "De fleste har tunge uker innimellom. Varer nedstemthet, manglende interesse og tretthet i mer enn to uker, er det lurt å snakke med helsepersonell.",
                        "Faste søvnvaner, dagslys, bevegelse og kontakt med folk du stoler på, hjelper på bedringen.",
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
                "fi": (
                    "Ahdistus ja huoli",
                    "Miltä ahdistus tuntuu ja mikä auttaa.",
                    [
                        "Ahdistus tuntuu kehossa sydämentykytyksenä, lihasjännityksenä ja tiheänä hengityksenä. Se on epämiellyttävää mutta ei vaarallista.",
                        "Rauhallinen hengitys, huolen pukeminen sanoiksi ja pelättyjen asioiden kohtaaminen pienin askelin auttavat monia.",
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
                "nb": (
                    "Angst og bekymring",
                    "Hvordan angst kjennes, og hva som hjelper.",
                    [
                        "Angst merkes i kroppen som hjertebank, spente muskler og rask pust. Det er ubehagelig, men ikke farlig.",
                        "Rolig pust, å sette ord på bekymringen og å gjøre små ting du gruer deg til, steg for steg, hjelper mange.",
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
                "sv": (
                    "Sova bättre",
                    "Vanor som hjälper dig att somna och sova vidare.",
                    [
                        "Att gå och lägga sig och stiga upp på samma tider varje dag är den enskilt mest användbara sömnvanan.",
                        "Skärmar, koffein sent på dagen och långa tupplurar på dagtid gör det svårare att somna.",
                    ],
                ),
                "nb": (
                    "Sov bedre",
                    "Vaner som hjelper deg å sovne og sove gjennom natten.",
                    [
                        "Å legge seg og stå opp til samme tid hver dag er den aller nyttigste søvnvanen.",
                        "Skjermer, koffein sent på dagen og lange lurer på dagtid gjør det vanskeligere å sovne.",
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
                "fi": (
                    "Sydämen vajaatoiminnan kanssa eläminen",
                    "Arki sydämen vajaatoiminnan kanssa: paino, suola ja liikunta.",
                    [
                        "Sydämen vajaatoiminnassa sydän pumppaa heikommin kuin sen pitäisi. Lääkkeet, päivittäinen punnitus ja kohtuullinen liikunta auttavat pitämään oireet hallinnassa.",
                        "Jos paino nousee äkillisesti kaksi kiloa muutamassa päivässä, elimistöön voi kertyä nestettä: ota yhteyttä hoitotiimiisi.",
                    ],
                ),
                "sv": (
                    "Att leva med hjärtsvikt",
                    "Vardagen med hjärtsvikt: vikt, salt och aktivitet.",
                    [
                        "Vid hjärtsvikt pumpar hjärtat sämre än det borde. Läkemedel, daglig vägning och måttlig aktivitet hjälper till att hålla symtomen i schack.",
                        "Om vikten plötsligt ökar med två kilo på några dagar kan det betyda att vätska samlas i kroppen: kontakta ditt vårdteam.",
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
                "sv": (
                    "Högt blodtryck",
                    "Varför blodtrycket spelar roll och hur du mäter det hemma.",
                    [
                        "Högt blodtryck ger sällan symtom men belastar hjärtat och blodkärlen under många år.",
                        "Mät hemma sittande efter fem minuters vila, två gånger på morgonen och två gånger på kvällen under en vecka.",
                    ],
                ),
                "nb": (
                    "Høyt blodtrykk",
                    "Hvorfor blodtrykket betyr noe, og hvordan du måler det hjemme.",
                    [
                        "Høyt blodtrykk gir sjelden symptomer, men belaster hjertet og blodårene gjennom mange år.",
                        "Mål hjemme sittende etter fem minutters hvile, to ganger om morgenen og to ganger om kvelden i en uke.",
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
                "fi": (
                    "Rintakipu: milloin hakea apua",
                    "Millainen rintakipu vaatii kiireellistä hoitoa.",
                    [
                        "Puristava rintakipu, joka kestää yli muutaman minuutin, etenkin hengenahdistuksen tai kylmänhikisyyden kanssa, vaatii kiireellistä hoitoa: soita hätänumeroon.",
                        "Kipu, joka muuttuu rintaa painettaessa tai liikkuessa, johtuu useammin lihaksista, mutta kysy ammattilaiselta, jos olet epävarma.",
                    ],
                ),
                "sv": (
                    "Bröstsmärta: när ska du söka hjälp",
                    "Vilken bröstsmärta som behöver akut vård.",
                    [
                        "Tryckande bröstsmärta som varar mer än några minuter, särskilt med andnöd eller kallsvett, behöver akut vård: ring nödnumret.",
                        "Smärta som ändras när du trycker på bröstet eller rör dig kommer oftare från musklerna, men fråga vårdpersonal om du är osäker.",
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
                "fi": (
                    "Astmalääkkeet",
                    "Avaavat ja hoitavat lääkkeet sekä inhalaattorin käyttö.",
                    [
                        "Astmalääkkeitä on kahdenlaisia: avaava lääke avaa hengitystiet nopeasti, hoitava lääke rauhoittaa tulehdusta viikkojen kuluessa.",
                        "Huuhtele suu kortisoni-inhalaattorin käytön jälkeen. Pyydä apteekkia tarkistamaan inhalaatiotekniikkasi kerran vuodessa.",
                    ],
                ),
                "sv": (
                    "Astmaläkemedel",
                    "Snabbverkande och förebyggande läkemedel, och hur du använder en inhalator.",
                    [
                        "Astmaläkemedel finns av två slag: snabbverkande läkemedel öppnar luftvägarna fort, förebyggande läkemedel dämpar inflammationen under några veckor.",
                        "Skölj munnen efter en kortisoninhalator. Be apoteket kontrollera din inhalationsteknik en gång om året.",
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
                "fi": (
                    "Siitepölyallergia",
                    "Heinänuhan hallinta siitepölykaudella.",
                    [
                        "Keväällä koivun ja alkukesällä heinien siitepöly aiheuttavat suurimman osan Pohjoismaiden heinänuhasta.",
                        "Seuraa siitepölyennustetta, aloita antihistamiini jo ennen kauden alkua ja pese hiukset illalla.",
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
                "nb": (
                    "Pollenallergi",
                    "Å håndtere høysnue i pollensesongen.",
                    [
                        "Bjørkepollen om våren og gresspollen på forsommeren står for det meste av høysnuen i Norden.",
                        "Følg med på pollenvarselet, begynn med antihistamin før sesongen og vask håret om kvelden.",
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
                "sv": (
                    "Eksem hos barn",
                    "Daglig hudvård vid atopiskt eksem.",
                    [
                        "Atopiskt eksem gör huden torr och kliande. Att smörja huden varje dag, också på bra dagar, är grunden i behandlingen.",
                        "Försämringar behandlas med en kort kur kortisonkräm enligt råd från barnrådgivningen eller vårdcentralen.",
                    ],
                ),
                "nb": (
                    "Eksem hos barn",
                    "Daglig hudpleie ved atopisk eksem.",
                    [
                        "Atopisk eksem gjør huden tørr og kløende. Å smøre huden hver dag, også på gode dager, er grunnlaget for behandlingen.",
                        "Oppbluss behandles med en kort kur med kortisonkrem etter råd fra helsestasjonen.",
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
                "sv": (
                    "Att förstå långvarig smärta",
                    "Varför smärta kan finnas kvar när vävnaderna har läkt.",
                    [
                        "Smärta som har varat mer än tre månader är ofta inte längre en signal om skada: nervsystemet har blivit känsligare.",
                        "Att förstå detta hjälper många att steg för steg komma tillbaka till sina aktiviteter.",
                    ],
                ),
                "nb": (
                    "Å forstå langvarige smerter",
                    "Hvorfor smerter kan vare ved etter at vevet har grodd.",
                    [
                        "Smerter som har vart i mer enn tre måneder, er ofte ikke lenger et tegn på skade: nervesystemet har blitt mer følsomt.",
                        "Å forstå dette hjelper mange med å komme tilbake til aktiviteter steg for steg.",
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
                "fi": (
                    "Alaselkäkipu",
                    "Aktiivisena pysyminen selkäkivun kanssa.",
                    [
                        "Useimmiten alaselkäkipu helpottaa muutamassa viikossa. Liikkeellä pysyminen auttaa enemmän kuin vuodelepo.",
                        "Hakeudu nopeasti hoitoon, jos nivusissa on tunnottomuutta, virtsaaminen on vaikeaa tai jaloissa on heikkoutta.",
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
                "nb": (
                    "Korsryggsmerter",
                    "Å holde seg aktiv med vondt i ryggen.",
                    [
                        "De fleste korsryggsmerter gir seg i løpet av noen uker. Å holde seg i aktivitet hjelper mer enn sengeleie.",
                        "Søk hjelp raskt hvis du får nummenhet i lysken, vansker med å tisse eller svakhet i beina.",
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
                "sv": (
                    "Smärta och sömn",
                    "Att bryta cirkeln av smärta och dålig sömn.",
                    [
                        "Smärta stör sömnen, och dålig sömn gör att smärtan känns starkare.",
                        "En lugn kvällsrutin och en regelbunden tid att vakna är en bra början.",
                    ],
                ),
                "nb": (
                    "Smerter og søvn",
                    "Å bryte sirkelen av smerter og dårlig søvn.",
                    [
                        "Smerter forstyrrer søvnen, og dårlig søvn gjør at smertene kjennes sterkere.",
                        "En rolig kveldsrutine og et fast tidspunkt for å stå opp er en god start.",
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
                "sv": (
                    "Tidig graviditet",
                    "De första veckorna och det första besöket på mödrarådgivningen.",
                    [
                        "Kontakta mödrarådgivningen när graviditetstestet är positivt. Det första besöket är oftast kring vecka 8–10.",
                        "Folsyra, ingen alkohol och ingen rökning är det viktigaste att börja med.",
                    ],
                ),
                "nb": (
                    "Tidlig svangerskap",
                    "De første ukene og den første svangerskapskontrollen.",
                    [
                        "Kontakt svangerskapsomsorgen når graviditetstesten er positiv. Den første kontrollen er som regel rundt uke 8 til 10.",
                        "Folsyre, ingen alkohol og ingen røyking er det viktigste å begynne med.",
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
                "fi": (
                    "Vauvan uni",
                    "Vauvan turvallinen nukkuminen.",
                    [
                        "Nukuta vauva selällään tukevalla patjalla ilman tyynyjä tai irtonaisia peittoja.",
                        "Vauvat heräilevät usein ensimmäisinä kuukausina; se on tavallista.",
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
                "nb": (
                    "Babyens søvn",
                    "Trygg søvn for spedbarn.",
                    [
                        "Legg babyen til å sove på ryggen, på en fast madrass, uten puter eller løse tepper.",
                        "Babyer våkner ofte de første månedene; det er helt vanlig.",
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
                "sv": (
                    "Amning",
                    "Att komma i gång och var du får stöd.",
                    [
                        "Amning är något föräldern och bebisen lär sig tillsammans. De första veckorna är ofta de svåraste.",
                        "Barnrådgivningen kan hjälpa till med sugtaget, ömma bröstvårtor och mjölkmängden.",
                    ],
                ),
                "nb": (
                    "Amming",
                    "Å komme i gang, og hvor du får støtte.",
                    [
                        "Amming er noe forelderen og babyen lærer sammen. De første ukene er ofte de tyngste.",
                        "Helsestasjonen kan hjelpe med sugetak, såre brystvorter og melkemengde.",
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
                "sv": (
                    "Stress i skolan",
                    "När skolarbetet känns som för mycket.",
                    [
                        "Stress kan märkas som huvudvärk, dålig sömn eller irritation. Att prata med skolhälsovårdaren är ett bra första steg.",
                        "Att dela upp arbetet i små delar och planera in pauser gör en stor börda lättare.",
                    ],
                ),
                "nb": (
                    "Stress på skolen",
                    "Når skolearbeidet blir for mye.",
                    [
                        "Stress kan vise seg som hodepine, dårlig søvn eller irritabilitet. Å snakke med helsesykepleieren på skolen er et godt første steg.",
                        "Å dele arbeidet opp i små biter og planlegge pauser gjør en stor bør lettere.",
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
                "fi": (
                    "Ehkäisy",
                    "Vaihtoehdot ja mistä niitä saa luottamuksellisesti.",
                    [
                        "Kondomi suojaa sekä raskaudelta että sukupuolitaudeilta.",
                        "Nuorten terveysasemalta saat luottamuksellista neuvontaa ehkäisypillereistä, ehkäisylaastareista ja muista menetelmistä.",
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
                "nb": (
                    "Prevensjon",
                    "Alternativer, og hvor du får dem i fortrolighet.",
                    [
                        "Kondom beskytter både mot graviditet og mot seksuelt overførbare infeksjoner.",
                        "Helsestasjon for ungdom gir fortrolig veiledning om p-piller, p-plaster og andre metoder.",
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
                "fi": (
                    "Pelaaminen ja uni",
                    "Ettei valvominen vie voittoa.",
                    [
                        "Pelaaminen myöhään yöhön siirtää sisäistä kelloa ja tekee aamuista raskaita.",
                        "Sovi itsellesi lopetusaika ja pidä puhelin yöllä ulottumattomissa.",
                    ],
                ),
                "sv": (
                    "Spel och sömn",
                    "Så att sena kvällar inte tar över.",
                    [
                        "Att spela långt in på natten förskjuter dygnsrytmen och gör morgnarna tunga.",
                        "Bestäm en tid då du slutar och lägg telefonen utom räckhåll på natten.",
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
                "sv": (
                    "Efter ett cancerbesked",
                    "De första veckorna efter beskedet.",
                    [
                        "Chock, rädsla och en känsla av domning är vanliga reaktioner. Skriv ner dina frågor inför nästa besök.",
                        "En kontaktsjuksköterska inom cancervården kan berätta vem du ska kontakta och vad som händer härnäst.",
                    ],
                ),
                "nb": (
                    "Etter en kreftdiagnose",
                    "De første ukene etter beskjeden.",
                    [
                        "Sjokk, frykt og nummenhet er vanlige reaksjoner. Skriv ned spørsmålene dine til neste time.",
                        "En kreftkoordinator kan fortelle deg hvem du skal kontakte, og hva som skjer videre.",
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
                "fi": (
                    "Syöpään liittyvä väsymys",
                    "Väsymys hoitojen aikana ja niiden jälkeen.",
                    [
                        "Väsymys on syöpähoitojen yleisin haittavaikutus, eikä pelkkä lepo aina auta.",
                        "Kevyt päivittäinen liikunta ja päivän suunnittelu jaksamisen mukaan auttavat monia.",
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
                "nb": (
                    "Kreftrelatert utmattelse",
                    "Tretthet under og etter behandling.",
                    [
                        "Utmattelse er den vanligste bivirkningen av kreftbehandling, og hvile alene hjelper ikke alltid.",
                        "Lett daglig trening og å planlegge dagen etter kreftene hjelper mange.",
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
                "sv": (
                    "Screening för cancer",
                    "Vilka screeningar som erbjuds och varför.",
                    [
                        "Screening letar efter tidiga tecken på cancer hos personer utan symtom, till exempel screening för bröstcancer, livmoderhalscancer och tarmcancer.",
                        "Du får en kallelse med posten när det är din tur.",
                    ],
                ),
                "nb": (
                    "Screening for kreft",
                    "Hvilke screeningprogrammer som tilbys, og hvorfor.",
                    [
                        "Screening ser etter tidlige tegn på kreft hos folk uten symptomer, for eksempel screening for brystkreft, livmorhalskreft og tarmkreft.",
                        "Du får en invitasjon i posten når det er din tur.",
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
                "sv": (
                    "Före operationen",
                    "Fasta, läkemedel och vad du ska ta med.",
                    [
                        "Följ fasteinstruktionerna du får noggrant: oftast ingen mat under de sex timmarna före.",
                        "Fråga vilka av dina egna läkemedel du ska ta på operationsmorgonen.",
                    ],
                ),
                "nb": (
                    "Før operasjonen",
                    "Faste, medisiner og hva du skal ta med.",
                    [
                        "Følg fasteinstruksjonene du får, nøyaktig: som regel ingen mat de siste seks timene før.",
                        "Spør hvilke av dine egne medisiner du skal ta om morgenen på operasjonsdagen.",
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
                "fi": (
                    "Haavanhoito",
                    "Leikkaushaavan pitäminen puhtaana paranemisen aikana.",
                    [
                        "Pidä haavasidos kuivana ensimmäisen vuorokauden ajan. Sen jälkeen voit yleensä käydä suihkussa.",
                        "Ota yhteyttä osastolle, jos haava punoittaa, kuumottaa, turpoaa tai alkaa erittää.",
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
                "nb": (
                    "Sårstell",
                    "Å holde operasjonssåret rent mens det gror.",
                    [
                        "Hold bandasjen tørr det første døgnet. Etter det kan du som regel dusje.",
                        "Kontakt avdelingen hvis såret blir rødt, varmt eller hovent, eller begynner å væske.",
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
                "fi": (
                    "Toipuminen kotona",
                    "Kivunlievitys, liikkuminen ja milloin soittaa.",
                    [
                        "Ota kipulääkettä säännöllisesti ensimmäisinä päivinä, jotta pystyt liikkumaan: liikkuminen ehkäisee veritulppia.",
                        "Soita, jos sinulle nousee kuume, hengitys käy raskaaksi tai kipu pahenee sen sijaan, että helpottaisi.",
                    ],
                ),
                "sv": (
                    "Återhämtning hemma",
                    "Smärtlindring, rörelse och när du ska ringa.",
                    [
                        "Ta smärtstillande regelbundet de första dagarna så att du kan röra dig: rörelse förebygger blodproppar.",
                        "Ring om du får feber, andnöd eller smärta som blir värre i stället för bättre.",
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
