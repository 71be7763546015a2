"""The citizen's walk: one question per screen, a form POST per step, no JavaScript needed.

The answers live in the server-side session (never in the address), keyed by navigator.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from carevillage.access.actors import request_actor
from carevillage.identity.decorators import has_high_assurance

from . import selectors, services, walk
from .models import NavigatorVersion

# The services a disposition can point to; the provider finder filters by these codes.
SERVICE_NAMES = {
    "emergency": gettext_lazy("Emergency number / ambulance"),
    "on_call": gettext_lazy("On-call emergency clinic"),
    "health_centre": gettext_lazy("Health centre"),
    "child_health": gettext_lazy("Child health clinic or paediatric on-call"),
    "pharmacy": gettext_lazy("Pharmacy"),
}

SESSION_KEY = "navigator_walks"


def _text(version: NavigatorVersion, texts: dict[str, str]) -> dict[str, str]:
    """A text in the visitor's language (or the first offered one), with its language code."""
    value, lang = walk.localized(texts, translation.get_language(), version.graph["languages"])
    return {"text": value, "lang": lang}


def _walks(request: HttpRequest) -> dict[str, Any]:
    return request.session.setdefault(SESSION_KEY, {})


def _state(request: HttpRequest, slug: str) -> tuple[dict[str, Any], NavigatorVersion] | None:
    state = _walks(request).get(slug)
    if not state:
        return None
    version = selectors.version_by_id(slug=slug, version_id=state.get("version"))
    if version is None:
        return None
    return state, version


def _save_state(request: HttpRequest, slug: str, state: dict[str, Any]) -> None:
    _walks(request)[slug] = state
    request.session.modified = True


def _position(state: dict[str, Any], version: NavigatorVersion) -> walk.Position | None:
    try:
        return walk.replay(version.graph, state["answers"])
    except (walk.InvalidAnswer, KeyError, TypeError, ValueError):
        return None


def _restart(request: HttpRequest, slug: str) -> HttpResponse:
    messages.info(request, _("Your earlier answers were no longer valid. Please start again."))
    _walks(request).pop(slug, None)
    request.session.modified = True
    return HttpResponseRedirect(reverse("navigator:start", args=[slug]))


@require_GET
def navigator_list(request: HttpRequest) -> HttpResponse:
    navigators = [
        {
            "slug": version.navigator.slug,
            "title": _text(version, version.graph["title"]),
            "intro": _text(version, version.graph["intro"]),
        }
        for version in selectors.published_versions()
    ]
    return render(request, "navigator/list.html", {"navigators": navigators})


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, slug: str) -> HttpResponse:
    version = selectors.published_version(slug=slug)
    if version is None:
        raise Http404
    if request.method == "POST":
        _save_state(request, slug, {"version": version.pk, "answers": [], "assessment": None})
        return HttpResponseRedirect(reverse("navigator:question", args=[slug]))
    return render(
        request,
        "navigator/start.html",
        {
            "slug": slug,
            "title": _text(version, version.graph["title"]),
            "intro": _text(version, version.graph["intro"]),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, slug: str) -> HttpResponse:
    found = _state(request, slug)
    if found is None:
        return HttpResponseRedirect(reverse("navigator:start", args=[slug]))
    state, version = found
    position = _position(state, version)
    if position is None:
        return _restart(request, slug)
    error = ""
    if request.method == "POST":
        if request.POST.get("action") == "back":
            if state["answers"]:
                state["answers"].pop()
                state.pop("sent", None)
                _save_state(request, slug, state)
                return HttpResponseRedirect(reverse("navigator:question", args=[slug]))
            return HttpResponseRedirect(reverse("navigator:start", args=[slug]))
        if position.finished or request.POST.get("node") != position.node_id:
            # An old tab or a double submit: show where the walk really stands.
            messages.info(request, _("That question was already answered. Here is where you are."))
            return HttpResponseRedirect(reverse("navigator:question", args=[slug]))
        value = request.POST.get("answer", "")
        if walk.answer_for(position.node, value) is None:
            error = _("Choose one of the answers to continue.")
        else:
            state["answers"].append([position.node_id, value])
            state.pop("sent", None)
            _save_state(request, slug, state)
            position = walk.replay(version.graph, state["answers"])
            if position.finished:
                return HttpResponseRedirect(reverse("navigator:result", args=[slug]))
            return HttpResponseRedirect(reverse("navigator:question", args=[slug]))
    if position.finished:
        return HttpResponseRedirect(reverse("navigator:result", args=[slug]))
    node = position.node
    context = {
        "slug": slug,
        "title": _text(version, version.graph["title"]),
        "node_id": position.node_id,
        "question": _text(version, node["text"]),
        "red_flag": bool(node.get("red_flag")),
        "answers": [
            {"value": answer["value"], "label": _text(version, answer["label"])}
            for answer in node["answers"]
        ],
        "step_number": len(position.steps) + 1,
        "error": error,
    }
    return render(request, "navigator/question.html", context, status=400 if error else 200)


# A disposition's service, as the provider finder's service codes name it (directory/demo.py).
FINDER_SERVICE_CODES = {
    "emergency": "emergency",
    "on_call": "emergency",
    "health_centre": "general-practice",
    "child_health": "child-health-clinic",
    "pharmacy": "pharmacy",
}


def _finder_url(service: str) -> str:
    """The provider finder filtered by the service that fits the disposition."""
    try:
        code = FINDER_SERVICE_CODES.get(service, service)
        return reverse("directory:finder") + "?" + urlencode({"service": code})
    except NoReverseMatch:
        return ""


def _local_link(link: str) -> str:
    """Paths in a graph are language-neutral ("/navigators/"); give them the visitor's."""
    if link.startswith("/") and not link.startswith("//"):
        return f"/{translation.get_language()}{link}"
    return link


@never_cache
@require_http_methods(["GET", "POST"])
def result(request: HttpRequest, slug: str) -> HttpResponse:
    found = _state(request, slug)
    if found is None:
        return HttpResponseRedirect(reverse("navigator:start", args=[slug]))
    state, version = found
    position = _position(state, version)
    if position is None:
        return _restart(request, slug)
    if not position.finished:
        return HttpResponseRedirect(reverse("navigator:question", args=[slug]))
    graph = version.graph
    if request.method == "POST":
        if not has_high_assurance(request):
            messages.error(request, _("Log in with e-ID to send this to your care team."))
            return HttpResponseRedirect(reverse("navigator:result", args=[slug]))
        if position.node["level"] == "emergency":
            messages.error(
                request, _("This needs a call, not a message: call the emergency number.")
            )
            return HttpResponseRedirect(reverse("navigator:result", args=[slug]))
        if state.get("sent"):
            return HttpResponseRedirect(reverse("navigator:result", args=[slug]))
        try:
            _saved, sent_to = services.save_assessment(
                actor=request_actor(request),
                version=version,
                answers=state["answers"],
                language=translation.get_language(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("navigator:result", args=[slug]))
        if sent_to is not None:
            sent = _(
                "Sent to %(team)s. You find it in your messages and on My page; "
                "the care team answers there."
            ) % {"team": sent_to.name}
        else:
            sent = _("Saved. Your care team can see it, and you find it on My page.")
        # Shown in place of the button from now on: a second press sends nothing twice.
        state["sent"] = sent
        _save_state(request, slug, state)
        return HttpResponseRedirect(reverse("navigator:result", args=[slug]))
    assessment = services.count_outcome(
        version=version, disposition=position.node_id, assessment_id=state.get("assessment")
    )
    if state.get("assessment") != assessment.pk:
        state["assessment"] = assessment.pk
        _save_state(request, slug, state)
    node = position.node
    steps: list[dict[str, Any]] = []
    for step in position.steps:
        asked = graph["nodes"][step.node_id]
        chosen = walk.chosen_answer(asked, step.value)
        steps.append(
            {
                "question": _text(version, asked["text"]),
                "answer": _text(version, chosen["label"]),
                # The label marks the answer that is the warning sign (the one that leads
                # straight to an emergency), never the reassuring "No" to the same question.
                "red_flag": bool(asked.get("red_flag"))
                and graph["nodes"].get(chosen.get("next"), {}).get("level") == "emergency",
            }
        )
    title = _text(version, graph["title"])
    outcome = _text(version, node["text"])
    summary_lines = [title["text"], ""]
    summary_lines += [f"{s['question']['text']} {s['answer']['text']}" for s in steps]
    summary_lines += ["", outcome["text"]]
    logged_in = has_high_assurance(request)
    return render(
        request,
        "navigator/result.html",
        {
            "slug": slug,
            "title": title,
            "level": node["level"],
            "outcome": outcome,
            "service": SERVICE_NAMES.get(node["service"], node["service"]),
            "finder_url": _finder_url(node["service"]),
            "self_care_link": _local_link(node.get("self_care_link", "")),
            "steps": steps,
            "summary": "\n".join(summary_lines),
            "version_number": version.number,
            # An emergency is a call, not a message: nobody reads a message in time.
            "offer_sending": node["level"] != "emergency",
            "can_save": logged_in,
            "logged_in": logged_in or request.user.is_authenticated,
            "sent": state.get("sent"),
        },
    )
