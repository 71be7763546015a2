"""The emergency number follows the country of the page language: 113 on Norwegian pages."""

from __future__ import annotations

import pytest

from carevillage.portal.context_processors import emergency_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "number"),
    [("fi", "112"), ("sv", "112"), ("en", "112"), ("nb", "113"), ("nb-no", "113"), ("nn", "113")],
)
def test_number_by_language(language, number):
    assert emergency_number(language) == number


@pytest.mark.parametrize(("language", "number"), [("fi", "112"), ("sv", "112"), ("nb", "113")])
def test_symptom_navigator_pages_show_the_number_of_the_page_language(client, language, number):
    page = client.get(f"/{language}/navigators/").content.decode()
    assert f'href="tel:{number}"' in page
    other = "112" if number == "113" else "113"
    assert f'href="tel:{other}"' not in page


def test_an_organization_can_set_one_number_for_every_page(client, settings):
    settings.EMERGENCY_NUMBER = "113"
    settings.EMERGENCY_NUMBERS = {}
    for language in ("fi", "sv", "nb", "en"):
        page = client.get(f"/{language}/navigators/").content.decode()
        assert 'href="tel:113"' in page, language
