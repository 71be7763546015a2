"""A task worker is killed (SIGKILL) while it delivers a subscription notification. Real
processes: `manage.py db_worker` on a SQLite file, a real HTTP receiver on loopback, the
real sweep. Killed before the POST: the sweep takes the delivery up again once the dead
try's claim runs out, and the receiver gets it once. Killed after the receiver answered
but before our commit: the retry carries the same idempotency key, so the receiver sees
one change, told twice with one key, and keeps it once."""

from __future__ import annotations

import json

import pytest

from carevillage.carepaths.tests.test_reminder_worker_killed import (  # noqa: F401 - fixture
    Village,
    kill,
    migrated,
    wait_until,
)
from carevillage.testing.receiver import start_receiver

SETUP = """
import json, os
from carevillage.carepaths.tests.factories import make_world, refer_and_accept
from carevillage.carepaths.tests.test_dashboard import answer_phq9
from carevillage.fhir.mapping.questionnaire_response import QUESTIONNAIRE_RESPONSE
from carevillage.fhir.models import Delivery, Subscription
from carevillage.fhir.mapping.subscription import parse_criteria
from carevillage.testing.fhir import make_api_client

world = make_world()
ehr = make_api_client(world.organization)
criteria = "QuestionnaireResponse?questionnaire=phq-9"
kind, parameters = parse_criteria(criteria)
Subscription.objects.create(
    client=ehr.client, criteria=criteria, resource_type=kind, parameters=parameters,
    endpoint=os.environ["RECEIVER_URL"],
)
refer_and_accept(world)
answer_phq9(world.patient, [1] * 8 + [0])
delivery = Delivery.objects.get()
print(json.dumps({"delivery": delivery.pk, "key": str(delivery.idempotency_key)}))
"""

SWEEP = (
    "from carevillage.fhir import subscriptions; print(subscriptions.sweep_subscriptions.call())"
)


@pytest.fixture
def receiver():
    receiver = start_receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def village(migrated, tmp_path, receiver):  # noqa: F811 - the imported fixture
    village = Village(migrated, tmp_path, smtp_port=1)
    village.env.update(RECEIVER_URL=receiver.url, FHIR_DELIVERY_CLAIM_SECONDS="3")
    try:
        yield village
    finally:
        village.stop()


def delivered(village, delivery: int):  # noqa: ANN001, ANN201
    return village.query("SELECT delivered_at FROM fhir_delivery WHERE id = ?", delivery)[0][0]


def test_killed_before_the_post_the_receiver_gets_it_once_after_the_sweep(village, receiver):
    ids = json.loads(village.shell(SETUP).strip().splitlines()[-1])
    first, paused = village.worker(CAREVILLAGE_TEST_PAUSE_BEFORE_DELIVERY="120")
    assert paused.wait(timeout=60), "the worker never reached the delivery"
    kill(first)
    assert receiver.received == []
    assert delivered(village, ids["delivery"]) is None

    village.worker()
    wait_until(lambda: village.shell(SWEEP).strip().endswith("1"), "the sweep to queue it", 30)
    wait_until(lambda: delivered(village, ids["delivery"]) is not None, "the delivery")
    assert receiver.keys() == [ids["key"]]
    assert village.shell(SWEEP).strip().endswith("0")


def test_killed_after_the_receiver_answered_the_retry_has_the_same_key(village, receiver):
    ids = json.loads(village.shell(SETUP).strip().splitlines()[-1])
    first, paused = village.worker(CAREVILLAGE_TEST_PAUSE_AFTER_DELIVERY="120")
    assert paused.wait(timeout=60), "the worker never finished the POST"
    kill(first)
    assert receiver.keys() == [ids["key"]]
    assert delivered(village, ids["delivery"]) is None

    village.worker()
    wait_until(lambda: village.shell(SWEEP).strip().endswith("1"), "the sweep to queue it", 30)
    wait_until(lambda: delivered(village, ids["delivery"]) is not None, "the delivery")
    # Told twice, one change: the receiver keeps one per key.
    assert receiver.keys() == [ids["key"], ids["key"]]
    assert len({r.body["id"] for r in receiver.received}) == 1
    assert village.shell(SWEEP).strip().endswith("0")
