"""Care plans through the FHIR API: the organization's EHR reads the plan its team made
with the patient, goals contained and activities with who does them."""

from __future__ import annotations

import datetime as dt

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan

from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.careplans import services
from carevillage.testing.factories import make_organization
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db


def test_the_teams_care_plan_with_goals_and_activities(client):
    world = make_world()
    refer_and_accept(world)
    plan = services.create_care_plan(
        actor=world.doctor, person=world.patient, care_team=world.team, title="Sleep and mood"
    )
    goal = services.add_goal(
        actor=world.doctor,
        plan=plan,
        description="Sleep seven hours",
        target="5 nights a week",
        target_date=dt.date(2027, 3, 1),
    )
    services.add_activity(
        actor=world.doctor,
        plan=plan,
        description="Evening walk",
        frequency="daily",
        responsible="patient",
        goal=goal,
    )
    ehr = make_api_client(world.organization, "system/CarePlan.rs")
    headers = ehr.headers(client)
    found = client.get(f"/fhir/CarePlan?patient=Patient/{world.patient.pk}", **headers)
    [entry] = Bundle.model_validate(found.json()).entry
    care_plan = CarePlan.model_validate(entry.resource.model_dump())
    assert care_plan.title == "Sleep and mood"
    assert care_plan.goal[0].reference == f"#goal-{goal.pk}"
    assert care_plan.activity[0].detail.description == "Evening walk"
    assert care_plan.activity[0].detail.scheduledString == "daily"
    other = make_api_client(make_organization("Fjord Hospital"), name="Fjord EHR")
    assert client.get(f"/fhir/CarePlan/{plan.pk}", **other.headers(client)).status_code == 404
