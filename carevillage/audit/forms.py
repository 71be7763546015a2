"""The filters of "Who has viewed my data"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import Area, Scope, TrailActor, TrailFilters


class TrailFilterForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[(Scope.OTHERS, _("Others")), (Scope.MINE, _("You"))],
        required=False,
        widget=forms.HiddenInput,
    )
    who = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)
    what = forms.ChoiceField(
        label=_("What"), choices=[("", _("All data")), *Area.CHOICES], required=False
    )
    period = forms.ChoiceField(
        label=_("When"),
        choices=[
            ("", _("Any time")),
            ("7", _("Last 7 days")),
            ("30", _("Last 30 days")),
            ("365", _("Last 12 months")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, actors: list[TrailActor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        who = self.fields["who"]
        assert isinstance(who, forms.TypedChoiceField)
        who.choices = [
            ("", _("Anyone")),
            *[(str(actor.user_id), actor.label) for actor in actors],
        ]

    def filters(self) -> TrailFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return TrailFilters(
            scope=data.get("scope") or Scope.OTHERS,
            who=data.get("who"),
            what=data.get("what") or "",
            period=data.get("period") or "",
        )
