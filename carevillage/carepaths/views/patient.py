"""The patient's side of care paths: invitations, the enrollment page, modules and
exercises, measurement tasks, and open programs anyone can join. Plain POST forms:
everything works without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carevillage.access.actors import subject_person
from carevillage.audit.actions import AuditAction
from carevillage.identity.decorators import high_assurance_required

from ..enrollments import patient_selectors as selectors
from ..enrollments import services
from ..enrollments.services import MAX_NOTE_LENGTH
from ..errors import CarePathError
from ..models import EnrollmentStatus, in_language
from ..programs import selectors as programs


def _enrollment_url(enrollment) -> str:  # noqa: ANN001
    return reverse("carepaths:enrollment", args=[enrollment.pk])


def _module_url(enrollment, position: int) -> str:  # noqa: ANN001
    return reverse("carepaths:module", args=[enrollment.pk, position])


# ---------------------------------------------------------------------------------------
# Invitations


def _invitation_page(
    request: HttpRequest, pk: int, *, template: str, errors: list[str], values: dict
) -> HttpResponse:
    enrollment = selectors.enrollment_for(
        actor=request.user, pk=pk, action=AuditAction.VIEW_INVITATION
    )
    language = translation.get_language()
    view = selectors.enrollment_view(
        actor=request.user,
        enrollment=enrollment,
        language=language,
        now=timezone.now(),
        scores=False,
    )
    if enrollment.status != EnrollmentStatus.INVITED and not errors:
        errors = [_("This invitation has already been answered.")]
    return render(
        request,
        template,
        {
            "enrollment": enrollment,
            "view": view,
            "summary": in_language(enrollment.program.summary, language),
            "answered": enrollment.status != EnrollmentStatus.INVITED,
            "errors": errors,
            "values": values,
            "max_note": MAX_NOTE_LENGTH,
        },
        status=400 if errors and request.method == "POST" else 200,
    )


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm joining a program one was referred to; starts it and writes its tasks."""
    template = "carepaths/patient/accept.html"
    if request.method == "POST":
        enrollment = selectors.enrollment_to_change(pk=pk)
        try:
            enrollment = services.accept_invitation(actor=request.user, enrollment=enrollment)
        except CarePathError as exc:
            return _invitation_page(request, pk, template=template, errors=[str(exc)], values={})
        messages.success(
            request,
            _("You have joined the program %(title)s. Its first module is open.")
            % {"title": enrollment.program.title_in(translation.get_language())},
        )
        return HttpResponseRedirect(_enrollment_url(enrollment))
    return _invitation_page(request, pk, template=template, errors=[], values={})


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    """Say no to an invitation, optionally with a reason the care team will read."""
    template = "carepaths/patient/decline.html"
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        values = {"reason": reason}
        if len(reason.strip()) > MAX_NOTE_LENGTH:
            error = _("The reason can be at most %(limit)d characters.") % {
                "limit": MAX_NOTE_LENGTH
            }
            return _invitation_page(request, pk, template=template, errors=[error], values=values)
        enrollment = selectors.enrollment_to_change(pk=pk)
        try:
            services.decline_invitation(actor=request.user, enrollment=enrollment, reason=reason)
        except CarePathError as exc:
            return _invitation_page(
                request, pk, template=template, errors=[str(exc)], values=values
            )
        messages.success(
            request,
            _("You declined the invitation. Your care team will see your answer."),
        )
        return HttpResponseRedirect(reverse("portal:my_page"))
    return _invitation_page(request, pk, template=template, errors=[], values={})


# ---------------------------------------------------------------------------------------
# The enrollment page


@never_cache
@high_assurance_required
@require_GET
def enrollment_page(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = selectors.enrollment_for(actor=request.user, pk=pk)
    if enrollment.status == EnrollmentStatus.INVITED:
        return HttpResponseRedirect(reverse("carepaths:accept", args=[enrollment.pk]))
    if enrollment.status == EnrollmentStatus.DECLINED:
        messages.info(request, _("You declined this invitation."))
        return HttpResponseRedirect(reverse("portal:my_page"))
    from carevillage.questionnaires.charts import history_chart

    view = selectors.enrollment_view(
        actor=request.user,
        enrollment=enrollment,
        language=translation.get_language(),
        now=timezone.now(),
    )
    charts = [
        {"series": series, "chart": history_chart(series.entries, top=series.top)}
        for series in view.scores
    ]
    return render(
        request,
        "carepaths/patient/enrollment.html",
        {
            "enrollment": enrollment,
            "view": view,
            "charts": charts,
            "here": request.path,
        },
    )


@never_cache
@high_assurance_required
@require_POST
def complete_task(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    """The patient says they took a measurement (values come with home measurements)."""
    enrollment = selectors.enrollment_to_change(pk=pk)
    task = selectors.task_in(enrollment=enrollment, pk=task_pk)
    try:
        services.complete_measurement_task(actor=request.user, task=task)
    except CarePathError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The task is marked as done."))
    return HttpResponseRedirect(_enrollment_url(enrollment))


# ---------------------------------------------------------------------------------------
# Modules and exercises


def _render_module(
    request: HttpRequest,
    enrollment,  # noqa: ANN001
    position: int,
    *,
    errors: list[str] | None = None,
    invalid: dict[int, dict[str, str]] | None = None,
    failed_exercise: int | None = None,
) -> HttpResponse:
    view = selectors.module_view(
        actor=request.user,
        enrollment=enrollment,
        position=position,
        language=translation.get_language(),
        now=timezone.now(),
    )
    exercises = []
    for item in view.exercises:
        posted = (invalid or {}).get(item.exercise.pk)
        saved = item.answer.answers if item.answer else {}
        exercises.append(
            {
                "item": item,
                "failed": failed_exercise == item.exercise.pk,
                "fields": [
                    {
                        "name": name,
                        "label": label,
                        "value": posted.get(name, "")
                        if posted is not None
                        else saved.get(name, ""),
                        "empty": posted is not None and not posted.get(name, "").strip(),
                    }
                    for name, label in item.fields
                ],
            }
        )
    return render(
        request,
        "carepaths/patient/module.html",
        {
            "enrollment": enrollment,
            "view": view,
            "exercises": exercises,
            "errors": errors or [],
            "error_target": f"exercise-{failed_exercise}" if failed_exercise else "",
            "read_only": enrollment.status != EnrollmentStatus.ACTIVE,
            "max_answer": services.MAX_ANSWER_LENGTH,
        },
        status=400 if errors else 200,
    )


@never_cache
@high_assurance_required
@require_GET
def module_page(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    enrollment = selectors.enrollment_for(actor=request.user, pk=pk)
    return _render_module(request, enrollment, position)


@never_cache
@high_assurance_required
@require_POST
def save_exercise(request: HttpRequest, pk: int, position: int, exercise_pk: int) -> HttpResponse:
    enrollment = selectors.enrollment_to_change(pk=pk)
    module = selectors.module_at(enrollment=enrollment, position=position)
    exercise = selectors.exercise_in(module=module, pk=exercise_pk)
    names = [f["name"] for f in exercise.fields] if exercise.kind == "form" else ["text"]
    data = {name: request.POST.get(f"answer-{exercise.pk}-{name}", "") for name in names}
    try:
        services.answer_exercise(
            actor=request.user, enrollment=enrollment, exercise=exercise, data=data
        )
    except CarePathError as exc:
        return _render_module(
            request,
            selectors.enrollment_for(actor=request.user, pk=pk),
            position,
            errors=[str(exc)],
            invalid={exercise.pk: data},
            failed_exercise=exercise.pk,
        )
    messages.success(request, _("Your answer was saved."))
    return HttpResponseRedirect(f"{_module_url(enrollment, position)}#exercise-{exercise.pk}")


@never_cache
@high_assurance_required
@require_POST
def complete_module(request: HttpRequest, pk: int, position: int) -> HttpResponse:
    enrollment = selectors.enrollment_to_change(pk=pk)
    module = selectors.module_at(enrollment=enrollment, position=position)
    try:
        services.complete_module(actor=request.user, enrollment=enrollment, module=module)
    except CarePathError as exc:
        enrollment = selectors.enrollment_for(actor=request.user, pk=pk)
        return _render_module(request, enrollment, position, errors=[str(exc)])
    messages.success(
        request,
        _("Module %(position)d is marked as done.") % {"position": module.position},
    )
    return HttpResponseRedirect(_enrollment_url(enrollment))


# ---------------------------------------------------------------------------------------
# Programs anyone can read about; open ones anyone logged in can join


@require_GET
def program_page(request: HttpRequest, slug: str) -> HttpResponse:
    program = programs.program_by_slug(slug=slug)
    language = translation.get_language()
    own = None
    if subject_person(request.user) is not None:
        own = selectors.own_open_enrollment(actor=request.user, program=program)
    return render(
        request,
        "carepaths/patient/program.html",
        {
            "program": program,
            "title": program.title_in(language),
            "summary": in_language(program.summary, language),
            "modules": [m.title_in(language) for m in programs.modules_of(program=program)],
            "is_open": program.enrollment_mode == "open",
            "own": own,
        },
    )


@never_cache
@high_assurance_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    program = programs.program_by_slug(slug=slug)
    language = translation.get_language()
    errors: list[str] = []
    if request.method == "POST":
        try:
            enrollment = services.self_enroll(actor=request.user, program=program)
        except CarePathError as exc:
            errors = [str(exc)]
        else:
            messages.success(
                request,
                _("You have joined the program %(title)s. Its first module is open.")
                % {"title": program.title_in(language)},
            )
            return HttpResponseRedirect(_enrollment_url(enrollment))
    own = selectors.own_open_enrollment(actor=request.user, program=program)
    return render(
        request,
        "carepaths/patient/join.html",
        {
            "program": program,
            "title": program.title_in(language),
            "summary": in_language(program.summary, language),
            "is_open": program.enrollment_mode == "open",
            "own": own,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


urlpatterns = [
    path("my/care-paths/<int:pk>/", enrollment_page, name="enrollment"),
    path("my/care-paths/<int:pk>/accept/", accept, name="accept"),
    path("my/care-paths/<int:pk>/decline/", decline, name="decline"),
    path("my/care-paths/<int:pk>/tasks/<int:task_pk>/done/", complete_task, name="complete_task"),
    path("my/care-paths/<int:pk>/modules/<int:position>/", module_page, name="module"),
    path(
        "my/care-paths/<int:pk>/modules/<int:position>/exercises/<int:exercise_pk>/",
        save_exercise,
        name="save_exercise",
    ),
    path(
        "my/care-paths/<int:pk>/modules/<int:position>/done/",
        complete_module,
        name="complete_module",
    ),
    path("care-paths/<slug:slug>/", program_page, name="program"),
    path("care-paths/<slug:slug>/join/", join, name="join"),
]
