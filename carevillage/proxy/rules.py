"""The age rules for acting for someone else, as data: one `Ruleset` per country.

`settings.PROXY_RULESET` chooses one ("NO" or "FI"). A ruleset says, by the child's age
in full years, what a guardian may do for the child, whether the guardian must share the
child's registered address, whether a confidential address blocks representation, and
the ages a power of attorney needs. The selectors (`proxy.selectors`) apply it on every
call with the `now` they are given.

What a proxy may do is a set of `Need`s: the resource an action is about needs one (a
vaccination needs VACCINATIONS, a discharge summary DOCUMENTS). A power of attorney's
areas (`Scope`) open needs through `SCOPE_NEEDS`; a guardian's access tier opens the
needs its age band lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Scope


class Need(StrEnum):
    """What a resource needs of a proxy's authority."""

    # Any message thread of the person with a care team.
    MESSAGES = "messages"
    # A general message thread with the health station (a care team the person is
    # registered with), not a care path's team and not a prescription renewal.
    HEALTH_STATION_MESSAGES = "health_station_messages"
    APPOINTMENTS = "appointments"
    VACCINATIONS = "vaccinations"
    # Results and medicines.
    RECORD_ENTRIES = "record_entries"
    # Documents of the record (notes, summaries, letters).
    DOCUMENTS = "documents"
    # Care programs, their questionnaires and answers.
    CARE_PATHS = "care_paths"


NEED_LABELS: dict[Need, Promise] = {
    Need.MESSAGES: _("messages"),
    Need.HEALTH_STATION_MESSAGES: _("general messages with the health station"),
    Need.APPOINTMENTS: _("appointments"),
    Need.VACCINATIONS: _("vaccinations"),
    Need.RECORD_ENTRIES: _("test results and medicines"),
    Need.DOCUMENTS: _("documents of the health record"),
    Need.CARE_PATHS: _("care programs and questionnaires"),
}

ALL_NEEDS = frozenset(Need)

# What each area of a power of attorney opens.
SCOPE_NEEDS: dict[Scope, frozenset[Need]] = {
    Scope.MESSAGES: frozenset({Need.MESSAGES, Need.HEALTH_STATION_MESSAGES}),
    Scope.APPOINTMENTS: frozenset({Need.APPOINTMENTS}),
    Scope.RECORDS: frozenset({Need.VACCINATIONS, Need.RECORD_ENTRIES, Need.DOCUMENTS}),
    Scope.CARE_PATHS: frozenset({Need.CARE_PATHS}),
}


def needs_of(scopes: frozenset[Scope]) -> frozenset[Need]:
    return frozenset(need for scope in scopes for need in SCOPE_NEEDS[scope])


class Tier(StrEnum):
    FULL = "full"
    LIMITED = "limited"
    NONE = "none"


@dataclass(frozen=True)
class AgeBand:
    """Children aged `from_age` up to (not including) `until_age` full years."""

    from_age: int
    until_age: int
    tier: Tier
    needs: frozenset[Need]
    # Only a guardian registered at the child's address may act for the child.
    requires_shared_address: bool


@dataclass(frozen=True)
class Ruleset:
    code: str
    guardian_bands: tuple[AgeBand, ...]
    # A person with a confidential address can neither represent nor be represented.
    confidential_address_blocks: bool
    power_of_attorney_giver_min_age: int
    power_of_attorney_holder_min_age: int

    def band_for(self, child_age: int) -> AgeBand | None:
        for band in self.guardian_bands:
            if band.from_age <= child_age < band.until_age:
                return band
        return None


# What a guardian of a 12–15-year-old still sees (Helsenorge: appointments stay visible
# to parents unless exempted, vaccinations, and messages with the health station and
# school health service).
LIMITED_NEEDS = frozenset({Need.APPOINTMENTS, Need.VACCINATIONS, Need.HEALTH_STATION_MESSAGES})

# Norway, Helsenorge's rules on access for parents ("Using Helsenorge with your child",
# helsenorge.no/en/about-services-on-helsenorge/using-helsenorge-with-your-child, and
# the municipalities' summaries of it, e.g. tonsberg.kommune.no "Digihelsestasjon"):
# a parent with parental responsibility represents a child under 12 fully, but only
# when registered at the child's address (folkeregistrert adresse); from 12 the access
# is reduced to appointments, vaccinations and messages with the health station and
# school health service (read: a parent no longer writes for the child), never
# documents or entries marked not shown to parents; at 16
# the young person is of age in health matters (pasient- og brukerrettighetsloven
# § 4-3) and the parents' access ends. People with a confidential address (code 6/7)
# cannot use representation. Powers of attorney (fullmakt): the giver is at least 16
# (of age in health matters), the holder at least 18.
# Helsenorge lets both parents in when either shares the child's address; the issue
# asks for the stricter "this guardian shares it", kept here as the band's flag.
NORWAY = Ruleset(
    code="NO",
    guardian_bands=(
        AgeBand(0, 12, Tier.FULL, ALL_NEEDS, requires_shared_address=True),
        AgeBand(12, 16, Tier.LIMITED, LIMITED_NEEDS, requires_shared_address=True),
    ),
    confidential_address_blocks=True,
    power_of_attorney_giver_min_age=16,
    power_of_attorney_holder_min_age=18,
)

# Finland: the values chosen, and why (to be confirmed by the controller before use):
# - under 10 full access: OmaKanta lets a guardian act for a child under 10 (Kanta,
#   "Asiointi alaikäisen puolesta"); the guardian need not share the address, because
#   the Child Custody and Right of Access Act (361/1983) gives every guardian the same
#   right to the child's information wherever the child lives;
# - 10 to 17 limited, the same needs as Norway's 12–15: from about 10 to 12 a minor may
#   be mature enough to forbid telling the guardians (Act on the Status and Rights of
#   Patients 785/1992, § 9), which the professional marks "not shown to parents"; what
#   is routine (appointments, vaccinations, the health station's general messages)
#   stays open until custody ends at 18;
# - from 18 none (custody ends);
# - turvakielto blocks representation both ways (Suomi.fi e-Authorizations refuses
#   people with a non-disclosure for personal safety reasons);
# - powers of attorney as in Norway: giver 16 (Finnish minors of 15–17 decide much of
#   their own care, and 16 keeps both countries alike), holder 18 (of age).
FINLAND = Ruleset(
    code="FI",
    guardian_bands=(
        AgeBand(0, 10, Tier.FULL, ALL_NEEDS, requires_shared_address=False),
        AgeBand(10, 18, Tier.LIMITED, LIMITED_NEEDS, requires_shared_address=False),
    ),
    confidential_address_blocks=True,
    power_of_attorney_giver_min_age=16,
    power_of_attorney_holder_min_age=18,
)

RULESETS = {ruleset.code: ruleset for ruleset in (NORWAY, FINLAND)}


def active_ruleset() -> Ruleset:
    """The ruleset `settings.PROXY_RULESET` names."""
    try:
        return RULESETS[settings.PROXY_RULESET]
    except KeyError:
        raise LookupError(
            f"PROXY_RULESET={settings.PROXY_RULESET!r}: choose one of {sorted(RULESETS)}"
        ) from None


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years on `day`: a child born 2014-12-04 is 12 on 2026-12-04 and 11 the day
    before. Someone born on 29 February turns a year older on 1 March in common
    years."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
