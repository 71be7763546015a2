"""A house page lists the self-tests and symptom navigators its theme offers."""

from __future__ import annotations

import pytest

from carevillage.identity.demo import seed_identities
from carevillage.navigator.demo import seed_demo as seed_navigators
from carevillage.questionnaires.demo import seed_demo as seed_questionnaires
from carevillage.tenants.demo import seed_organization

from .factories import make_house, make_village

pytestmark = pytest.mark.django_db


@pytest.fixture
def houses():
    home = make_village()
    mind = make_house(home, slug="mind", title="Mental health house")
    mind.theme = "mental_health"
    mind.save_revision().publish()
    pain = make_house(home, slug="pain", title="Chronic pain house")
    pain.theme = "chronic_pain"
    pain.save_revision().publish()
    surgery = make_house(home, slug="surgery", title="Surgery house")
    surgery.theme = "surgery"
    surgery.save_revision().publish()
    seed_questionnaires()
    people = seed_identities()
    seed_organization(persons=people["persons"], staff=people["staff"])
    seed_navigators(staff=people["staff"])
    return {"mind": mind, "pain": pain, "surgery": surgery}


def test_mental_health_house_links_its_self_tests(client, houses):
    page = client.get(houses["mind"].url).content.decode()
    assert 'href="/en/self-tests/phq-9/"' in page
    assert 'href="/en/self-tests/gad-7/"' in page
    assert "/navigators/" not in page.split("offers-heading")[1]


def test_chronic_pain_house_links_the_low_back_pain_navigator(client, houses):
    page = client.get(houses["pain"].url).content.decode()
    assert 'href="/en/navigators/low-back-pain/"' in page
    assert "/self-tests/phq-9/" not in page


def test_house_without_offers_says_so(client, houses):
    page = client.get(houses["surgery"].url).content.decode()
    assert "This house has no self-tests or symptom navigators yet." in page
