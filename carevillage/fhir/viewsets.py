"""The admin's page for API clients: an org admin registers, edits and disables the
systems (EHRs, integration platforms) that call the FHIR API for their organization, in
the organization's menu, scoped like the rest of it."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from carevillage.access.scopes import Grants, ScopeSyntaxError
from carevillage.tenants.models import CareTeam
from carevillage.tenants.viewsets import OrganizationScopedForm, OrganizationScopedViewSet

from .models import ApiClient


class ApiClientForm(OrganizationScopedForm):
    jwks = forms.CharField(
        label=_("Public keys (JWKS)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The client's JSON Web Key Set, or leave empty and give its URL."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "care_teams" in self.fields:
            self.fields["care_teams"].queryset = CareTeam.objects.filter(
                organization__in=self.organizations
            )
        if self.instance.pk and self.instance.jwks:
            self.initial["jwks"] = json.dumps(self.instance.jwks, indent=2)

    def clean_scopes(self) -> str:
        try:
            grants = Grants.parse(self.cleaned_data["scopes"])
        except ScopeSyntaxError as error:
            raise forms.ValidationError(
                _("Not a SMART system scope: %(problem)s") % {"problem": error}
            ) from None
        if not grants:
            raise forms.ValidationError(_("Give at least one scope, e.g. system/Patient.rs."))
        return str(grants)

    def clean_jwks(self) -> dict[str, Any]:
        text = (self.cleaned_data.get("jwks") or "").strip()
        if not text:
            return {}
        import jwt

        not_a_key_set = forms.ValidationError(
            _("This is not a JSON Web Key Set with a usable public key.")
        )
        try:
            document = json.loads(text)
            keys = document.get("keys", [])
        except (ValueError, AttributeError):
            raise not_a_key_set from None
        if any(isinstance(key, dict) and "d" in key for key in keys):
            raise forms.ValidationError(
                _("This key set holds a private key. Register only the public keys.")
            )
        try:
            jwt.PyJWKSet.from_dict(document)
        except (ValueError, TypeError, KeyError, jwt.PyJWTError):
            raise not_a_key_set from None
        return document

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("jwks") and not data.get("jwks_url"):
            self.add_error("jwks", _("Give the client's public keys or the URL they are at."))
        teams = data.get("care_teams")
        organization = data.get("organization")
        if teams and organization and any(t.organization_id != organization.pk for t in teams):
            self.add_error("care_teams", _("Choose care teams of the client's organization."))
        return data


class ApiClientViewSet(OrganizationScopedViewSet):
    model = ApiClient
    name = "api_clients"
    url_prefix = "organization/api-clients"
    icon = "link"
    menu_label = _("API clients")
    add_to_admin_menu = True
    menu_order = 810
    form_class = ApiClientForm
    form_fields = ["name", "organization", "scopes", "jwks", "jwks_url", "care_teams", "is_active"]
    list_display = ["name", "client_id", "organization", "scopes", "is_active"]


def api_client_viewset() -> ModelViewSet:
    return ApiClientViewSet()
