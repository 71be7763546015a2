"""Thin views: parse the form, call one service or selector, render. Plain POST forms work
without JavaScript; `static/messaging/live.js` adds live updates on top."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carevillage.identity.decorators import (
    high_assurance_required,
    participant_required,
    staff_required,
)
from carevillage.identity.models import Person, User

from . import selectors, services
from .models import ChatService, Thread, ThreadKind, ThreadStatus

ANON_SESSION_KEY = "anonymous_chat_thread"


def _client_key(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("client_key", ""))
    except ValueError:
        return None


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


# --- patient -------------------------------------------------------------------------


@never_cache
@high_assurance_required
@require_GET
def my_threads(request: HttpRequest) -> HttpResponse:
    threads = selectors.patient_threads_for(actor=request.user)
    return render(request, "messaging/my_threads.html", {"threads": threads})


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def new_thread(request: HttpRequest) -> HttpResponse:
    person = request.user.person
    teams = selectors.care_teams_to_write_to(person=person)
    errors: list[str] = []
    values = {"care_team": "", "topic": "", "body": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        key = _client_key(request)
        team = (
            teams.filter(pk=values["care_team"]).first() if values["care_team"].isdigit() else None
        )
        if team is None:
            errors.append(_("Choose the care team you want to write to."))
        if key is None:
            errors.append(_("The form was out of date. Please send it again."))
        if not errors:
            try:
                thread = services.start_thread(
                    actor=request.user,
                    care_team=team,
                    topic=values["topic"],
                    body=values["body"],
                    client_key=key,
                    files=request.FILES.getlist("files"),
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                return HttpResponseRedirect(reverse("messaging:thread", args=[thread.pk]))
    return render(
        request,
        "messaging/new_thread.html",
        {
            "teams": teams,
            "values": values,
            "errors": errors,
            "client_key": uuid.uuid4(),
            "max_mb": services.max_attachment_bytes() // (1024 * 1024),
        },
        status=400 if errors else 200,
    )


# --- both sides ------------------------------------------------------------------------


def _thread_context(request: HttpRequest, thread: Thread, errors: list[str]) -> dict:
    actor = request.user
    patient_side = selectors.is_patient_side(actor=actor, thread=thread)
    messages = selectors.messages_after(actor=actor, thread=thread)
    if messages:
        services.mark_read(actor=actor, thread=thread, up_to_message_id=messages[-1].pk)
    staff_side = not patient_side
    return {
        "thread": thread,
        "thread_messages": messages,
        "last_id": messages[-1].pk if messages else 0,
        "staff_side": staff_side,
        "manages": staff_side and thread.kind != ThreadKind.CONSULTATION,
        "colleagues": selectors.colleagues_in_team(thread=thread) if staff_side else [],
        "members": thread.members.select_related("user") if thread.kind == "consultation" else [],
        "addable": selectors.colleagues_for_consultation(actor=actor)
        if thread.kind == ThreadKind.CONSULTATION
        else [],
        "errors": errors,
        "body": request.POST.get("body", "") if errors else "",
        "client_key": request.POST.get("client_key") if errors else uuid.uuid4(),
        "max_mb": services.max_attachment_bytes() // (1024 * 1024),
        "socket_path": f"/ws/messages/{thread.pk}/",
    }


@never_cache
@participant_required
@require_http_methods(["GET", "POST"])
def thread_page(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_for(actor=request.user, thread_id=thread_id)
    errors: list[str] = []
    if request.method == "POST":
        key = _client_key(request)
        if key is None:
            errors.append(_("The form was out of date. Please send it again."))
        else:
            try:
                services.send_message(
                    actor=request.user,
                    thread=thread,
                    body=request.POST.get("body", ""),
                    client_key=key,
                    internal=request.POST.get("internal") == "on",
                    files=request.FILES.getlist("files"),
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                return HttpResponseRedirect(
                    reverse("messaging:thread", args=[thread.pk]) + "#latest"
                )
    return render(
        request,
        "messaging/thread.html",
        _thread_context(request, thread, errors),
        status=400 if errors else 200,
    )


@never_cache
@participant_required
@require_GET
def attachment(request: HttpRequest, thread_id: int, attachment_id: int) -> HttpResponse:
    thread = selectors.thread_for(actor=request.user, thread_id=thread_id)
    found = selectors.attachment_for(actor=request.user, thread=thread, attachment_id=attachment_id)
    path = services.attachment_dir() / Path(found.stored_name).name
    if not path.exists():
        raise Http404
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type=found.content_type,
        as_attachment=True,
        filename=found.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@participant_required
@require_POST
def manage_thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_for(actor=request.user, thread_id=thread_id)
    action = request.POST.get("action", "")
    try:
        if action == "assign":
            assignee_id = request.POST.get("assignee", "")
            assignee = None
            if assignee_id:
                assignee = (
                    selectors.colleagues_in_team(thread=thread)
                    .filter(pk=assignee_id if assignee_id.isdigit() else 0)
                    .first()
                )
                if assignee is None:
                    raise ValidationError(_("Choose a professional of this care team."))
            services.assign_thread(actor=request.user, thread=thread, assignee=assignee)
        elif action in (ThreadStatus.DONE, ThreadStatus.OPEN):
            services.set_thread_status(actor=request.user, thread=thread, status=action)
        elif action == "add_member":
            member_id = request.POST.get("member", "")
            member = (
                selectors.colleagues_for_consultation(actor=request.user)
                .filter(pk=member_id if member_id.isdigit() else 0)
                .first()
            )
            if member is None:
                raise ValidationError(_("Choose a colleague to add."))
            services.add_consultation_member(actor=request.user, thread=thread, member=member)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        return render(
            request,
            "messaging/thread.html",
            _thread_context(request, thread, _errors(exc)),
            status=400,
        )
    return HttpResponseRedirect(reverse("messaging:thread", args=[thread.pk]))


# --- staff -------------------------------------------------------------------------------


@never_cache
@staff_required
@require_GET
def team_inbox(request: HttpRequest) -> HttpResponse:
    inbox = selectors.team_inbox(actor=request.user)
    return render(request, "messaging/team_inbox.html", {"inbox": inbox})


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def consultations(request: HttpRequest) -> HttpResponse:
    actor = request.user
    colleagues = selectors.colleagues_for_consultation(actor=actor)
    patients = selectors.patients_for_consultation(actor=actor)
    errors: list[str] = []
    values = {"topic": "", "body": "", "patient": "", "members": []}
    if request.method == "POST":
        values = {
            "topic": request.POST.get("topic", ""),
            "body": request.POST.get("body", ""),
            "patient": request.POST.get("patient", ""),
            "members": request.POST.getlist("members"),
        }
        member_ids = [m for m in values["members"] if m.isdigit()]
        members = list(User.objects.filter(pk__in=member_ids))
        patient: Person | None = None
        if values["patient"]:
            patient = (
                Person.objects.filter(pk=values["patient"]).first()
                if values["patient"].isdigit()
                else None
            )
            if patient is None:
                errors.append(_("Choose the patient from the list."))
        key = _client_key(request)
        if key is None:
            errors.append(_("The form was out of date. Please send it again."))
        if not errors:
            try:
                thread = services.start_consultation(
                    actor=actor,
                    topic=values["topic"],
                    members=members,
                    body=values["body"],
                    client_key=key,
                    patient=patient,
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                return HttpResponseRedirect(reverse("messaging:thread", args=[thread.pk]))
    return render(
        request,
        "messaging/consultations.html",
        {
            "threads": selectors.consultations_for(actor=actor),
            "colleagues": colleagues,
            "patients": patients,
            "values": values,
            "errors": errors,
            "client_key": uuid.uuid4(),
        },
        status=400 if errors else 200,
    )


@never_cache
@staff_required
@require_GET
def chat_queue(request: HttpRequest) -> HttpResponse:
    services.mark_on_duty(actor=request.user)
    return render(
        request,
        "messaging/chat_queue.html",
        {
            "queue": selectors.anonymous_queue(actor=request.user),
            "in_progress": selectors.anonymous_chats_in_progress(actor=request.user),
            "on_duty": selectors.nurses_on_duty(actor=request.user),
        },
    )


# --- anonymous chat ------------------------------------------------------------------------


def chat_is_open(service: ChatService, now: datetime | None = None) -> bool:
    local = (now or timezone.now()).astimezone(ZoneInfo(settings.TIME_ZONE))
    return (
        str(local.weekday()) in service.weekdays
        and service.opens_at <= local.time() < service.closes_at
    )


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _anonymous_thread(request: HttpRequest) -> Thread | None:
    thread_id = request.session.get(ANON_SESSION_KEY)
    if not thread_id:
        return None
    return Thread.objects.filter(pk=thread_id, kind=ThreadKind.ANONYMOUS).first()


@never_cache
@require_http_methods(["GET", "POST"])
def chat_start(request: HttpRequest, slug: str) -> HttpResponse:
    service = ChatService.objects.select_related("care_team").filter(slug=slug).first()
    if service is None:
        raise Http404
    is_open = chat_is_open(service)
    errors: list[str] = []
    if request.method == "POST" and is_open:
        key = _client_key(request)
        try:
            if key is None:
                raise ValidationError(_("The form was out of date. Please send it again."))
            thread, code = services.start_anonymous_chat(
                care_team=service.care_team,
                body=request.POST.get("body", ""),
                client_key=key,
                rate_key=_client_address(request),
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            request.session[ANON_SESSION_KEY] = thread.pk
            request.session.cycle_key()
            # Shown once, on the next page; only its hash is stored.
            request.session["anonymous_chat_new_code"] = code
            return HttpResponseRedirect(reverse("messaging:chat_conversation"))
    return render(
        request,
        "messaging/chat_start.html",
        {
            "service": service,
            "is_open": is_open,
            "errors": errors,
            "client_key": uuid.uuid4(),
            "body": request.POST.get("body", "") if errors else "",
        },
        status=400 if errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def chat_conversation(request: HttpRequest) -> HttpResponse:
    thread = _anonymous_thread(request)
    if thread is None:
        return HttpResponseRedirect(reverse("messaging:chat_resume"))
    errors: list[str] = []
    if request.method == "POST":
        key = _client_key(request)
        try:
            if key is None:
                raise ValidationError(_("The form was out of date. Please send it again."))
            services.send_anonymous_message(
                thread=thread, body=request.POST.get("body", ""), client_key=key
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            return HttpResponseRedirect(reverse("messaging:chat_conversation") + "#latest")
    messages = selectors.anonymous_messages_after(thread=thread)
    return render(
        request,
        "messaging/chat_conversation.html",
        {
            "thread": thread,
            "thread_messages": messages,
            "last_id": messages[-1].pk if messages else 0,
            "new_code": request.session.pop("anonymous_chat_new_code", ""),
            "errors": errors,
            "body": request.POST.get("body", "") if errors else "",
            "client_key": uuid.uuid4(),
            "socket_path": "/ws/chat/",
        },
        status=400 if errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def chat_resume(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.check_resume_rate(rate_key=_client_address(request))
            thread = services.anonymous_thread_for_code(request.POST.get("code", ""))
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            if thread is None:
                errors.append(_("No chat was found with that code. Check the code and try again."))
            else:
                request.session.cycle_key()
                request.session[ANON_SESSION_KEY] = thread.pk
                return HttpResponseRedirect(reverse("messaging:chat_conversation"))
    return render(
        request, "messaging/chat_resume.html", {"errors": errors}, status=400 if errors else 200
    )


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def chat_link(request: HttpRequest) -> HttpResponse:
    thread = _anonymous_thread(request)
    if thread is None:
        return HttpResponseRedirect(reverse("messaging:chat_resume"))
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.link_anonymous_chat(
                actor=request.user, thread=thread, confirmed=request.POST.get("confirm") == "yes"
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            request.session.pop(ANON_SESSION_KEY, None)
            return HttpResponseRedirect(reverse("messaging:thread", args=[thread.pk]))
    return render(
        request,
        "messaging/chat_link.html",
        {"thread": thread, "errors": errors},
        status=400 if errors else 200,
    )
