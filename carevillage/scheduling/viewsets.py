"""Wagtail admin for a care team's appointments set-up: the kinds of visit it offers,
its professionals' weekly open times, and one-off exceptions (holidays, sick days,
extra times). None of it is anyone's health data.

Scoped like the organization screens (tenants.viewsets): an org admin lists, opens and
edits only the rows of care teams in the organizations they administer, and the forms
offer only those teams and those organizations' staff.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSetGroup

from carevillage.identity.models import User
from carevillage.tenants.models import Organization
from carevillage.tenants.viewsets import OrganizationScopedForm, OrganizationScopedViewSet

from .models import AppointmentType, AvailabilityException, AvailabilityRule


class ProfessionalScopedForm(OrganizationScopedForm):
    """Offers as professional only staff of the organizations the user administers."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "professional" in self.fields:
            self.fields["professional"].queryset = self.staff_of(self.organizations)

    @staticmethod
    def staff_of(organizations: QuerySet[Organization]) -> QuerySet[User]:
        return (
            User.objects.filter(staff_memberships__organization__in=organizations)
            .distinct()
            .order_by("username")
        )


class AvailabilityRuleForm(ProfessionalScopedForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        opens, closes = cleaned.get("start_time"), cleaned.get("end_time")
        if opens is not None and closes is not None and closes <= opens:
            self.add_error(
                "end_time",
                _("The open time must end after it starts: choose a time later than %(opens)s.")
                % {"opens": opens.strftime("%H:%M")},
            )
        valid_from, valid_until = cleaned.get("valid_from"), cleaned.get("valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("valid_until", _("The last day cannot be before the first."))
        return cleaned


class AvailabilityExceptionForm(ProfessionalScopedForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts is not None and ends is not None and ends <= starts:
            self.add_error("ends_at", _("The exception must end after it starts."))
        return cleaned


class AppointmentTypeForm(OrganizationScopedForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("duration_minutes") == 0:
            self.add_error("duration_minutes", _("A visit needs a length of at least a minute."))
        if cleaned.get("capacity") == 0:
            self.add_error("capacity", _("A visit needs at least one place."))
        return cleaned


class AppointmentTypeViewSet(OrganizationScopedViewSet):
    model = AppointmentType
    name = "appointment_types"
    url_prefix = "appointments/types"
    icon = "date"
    organization_lookup = "care_team__organization"
    form_class = AppointmentTypeForm
    form_fields = [
        "care_team",
        "code",
        "name_en",
        "name_fi",
        "name_sv",
        "name_nb",
        "name_nn",
        "preparation_en",
        "preparation_fi",
        "preparation_sv",
        "preparation_nb",
        "preparation_nn",
        "duration_minutes",
        "mode",
        "booking",
        "buffer_before_minutes",
        "buffer_after_minutes",
        "minimum_notice_minutes",
        "horizon_days",
        "cancellation_cutoff_hours",
        "capacity",
        "contact_phone",
        "active",
    ]
    list_display = ["name_en", "care_team", "mode", "booking", "active"]


class AvailabilityRuleViewSet(OrganizationScopedViewSet):
    model = AvailabilityRule
    name = "availability_rules"
    url_prefix = "appointments/open-times"
    icon = "time"
    organization_lookup = "care_team__organization"
    form_class = AvailabilityRuleForm
    form_fields = [
        "professional",
        "care_team",
        "weekday",
        "start_time",
        "end_time",
        "time_zone",
        "valid_from",
        "valid_until",
    ]
    list_display = ["professional", "care_team", "weekday", "start_time", "end_time"]


class AvailabilityExceptionViewSet(OrganizationScopedViewSet):
    model = AvailabilityException
    name = "availability_exceptions"
    url_prefix = "appointments/exceptions"
    icon = "warning"
    organization_lookup = "care_team__organization"
    form_class = AvailabilityExceptionForm
    form_fields = ["professional", "kind", "care_team", "starts_at", "ends_at", "note"]
    list_display = ["professional", "kind", "starts_at", "ends_at", "care_team"]


class SchedulingViewSetGroup(ModelViewSetGroup):
    menu_label = _("Appointments")
    menu_icon = "date"
    menu_order = 810
    items = (AppointmentTypeViewSet, AvailabilityRuleViewSet, AvailabilityExceptionViewSet)
