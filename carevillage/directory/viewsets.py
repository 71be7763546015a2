"""Wagtail admin for the directory: providers (with hours and exceptions), services, postcodes,
and the import page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import Postcode, Provider, Service


class ProviderViewSet(ModelViewSet):
    model = Provider
    name = "providers"
    url_prefix = "directory/providers"
    icon = "home"
    menu_label = _("Providers")
    list_display = ["name", "kind", "city", "postcode"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "city", "postcode", "external_id"]
    panels = [
        FieldPanel("external_id"),
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("services"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city"), FieldPanel("country")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Address"),
        ),
        FieldPanel("phone"),
        FieldPanel("booking_url"),
        FieldPanel("languages"),
        FieldPanel("accessibility_notes"),
        InlinePanel("opening_hours", label=_("Opening hours")),
        InlinePanel("exceptions", label=_("Exceptions (holidays, short days)")),
    ]


class ServiceViewSet(ModelViewSet):
    model = Service
    name = "services"
    url_prefix = "directory/services"
    icon = "list-ul"
    menu_label = _("Services")
    form_fields = ["code", "name_en", "name_fi", "name_sv", "name_nb"]
    list_display = ["code", "name_en"]


class PostcodeViewSet(ModelViewSet):
    model = Postcode
    name = "postcodes"
    url_prefix = "directory/postcodes"
    icon = "site"
    menu_label = _("Postcodes")
    form_fields = ["country", "code", "name", "latitude", "longitude"]
    list_display = ["code", "name", "country"]
    search_fields = ["code", "name"]


class DirectoryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Directory")
    menu_icon = "home"
    menu_order = 700
    items = (ProviderViewSet, ServiceViewSet, PostcodeViewSet)
