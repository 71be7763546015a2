from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import selectors

SPOKEN_LANGUAGES = [("", _("Any language")), *settings.LANGUAGES]


class FinderForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)
    near = forms.CharField(
        label=_("Postcode or coordinates"),
        max_length=60,
        help_text=_("For example 00530, or latitude and longitude like 60.17,24.94."),
        error_messages={"required": _("Give a postcode, or use your location.")},
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    language = forms.ChoiceField(label=_("Staff speak"), choices=SPOKEN_LANGUAGES, required=False)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service"]).choices = [("", _("Any service"))] + [
            (s.code, s.name) for s in selectors.services()
        ]
        self.fields["service"].error_messages["invalid_choice"] = _(
            "Choose a service from the list."
        )

    def clean_near(self) -> tuple[float, float]:
        try:
            return selectors.resolve_place(self.cleaned_data["near"])
        except selectors.PlaceNotFound as exc:
            raise forms.ValidationError(str(exc)) from exc
