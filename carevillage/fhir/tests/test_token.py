"""SMART Backend Services token flow: only a good assertion from an active, registered
client gets a token, and each assertion works once."""

from __future__ import annotations

import time

import pytest

from carevillage.fhir.keys import ClientKey
from carevillage.testing.factories import make_organization
from carevillage.testing.fhir import make_api_client

pytestmark = pytest.mark.django_db

TOKEN = "/fhir/auth/token"


@pytest.fixture
def ehr():
    return make_api_client(make_organization("Lakeside Health District"), "system/Patient.rs")


def refused(response, error: str = "invalid_client") -> str:  # noqa: ANN001
    assert response.status_code == (401 if error == "invalid_client" else 400), response.content
    body = response.json()
    assert body["error"] == error
    return body["error_description"]


def test_good_assertion_gets_a_short_lived_token_with_the_registered_scopes(client, ehr):
    response = client.post(TOKEN, ehr.token_form())
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 300
    assert body["scope"] == "system/Patient.rs"
    assert "no-store" in response["Cache-Control"]
    read = client.get("/fhir/Patient?_id=1", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert read.status_code == 200


def test_es384_keys_work_too(client):
    ehr = make_api_client(make_organization("Fjord"), "system/Patient.r", algorithm="ES384")
    assert client.post(TOKEN, ehr.token_form()).status_code == 200


def test_signature_by_another_key_is_refused(client, ehr):
    stranger = ClientKey.generate()
    form = ehr.token_form()
    form["client_assertion"] = ClientKey(
        stranger.algorithm, ehr.key.kid, stranger.private_pem
    ).assertion(ehr.client.client_id, "http://testserver" + TOKEN)
    assert "signature" in refused(client.post(TOKEN, form))


def test_assertion_for_another_audience_is_refused(client, ehr):
    form = ehr.token_form(aud="https://other.example/token")
    assert "aud" in refused(client.post(TOKEN, form))


def test_expired_assertion_is_refused(client, ehr):
    form = ehr.token_form(exp=int(time.time()) - 120)
    assert "expired" in refused(client.post(TOKEN, form))


def test_assertion_living_longer_than_five_minutes_is_refused(client, ehr):
    form = ehr.token_form(exp=int(time.time()) + 3600)
    assert "5 minutes" in refused(client.post(TOKEN, form))


def test_replayed_assertion_is_refused(client, ehr):
    form = ehr.token_form()
    assert client.post(TOKEN, form).status_code == 200
    assert "jti" in refused(client.post(TOKEN, form))


def test_unknown_client_gets_the_answer_a_bad_signature_gets(client, ehr):
    form = ehr.token_form(iss="cv-nobody", sub="cv-nobody")
    assert refused(client.post(TOKEN, form)) == "client_assertion signature does not verify"


def test_disabled_client_is_refused_and_its_tokens_stop_working(client, ehr):
    token = ehr.token(client)
    ehr.client.is_active = False
    ehr.client.save()
    assert refused(client.post(TOKEN, ehr.token_form())) == (
        "client_assertion signature does not verify"
    )
    response = client.get("/fhir/Patient?_id=1", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert response.json()["issue"][0]["code"] == "login"


def test_sub_other_than_the_client_is_refused(client, ehr):
    assert "sub" in refused(client.post(TOKEN, ehr.token_form(sub="someone-else")))


def test_missing_jti_is_refused(client, ehr):
    assert "jti" in refused(client.post(TOKEN, ehr.token_form(jti=None)))


def test_wrong_grant_type_and_assertion_type_are_named(client, ehr):
    form = ehr.token_form()
    assert "grant_type" in refused(
        client.post(TOKEN, {**form, "grant_type": "password"}), "unsupported_grant_type"
    )
    assert "client_assertion_type" in refused(
        client.post(TOKEN, {**form, "client_assertion_type": "x"}), "invalid_request"
    )


def test_asking_for_more_than_registered_gets_only_what_is_registered(client, ehr):
    form = {**ehr.token_form(), "scope": "system/Patient.cruds system/Observation.rs"}
    response = client.post(TOKEN, form)
    assert response.json()["scope"] == "system/Patient.rs"
    form = {**ehr.token_form(), "scope": "system/Observation.rs"}
    assert "none of the requested scopes" in refused(client.post(TOKEN, form), "invalid_scope")
    form = {**ehr.token_form(), "scope": "patient/*.read"}
    assert "not a SMART system scope" in refused(client.post(TOKEN, form), "invalid_scope")


def test_token_endpoint_takes_only_post(client):
    assert client.get(TOKEN).status_code == 405
