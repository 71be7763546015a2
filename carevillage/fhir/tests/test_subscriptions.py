"""Subscriptions: a matching change the client may see is POSTed to its endpoint (a real
HTTP receiver on loopback) with an idempotency key; failures are retried with backoff;
nothing is owed for what the client may not see."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.subscription import Subscription as FhirSubscription

from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.carepaths.tests.test_dashboard import answer_phq9
from carevillage.fhir import subscriptions
from carevillage.fhir.mapping.base import base_url
from carevillage.fhir.models import Delivery, Subscription
from carevillage.fhir.tests.test_api import FHIR
from carevillage.testing.factories import make_organization, make_person
from carevillage.testing.fhir import make_api_client
from carevillage.testing.receiver import start_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    receiver = start_receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def world():
    return make_world()


def subscribe(client, ehr, endpoint: str, criteria: str | None = None, **changes):  # noqa: ANN001, ANN003, ANN201
    body = {
        "resourceType": "Subscription",
        "status": "requested",
        "reason": "New PHQ-9 answers",
        "criteria": criteria
        or f"QuestionnaireResponse?questionnaire={base_url()}/Questionnaire/phq-9",
        "channel": {
            "type": "rest-hook",
            "endpoint": endpoint,
            "payload": "application/fhir+json",
            "header": ["Authorization: Bearer receiver-secret"],
        },
    }
    body.update(changes)
    return client.post("/fhir/Subscription", body, content_type=FHIR, **ehr.headers(client))


def test_a_matching_answer_is_posted_once_with_its_idempotency_key(client, world, receiver):
    ehr = make_api_client(world.organization)
    created = subscribe(client, ehr, receiver.url)
    assert created.status_code == 201, created.content
    subscription = FhirSubscription.model_validate(created.json())
    assert subscription.status == "active"
    assert subscription.channel.header == ["Authorization: ***"]

    refer_and_accept(world)
    response = answer_phq9(world.patient, [1] * 8 + [0])
    [delivery] = Delivery.objects.all()
    assert subscriptions.deliver(delivery.pk) is True
    [posted] = receiver.received
    assert posted.headers["authorization"] == "Bearer receiver-secret"
    assert posted.headers["idempotency-key"] == str(delivery.idempotency_key)
    assert posted.headers["content-type"] == "application/fhir+json"
    assert QuestionnaireResponse.model_validate(posted.body).id == str(response.pk)
    # Delivered: another try (a duplicate task) sends nothing.
    assert subscriptions.deliver(delivery.pk) is False
    assert len(receiver.received) == 1


def test_a_failing_endpoint_is_retried_with_backoff_then_given_up(client, world, receiver):
    ehr = make_api_client(world.organization)
    subscribe(client, ehr, receiver.url)
    refer_and_accept(world)
    answer_phq9(world.patient, [0] * 9)
    [delivery] = Delivery.objects.all()
    receiver.status = 503
    assert subscriptions.deliver(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.last_error == "the endpoint answered 503"
    wait = delivery.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=25) < wait <= dt.timedelta(seconds=30)
    assert subscriptions.requeue_due() == 0  # not yet
    moment = timezone.now()
    for attempt in range(2, subscriptions.MAX_ATTEMPTS + 1):
        moment += subscriptions.LONGEST_WAIT
        with time_machine.travel(moment):
            assert subscriptions.deliver(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.given_up_at is not None
    assert Subscription.objects.get().status == "error"
    assert len(receiver.received) == subscriptions.MAX_ATTEMPTS
    # The same change kept its key on every try.
    assert set(receiver.keys()) == {str(delivery.idempotency_key)}


def test_nothing_is_owed_for_what_the_client_may_not_see(client, world, receiver):
    stranger = make_api_client(make_organization("Fjord Hospital"), name="Fjord EHR")
    subscribe(client, stranger, receiver.url)
    refer_and_accept(world)
    answer_phq9(world.patient, [0] * 9)
    answer_phq9(make_person("Sami", "Selftest"), [0] * 9)
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    "changes,named",
    [
        (
            {"criteria": "Patient?identifier=x"},
            "criteria must start with one of: QuestionnaireResponse",
        ),
        ({"criteria": "QuestionnaireResponse?colour=blue"}, "criteria parameter colour"),
        (
            {"channel": {"type": "websocket", "endpoint": "http://127.0.0.1:1/"}},
            "only channel.type rest-hook",
        ),
        ({"channel": {"type": "rest-hook", "endpoint": "ftp://x/"}}, "channel.endpoint must be"),
        (
            {
                "channel": {
                    "type": "rest-hook",
                    "endpoint": "http://127.0.0.1:1/",
                    "payload": "text/xml",
                }
            },
            "payload",
        ),
    ],
)
def test_bad_subscriptions_are_named_and_not_kept(client, world, changes, named):
    ehr = make_api_client(world.organization)
    response = subscribe(client, ehr, "http://127.0.0.1:1/hook", **changes)
    assert response.status_code == 400, response.content
    assert named in response.json()["issue"][0]["diagnostics"]
    assert not Subscription.objects.exists()


def test_only_the_clients_own_subscriptions_are_read(client, world, receiver):
    ehr = make_api_client(world.organization)
    created = subscribe(client, ehr, receiver.url).json()
    other = make_api_client(world.organization, name="Other EHR")
    assert (
        client.get(f"/fhir/Subscription/{created['id']}", **other.headers(client)).status_code
        == 404
    )
    mine = client.get(f"/fhir/Subscription/{created['id']}", **ehr.headers(client))
    assert mine.json()["criteria"] == created["criteria"]


def put(client, ehr, subscription_id: str, body: dict, **headers):  # noqa: ANN001, ANN003, ANN201
    return client.put(
        f"/fhir/Subscription/{subscription_id}",
        body,
        content_type=FHIR,
        **ehr.headers(client),
        **headers,
    )


def test_a_client_turns_its_subscription_off_with_the_version_it_read(client, world, receiver):
    ehr = make_api_client(world.organization)
    created = subscribe(client, ehr, receiver.url)
    assert created["ETag"] == 'W/"1"'
    resource = created.json()

    off = put(client, ehr, resource["id"], {**resource, "status": "off"}, HTTP_IF_MATCH='W/"1"')

    assert off.status_code == 200, off.content
    assert off["ETag"] == 'W/"2"'
    assert FhirSubscription.model_validate(off.json()).status == "off"
    stored = Subscription.objects.get()
    # The masked header read back kept the stored secret.
    assert stored.headers == ["Authorization: Bearer receiver-secret"]
    refer_and_accept(world)
    answer_phq9(world.patient, [0] * 9)
    assert not Delivery.objects.exists()  # an "off" subscription is owed nothing

    again = put(
        client, ehr, resource["id"], {**resource, "status": "active"}, HTTP_IF_MATCH='W/"1"'
    )
    assert again.status_code == 412
    outcome = again.json()
    assert outcome["issue"][0]["code"] == "conflict"
    assert "at version 2, not 1" in outcome["issue"][0]["diagnostics"]
    assert Subscription.objects.get().status == "off"  # nothing changed

    read = client.get(f"/fhir/Subscription/{resource['id']}", **ehr.headers(client))
    assert read["ETag"] == 'W/"2"'


def test_an_update_of_another_clients_subscription_is_404_and_bad_input_changes_nothing(
    client, world, receiver
):
    ehr = make_api_client(world.organization)
    resource = subscribe(client, ehr, receiver.url).json()
    other = make_api_client(world.organization, name="Second EHR")

    foreign = put(client, other, resource["id"], {**resource, "status": "off"})
    assert foreign.status_code == 404

    wrong_id = put(client, ehr, resource["id"], {**resource, "id": "999", "status": "off"})
    assert wrong_id.status_code == 400
    assert "id must be" in wrong_id.json()["issue"][0]["diagnostics"]

    bad = put(client, ehr, resource["id"], {**resource, "criteria": "Patient?x=1"})
    assert bad.status_code == 400
    stored = Subscription.objects.get()
    assert (stored.status, stored.version, stored.criteria) == (
        "active",
        1,
        resource["criteria"],
    )
