"""The proxy app's translations, filled into the .po files by `fill()` after makemessages.

Kept as source so a re-run of makemessages never loses a msgstr: run
`.venv/bin/python -m carevillage.proxy.locale.translations` after makemessages.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

# msgid: (fi, sv, nb, nn)
T: dict[str, tuple[str, str, str, str]] = {
    "Acting for someone else": (
        "Asiointi toisen puolesta",
        "Att sköta ärenden för någon annan",
        "Handle på vegne av andre",
        "Handle på vegner av andre",
    ),
    "Messages": ("Viestit", "Meddelanden", "Meldinger", "Meldingar"),
    "Appointments": ("Ajanvaraukset", "Tidsbokningar", "Timeavtaler", "Timeavtalar"),
    "Health record": ("Terveystiedot", "Hälsojournal", "Helsejournal", "Helsejournal"),
    "Care programs and questionnaires": (
        "Hoito-ohjelmat ja kyselyt",
        "Vårdprogram och frågeformulär",
        "Behandlingsprogram og spørreskjemaer",
        "Behandlingsprogram og spørjeskjema",
    ),
    "Population register": (
        "Väestötietojärjestelmä",
        "Befolkningsdatasystemet",
        "Folkeregisteret",
        "Folkeregisteret",
    ),
    "Given by the person in the service": (
        "Henkilön itse palvelussa antama",
        "Given av personen själv i tjänsten",
        "Gitt av personen selv i tjenesten",
        "Gitt av personen sjølv i tenesta",
    ),
    "guardian": ("huoltaja", "vårdnadshavare", "foresatt", "føresett"),
    "child": ("lapsi", "barn", "barn", "barn"),
    "source": ("lähde", "källa", "kilde", "kjelde"),
    "ended at": ("päättyi", "upphörde", "avsluttet", "avslutta"),
    "registered guardianship": (
        "rekisteröity huoltosuhde",
        "registrerad vårdnad",
        "registrert foreldreansvar",
        "registrert foreldreansvar",
    ),
    "registered guardianships": (
        "rekisteröidyt huoltosuhteet",
        "registrerade vårdnader",
        "registrerte foreldreansvar",
        "registrerte foreldreansvar",
    ),
    "person": ("henkilö", "person", "person", "person"),
    "address key": ("osoitetunniste", "adressnyckel", "adressenøkkel", "adressenøkkel"),
    "confidential address": (
        "turvakielto",
        "skyddad adress",
        "fortrolig adresse",
        "fortruleg adresse",
    ),
    "registered residence": (
        "rekisteröity asuinpaikka",
        "registrerad bostad",
        "registrert bosted",
        "registrert bustad",
    ),
    "registered residences": (
        "rekisteröidyt asuinpaikat",
        "registrerade bostäder",
        "registrerte bosteder",
        "registrerte bustader",
    ),
    "giver": ("valtuuttaja", "fullmaktsgivare", "fullmaktsgiver", "fullmaktsgjevar"),
    "holder": ("valtuutettu", "fullmaktshavare", "fullmektig", "fullmektig"),
    "areas": ("asiointialueet", "områden", "områder", "område"),
    "valid from": ("voimassa alkaen", "giltig från", "gyldig fra", "gyldig frå"),
    "valid until": ("voimassa asti", "giltig till", "gyldig til", "gyldig til"),
    "ended by": ("päättäjä", "avslutad av", "avsluttet av", "avslutta av"),
    "power of attorney": ("valtuutus", "fullmakt", "fullmakt", "fullmakt"),
    "powers of attorney": ("valtuutukset", "fullmakter", "fullmakter", "fullmakter"),
    "messages": ("viestit", "meddelanden", "meldinger", "meldingar"),
    "general messages with the health station": (
        "yleiset viestit terveysaseman kanssa",
        "allmänna meddelanden med hälsocentralen",
        "generelle meldinger med helsestasjonen",
        "generelle meldingar med helsestasjonen",
    ),
    "appointments": ("ajanvaraukset", "tidsbokningar", "timeavtaler", "timeavtalar"),
    "vaccinations": ("rokotukset", "vaccinationer", "vaksiner", "vaksinar"),
    "test results and medicines": (
        "laboratoriotulokset ja lääkkeet",
        "provsvar och läkemedel",
        "prøvesvar og legemidler",
        "prøvesvar og legemiddel",
    ),
    "documents of the health record": (
        "terveystietojen asiakirjat",
        "dokument i hälsojournalen",
        "dokumenter i helsejournalen",
        "dokument i helsejournalen",
    ),
    "care programs and questionnaires": (
        "hoito-ohjelmat ja kyselyt",
        "vårdprogram och frågeformulär",
        "behandlingsprogram og spørreskjemaer",
        "behandlingsprogram og spørjeskjema",
    ),
    "Choose at least one area the power of attorney covers.": (
        "Valitse vähintään yksi asiointialue, jota valtuutus koskee.",
        "Välj minst ett område som fullmakten gäller.",
        "Velg minst ett område fullmakten gjelder.",
        "Vel minst eitt område fullmakta gjeld.",
    ),
    "Choose the areas from the list.": (
        "Valitse asiointialueet luettelosta.",
        "Välj områdena i listan.",
        "Velg områdene fra listen.",
        "Vel områda frå lista.",
    ),
    "The end date must be after the start date.": (
        "Päättymispäivän on oltava alkamispäivän jälkeen.",
        "Slutdatumet måste vara efter startdatumet.",
        "Sluttdatoen må være etter startdatoen.",
        "Sluttdatoen må vere etter startdatoen.",
    ),
    "The end date must be in the future.": (
        "Päättymispäivän on oltava tulevaisuudessa.",
        "Slutdatumet måste ligga i framtiden.",
        "Sluttdatoen må være fram i tid.",
        "Sluttdatoen må vere fram i tid.",
    ),
    "A power of attorney can be valid for at most five years.": (
        "Valtuutus voi olla voimassa enintään viisi vuotta.",
        "En fullmakt kan gälla i högst fem år.",
        "En fullmakt kan gjelde i høyst fem år.",
        "Ei fullmakt kan gjelde i høgst fem år.",
    ),
    "Check the identity code: it is not a valid personal identity code.": (
        "Tarkista henkilötunnus: se ei ole kelvollinen henkilötunnus.",
        "Kontrollera personbeteckningen: den är inte giltig.",
        "Sjekk fødselsnummeret: det er ikke gyldig.",
        "Sjekk fødselsnummeret: det er ikkje gyldig.",
    ),
    "Nobody with this identity code uses the service yet. They need to log in once "
    "before you can give them a power of attorney.": (
        "Kukaan tällä henkilötunnuksella ei vielä käytä palvelua. Hänen on kirjauduttava "
        "kerran ennen kuin voit antaa hänelle valtuutuksen.",
        "Ingen med den här personbeteckningen använder tjänsten ännu. Personen måste logga "
        "in en gång innan du kan ge hen en fullmakt.",
        "Ingen med dette fødselsnummeret bruker tjenesten ennå. Personen må logge inn én "
        "gang før du kan gi vedkommende fullmakt.",
        "Ingen med dette fødselsnummeret brukar tenesta enno. Personen må logge inn éin "
        "gong før du kan gje vedkomande fullmakt.",
    ),
    "Log in with your e-ID to give a power of attorney.": (
        "Kirjaudu vahvalla tunnistautumisella antaaksesi valtuutuksen.",
        "Logga in med e-legitimation för att ge en fullmakt.",
        "Logg inn med elektronisk ID for å gi en fullmakt.",
        "Logg inn med elektronisk ID for å gje ei fullmakt.",
    ),
    "You can give a power of attorney from the age of %(age)d.": (
        "Voit antaa valtuutuksen %(age)d vuoden iästä alkaen.",
        "Du kan ge en fullmakt från %(age)d års ålder.",
        "Du kan gi en fullmakt fra du er %(age)d år.",
        "Du kan gje ei fullmakt frå du er %(age)d år.",
    ),
    "You cannot give a power of attorney to yourself.": (
        "Et voi antaa valtuutusta itsellesi.",
        "Du kan inte ge en fullmakt till dig själv.",
        "Du kan ikke gi en fullmakt til deg selv.",
        "Du kan ikkje gje ei fullmakt til deg sjølv.",
    ),
    "The person you give a power of attorney to must be at least %(age)d years old.": (
        "Valtuutettavan on oltava vähintään %(age)d-vuotias.",
        "Den du ger fullmakt måste vara minst %(age)d år.",
        "Den du gir fullmakt, må være minst %(age)d år.",
        "Den du gjev fullmakt, må vere minst %(age)d år.",
    ),
    "You have already given this person a power of attorney: change that one instead.": (
        "Olet jo antanut tälle henkilölle valtuutuksen: muuta sitä sen sijaan.",
        "Du har redan gett den här personen en fullmakt: ändra den i stället.",
        "Du har allerede gitt denne personen en fullmakt: endre den i stedet.",
        "Du har alt gitt denne personen ei fullmakt: endra henne i staden.",
    ),
    "This power of attorney has already ended.": (
        "Tämä valtuutus on jo päättynyt.",
        "Den här fullmakten har redan avslutats.",
        "Denne fullmakten er allerede avsluttet.",
        "Denne fullmakta er alt avslutta.",
    ),
    "This power of attorney has already expired.": (
        "Tämän valtuutuksen voimassaolo on jo päättynyt.",
        "Den här fullmakten har redan gått ut.",
        "Denne fullmakten har allerede utløpt.",
        "Denne fullmakta har alt gått ut.",
    ),
    "%(name)s (%(age)s)": (
        "%(name)s (%(age)s)",
        "%(name)s (%(age)s)",
        "%(name)s (%(age)s)",
        "%(name)s (%(age)s)",
    ),
    "Act for someone else": (
        "Asioi toisen puolesta",
        "Sköt ärenden för någon annan",
        "Handle på vegne av andre",
        "Handle på vegner av andre",
    ),
    "Act for this person": (
        "Asioi tämän henkilön puolesta",
        "Sköt ärenden för den här personen",
        "Handle på vegne av denne personen",
        "Handle på vegner av denne personen",
    ),
    "As a guardian, or with a power of attorney, you can act for someone else.": (
        "Huoltajana tai valtuutuksella voit asioida toisen puolesta.",
        "Som vårdnadshavare eller med en fullmakt kan du sköta ärenden för någon annan.",
        "Som foresatt, eller med en fullmakt, kan du handle på vegne av andre.",
        "Som føresett, eller med ei fullmakt, kan du handle på vegner av andre.",
    ),
    "Back to My page": (
        "Takaisin Omalle sivulle",
        "Tillbaka till Min sida",
        "Tilbake til Min side",
        "Tilbake til Mi side",
    ),
    "Choose whom to act for": (
        "Valitse, kenen puolesta asioit",
        "Välj vem du sköter ärenden för",
        "Velg hvem du handler på vegne av",
        "Vel kven du handlar på vegner av",
    ),
    "Switch back to yourself": (
        "Palaa asioimaan omana itsenäsi",
        "Byt tillbaka till dig själv",
        "Bytt tilbake til deg selv",
        "Byt tilbake til deg sjølv",
    ),
    "There is nobody you can act for now.": (
        "Et voi nyt asioida kenenkään puolesta.",
        "Det finns ingen du kan sköta ärenden för just nu.",
        "Det er ingen du kan handle på vegne av nå.",
        "Det er ingen du kan handle på vegner av no.",
    ),
    "Valid until %(until)s.": (
        "Voimassa %(until)s asti.",
        "Giltig till %(until)s.",
        "Gyldig til %(until)s.",
        "Gyldig til %(until)s.",
    ),
    "Whom do you act for?": (
        "Kenen puolesta asioit?",
        "Vem sköter du ärenden för?",
        "Hvem handler du på vegne av?",
        "Kven handlar du på vegner av?",
    ),
    "You are acting as yourself again.": (
        "Asioit taas omana itsenäsi.",
        "Du sköter nu dina egna ärenden igen.",
        "Du handler nå som deg selv igjen.",
        "Du handlar no som deg sjølv igjen.",
    ),
    "You are acting for %(name)s (%(age)s)": (
        "Asioit henkilön %(name)s (%(age)s) puolesta",
        "Du sköter ärenden för %(name)s (%(age)s)",
        "Du handler på vegne av %(name)s (%(age)s)",
        "Du handlar på vegner av %(name)s (%(age)s)",
    ),
    "You are now acting for %(name)s.": (
        "Asioit nyt henkilön %(name)s puolesta.",
        "Du sköter nu ärenden för %(name)s.",
        "Du handler nå på vegne av %(name)s.",
        "Du handlar no på vegner av %(name)s.",
    ),
    "You can act for a child you are the guardian of, as the age rules allow, and for "
    "someone who has given you a power of attorney. Everything you do is recorded in "
    "their trail under your name.": (
        "Voit asioida huollettavasi lapsen puolesta ikärajojen sallimissa rajoissa ja "
        "sellaisen henkilön puolesta, joka on antanut sinulle valtuutuksen. Kaikki, mitä "
        "teet, kirjataan hänen lokitietoihinsa sinun nimelläsi.",
        "Du kan sköta ärenden för ett barn du är vårdnadshavare för, så långt "
        "åldersreglerna tillåter, och för den som har gett dig en fullmakt. Allt du gör "
        "registreras i personens logg under ditt namn.",
        "Du kan handle på vegne av et barn du har foreldreansvar for, så langt "
        "aldersreglene tillater, og på vegne av noen som har gitt deg fullmakt. Alt du gjør, "
        "blir registrert i loggen deres under ditt navn.",
        "Du kan handle på vegner av eit barn du har foreldreansvar for, så langt "
        "aldersreglane tillèt, og på vegner av nokon som har gitt deg fullmakt. Alt du gjer, "
        "blir registrert i loggen deira under namnet ditt.",
    ),
    "You can no longer act for this person: the relation that allowed it has ended. You "
    "are acting as yourself.": (
        "Et voi enää asioida tämän henkilön puolesta: siihen oikeuttanut suhde on päättynyt. "
        "Asioit omana itsenäsi.",
        "Du kan inte längre sköta ärenden för den här personen: relationen som gav rätt till "
        "det har upphört. Du sköter nu dina egna ärenden.",
        "Du kan ikke lenger handle på vegne av denne personen: forholdet som ga tilgangen, "
        "har opphørt. Du handler som deg selv.",
        "Du kan ikkje lenger handle på vegner av denne personen: forholdet som gav tilgangen, "
        "har opphøyrt. Du handlar som deg sjølv.",
    ),
    "You can:": ("Voit asioida:", "Du kan sköta:", "Du kan bruke:", "Du kan bruke:"),
    "You cannot act for this person now. Choose someone from the list.": (
        "Et voi nyt asioida tämän henkilön puolesta. Valitse joku luettelosta.",
        "Du kan inte sköta ärenden för den här personen nu. Välj någon i listan.",
        "Du kan ikke handle på vegne av denne personen nå. Velg noen fra listen.",
        "Du kan ikkje handle på vegner av denne personen no. Vel nokon frå lista.",
    ),
    "as their guardian": ("huoltajana", "som vårdnadshavare", "som foresatt", "som føresett"),
    "under a power of attorney": (
        "valtuutuksella",
        "med fullmakt",
        "med fullmakt",
        "med fullmakt",
    ),
}

LANGUAGES = ("fi", "sv", "nb", "nn")
HERE = Path(__file__).resolve().parent


def fill() -> list[str]:
    """Fill every msgstr from `T`; returns the msgids that have no translation here."""
    missing: set[str] = set()
    for index, language in enumerate(LANGUAGES):
        path = HERE / language / "LC_MESSAGES" / "django.po"
        with path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        catalog.fuzzy = False
        for message in catalog:
            if not message.id:
                continue
            message.flags.discard("fuzzy")
            msgid = str(message.id)
            if msgid in T:
                message.string = T[msgid][index]
            else:
                missing.add(msgid)
        with path.open("wb") as po_file:
            write_po(po_file, catalog, width=88)
    return sorted(missing)


if __name__ == "__main__":
    left = fill()
    if left:
        raise SystemExit("no translation for: " + "; ".join(left))
    print("proxy translations filled")
