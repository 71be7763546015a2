"""Forms of the program admin. They check the input and name what is wrong; the services
in programs/services.py do the writing.

Texts an editor writes come as one input per content language
(settings.WAGTAIL_CONTENT_LANGUAGES: nynorsk pages read bokmål) and are
stored as `{"fi": ..., "en": ...}`. Module reading uses Wagtail's rich-text editor
(Draftail) limited to a few features; it is stored in Wagtail's rich-text format and
cleaned again when shown to the patient (templatetags/carepaths_patient.py).
"""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import DraftailRichTextArea

from carevillage.houses.models import Theme
from carevillage.questionnaires.engine import scoring_of
from carevillage.questionnaires.models import Questionnaire
from carevillage.tenants.models import CareTeam, Organization

from ..models import (
    EnrollmentMode,
    ExerciseKind,
    MeasurementKind,
    Program,
    UnlockRule,
)
from .services import latest_day_used

READING_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]
MAX_DAYS = 730
FIELD_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")


def languages() -> list[tuple[str, str]]:
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


def _add_language_fields(
    form: forms.Form, prefix: str, label: Any, make: Any, initial: dict | None
) -> list[str]:
    names = []
    for code, name in languages():
        field_name = f"{prefix}_{code}"
        form.fields[field_name] = make(label=f"{label} ({name})")
        if initial:
            form.initial.setdefault(field_name, initial.get(code, ""))
        names.append(field_name)
    return names


def _collect(cleaned: dict[str, Any], prefix: str) -> dict[str, str]:
    texts = {}
    for code, _name in languages():
        value = (cleaned.get(f"{prefix}_{code}") or "").strip()
        if value:
            texts[code] = value
    return texts


def _day_field(label: Any, *, required: bool = True, minimum: int = 0) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=minimum,
        max_value=MAX_DAYS,
        error_messages={
            "min_value": _("Give a day of %(limit_value)s or more."),
            "max_value": _("Give a day of %(limit_value)s or less."),
            "invalid": _("Give the day as a whole number."),
            "required": _("Give a day."),
        },
    )


# ---------------------------------------------------------------------------------------
# Program


class ProgramForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=80,
        help_text=_("Used in web addresses; lowercase letters, digits and hyphens."),
    )
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    enrollment_mode = forms.ChoiceField(
        label=_("Who can join"), choices=EnrollmentMode.choices, widget=forms.RadioSelect
    )
    default_care_team = forms.ModelChoiceField(
        label=_("Care team for self-enrollments"),
        queryset=CareTeam.objects.none(),
        required=False,
        help_text=_("Required for an open program: this team follows the people who join."),
    )
    duration_days = forms.IntegerField(
        label=_("Length in days"),
        min_value=1,
        max_value=MAX_DAYS,
        error_messages={
            "min_value": _("A program lasts at least 1 day."),
            "max_value": _("A program can last at most %(limit_value)s days."),
            "invalid": _("Give the length as a whole number of days."),
            "required": _("Give the length of the program in days."),
        },
    )
    reminder_time = forms.TimeField(
        label=_("Reminder time"),
        help_text=_("Local time of day in the patient's time zone, e.g. 09:00."),
        error_messages={"invalid": _("Give the time as hours and minutes, e.g. 09:00.")},
    )
    house_theme = forms.ChoiceField(
        label=_("Listed in house"), choices=[("", "—"), *Theme.choices], required=False
    )

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        program: Program | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = organizations
        cast(
            forms.ModelChoiceField, self.fields["default_care_team"]
        ).queryset = CareTeam.objects.filter(organization__in=organizations).select_related(
            "organization"
        )
        if program is not None:
            # The short name and organization of an existing program stay as they are.
            del self.fields["slug"]
            del self.fields["organization"]
        self.title_fields = _add_language_fields(
            self,
            "title",
            _("Title"),
            lambda label: forms.CharField(label=label, max_length=200, required=False),
            program.title if program else None,
        )
        self.summary_fields = _add_language_fields(
            self,
            "summary",
            _("Summary"),
            lambda label: forms.CharField(
                label=label,
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            ),
            program.summary if program else None,
        )
        # Language fields first, where an editor starts.
        order = [*self.title_fields, *self.summary_fields]
        self.order_fields(["slug", "organization", *order])

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Program.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("This short name is already in use; choose another."))
        return slug

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["title"] = _collect(data, "title")
        data["summary"] = _collect(data, "summary")
        if not data["title"]:
            self.add_error(
                self.title_fields[0], _("Give the program a title in at least one language.")
            )
        organization = data.get("organization") or (self.program and self.program.organization)
        team = data.get("default_care_team")
        if data.get("enrollment_mode") == EnrollmentMode.OPEN and team is None:
            self.add_error(
                "default_care_team",
                _("An open program needs a care team that follows the people who join."),
            )
        if (
            team is not None
            and organization is not None
            and team.organization_id != organization.pk
        ):
            self.add_error(
                "default_care_team",
                _("Choose a care team of the organization %(organization)s.")
                % {"organization": organization},
            )
        duration = data.get("duration_days")
        if self.program is not None and duration is not None:
            needed = latest_day_used(self.program)
            if duration < needed:
                self.add_error(
                    "duration_days",
                    _(
                        "A module or schedule of this program falls on day %(day)d; the "
                        "program must last at least that long."
                    )
                    % {"day": needed},
                )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "house_theme": data.get("house_theme") or "",
            "enrollment_mode": data["enrollment_mode"],
            "default_care_team": data.get("default_care_team"),
            "duration_days": data["duration_days"],
            "reminder_time": data["reminder_time"],
        }


# ---------------------------------------------------------------------------------------
# Module and its exercises


class ModuleForm(forms.Form):
    unlock_rule = forms.ChoiceField(
        label=_("Unlocks"), choices=UnlockRule.choices, widget=forms.RadioSelect
    )
    unlock_day = forms.IntegerField(
        label=_("Unlock day"),
        required=False,
        min_value=0,
        help_text=_("Days after the enrollment starts (0 is the first day)."),
        error_messages={
            "min_value": _("The unlock day cannot be negative."),
            "invalid": _("Give the unlock day as a whole number."),
        },
    )

    def __init__(self, *args: Any, program: Program, module: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.title_fields = _add_language_fields(
            self,
            "title",
            _("Title"),
            lambda label: forms.CharField(label=label, max_length=200, required=False),
            module.title if module else None,
        )
        self.reading_fields = _add_language_fields(
            self,
            "reading",
            _("Reading"),
            lambda label: forms.CharField(
                label=label,
                required=False,
                widget=DraftailRichTextArea(features=READING_FEATURES),
            ),
            module.reading if module else None,
        )
        for name in self.reading_fields:
            # The editable area is not the hidden input the <label> points at; name it
            # after the label so screen readers announce which language it is.
            self.fields[name].widget.options["ariaLabelledBy"] = f"id_{name}-label"
        self.order_fields([*self.title_fields, *self.reading_fields])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["title"] = _collect(data, "title")
        data["reading"] = {
            code: text for code, text in _collect(data, "reading").items() if _has_text(text)
        }
        if not data["title"]:
            self.add_error(
                self.title_fields[0], _("Give the module a title in at least one language.")
            )
        if data.get("unlock_rule") == UnlockRule.ON_DAY:
            day = data.get("unlock_day")
            if day is None and "unlock_day" not in self.errors:
                self.add_error("unlock_day", _("Give the day on which the module unlocks."))
            elif day is not None and day > self.program.duration_days:
                self.add_error(
                    "unlock_day",
                    _("Day %(day)d is after the program ends: the program lasts %(days)d days.")
                    % {"day": day, "days": self.program.duration_days},
                )
        else:
            data["unlock_day"] = 0
        return data


def _has_text(html: str) -> bool:
    return bool(re.sub(r"<[^>]*>|\s|&nbsp;", "", html))


class ExerciseForm(forms.Form):
    exercise_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ExerciseKind.choices, initial=ExerciseKind.FREE_TEXT
    )
    field_names = forms.CharField(
        label=_("Form field names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Small form only: one name per line (lowercase letters, digits, - or _), "
            "e.g. situation. Give the labels below in the same order."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prompt_fields = _add_language_fields(
            self,
            "prompt",
            _("Task for the patient"),
            lambda label: forms.CharField(
                label=label,
                max_length=1000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
            None,
        )
        self.label_fields = _add_language_fields(
            self,
            "labels",
            _("Form field labels"),
            lambda label: forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
            ),
            None,
        )
        self.order_fields(["exercise_id", *self.prompt_fields, "kind", "field_names"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("DELETE"):
            return data
        data["prompt"] = _collect(data, "prompt")
        if not data["prompt"]:
            self.add_error(
                self.prompt_fields[0], _("Write the exercise's task in at least one language.")
            )
        names = [
            line.strip() for line in (data.get("field_names") or "").splitlines() if line.strip()
        ]
        labels = {
            code: [line.strip() for line in text.splitlines() if line.strip()]
            for code, text in _collect(data, "labels").items()
        }
        data["fields"] = []
        if data.get("kind") != ExerciseKind.FORM:
            if names:
                self.add_error(
                    "field_names",
                    _(
                        "A free-text exercise has no form fields: choose Small form or clear the names."
                    ),
                )
            return data
        if not names:
            self.add_error("field_names", _("A small form needs at least one field name."))
            return data
        for name in names:
            if not FIELD_NAME.match(name):
                self.add_error(
                    "field_names",
                    _(
                        "“%(name)s” is not a valid field name: use lowercase letters, digits, - or _, starting with a letter."
                    )
                    % {"name": name},
                )
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            self.add_error(
                "field_names",
                _("Each field name can be used once; repeated: %(names)s.")
                % {"names": ", ".join(duplicates)},
            )
        if not labels:
            self.add_error(
                self.label_fields[0], _("Give the form field labels in at least one language.")
            )
        for code, _language_name in languages():
            if code in labels and len(labels[code]) != len(names):
                self.add_error(
                    f"labels_{code}",
                    _("Give exactly one label per field name (%(count)d).") % {"count": len(names)},
                )
        if not self.errors:
            data["fields"] = [
                {"name": name, "label": {code: texts[index] for code, texts in labels.items()}}
                for index, name in enumerate(names)
            ]
        return data


def exercise_initial(exercise: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "exercise_id": exercise.pk,
        "kind": exercise.kind,
        "field_names": "\n".join(field["name"] for field in exercise.fields),
    }
    for code, _name in languages():
        initial[f"prompt_{code}"] = exercise.prompt.get(code, "")
        initial[f"labels_{code}"] = "\n".join(
            field.get("label", {}).get(code, "") for field in exercise.fields
        ).strip()
    return initial


ExerciseFormSet = forms.formset_factory(ExerciseForm, extra=1, can_delete=True)


# ---------------------------------------------------------------------------------------
# Schedules


class ScheduleForm(forms.Form):
    item_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    first_day = _day_field(_("First day"))
    every_days = forms.IntegerField(
        label=_("Repeat every (days)"),
        required=False,
        max_value=MAX_DAYS,
        help_text=_("Leave empty for once."),
        error_messages={"invalid": _("Give the repeat as a whole number of days.")},
    )
    last_day = _day_field(_("Last day"), required=False)
    window_days = forms.IntegerField(
        label=_("Days to complete"),
        initial=3,
        min_value=1,
        max_value=90,
        error_messages={
            "min_value": _("Give the patient at least 1 day to complete it."),
            "max_value": _("Give at most %(limit_value)s days to complete it."),
            "invalid": _("Give the days to complete as a whole number."),
            "required": _("Give the days to complete."),
        },
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["first_day"].initial = 0

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("DELETE"):
            return data
        first, every, last = data.get("first_day"), data.get("every_days"), data.get("last_day")
        if every is not None and every < 1:
            self.add_error(
                "every_days", _("Repeat every must be at least 1 day; leave it empty for once.")
            )
        if first is not None and last is not None and last < first:
            self.add_error("last_day", _("The last day cannot be before the first day."))
        days = self.program.duration_days
        for name in ("first_day", "last_day"):
            value = data.get(name)
            if value is not None and value > days:
                self.add_error(
                    name,
                    _("Day %(day)d is after the program ends: the program lasts %(days)d days.")
                    % {"day": value, "days": days},
                )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data.get(name) for name in ("first_day", "every_days", "last_day", "window_days")
        }


class ScheduledQuestionnaireForm(ScheduleForm):
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=Questionnaire.objects.filter(versions__isnull=False).distinct().order_by("slug"),
        error_messages={
            "required": _("Choose a questionnaire."),
            "invalid_choice": _("Choose a published questionnaire."),
        },
    )
    alert_on_critical_flag = forms.BooleanField(
        label=_("Alert the care team on a critical answer"), required=False, initial=True
    )
    alert_band_codes = forms.CharField(
        label=_("Alert on result bands"),
        required=False,
        max_length=200,
        help_text=_("Band codes separated by commas, e.g. severe. Leave empty for none."),
    )

    field_order = ["item_id", "questionnaire"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("DELETE"):
            return data
        questionnaire = data.get("questionnaire")
        codes = [
            code.strip() for code in (data.get("alert_band_codes") or "").split(",") if code.strip()
        ]
        data["alert_band_codes"] = ",".join(codes)
        if questionnaire is not None and codes:
            version = questionnaire.latest_version()
            known = [
                band.get("code")
                for band in (scoring_of(version.definition).get("bands") or {}).get("ranges", [])
            ]
            unknown = [code for code in codes if code not in known]
            if unknown:
                self.add_error(
                    "alert_band_codes",
                    _("%(questionnaire)s has no band %(codes)s. Its bands are: %(known)s.")
                    % {
                        "questionnaire": questionnaire.slug,
                        "codes": ", ".join(unknown),
                        "known": ", ".join(known) or "—",
                    },
                )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **super().values(),
            "questionnaire": data["questionnaire"],
            "alert_on_critical_flag": data.get("alert_on_critical_flag", False),
            "alert_band_codes": data.get("alert_band_codes", ""),
        }


class MeasurementTaskForm(ScheduleForm):
    kind = forms.ChoiceField(label=_("Measurement"), choices=MeasurementKind.choices)

    field_order = ["item_id", "kind"]

    def values(self) -> dict[str, Any]:
        return {**super().values(), "kind": self.cleaned_data["kind"]}


QuestionnaireScheduleFormSet = forms.formset_factory(
    ScheduledQuestionnaireForm, extra=1, can_delete=True
)
MeasurementScheduleFormSet = forms.formset_factory(MeasurementTaskForm, extra=1, can_delete=True)


def schedule_initial(item: Any) -> dict[str, Any]:
    initial = {
        "item_id": item.pk,
        "first_day": item.first_day,
        "every_days": item.every_days,
        "last_day": item.last_day,
        "window_days": item.window_days,
    }
    if hasattr(item, "questionnaire_id"):
        initial.update(
            questionnaire=item.questionnaire_id,
            alert_on_critical_flag=item.alert_on_critical_flag,
            alert_band_codes=item.alert_band_codes,
        )
    else:
        initial["kind"] = item.kind
    return initial


# ---------------------------------------------------------------------------------------
# The second clinician's approval


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I have reviewed the program's modules, exercises, questionnaires and "
            "measurements, and I approve offering it as it is now."
        ),
        error_messages={
            "required": _("Tick the box to confirm that you reviewed the program before approving.")
        },
    )
