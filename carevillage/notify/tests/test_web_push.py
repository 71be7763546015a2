"""Web push: a patient's browser subscribes, and a care-team answer reaches it as an
encrypted push (RFC 8291, aes128gcm) with a VAPID signature (RFC 8292).

There is no internet here, so a small real HTTP server plays the browser vendor's push
service. The test makes its keys the way a browser does (a P-256 key pair and a 16-byte
auth secret), and decrypts what the push service received with the private key.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse
from django.utils import translation
from py_vapid import Vapid

from carevillage.messaging.tests.conftest import log_in_patient
from carevillage.notify.models import PushSubscription
from carevillage.notify.vapid import b64url, b64url_decode, public_key_for

from .helpers import HEALTH_WORDS, nurse_answers, patient_writes, send_queued_mail, staff_client


@dataclass
class PushService:
    url: str
    status: int = 201
    received: list[dict] = field(default_factory=list)


@pytest.fixture
def push_service():
    service = PushService(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            service.received.append(
                {"path": self.path, "headers": dict(self.headers), "body": body}
            )
            self.send_response(service.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    service.url = f"http://127.0.0.1:{server.server_port}"
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()


class Browser:
    """What a browser keeps for one push subscription."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    def subscription_json(self) -> dict:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "action": "subscribe",
            "endpoint": self.endpoint,
            "keys": {"p256dh": b64url(public), "auth": b64url(self.auth_secret)},
        }

    def decrypt(self, body: bytes) -> dict:
        plaintext = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )
        return json.loads(plaintext)


def subscribe(client, browser: Browser):  # noqa: ANN001, ANN201
    return client.post(
        reverse("notify:push_subscription"),
        data=json.dumps(browser.subscription_json()),
        content_type="application/json",
    )


@pytest.fixture
def push_allowed(settings):
    # Real push services are https on known hosts; the stand-in here is plain http on
    # loopback, allowed for this test only.
    settings.WEBPUSH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.WEBPUSH_ALLOW_HTTP_ENDPOINTS = True
    settings.WEBPUSH_ALLOW_LOOPBACK_FOR_TESTS = True


def test_care_team_answer_arrives_as_an_encrypted_push_with_only_the_words_and_the_link(
    client, eid, village, push_service, push_allowed, settings
):
    log_in_patient(client, eid, "demo-aino", village.team)
    thread = patient_writes(client, village.team)
    settings_page = client.get(reverse("notify:settings")).content.decode()
    assert "Push notifications are optional" in settings_page
    assert public_key_for(settings.VAPID_PRIVATE_KEY) in settings_page

    browser = Browser(push_service.url + "/push/aino-laptop")
    assert subscribe(client, browser).json() == {"ok": True}
    nurse_answers(staff_client(village.nurse), thread, "Use the cream twice a day.")
    assert send_queued_mail() == 1

    assert len(push_service.received) == 1
    request = push_service.received[0]
    assert request["path"] == "/push/aino-laptop"
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["content-encoding"] == "aes128gcm"
    assert int(headers["ttl"]) > 0
    # VAPID: signed with this server's key, for the push service's origin.
    assert f"k={public_key_for(settings.VAPID_PRIVATE_KEY)}" in headers["authorization"]
    assert Vapid.verify(headers["authorization"])
    token = headers["authorization"].split("t=")[1].split(",")[0]
    claims = json.loads(b64url_decode(token.split(".")[1]))
    assert claims["aud"] == push_service.url

    for word in HEALTH_WORDS:
        assert word.encode() not in request["body"]
    payload = browser.decrypt(request["body"])
    assert payload == {
        "title": "You have a new message",
        "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + f"/en/messages/{thread.pk}/",
    }


def test_a_subscription_the_push_service_says_is_gone_is_removed(
    client, eid, village, push_service, push_allowed
):
    log_in_patient(client, eid, "demo-aino", village.team)
    thread = patient_writes(client, village.team)
    subscribe(client, Browser(push_service.url + "/push/old-phone"))
    assert PushSubscription.objects.count() == 1

    push_service.status = 410  # RFC 8030: the browser unsubscribed
    nurse_answers(staff_client(village.nurse), thread)
    send_queued_mail()

    assert len(push_service.received) == 1
    assert not PushSubscription.objects.exists()


def test_an_unusable_subscription_is_refused_with_a_clear_error(client, eid, village, settings):
    log_in_patient(client, eid, "demo-aino", village.team)
    plain_http = Browser("http://fcm.googleapis.com/fcm/send/abc")
    response = subscribe(client, plain_http)
    assert response.status_code == 400
    assert "push service is not one we can send to" in response.json()["error"]

    broken = Browser("https://fcm.googleapis.com/fcm/send/abc").subscription_json()
    broken["keys"]["p256dh"] = "not-a-key"
    response = client.post(
        reverse("notify:push_subscription"),
        data=json.dumps(broken),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "unusable push subscription" in response.json()["error"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1:8000/admin/",  # loopback, as an IP literal
        "https://[::1]/push",
        "https://169.254.169.254/latest/meta-data/",  # a cloud metadata service
        "https://10.0.0.5/push",
        "https://intranet.example.org/push",  # not a push service
        "https://fcm.googleapis.com.evil.example/push",  # a look-alike host
        "https://user:secret@fcm.googleapis.com/fcm/send/abc",
        "https://fcm.googleapis.com:8443/fcm/send/abc",
        "ftp://fcm.googleapis.com/abc",
    ],
)
def test_a_push_endpoint_that_is_not_a_known_push_service_is_refused_in_the_persons_language(
    client, eid, village, push_service, endpoint
):
    log_in_patient(client, eid, "demo-aino", village.team)
    english = subscribe(client, Browser(endpoint))
    assert english.status_code == 400
    assert "push service is not one we can send to" in english.json()["error"]
    with translation.override("fi"):
        finnish = subscribe(client, Browser(endpoint))
    assert finnish.status_code == 400
    assert "push service is not one we can send to" not in finnish.json()["error"]
    assert not PushSubscription.objects.exists()
    assert push_service.received == []


def test_a_known_push_host_that_resolves_to_a_private_address_is_refused(
    client, eid, village, settings, push_service
):
    # "localhost" stands in for a push host whose DNS answer points inside the network.
    settings.WEBPUSH_ALLOWED_HOSTS = ["localhost"]
    log_in_patient(client, eid, "demo-aino", village.team)
    response = subscribe(client, Browser("https://localhost/push/abc"))
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_the_endpoint_is_checked_again_when_sending(
    client, eid, village, push_service, push_allowed, settings
):
    log_in_patient(client, eid, "demo-aino", village.team)
    thread = patient_writes(client, village.team)
    assert subscribe(client, Browser(push_service.url + "/push/aino-laptop")).json() == {"ok": True}
    # The allow-list changed after the browser subscribed: nothing is sent there now.
    settings.WEBPUSH_ALLOW_LOOPBACK_FOR_TESTS = False
    nurse_answers(staff_client(village.nurse), thread)
    send_queued_mail()
    assert push_service.received == []


def test_the_sending_connection_refuses_a_private_peer_whatever_dns_said(push_service, settings):
    """DNS rebinding: the check before sending passed, the connection lands on loopback."""
    import requests

    from carevillage.notify.push_endpoints import push_session

    settings.WEBPUSH_ALLOW_LOOPBACK_FOR_TESTS = False
    with pytest.raises(requests.ConnectionError):
        push_session().post(push_service.url + "/push/x", data=b"x", timeout=5)
    assert push_service.received == []


def test_the_service_worker_is_served_from_the_site_root(client):
    response = client.get("/notify-service-worker.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"showNotification" in response.content


def test_logging_out_turns_push_off_on_that_browser_only(
    client, eid, village, push_service, push_allowed
):
    from django.test import Client

    log_in_patient(client, eid, "demo-aino", village.team)
    subscribe(client, Browser(push_service.url + "/push/library-computer"))
    other_browser = Client()
    log_in_patient(other_browser, eid, "demo-aino", village.team)
    subscribe(other_browser, Browser(push_service.url + "/push/own-phone"))

    client.post(reverse("identity:logout"))

    remaining = list(PushSubscription.objects.values_list("endpoint", flat=True))
    assert remaining == [push_service.url + "/push/own-phone"]


def test_settings_offer_one_push_button_and_without_javascript_a_form_that_turns_push_off(
    client, eid, village, push_service, push_allowed
):
    from carevillage.audit.models import AuditEvent

    log_in_patient(client, eid, "demo-aino", village.team)
    settings_page = reverse("notify:settings")
    html = client.get(settings_page).content.decode()
    # Both browser buttons start hidden; push.js shows the one for the other state.
    assert re.search(r'id="push-on" hidden>', html) and re.search(r'id="push-off" hidden>', html)
    assert "Turn off push notifications</button>" not in html  # nothing is on yet

    subscribe(client, Browser(push_service.url + "/push/laptop"))
    subscribe(client, Browser(push_service.url + "/push/phone"))
    html = client.get(settings_page).content.decode()
    assert "Push notifications are on in 2 browsers." in html
    response = client.post(settings_page, {"action": "push_off"})
    assert response.status_code == 302
    assert not PushSubscription.objects.exists()
    assert AuditEvent.objects.filter(action="unsubscribe_push").count() == 1
    html = client.get(settings_page).content.decode()
    assert "Push notifications are off in all your browsers." in html
    assert "Turn off push notifications</button>" not in html
