"""The public frame of the village: home, My page, language, health check."""

from __future__ import annotations

import asyncio

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from carevillage.access.actors import acting_for, request_actor, subject_person
from carevillage.audit.selectors import trail_overview
from carevillage.identity.decorators import high_assurance_required
from carevillage.navigator.selectors import saved_assessments_for
from carevillage.tenants.selectors import organizations_for_person


@require_GET
def root(request: HttpRequest) -> HttpResponse:
    """`/` goes to the visitor's language, chosen from Accept-Language."""
    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        return HttpResponseRedirect(reverse("portal:home"))


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, asked for whatever the page links: the icon's address is looked up per
    request, so a production start does not need the collected static files at import time."""
    return HttpResponsePermanentRedirect(static("carevillage/favicon.svg"))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The village home: the language's Wagtail home page (houses app) once one is published."""
    from carevillage.houses.views import serve_village_home

    return serve_village_home(request) or render(request, "portal/home.html")


@never_cache
@high_assurance_required
def my_page(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    person = subject_person(actor)  # high_assurance_required: a person's user
    # Reads audited here show in the trail below; sections that audit while the template
    # renders (care paths, care plans) show from the next visit. The trail is read now
    # (lists, not querysets) so that those later events cannot shift its rows.
    saved_assessments = saved_assessments_for(actor=actor, person=person)
    # Acting for someone, the page is theirs but the trail and the settings stay each
    # person's own (the parent's trail is one switch back away).
    trail = None if acting_for(actor) else trail_overview(actor=actor, person=person)
    return render(
        request,
        "portal/my_page.html",
        {
            "person": person,
            "organizations": organizations_for_person(person=person),
            "trail": trail,
            "saved_assessments": saved_assessments,
        },
    )


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_task_queue() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.exists()


async def _check_channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.ping"})
    message = await layer.receive(channel)
    if message.get("type") != "healthz.ping":
        raise RuntimeError("channel layer returned another message")


async def healthz(request: HttpRequest) -> HttpResponse:
    """Report each part the app needs; 503 and the failing part when one is down."""
    results: dict[str, str] = {}

    async def run(name: str, check) -> None:  # noqa: ANN001
        try:
            if asyncio.iscoroutinefunction(check):
                await asyncio.wait_for(check(), timeout=5)
            else:
                await asyncio.wait_for(sync_to_async(check)(), timeout=5)
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means "down"
            results[name] = f"error: {type(exc).__name__}"

    await run("database", _check_database)
    await run("channel_layer", _check_channel_layer)
    await run("task_queue", _check_task_queue)
    healthy = all(v == "ok" for v in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503
    )
