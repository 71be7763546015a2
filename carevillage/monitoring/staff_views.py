"""The care team's change of a patient's alert limits (the form on the care path's page,
`templatetags/monitoring_team.py`). Thin: parse, call the service, go back."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from carevillage.carepaths.enrollments.patient_selectors import enrollment_to_change
from carevillage.identity.decorators import staff_required

from . import selectors, services
from .errors import MonitoringError


@never_cache
@staff_required
@require_POST
def set_limits(request: HttpRequest) -> HttpResponse:
    try:
        enrollment = enrollment_to_change(pk=int(request.POST.get("enrollment", "")))
    except (TypeError, ValueError, OverflowError):
        raise Http404 from None
    back = reverse("carepaths:staff_enrollment", args=[enrollment.pk]) + "#measurements-heading"
    type_code, _sep, rest = request.POST.get("rule", "").partition(":")
    component, _sep, rule_kind = rest.partition(":")
    kind = selectors.measurement_type(type_code) if type_code else None
    try:
        if kind is None:
            raise MonitoringError(_("Choose the kind of rule."))
        days_text = request.POST.get("days", "").strip()
        if days_text and not days_text.isdigit():
            raise MonitoringError(_("Give the number of days, from 1 to 90."))
        services.set_threshold(
            actor=request.user,
            enrollment=enrollment,
            kind=kind,
            component=component,
            rule_kind=rule_kind,
            orange=request.POST.get("orange"),
            red=request.POST.get("red"),
            days=int(days_text or 0),
            reason=request.POST.get("reason", ""),
        )
    except MonitoringError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(back)
    messages.success(request, _("The alert limits were saved."))
    return HttpResponseRedirect(back)
