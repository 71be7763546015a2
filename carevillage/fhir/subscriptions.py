"""R4 Subscriptions (channel `rest-hook`): when a resource the client may see and that
matches the criteria is created or changed, the change's own transaction writes a
`Delivery` (an outbox row) and queues its task. The task POSTs the resource to the
endpoint with an `Idempotency-Key` header; a failed try is retried with backoff, a try
whose worker died is taken up again by the minute sweep once its claim has run out.

A retry after a worker died between the endpoint's answer and our commit carries the
same key, so the receiver sees one change once however many times it is told.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
import uuid
from typing import Any

import httpx
from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from carevillage import access

from .errors import FhirError
from .mapping.subscription import SUBSCRIBABLE
from .models import Delivery, Subscription, SubscriptionStatus

log = logging.getLogger(__name__)


def claim_length() -> dt.timedelta:
    """How long one try holds its delivery (settings.FHIR_DELIVERY_CLAIM_SECONDS)."""
    return dt.timedelta(seconds=settings.FHIR_DELIVERY_CLAIM_SECONDS)


MAX_ATTEMPTS = 10
TIMEOUT_SECONDS = 10
FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(hours=1)


def backoff(attempts: int) -> dt.timedelta:
    """30 s after the first failure, doubling, at most an hour."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def resource_changed(resource_type: str, resource_id: Any) -> int:
    """Called inside the transaction of a change: owe a notification to every active
    subscription whose client may see the resource and whose criteria it matches."""
    kind = SUBSCRIBABLE[resource_type]
    assert kind.matching is not None  # noqa: S101 - subscribable kinds can be matched
    owed = 0
    subscriptions = Subscription.objects.filter(
        resource_type=resource_type, status=SubscriptionStatus.ACTIVE, client__is_active=True
    ).select_related("client__organization")
    for subscription in subscriptions:
        try:
            matches = kind.matching(subscription.client, subscription.parameters)
            if not matches.filter(pk=resource_id).exists():
                continue
        except FhirError:
            continue
        if Delivery.objects.filter(
            subscription=subscription,
            resource_type=resource_type,
            resource_id=str(resource_id),
            delivered_at__isnull=True,
            given_up_at__isnull=True,
            attempts=0,
        ).exists():
            continue  # one owed and not tried yet: it will send the resource as it is then
        with access.atomic():
            delivery = Delivery.objects.create(
                subscription=subscription,
                resource_type=resource_type,
                resource_id=str(resource_id),
                idempotency_key=uuid.uuid4(),
                next_attempt_at=timezone.now(),
            )
            deliver_notification.enqueue(delivery_id=delivery.pk)
        owed += 1
    if owed:
        schedule_next_subscription_sweep()
    return owed


def _claim(delivery_id: int, now: dt.datetime) -> Delivery | None:
    with access.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("subscription__client__organization")
            .filter(pk=delivery_id, delivered_at__isnull=True, given_up_at__isnull=True)
            .first()
        )
        if delivery is None or (delivery.claimed_until and delivery.claimed_until > now):
            return None
        delivery.claimed_until = now + claim_length()
        delivery.attempts += 1
        delivery.save(update_fields=["claimed_until", "attempts"])
        return delivery


def _pause_for_test(variable: str, delivery_id: int) -> None:
    """Tests kill the worker here (DEBUG only), as fhir/tests/test_subscriptions.py does."""
    seconds = os.environ.get(variable)
    if seconds and settings.DEBUG:
        print(f"{variable} delivery {delivery_id}", file=sys.stderr, flush=True)
        time.sleep(float(seconds))


def deliver(delivery_id: int) -> bool:
    """One try of one delivery. True when the endpoint took it."""
    now = timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return False
    subscription = delivery.subscription
    kind = SUBSCRIBABLE[delivery.resource_type]
    try:
        # Read as the client, at sending time: the read is decided and audited, and a
        # resource the client may no longer see is not sent.
        assert kind.read is not None  # noqa: S101 - subscribable kinds can be read
        resource = kind.read(subscription.client, delivery.resource_id)
    except (Http404, FhirError):
        _finish(delivery, given_up="the resource is no longer shown to this client")
        return False
    headers = {
        "Content-Type": "application/fhir+json",
        "Idempotency-Key": str(delivery.idempotency_key),
        "X-CareVillage-Subscription": str(subscription.pk),
    }
    for header in subscription.headers:
        name, _colon, value = str(header).partition(":")
        if name.strip() and name.strip().lower() not in {"content-type", "idempotency-key", "host"}:
            headers[name.strip()] = value.strip()
    _pause_for_test("CAREVILLAGE_TEST_PAUSE_BEFORE_DELIVERY", delivery_id)
    try:
        answer = httpx.post(
            subscription.endpoint, json=resource, headers=headers, timeout=TIMEOUT_SECONDS
        )
        ok = 200 <= answer.status_code < 300
        error = "" if ok else f"the endpoint answered {answer.status_code}"
    except httpx.HTTPError as failure:
        ok, error = False, f"the endpoint could not be reached ({type(failure).__name__})"
    _pause_for_test("CAREVILLAGE_TEST_PAUSE_AFTER_DELIVERY", delivery_id)
    if ok:
        _finish(delivery)
    else:
        _finish(delivery, error=error)
    return ok


def _finish(delivery: Delivery, *, error: str = "", given_up: str = "") -> None:
    now = timezone.now()
    with access.atomic():
        delivery.claimed_until = None
        fields = ["claimed_until", "last_error"]
        delivery.last_error = (given_up or error)[:500]
        if not error and not given_up:
            delivery.delivered_at = now
            fields.append("delivered_at")
        elif given_up or delivery.attempts >= MAX_ATTEMPTS:
            delivery.given_up_at = now
            fields.append("given_up_at")
            if not given_up:
                Subscription.objects.filter(pk=delivery.subscription_id).update(
                    status=SubscriptionStatus.ERROR, error=delivery.last_error
                )
                log.warning("subscription %s gave up: %s", delivery.subscription_id, error)
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
            fields.append("next_attempt_at")
        delivery.save(update_fields=fields)


def requeue_due(now: dt.datetime | None = None) -> int:
    """Queue a try for every delivery owed whose time has come and that no live try
    holds (a killed worker's claim runs out after `claim_length()`)."""
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    owed = list(
        Delivery.objects.filter(
            delivered_at__isnull=True, given_up_at__isnull=True, next_attempt_at__lte=now
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .values_list("pk", flat=True)[:1000]
    )
    if not owed:
        return 0
    waiting = set(
        DBTaskResult.objects.filter(
            task_path=deliver_notification.module_path,
            status="READY",
            args_kwargs__kwargs__delivery_id__in=owed,
        ).values_list("args_kwargs__kwargs__delivery_id", flat=True)
    )
    queued = 0
    for pk in owed:
        if pk not in waiting:
            deliver_notification.enqueue(delivery_id=pk)
            queued += 1
    return queued


# --- the tasks (django-tasks; the database backend is the outbox) -------------------------

SWEEP_INTERVAL = dt.timedelta(minutes=1)


@task()
def deliver_notification(*, delivery_id: int) -> bool:
    return deliver(delivery_id)


@task()
def sweep_subscriptions() -> int:
    """Every minute: queue the retries that are due and the tries whose worker died. The
    next sweep is planned first, so a sweep that dies midway still has a successor."""
    schedule_next_subscription_sweep()
    return requeue_due()


def schedule_next_subscription_sweep() -> None:
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(
        task_path=sweep_subscriptions.module_path, status="READY"
    ).exists():
        return
    sweep_subscriptions.using(run_after=timezone.now() + SWEEP_INTERVAL).enqueue()
