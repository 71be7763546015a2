"""The care team's pages: referral, the dashboard of patients across programs, the patient
detail with its timeline, acknowledging alerts and ending an enrollment.

Thin: parse the request, call one selector or service, render. Everything works as plain
GET links and POST forms without JavaScript.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carevillage.identity import national_id
from carevillage.identity.decorators import staff_required

from ..enrollments import services
from ..enrollments import staff_selectors as selectors
from ..errors import CarePathError
from ..models import EnrollmentStatus

# Query parameters that are database ids: anything else (junk, or a number past what
# the database can hold) is ignored rather than sent to the database.
MAX_ID = 2**63 - 1


def _int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 0 < number <= MAX_ID else None


# ---------------------------------------------------------------------------------------
# Dashboard


def _filters(request: HttpRequest) -> selectors.DashboardFilters:
    query = request.GET
    status = query.get("status", EnrollmentStatus.ACTIVE)
    if status not in selectors.DASHBOARD_STATUSES:
        status = EnrollmentStatus.ACTIVE
    sort = query.get("sort", "safety")
    if sort not in selectors.DASHBOARD_SORTS:
        sort = "safety"
    natural_desc = selectors.DASHBOARD_SORTS[sort][1]
    direction = query.get("dir")
    descending = natural_desc if direction not in ("asc", "desc") else direction == "desc"
    return selectors.DashboardFilters(
        status=status,
        program_id=_int(query.get("program")),
        has_open_alerts=query.get("alerts") == "1",
        has_overdue_tasks=query.get("overdue") == "1",
        mine_only=query.get("mine") == "1",
        sort=sort,
        descending=descending,
    )


def _query(team_id: int, filters: selectors.DashboardFilters, **changes: Any) -> str:
    params: dict[str, Any] = {"team": team_id, "status": filters.status}
    if filters.program_id:
        params["program"] = filters.program_id
    if filters.has_open_alerts:
        params["alerts"] = "1"
    if filters.has_overdue_tasks:
        params["overdue"] = "1"
    if filters.mine_only:
        params["mine"] = "1"
    params["sort"] = filters.sort
    params["dir"] = "desc" if filters.descending else "asc"
    params.update(changes)
    return "?" + urlencode(params)


def _sort_headers(team_id: int, filters: selectors.DashboardFilters) -> dict[str, dict]:
    headers = {}
    for key, (_fields, natural_desc) in selectors.DASHBOARD_SORTS.items():
        current = filters.sort == key
        if current:
            next_dir = "asc" if filters.descending else "desc"
            aria = "descending" if filters.descending else "ascending"
        else:
            next_dir = "desc" if natural_desc else "asc"
            aria = ""
        headers[key] = {
            "url": _query(team_id, filters, sort=key, dir=next_dir, page=1),
            "aria_sort": aria,
            "current": current,
        }
    return headers


@never_cache
@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = request.user
    language = get_language()
    teams = selectors.dashboard_teams(actor=actor, language=language)
    if not teams:
        return render(request, "carepaths/staff/dashboard.html", {"teams": []})
    team_id = _int(request.GET.get("team"))
    chosen = next((t for t in teams if t.pk == team_id), None) if team_id else teams[0]
    if chosen is None:
        raise Http404
    team = chosen.team
    filters = _filters(request)
    board = selectors.dashboard(
        actor=actor,
        care_team=team,
        filters=filters,
        language=language,
        page_number=request.GET.get("page", 1),
    )
    page = board.page
    clinical = filters.status not in selectors.REFERRAL_STATUSES
    critical_alerts = board.critical_alerts
    return render(
        request,
        "carepaths/staff/dashboard.html",
        {
            "teams": teams,
            "team": team,
            "filters": filters,
            "page": page,
            "rows": board.rows,
            "statuses": [
                (value, label)
                for value, label in EnrollmentStatus.choices
                if value in selectors.DASHBOARD_STATUSES
            ],
            "programs": chosen.programs,
            "sort_headers": _sort_headers(team.pk, filters),
            "previous_url": _query(team.pk, filters, page=page.previous_page_number())
            if page.has_previous()
            else "",
            "next_url": _query(team.pk, filters, page=page.next_page_number())
            if page.has_next()
            else "",
            "clinical": clinical,
            "critical_alerts": critical_alerts,
        },
    )


# ---------------------------------------------------------------------------------------
# Patient detail, alerts, ending


def _render_detail(
    request: HttpRequest,
    enrollment_id: int,
    *,
    errors: list[str] | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    detail = selectors.enrollment_detail(
        actor=request.user, enrollment_id=enrollment_id, language=get_language()
    )
    return render(
        request,
        "carepaths/staff/enrollment.html",
        {
            "detail": detail,
            "enrollment": detail.enrollment,
            "errors": errors or [],
            "values": values or {},
            "program_title": detail.enrollment.program.title_in(get_language()),
            "end_statuses": [
                (EnrollmentStatus.COMPLETED, EnrollmentStatus.COMPLETED.label),
                (EnrollmentStatus.DISCONTINUED, EnrollmentStatus.DISCONTINUED.label),
            ],
        },
        status=status,
    )


@never_cache
@staff_required
@require_GET
def enrollment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, pk)


@never_cache
@staff_required
@require_POST
def acknowledge_alert(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_to_acknowledge(pk=pk)
    note = request.POST.get("note", "")
    try:
        services.acknowledge_alert(actor=request.user, alert=alert, note=note)
    except CarePathError as error:
        return _render_detail(
            request,
            alert.enrollment_id,
            errors=[str(error)],
            values={"alert": alert.pk, "note": note},
            status=400,
        )
    messages.success(request, _("The alert was acknowledged."))
    return HttpResponseRedirect(
        reverse("carepaths:staff_enrollment", args=[alert.enrollment_id]) + "#alerts-heading"
    )


@never_cache
@staff_required
@require_POST
def end_enrollment(request: HttpRequest, pk: int) -> HttpResponse:
    status = request.POST.get("status", "")
    reason = request.POST.get("reason", "")
    values = {"status": status, "reason": reason}
    errors = []
    if status not in (EnrollmentStatus.COMPLETED, EnrollmentStatus.DISCONTINUED):
        errors.append(_("Choose whether the program was completed or discontinued."))
    elif status == EnrollmentStatus.DISCONTINUED and not reason.strip():
        errors.append(_("Give a reason for discontinuing."))
    if errors:
        return _render_detail(request, pk, errors=errors, values=values, status=400)
    enrollment = selectors.enrollment_for_staff(
        actor=request.user, enrollment_id=pk, purpose="end enrollment"
    )
    if request.POST.get("confirmed") != "yes":
        return render(
            request,
            "carepaths/staff/end_confirm.html",
            {
                "enrollment": enrollment,
                "status": status,
                "status_label": EnrollmentStatus(status).label,
                "reason": reason,
            },
        )
    try:
        services.end_enrollment(
            actor=request.user, enrollment=enrollment, status=status, reason=reason
        )
    except CarePathError as error:
        return _render_detail(request, pk, errors=[str(error)], values=values, status=400)
    messages.success(request, _("The enrollment was ended."))
    return HttpResponseRedirect(reverse("carepaths:staff_enrollment", args=[pk]))


# ---------------------------------------------------------------------------------------
# Referral


def _referral_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    choices = selectors.referral_choices(actor=request.user)
    language = get_language()
    return {
        "choices": choices,
        "programs": [(program.pk, program.title_in(language)) for program in choices.programs],
        "errors": [],
        "values": {},
        **extra,
    }


def _find_step(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("national_id", "")
    try:
        normalized = national_id.normalize(raw)
    except national_id.InvalidNationalId:
        return render(
            request,
            "carepaths/staff/refer.html",
            _referral_context(
                request,
                step="find",
                errors=[
                    _(
                        "This is not a valid personal identity code. Check the number "
                        "(for example 010180-912X) and try again."
                    )
                ],
                field_error=True,
            ),
            status=400,
        )
    person = selectors.person_to_refer(actor=request.user, national_id=normalized)
    return render(
        request,
        "carepaths/staff/refer.html",
        _referral_context(
            request,
            step="confirm",
            person_name=person.full_name if person else "",
            masked_id=national_id.masked(normalized),
            token=national_id.encrypt(normalized),
        ),
    )


def _send_step(request: HttpRequest) -> HttpResponse:
    post = request.POST
    values = {
        "program": post.get("program", ""),
        "care_team": post.get("care_team", ""),
        "responsible": post.get("responsible", ""),
        "message": post.get("message", ""),
    }
    try:
        normalized = national_id.decrypt(post.get("token", ""))
    except national_id.InvalidNationalId:
        return render(
            request,
            "carepaths/staff/refer.html",
            _referral_context(
                request,
                step="find",
                errors=[_("The form was out of date. Enter the identity code again.")],
            ),
            status=400,
        )
    choices = selectors.referral_choices(actor=request.user)
    program = next((p for p in choices.programs if str(p.pk) == values["program"]), None)
    team = next((t for t in choices.care_teams if str(t.pk) == values["care_team"]), None)
    members = dict(choices.professionals).get(team, []) if team else []
    responsible = next((u for u in members if str(u.pk) == values["responsible"]), None)
    errors = []
    if program is None:
        errors.append(_("Choose a program."))
    if team is None:
        errors.append(_("Choose one of your care teams."))
    elif responsible is None:
        errors.append(_("Choose a responsible professional from the chosen care team."))
    if not errors and program is not None and team is not None:
        try:
            enrollment = services.refer_by_national_id(
                actor=request.user,
                national_id=normalized,
                program=program,
                care_team=team,
                responsible=responsible,
                message=values["message"],
            )
        except CarePathError as error:
            errors.append(str(error))
        else:
            messages.success(request, _("The invitation was sent."))
            return HttpResponseRedirect(reverse("carepaths:staff_enrollment", args=[enrollment.pk]))
    person = selectors.person_to_refer(actor=request.user, national_id=normalized)
    return render(
        request,
        "carepaths/staff/refer.html",
        _referral_context(
            request,
            step="confirm",
            errors=errors,
            values=values,
            person_name=person.full_name if person else "",
            masked_id=national_id.masked(normalized),
            token=post.get("token", ""),
        ),
        status=400,
    )


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest) -> HttpResponse:
    if not selectors.care_teams_for(actor=request.user):
        # Only professionals of a care team refer; nobody else may look people up.
        return render(request, "carepaths/staff/refer.html", _referral_context(request))
    if request.method == "POST":
        if request.POST.get("step") == "send":
            return _send_step(request)
        return _find_step(request)
    return render(request, "carepaths/staff/refer.html", _referral_context(request, step="find"))


urlpatterns = [
    path("care-team/", dashboard, name="staff_dashboard"),
    path("care-team/refer/", refer, name="staff_refer"),
    path("care-team/enrollments/<int:pk>/", enrollment_detail, name="staff_enrollment"),
    path("care-team/enrollments/<int:pk>/end/", end_enrollment, name="staff_end_enrollment"),
    path(
        "care-team/alerts/<int:pk>/acknowledge/", acknowledge_alert, name="staff_acknowledge_alert"
    ),
]
