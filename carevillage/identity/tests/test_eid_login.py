"""Citizen login with the national e-ID, through a real OpenID Connect provider."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from carevillage.audit.models import AuditEvent
from carevillage.identity.demo import DEMO_PERSONS
from carevillage.identity.models import Person
from carevillage.testing import login_citizen
from carevillage.testing.factories import make_person

pytestmark = pytest.mark.django_db

AINO = next(p for p in DEMO_PERSONS if p.sub == "demo-aino")


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def last_login_event() -> AuditEvent:
    return AuditEvent.objects.filter(action="login").order_by("-id").first()


def test_patient_logs_in_and_sees_own_login_on_my_page(client, eid):
    response = eid.log_in(client, "demo-aino")

    assert response.status_code == 302
    assert response["Location"] == "/en/my/"
    page = client.get("/en/my/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Aino Virtanen" in text
    assert "Who has viewed my data" in text
    assert "Logged in with e-ID" in text
    person = Person.objects.get(oidc_subject="demo-aino")
    assert person.birth_date == dt.date(1985, 3, 14)
    assert person.national_id == AINO.national_id
    # The identity code is stored encrypted, never in clear.
    assert AINO.national_id not in person.national_id_ciphertext
    assert AINO.national_id[:6] not in person.national_id_ciphertext


def test_login_rotates_the_session_id_and_idles_out_after_30_minutes(client, eid):
    authorize_url = eid.start(client)
    before = client.session.session_key
    callback = eid.authorize(authorize_url, sub="demo-aino")
    client.get(callback.url)

    assert logged_in(client)
    assert client.session.session_key != before
    assert client.session.get_expiry_age() == 30 * 60


def test_idle_session_expires_and_my_page_asks_for_login_again(client, eid):
    eid.log_in(client, "demo-aino")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.get("/en/my/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/login/?next=")


def test_my_page_without_session_redirects_to_eid_login(client):
    response = client.get("/fi/my/")
    assert response.status_code == 302
    assert response["Location"] == "/fi/login/?next=%2Ffi%2Fmy%2F"


def test_login_returns_to_the_page_that_asked_for_it(client, eid):
    callback = eid.authorize(eid.start(client, next_url="/sv/my/?page=1"), sub="demo-aino")
    response = client.get(callback.url)
    assert response["Location"] == "/sv/my/?page=1"


def test_login_refuses_to_return_to_another_site(client, eid):
    callback = eid.authorize(eid.start(client, next_url="https://evil.example/"), sub="demo-aino")
    response = client.get(callback.url)
    assert response["Location"] == "/en/my/"


def test_cancelled_login_says_so_creates_no_session_and_is_audited(client, eid):
    callback = eid.authorize(eid.start(client), sub=None, deny=True)
    response = client.get(callback.url)

    assert response.status_code == 400
    assert "You cancelled the identification" in response.content.decode()
    assert not logged_in(client)
    event = last_login_event()
    assert (event.outcome, event.reason) == ("deny", "cancelled")


def test_low_level_of_assurance_is_refused_clearly(client, eid):
    pekka = eid.log_in(client, "demo-pekka")

    assert pekka.status_code == 403
    assert "needs strong identification" in pekka.content.decode()
    assert not logged_in(client)
    assert not Person.objects.filter(oidc_subject="demo-pekka").exists()
    event = last_login_event()
    assert (event.outcome, event.reason) == ("deny", "low_assurance")


def test_low_assurance_login_of_a_known_person_shows_in_their_trail(client, eid):
    person = make_person("Pekka", "Lahtinen")
    pekka = next(p for p in DEMO_PERSONS if p.sub == "demo-pekka")
    person.set_national_id(pekka.national_id)
    person.save()

    eid.log_in(client, "demo-pekka")

    event = last_login_event()
    assert event.subject_person_id == person.pk
    assert event.outcome == "deny"


def test_tampered_state_is_refused(client, eid):
    callback = eid.authorize(eid.start(client), sub="demo-aino")
    callback.query["state"] = "forged" + callback.query["state"][6:]

    response = client.get(callback.url)

    assert response.status_code == 400
    assert "could not be matched" in response.content.decode()
    assert not logged_in(client)
    assert last_login_event().reason == "wrong_state"


def test_callback_without_a_started_login_is_refused(client, eid):
    callback = eid.authorize(eid.start(client), sub="demo-aino")
    client.cookies.clear()  # another browser, no pending login

    response = client.get(callback.url)

    assert response.status_code == 400
    assert not logged_in(client)
    assert last_login_event().reason == "wrong_state"


def test_replayed_authorization_code_is_refused(client, eid):
    first = eid.authorize(eid.start(client), sub="demo-aino")
    client.get(first.url)
    client.post("/en/logout/")

    # An attacker starts a fresh login and replays the old, already used code.
    fresh = eid.authorize(eid.start(client), sub="demo-aino")
    replay = dict(first.query, state=fresh.query["state"])
    response = client.get(f"{first.path}?code={replay['code']}&state={replay['state']}")

    assert response.status_code == 400
    assert "could not be verified" in response.content.decode()
    assert not logged_in(client)
    assert last_login_event().reason == "token_rejected"


def test_id_token_with_another_nonce_is_refused(client, eid):
    callback = eid.authorize(eid.start(client), sub="demo-aino")
    session = client.session
    pending = session["oidc_pending"]
    pending["nonce"] = "a-nonce-from-another-login"
    session["oidc_pending"] = pending
    session.save()

    response = client.get(callback.url)

    assert response.status_code == 400
    assert not logged_in(client)
    assert last_login_event().reason == "wrong_nonce"


def test_logout_ends_the_session_and_ends_the_provider_session(client, eid):
    eid.log_in(client, "demo-aino")

    response = client.post("/en/logout/")

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(eid.issuer + "/oauth2/end_session?")
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Fen%2Flogged-out%2F" in location
    assert AINO.national_id not in location
    assert not logged_in(client)
    assert client.get("/en/my/").status_code == 302
    assert AuditEvent.objects.filter(action="logout", outcome="allow").exists()


def test_logout_needs_post(client, eid):
    eid.log_in(client, "demo-aino")
    assert client.get("/en/logout/").status_code == 405
    assert logged_in(client)


def test_provider_down_gives_a_clear_message(client, settings):
    from carevillage.identity import oidc

    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    oidc.clear_cache()

    response = client.post("/en/login/e-id/")

    assert response.status_code == 400
    assert "could not be reached" in response.content.decode()
    assert last_login_event().reason == "provider_unreachable"
    oidc.clear_cache()


def test_login_page_while_logged_in_with_e_id_goes_to_my_page(client, eid):
    login_citizen(client, "demo-aino")

    response = client.get("/fi/login/")

    assert response.status_code == 302
    assert response["Location"] == "/fi/my/"
    assert client.get("/fi/login/?next=/fi/my/?page=2")["Location"] == "/fi/my/?page=2"


def test_too_many_e_id_logins_started_from_one_address_are_refused_and_audited(
    client, eid, settings
):
    settings.EID_LOGIN_STARTS_PER_IP = 3
    for _ in range(3):
        eid.start(client)

    response = client.post("/en/login/e-id/")

    assert response.status_code == 429
    assert "Too many logins have been started from your network" in response.content.decode()
    event = last_login_event()
    assert (event.outcome, event.reason) == ("deny", "throttled")
    # Someone at another address is not affected.
    other = client.__class__(REMOTE_ADDR="10.0.0.7")
    assert other.post("/en/login/e-id/")["Location"].startswith(eid.issuer)
