"""An EHR refers Mikko through the FHIR API (as the README shows it): the ServiceRequest
becomes the invitation on his My page, and the EHR's read of Aino stands in her
"Who has viewed my data", named by the client and its organization."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from playwright.sync_api import expect

from carevillage.fhir.keys import ClientKey
from tests.browser.conftest import check_accessibility

AINO = "140385-912T"
MIKKO = "020780-934P"


def _token(village) -> str:  # noqa: ANN001
    directory = Path(village.env["CAREVILLAGE_VAR_DIR"]) / "fhir-demo-ehr"
    info = json.loads((directory / "client.json").read_text())
    key = ClientKey(info["algorithm"], info["kid"], (directory / "private-key.pem").read_text())
    token_url = f"{village.base_url}/fhir/auth/token"
    response = httpx.post(
        token_url,
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": key.assertion(info["client_id"], token_url),
        },
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def test_ehr_referral_reaches_my_page_and_its_read_reaches_the_trail(village, page):
    fhir = f"{village.base_url}/fhir"
    headers = {"Authorization": f"Bearer {_token(village)}"}
    found = httpx.get(f"{fhir}/Patient?identifier=urn:oid:1.2.246.21|{AINO}", headers=headers)
    assert found.json()["entry"][0]["resource"]["name"][0]["given"] == ["Aino"]
    referral = {
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "order",
        "subject": {"identifier": {"system": "urn:oid:1.2.246.21", "value": MIKKO}},
        "instantiatesCanonical": [f"{fhir}/PlanDefinition/better-sleep"],
        "requester": {
            "identifier": {
                "system": "https://carevillage.org/fhir/sid/username",
                "value": "nurse.sanna",
            }
        },
        "note": [{"text": "Demo: referred from the sleep clinic of the EHR."}],
    }
    created = httpx.post(
        f"{fhir}/ServiceRequest",
        json=referral,
        headers={**headers, "Content-Type": "application/fhir+json"},
    )
    assert created.status_code == 201, created.text

    page.goto(village.base_url + "/en/my/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-mikko").click()
    expect(page).to_have_url(re.compile(r"/en/my/$"))
    care_paths = page.get_by_role("region", name="My care paths")
    expect(care_paths).to_contain_text("Invitation: Better sleep")
    expect(care_paths).to_contain_text("Demo: referred from the sleep clinic of the EHR.")
    check_accessibility(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(Path(village.env["CAREVILLAGE_VAR_DIR"]) / "fhir-mikko-320.png"))

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(village.base_url + "/en/my/who-has-viewed-my-data/")
    page.get_by_role("button", name="Continue to identification").click()
    page.get_by_role("button", name="demo-aino").click()
    expect(page).to_have_url(re.compile(r"/en/my/who-has-viewed-my-data/$"))
    expect(page.get_by_role("main")).to_contain_text("Demo EHR (DEMO)")
    expect(page.get_by_role("main")).to_contain_text("Demo Hospital District")
    check_accessibility(page)
