"""Wagtail admin for anonymous chat services: the org admin sets when each chat is open.

Scoped like the organization screens (tenants.viewsets): an org admin lists, opens and
edits only the chats of care teams in the organizations they administer.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from carevillage.tenants.viewsets import OrganizationScopedForm, OrganizationScopedViewSet

from .models import ChatService

# Monday = 0, as in ChatService.weekdays and Python's date.weekday().
WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class ChatServiceForm(OrganizationScopedForm):
    weekdays = forms.MultipleChoiceField(
        label=_("Open on"),
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one day when the chat is open.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["weekdays"] = list(self.instance.weekdays)
        self.fields["opens_at"].help_text = _("Local time, for example 08:00.")
        self.fields["closes_at"].help_text = _("Local time; must be after the opening time.")

    def clean_weekdays(self) -> str:
        return "".join(sorted(set(self.cleaned_data["weekdays"])))

    def clean(self) -> dict:
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens is not None and closes is not None and closes <= opens:
            self.add_error(
                "closes_at",
                _("The chat must close after it opens: choose a closing time later than %(opens)s.")
                % {"opens": opens.strftime("%H:%M")},
            )
        return cleaned


class ChatServiceViewSet(OrganizationScopedViewSet):
    model = ChatService
    name = "chat_services"
    url_prefix = "anonymous-chats"
    icon = "comment"
    menu_label = _("Anonymous chats")
    add_to_admin_menu = True
    menu_order = 810
    organization_lookup = "care_team__organization"
    form_class = ChatServiceForm
    form_fields = ["title", "slug", "care_team", "weekdays", "opens_at", "closes_at"]
    list_display = ["title", "care_team", "opens_at", "closes_at"]
