"""Thin views: parse the form, call one service or selector, render. Plain POST forms work
without JavaScript; `static/messaging/live.js` adds live updates on top."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carevillage.access.actors import subject_person
from carevillage.audit.actions import AuditAction
from carevillage.identity.decorators import (
    high_assurance_required,
    participant_required,
    staff_required,
)
from carevillage.proxy.rules import age_on

from . import attachments, chat_hours, crisis_lines, live, selectors, services
from .errors import Refused
from .models import Thread, ThreadKind, ThreadStatus

# A service's refusal the user is told about, and bad input: both a specific 400.
UserError = (ValidationError, Refused)


def _client_key(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get("client_key", ""))
    except ValueError:
        return None


def _errors(exc: ValidationError | Refused) -> list[str]:
    return [str(m) for m in exc.messages]


# --- patient -------------------------------------------------------------------------


@never_cache
@high_assurance_required
@require_GET
def my_threads(request: HttpRequest) -> HttpResponse:
    threads = selectors.patient_threads_for(actor=request.user)
    return render(request, "messaging/my_threads.html", {"threads": threads})


def _is_minor(person: Any) -> bool:
    """Under 18: the form asks whether their guardians may read the thread."""
    born = getattr(person, "birth_date", None)
    return born is not None and age_on(born, timezone.localdate()) < 18


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def new_thread(request: HttpRequest) -> HttpResponse:
    teams = selectors.care_teams_to_write_to(actor=request.user)
    errors: list[str] = []
    values = {"care_team": "", "topic": "", "body": "", "shared_with_guardians": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        key = _client_key(request)
        team = selectors.care_team_to_write_to(actor=request.user, care_team_id=values["care_team"])
        if team is None:
            errors.append(_("Choose the care team you want to write to."))
        if key is None:
            errors.append(_("The form was out of date. Please send it again."))
        if team is not None and key is not None and not errors:
            try:
                thread = services.start_thread(
                    actor=request.user,
                    care_team=team,
                    topic=values["topic"],
                    body=values["body"],
                    client_key=key,
                    files=request.FILES.getlist("files"),
                    shared_with_guardians=values["shared_with_guardians"] == "yes",
                )
            except UserError as exc:
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
            "is_minor": _is_minor(subject_person(request.user)),
            "client_key": uuid.uuid4(),
            "max_mb": attachments.max_attachment_bytes() // (1024 * 1024),
        },
        status=400 if errors else 200,
    )


# --- both sides ------------------------------------------------------------------------


def _thread_context(request: HttpRequest, thread: Thread, errors: list[str]) -> dict[str, Any]:
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
        "members": selectors.consultation_members(thread=thread),
        "addable": selectors.colleagues_for_consultation(actor=actor)
        if thread.kind == ThreadKind.CONSULTATION
        else [],
        "errors": errors,
        "body": request.POST.get("body", "") if errors else "",
        "client_key": request.POST.get("client_key") if errors else uuid.uuid4(),
        "max_mb": attachments.max_attachment_bytes() // (1024 * 1024),
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
            except UserError as exc:
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
def attachment(request: HttpRequest, thread_id: int, attachment_id: int) -> HttpResponseBase:
    thread = selectors.thread_for(actor=request.user, thread_id=thread_id)
    found = selectors.attachment_for(actor=request.user, thread=thread, attachment_id=attachment_id)
    path = attachments.file_of(found)
    if path is None:
        raise Http404
    # Always a download, under a name that ends in the detected type's extension, with
    # the detected type: a browser never renders an uploaded file as a page.
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 - FileResponse closes it
        content_type=found.content_type,
        as_attachment=True,
        filename=attachments.safe_name(found.original_name, found.content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@participant_required
@require_POST
def manage_thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    action = request.POST.get("action", "")
    # Managing is the care team's (a consultation's members add colleagues): the thread's
    # patient, and anyone else, gets the same 404 as for a thread that does not exist.
    needed = AuditAction.ADD_MEMBER if action == "add_member" else AuditAction.MANAGE_THREAD
    thread = selectors.thread_for(actor=request.user, thread_id=thread_id, action=needed)
    try:
        if action == "assign":
            assignee_id = request.POST.get("assignee", "")
            assignee = None
            if assignee_id:
                assignee = selectors.colleague_in_team(thread=thread, user_id=assignee_id)
                if assignee is None:
                    raise ValidationError(_("Choose a professional of this care team."))
            services.assign_thread(actor=request.user, thread=thread, assignee=assignee)
        elif action in (ThreadStatus.DONE, ThreadStatus.OPEN):
            services.set_thread_status(actor=request.user, thread=thread, status=action)
        elif action == "add_member":
            member = selectors.colleague_for_consultation(
                actor=request.user, user_id=request.POST.get("member", "")
            )
            if member is None:
                raise ValidationError(_("Choose a colleague to add."))
            services.add_consultation_member(actor=request.user, thread=thread, member=member)
        else:
            raise ValidationError(_("Unknown action."))
    except UserError as exc:
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
    values: dict[str, Any] = {"topic": "", "body": "", "patient": "", "members": []}
    if request.method == "POST":
        values = {
            "topic": request.POST.get("topic", ""),
            "body": request.POST.get("body", ""),
            "patient": request.POST.get("patient", ""),
            "members": request.POST.getlist("members"),
        }
        member_ids = [selectors.parse_id(m) for m in values["members"]]
        if None in member_ids:
            errors.append(_("Choose the colleagues from the list."))
        members = selectors.users_by_ids(m for m in member_ids if m is not None)
        patient: Any = None
        if values["patient"]:
            patient_id = selectors.parse_id(values["patient"])
            patient = selectors.person_by_id(patient_id) if patient_id is not None else None
            if patient is None:
                errors.append(_("Choose the patient from the list."))
        key = _client_key(request)
        if key is None:
            errors.append(_("The form was out of date. Please send it again."))
        if key is not None and not errors:
            try:
                thread = services.start_consultation(
                    actor=actor,
                    topic=values["topic"],
                    members=members,
                    body=values["body"],
                    client_key=key,
                    patient=patient,
                )
            except UserError as exc:
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


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _hold_chat(request: HttpRequest, chat: Thread, code: str) -> None:
    """This browser now holds the chat by its code (a fresh session key: no fixation)."""
    request.session.cycle_key()
    request.session[live.ANON_SESSION_KEY] = chat.pk
    request.session[live.ANON_CODE_SESSION_KEY] = services.hash_resume_code(code)


@never_cache
@require_http_methods(["GET", "POST"])
def chat_start(request: HttpRequest, slug: str) -> HttpResponse:
    service = selectors.chat_service(slug=slug)
    is_open = selectors.chat_is_open(service)
    errors: list[str] = []
    if request.method == "POST" and is_open:
        key = _client_key(request)
        try:
            if key is None:
                raise ValidationError(_("The form was out of date. Please send it again."))
            chat, code = services.start_anonymous_chat(
                care_team=service.care_team,
                body=request.POST.get("body", ""),
                client_key=key,
                rate_key=_client_address(request),
            )
        except UserError as exc:
            errors = _errors(exc)
        else:
            _hold_chat(request, chat, code)
            # Shown once, on the next page; only its hash is stored.
            request.session["anonymous_chat_new_code"] = code
            return HttpResponseRedirect(reverse("messaging:chat_conversation"))
    return render(
        request,
        "messaging/chat_start.html",
        {
            "service": service,
            "is_open": is_open,
            "opening_hours": chat_hours.describe(service),
            "next_opening": "" if is_open else chat_hours.next_opening(service),
            "crisis_line": crisis_lines.crisis_line(),
            "errors": errors,
            "client_key": uuid.uuid4(),
            "body": request.POST.get("body", "") if errors else "",
        },
        status=400 if errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def chat_conversation(request: HttpRequest) -> HttpResponse:
    holder = live.chat_holder(request.session)
    chat = selectors.anonymous_chat_for(holder=holder)
    if chat is None or holder is None:
        return HttpResponseRedirect(reverse("messaging:chat_resume"))
    errors: list[str] = []
    if request.method == "POST":
        key = _client_key(request)
        try:
            if key is None:
                raise ValidationError(_("The form was out of date. Please send it again."))
            services.send_anonymous_message(
                holder=holder, body=request.POST.get("body", ""), client_key=key
            )
        except UserError as exc:
            errors = _errors(exc)
        else:
            return HttpResponseRedirect(reverse("messaging:chat_conversation") + "#latest")
    messages = selectors.anonymous_messages_after(holder=holder)
    return render(
        request,
        "messaging/chat_conversation.html",
        {
            "thread": chat,
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
        code = request.POST.get("code", "")
        try:
            services.check_resume_rate(rate_key=_client_address(request))
            chat = services.anonymous_chat_for_code(code)
        except UserError as exc:
            errors = _errors(exc)
        else:
            if chat is None:
                errors.append(_("No chat was found with that code. Check the code and try again."))
            else:
                _hold_chat(request, chat, code)
                return HttpResponseRedirect(reverse("messaging:chat_conversation"))
    return render(
        request, "messaging/chat_resume.html", {"errors": errors}, status=400 if errors else 200
    )


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def chat_link(request: HttpRequest) -> HttpResponse:
    holder = live.chat_holder(request.session)
    chat = selectors.anonymous_chat_for(holder=holder)
    if chat is None or holder is None:
        return HttpResponseRedirect(reverse("messaging:chat_resume"))
    errors: list[str] = []
    if request.method == "POST":
        try:
            thread = services.link_anonymous_chat(
                actor=request.user, holder=holder, confirmed=request.POST.get("confirm") == "yes"
            )
        except UserError as exc:
            errors = _errors(exc)
        else:
            request.session.pop(live.ANON_SESSION_KEY, None)
            request.session.pop(live.ANON_CODE_SESSION_KEY, None)
            return HttpResponseRedirect(reverse("messaging:thread", args=[thread.pk]))
    return render(
        request,
        "messaging/chat_link.html",
        {"thread": chat, "errors": errors},
        status=400 if errors else 200,
    )
