"""What an API client (an EHR's system calling the FHIR API) is related to: the care teams
of its organization (or only those it was registered for), and the people those teams
care for or have invited. Handlers that let API clients in (`api_client_actions`) ask
here; the policy refuses API clients everywhere else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from carevillage.access.policy import Decision
from carevillage.carepaths.models import Enrollment
from carevillage.tenants.models import CareTeam, PatientRegistration


def client_teams(client: Any) -> QuerySet[CareTeam]:
    teams = CareTeam.objects.filter(organization_id=client.organization_id)
    chosen = client.care_team_ids()
    return teams.filter(pk__in=chosen) if chosen else teams


def client_persons(client: Any, person_field: str = "pk") -> Q:
    """The people the client's teams have a relationship with: an enrollment in any state
    (an invitation included: the EHR referred them) or a registration. `person_field` is
    the path from the filtered model to the person's id."""
    teams = client_teams(client).values("pk")
    enrolled = Enrollment.objects.filter(care_team__in=teams).values("person_id")
    registered = PatientRegistration.objects.filter(care_team__in=teams).values("person_id")
    return Q(**{f"{person_field}__in": enrolled}) | Q(**{f"{person_field}__in": registered})


def client_decision(client: Any, person_id: int | None, on_behalf_of: Any) -> Decision:
    if on_behalf_of is not None:
        return Decision(False, "no proxy relation")
    if person_id is None:
        return Decision(False, "no person")
    teams = client_teams(client).values("pk")
    related = (
        Enrollment.objects.filter(person_id=person_id, care_team__in=teams).exists()
        or PatientRegistration.objects.filter(person_id=person_id, care_team__in=teams).exists()
    )
    if not related:
        return Decision(False, "no relationship with the client's organization")
    return Decision(True, "API client of the organization", organization=client.organization_name)
