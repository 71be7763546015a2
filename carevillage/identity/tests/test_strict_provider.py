"""e-ID login through a strict, conformant provider (npm oidc-provider).

It requires PKCE, a nonce and pushed authorization requests, gives profile claims and
the national id only from UserInfo, uses pairwise subjects, and form-decodes the client
secret from HTTP Basic. A login that works only against the lenient mock fails here.
"""

from __future__ import annotations

import pytest

from carevillage.audit.models import AuditEvent
from carevillage.identity import oidc
from carevillage.identity.demo import DEMO_PERSONS
from carevillage.identity.models import Person
from carevillage.identity.tests.strict_provider import BASIC_SECRET
from carevillage.testing.factories import make_person

pytestmark = pytest.mark.django_db

AINO = next(p for p in DEMO_PERSONS if p.sub == "demo-aino")
ALL_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("strict_eid", ALL_METHODS, indirect=True)
def test_login_through_a_strict_provider_shows_the_name_on_my_page(client, strict_eid):
    response = strict_eid.log_in(client, "demo-aino")

    assert response.status_code == 302
    assert response["Location"] == "/en/my/"
    page = client.get("/en/my/").content.decode()
    assert "Aino Virtanen" in page
    assert "Hello, ." not in page
    person = Person.objects.get()
    assert person.national_id == AINO.national_id
    # Pairwise: the subject the provider gave us is not the person's account id there.
    assert person.oidc_subject and person.oidc_subject != "demo-aino"


def test_strict_login_links_to_the_person_a_professional_referred(client, strict_eid):
    referred = make_person("", "", with_user=False)
    referred.set_national_id(AINO.national_id)
    referred.save()

    strict_eid.log_in(client, "demo-aino")

    referred.refresh_from_db()
    assert (referred.given_name, referred.family_name) == ("Aino", "Virtanen")
    assert referred.user is not None
    assert client.session["_auth_user_id"] == str(referred.user.pk)


def test_the_authorization_request_is_pushed_and_the_browser_carries_only_a_handle(
    client, strict_eid
):
    authorize_url = strict_eid.start(client)

    assert "request_uri=" in authorize_url
    for secret_part in ("code_challenge", "nonce", "state"):
        assert secret_part not in authorize_url


def test_client_secret_with_a_plus_is_form_encoded_for_basic_auth(client, strict_eid):
    assert "+" in BASIC_SECRET
    callback = strict_eid.authorize(strict_eid.start(client), sub="demo-aino")
    pending = client.session["oidc_pending"]

    tokens = oidc.exchange_code(
        code=callback.query["code"],
        redirect_uri="http://testserver/oidc/callback/",
        code_verifier=pending["verifier"],
    )

    assert tokens["id_token"]
    # The profile stays out of the ID token here: it has to come from UserInfo.
    claims = oidc.verify_id_token(tokens["id_token"], nonce=pending["nonce"])
    assert "given_name" not in claims and "national_id" not in claims


def test_userinfo_for_another_subject_is_refused(client, strict_eid, monkeypatch):
    genuine = oidc.userinfo

    def someone_else(*, access_token: str) -> dict:
        return dict(genuine(access_token=access_token), sub="somebody-else")

    monkeypatch.setattr(oidc, "userinfo", someone_else)
    response = strict_eid.log_in(client, "demo-aino")

    assert response.status_code == 400
    assert "could not be verified" in response.content.decode()
    assert not logged_in(client)
    event = AuditEvent.objects.filter(action="login").order_by("-id").first()
    assert (event.outcome, event.reason) == ("deny", "userinfo_sub_mismatch")


def test_low_assurance_at_the_strict_provider_is_refused(client, strict_eid):
    response = strict_eid.log_in(client, "demo-pekka")

    assert response.status_code == 403
    assert "needs strong identification" in response.content.decode()
    assert not logged_in(client)


def test_cancel_at_the_strict_provider_says_so(client, strict_eid):
    callback = strict_eid.authorize(strict_eid.start(client), sub=None, deny=True)

    response = client.get(callback.url)

    assert response.status_code == 400
    assert "You cancelled the identification" in response.content.decode()


def test_logout_sends_the_id_token_hint_only_when_configured(client, strict_eid, settings):
    strict_eid.log_in(client, "demo-aino")
    assert "oidc_id_token" not in client.session
    location = client.post("/en/logout/")["Location"]
    assert "id_token_hint" not in location
    assert location.startswith(strict_eid.issuer + "/session/end?")

    settings.OIDC_LOGOUT_ID_TOKEN_HINT = True
    strict_eid.log_in(client, "demo-aino")
    id_token = client.session["oidc_id_token"]
    location = client.post("/en/logout/")["Location"]
    assert f"id_token_hint={id_token}" in location
    assert "oidc_id_token" not in client.session


@pytest.mark.parametrize("strict_eid", ["private_key_jwt"], indirect=True)
def test_the_private_key_jwt_public_key_is_published_for_the_provider(client, strict_eid):
    keys = client.get("/oidc/jwks.json").json()["keys"]

    assert len(keys) == 1
    assert keys[0]["kty"] == "RSA" and keys[0]["kid"] == oidc.client_private_key().kid
    assert "d" not in keys[0]  # never the private half
