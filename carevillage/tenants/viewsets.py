"""Wagtail admin for organizations, units, care teams and staff.

Model permissions (from the "Org admins" group) decide *whether* someone may list, add,
change or delete a kind of row; the organizations they administer decide *which* rows:
every listing and every object lookup is filtered to them, and every form only offers
choices inside them, so a row in another organization can be neither seen nor created.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db.models import Model, ProtectedError, Q, QuerySet
from django.forms.models import modelform_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import log

from carevillage import access
from carevillage.access.actors import request_actor
from carevillage.audit.actions import AuditAction
from carevillage.identity.models import User

from . import services
from .models import CareTeam, CareTeamMembership, Organization, StaffMembership, Unit
from .selectors import organizations_administered_by

# --- scoping ------------------------------------------------------------------


class _Scoped:
    """Keeps a view's rows inside the organizations the requesting user administers.

    A row of another organization answers 404, like a missing one, and the attempt is
    audited as a refusal (rule 1: every decision, allow or deny, is audited)."""

    #: Path from the model to its organization, e.g. "care_team__organization".
    organization_lookup = "organization"
    request: HttpRequest
    model: type[Model]

    def scope(self, queryset: QuerySet) -> QuerySet:
        organizations = organizations_administered_by(user=self.request.user)
        return queryset.filter(**{f"{self.organization_lookup}__in": organizations})

    # Some views look the row up in setup(), others in dispatch(): both are covered.
    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        try:
            super().setup(request, *args, **kwargs)  # type: ignore[misc]
        except Http404:
            self._audit_refusal(request, kwargs.get("pk"))
            raise

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        except Http404:
            self._audit_refusal(request, kwargs.get("pk"))
            raise

    def _audit_refusal(self, request: HttpRequest, pk: Any) -> None:
        access.deny_if_exists(
            request_actor(request),
            AuditAction.OPEN_ADMIN_ITEM,
            self.model,
            unquote(str(pk)) if pk is not None else None,
            "outside the organizations the user administers",
        )


class ScopedIndexView(_Scoped, generic.IndexView):
    def get_base_queryset(self) -> QuerySet:
        return self.scope(super().get_base_queryset())


class ScopedCreateView(_Scoped, generic.CreateView):
    pass


class ScopedEditView(_Scoped, generic.EditView):
    def get_queryset(self) -> QuerySet:
        return self.scope(super().get_queryset())


class ScopedDeleteView(_Scoped, generic.DeleteView):
    def get_queryset(self) -> QuerySet:
        return self.scope(super().get_queryset())

    def form_valid(self, form: forms.Form) -> HttpResponse:
        # Wagtail's reference index does not know every protecting foreign key (patient
        # registrations are not in it), so the database has the last word.
        try:
            with access.atomic():
                return super().form_valid(form)
        except ProtectedError as error:
            kinds = sorted({str(obj._meta.verbose_name_plural) for obj in error.protected_objects})
            messages.error(
                self.request,
                _("%(object)s is still in use by %(kinds)s, so it cannot be deleted.")
                % {"object": self.object, "kinds": ", ".join(kinds)},
            )
            return redirect(self.index_url_name)


class ScopedHistoryView(_Scoped, HistoryView):
    def get_base_object_queryset(self) -> QuerySet:
        return self.scope(super().get_base_object_queryset())


class ScopedUsageView(_Scoped, UsageView):
    def get_base_object_queryset(self) -> QuerySet:
        return self.scope(super().get_base_object_queryset())


def _admin(request: HttpRequest) -> User:
    """The admin's user (the admin's login requirement let only real users in)."""
    user = request.user
    assert isinstance(user, User)
    return user


def _staff_label(user: User) -> str:
    return f"{user.display_name()} ({user.get_username()})"


class OrganizationScopedForm(WagtailAdminModelForm):
    """Offers only organizations, units, care teams and people the user administers."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            organizations = Organization.objects.none()
        else:
            organizations = organizations_administered_by(user=self.for_user)
        self.organizations = organizations
        fields = self.fields
        if "organization" in fields and self._meta.model is not Organization:
            fields["organization"].queryset = organizations
            if self.instance.pk is None and len(organizations) == 1:
                fields["organization"].initial = organizations[0].pk
        if "unit" in fields:
            fields["unit"].queryset = Unit.objects.filter(organization__in=organizations)
        if "care_team" in fields:
            fields["care_team"].queryset = CareTeam.objects.filter(organization__in=organizations)
        if "user" in fields:
            fields["user"].queryset = self.user_choices(organizations)
            fields["user"].label_from_instance = _staff_label

    def user_choices(self, organizations: QuerySet[Organization]) -> QuerySet[User]:
        return (
            User.objects.filter(staff_memberships__organization__in=organizations)
            .select_related("person")
            .distinct()
        )


class StaffMembershipForm(OrganizationScopedForm):
    def user_choices(self, organizations: QuerySet[Organization]) -> QuerySet[User]:
        # Staff already in these organizations, and staff accounts not yet in any
        # organization. Citizens' accounts (those with a person from e-ID) never show up.
        return (
            User.objects.filter(
                Q(staff_memberships__organization__in=organizations)
                | Q(staff_memberships__isnull=True, person__isnull=True, is_superuser=False)
            )
            .select_related("person")
            .distinct()
            .order_by("username")
        )


class CareTeamMembershipForm(OrganizationScopedForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        team, user = cleaned.get("care_team"), cleaned.get("user")
        if team and user and not user.staff_memberships.filter(organization=team.organization_id):
            self.add_error("user", _("This person is not staff of the care team's organization."))
        return cleaned


# --- viewsets -----------------------------------------------------------------


class OrganizationScopedViewSet(ModelViewSet):
    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    organization_lookup = "organization"
    form_class: type[OrganizationScopedForm] = OrganizationScopedForm
    form_fields: list[str] = []

    def get_common_view_kwargs(self, **kwargs) -> dict:
        return super().get_common_view_kwargs(
            organization_lookup=self.organization_lookup, **kwargs
        )

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm]:
        return modelform_factory(self.model, form=self.form_class, fields=self.form_fields)


class OrganizationViewSet(OrganizationScopedViewSet):
    model = Organization
    name = "organizations"
    url_prefix = "organization/organizations"
    icon = "site"
    organization_lookup = "pk"
    form_fields = ["name", "slug"]
    list_display = ["name", "slug"]


class UnitViewSet(OrganizationScopedViewSet):
    model = Unit
    name = "units"
    url_prefix = "organization/units"
    icon = "home"
    form_fields = ["organization", "name"]
    list_display = ["name", "organization"]


class CareTeamViewSet(OrganizationScopedViewSet):
    model = CareTeam
    name = "care_teams"
    url_prefix = "organization/care-teams"
    icon = "group"
    form_fields = ["organization", "unit", "name"]
    list_display = ["name", "unit", "organization"]


class _RefusesOwnAccessChanges:
    """Shows the services' separation-of-duties refusal on the form, after the view's
    transaction rolled back (and writes the refusal's audit event again there)."""

    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except services.OwnAccessChangeRefused as refused:
            refused.record_after_rollback()
            form.add_error(None, refused.message)
            self.produced_error_message = refused.message
            self.produced_error_code = "own_access"
            return self.form_invalid(form)  # type: ignore[attr-defined]


class _RefusesOwnAccessDeletion:
    def form_valid(self, form: forms.Form) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except services.OwnAccessChangeRefused as refused:
            refused.record_after_rollback()
            messages.error(self.request, refused.message)  # type: ignore[attr-defined]
            return redirect(self.index_url_name)  # type: ignore[attr-defined]


class StaffMembershipCreateView(_RefusesOwnAccessChanges, ScopedCreateView):
    def save_instance(self) -> StaffMembership:
        membership = services.add_staff_membership(
            actor=_admin(self.request), **self.form.cleaned_data
        )
        log(instance=membership, action="wagtail.create", content_changed=True)
        return membership


class StaffMembershipEditView(_RefusesOwnAccessChanges, ScopedEditView):
    def save_instance(self) -> StaffMembership:
        membership = services.change_staff_membership(
            actor=_admin(self.request), membership=self.object, **self.form.cleaned_data
        )
        self.has_content_changes = self.form.has_changed()
        log(instance=membership, action="wagtail.edit", content_changed=self.has_content_changes)
        return membership


class StaffMembershipDeleteView(_RefusesOwnAccessDeletion, ScopedDeleteView):
    def delete_action(self) -> None:
        log(instance=self.object, action="wagtail.delete")
        services.remove_staff_membership(actor=_admin(self.request), membership=self.object)


class StaffMembershipViewSet(OrganizationScopedViewSet):
    model = StaffMembership
    name = "staff_memberships"
    url_prefix = "organization/staff"
    icon = "user"
    add_view_class = StaffMembershipCreateView
    edit_view_class = StaffMembershipEditView
    delete_view_class = StaffMembershipDeleteView
    form_class = StaffMembershipForm
    form_fields = ["user", "organization", "unit", "role"]
    list_display = ["user", "role", "organization", "unit"]


class CareTeamMembershipCreateView(_RefusesOwnAccessChanges, ScopedCreateView):
    def save_instance(self) -> CareTeamMembership:
        membership = services.add_care_team_membership(
            actor=_admin(self.request), **self.form.cleaned_data
        )
        log(instance=membership, action="wagtail.create", content_changed=True)
        return membership


class CareTeamMembershipEditView(_RefusesOwnAccessChanges, ScopedEditView):
    def save_instance(self) -> CareTeamMembership:
        membership = services.change_care_team_membership(
            actor=_admin(self.request), membership=self.object, **self.form.cleaned_data
        )
        self.has_content_changes = self.form.has_changed()
        log(instance=membership, action="wagtail.edit", content_changed=self.has_content_changes)
        return membership


class CareTeamMembershipDeleteView(_RefusesOwnAccessDeletion, ScopedDeleteView):
    def delete_action(self) -> None:
        log(instance=self.object, action="wagtail.delete")
        services.remove_care_team_membership(actor=_admin(self.request), membership=self.object)


class CareTeamMembershipViewSet(OrganizationScopedViewSet):
    model = CareTeamMembership
    name = "care_team_memberships"
    url_prefix = "organization/care-team-members"
    icon = "clipboard-list"
    add_view_class = CareTeamMembershipCreateView
    edit_view_class = CareTeamMembershipEditView
    delete_view_class = CareTeamMembershipDeleteView
    organization_lookup = "care_team__organization"
    form_class = CareTeamMembershipForm
    form_fields = ["care_team", "user"]
    list_display = ["user", "care_team"]


class OrganizationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Organization")
    menu_icon = "site"
    menu_order = 800
    items = (
        OrganizationViewSet,
        UnitViewSet,
        CareTeamViewSet,
        StaffMembershipViewSet,
        CareTeamMembershipViewSet,
    )
