"""The crisis line the anonymous chat page gives: one per country, the country of the
page's language (fi: Finland, sv: Sweden, nb and nn: Norway), and for other languages
(English) the country of the village's time zone, where the organization is.

These are public, free helplines for someone in a crisis or thinking about suicide:
- Finland: MIELI Mental Health Finland, Crisis Helpline (Kriisipuhelin) 09 2525 0111,
  https://mieli.fi/en/support-and-help/crisis-helpline/
- Sweden: Mind, Självmordslinjen 90101, https://mind.se/hitta-hjalp/sjalvmordslinjen/
- Norway: Mental Helse, Hjelpetelefonen 116 123, https://mentalhelse.no/hjelpetelefonen
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CrisisLine:
    name: str | Promise
    number: str  # as it is dialled in the country, spaced as the service writes it

    @property
    def tel(self) -> str:
        """The number for a tel: link (RFC 3966, local number: digits only)."""
        return "".join(ch for ch in self.number if ch.isdigit())


LINES = {
    "FI": CrisisLine(_("the MIELI Crisis Helpline"), "09 2525 0111"),
    "SE": CrisisLine(_("Mind's suicide helpline (Självmordslinjen)"), "90101"),
    "NO": CrisisLine(_("Mental Helse's helpline (Hjelpetelefonen)"), "116 123"),
}
COUNTRY_OF_LANGUAGE = {"fi": "FI", "sv": "SE", "nb": "NO", "nn": "NO"}
COUNTRY_OF_TIME_ZONE = {
    "Europe/Helsinki": "FI",
    "Europe/Mariehamn": "FI",
    "Europe/Stockholm": "SE",
    "Europe/Oslo": "NO",
}


def crisis_line(language: str | None = None) -> CrisisLine:
    code = (language or get_language() or "").lower().split("-")[0]
    country = COUNTRY_OF_LANGUAGE.get(code) or COUNTRY_OF_TIME_ZONE.get(settings.TIME_ZONE, "FI")
    return LINES[country]
