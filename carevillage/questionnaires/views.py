"""Self-tests for anyone, questionnaires for logged-in patients, results and history."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from carevillage.access.actors import request_actor, subject_person
from carevillage.identity.decorators import has_high_assurance, high_assurance_required

from . import engine, fhir, selectors, services
from .charts import history_chart
from .forms import error_summary, more_questions_message, page_link_ids, render_items
from .models import Kind, QuestionnaireVersion

STATE_SALT = "carevillage.questionnaires.anonymous"

logger = logging.getLogger(__name__)


@dataclass
class Step:
    answers: dict[str, list[dict]]
    page: int
    errors: dict[str, str] = field(default_factory=dict)
    notice: str = ""
    done: bool = False


def _first_page_with_enabled(definition: dict, answers: dict, start: int, direction: int) -> int:
    pages = engine.pages(definition)
    enabled = engine.enabled_link_ids(definition, answers)
    index = start
    while 0 <= index < len(pages):
        if any(link_id in enabled for link_id in page_link_ids(pages[index])):
            return index
        index += direction
    return max(0, min(start, len(pages) - 1))


def step(
    definition: dict, data: Any, answers: dict, page: int, shown: list[str], action: str
) -> Step:
    """One press of a button on one page: back, save, next or finish."""
    pages = engine.pages(definition)
    page = max(0, min(page, len(pages) - 1))
    page_items = pages[page]
    result = engine.parse_page(
        definition, page_items, data, answers, check_required=action in ("next", "finish")
    )
    if action == "back":
        kept = {k: v for k, v in result.answers.items() if k not in result.errors}
        return Step(kept, _first_page_with_enabled(definition, kept, page - 1, -1))
    enabled = engine.enabled_link_ids(definition, result.answers)
    # Questions this page's answers just opened: show them before going on.
    newly = [
        link_id
        for link_id in page_link_ids(page_items)
        if link_id in enabled and link_id not in shown
    ]
    errors = {k: v for k, v in result.errors.items() if k not in newly}
    notice = more_questions_message() if newly and action != "save" else ""
    if errors:
        return Step(result.answers, page, errors, notice)
    if action == "save":
        return Step(result.answers, page)
    if newly:
        return Step(result.answers, page, notice=notice)
    answers = engine.prune(definition, result.answers)
    following = _first_page_with_enabled(definition, answers, page + 1, 1)
    if page + 1 < len(pages) and following > page:
        return Step(answers, following)
    missing = engine.missing_required(definition, answers)
    if missing:
        for index, items in enumerate(pages):
            if set(missing) & set(page_link_ids(items)):
                return Step(
                    answers, index, {link_id: _("Answer this question.") for link_id in missing}
                )
    return Step(answers, page, done=True)


def _page_context(
    request: HttpRequest, version: QuestionnaireVersion, s: Step, *, fresh: bool = False
) -> dict[str, Any]:
    definition = version.definition
    language = engine.content_language(definition, translation.get_language())
    pages = engine.pages(definition)
    enabled = engine.enabled_link_ids(definition, s.answers)
    rows = render_items(
        pages[s.page],
        answers=s.answers,
        enabled=enabled,
        errors=s.errors,
        language=language,
        fresh=fresh,
    )
    shown = [row for row in page_link_ids(pages[s.page]) if row in enabled]
    return {
        "questionnaire": version.questionnaire,
        "title": version.questionnaire.title(language),
        "description": engine.localized(definition, "description", language),
        # The language the questionnaire's texts are shown in (the visitor's, or its base
        # language when it is not written in theirs; the template says so).
        "content_lang": language,
        "version": version,
        "rows": rows,
        "errors": error_summary(rows),
        "notice": s.notice,
        "page": s.page,
        "page_number": s.page + 1,
        "page_count": len(pages),
        "is_last": s.page == len(pages) - 1,
        "shown": json.dumps(shown),
        "demo_note": _("Demo content: this is not medical advice."),
    }


def _shown(request: HttpRequest) -> list[str]:
    try:
        value = json.loads(request.POST.get("shown", "[]"))
    except json.JSONDecodeError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _page_number(request: HttpRequest) -> int:
    raw = request.POST.get("page", "0")
    return int(raw) if raw.isdigit() else 0


def _return_to(request: HttpRequest) -> str:
    """Where to offer to go after submitting (`?next=`, e.g. a care-path page): only a
    path of this site that resolves to a page of one of our apps, never another host."""
    value = request.GET.get("next", "")
    if not value.startswith("/") or not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    try:
        match = resolve(value.split("?", 1)[0])
    except Resolver404:
        return ""
    # Wagtail serves every other path; only named pages of our apps qualify.
    return value if match.namespace and match.namespace != "wagtail_serve" else ""


def _with_return(url: str, return_to: str) -> str:
    return f"{url}?{urlencode({'next': return_to})}" if return_to else url


def _links(request: HttpRequest) -> dict[str, str]:
    """Where to go next; a person already logged in with e-ID is not asked to log in."""
    links = {}
    if has_high_assurance(request):
        try:
            links["message_team"] = reverse("messaging:new_thread")
        except NoReverseMatch:
            pass
    else:
        links["login"] = reverse("identity:login")
    try:
        links["providers"] = reverse("directory:finder")
    except NoReverseMatch:
        pass
    return links


def result_context(
    request: HttpRequest,
    version: QuestionnaireVersion,
    *,
    scores: dict,
    band: dict | None,
    flags: list,
    answers: dict,
) -> dict[str, Any]:
    definition = version.definition
    language = engine.content_language(definition, translation.get_language())
    scoring = engine.scoring_of(definition)
    score_rows = []
    for spec in scoring.get("scores", []):
        score_rows.append(
            {
                "label": engine.pick(spec.get("label", spec["name"]), language),
                "value": _number(scores.get(spec["name"], 0)),
                "max": _number(engine.max_score(definition, spec)),
            }
        )
    return {
        "questionnaire": version.questionnaire,
        "title": version.questionnaire.title(language),
        "content_lang": language,
        "scores": score_rows,
        "band": band
        and {
            "label": engine.pick(band["label"], language),
            "advice": engine.pick(band.get("advice", ""), language),
            "severity": band.get("severity", ""),
        },
        "flags": [engine.pick(flag.get("label", flag.get("code", "")), language) for flag in flags],
        "is_quiz": version.questionnaire.kind == Kind.QUIZ or scoring.get("quiz"),
        "feedback": engine.quiz_feedback(definition, answers, language)
        if scoring.get("quiz")
        else [],
        "links": _links(request),
    }


def _number(value: Any) -> str:
    value = float(value)
    return str(int(value)) if value == int(value) else f"{value:g}"


# ---------------------------------------------------------------------------------------
# Anonymous self-tests


@require_GET
def self_test_list(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    tests = [
        {"slug": q.slug, "title": q.title(language), "kind": q.kind}
        for q in selectors.public_self_tests()
    ]
    return render(request, "questionnaires/self_test_list.html", {"tests": tests})


def _public_version(slug: str) -> QuestionnaireVersion:
    questionnaire = selectors.questionnaire_by_slug(slug=slug, public_only=True)
    version = selectors.current_version(questionnaire=questionnaire) if questionnaire else None
    if version is None:
        raise Http404
    return version


@never_cache
@require_http_methods(["GET", "POST"])
def self_test(request: HttpRequest, slug: str) -> HttpResponse:
    """Answers travel page to page in a signed hidden field; nothing is stored but a count."""
    return run_anonymously(request, _public_version(slug), count=True)


def servable(version: QuestionnaireVersion) -> bool:
    """A definition stored before today's checks existed may not pass them: it is refused
    with a page of its own (and a log line for the editors), never a 500 for everyone."""
    try:
        engine.validate(version.definition)
    except engine.DefinitionError as exc:
        logger.error("questionnaire %s cannot be served: %s", version, exc)
        return False
    return True


def unavailable(request: HttpRequest) -> HttpResponse:
    return render(request, "questionnaires/unavailable.html", status=503)


RESULT_COOKIE = "carevillage_self_test_result"
RESULT_SALT = "carevillage.questionnaires.anonymous-result"


def run_anonymously(
    request: HttpRequest, version: QuestionnaireVersion, *, count: bool
) -> HttpResponse:
    """The self-test flow; the admin preview runs an unpublished draft through it too."""
    if not servable(version):
        return unavailable(request)
    version_key = version.pk or 0
    if request.method == "GET" and request.GET.get("result") == "1":
        return _anonymous_result(request, version)
    if request.method == "GET":
        return _render_self_test(request, version, Step({}, 0), fresh=True, count=count)
    try:
        state = signing.loads(request.POST.get("state", ""), salt=STATE_SALT)
        if state["v"] != version_key:
            raise signing.BadSignature
    except (signing.BadSignature, KeyError, TypeError):
        messages.error(request, _("Your earlier answers could not be read. Please start again."))
        return HttpResponseRedirect(request.path)
    s = step(
        version.definition,
        request.POST,
        state["answers"],
        _page_number(request),
        _shown(request),
        request.POST.get("action", "next"),
    )
    if not s.done:
        return _render_self_test(request, version, s, count=count)
    outcome = engine.score(version.definition, s.answers)
    if count:
        services.count_anonymous_result(
            questionnaire=version.questionnaire, band_code=(outcome.band or {}).get("code", "")
        )
    # POST, redirect, GET: Back from the result page returns to the questions without a
    # "resubmit the form?" prompt, and reloading the result counts nothing twice. The
    # answers travel in a signed, short-lived cookie of this page only, never in the
    # address and never on the server.
    redirect = HttpResponseRedirect(f"{request.path}?result=1", status=303)
    redirect.set_cookie(
        RESULT_COOKIE,
        signing.dumps({"v": version_key, "answers": s.answers}, salt=RESULT_SALT, compress=True),
        max_age=RESULT_MAX_AGE,
        path=request.path,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return redirect


RESULT_MAX_AGE = 60 * 60


def _anonymous_result(request: HttpRequest, version: QuestionnaireVersion) -> HttpResponse:
    try:
        state = signing.loads(
            request.COOKIES.get(RESULT_COOKIE, ""), salt=RESULT_SALT, max_age=RESULT_MAX_AGE
        )
        if not isinstance(state, dict) or state.get("v") != (version.pk or 0):
            raise ValueError
        answers = engine.prune(version.definition, state["answers"])
        outcome = engine.score(version.definition, answers)
    except (KeyError, ValueError, TypeError, AttributeError, signing.BadSignature):
        messages.info(request, _("Your result is no longer available. Please answer again."))
        return HttpResponseRedirect(request.path)
    context = result_context(
        request,
        version,
        scores=outcome.scores,
        band=outcome.band,
        flags=outcome.flags,
        answers=answers,
    )
    context["anonymous"] = True
    return render(request, "questionnaires/result.html", context)


def _render_self_test(
    request: HttpRequest,
    version: QuestionnaireVersion,
    s: Step,
    *,
    fresh: bool = False,
    count: bool = True,
) -> HttpResponse:
    context = _page_context(request, version, s, fresh=fresh)
    context["state"] = signing.dumps(
        {"v": version.pk or 0, "answers": s.answers}, salt=STATE_SALT, compress=True
    )
    context["form_action"] = request.path
    context["can_save"] = False
    if count:
        context["my_url"] = reverse("questionnaires:answer", args=[version.questionnaire.slug])
    else:
        context["preview"] = True
    return render(request, "questionnaires/page.html", context, status=400 if s.errors else 200)


# ---------------------------------------------------------------------------------------
# Logged-in patients


def _questionnaire(slug: str):  # noqa: ANN202
    questionnaire = selectors.questionnaire_by_slug(slug=slug)
    if questionnaire is None or selectors.current_version(questionnaire=questionnaire) is None:
        raise Http404
    return questionnaire


@never_cache
@high_assurance_required
@require_GET
def my_questionnaires(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    answered = selectors.answered_questionnaires(actor=request.user)
    rows = [
        {"slug": q.slug, "title": q.title(language), "answered": q.pk in answered}
        for q in selectors.public_self_tests()
    ]
    return render(request, "questionnaires/my_list.html", {"rows": rows})


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    questionnaire = _questionnaire(slug)
    draft = selectors.own_draft(actor=request.user, questionnaire=questionnaire)
    version = draft.version if draft else selectors.current_version(questionnaire=questionnaire)
    if version is None or not servable(version):
        return unavailable(request)
    answers = draft.answers if draft else {}
    if request.method == "GET":
        s = Step(dict(answers), draft.page if draft else 0)
        return _render_answer(request, version, s, fresh=draft is None, draft=draft)
    action = request.POST.get("action", "next")
    return_to = _return_to(request)
    s = step(
        version.definition, request.POST, answers, _page_number(request), _shown(request), action
    )
    if s.errors:
        return _render_answer(request, version, s, draft=draft)
    if s.notice:
        return _render_answer(request, version, s, draft=draft)
    response = services.save_draft(
        actor=request.user, version=version, answers=s.answers, page=s.page
    )
    if not s.done:
        if action == "save":
            messages.success(
                request,
                _(
                    "Your answers are saved as a draft. You can continue later, also on another device."
                ),
            )
        return HttpResponseRedirect(_with_return(request.path, return_to))
    try:
        response = services.submit_response(actor=request.user, response=response)
    except services.ResponseError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(_with_return(request.path, return_to))
    return HttpResponseRedirect(
        _with_return(reverse("questionnaires:response", args=[response.pk]), return_to)
    )


def _render_answer(
    request: HttpRequest,
    version: QuestionnaireVersion,
    s: Step,
    *,
    fresh: bool = False,
    draft: Any = None,
) -> HttpResponse:
    context = _page_context(request, version, s, fresh=fresh)
    context["form_action"] = _with_return(request.path, _return_to(request))
    context["can_save"] = True
    context["draft"] = draft
    return render(request, "questionnaires/page.html", context, status=400 if s.errors else 200)


@never_cache
@high_assurance_required
@require_GET
def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    response = selectors.response_for(actor=request.user, pk=pk)
    if response.status != "completed":
        return HttpResponseRedirect(
            reverse("questionnaires:answer", args=[response.version.questionnaire.slug])
        )
    context = result_context(
        request,
        response.version,
        scores=response.scores,
        band=response.band,
        flags=response.flags,
        answers=response.answers,
    )
    context["response"] = response
    context["return_to"] = _return_to(request)
    return render(request, "questionnaires/result.html", context)


@never_cache
@high_assurance_required
@require_GET
def response_fhir(request: HttpRequest, pk: int) -> HttpResponse:
    response = selectors.response_for(actor=request.user, pk=pk)
    result = JsonResponse(fhir.response_json(response), json_dumps_params={"indent": 2})
    result["Content-Type"] = "application/fhir+json"
    result["Content-Disposition"] = (
        f'attachment; filename="questionnaire-response-{response.pk}.json"'
    )
    return result


@never_cache
@high_assurance_required
@require_GET
def history(request: HttpRequest, slug: str) -> HttpResponse:
    questionnaire = _questionnaire(slug)
    rows = selectors.history(
        actor=request_actor(request),
        person=subject_person(request_actor(request)),
        questionnaire=questionnaire,
    )
    language = translation.get_language()
    version = selectors.current_version(questionnaire=questionnaire)
    if version is None:
        raise Http404
    scoring = engine.scoring_of(version.definition)
    spec = (scoring.get("scores") or [{"name": "total"}])[0]
    top = float(engine.max_score(version.definition, spec)) or 1.0
    entries = [
        {
            "response": r,
            "score": _number(r.scores.get(spec["name"], 0)),
            "value": float(r.scores.get(spec["name"], 0)),
            "band": engine.pick((r.band or {}).get("label", ""), language),
        }
        for r in rows
    ]
    return render(
        request,
        "questionnaires/history.html",
        {
            "questionnaire": questionnaire,
            "title": questionnaire.title(language),
            "entries": entries,
            "score_label": engine.pick(spec.get("label", spec["name"]), language),
            "chart": history_chart(entries, top=top),
        },
    )
